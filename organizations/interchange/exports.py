"""Whole-directory (or subtree) exports for one viewer, streamed: CSV open data
(GEDS-like columns), Popolo JSON and our JSON. Records are read in batches by key, so
memory stays flat whatever the size of the directory; every batch comes through the
visibility policy like any page does."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.db.models import Prefetch, Q

from .. import queries
from ..models import Appointment, Person, Post, Unit
from ..visibility import Viewer
from . import records

BATCH = 1000

CSV_COLUMNS = [
    "post_id",
    "title_uz",
    "title_ru",
    "title_en",
    "person_id",
    "family_name",
    "given_name",
    "patronymic",
    "acting",
    "unit_id",
    "unit_path_uz",
    "unit_path_ru",
    "unit_path_en",
    "phone",
    "email",
    "address",
]


def batches(queryset, size: int = BATCH) -> Iterator[list]:
    """The queryset in primary-key order, ``size`` records at a time (keyset paging)."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _scope(prefix: str, within: Unit | None) -> Q:
    return Q(**{f"{prefix}path__startswith": within.path}) if within else Q()


class UnitNames:
    """Unit names by path, loaded per batch for the paths not seen yet (bounded by the
    number of units, not of people)."""

    def __init__(self):
        self.by_path: dict[str, Unit] = {}

    def load(self, units) -> None:
        wanted = {p for u in units for p in [*u.ancestor_paths, u.path]} - set(self.by_path)
        if wanted:
            for unit in Unit.objects.filter(path__in=wanted):
                self.by_path[unit.path] = unit

    def path(self, unit: Unit, language: str) -> str:
        names = []
        for path in [*unit.ancestor_paths, unit.path]:
            ancestor = self.by_path.get(path)
            if ancestor is not None:
                names.append(getattr(ancestor, f"name_{language}") or ancestor.name_uz)
        return " / ".join(names)


def _first(contacts, kinds) -> str:
    for contact in contacts:
        if contact.kind in kinds:
            return contact.value + (f" x{contact.extension}" if contact.extension else "")
    return ""


def csv_rows(viewer: Viewer, within: Unit | None = None) -> Iterator[list[str]]:
    """One row per current post the viewer may see (its visible holder, or none if
    vacant or hidden), in post order of creation."""
    yield CSV_COLUMNS
    names = UnitNames()
    posts = Post.objects.current().filter(_scope("unit__", within), unit__abolished_on__isnull=True)
    for batch in batches(queries.posts_with_holders(viewer, posts.select_related("unit"))):
        names.load(post.unit for post in batch)
        for post in batch:
            holders = post.current_appointments or [None]
            for appointment in holders:
                person = appointment.person if appointment else None
                contacts = [*(person.visible_contacts if person else []), *post.visible_contacts]
                yield [
                    post.code,
                    post.title_uz or "",
                    post.title_ru or "",
                    post.title_en or "",
                    person.slug if person else "",
                    person.family_name if person else "",
                    person.given_name if person else "",
                    person.patronymic if person else "",
                    "yes" if appointment and appointment.acting else "",
                    post.unit.code,
                    names.path(post.unit, "uz"),
                    names.path(post.unit, "ru"),
                    names.path(post.unit, "en"),
                    _first(contacts, ("phone", "mobile")),
                    _first(contacts, ("email",)),
                    post.unit.address,
                ]


def csv_stream(viewer: Viewer, within: Unit | None = None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in csv_rows(viewer, within):
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _array(items: Iterator[dict]) -> Iterator[str]:
    first = True
    for item in items:
        yield ("\n" if first else ",\n") + _json(item)
        first = False


def _units(within: Unit | None):
    return Unit.objects.filter(_scope("", within))


def units_with_parents(
    within: Unit | None, contacts_for: Viewer | None = None
) -> Iterator[tuple[Unit, str | None]]:
    """Every unit (in the subtree) with its parent's code, parents before children;
    with ``contacts_for``, each unit has the ``visible_contacts`` of that viewer."""
    parents: dict[str, str] = {}
    if within and within.parent_path:
        parents[within.parent_path] = ""  # the subtree's root is exported as a root
    units = _units(within)
    if contacts_for is not None:
        units = units.prefetch_related(
            Prefetch(
                "contacts",
                queryset=queries.visible_contacts(contacts_for),
                to_attr="visible_contacts",
            )
        )
    last = ""
    while True:
        batch = list(units.filter(path__gt=last).order_by("path")[:BATCH])
        if not batch:
            return
        for unit in batch:
            parents[unit.path] = unit.code
            yield unit, (parents.get(unit.parent_path) or None) if unit.parent_path else None
        last = batch[-1].path


def _people(viewer: Viewer, within: Unit | None):
    people = Person.objects.visible_to(viewer)
    if within:
        people = people.filter(
            appointments__in=Appointment.objects.filter(post__unit__path__startswith=within.path)
        ).distinct()
    return people


def json_stream(viewer: Viewer, within: Unit | None = None) -> Iterator[str]:
    """Our JSON: ``{"units": [...], "posts": [...], "people": [...]}``, the shapes of the
    API (``records``)."""

    def units():
        for unit, parent in units_with_parents(within, contacts_for=viewer):
            yield {
                **records.unit_summary(unit),
                "short_name": records.translations(unit, "short_name"),
                "parent": parent,
                "established_on": unit.established_on,
                "abolished_on": unit.abolished_on,
                "abolition_reason": unit.abolition_reason,
                "address": unit.address,
                "website": unit.website,
                "contacts": [records.contact(c) for c in unit.visible_contacts],
            }

    def posts():
        scoped = Post.objects.filter(_scope("unit__", within)).select_related("unit")
        for batch in batches(queries.posts_with_holders(viewer, scoped)):
            yield from (records.post_summary(post) for post in batch)

    def people():
        for batch in batches(records.with_listing_details(viewer, _people(viewer, within))):
            yield from (records.person_listing(person) for person in batch)

    yield '{"format": "government-directory/1", "units": ['
    yield from _array(units())
    yield '\n], "posts": ['
    yield from _array(posts())
    yield '\n], "people": ['
    yield from _array(people())
    yield "\n]}\n"


def popolo_stream(viewer: Viewer, within: Unit | None = None) -> Iterator[str]:
    """Popolo JSON (https://www.popoloproject.com): organizations, posts, persons and
    memberships, with the viewer's tier of contacts."""

    def organizations():
        for unit, parent in units_with_parents(within):
            item = {
                "id": unit.code,
                "name": unit.name_uz,
                "classification": unit.kind,
                "other_names": [
                    {"name": name, "note": language}
                    for language, name in records.translations(unit, "name").items()
                    if language != "uz"
                ],
            }
            if parent:
                item["parent_id"] = parent
            if unit.established_on:
                item["founding_date"] = unit.established_on
            if unit.abolished_on:
                item["dissolution_date"] = unit.abolished_on
            yield item

    def posts():
        scoped = (
            Post.objects.visible_to(viewer).filter(_scope("unit__", within)).select_related("unit")
        )
        for batch in batches(scoped):
            for post in batch:
                item = {"id": post.code, "label": post.title_uz, "organization_id": post.unit.code}
                if post.established_on:
                    item["start_date"] = post.established_on
                if post.abolished_on:
                    item["end_date"] = post.abolished_on
                yield item

    def persons():
        for batch in batches(_people(viewer, within)):
            contacts = queries.visible_contacts(viewer).filter(person__in=[p.pk for p in batch])
            by_person: dict[int, list] = {}
            for contact in contacts:
                by_person.setdefault(contact.person_id, []).append(contact)
            for person in batch:
                yield {
                    "id": person.slug,
                    "name": person.full_name,
                    "family_name": person.family_name,
                    "given_name": person.given_name,
                    "additional_name": person.patronymic,
                    "contact_details": [
                        {
                            "type": "voice" if c.kind in ("phone", "mobile") else c.kind,
                            "value": c.value,
                        }
                        for c in by_person.get(person.pk, [])
                    ],
                }

    def memberships():
        appointments = (
            Appointment.objects.filter(
                person__in=Person.objects.visible_to(viewer),
                post__in=Post.objects.visible_to(viewer),
            )
            .filter(_scope("post__unit__", within))
            .select_related("person", "post__unit")
        )
        for batch in batches(appointments):
            for a in batch:
                item = {
                    "person_id": a.person.slug,
                    "post_id": a.post.code,
                    "organization_id": a.post.unit.code,
                    "start_date": a.starts_on,
                }
                if a.ends_on:
                    item["end_date"] = a.ends_on
                if a.acting:
                    item["role"] = "acting"
                yield item

    yield '{"organizations": ['
    yield from _array(organizations())
    yield '\n], "posts": ['
    yield from _array(posts())
    yield '\n], "persons": ['
    yield from _array(persons())
    yield '\n], "memberships": ['
    yield from _array(memberships())
    yield "\n]}\n"
