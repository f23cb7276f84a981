"""The directory on a past day: which units existed and under which parent, their names
then, the posts then, who held them, and the contacts then.

Two sources, each for what it knows best:

- **the dated fields of the records as they are now** say *when* something existed:
  a unit or post existed on a day if it was established by then (or has a history
  row written by then) and not abolished before it; an appointment ran on a day if
  its dates say so. Dates entered later (an abolition recorded a month after the
  fact) are the best knowledge there is;
- **the recorded history** (django-simple-history) says *what it was like*: the
  state of a record at the end of a day is its last history row written before the
  next day began (Tashkent time); a record whose first row is later, but whose
  dates say it existed, is shown as first recorded. A unit's row names the unit it
  was under then (``Unit.parent_unit``), so a move is one row and the tree of any
  day follows from the rows.

What the viewer sees is cut twice: a value is shown only if it was visible to them
then **and** is visible to them now (the stricter of the two tiers). Every function
runs a fixed number of queries, whatever the depth of the tree or the amount of
history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from . import visibility as policy
from .dates import held_on, start_of, today
from .models import Appointment, ContactPoint, Person, Post, Unit
from .visibility import Viewer, Visibility

DAY = datetime.timedelta(days=1)


class DateProblem(ValueError):
    """A date a reader asked for that the directory cannot show; the message says why."""


def end_of(on: datetime.date) -> datetime.datetime:
    """The first moment after ``on``: the state "at the end of that day" is what was
    written before it."""
    return start_of(on + DAY)


def records_begin() -> datetime.date | None:
    """The day of the directory's first recorded change (its first unit's history)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(history_date) FROM organizations_historicalunit")
        first = cursor.fetchone()[0]
    return timezone.localdate(first) if first else None


def parse_on(text: str | None) -> datetime.date | None:
    """The day a reader asked for with ``?on=``: ``None`` for today (or nothing asked),
    else a past day the records cover; ``DateProblem`` with a message otherwise."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        on = parse_date(text) if len(text) == 10 else None
    except ValueError:
        on = None
    if on is None:
        raise DateProblem(
            _("“%(value)s” is not a date. Write it as year-month-day, e.g. 2025-01-31.")
            % {"value": text[:40]}
        )
    now = today()
    if on == now:
        return None
    if on > now:
        raise DateProblem(
            _("%(date)s is in the future: the directory can show any day up to today.")
            % {"date": on.isoformat()}
        )
    first = records_begin()
    if first is None or on < first:
        raise DateProblem(
            _("The directory's records begin on %(date)s: choose a day from then on.")
            % {"date": (first or now).isoformat()}
        )
    return on


# States at the end of a day ----------------------------------------------------------------


def _latest_first(table: str) -> str:
    """SQL: one history row per record of ``table``: the last one written before the
    moment (``%(moment)s``), else the first one."""
    return f"""SELECT DISTINCT ON (h.id) h.* FROM {table} h WHERE h.id IN ({{pick}})
        ORDER BY h.id, (h.history_date < %(moment)s) DESC,
                 CASE WHEN h.history_date < %(moment)s THEN h.history_date END DESC,
                 CASE WHEN h.history_date < %(moment)s THEN h.history_id END DESC,
                 h.history_date, h.history_id"""


# A unit or post existed on the day if it was established by then (or, with no date of
# establishment, has a history row written by then) and was not abolished before it:
# the dated fields as known now.
EXISTED = """s.history_type <> '-'
    AND (c.abolished_on IS NULL OR c.abolished_on >= %(on)s)
    AND (c.established_on <= %(on)s
         OR c.established_on IS NULL AND s.history_date < %(moment)s)"""


def _dated(model, pick: str, params: dict[str, Any], on: datetime.date) -> list:
    """Records of ``model`` (a unit or a post) picked by ``pick`` (SQL giving ids, over
    the history table ``hp``), as they stood at the end of ``on``, that existed then."""
    history = model.history.model
    table = history._meta.db_table
    sql = (
        f"SELECT s.* FROM ({_latest_first(table).format(pick=pick)}) s "
        f"JOIN {model._meta.db_table} c ON c.id = s.id WHERE {EXISTED}"
    )
    rows = history.objects.raw(sql, {**params, "on": on, "moment": end_of(on)})
    return [_record(row, model, on) for row in rows]


def _build(model, row):
    """The model instance a history row describes, built as if loaded from the
    database (simple-history's ``instance`` reads untracked columns one query each,
    and keyword construction lets modeltranslation overwrite a language's column)."""
    fields = model._meta.concrete_fields
    names = [f.attname for f in fields]
    values = [getattr(row, name, 0 if name == "numchild" else None) for name in names]
    return model.from_db(connection.alias, names, values)


def _record(row, model, on: datetime.date):
    """The model instance a history row describes, marked with the day it shows."""
    record = _build(model, row)
    record.as_of = on
    record.recorded_at = row.history_date
    if model is Unit:
        record.parent_unit = row.parent_unit
    if model in (Unit, Post):
        # It existed on the day (``EXISTED``): an abolition after it is not shown then.
        record.abolished_on = None
        record.abolition_reason = ""
    return record


def unit(code: str, on: datetime.date) -> Unit | None:
    """The unit with ``code`` as it stood at the end of ``on``, or None if it did not
    exist then."""
    units = _dated(
        Unit,
        "SELECT hp.id FROM organizations_unit hp WHERE hp.code = %(code)s",
        {"code": code},
        on,
    )
    return units[0] if units else None


def units(ids, on: datetime.date) -> dict[int, Unit]:
    """Units by id as they stood at the end of ``on`` (those that existed then)."""
    found = _dated(Unit, "SELECT unnest(%(ids)s::bigint[])", {"ids": list(ids)}, on)
    return {u.pk: u for u in found}


def children(parent: Unit, on: datetime.date) -> list[Unit]:
    """The units under ``parent`` at the end of ``on``, in the order of their paths then."""
    return children_of([parent.pk], on)


def children_of(parents: list[int], on: datetime.date) -> list[Unit]:
    """The units under any of ``parents`` at the end of ``on``, in the order of their
    paths then."""
    found = _dated(
        Unit,
        "SELECT hp.id FROM organizations_historicalunit hp WHERE hp.parent_unit = ANY(%(parents)s)",
        {"parents": list(parents)},
        on,
    )
    wanted = set(parents)
    return sorted((u for u in found if u.parent_unit in wanted), key=lambda u: u.path)


def child_counts(parents: list[int], on: datetime.date) -> dict[int, int]:
    """How many units each of ``parents`` had under it at the end of ``on``."""
    counts: dict[int, int] = {}
    for child in children_of(parents, on):
        counts[child.parent_unit] = counts.get(child.parent_unit, 0) + 1
    return counts


def all_units(on: datetime.date, within: Unit | None = None) -> list[Unit]:
    """Every unit that existed at the end of ``on`` (those under ``within`` then, with
    it), in tree order then."""
    found = _dated(Unit, "SELECT hp.id FROM organizations_unit hp", {}, on)
    by_parent: dict[int | None, list[Unit]] = {}
    for u in sorted(found, key=lambda u: u.path):
        by_parent.setdefault(u.parent_unit, []).append(u)
    ordered: list[Unit] = []

    def walk(u: Unit, depth: int) -> None:
        u.depth = depth
        ordered.append(u)
        for child in by_parent.get(u.pk, []):
            walk(child, depth + 1)

    starts = [u for u in found if within is not None and u.pk == within.pk]
    if within is None:
        starts = by_parent.get(None, [])
    for start in starts:
        walk(start, 1)
    return ordered


def top_units(on: datetime.date) -> list[Unit]:
    """What the home page lists on ``on``: the units at the top and those right under them."""
    found = _dated(
        Unit,
        """SELECT hp.id FROM organizations_historicalunit hp WHERE hp.depth <= 2
           OR hp.parent_unit IS NULL
           OR hp.parent_unit IN (SELECT id FROM organizations_historicalunit
                                 WHERE parent_unit IS NULL)""",
        {},
        on,
    )
    roots = {u.pk for u in found if u.parent_unit is None}
    top = [u for u in found if u.parent_unit is None or u.parent_unit in roots]
    for u in top:
        u.depth = 1 if u.parent_unit is None else 2
    return sorted(top, key=lambda u: (u.depth, u.path))


ANCESTORS = """WITH RECURSIVE up(id, parent_unit, level) AS (
        SELECT s.id, s.parent_unit, 0 FROM ({state}) s
        UNION ALL
        SELECT s.id, s.parent_unit, up.level + 1 FROM up JOIN LATERAL (
            SELECT h.id, h.parent_unit FROM organizations_historicalunit h
            WHERE h.id = up.parent_unit
            ORDER BY (h.history_date < %(moment)s) DESC,
                     CASE WHEN h.history_date < %(moment)s THEN h.history_date END DESC,
                     CASE WHEN h.history_date < %(moment)s THEN h.history_id END DESC,
                     h.history_date, h.history_id LIMIT 1) s ON TRUE
        WHERE up.level < 64)
    SELECT id, level FROM up WHERE level > 0"""


def breadcrumbs(of: Unit, on: datetime.date) -> list[Unit]:
    """The units above ``of`` at the end of ``on``, from the top. Two queries."""
    if of.parent_unit is None:
        return []
    state = _latest_first("organizations_historicalunit").format(pick="%(unit)s")
    with connection.cursor() as cursor:
        cursor.execute(ANCESTORS.format(state=state), {"unit": of.pk, "moment": end_of(on)})
        levels = dict(cursor.fetchall())
    found = units(levels, on)
    return [found[pk] for pk in sorted(found, key=lambda pk: -levels[pk])]


# Posts, holders and contacts ---------------------------------------------------------------


def stricter(then: str, now: str | None) -> str:
    """The less visible of two tiers (a record gone today keeps its tier then)."""
    if now is None:
        return then
    return then if policy.LEVEL[then] >= policy.LEVEL[now] else now


def _visible_posts(viewer: Viewer, posts: list[Post], paths: dict[int, str]) -> list[Post]:
    now = dict(Post.objects.filter(pk__in=[p.pk for p in posts]).values_list("pk", "visibility"))
    shown = []
    for post in posts:
        post.visibility = stricter(post.visibility, now.get(post.pk))
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
    now = dict(
        ContactPoint.objects.filter(pk__in=[r.id for r in rows]).values_list("pk", "visibility")
    )
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
        contact.visibility = stricter(contact.visibility, now.get(contact.pk, contact.visibility))
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


# Pages ------------------------------------------------------------------------------------


@dataclass
class UnitPage:
    unit: Unit
    breadcrumbs: list[Unit]
    children: list[Unit]
    contacts: list[ContactPoint]
    posts: list[Post]


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
    for pk, then, now, unit_id, path in states(
        Post,
        "s.id, s.visibility, c.visibility, s.unit_id, u.path",
        "JOIN organizations_unit u ON u.id = c.unit_id",
    ):
        if unit_id in existing and viewer.may_see(stricter(then, now), path):
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
    return ([-1, *existing], [-1, *posts], [-1, *people])


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
