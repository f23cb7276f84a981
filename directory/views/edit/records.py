"""Editing what is in a unit: contacts, posts, appointments and people."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from directory import forms
from directory.http import DirectoryRequest
from organizations import permissions, services
from organizations.models import Appointment, ContactPoint, Person, Post, Unit
from organizations.search import Filters
from organizations.search import search as run_search

# Contacts
from .common import check, edit_page, editor_view, save_form, succeeded


def _contact_owner(kind: str, key: str):
    if kind == "unit":
        return get_object_or_404(Unit, code=key)
    if kind == "post":
        return get_object_or_404(Post.objects.select_related("unit"), code=key)
    return get_object_or_404(Person, slug=key)


@editor_view()
def contact_add(request: DirectoryRequest, owner_kind: str, key: str) -> HttpResponse:
    owner = _contact_owner(owner_kind, key)
    contact = ContactPoint(**{owner_kind: owner})
    check(permissions.can_edit_contact(request.user, contact))
    form = forms.ContactForm(request.POST or None, instance=contact)
    return edit_page(
        request,
        form,
        lambda data: services.save_contact(form.instance, actor=request.user),
        done=_("The contact was added."),
        to=owner.get_absolute_url(),
        title=_("New contact for %(name)s") % {"name": owner},
        back=owner,
    )


@editor_view()
def contact_edit(request: DirectoryRequest, pk: int) -> HttpResponse:
    contact: ContactPoint = get_object_or_404(
        ContactPoint.objects.select_related("unit", "post__unit", "person"), pk=pk
    )
    check(permissions.can_edit_contact(request.user, contact))
    owner = permissions.contact_owner(contact)
    form = forms.ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and "remove" in request.POST:
        services.remove_contact(contact, actor=request.user)
        return succeeded(request, _("The contact was removed."), owner.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            request,
            form,
            lambda: services.save_contact(
                form.instance, version=form.loaded_version, actor=request.user
            ),
        )
        if saved.ok:
            return succeeded(request, _("The contact was saved."), owner.get_absolute_url())
    return render(
        request,
        "directory/edit/contact.html",
        {"form": form, "contact": contact, "back": owner, "title": _("Edit contact")},
    )


# Posts and appointments


@editor_view()
def post_create(request: DirectoryRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    check(permissions.can_edit(request.user, unit) and not unit.abolished_on)
    form = forms.PostForm(request.POST or None, instance=Post(unit=unit))
    return edit_page(
        request,
        form,
        lambda data: services.save_post(form.instance, actor=request.user),
        done=_("The post was created."),
        title=_("New post in %(name)s") % {"name": unit.name},
        back=unit,
    )


@editor_view()
def post_edit(request: DirectoryRequest, code: str) -> HttpResponse:
    post: Post = get_object_or_404(Post.objects.select_related("unit"), code=code)
    check(permissions.can_edit(request.user, post.unit))
    form = forms.PostForm(request.POST or None, instance=post)
    return edit_page(
        request,
        form,
        lambda data: services.save_post(
            form.instance, version=form.loaded_version, actor=request.user
        ),
        done=_("The post was saved."),
        title=_("Edit post %(title)s") % {"title": post.title},
        back=post,
    )


@editor_view()
def post_abolish(request: DirectoryRequest, code: str) -> HttpResponse:
    post: Post = get_object_or_404(Post.objects.select_related("unit"), code=code)
    check(permissions.can_edit(request.user, post.unit) and not post.abolished_on)
    return edit_page(
        request,
        forms.PostAbolishForm(request.POST or None),
        lambda data: services.abolish_post(post, data["effective_on"], actor=request.user),
        done=_("The post was abolished."),
        title=_("Abolish post %(title)s") % {"title": post.title},
        back=post,
        intro=_("The post and its history stay; its holder leaves the day before the date below."),
        submit=_("Abolish"),
        danger=True,
    )


def _person_choices(request: DirectoryRequest, text: str) -> list:
    """People matching what the editor typed, as the directory's search finds them."""
    if not text.strip():
        return []
    results = run_search(request.viewer, text, Filters(kind="person"), 1)
    return [hit for hit in results.hits if hit.person is not None]


@editor_view()
def post_appoint(request: DirectoryRequest, code: str) -> HttpResponse:
    post: Post = get_object_or_404(Post.objects.select_related("unit"), code=code)
    check(permissions.can_edit(request.user, post.unit) and not post.abolished_on)
    finding = request.method == "POST" and "find" in request.POST
    if finding:
        # "Find" (without JavaScript) only lists people: keep what was typed, judge nothing.
        form = forms.AppointForm(initial=request.POST.dict(), viewer=request.viewer)
    else:
        form = forms.AppointForm(request.POST or None, viewer=request.viewer)
    if request.method == "POST" and not finding and form.is_valid():
        data = form.cleaned_data
        saved = save_form(
            request,
            form,
            lambda: services.appoint(
                data["person_record"],
                post,
                data["starts_on"],
                acting=data["acting"],
                actor=request.user,
            ),
        )
        if saved.ok:
            person = saved.result.person
            return succeeded(
                request,
                _("%(person)s was appointed.") % {"person": person.full_name},
                post.get_absolute_url(),
            )
    text = request.POST.get("person_q", "") if request.method == "POST" else ""
    return render(
        request,
        "directory/edit/appoint.html",
        {
            "form": form,
            "post": post,
            "back": post,
            "choices": _person_choices(request, text),
            "searched": bool(text.strip()),
            "chosen": str(request.POST.get("person", "")),
        },
    )


@editor_view(methods=("GET", "HEAD"))
def person_choices(request: DirectoryRequest) -> HttpResponse:
    """The list of people to choose from, refreshed as the editor types (htmx)."""
    check(request.viewer.is_administrator or bool(request.viewer.editable_paths))
    text = request.GET.get("person_q", "")[:200]
    return render(
        request,
        "directory/edit/_person_choices.html",
        {
            "choices": _person_choices(request, text),
            "searched": bool(text.strip()),
            "chosen": request.GET.get("person", ""),
        },
    )


@editor_view()
def appointment_edit(request: DirectoryRequest, pk: int) -> HttpResponse:
    # The editors of a post may change any appointment to it, past ones included (a
    # mistaken end is undone here), whoever the holder is and wherever they are now.
    appointment = get_object_or_404(
        Appointment.objects.select_related("post__unit", "person"), pk=pk
    )
    check(permissions.can_edit(request.user, appointment.post.unit))
    form = forms.AppointmentForm(request.POST or None, instance=appointment)
    return edit_page(
        request,
        form,
        lambda data: services.update_appointment(
            appointment,
            ends_on=data["ends_on"],
            acting=data["acting"],
            version=form.loaded_version,
            actor=request.user,
        ),
        done=_("The appointment was saved."),
        to=appointment.post.get_absolute_url(),
        title=_("%(person)s as %(post)s")
        % {"person": appointment.person.full_name, "post": appointment.post.title},
        back=appointment.post,
        intro=_("To end the appointment, enter the holder's last day."),
    )


# People


@editor_view()
def person_edit(request: DirectoryRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    check(permissions.can_edit_person(request.user, person))
    form = forms.PersonForm(request.POST or None, instance=person)
    return edit_page(
        request,
        form,
        lambda data: services.save_person(
            form.instance, version=form.loaded_version, actor=request.user
        ),
        done=_("The person was saved."),
        title=_("Edit %(name)s") % {"name": person.full_name},
        back=person,
    )
