"""Rate limits per client for the public search, the API and exports (Django's cache).

A fixed window per client and scope: the first request of a window stores a counter
that expires with the window; each request increments it; past the limit the client
gets a 429 page (HTML, or JSON for the API) with ``Retry-After``. Limits are set in
``RATE_LIMITS`` (requests, seconds) per scope; ``None`` turns limiting off. The client
is the signed-in user, else the IP address (``REMOTE_ADDR``, or the first address of
``X-Forwarded-For`` when ``TRUST_X_FORWARDED_FOR`` says a proxy sets it).
"""

from __future__ import annotations

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_id(request) -> str:
    # Before sign-in has run (directory.pagecache.PageCacheMiddleware) the visitor is
    # anonymous: it answers only requests without a session.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{request.user.pk}"
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[0].strip()
    return "ip:" + hashlib.sha256(address.encode()).hexdigest()[:24]


def check(request, scope: str) -> int | None:
    """None if the request may go on, else the seconds until it may retry."""
    limits = settings.RATE_LIMITS or {}
    if limits.get(scope) is None:
        return None
    allowed, window = limits[scope]
    now = int(time.time())
    start = now - now % window
    key = f"rate:{scope}:{client_id(request)}:{start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count > allowed:
        return max(start + window - now, 1)
    return None


def limited(scope: str, *, json: bool = False):
    """Decorate a view with the limit of ``scope``."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            retry = check(request, scope)
            if retry is None:
                return view(request, *args, **kwargs)
            message = _("Too many requests. Please wait %(seconds)s seconds and try again.") % {
                "seconds": retry
            }
            response: HttpResponse
            if json:
                response = JsonResponse({"error": message}, status=429)
            else:
                response = render(
                    request, "429.html", {"message": message, "retry": retry}, status=429
                )
            response["Retry-After"] = str(retry)
            return response

        wrapper.ratelimit_scope = scope  # type: ignore[attr-defined]  # read by pagecache
        return wrapper

    return decorate
