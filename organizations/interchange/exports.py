"""Whole-directory (or subtree) exports for one viewer, streamed: the directory table
(CSV, GEDS-like columns, for reading in a spreadsheet), our records (CSV, the import
format), our JSON and Popolo JSON. Records are read in batches by key, so memory stays
flat whatever the size of the directory; every batch comes through the visibility policy
like any page does.

Every file says which tier it was cut at and for whom (``header``: the ``export`` object
of the JSON files, the ``export`` row of the records, the ``cut`` column of the table), so
that an import of it never ends or removes what it could not show. CSV cells that a
spreadsheet would evaluate (= + - @, tab, carriage return first) get an apostrophe first
(OWASP's advice against CSV injection), and CSV files start with a byte order mark, so
that Excel reads them as UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, Q
from django.utils import timezone

from .. import queries
from ..bulk import batches
from ..models import Appointment, ContactPoint, Person, Post, Unit
from ..visibility import Viewer
from . import records
from .formats import CSV_COLUMNS as RECORD_COLUMNS

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
    "cut",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(value) -> str:
    """A CSV cell no spreadsheet evaluates: an apostrophe before what would start a
    formula (``formats.unneutralise`` takes it off on import)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def tier(viewer: Viewer) -> str:
    if viewer.is_administrator:
        return "complete"
    if viewer.editable_paths:
        return "editor"
    return "internal" if viewer.is_civil_servant else "public"


def header(viewer: Viewer, within: Unit | None, made_for: str) -> dict:
    """What the file holds: the tier it was cut at, for whom, of which part, when.
    ``complete`` only for administrators, who see every value."""
    return {
        "tier": tier(viewer),
        "complete": viewer.is_administrator,
        "for": made_for,
        "within": within.code if within else None,
        "made_at": timezone.now().isoformat(timespec="seconds"),
    }


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
    """The first contact of these kinds, as people read it (phones grouped, with the
    country code: +998 71 200 00 01)."""
    for contact in contacts:
        if contact.kind in kinds:
            return contact.display_value
    return ""


def csv_rows(
    viewer: Viewer, within: Unit | None = None, made_for: str = "anonymous"
) -> Iterator[list[str]]:
    """One row per current post the viewer may see (its visible holder, or none if
    vacant or hidden), in post order of creation."""
    about = header(viewer, within, made_for)
    cut = f"{about['tier']} · {about['for']} · {about['made_at'][:10]}"
    yield CSV_COLUMNS
    names = UnitNames()
    posts = Post.objects.current().filter(_scope("unit__", within), unit__abolished_on__isnull=True)
    for batch in batches(queries.posts_with_holders(viewer, posts.select_related("unit")), BATCH):
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
                    cut,
                ]


def _csv(rows: Iterable[list]) -> Iterator[str]:
    """Rows as CSV text in chunks: BOM first, every cell neutralised."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_stream(
    viewer: Viewer, within: Unit | None = None, made_for: str = "anonymous"
) -> Iterator[str]:
    return _csv(csv_rows(viewer, within, made_for))


HEADCOUNT_COLUMNS = [
    "unit_id",
    "parent_id",
    "name_uz",
    "name_ru",
    "name_en",
    "posts",
    "filled",
    "vacant",
    "subtree_posts",
    "subtree_filled",
    "subtree_vacant",
    "cut",
]


def headcount_rows(
    viewer: Viewer, within: Unit | None = None, made_for: str = "anonymous"
) -> Iterator[list]:
    """One row per current unit in tree order: its current posts, filled and vacant,
    its own and with everything below it, counted in the viewer's tier."""
    about = header(viewer, within, made_for)
    cut = f"{about['tier']} · {about['for']} · {about['made_at'][:10]}"
    counts = queries.headcounts(viewer, within)
    empty = queries.Headcount(queries.Counts(), queries.Counts())
    yield HEADCOUNT_COLUMNS
    parents: dict[str, str] = {}
    units = _units(within).filter(abolished_on__isnull=True).order_by("path")
    for unit in units.only("code", "path", "name_uz", "name_ru", "name_en").iterator(BATCH):
        parents[unit.path] = unit.code
        found = counts.get(unit.path, empty)
        yield [
            unit.code,
            parents.get(unit.path[: -Unit.steplen], ""),
            unit.name_uz or "",
            unit.name_ru or "",
            unit.name_en or "",
            found.own.posts,
            found.own.filled,
            found.own.vacant,
            found.subtree.posts,
            found.subtree.filled,
            found.subtree.vacant,
            cut,
        ]


def headcount_stream(
    viewer: Viewer, within: Unit | None = None, made_for: str = "anonymous"
) -> Iterator[str]:
    return _csv(headcount_rows(viewer, within, made_for))


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
    """Every unit (in the subtree) with its parent's code, parents before children (the
    subtree's root too: an import into another directory places it at the top); with
    ``contacts_for``, each unit has the ``visible_contacts`` of that viewer."""
    parents: dict[str, str] = {}
    if within and within.parent_path:
        parents[within.parent_path] = Unit.objects.get(path=within.parent_path).code
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


def _visible_appointments(viewer: Viewer, within: Unit | None):
    """Every appointment, past ones too, of a person and to a post the viewer may see."""
    return Appointment.objects.filter(
        person__in=Person.objects.visible_to(viewer),
        post__in=Post.objects.visible_to(viewer),
    ).filter(_scope("post__unit__", within))


def _people(viewer: Viewer, within: Unit | None):
    people = Person.objects.visible_to(viewer)
    if within:
        people = people.filter(
            appointments__in=Appointment.objects.filter(post__unit__path__startswith=within.path)
        ).distinct()
    return people


def json_stream(
    viewer: Viewer, within: Unit | None = None, made_for: str = "anonymous"
) -> Iterator[str]:
    """Our JSON: ``{"format", "export", "units": [...], "posts": [...], "people": [...]}``,
    the shapes of the API (``records``)."""

    def units():
        for unit, parent in units_with_parents(within, contacts_for=viewer):
            yield {
                **records.unit_summary(unit),
                "short_name": records.translations(unit, "short_name"),
                "mandate": records.translations(unit, "mandate"),
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
        for batch in batches(queries.posts_with_holders(viewer, scoped), BATCH):
            yield from ({**records.post_summary(post), "rank": post.rank} for post in batch)

    def people():
        for batch in batches(records.with_listing_details(viewer, _people(viewer, within)), BATCH):
            yield from (records.person_listing(person) for person in batch)

    yield (
        '{"format": "government-directory/2", "export": '
        + _json(header(viewer, within, made_for))
        + ', "units": ['
    )
    yield from _array(units())
    yield '\n], "posts": ['
    yield from _array(posts())
    yield '\n], "people": ['
    yield from _array(people())
    yield "\n]}\n"


def popolo_stream(
    viewer: Viewer, within: Unit | None = None, made_for: str = "anonymous"
) -> Iterator[str]:
    """Popolo JSON (https://www.popoloproject.com): organizations, posts, persons and
    memberships, with the viewer's tier of contacts; ``export`` (ours) says the tier."""

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
                ]
                + [{"name": name, "note": "former name"} for name in unit.former_names],
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
        for batch in batches(scoped, BATCH):
            for post in batch:
                item = {"id": post.code, "label": post.title_uz, "organization_id": post.unit.code}
                if post.established_on:
                    item["start_date"] = post.established_on
                if post.abolished_on:
                    item["end_date"] = post.abolished_on
                yield item

    def persons():
        for batch in batches(_people(viewer, within), BATCH):
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
                    "contact_details": [popolo_contact(c) for c in by_person.get(person.pk, [])],
                }

    def memberships():
        appointments = _visible_appointments(viewer, within).select_related("person", "post__unit")
        for batch in batches(appointments, BATCH):
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

    yield '{"export": ' + _json(header(viewer, within, made_for)) + ', "organizations": ['
    yield from _array(organizations())
    yield '\n], "posts": ['
    yield from _array(posts())
    yield '\n], "persons": ['
    yield from _array(persons())
    yield '\n], "memberships": ['
    yield from _array(memberships())
    yield "\n]}\n"


POPOLO_TYPES = {"phone": "voice", "mobile": "cell"}


def popolo_contact(contact: ContactPoint) -> dict:
    """A Popolo contact detail: its ``type`` (voice, cell, fax, email, ...), value, label,
    and our ``extension`` when there is one."""
    detail = {"type": POPOLO_TYPES.get(contact.kind, contact.kind), "value": contact.value}
    if contact.label_uz:
        detail["label"] = contact.label_uz
    if contact.extension:
        detail["extension"] = contact.extension
    return detail


def records_rows(
    viewer: Viewer, within: Unit | None = None, made_for: str = "anonymous"
) -> Iterator[list]:
    """Our CSV records (the import format, docs/import.md): an ``export`` row, then
    units, posts, people, appointments and contacts, as far as the viewer may see them."""
    column = {name: index for index, name in enumerate(RECORD_COLUMNS)}

    def line(**values) -> list:
        row = [""] * len(RECORD_COLUMNS)
        for name, value in values.items():
            row[column[name]] = "" if value is None else value
        return row

    def contact_rows(owner: str, contacts) -> Iterator[list]:
        for c in contacts:
            yield line(
                record="contact",
                id=owner,
                kind=c.kind,
                value=c.value,
                extension=c.extension,
                label=c.label_uz,
                visibility=c.visibility,
            )

    about = header(viewer, within, made_for)
    yield RECORD_COLUMNS
    yield line(
        record="export",
        id=about["within"],
        kind="complete" if about["complete"] else "partial",
        visibility=about["tier"],
        label=about["for"],
        starts_on=about["made_at"][:10],
    )
    for unit, parent in units_with_parents(within, contacts_for=viewer):
        yield line(
            record="unit",
            id=unit.code,
            parent=parent,
            kind=unit.kind,
            name=unit.name_uz,
            **{f"name_{s}": getattr(unit, f"name_{s}") for s in ("uz_cyrl", "ru", "en", "ko")},
            short_name=unit.short_name_uz,
            mandate=unit.mandate_uz,
            address=unit.address,
            website=unit.website,
            starts_on=unit.established_on,
            ends_on=unit.abolished_on,
        )
        yield from contact_rows(f"unit:{unit.code}", unit.visible_contacts)
    visible_posts = (
        Post.objects.visible_to(viewer)
        .filter(_scope("unit__", within))
        .select_related("unit", "reports_to__unit")
        .prefetch_related(
            Prefetch(
                "contacts", queryset=queries.visible_contacts(viewer), to_attr="visible_contacts"
            )
        )
    )
    for batch in batches(visible_posts, BATCH):
        for post in batch:
            yield line(
                record="post",
                id=post.code,
                parent=post.unit.code,
                name=post.title_uz,
                **{f"name_{s}": getattr(post, f"title_{s}") for s in ("uz_cyrl", "ru", "en", "ko")},
                duties=post.duties_uz,
                rank=post.rank,
                reports_to=records.reports_to(viewer, post),
                is_head="yes" if post.is_head else "",
                visibility=post.visibility,
            )
            yield from contact_rows(f"post:{post.code}", post.visible_contacts)
    people = _people(viewer, within).prefetch_related(
        Prefetch("contacts", queryset=queries.visible_contacts(viewer), to_attr="visible_contacts")
    )
    for batch in batches(people, BATCH):
        for person in batch:
            yield line(
                record="person",
                id=person.slug,
                family_name=person.family_name,
                given_name=person.given_name,
                patronymic=person.patronymic,
                visibility=person.visibility,
            )
            yield from contact_rows(f"person:{person.slug}", person.visible_contacts)
    appointments = _visible_appointments(viewer, within).select_related("person", "post")
    for batch in batches(appointments, BATCH):
        for a in batch:
            yield line(
                record="appointment",
                id=a.person.slug,
                parent=a.post.code,
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                acting="yes" if a.acting else "",
            )


def records_stream(
    viewer: Viewer, within: Unit | None = None, made_for: str = "anonymous"
) -> Iterator[str]:
    return _csv(records_rows(viewer, within, made_for))
