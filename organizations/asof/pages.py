"""What the unit, post and person pages and the API show on a past day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..dates import held_on
from ..models import Appointment, ContactPoint, Person, Post, Unit
from ..visibility import Viewer
from .holders import _paths_now, _people, _visible_posts, contacts, dress_posts
from .states import _dated, breadcrumbs, children, units

# Pages ------------------------------------------------------------------------------------


@dataclass
class UnitPage:
    unit: Unit
    breadcrumbs: list[Unit]
    children: list[Unit]
    contacts: list[ContactPoint]
    posts: list[Post]


def unit_page(viewer: Viewer, of: Unit, on: datetime.date) -> UnitPage:
    """Everything a unit page shows, as it stood at the end of ``on``."""
    path = _paths_now([of.pk]).get(of.pk, "")
    unit_contacts = contacts(viewer, on, units=[of.pk], paths={("unit", of.pk): path})
    return UnitPage(
        unit=of,
        breadcrumbs=breadcrumbs(of, on),
        children=children(of, on),
        contacts=unit_contacts.get(("unit", of.pk), []),
        posts=unit_posts(viewer, [of.pk], on),
    )


def unit_posts(
    viewer: Viewer, unit_ids: list[int], on: datetime.date, *, heads_only: bool = False
) -> list[Post]:
    """The posts of these units at the end of ``on``, dressed as on a unit page."""
    posts = _dated(
        Post,
        "SELECT hp.id FROM organizations_historicalpost hp WHERE hp.unit_id = ANY(%(units)s)",
        {"units": list(unit_ids)},
        on,
    )
    wanted = set(unit_ids)
    posts = [p for p in posts if p.unit_id in wanted and (p.is_head or not heads_only)]
    posts.sort(key=lambda p: (p.unit_id, not p.is_head, p.order, p.pk))
    return dress_posts(viewer, posts, on)


def post(viewer: Viewer, code: str, on: datetime.date) -> Post | None:
    """The post with ``code`` as it stood at the end of ``on``, with its holders then,
    or None if it did not exist then or the viewer may not see it."""
    found = _dated(
        Post, "SELECT hp.id FROM organizations_post hp WHERE hp.code = %(code)s", {"code": code}, on
    )
    if not found:
        return None
    dressed = dress_posts(viewer, found, on)
    if not dressed:
        return None
    result = dressed[0]
    unit_then = units([result.unit_id], on).get(result.unit_id)
    if unit_then is None:
        return None
    result.unit = unit_then
    return result


def past_holders(viewer: Viewer, of: Post, on: datetime.date) -> list[Appointment]:
    """Everyone who held ``of`` up to ``on``, newest first, names as they were then."""
    appointments = list(of.appointments.filter(starts_on__lte=on).order_by("-starts_on"))
    path = _paths_now([of.unit_id]).get(of.unit_id, "")
    people = _people(
        viewer, {a.person_id for a in appointments}, {a.person_id: [path] for a in appointments}, on
    )
    shown = []
    for a in appointments:
        if a.person_id in people:
            a.person = people[a.person_id]
            if a.ends_on and a.ends_on > on:
                a.ends_on = None  # still running on the day
            shown.append(a)
    return shown


def people_holding(viewer: Viewer, on: datetime.date) -> list[Person]:
    """The people who held a post on ``on`` that the viewer may see, names as they were
    then, in the order of their names."""
    held = list(Appointment.objects.filter(held_on(on)).values_list("person_id", "post_id"))
    posts = _dated(
        Post, "SELECT unnest(%(ids)s::bigint[])", {"ids": list({p for _, p in held})}, on
    )
    paths = _paths_now({p.unit_id for p in posts})
    visible = {p.pk: p for p in _visible_posts(viewer, posts, paths)}
    paths_of: dict[int, list[str]] = {}
    for person_id, post_id in held:
        if post_id in visible:
            paths_of.setdefault(person_id, []).append(paths.get(visible[post_id].unit_id, ""))
    people = _people(viewer, paths_of, paths_of, on)
    return sorted(people.values(), key=lambda p: (p.family_name, p.given_name, p.pk))


@dataclass
class PersonPage:
    person: Person
    current: list[Appointment]
    past: list[Appointment]
    contacts: list[ContactPoint]


def person_page(viewer: Viewer, slug: str, on: datetime.date) -> PersonPage | None:
    """A person as they were at the end of ``on``: names, posts held then and before
    (posts and units as they were), contacts then. None if the viewer may not see them."""
    try:
        pk = Person.objects.values_list("pk", flat=True).get(slug=slug)
    except Person.DoesNotExist:
        return None
    appointments = list(
        Appointment.objects.filter(person_id=pk, starts_on__lte=on).order_by("-starts_on")
    )
    post_rows = _dated(
        Post,
        "SELECT unnest(%(ids)s::bigint[])",
        {"ids": list({a.post_id for a in appointments})},
        on,
    )
    unit_paths = _paths_now({p.unit_id for p in post_rows})
    visible = {p.pk: p for p in _visible_posts(viewer, post_rows, unit_paths)}
    placed = [unit_paths.get(p.unit_id, "") for p in visible.values()]
    people = _people(viewer, [pk], {pk: placed}, on)
    if pk not in people:
        return None
    person = people[pk]
    unit_states = units({p.unit_id for p in visible.values()}, on)
    current, past = [], []
    for a in appointments:
        post_then = visible.get(a.post_id)
        if post_then is None or post_then.unit_id not in unit_states:
            continue
        post_then.unit = unit_states[post_then.unit_id]
        a.post = post_then
        if a.ends_on is None or a.ends_on >= on:
            current.append(a)
        else:
            past.append(a)
    found = contacts(viewer, on, people=[pk], paths={("person", pk): placed[0] if placed else ""})
    return PersonPage(
        person=person, current=current, past=past, contacts=found.get(("person", pk), [])
    )
