"""Posts, their holders and contacts on a day, cut at the stricter of the viewer's tier then and now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .. import visibility as policy
from ..dates import held_on
from ..models import Appointment, ContactPoint, Person, Post, Unit
from ..visibility import Viewer, Visibility
from .states import _build, _latest_first, end_of

# Posts, holders and contacts ---------------------------------------------------------------


def stricter(then: str, now: str | None) -> str:
    """The less visible of two tiers (a record gone today keeps its tier then)."""
    if now is None:
        return then
    return then if policy.LEVEL[then] >= policy.LEVEL[now] else now


def shown_now(model, ids) -> dict[int, str]:
    """Today's tiers of these records as shown today (their own, or the restricted tier
    outside their publication window)."""
    rows = model.objects.filter(pk__in=list(ids)).values_list(
        "pk", "visibility", "publish_from", "publish_until"
    )
    return {pk: policy.shown_tier(tier, start, end) for pk, tier, start, end in rows}


def shown_then(record, on: datetime.date | None) -> str:
    """A record's tier as shown on ``on`` (its window as recorded then)."""
    return policy.shown_tier(record.visibility, record.publish_from, record.publish_until, on)


def _visible_posts(viewer: Viewer, posts: list[Post], paths: dict[int, str]) -> list[Post]:
    now = shown_now(Post, [p.pk for p in posts])
    shown = []
    for post in posts:
        post.visibility = stricter(shown_then(post, getattr(post, "as_of", None)), now.get(post.pk))
        if viewer.may_see(post.visibility, paths.get(post.unit_id)):
            shown.append(post)
    return shown


@dataclass
class Holders:
    """Appointments running on the day, by post: those whose person the viewer may see,
    and which posts were held at all (seen or not)."""

    by_post: dict[int, list[Appointment]] = field(default_factory=dict)
    held: set[int] = field(default_factory=set)
    people: dict[int, Person] = field(default_factory=dict)


def _people(viewer: Viewer, ids, paths_of: dict[int, list[str]], on: datetime.date):
    """People by id as they were on ``on`` (names then), those the viewer may see then
    and now. ``paths_of`` gives the units each is placed in on the day."""
    ids = list(ids)
    if not ids:
        return {}
    history = Person.history.model
    sql = _latest_first(history._meta.db_table).format(pick="SELECT unnest(%(ids)s::bigint[])")
    rows = list(history.objects.raw(sql, {"ids": ids, "moment": end_of(on)}))
    seen_now = set(
        Person.objects.visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True)
    )
    now = dict(Person.objects.filter(pk__in=ids).values_list("pk", "visibility"))
    people = {}
    for row in rows:
        if row.history_type == "-" or row.id not in seen_now:
            continue
        person = _build(Person, row)
        person.as_of = on
        person.visibility = stricter(person.visibility, now.get(person.pk))
        if viewer.sees_person(person.visibility, paths_of.get(person.pk, [])):
            people[person.pk] = person
    return people


def holders(viewer: Viewer, posts: list[Post], paths: dict[int, str], on: datetime.date) -> Holders:
    """Who held ``posts`` at the end of ``on`` (acting or not), as far as the viewer may
    see them then and now. Three queries."""
    result = Holders()
    appointments = list(
        Appointment.objects.filter(held_on(on), post__in=[p.pk for p in posts]).order_by(
            "acting", "starts_on"
        )
    )
    unit_of = {p.pk: p.unit_id for p in posts}
    paths_of: dict[int, list[str]] = {}
    for a in appointments:
        result.held.add(a.post_id)
        paths_of.setdefault(a.person_id, []).append(paths.get(unit_of[a.post_id], ""))
    result.people = _people(viewer, paths_of, paths_of, on)
    for a in appointments:
        if a.person_id in result.people:
            a.person = result.people[a.person_id]
            result.by_post.setdefault(a.post_id, []).append(a)
    return result


def contacts(
    viewer: Viewer,
    on: datetime.date,
    *,
    units=(),
    posts=(),
    people=(),
    paths: dict[tuple[str, int], str],
) -> dict[tuple[str, int], list[ContactPoint]]:
    """The contacts of these units, posts and people that existed at the end of ``on``,
    as they were then, by (owner kind, owner id); those the viewer may see then and now.
    ``paths`` gives each owner's unit path (``("unit", id)`` → path) for the restricted
    tier. One query for the history, one for today's tiers."""
    history = ContactPoint.history.model
    table = history._meta.db_table
    pick = f"""SELECT hp.id FROM {table} hp WHERE hp.unit_id = ANY(%(units)s)
        OR hp.post_id = ANY(%(posts)s) OR hp.person_id = ANY(%(people)s)"""
    sql = (
        f"SELECT s.* FROM ({_latest_first(table).format(pick=pick)}) s "
        "WHERE s.history_date < %(moment)s AND s.history_type <> '-'"
    )
    params = {
        "units": list(units),
        "posts": list(posts),
        "people": list(people),
        "moment": end_of(on),
    }
    rows = list(history.objects.raw(sql, params))
    now = shown_now(ContactPoint, [r.id for r in rows])
    # A person's restricted contacts need the person owned (every home post in the
    # viewer's units), as today's pages do: asked once, for editors only.
    owned: set[int] | None = None
    if viewer.editable_paths and not viewer.is_administrator and people:
        owned = set(
            Person.objects.owned_by(viewer).filter(pk__in=list(people)).values_list("pk", flat=True)
        )
    found: dict[tuple[str, int], list[ContactPoint]] = {}
    for row in sorted(rows, key=lambda r: (r.order, r.id)):
        contact = _build(ContactPoint, row)
        then = shown_then(contact, on)
        contact.visibility = stricter(then, now.get(contact.pk, then))
        key = next(
            (kind, owner)
            for kind in ("unit", "post", "person")
            if (owner := getattr(contact, f"{kind}_id")) is not None
        )
        if key[0] == "person" and contact.visibility == Visibility.RESTRICTED:
            allowed = viewer.is_administrator or (owned is not None and key[1] in owned)
        else:
            allowed = viewer.may_see(contact.visibility, paths.get(key))
        if allowed:
            found.setdefault(key, []).append(contact)
    return found


def _paths_now(ids) -> dict[int, str]:
    """Today's paths of units: the restricted tier belongs to the unit's editors now."""
    return dict(Unit.objects.filter(pk__in=list(ids)).values_list("pk", "path"))


def dress_posts(viewer: Viewer, posts: list[Post], on: datetime.date) -> list[Post]:
    """Posts as a unit page shows them on ``on``: visible ones, each with its holders
    then (``current_appointments``), ``is_held`` and ``visible_contacts``."""
    paths = _paths_now({p.unit_id for p in posts})
    posts = _visible_posts(viewer, posts, paths)
    held = holders(viewer, posts, paths, on)
    owner_paths: dict[tuple[str, int], str] = {
        ("post", p.pk): paths.get(p.unit_id, "") for p in posts
    }
    for post in posts:
        for a in held.by_post.get(post.pk, []):
            owner_paths[("person", a.person_id)] = paths.get(post.unit_id, "")
    found = contacts(
        viewer, on, posts=[p.pk for p in posts], people=list(held.people), paths=owner_paths
    )
    for post in posts:
        post.current_appointments = held.by_post.get(post.pk, [])
        post.is_held = post.pk in held.held
        post.visible_contacts = found.get(("post", post.pk), [])
        for a in post.current_appointments:
            a.person.visible_contacts = found.get(("person", a.person_id), [])
    return posts
