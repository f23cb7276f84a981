"""A unit's story, its organisation chart and the directory's statistics: pages anyone
can open, cut at the viewer's tier like every other page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory import pagecache
from directory.http import DirectoryRequest
from directory.views.public import dated
from organizations import asof, chart, queries, statistics, timeline
from organizations.dates import today
from organizations.models import Unit

DEFAULT_DEPTH = 2


@require_safe
@pagecache.public_page
def unit_timeline(request: DirectoryRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    first = asof.records_begin()
    events = timeline.events(request.viewer, unit)
    for event in events:
        # Each event leads to the directory on its day, where the records reach it.
        event.linked = bool(first and first <= event.on < today())
    return render(
        request,
        "directory/timeline.html",
        {"unit": unit, "events": events, "breadcrumbs": queries.breadcrumbs(unit)},
    )


def _depth(text: str | None) -> tuple[int, str]:
    """The depth a reader asked for, within 1 … ``chart.MAX_DEPTH``, and a note if it
    was not one."""
    if text is None or text == "":
        return DEFAULT_DEPTH, ""
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 3):
        return DEFAULT_DEPTH, "bad"
    depth = int(text)
    if not 1 <= depth <= chart.MAX_DEPTH:
        return max(1, min(depth, chart.MAX_DEPTH)), "range"
    return depth, ""


@require_safe
@pagecache.public_page
@dated
def unit_chart(request: DirectoryRequest, code: str) -> HttpResponse:
    on = request.as_of
    if on:
        unit = asof.unit(code, on)
        if unit is None:
            return render(
                request,
                "directory/not_then.html",
                {"record": get_object_or_404(Unit, code=code), "on": on},
                status=404,
            )
        breadcrumbs = asof.breadcrumbs(unit, on)
    else:
        unit = get_object_or_404(Unit.objects.current(), code=code)
        breadcrumbs = queries.breadcrumbs(unit)
    depth, depth_note = _depth(request.GET.get("depth"))
    with_posts = request.GET.get("posts") == "all"
    paper = "a3" if request.GET.get("paper") == "a3" else "a4"
    top = chart.chart(request.viewer, unit, depth, with_posts=with_posts, on=on)
    return render(
        request,
        "directory/chart.html",
        {
            "unit": unit,
            "top": top,
            "breadcrumbs": breadcrumbs,
            "depth": depth,
            "depth_note": depth_note,
            "depths": range(1, chart.MAX_DEPTH + 1),
            "with_posts": with_posts,
            "paper": paper,
        },
    )


@require_safe
@pagecache.public_page
def statistics_page(request: DirectoryRequest) -> HttpResponse:
    """Vacancies and staleness by body, citizens' corrections, reorganisations per year:
    SVG charts drawn on the server, each with its data table; in the viewer's tier."""
    viewer = request.viewer
    first_year = today().year - 10
    years = {y: v for y, v in statistics.reorganisations().items() if y >= first_year}
    charts = [
        statistics.Chart(
            "vacancies",
            _("Vacant posts by body"),
            statistics.vacancies(viewer),
            unit=_("vacant posts"),
            rate=True,
        ),
        statistics.Chart(
            "staleness",
            _("Posts not verified for 12 months, by body"),
            statistics.staleness(viewer),
            unit=_("posts not verified"),
            rate=True,
        ),
        statistics.Chart(
            "corrections",
            _("Corrections from citizens"),
            statistics.corrections(),
            unit=_("corrections"),
        ),
        statistics.Chart(
            "reorganisations",
            _("Reorganisations per year"),
            [
                statistics.Row(str(year), sum(kinds.values()))
                for year, kinds in sorted(years.items(), reverse=True)
            ],
            unit=_("changes"),
        ),
    ]
    return render(request, "directory/statistics.html", {"charts": charts, "years": years})
