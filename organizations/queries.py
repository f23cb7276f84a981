"""Read-side queries for pages and outputs: each returns data already filtered by the
visibility policy, with a fixed number of queries whatever the amount of data."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q

from .models import Appointment, ContactPoint, Person, Post, Unit, today
from .visibility import Viewer


def breadcrumbs(unit: Unit) -> list[Unit]:
    """The unit's ancestors from the top, in one query."""
    if not unit.ancestor_paths:
        return []
    return list(Unit.objects.filter(path__in=unit.ancestor_paths).order_by("depth"))


def children(unit: Unit):
    """The unit's current sub-units, in the order editors set."""
    return Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).current()


def top_units():
    """The government and the bodies directly under it."""
    return Unit.objects.filter(depth__lte=2).current()


def visible_contacts(viewer: Viewer):
    return ContactPoint.objects.visible_to(viewer)


def posts_with_holders(viewer: Viewer, posts):
    """Posts the viewer may see, each with ``current_appointments`` (holders the viewer
    may see, with their ``visible_contacts``), ``visible_contacts`` and ``is_vacant``
    (no holder at all, seen or not). Four queries for any number of posts."""
    on = today()
    holders = (
        Appointment.objects.current(on)
        .filter(person__in=Person.objects.visible_to(viewer))
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "person__contacts", queryset=visible_contacts(viewer), to_attr="visible_contacts"
            )
        )
        .order_by("acting", "starts_on")
    )
    return (
        posts.visible_to(viewer)
        .annotate(is_held=Exists(Appointment.objects.current(on).filter(post=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("appointments", queryset=holders, to_attr="current_appointments"),
            Prefetch("contacts", queryset=visible_contacts(viewer), to_attr="visible_contacts"),
        )
    )


@dataclass
class PersonRecord:
    person: Person
    current: list[Appointment]
    past: list[Appointment]
    contacts: list[ContactPoint]


def person_record(viewer: Viewer, person: Person) -> PersonRecord:
    """A person's appointments on posts the viewer may see, and their visible contacts."""
    on = today()
    appointments = list(
        person.appointments.filter(post__in=Post.objects.visible_to(viewer))
        .select_related("post__unit")
        .order_by("-starts_on")
    )
    return PersonRecord(
        person=person,
        current=[a for a in appointments if a.is_current(on)],
        past=[a for a in appointments if not a.is_current(on) and a.starts_on <= on],
        contacts=list(visible_contacts(viewer).filter(person=person)),
    )


def post_holders(viewer: Viewer, post: Post):
    """Everyone who held the post, newest first, as far as the viewer may see them."""
    return (
        post.appointments.filter(person__in=Person.objects.visible_to(viewer))
        .select_related("person")
        .order_by("-starts_on")
    )


def unit_grants(unit: Unit) -> dict[str, list]:
    """Who edits the unit: grants on the units above it (inherited) and on the unit and
    the units inside it. Two queries."""
    from .models import UnitGroupObjectPermission, UnitUserObjectPermission

    scope = Q(content_object__path__in=unit.ancestor_paths) | Q(
        content_object__path__startswith=unit.path
    )
    related = ("permission", "content_object")
    grants = {
        "users": list(
            UnitUserObjectPermission.objects.filter(scope)
            .select_related("user", *related)
            .order_by("content_object__path", "user__username", "permission__codename")
        ),
        "groups": list(
            UnitGroupObjectPermission.objects.filter(scope)
            .select_related("group", *related)
            .order_by("content_object__path", "group__name", "permission__codename")
        ),
    }
    for grant in (*grants["users"], *grants["groups"]):
        grant.inherited = len(grant.content_object.path) < len(unit.path)
    return grants


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    row: object
    changes: list
    created: bool


HISTORY_HIDDEN = ["version", "path", "depth", "numchild"]


def history_page(record, page_number, per_page: int = 25):
    """One page of the record's history, newest first, each entry with its field-level
    differences from the version before it. Three queries for any page."""
    rows = record.history.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(rows, per_page).get_page(page_number)
    start = max(page.start_index() - 1, 0)
    window = list(rows[start : start + per_page + 1])
    fields = {f.name for f in type(record)._meta.concrete_fields} - set(HISTORY_HIDDEN)
    entries = []
    for index, row in enumerate(window[:per_page]):
        older = window[index + 1] if index + 1 < len(window) else None
        changes = _differences(record, row, older, fields) if older is not None else []
        entries.append(HistoryEntry(row=row, changes=changes, created=older is None))
    page.entries = entries
    return page


def _differences(record, row, older, fields) -> list[FieldChange]:
    return [
        FieldChange(
            field=change.field,
            label=type(record)._meta.get_field(change.field).verbose_name,
            old=change.old,
            new=change.new,
        )
        for change in row.diff_against(older, excluded_fields=HISTORY_HIDDEN).changes
        if change.field in fields
    ]


def changes_since(record, version: int) -> list[tuple[object, list[FieldChange]]]:
    """The history rows written after ``version`` of the record, each with its field
    differences from the row before: what another editor changed meanwhile."""
    rows = list(
        record.history.select_related("history_user")
        .filter(version__gte=version)
        .order_by("history_date", "history_id")
    )
    fields = {f.name for f in type(record)._meta.concrete_fields} - set(HISTORY_HIDDEN)
    return [
        (row, _differences(record, row, older, fields))
        for older, row in zip(rows, rows[1:], strict=False)
    ]
