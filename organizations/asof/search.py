"""Search on a past day: what it may find, and its hits as they were then."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models.expressions import RawSQL

from ..dates import held_on
from ..models import Appointment, ContactPoint, Person, Post, Unit
from ..visibility import Viewer, shown_tier
from .holders import _paths_now, _people, _visible_posts, dress_posts, stricter
from .states import EXISTED, _dated, _latest_first, all_units, end_of

# Search on a past day -------------------------------------------------------------------


def search_scope(viewer: Viewer, on: datetime.date) -> tuple[list[int], list[int], list[int]]:
    """The ids of the units, posts and people a search on ``on`` may find: those that
    existed then and that the viewer may see as they were then and are now (a hidden
    one cannot make a hit). Each list has the id -1, which never exists, so that none
    is empty."""
    params = {"on": on, "moment": end_of(on)}

    def states(model, columns: str, join: str = "") -> list[tuple]:
        table = model.history.model._meta.db_table
        state = _latest_first(table).format(pick=f"SELECT hp.id FROM {model._meta.db_table} hp")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM ({state}) s JOIN {model._meta.db_table} c "
                f"ON c.id = s.id {join} WHERE {EXISTED}",
                params,
            )
            return cursor.fetchall()

    # Ids and tiers only: a search may scope a whole government without building it.
    existing = {pk for (pk,) in states(Unit, "s.id")}
    posts = set()
    for pk, then, start, end, now, start_now, end_now, unit_id, path in states(
        Post,
        "s.id, s.visibility, s.publish_from, s.publish_until, "
        "c.visibility, c.publish_from, c.publish_until, s.unit_id, u.path",
        "JOIN organizations_unit u ON u.id = c.unit_id",
    ):
        tier = stricter(shown_tier(then, start, end, on), shown_tier(now, start_now, end_now))
        if unit_id in existing and viewer.may_see(tier, path):
            posts.add(pk)
    held = Appointment.objects.filter(
        held_on(on), post_id__in=RawSQL("SELECT unnest(%s::bigint[])", [list(posts)])
    ).values("person_id")
    # People who held a visible post then, seen by the viewer now, with today's tier.
    now_tiers = dict(
        Person.objects.visible_to(viewer).filter(pk__in=held).values_list("pk", "visibility")
    )
    ids = list(now_tiers)
    history = Person.history.model._meta.db_table
    people = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.id, s.visibility FROM ("
            + _latest_first(history).format(pick="SELECT unnest(%(ids)s::bigint[])")
            + ") s WHERE s.history_type <> '-'",
            {"ids": ids, "moment": end_of(on)},
        )
        for pk, then in cursor.fetchall():
            tier = stricter(then, now_tiers.get(pk))
            # Seen now (``visible_to``); then too: the public and internal tiers by the
            # viewer's own, a restricted one only where they were seen as such now.
            if tier in viewer.global_tiers or tier == now_tiers.get(pk):
                people.append(pk)
    # Today's documents hold each contact in today's tier. A contact the viewer could not
    # see then but can now would let its owner be found on that day by a value hidden
    # from them then: such owners are not found on that day (a rare case, a contact
    # made more visible since; precision before recall).
    loosened = _loosened_contact_owners(viewer, params)
    return (
        [-1, *(existing - loosened["unit"])],
        [-1, *(posts - loosened["post"])],
        [-1, *(p for p in people if p not in loosened["person"])],
    )


def _loosened_contact_owners(viewer: Viewer, params: dict) -> dict[str, set[int]]:
    """The owners of contacts hidden from ``viewer`` at the end of the day and seen by
    them now. One query over the contacts whose tier changed since."""
    table = ContactPoint.history.model._meta.db_table
    state = _latest_first(table).format(pick="SELECT hp.id FROM organizations_contactpoint hp")
    owners: dict[str, set[int]] = {"unit": set(), "post": set(), "person": set()}
    if viewer.sees_everything:
        return owners
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT s.visibility, s.publish_from, s.publish_until,
                       c.visibility, c.publish_from, c.publish_until,
                       c.unit_id, c.post_id, c.person_id, coalesce(u.path, pu.path)
                FROM ({state}) s
                JOIN organizations_contactpoint c ON c.id = s.id
                LEFT JOIN organizations_unit u ON u.id = c.unit_id
                LEFT JOIN organizations_post p ON p.id = c.post_id
                LEFT JOIN organizations_unit pu ON pu.id = p.unit_id
                WHERE (s.visibility <> c.visibility
                       OR num_nonnulls(s.publish_from, s.publish_until,
                                       c.publish_from, c.publish_until) > 0)
                  AND s.history_type <> '-' AND s.history_date < %(moment)s""",
            params,
        )
        for row in cursor.fetchall():
            then = shown_tier(row[0], row[1], row[2], params["on"])
            now = shown_tier(row[3], row[4], row[5])
            unit_id, post_id, person_id, path = row[6:]
            if viewer.may_see(now, path) and not viewer.may_see(then, path):
                for kind, pk in (("unit", unit_id), ("post", post_id), ("person", person_id)):
                    if pk is not None:
                        owners[kind].add(pk)
    return owners


def _ancestors(unit: Unit, units_then: dict[int, Unit]) -> list[Unit]:
    """The units above ``unit`` (all of the day's units in hand), from the top."""
    found: list[Unit] = []
    parent = getattr(unit, "parent_unit", None)
    while parent in units_then and len(found) < 64:
        found.insert(0, units_then[parent])
        parent = units_then[parent].parent_unit
    return found


def dress_hits(viewer: Viewer, hits: list, on: datetime.date) -> list:
    """Search hits (``search.Hit``) as they were on ``on``: names then, places then,
    posts with their holders then, people with the posts they held then."""
    units_then = {u.pk: u for u in all_units(on)}
    post_ids = [h.post.pk for h in hits if h.post]
    person_ids = [h.person.pk for h in hits if h.person]
    held = list(
        Appointment.objects.filter(held_on(on), person__in=person_ids).order_by("starts_on")
    )
    posts_then = _dated(
        Post,
        "SELECT unnest(%(ids)s::bigint[])",
        {"ids": [*post_ids, *(a.post_id for a in held)]},
        on,
    )
    paths = _paths_now({p.unit_id for p in posts_then})
    visible_then = {p.pk: p for p in _visible_posts(viewer, posts_then, paths)}
    dressed = {
        p.pk: p
        for p in dress_posts(viewer, [visible_then[i] for i in post_ids if i in visible_then], on)
    }
    paths_of: dict[int, list[str]] = {}
    for a in held:
        if a.post_id in visible_then:
            paths_of.setdefault(a.person_id, []).append(
                paths.get(visible_then[a.post_id].unit_id, "")
            )
    people = _people(viewer, person_ids, paths_of, on)
    shown = []
    for hit in hits:
        if hit.post is not None:
            if hit.post.pk not in dressed:
                continue
            hit.post = dressed[hit.post.pk]
        if hit.person is not None:
            if hit.person.pk not in people:
                continue
            hit.person = people[hit.person.pk]
            hit.person.visible_contacts = []
            hit.appointments = []
            for a in held:
                if a.person_id == hit.person.pk and a.post_id in visible_then:
                    a.post = visible_then[a.post_id]
                    a.post.unit = units_then.get(a.post.unit_id, a.post.unit)
                    hit.appointments.append(a)
            hit.former = None
            if hit.appointments:
                hit.unit = hit.appointments[0].post.unit
        if hit.unit is not None:
            hit.unit = units_then.get(hit.unit.pk, hit.unit)
            if hit.post is not None:
                hit.post.unit = hit.unit
        hit.breadcrumbs = _ancestors(hit.unit, units_then) if hit.unit else []
        shown.append(hit)
    return shown
