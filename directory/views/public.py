"""Pages anyone can open. Each view: look up (404 if unknown or not visible), ask
organizations.queries for what the viewer may see, render."""

import datetime
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.i18n import set_language as django_set_language

from directory import pagecache, ratelimit
from directory.forms import SearchForm
from directory.http import DirectoryRequest
from organizations import asof, permissions, queries
from organizations.interchange import jsonld, vcard
from organizations.models import Person, Post, Unit
from organizations.search import Filters
from organizations.search import search as run_search

QR_SECONDS = 7 * 24 * 3600

# The language switch is on every page, kept ones included, so its form holds no CSRF
# token: a forged switch can only change the visitor's language cookie.
set_language = csrf_exempt(django_set_language)


def _rights(request: DirectoryRequest, unit: Unit) -> dict[str, Any]:
    """Which editing actions to offer on a page of (or in) ``unit``. Anonymous visitors
    and readers cost no query: ``request.viewer`` knows the paths the user edits."""
    if not request.viewer.edits_path(unit.path):
        return {}
    return {
        "edit": True,
        "manage": permissions.can_manage(request.user, unit),
        "reorganise": permissions.can_reorganise(request.user, unit),
    }


def dated(view):
    """A page that can show a past day (``?on=YYYY-MM-DD``): the day is read once into
    ``request.as_of`` (None for today); a day the directory cannot show answers 400
    with the reason and a date field to choose another."""

    @wraps(view)
    def wrapper(request: DirectoryRequest, *args, **kwargs) -> HttpResponse:
        try:
            request.as_of = asof.parse_on(request.GET.get("on"))
        except asof.DateProblem as problem:
            request.as_of = None
            return render(
                request,
                "directory/dated_problem.html",
                {"message": str(problem), "first": asof.records_begin()},
                status=400,
            )
        return view(request, *args, **kwargs)

    return wrapper


def _not_then(request: DirectoryRequest, record, on: datetime.date) -> HttpResponse:
    """A record that exists today but not on the day asked for (or not for this viewer)."""
    return render(request, "directory/not_then.html", {"record": record, "on": on}, status=404)


@require_safe
@pagecache.public_page
@dated
def home(request: DirectoryRequest) -> HttpResponse:
    on = request.as_of
    units = asof.top_units(on) if on else queries.top_units()
    return render(request, "directory/home.html", {"units": units})


def _unit_then(request: DirectoryRequest, code: str, on: datetime.date) -> HttpResponse:
    unit = asof.unit(code, on)
    if unit is None:
        return _not_then(request, get_object_or_404(Unit, code=code), on)
    page = asof.unit_page(request.viewer, unit, on)
    data = jsonld.unit_data(
        unit,
        _base_url(request),
        breadcrumbs=page.breadcrumbs,
        children=page.children,
        contacts=page.contacts,
    )
    context = {
        "unit": unit,
        "breadcrumbs": page.breadcrumbs,
        "children": page.children,
        "contacts": page.contacts,
        "posts": page.posts,
        "successors": (),
        "rights": {},
        "jsonld": mark_safe(jsonld.script(data)),
    }
    return render(request, "directory/unit.html", context)


@require_safe
@pagecache.public_page
@dated
def unit_detail(request: DirectoryRequest, code: str) -> HttpResponse:
    if request.as_of:
        return _unit_then(request, code, request.as_of)
    unit = get_object_or_404(Unit, code=code)
    viewer = request.viewer
    breadcrumbs = queries.breadcrumbs(unit)
    children = list(queries.children(unit))
    contacts = list(queries.visible_contacts(viewer).filter(unit=unit))
    predecessors = list(unit.predecessors.all())
    successors = list(unit.successors.all()) if unit.abolished_on else []
    data = jsonld.unit_data(
        unit,
        _base_url(request),
        breadcrumbs=breadcrumbs,
        children=children,
        contacts=contacts,
        predecessors=predecessors,
        successors=successors,
    )
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs,
        "children": children,
        "contacts": contacts,
        "posts": queries.posts_with_holders(viewer, Post.objects.current().filter(unit=unit)),
        "headcount": None if unit.abolished_on else queries.headcount(viewer, unit),
        "successors": successors,
        "predecessors": predecessors,
        "rights": _rights(request, unit),
        "jsonld": mark_safe(jsonld.script(data)),
    }
    return render(request, "directory/unit.html", context)


def _post_then(request: DirectoryRequest, code: str, on: datetime.date) -> HttpResponse:
    post = asof.post(request.viewer, code, on)
    if post is None:
        current = get_object_or_404(
            queries.posts_with_holders(request.viewer, Post.objects.all()), code=code
        )
        return _not_then(request, current, on)
    context = {
        "post": post,
        "unit": post.unit,
        "breadcrumbs": [*asof.breadcrumbs(post.unit, on), post.unit],
        "holders": asof.past_holders(request.viewer, post, on),
        "rights": {},
    }
    return render(request, "directory/post.html", context)


@require_safe
@pagecache.public_page
@dated
def post_detail(request: DirectoryRequest, code: str) -> HttpResponse:
    if request.as_of:
        return _post_then(request, code, request.as_of)
    viewer = request.viewer
    post = get_object_or_404(
        queries.posts_with_holders(viewer, Post.objects.select_related("unit")), code=code
    )
    context = {
        "post": post,
        "unit": post.unit,
        "breadcrumbs": [*queries.breadcrumbs(post.unit), post.unit],
        "holders": queries.post_holders(viewer, post),
        "rights": {"edit": viewer.edits_path(post.unit.path)},
    }
    return render(request, "directory/post.html", context)


def _person_then(request: DirectoryRequest, slug: str, on: datetime.date) -> HttpResponse:
    page = asof.person_page(request.viewer, slug, on)
    if page is None:
        return _not_then(
            request, get_object_or_404(Person.objects.visible_to(request.viewer), slug=slug), on
        )
    record = queries.PersonRecord(
        person=page.person, current=page.current, past=page.past, contacts=page.contacts
    )
    return render(
        request,
        "directory/person.html",
        {
            "person": page.person,
            "record": record,
            "rights": {},
            "jsonld": mark_safe(
                jsonld.script(jsonld.person_data(page.person, _base_url(request), record))
            ),
        },
    )


@require_safe
@pagecache.public_page
@dated
def person_detail(request: DirectoryRequest, slug: str) -> HttpResponse:
    if request.as_of:
        return _person_then(request, slug, request.as_of)
    person = get_object_or_404(Person.objects.visible_to(request.viewer), slug=slug)
    viewer = request.viewer
    record = queries.person_record(viewer, person)
    rights: dict[str, Any] = {}
    if viewer.is_editor:
        home = person.home_units()
        rights["edit"] = viewer.owns_person(u.path for u in home)
        # An editor who sees the person through one of their units, but may not edit
        # them: say which of the person's units are not theirs.
        elsewhere = [u for u in home if not viewer.edits_path(u.path)]
        if elsewhere and len(elsewhere) < len(home):
            rights["elsewhere"] = elsewhere
    card = vcard.person_card(viewer, person, record, _base_url(request))
    return render(
        request,
        "directory/person.html",
        {
            "person": person,
            "record": record,
            "rights": rights,
            # The QR code holds the same card as the download, for this viewer's tier.
            "qr": mark_safe(_qr_svg(card)),
            "jsonld": mark_safe(
                jsonld.script(jsonld.person_data(person, _base_url(request), record))
            ),
        },
    )


def _base_url(request: DirectoryRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _qr_svg(text: str) -> str:
    """The QR code of a contact card. Drawing one costs more than the rest of the page,
    so each is drawn once and kept under the digest of what it holds: the key is the card
    itself, so no viewer can reach a code whose content they were not given."""
    import hashlib

    import segno

    title = _("Contact card (QR code)")
    key = "qr:" + hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
    return cast(
        str,
        cache.get_or_set(
            key,
            lambda: segno.make(text, error="m").svg_inline(scale=3, title=title),
            timeout=QR_SECONDS,
        ),
    )


def _vcard_response(card: str, name: str) -> HttpResponse:
    response = HttpResponse(card, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.vcf"'
    return response


@require_safe
@pagecache.public_page
def person_vcard(request: DirectoryRequest, slug: str) -> HttpResponse:
    """The person's contact card (vCard 4.0) with what this viewer may see."""
    viewer = request.viewer
    person = get_object_or_404(Person.objects.visible_to(viewer), slug=slug)
    record = queries.person_record(viewer, person)
    return _vcard_response(vcard.person_card(viewer, person, record, _base_url(request)), slug)


@require_safe
@pagecache.public_page
def post_vcard(request: DirectoryRequest, code: str) -> HttpResponse:
    """The office's contact card: the post, its unit, and its holder if visible."""
    viewer = request.viewer
    post = get_object_or_404(
        queries.posts_with_holders(viewer, Post.objects.select_related("unit")), code=code
    )
    card = vcard.post_card(
        viewer, post, post.current_appointments, queries.breadcrumbs(post.unit), _base_url(request)
    )
    return _vcard_response(card, code)


@require_safe
@ratelimit.limited("search")
@pagecache.public_page
@dated
def search(request: DirectoryRequest) -> HttpResponse:
    """Units, posts and people in one list, paged without a cap. Filters and the page
    are in the address, so results can be shared; nothing typed can fail the page."""
    values, notes = SearchForm(request.GET).cleaned()
    within = Unit.objects.filter(code=values["within"]).first() if values["within"] else None
    if values["within"] and within is None:
        notes.append(
            _("There is no unit “%(code)s”: searching everywhere.") % {"code": values["within"]}
        )
    on = request.as_of
    filters = Filters(
        within_path=within.path if within else "",
        kind=values["kind"],
        vacant=values["vacant"],
        status=values["status"],
        among=asof.search_scope(request.viewer, on) if on else None,
    )
    results = run_search(request.viewer, values["q"], filters, values["page"])
    if results.total and values["page"] > results.pages:
        notes.append(
            _("There are only %(pages)s pages: showing the last one.") % {"pages": results.pages}
        )
        results = run_search(request.viewer, values["q"], filters, results.pages)
    if on:
        results.hits = asof.dress_hits(request.viewer, results.hits, on)
    if results.query.unmatched:
        notes.append(
            _("No match for %(words)s: showing what the other words find.")
            % {"words": ", ".join(f"“{word}”" for word in results.query.unmatched)}
        )
    parameters = {
        k: v
        for k, v in (
            ("q", values["q"]),
            ("within", within.code if within else ""),
            ("kind", values["kind"]),
            ("vacant", "on" if values["vacant"] else ""),
            ("status", values["status"]),
            ("on", on.isoformat() if on else ""),
        )
        if v
    }
    context = {
        "q": values["q"],
        "form": SearchForm(initial=values),
        "within": within,
        "results": results,
        "notes": notes,
        "page_query": urlencode(parameters),
    }
    return render(request, "directory/search.html", context)
