"""Anonymous pages from a cache, and HTTP caching for proxies and CDNs.

``@public_page`` marks a view whose answer depends only on the address, the language,
the viewer's tier and the directory. For an anonymous visitor (no session, no pending
message) the rendered answer is kept in Django's cache under

    page : release : change counter : today : language : tier : notice : address

and served from there until the counter moves (``organizations.changes``: any write to
the directory, in any process, moves it before it commits, and a page is only kept when
no write was in progress while it was computed). Nothing else is ever kept: signed-in
visitors, other methods, answers other than 200, answers that set a cookie or say
``private``. A page kept is the same for everyone of its tier, so it holds no CSRF
token (the one form on public pages, the language switch, needs none).

Each anonymous answer says ``Cache-Control: public, max-age=PAGE_MAX_AGE`` with an
``ETag`` and ``Last-Modified``, and a repeated request with ``If-None-Match`` or
``If-Modified-Since`` gets 304. Signed-in answers stay ``private, no-store``
(``ViewerMiddleware``). Rate limits still count: the limit decorator sits outside.
"""

from __future__ import annotations

import functools
import hashlib
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from organizations import changes, dates

# Cookies that make a visitor not anonymous, or give them a page of their own.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# What a kept answer keeps besides its body (the API's paging links).
KEPT_HEADERS = ("Content-Type", "Link")


def public_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _anonymous(request):
            return view(request, *args, **kwargs)
        keeping = settings.PAGE_CACHE_SECONDS > 0
        number = changes.current() if keeping else 0
        entry = cache.get(key := _key(request, number)) if keeping else None
        if entry is not None:
            content, headers, etag, modified = entry
            response = HttpResponse(content, headers=headers)
            response.headers["X-Page-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if not _shareable(response):
                return response
            etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            modified = int(time.time())
            if keeping and changes.settled(number):
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                entry = (response.content, headers, etag, modified)
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response.headers["X-Page-Cache"] = "miss"
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(modified)
        response.headers["Cache-Control"] = f"public, max-age={settings.PAGE_MAX_AGE}"
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return get_conditional_response(
            request, etag=etag, last_modified=modified, response=response
        )

    wrapper.public_page = True
    return wrapper


def _anonymous(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if "Authorization" in request.headers:
        return False
    if any(name in request.COOKIES for name in PERSONAL_COOKIES):
        return False
    return not request.user.is_authenticated


def _shareable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _key(request, number: int) -> str:
    address = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return ":".join(
        (
            "page",
            release(),
            str(number),
            dates.today().isoformat(),
            get_language() or "",
            "public",
            hashlib.md5(settings.PORTAL_NOTICE.encode(), usedforsecurity=False).hexdigest()[:8],
            address,
        )
    )


@functools.cache
def release() -> str:
    """What the pages were made with: the code, templates and translations of this
    installation (their names, sizes and times). A new release never serves the pages
    of the last one from a shared cache."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.md5(usedforsecurity=False)
    for folder in ("directory", "organizations", "templates", "locale", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".mo", ".css", ".js", ".svg") and path.is_file():
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode()
                )
    return digest.hexdigest()[:12]
