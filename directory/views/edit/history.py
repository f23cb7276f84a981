"""A record's history, and restoring an old version as a new change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from directory.http import DirectoryRequest
from organizations import history as record_history
from organizations import permissions, services
from organizations.models import Person, Post, Unit

# History
from .common import check, editor_view, succeeded

HISTORY_MODELS = {
    "unit": (Unit, "code", lambda user, record: permissions.can_edit(user, record)),
    "post": (Post, "code", lambda user, record: permissions.can_edit(user, record.unit)),
    "person": (Person, "slug", lambda user, record: permissions.can_edit_person(user, record)),
}


def _history_record(request: DirectoryRequest, kind: str, key: str) -> Any:
    if kind not in HISTORY_MODELS:
        raise Http404
    model, field, allowed = HISTORY_MODELS[kind]
    record = get_object_or_404(model, **{field: key})
    check(allowed(request.user, record))
    return record


@editor_view(methods=("GET", "HEAD"))
def history(request: DirectoryRequest, kind: str, key: str) -> HttpResponse:
    record = _history_record(request, kind, key)
    page = record_history.history_page(record, request.GET.get("page"), request.viewer)
    # The record as it is now: nothing to restore.
    latest = record.history.order_by("-history_date", "-history_id").first()
    return render(
        request,
        "directory/edit/history.html",
        {
            "record": record,
            "kind": kind,
            "key": key,
            "page": page,
            "back": record,
            "latest_id": latest.history_id if latest else None,
        },
    )


@editor_view(methods=("POST",))
def history_restore(
    request: DirectoryRequest, kind: str, key: str, history_id: int
) -> HttpResponse:
    record = _history_record(request, kind, key)
    historical = get_object_or_404(record.history.all(), history_id=history_id)
    version = request.POST.get("version", "")
    try:
        services.restore_version(
            record,
            historical,
            version=int(version) if version.isdigit() else None,
            actor=request.user,
        )
    except services.Conflict:
        messages.error(
            request, _("The record changed meanwhile: look at its history again before restoring.")
        )
        return redirect(f"{kind}_history", key=key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{kind}_history", key=key)
    return succeeded(
        request,
        _("The version of %(date)s was restored.")
        % {"date": historical.history_date.strftime("%Y-%m-%d %H:%M")},
        record.get_absolute_url(),
    )
