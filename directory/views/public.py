"""Pages anyone can open. Each view: look up (404 if unknown or not visible), ask
organizations.queries for what the viewer may see, render."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from organizations import queries
from organizations.models import Person, Post, Unit


@require_safe
def home(request):
    return render(request, "directory/home.html", {"units": queries.top_units()})


@require_safe
def unit_detail(request, code):
    unit = get_object_or_404(Unit, code=code)
    viewer = request.viewer
    context = {
        "unit": unit,
        "breadcrumbs": queries.breadcrumbs(unit),
        "children": queries.children(unit),
        "contacts": queries.visible_contacts(viewer).filter(unit=unit),
        "posts": queries.posts_with_holders(viewer, Post.objects.current().filter(unit=unit)),
        "successors": unit.successors.all() if unit.abolished_on else (),
    }
    return render(request, "directory/unit.html", context)


@require_safe
def post_detail(request, code):
    viewer = request.viewer
    post = get_object_or_404(
        queries.posts_with_holders(viewer, Post.objects.select_related("unit")), code=code
    )
    context = {
        "post": post,
        "unit": post.unit,
        "breadcrumbs": [*queries.breadcrumbs(post.unit), post.unit],
        "holders": queries.post_holders(viewer, post),
    }
    return render(request, "directory/post.html", context)


@require_safe
def person_detail(request, slug):
    person = get_object_or_404(Person.objects.visible_to(request.viewer), slug=slug)
    record = queries.person_record(request.viewer, person)
    return render(request, "directory/person.html", {"person": person, "record": record})


@require_safe
def search(request):
    text = request.GET.get("q", "")[:200].replace("\x00", "")
    within_code = request.GET.get("within", "")
    within = Unit.objects.filter(code=within_code).first() if within_code else None
    if within_code and within is None:
        messages.warning(
            request,
            _("There is no unit “%(code)s”: searching everywhere.") % {"code": within_code[:64]},
        )
    units, posts, people = queries.simple_search(request.viewer, text, within=within)
    context = {"q": text, "within": within, "units": units, "posts": posts, "people": people}
    return render(request, "directory/search.html", context)
