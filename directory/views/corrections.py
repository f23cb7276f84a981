"""Corrections: a citizen's "Report a mistake" on a unit, post or person page (no sign-in,
rate-limited, a honeypot), and the editor's review of it (apply, done by hand, reject)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from directory import forms, ratelimit
from directory.http import DirectoryRequest
from organizations.models import Correction, Person, Post, Unit
from organizations.services import corrections

from .edit.common import editor_view, put_errors

SENT_KEY = "correction_sent"


def _record(request: DirectoryRequest, kind: str, key: str) -> Unit | Post | Person:
    """The record, as the public page finds it for this viewer (404 otherwise)."""
    viewer = request.viewer
    if kind == "unit":
        return get_object_or_404(Unit, code=key)
    if kind == "post":
        return get_object_or_404(Post.objects.visible_to(viewer).select_related("unit"), code=key)
    if kind == "person":
        return get_object_or_404(Person.objects.visible_to(viewer), slug=key)
    raise Http404


def _name(record) -> str:
    return record.display_name if isinstance(record, Person) else str(record)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: DirectoryRequest, kind: str, key: str) -> HttpResponse:
    record = _record(request, kind, key)
    offered = corrections.offered_fields(request.viewer, record)
    sent = request.session.pop(SENT_KEY, None) if request.method != "POST" else None
    if sent and sent.get("record") == f"{kind}:{key}":
        return render(
            request,
            "directory/suggest_sent.html",
            {"record": record, "name": _name(record), "reference": sent["reference"]},
        )
    if request.method == "POST":
        retry = ratelimit.check(request, "suggest")
        if retry is not None:
            message = _("Too many requests. Please wait %(seconds)s seconds and try again.") % {
                "seconds": retry
            }
            response = render(request, "429.html", {"message": message, "retry": retry}, status=429)
            response["Retry-After"] = str(retry)
            return response
    form = forms.SuggestForm(request.POST or None, offered=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correction = corrections.suggest(
                record,
                viewer=request.viewer,
                field=data["field"],
                suggested=data["suggested"],
                comment=data["comment"],
                email=data["email"],
                language=get_language() or "uz",
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            request.session[SENT_KEY] = {
                "record": f"{kind}:{key}",
                "reference": correction.reference,
            }
            return HttpResponseRedirect(request.path)
    return render(
        request,
        "directory/suggest.html",
        {"record": record, "name": _name(record), "form": form, "kind": kind},
    )


# The editors' side --------------------------------------------------------------------------


@editor_view(methods=("GET", "HEAD"))
def correction_list(request: DirectoryRequest) -> HttpResponse:
    mine = Correction.objects.for_editor(request.viewer).select_related(
        "unit", "post", "person", "assigned_to"
    )
    status = request.GET.get("status", "open")
    if status not in Correction.Status.values:
        status = "open"
    shown = mine.filter(status=status).order_by("created_at" if status == "open" else "-decided_at")
    return render(
        request,
        "directory/edit/corrections.html",
        {
            "corrections": shown[:200],
            "count": shown.count(),
            "status": status,
            "statuses": Correction.Status.choices,
            "now": timezone.now(),
        },
    )


@editor_view()
def correction_detail(request: DirectoryRequest, pk: int) -> HttpResponse:
    correction = get_object_or_404(
        Correction.objects.for_editor(request.viewer).select_related(
            "unit", "post", "person", "assigned_to", "decided_by"
        ),
        pk=pk,
    )
    if not corrections.may_decide(request.user, correction):
        raise Http404
    can_apply = corrections.applicable(correction)
    form = forms.CorrectionDecisionForm(
        request.POST or None,
        can_apply=can_apply,
        initial={"value": correction.suggested_value, "decision": "apply" if can_apply else "done"},
    )
    if request.method == "POST" and correction.status == Correction.Status.OPEN and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "apply":
                corrections.apply_correction(correction, actor=request.user, value=data["value"])
            elif data["decision"] == "done":
                corrections.mark_done(correction, actor=request.user, note=data["reason"])
            else:
                corrections.reject_correction(correction, actor=request.user, reason=data["reason"])
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(
                request,
                _("Correction %(reference)s was decided.") % {"reference": correction.reference},
            )
            return HttpResponseRedirect(reverse("corrections"))
    return render(
        request,
        "directory/edit/correction.html",
        {
            "correction": correction,
            "record": correction.record,
            "name": _name(correction.record),
            "current": corrections.current_value(correction),
            "form": form,
            "can_apply": can_apply,
        },
    )
