"""The read-only JSON API (``/api/``) and the open-data exports.

Anonymous callers get the public tier; signed-in callers (session, or an API key sent as
``Authorization: Bearer <key>``) get their own tier. Records come from
``organizations.interchange`` (built through the visibility policy). Lists are paged
with ``next``/``previous`` in the body and a ``Link`` header; every answer has an ETag
and ``If-None-Match`` gets 304. Bad parameters get 400, unknown records 404, always as
JSON with an ``error`` message.
"""

from __future__ import annotations

import functools
import hashlib
import json
from urllib.parse import urlencode

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from directory import pagecache, ratelimit
from directory.forms import SearchForm
from directory.http import DirectoryRequest
from organizations import asof, permissions, queries, services
from organizations.interchange import exports, records
from organizations.models import Person, Post, Unit
from organizations.search import PAGE_SIZE, Filters
from organizations.search import search as run_search
from organizations.visibility import Viewer

from .openapi import description

LIST_SIZE = 100
MAX_PAGE = 1_000_000


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def caller(request: DirectoryRequest) -> tuple[Viewer, AbstractBaseUser | None]:
    """(viewer, the signed-in user or None) from an API key or the session. A key that
    is sent but not valid is refused rather than quietly read as anonymous."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, key = header.partition(" ")
        user = services.api_user(key.strip()) if scheme.lower() in ("bearer", "token") else None
        if user is None:
            raise ApiError(_("The API key is not valid."), 401)
        return permissions.viewer_for(user), user
    return request.viewer, request.user if request.user.is_authenticated else None


def api(view):
    """GET only; the caller's viewer; rate limit; JSON with ETag and Link headers. No
    CSRF check: nothing here changes anything, and other methods get a JSON 405."""

    @csrf_exempt
    @functools.wraps(view)
    @ratelimit.limited("api", json=True)
    @pagecache.public_page
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            refused = _error(_("The API is read-only."), 405)
            refused["Allow"] = "GET, HEAD"
            return refused
        try:
            repeated = sorted(name for name, values in request.GET.lists() if len(values) > 1)
            if repeated:
                raise ApiError(
                    _("Give each parameter once (repeated: %(names)s).")
                    % {"names": ", ".join(repeated)[:200]}
                )
            viewer, user = caller(request)
            try:
                request.as_of = asof.parse_on(request.GET.get("on"))
            except asof.DateProblem as problem:
                raise ApiError(str(problem)) from None
            data, links = view(request, viewer, *args, **kwargs)
        except ApiError as error:
            refused = _error(error.message, error.status)
            if error.status == 401:
                refused["WWW-Authenticate"] = 'Bearer realm="api"'
            return refused
        except Http404:
            return _error(_("There is no such record."), 404)
        body = json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)
        etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response: HttpResponse = HttpResponseNotModified()
        else:
            response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
        if links:
            response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
        # Answers differ by caller: shared caches must not mix them up.
        response["Cache-Control"] = "private, no-store" if user else "public, max-age=60"
        patch_vary_headers(response, ["Authorization", "Cookie", "Accept-Language"])
        return response

    return wrapper


def _page_number(request: DirectoryRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise ApiError(_("“page” must be a whole number from 1."))
    return int(raw)


def _unit_param(request: DirectoryRequest, name: str = "within") -> Unit | None:
    code = request.GET.get(name, "")
    if not code:
        return None
    unit = Unit.objects.filter(code=code[:64]).first()
    if unit is None:
        raise ApiError(_("There is no unit “%(code)s”.") % {"code": code[:64]}, 404)
    return unit


def _page_links(request: DirectoryRequest, page: int, pages: int) -> dict[str, str]:
    """The addresses of the next and previous pages (those that exist), with the
    request's other parameters kept."""
    links = {}
    for rel, number in (("next", page + 1), ("prev", page - 1)):
        if 1 <= number <= pages:
            query = request.GET.copy()
            query["page"] = str(number)
            links[rel] = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return links


def _paged(request: DirectoryRequest, queryset, serialise):
    """One page of ``queryset`` (ordered), with count, page links and the Link header."""
    size = LIST_SIZE
    page = _page_number(request)
    count = queryset.count()
    pages = max((count + size - 1) // size, 1)
    if page > pages:
        raise ApiError(_("There are only %(pages)s pages.") % {"pages": pages}, 404)
    items = serialise(queryset[(page - 1) * size : page * size])
    links = _page_links(request, page, pages)
    data = {
        "count": count,
        "page": page,
        "pages": pages,
        "next": links.get("next"),
        "previous": links.get("prev"),
        "results": items,
    }
    return data, links


@api
def root(request: DirectoryRequest, viewer: Viewer):
    return {
        "units": request.build_absolute_uri(reverse("api_units")),
        "people": request.build_absolute_uri(reverse("api_people")),
        "search": request.build_absolute_uri(reverse("api_search")) + "?q=",
        "openapi": request.build_absolute_uri(reverse("api_openapi")),
        "exports": {
            fmt: request.build_absolute_uri(reverse("export")) + "?" + urlencode({"format": fmt})
            for fmt in EXPORTS
        },
    }, {}


class _Listed:
    """Records of a past day, already in hand, paged like a queryset."""

    def __init__(self, items: list):
        self.items = items

    def count(self) -> int:
        return len(self.items)

    def __getitem__(self, index: slice) -> list:
        return self.items[index]


@api
def units(request: DirectoryRequest, viewer: Viewer):
    within = _unit_param(request)
    if request.as_of:
        found = asof.all_units(request.as_of, within=within)
        return _paged(request, _Listed(found), lambda page: [records.unit_summary(u) for u in page])
    queryset = Unit.objects.all().order_by("path")
    if within:
        queryset = queryset.filter(path__startswith=within.path)
    return _paged(request, queryset, lambda page: [records.unit_summary(u) for u in page])


def _not_then(on) -> ApiError:
    return ApiError(
        _("There is no such record on %(date)s.") % {"date": on.isoformat()}, status=404
    )


@api
def unit(request: DirectoryRequest, viewer: Viewer, code: str):
    if request.as_of:
        then = asof.unit(code, request.as_of)
        if then is None:
            raise _not_then(request.as_of)
        return records.unit(viewer, then, request.as_of), {}
    return records.unit(viewer, get_object_or_404(Unit, code=code)), {}


@api
def post(request: DirectoryRequest, viewer: Viewer, code: str):
    if request.as_of:
        then = asof.post(viewer, code, request.as_of)
        if then is None:
            raise _not_then(request.as_of)
        return records.post(viewer, then, request.as_of), {}
    found = get_object_or_404(
        queries.posts_with_holders(viewer, Post.objects.select_related("unit", "reports_to__unit")),
        code=code,
    )
    return records.post(viewer, found), {}


@api
def people(request: DirectoryRequest, viewer: Viewer):
    if request.as_of:
        found = asof.people_holding(viewer, request.as_of)
        return _paged(
            request, _Listed(found), lambda page: [records.person_summary(p) for p in page]
        )
    queryset = Person.objects.visible_to(viewer).order_by("family_name", "given_name", "pk")
    return _paged(request, queryset, lambda page: records.people_page(viewer, page))


@api
def person(request: DirectoryRequest, viewer: Viewer, slug: str):
    if request.as_of:
        page = asof.person_page(viewer, slug, request.as_of)
        if page is None:
            raise _not_then(request.as_of)
        record = queries.PersonRecord(page.person, page.current, page.past, page.contacts)
        data = records.person(viewer, page.person, record)
        return {**data, "as_of": request.as_of}, {}
    return records.person(
        viewer, get_object_or_404(Person.objects.visible_to(viewer), slug=slug)
    ), {}


@api
def search(request: DirectoryRequest, viewer: Viewer):

    form = SearchForm(request.GET)
    if not form.is_valid():
        raise ApiError(
            "; ".join(
                f"{field}: {' '.join(str(e) for e in errors)}"
                for field, errors in form.errors.items()
            )
        )
    values, _notes = form.cleaned()
    values["page"] = _page_number(request)
    within = _unit_param(request)
    results = run_search(
        viewer,
        values["q"],
        Filters(
            within_path=within.path if within else "",
            kind=values["kind"],
            vacant=values["vacant"],
            status=values["status"],
            among=asof.search_scope(viewer, request.as_of) if request.as_of else None,
        ),
        values["page"],
    )
    if results.total and values["page"] > results.pages:
        raise ApiError(_("There are only %(pages)s pages.") % {"pages": results.pages}, 404)
    if request.as_of:
        results.hits = asof.dress_hits(viewer, results.hits, request.as_of)

    def hit(h):
        item = {"kind": h.kind, "path": [u.code for u in h.breadcrumbs]}
        if h.kind == "unit":
            item["unit"] = records.unit_summary(h.unit)
        elif h.kind == "post":
            item["post"] = records.post_summary(h.post)
        else:
            item["person"] = records.person_summary(h.person)
            item["posts"] = [
                {
                    "post": a.post.code,
                    "title": records.translations(a.post, "title"),
                    "unit": a.post.unit.code,
                }
                for a in h.appointments
            ]
            item["contacts"] = [records.contact(c) for c in h.person.visible_contacts]
            if h.former:
                item["former"] = {
                    "post": h.former.post.code,
                    "title": records.translations(h.former.post, "title"),
                    "unit": h.former.post.unit.code,
                    "until": h.former.ends_on,
                }
        return item

    links = _page_links(request, results.page, results.pages if results.total else 0)
    return {
        "query": results.query.text,
        "count": results.total,
        "current": results.current,
        "former": results.former,
        "unmatched": list(results.query.unmatched),
        "page": results.page,
        "pages": results.pages,
        "page_size": PAGE_SIZE,
        "next": links.get("next"),
        "previous": links.get("prev"),
        "results": [hit(h) for h in results.hits],
    }, links


@api
def openapi(request: DirectoryRequest, viewer: Viewer):

    return description(request.build_absolute_uri("/api/")), {}


# Exports ---------------------------------------------------------------------------

EXPORTS = {
    # The directory table, for reading in a spreadsheet (not for import).
    "csv": (exports.csv_stream, "text/csv; charset=utf-8", "csv"),
    # Our CSV records: the import format.
    "records": (exports.records_stream, "text/csv; charset=utf-8", "records.csv"),
    "json": (exports.json_stream, "application/json", "json"),
    "popolo": (exports.popolo_stream, "application/json", "popolo.json"),
    # Posts, filled and vacant, per unit and with everything below it.
    "headcount": (exports.headcount_stream, "text/csv; charset=utf-8", "headcount.csv"),
}


@csrf_exempt
@ratelimit.limited("export", json=True)
def export(request: DirectoryRequest) -> HttpResponseBase:
    """The directory (or a subtree, ``within=CODE``) for the caller's tier, streamed."""
    if request.method not in ("GET", "HEAD"):
        return _error(_("Exports are read-only."), 405)
    fmt = request.GET.get("format", "csv")
    if fmt not in EXPORTS:
        return _error(
            _("Unknown format “%(format)s”: use %(formats)s.")
            % {"format": fmt[:20], "formats": ", ".join(EXPORTS)},
            400,
        )
    try:
        viewer, user = caller(request)
        within = _unit_param(request)
    except ApiError as error:
        return _error(error.message, error.status)
    stream, content_type, extension = EXPORTS[fmt]
    made_for = user.get_username() if user else "anonymous"
    response = StreamingHttpResponse(stream(viewer, within, made_for), content_type=content_type)
    name = f"directory-{within.code if within else 'all'}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store" if user else "public, max-age=3600"
    patch_vary_headers(response, ["Authorization", "Cookie"])
    return response
