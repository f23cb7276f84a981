"""Who edits a unit: the grants on it and above it, given and taken back by those who may."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from directory import forms
from directory.http import DirectoryRequest
from organizations import permissions, queries, services
from organizations.models import Unit, UnitUserObjectPermission

# Editors of a unit
from .common import check, editor_view, save_form, succeeded


@editor_view()
def unit_editors(request: DirectoryRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    check(permissions.can_manage(request.user, unit))
    form = forms.GrantForm(
        request.POST or None, may_grant_manage=permissions.is_administrator(request.user)
    )
    if request.method == "POST" and "revoke" in request.POST:
        revoke = request.POST.get("revoke", "")
        grant = get_object_or_404(
            UnitUserObjectPermission.objects.select_related("user", "permission", "content_object"),
            content_object__path__startswith=unit.path,
            pk=int(revoke) if revoke.isdigit() else None,
        )
        services.revoke_editor(grant, actor=request.user)
        return succeeded(
            request,
            _("%(user)s no longer edits this unit.") % {"user": grant.user.get_username()},
            reverse("unit_editors", args=[unit.code]),
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = save_form(
            request,
            form,
            lambda: services.grant_editor(
                data["username"], unit, data["permission"], actor=request.user
            ),
        )
        if saved.ok:
            return succeeded(
                request,
                _("%(user)s now edits this unit.") % {"user": data["username"].get_username()},
                reverse("unit_editors", args=[unit.code]),
            )
    return render(
        request,
        "directory/edit/editors.html",
        {
            "unit": unit,
            "back": unit,
            "form": form,
            "grants": queries.unit_grants(unit),
            "is_administrator": permissions.is_administrator(request.user),
        },
    )
