"""A unit's story and its organisation chart: pages anyone can open, cut at the
viewer's tier like every other page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from directory import pagecache
from directory.http import DirectoryRequest
from directory.views.public import dated
from organizations import asof, chart, queries, timeline
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
