"""People: their records and their addresses (slugs)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from .. import permissions
from ..models import Person
from ..permissions import Actor
from ..transliteration import loose_word, uz_cyrillic_to_latin, words
from .common import save_change


@transaction.atomic
def save_person(person: Person, *, actor: Actor, version: int | None = None) -> Person:
    """People are edited by administrators, or by the editors of all their home units
    (``permissions.can_edit_person``)."""
    if not permissions.can_edit_person(actor, person):
        raise permissions.PermissionDenied
    save_change(person, actor, create=person.pk is None, version=version)
    return person


def unique_person_slug(person: Person) -> str:
    """An address for a new person from their names in Latin letters, made unique."""
    name = f"{person.given_name} {person.family_name}"
    latin = uz_cyrillic_to_latin(name)
    for apostrophe in "ʻʼ'`‘’":
        latin = latin.replace(apostrophe, "")
    base = slugify(latin) or slugify(" ".join(loose_word(w) for w in words(name))) or "person"
    base = base[:100]
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
