"""The smallest Django app: one view, no database, no template, no middleware. Served by
the same gunicorn as the portal, it is the floor that page throughput is measured against
(``benchmarks/load.py``)."""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("Hello", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
