"""Read-side queries for pages and outputs: each returns data already filtered by the
visibility policy, with a fixed number of queries whatever the amount of data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from .models import (
    Appointment,
    ContactPoint,
    Person,
    Post,
    Unit,
    UnitGroupObjectPermission,
    UnitUserObjectPermission,
    today,
)
from .visibility import Viewer

# A record not confirmed as correct for this long is stale (the dashboard, the digests).
STALE_AFTER = datetime.timedelta(days=365)


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

    scope = Q(content_object__path__in=unit.ancestor_paths) | Q(
        content_object__path__startswith=unit.path
    )
    related = ("permission", "content_object")
    grants: dict[str, list[Any]] = {
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


def edited_roots(viewer: Viewer):
    """The units at the top of what ``viewer`` edits (every top-level unit for an
    administrator; none for someone who edits nothing)."""
    if viewer.is_administrator:
        return Unit.objects.filter(depth=1)
    if not viewer.editable_paths:
        return Unit.objects.none()
    return Unit.objects.filter(path__in=viewer.editable_paths)


@dataclass
class NeedingAttention:
    """What in an editor's units needs them: querysets, counted and cut by the caller."""

    vacant_posts: QuerySet
    stale_units: QuerySet
    stale_posts: QuerySet
    stale_people: QuerySet


def needing_attention(viewer: Viewer, *, stale_after: datetime.timedelta) -> NeedingAttention:
    """Current posts with no current holder, and the units, posts and people (those the
    editor may edit: all their posts are in the editor's units) not confirmed as
    correct within ``stale_after``."""
    scope = viewer.restricted_scope
    stale = Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=today() - stale_after)
    held = Appointment.objects.current().filter(post=OuterRef("pk"))
    live_posts = Post.objects.current().filter(scope("unit__path"), unit__abolished_on__isnull=True)
    return NeedingAttention(
        vacant_posts=live_posts.filter(~Exists(held)).select_related("unit"),
        stale_units=Unit.objects.current().filter(scope("path")).filter(stale),
        stale_posts=live_posts.filter(stale).select_related("unit"),
        stale_people=Person.objects.owned_by(viewer)
        .filter(Exists(Appointment.objects.current().filter(person=OuterRef("pk"))))
        .filter(stale),
    )


def with_home_unit(people: QuerySet) -> QuerySet:
    """People annotated with ``home``: the unit of their first current post."""
    first = (
        Appointment.objects.current()
        .filter(person=OuterRef("pk"))
        .order_by("starts_on", "pk")
        .values("post__unit_id")[:1]
    )
    return people.annotate(home=Subquery(first))


def current_posts_prefetch(viewer: Viewer) -> Prefetch:
    """A person's current appointments to posts ``viewer`` may see, with their units,
    oldest first, as ``current_appointments``: what a listing of people shows."""
    return Prefetch(
        "appointments",
        queryset=Appointment.objects.current(today())
        .filter(post__in=Post.objects.visible_to(viewer))
        .select_related("post__unit")
        .order_by("starts_on"),
        to_attr="current_appointments",
    )


def grants_of(grantee, unit: Unit, codename: str) -> list:
    """The grants of ``codename`` that ``grantee`` (a user or a group) holds on ``unit``
    itself (not inherited from above)."""
    if isinstance(grantee, Group):
        return list(
            UnitGroupObjectPermission.objects.filter(
                group=grantee, content_object=unit, permission__codename=codename
            ).select_related("permission", "content_object")
        )
    return list(
        UnitUserObjectPermission.objects.filter(
            user=grantee, content_object=unit, permission__codename=codename
        ).select_related("permission", "content_object")
    )


@dataclass(frozen=True)
class Counts:
    posts: int = 0
    filled: int = 0

    @property
    def vacant(self) -> int:
        return self.posts - self.filled

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.posts + other.posts, self.filled + other.filled)

    def as_dict(self) -> dict[str, int]:
        return {"posts": self.posts, "filled": self.filled, "vacant": self.vacant}


@dataclass(frozen=True)
class Headcount:
    """A unit's current posts, filled and vacant: its own and with everything below it."""

    own: Counts
    subtree: Counts

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"unit": self.own.as_dict(), "subtree": self.subtree.as_dict()}


def headcounts(viewer: Viewer, within: Unit | None = None) -> dict[str, Headcount]:
    """Headcounts of every current unit (in ``within``), by path, in the viewer's tier:
    a post the viewer may not see is not counted, and a post whose holder they may not
    see counts as vacant, as its page shows it. One query (posts counted per unit),
    rolled up the tree in Python."""
    held = Appointment.objects.current().filter(
        post=OuterRef("pk"), person__in=Person.objects.visible_to(viewer)
    )
    posts = Post.objects.current().visible_to(viewer).filter(unit__abolished_on__isnull=True)
    if within is not None:
        posts = posts.filter(unit__path__startswith=within.path)
    rows = (
        posts.annotate(held=Exists(held))
        .values("unit__path")
        .annotate(posts=Count("pk"), filled=Count("pk", filter=Q(held=True)))
        .order_by()
    )
    own = {row["unit__path"]: Counts(row["posts"], row["filled"]) for row in rows}
    subtree: dict[str, Counts] = {}
    step = Unit.steplen
    for path, counts in own.items():
        for end in range(step, len(path) + 1, step):
            prefix = path[:end]
            subtree[prefix] = subtree.get(prefix, Counts()) + counts
    return {
        path: Headcount(own.get(path, Counts()), total)
        for path, total in subtree.items()
        if within is None or path.startswith(within.path)
    }


def headcount(viewer: Viewer, unit: Unit) -> Headcount:
    """One unit's headcount (one query)."""
    return headcounts(viewer, unit).get(unit.path, Headcount(Counts(), Counts()))
