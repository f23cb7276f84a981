from django.utils.functional import SimpleLazyObject

from organizations.visibility import Viewer


class ViewerMiddleware:
    """Compute once per request what the visitor may see (``request.viewer``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(lambda: Viewer.for_user(request.user))
        response = self.get_response(request)
        if request.path.startswith(("/admin/", "/accounts/")) or request.user.is_authenticated:
            # Pages for signed-in users carry internal data: never in a shared cache.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
