from django.conf import settings


def portal(request):
    return {
        "viewer": getattr(request, "viewer", None),
        "portal_notice": settings.PORTAL_NOTICE,
    }
