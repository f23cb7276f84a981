"""Pages from a cache, and HTTP caching for proxies and CDNs.

``@public_page`` marks a view whose answer depends only on the address, the language,
the viewer's tier and the directory. Its rendered answer is kept in Django's cache under

    page : release : change counter : today : language : tier : notice : scheme, host and address

and served from there until the counter moves (``organizations.changes``: any write to
the directory, in any process, moves it before it commits, and a page is only kept when
no write was in progress while it was computed).

Tiers are kept apart: anonymous visitors share the public tier's pages; signed-in
readers who edit nothing share their own tier's (civil servants: public and internal),
with the account bar, the one part of a page that is the visitor's own, drawn afresh
for each request (with its CSRF token). Editors and administrators, other methods,
API keys, visitors with a message waiting, answers other than 200 and answers that set
a cookie are never kept or served from the cache. Kept public pages hold no CSRF token:
their one form, the language switch, needs none.

Kept pages are answered before the view by ``PageCacheMiddleware`` (anonymous visitors,
before sessions and sign-in run) and ``SignedInPageCacheMiddleware`` (signed-in readers,
once sign-in is known); the decorator computes and marks what they keep.

Anonymous answers say ``Cache-Control: public, max-age=PAGE_MAX_AGE`` with an ``ETag``
and ``Last-Modified``, and a repeated request with ``If-None-Match`` or
``If-Modified-Since`` gets 304. Signed-in answers stay ``private, no-store``
(``ViewerMiddleware``): no proxy or CDN may keep them. Rate limits still count: the
limit decorator sits outside.
"""

from __future__ import annotations

import functools
import hashlib
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from directory import ratelimit
from organizations import changes, dates

# What a kept answer keeps besides its body (the API's paging links).
KEPT_HEADERS = ("Content-Type", "Link")
PUBLIC = "public"
# The account bar (templates/directory/_account.html) between these marks is the one
# part of a page that is the visitor's own; it is drawn afresh for each request.
ACCOUNT_START, ACCOUNT_END = b"<!--account-->", b"<!--/account-->"


def public_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        tier = _tier(request)
        if tier is None:
            return view(request, *args, **kwargs)
        keeping = settings.PAGE_CACHE_SECONDS > 0
        looked_up = hasattr(request, "page_number")  # PageCacheMiddleware looked already
        number = request.page_number if looked_up else changes.current() if keeping else 0
        key = _key(request, number, tier)
        entry = cache.get(key) if keeping and not looked_up else None
        if entry is not None:
            parts, headers, etag, modified = entry
            response = HttpResponse(_join(request, parts), headers=headers)
            response.headers["X-Page-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if not _keepable(response, tier):
                return response
            etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            modified = int(time.time())
            response.headers["X-Page-Cache"] = "miss"
            if keeping and changes.settled(number):
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                # The account bar of an anonymous visitor is the same for every one of
                # them: only signed-in pages are kept without it.
                parts = (response.content,) if tier == PUBLIC else _split(response.content)
                entry = (parts, headers, etag, modified)
                if looked_up:
                    # The middleware keeps it, with the headers of every middleware.
                    response.page_entry = (key, entry)
                else:
                    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        if tier != PUBLIC:
            return response  # ViewerMiddleware makes it private, no-store
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(modified)
        response.headers["Cache-Control"] = f"public, max-age={settings.PAGE_MAX_AGE}"
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return get_conditional_response(
            request, etag=etag, last_modified=modified, response=response
        )

    wrapper.public_page = True  # type: ignore[attr-defined]  # read by the middleware
    return wrapper


class PageCacheMiddleware:
    """Anonymous pages from the cache before sessions, sign-in, CSRF and the rest run:
    what most requests are, at the least cost. It answers only what ``@public_page``
    kept for the public tier (with the headers every middleware added to it), counts
    the request against the view's rate limit, and leaves everything else, misses
    included, to the view and its decorator, keeping the page they mark as keepable."""

    SKIPPED_HEADERS = {"x-page-cache", "date", "content-length"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or not _anonymous_request(request):
            return self.get_response(request)
        return self.serve(request, lambda: PUBLIC)

    def serve(self, request, tier_of):
        """The kept page of ``tier_of()``'s tier for this address, or the view's answer
        (kept for next time when the view's decorator marked it keepable)."""
        view = _public_view(request)
        if view is None:
            return self.get_response(request)
        try:
            tier = tier_of()
            if tier is None:
                return self.get_response(request)
            number = changes.current()
        except DatabaseError:
            # The database is away: the view's way answers (503, logged without alarm).
            return self.get_response(request)
        request.page_number = number
        entry = cache.get(_key(request, number, tier))
        scope = getattr(view, "ratelimit_scope", None)
        if entry is not None and (scope is None or ratelimit.check(request, scope) is None):
            parts, headers, etag, modified = entry
            response = HttpResponse(_join(request, parts), headers=headers)
            response.headers["X-Page-Cache"] = "hit"
            if tier != PUBLIC:
                return response
            return get_conditional_response(
                request, etag=etag, last_modified=modified, response=response
            )
        # A miss, or over the limit: the view's decorators answer (and count) it.
        response = self.get_response(request)
        kept = getattr(response, "page_entry", None)
        if kept and response.status_code == 200 and not response.cookies:
            key, (parts, _headers, etag, modified) = kept
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in self.SKIPPED_HEADERS
            }
            cache.set(key, (parts, headers, etag, modified), settings.PAGE_CACHE_SECONDS)
        return response


class SignedInPageCacheMiddleware(PageCacheMiddleware):
    """Signed-in readers' kept pages (``_tier``: civil servants who edit nothing), as
    soon as sign-in, CSRF, messages and the viewer are known, before the rest of the
    middleware, the URL's second resolving and the view's decorators run. Their own
    account bar (with their own CSRF token) is drawn into the page; the middleware
    outside adds what is the request's own (the CSRF cookie, ``private, no-store``)."""

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or _anonymous_request(request):
            return self.get_response(request)
        return self.serve(request, lambda: _tier(request))


def _public_view(request):
    """The view of this address if it is a ``@public_page``, else None."""
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    return view if getattr(view, "public_page", False) else None


def _anonymous_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and "Authorization" not in request.headers
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _tier(request) -> str | None:
    """The tier whose kept pages this request may be given, or None: nothing kept.

    Anonymous visitors get the public tier's pages; signed-in readers who edit nothing
    get their tier's (civil servants: public and internal). Editors and administrators,
    whose pages show what only they may do, get none; nor does anyone with a message
    waiting, an API key, or another method than GET."""
    if _anonymous_request(request):
        return PUBLIC
    if request.method not in ("GET", "HEAD") or "Authorization" in request.headers:
        return None
    if "messages" in request.COOKIES:
        return None
    if not request.user.is_authenticated or "_messages" in request.session:
        return None
    viewer = request.viewer
    if viewer.is_editor or viewer.sees_everything:
        return None
    return "signed-in:" + "+".join(viewer.global_tiers)


def _keepable(response, tier: str) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    # A public answer a view marked private is not for everyone; a signed-in one always
    # says private (to proxies), which does not stop the server keeping it for its tier.
    return tier != PUBLIC or ("private" not in control and "no-store" not in control)


def _split(content: bytes) -> tuple[bytes, ...]:
    """The page without the account bar, which is drawn for each request."""
    before, start, rest = content.partition(ACCOUNT_START)
    if not start:
        return (content,)
    _account, end, after = rest.partition(ACCOUNT_END)
    return (before + start, end + after)


def _join(request, parts: tuple[bytes, ...]) -> bytes:
    if len(parts) == 1:
        return parts[0]
    return parts[0] + _account_bar(request) + parts[1]


# The signed-in account bar depends on nothing but these (see the template), so each
# process draws it once per language, name and links, and puts the reader's own CSRF
# token (masked afresh for each answer, as Django does) into the copy.
_ACCOUNT_BARS: dict[tuple, str] = {}
_TOKEN_MARK = "\x1acsrf-token\x1a"


def _account_bar(request) -> bytes:
    user, viewer = request.user, request.viewer
    key = (
        get_language(),
        user.get_username(),
        bool(viewer.is_administrator or viewer.editable_paths),
        bool(user.is_staff),
    )
    fragment = _ACCOUNT_BARS.get(key)
    if fragment is None:
        fragment = render_to_string(
            "directory/_account.html", {"csrf_token": _TOKEN_MARK}, request=request
        )
        if len(_ACCOUNT_BARS) >= 10_000:
            _ACCOUNT_BARS.clear()
        _ACCOUNT_BARS[key] = fragment
    return fragment.replace(_TOKEN_MARK, get_token(request)).encode()


def _key(request, number: int, tier: str) -> str:
    # The whole address, scheme and host included: pages and API answers hold absolute
    # links (JSON-LD, the API's own links), which differ by the name they were asked by.
    # (What build_absolute_uri gives for the request's own address, at a third of its cost:
    # this runs on every request the cache answers.)
    whole = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    address = hashlib.md5(whole.encode(), usedforsecurity=False).hexdigest()
    return ":".join(
        (
            "page",
            release(),
            str(number),
            dates.today().isoformat(),
            get_language() or "",
            tier,
            _digest(settings.PORTAL_NOTICE),
            address,
        )
    )


@functools.lru_cache(maxsize=16)
def _digest(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()[:8]


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
