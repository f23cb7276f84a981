"""Error pages that never depend on the database being there.

A database that is restarting, stopped or out of reach makes any page fail with Django's
``OperationalError`` or ``InterfaceError``, raised in a view or in a middleware (sessions,
sign-in). Those answer 503 with ``Retry-After`` and a short page saying the directory is
back in a moment; the API and exports answer the same in JSON. The page is rendered
without the request context, which would read the session from the very database that
is gone. Every other failure is a plain 500 page, never a traceback.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from directory.http import DirectoryRequest

RETRY_AFTER_SECONDS = 5
JSON_PREFIXES = ("/api/", "/export/")


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def wants_json(request: DirectoryRequest) -> bool:
    return request.path.startswith(JSON_PREFIXES)


def unavailable(request: DirectoryRequest) -> HttpResponse:
    """503: the database is out of reach for a moment."""
    message = _("The directory is temporarily unavailable. Please try again in a few seconds.")
    if wants_json(request):
        response: HttpResponse = JsonResponse({"error": message}, status=503)
    else:
        page = loader.get_template("503.html").render(
            {"message": message, "retry": RETRY_AFTER_SECONDS}
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: DirectoryRequest) -> HttpResponse:
    """``handler500``: Django calls it while handling the exception."""
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable(request)
    if wants_json(request):
        return JsonResponse({"error": _("Something went wrong on our side.")}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())


def page_not_found(request: DirectoryRequest, exception: Exception) -> HttpResponse:
    """``handler404``: JSON under the API and exports, the portal's page elsewhere."""
    if wants_json(request):
        return JsonResponse({"error": _("There is no such record.")}, status=404)
    return defaults.page_not_found(request, exception)


def locked_out(request: DirectoryRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: our page, 429 with ``Retry-After``
    (the cool-off period), so that clients and proxies know when to try again."""
    from axes.helpers import get_cool_off
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 3600
    response = render(request, "registration/locked_out.html", status=429)
    response["Retry-After"] = str(seconds)
    return response
