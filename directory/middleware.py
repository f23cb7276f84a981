"""Request-wide rules: what the visitor may see, parameters no view has to fear, and a
database outage answered with 503 instead of a traceback."""

from django.db import DatabaseError
from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from directory.views import errors
from organizations import permissions


class ViewerMiddleware:
    """Compute once per request what the visitor may see (``request.viewer``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: permissions.viewer_for(request.user))
        response = self.get_response(request)
        if request.path.startswith(("/admin/", "/accounts/")) or _signed_in(request):
            # Pages for signed-in users carry internal data: never in a shared cache.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


def _signed_in(request) -> bool:
    try:
        return request.user.is_authenticated
    except DatabaseError:  # the session cannot be read (database away): assume so
        return True


class SafeParametersMiddleware:
    """No parameter can reach a view with a character the database cannot store.

    PostgreSQL text cannot hold NUL (U+0000): a query parameter, form field or cookie
    with one would fail deep inside a query. Parameters with one are refused here with
    400 (JSON for the API and exports), for every view at once; a cookie with one is
    ignored, as if it had not been sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if "\x00" in name + value]:
            del request.COOKIES[name]
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            message = _("The request contains a character that is not allowed (NUL).")
            if errors.wants_json(request):
                return JsonResponse({"error": message}, status=400)
            # Rendered on its own: sessions and sign-in have not run yet.
            page = loader.get_template("400.html").render({"message": message})
            return HttpResponseBadRequest(page)
        return self.get_response(request)


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


class DatabaseUnavailableMiddleware:
    """A view that fails because the database is out of reach answers 503 (also with
    ``DEBUG`` on); failures outside views reach ``handler500``, which does the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if errors.is_database_unavailable(exception):
            return errors.unavailable(request)
        return None
