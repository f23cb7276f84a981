"""Contacts of units, posts and people."""

from __future__ import annotations

from django.db import transaction

from .. import permissions, search
from ..models import ContactPoint
from ..permissions import Actor
from .common import attribute, save_change


@transaction.atomic
def save_contact(
    contact: ContactPoint, *, actor: Actor, version: int | None = None
) -> ContactPoint:
    if not permissions.can_edit_contact(actor, contact):
        raise permissions.PermissionDenied
    save_change(contact, actor, create=contact.pk is None, version=version)
    return contact


@transaction.atomic
def remove_contact(contact: ContactPoint, *, actor: Actor) -> None:
    """Contacts (unlike people and posts) may be removed; history keeps the old value."""
    if not permissions.can_edit_contact(actor, contact):
        raise permissions.PermissionDenied
    attribute(contact, actor)
    owner = permissions.contact_owner(contact)
    contact.delete()
    search.reindex_for(owner)
