"""The editing pages' one shape: signed in, never cached; a form, one service call, its refusals next to the fields, a conflict shown with the other editor's change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from directory.http import DirectoryRequest
from organizations import history as record_history
from organizations import services


def editor_view(methods=("GET", "HEAD", "POST")):
    """Signed in, never cached, only the given methods."""

    def decorate(view):
        return login_required(never_cache(require_http_methods(list(methods))(view)))

    return decorate


def check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def put_errors(form, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@dataclass
class Outcome:
    """What ``save_form`` returns: whether the service call went through, and what it
    returned (the saved record) if it did."""

    ok: bool
    result: Any = None


def save_form(request: DirectoryRequest, form, call) -> Outcome:
    """Run ``call`` (a service call) for a valid form: an ``Outcome`` with what it
    returned, or a failed one. On a refusal the reasons go on the form; on a conflict the editor's
    input is kept, the form takes the current version (a second save then deliberately
    overwrites) and ``form.conflict`` holds the other editor's changes."""
    form.conflict = None
    try:
        return Outcome(ok=True, result=call())
    except services.Conflict as conflict:
        loaded = form.cleaned_data.get("version")
        form.conflict = record_history.changes_since(conflict.current, loaded) if loaded else []
        data = form.data.copy()
        data["version"] = conflict.current.version
        form.data = data
        form.add_error(
            None,
            _(
                "Someone else saved this record while you were editing it. Their change is "
                "shown below; your input is kept. Save again to replace their values with yours."
            ),
        )
    except ValidationError as error:
        put_errors(form, error)
    return Outcome(ok=False)


def edit_page(
    request: DirectoryRequest, form, save, *, done: str, title, back, to=None, **page
) -> HttpResponse:
    """The editing pages' one shape: on a valid POST, ``save(cleaned_data)`` (a service
    call); on success go to ``to`` (default: the saved record's page) with ``done``;
    otherwise show the form again with the reasons and what was typed."""
    if request.method == "POST" and form.is_valid():
        saved = save_form(request, form, lambda: save(form.cleaned_data))
        if saved.ok:
            return succeeded(request, done, to or saved.result.get_absolute_url())
    return form_page(request, form, title=title, back=back, **page)


def form_page(
    request: DirectoryRequest, form, *, title, back, intro="", submit=None, danger=False
) -> HttpResponse:
    return render(
        request,
        "directory/edit/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "intro": intro,
            "submit": submit or _("Save"),
            "danger": danger,
        },
    )


def succeeded(request: DirectoryRequest, message: str, to: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(to)
