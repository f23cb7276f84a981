"""The editor's dashboard (what in their units needs them) and the one-click confirmation that a record is still correct."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.http import DirectoryRequest
from organizations import queries, services
from organizations.models import Correction, Person, Post, Unit

from .common import editor_view

DASHBOARD_LIST = 50
DASHBOARD_CORRECTIONS = 10
# A record not confirmed for this long is listed as not verified for 12 months.
STALE_AFTER = queries.STALE_AFTER


@editor_view(methods=("GET", "HEAD"))
def dashboard(request: DirectoryRequest) -> HttpResponse:
    viewer = request.viewer
    needs = queries.needing_attention(viewer, stale_after=STALE_AFTER)
    lists = [
        ("vacant", _("Vacant posts"), needs.vacant_posts),
        ("units", _("Units not verified for 12 months"), needs.stale_units),
        ("posts", _("Posts not verified for 12 months"), needs.stale_posts),
        ("people", _("People not verified for 12 months"), needs.stale_people),
    ]
    is_editor = viewer.is_administrator or bool(viewer.editable_paths)
    corrections = (
        Correction.objects.for_editor(viewer).open().select_related("unit", "post", "person")
    )
    context = {
        "corrections": (corrections.count(), list(corrections[:DASHBOARD_CORRECTIONS]))
        if is_editor
        else (0, []),
        "roots": queries.edited_roots(viewer),
        "is_editor": is_editor,
        # Counted only for editors: someone who edits nothing has nothing listed.
        "lists": [
            (key, heading, records.count(), records[:DASHBOARD_LIST])
            for key, heading, records in lists
        ]
        if is_editor
        else [],
        "limit": DASHBOARD_LIST,
    }
    return render(request, "directory/edit/dashboard.html", context)


VERIFIABLE: dict[str, type[Unit | Post | Person]] = {"unit": Unit, "post": Post, "person": Person}


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
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("dashboard")
    return HttpResponseRedirect(target)
