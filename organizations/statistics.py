"""Statistics of the directory (``/statistics/``): vacancies and staleness by ministry,
citizens' corrections, reorganisations per year. Everything is counted in the viewer's
tier (a post they may not see is not counted), with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, Left

from . import queries
from .models import Correction, Post, Unit, today
from .visibility import Viewer

TOP_DEPTH = 2  # the bodies directly under the government: ministries, committees, agencies


@dataclass
class Row:
    """One bar: a label, a value and, for rates, the whole it is part of."""

    label: str
    value: int
    total: int = 0
    url: str = ""

    @property
    def percent(self) -> float:
        return round(100 * self.value / self.total, 1) if self.total else 0.0


@dataclass
class Chart:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    unit: str = ""  # what the values count
    rate: bool = False  # bars show value / total

    @property
    def largest(self) -> float:
        values = [r.percent if self.rate else r.value for r in self.rows]
        return max(values, default=0) or 1

    def bars(self) -> list[tuple[Row, float]]:
        """Each row with its bar's length (0–100, of the longest)."""
        return [
            (r, round(100 * (r.percent if self.rate else r.value) / self.largest, 2))
            for r in self.rows
        ]


def _bodies() -> list[Unit]:
    return list(Unit.objects.current().filter(depth=TOP_DEPTH).order_by("path"))


def vacancies(viewer: Viewer) -> list[Row]:
    """Vacant posts of each body with everything below it, and the body's posts."""
    counts = queries.headcounts(viewer)
    rows = []
    for body in _bodies():
        found = counts.get(body.path)
        if found and found.subtree.posts:
            rows.append(
                Row(
                    str(body.name),
                    found.subtree.vacant,
                    found.subtree.posts,
                    body.get_absolute_url(),
                )
            )
    return sorted(rows, key=lambda r: (-r.percent, r.label))


def staleness(viewer: Viewer) -> list[Row]:
    """Posts of each body not confirmed as correct for a year, and the body's posts."""
    stale = Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=today() - queries.STALE_AFTER)
    length = Unit.steplen * TOP_DEPTH
    rows = (
        Post.objects.current()
        .visible_to(viewer)
        .filter(unit__abolished_on__isnull=True, unit__depth__gte=TOP_DEPTH)
        .annotate(body=Left("unit__path", length))
        .values("body")
        .annotate(total=Count("pk"), stale=Count("pk", filter=stale))
        .order_by()
    )
    by_path = {row["body"]: row for row in rows}
    found = []
    for body in _bodies():
        row = by_path.get(body.path)
        if row:
            found.append(Row(str(body.name), row["stale"], row["total"], body.get_absolute_url()))
    return sorted(found, key=lambda r: (-r.percent, r.label))


def corrections() -> list[Row]:
    """Citizens' corrections by outcome (counts only: their content is never public)."""
    counts = dict(Correction.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return [Row(str(label), counts.get(value, 0)) for value, label in Correction.Status.choices]


def reorganisations() -> dict[int, dict[str, int]]:
    """Per year: units established, renamed, moved and abolished (from the dated fields
    and the recorded history). Three queries."""
    years: dict[int, dict[str, int]] = {}

    def add(year, kind, n):
        if year:
            years.setdefault(
                int(year), {"established": 0, "renamed": 0, "moved": 0, "abolished": 0}
            )[kind] += n

    for column, kind in (("established_on", "established"), ("abolished_on", "abolished")):
        for year, n in (
            Unit.objects.exclude(**{f"{column}__isnull": True})
            .annotate(year=ExtractYear(column))
            .values_list("year")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            add(year, kind, n)
    table = Unit.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT extract(year FROM history_date AT TIME ZONE %s)::int AS year,
                   count(*) FILTER (WHERE name_uz IS DISTINCT FROM previous_name),
                   count(*) FILTER (WHERE parent_unit IS DISTINCT FROM previous_parent)
            FROM (
                SELECT history_date, name_uz, parent_unit, history_type,
                       lag(name_uz) OVER w AS previous_name,
                       lag(parent_unit) OVER w AS previous_parent,
                       lag(history_id) OVER w AS previous
                FROM {table}
                WINDOW w AS (PARTITION BY id ORDER BY history_date, history_id)
            ) AS changes
            WHERE previous IS NOT NULL AND history_type = '~'
            GROUP BY 1
            """,
            [settings.TIME_ZONE],
        )
        for year, renamed, moved in cursor.fetchall():
            add(year, "renamed", renamed)
            add(year, "moved", moved)
    return dict(sorted(years.items()))
