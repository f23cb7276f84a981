from django.conf import settings

from organizations.dates import today


def portal(request):
    as_of = getattr(request, "as_of", None)
    return {
        "viewer": getattr(request, "viewer", None),
        "portal_notice": settings.PORTAL_NOTICE,
        # A page of a past day (``?on=``): the banner, and links that keep the day.
        "as_of": as_of,
        "on_query": f"?on={as_of.isoformat()}" if as_of else "",
        "today": today(),
    }
