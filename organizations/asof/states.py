"""Records as they stood at the end of a day: the day asked for, the history rows chosen, units and the tree of that day."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from ..dates import start_of, today
from ..models import Post, Unit

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
