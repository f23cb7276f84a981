"""The editor's dashboard: what in their units needs them, grouped by unit with its
place in the tree, counts first and each unit's lists on demand (paged, by kind, oldest
first); "confirm still correct" for one record or for a whole unit's records at once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Min
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from directory.http import DirectoryRequest
from organizations import permissions, queries, services
from organizations.models import Correction, Person, Post, Unit

from .common import editor_view

UNITS_PER_PAGE = 30
ITEMS_PER_PAGE = 25
CORRECTIONS_LISTED = 10
# A record not confirmed for this long is listed as not verified for 12 months.
STALE_AFTER = queries.STALE_AFTER
NEVER = datetime.date.min

KINDS = {
    "all": gettext_lazy("Everything"),
    "corrections": gettext_lazy("Corrections from citizens"),
    "vacant": gettext_lazy("Vacant posts"),
    "stale": gettext_lazy("Not verified for 12 months"),
}
SORTS = {
    "age": gettext_lazy("Oldest first"),
    "count": gettext_lazy("Most first"),
    "name": gettext_lazy("By name"),
}


@dataclass
class UnitWork:
    """What one unit needs (its own records, not those of the units below it)."""

    unit: Unit
    place: list[str] = field(default_factory=list)  # the names of the units above it
    corrections: int = 0
    vacant: int = 0
    stale_unit: bool = False
    stale_posts: int = 0
    stale_people: int = 0
    oldest: datetime.date | None = None

    @property
    def stale(self) -> int:
        return int(self.stale_unit) + self.stale_posts + self.stale_people

    def total(self, kind: str) -> int:
        return {
            "corrections": self.corrections,
            "vacant": self.vacant,
            "stale": self.stale,
        }.get(kind, self.corrections + self.vacant + self.stale)

    def seen(self, day) -> None:
        day = day or NEVER
        if isinstance(day, datetime.datetime):
            day = day.date()
        self.oldest = day if self.oldest is None else min(self.oldest, day)


def _people_with_home(viewer):
    needs = queries.needing_attention(viewer, stale_after=STALE_AFTER)
    return needs, queries.with_home_unit(needs.stale_people)


def work_by_unit(viewer) -> list[UnitWork]:
    """Everything that needs the editor, grouped by unit: a fixed number of queries
    (one per kind, one for the units, one for the names of the units above them)."""
    needs, people = _people_with_home(viewer)
    work: dict[int, UnitWork] = {}

    def at(unit_id) -> UnitWork:
        return work.setdefault(unit_id, UnitWork(unit=cast(Unit, None)))

    for row in needs.vacant_posts.values("unit_id").annotate(n=Count("pk")).order_by():
        at(row["unit_id"]).vacant = row["n"]
    for row in (
        needs.stale_posts.values("unit_id")
        .annotate(n=Count("pk"), oldest=Min(Coalesce("last_verified_on", NEVER)))
        .order_by()
    ):
        item = at(row["unit_id"])
        item.stale_posts = row["n"]
        item.seen(row["oldest"])
    for unit_id, verified in needs.stale_units.values_list("pk", "last_verified_on"):
        item = at(unit_id)
        item.stale_unit = True
        item.seen(verified)
    for row in (
        people.values("home")
        .annotate(n=Count("pk"), oldest=Min(Coalesce("last_verified_on", NEVER)))
        .order_by()
    ):
        if row["home"] is not None:
            item = at(row["home"])
            item.stale_people = row["n"]
            item.seen(row["oldest"])
    corrections = (
        Correction.objects.for_editor(viewer)
        .open()
        .annotate(home=Coalesce("unit_id", "post__unit_id", "assigned_to_id"))
        .values("home")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
        .order_by()
    )
    for row in corrections:
        if row["home"] is not None:
            item = at(row["home"])
            item.corrections = row["n"]
            item.seen(row["oldest"])
    units = Unit.objects.in_bulk(list(work))
    above = {p for u in units.values() for p in u.ancestor_paths}
    named = {u.path: u for u in Unit.objects.filter(path__in=above)} if above else {}
    for unit_id, item in list(work.items()):
        unit = units.get(unit_id)
        if unit is None:
            del work[unit_id]
            continue
        item.unit = unit
        item.place = [str(named[p].name) for p in unit.ancestor_paths if p in named]
    return list(work.values())


def _sorted(items: list[UnitWork], kind: str, sort: str) -> list[UnitWork]:
    items = [i for i in items if i.total(kind)]
    if sort == "count":
        return sorted(items, key=lambda i: (-i.total(kind), i.unit.path))
    if sort == "name":
        return sorted(items, key=lambda i: (str(i.unit.name).lower(), i.unit.path))
    return sorted(items, key=lambda i: (i.oldest or datetime.date.max, i.unit.path))


def _choice(request, name: str, allowed: dict, default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in allowed else default


@editor_view(methods=("GET", "HEAD"))
def dashboard(request: DirectoryRequest) -> HttpResponse:
    viewer = request.viewer
    is_editor = viewer.is_administrator or bool(viewer.editable_paths)
    kind = _choice(request, "kind", KINDS, "all")
    sort = _choice(request, "sort", SORTS, "age")
    context: dict = {
        "is_editor": is_editor,
        "roots": queries.edited_roots(viewer),
        "kinds": KINDS,
        "sorts": SORTS,
        "kind": kind,
        "sort": sort,
    }
    if is_editor:
        code = request.GET.get("unit", "")
        if code:
            unit = get_object_or_404(Unit, code=code[:64])
            if not viewer.edits_path(unit.path):
                raise Http404
            context.update(_unit_lists(request, unit, kind))
            return render(request, "directory/edit/dashboard_unit.html", context)
        items = work_by_unit(viewer)
        totals = {
            "corrections": sum(i.corrections for i in items),
            "vacant": sum(i.vacant for i in items),
            "stale": sum(i.stale for i in items),
        }
        page = Paginator(_sorted(items, kind, sort), UNITS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        open_corrections = (
            Correction.objects.for_editor(viewer)
            .open()
            .select_related("unit", "post", "person")
            .order_by("created_at")
        )
        context.update(
            {
                "page": page,
                "totals": totals,
                # Citizens are waiting: the oldest open reports, listed by name.
                "corrections": list(open_corrections[:CORRECTIONS_LISTED]),
            }
        )
    return render(request, "directory/edit/dashboard.html", context)


def _unit_lists(request: DirectoryRequest, unit: Unit, kind: str) -> dict:
    """One unit's own records that need the editor, by kind, oldest first, paged."""
    viewer = request.viewer
    needs, people = _people_with_home(viewer)
    never_first = F("last_verified_on").asc(nulls_first=True)
    lists = []
    wanted = (
        (
            "corrections",
            _("Corrections from citizens"),
            Correction.objects.for_editor(viewer)
            .open()
            .annotate(home=Coalesce("unit_id", "post__unit_id", "assigned_to_id"))
            .filter(home=unit.pk)
            .select_related("unit", "post", "person")
            .order_by("created_at"),
        ),
        (
            "vacant",
            _("Vacant posts"),
            needs.vacant_posts.filter(unit=unit).order_by("established_on", "pk"),
        ),
        ("units", _("This unit"), needs.stale_units.filter(pk=unit.pk)),
        (
            "posts",
            _("Posts not verified for 12 months"),
            needs.stale_posts.filter(unit=unit).order_by(never_first, "pk"),
        ),
        (
            "people",
            _("People not verified for 12 months"),
            people.filter(home=unit.pk).order_by(never_first, "pk"),
        ),
    )
    for key, heading, records in wanted:
        group = "stale" if key in ("units", "posts", "people") else key
        if kind not in ("all", group):
            continue
        page = Paginator(records, ITEMS_PER_PAGE).get_page(request.GET.get(f"{key}_page"))
        lists.append((key, heading, page))
    return {
        "unit": unit,
        "breadcrumbs": queries.breadcrumbs(unit),
        "lists": lists,
        "verify_kind": {"units": "unit", "posts": "post", "people": "person"},
    }


VERIFIABLE: dict[str, type[Unit | Post | Person]] = {"unit": Unit, "post": Post, "person": Person}


def _back(request: DirectoryRequest) -> str:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("dashboard")
    return target


@login_required
@require_POST
def verify(request: DirectoryRequest) -> HttpResponse:
    """ "Confirm still correct": sets the record's ``last_verified_on`` to today."""
    model = VERIFIABLE.get(request.POST.get("kind", ""))
    pk = request.POST.get("id", "")
    if model is None or not pk.isdigit():
        raise Http404
    record = cast(Unit | Post | Person, get_object_or_404(model, pk=int(pk)))
    try:
        services.confirm_verified(record, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Confirmed as correct today: %(name)s.") % {"name": record})
    return HttpResponseRedirect(_back(request))


@login_required
@require_POST
def verify_unit(request: DirectoryRequest) -> HttpResponse:
    """Confirm in one step that a unit and its stale posts and people are still correct."""
    code = request.POST.get("unit", "")[:64]
    unit = get_object_or_404(Unit, code=code)
    if not permissions.can_edit(request.user, unit):
        raise permissions.PermissionDenied
    count = services.confirm_unit_records(unit, actor=request.user, viewer=request.viewer)
    messages.success(
        request,
        _("Confirmed as correct today: %(count)s records of %(name)s.")
        % {"count": count, "name": unit.name},
    )
    return HttpResponseRedirect(_back(request))
