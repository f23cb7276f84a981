"""Editing pages for unit editors, outside the Django admin.

Each view: find the record (404), check the permission with ``organizations.permissions``
(403; the sign-in page for anonymous visitors), validate a form, call one service, and
on success redirect to the record's page with a message. The services check permission
again and write in one transaction with history; their ``ValidationError`` is shown next
to the field it concerns, with everything the editor typed kept, and a ``Conflict``
(someone saved the record in between) shows the other editor's change.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from directory import forms
from organizations import history as record_history
from organizations import permissions, queries, services
from organizations.models import (
    Appointment,
    ContactPoint,
    Person,
    Post,
    Unit,
    UnitUserObjectPermission,
    today,
)
from organizations.search import Filters
from organizations.search import search as run_search

DASHBOARD_LIST = 50
STALE_AFTER_DAYS = 365


def editor_view(methods=("GET", "HEAD", "POST")):
    """Signed in, never cached, only the given methods."""

    def decorate(view):
        return login_required(never_cache(require_http_methods(list(methods))(view)))

    return decorate


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _put_errors(form, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


FAILED = object()


def _save_form(request, form, call):
    """Run ``call`` (a service call) for a valid form and return what it returns, or
    ``FAILED``. On a refusal the reasons go on the form; on a conflict the editor's
    input is kept, the form takes the current version (a second save then deliberately
    overwrites) and ``form.conflict`` holds the other editor's changes."""
    form.conflict = None
    try:
        return call()
    except services.Conflict as conflict:
        loaded = form.cleaned_data.get("version")
        form.conflict = record_history.changes_since(conflict.current, loaded) if loaded else []
        data = form.data.copy()
        data["version"] = conflict.current.version
        form.data = data
        form.add_error(
            None,
            _(
                "Someone else saved this record while you were editing it. Their change is "
                "shown below; your input is kept. Save again to replace their values with yours."
            ),
        )
    except ValidationError as error:
        _put_errors(form, error)
    return FAILED


def _edit_page(request, form, save, *, done: str, title, back, to=None, **page):
    """The editing pages' one shape: on a valid POST, ``save(cleaned_data)`` (a service
    call); on success go to ``to`` (default: the saved record's page) with ``done``;
    otherwise show the form again with the reasons and what was typed."""
    if request.method == "POST" and form.is_valid():
        saved = _save_form(request, form, lambda: save(form.cleaned_data))
        if saved is not FAILED:
            return _done(request, done, to or saved.get_absolute_url())
    return _form_page(request, form, title=title, back=back, **page)


def _form_page(request, form, *, title, back, intro="", submit=None, danger=False):
    return render(
        request,
        "directory/edit/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "intro": intro,
            "submit": submit or _("Save"),
            "danger": danger,
        },
    )


def _done(request, message: str, to: str):
    messages.success(request, message)
    return HttpResponseRedirect(to)


# Units


@editor_view()
def unit_edit(request, code):
    unit = get_object_or_404(Unit, code=code)
    _check(permissions.can_edit(request.user, unit))
    form = forms.UnitDetailsForm(request.POST or None, instance=unit)
    return _edit_page(
        request,
        form,
        lambda data: services.save_record(request.user, form.instance, version=form.loaded_version),
        done=_("The unit was saved."),
        title=_("Edit %(name)s") % {"name": unit.name},
        back=unit,
    )


@editor_view()
def unit_create(request, code):
    parent = get_object_or_404(Unit, code=code)
    _check(permissions.can_manage(request.user, parent) and not parent.abolished_on)
    form = forms.UnitCreateForm(request.POST or None)

    def create(data):
        fields = {k: v for k, v in data.items() if k not in ("code", "kind", "name_uz")}
        return services.create_unit(
            request.user,
            parent=parent,
            code=data["code"],
            name=data["name_uz"],
            kind=data["kind"],
            **fields,
        )

    return _edit_page(
        request,
        form,
        create,
        done=_("The unit was created."),
        title=_("New unit in %(name)s") % {"name": parent.name},
        back=parent,
    )


@editor_view()
def unit_rename(request, code):
    unit = get_object_or_404(Unit, code=code)
    _check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)
    form = forms.UnitRenameForm(request.POST or None, instance=unit)

    def rename(data):
        names = {k: v for k, v in data.items() if k != "version"}
        stored = Unit.objects.get(pk=unit.pk)
        return services.rename_unit(request.user, stored, version=form.loaded_version, **names)

    return _edit_page(
        request,
        form,
        rename,
        done=_("The unit was renamed."),
        title=_("Rename %(name)s") % {"name": unit.name},
        back=unit,
        intro=_("The old name stays in the history and search still finds it."),
    )


@editor_view()
def unit_move(request, code):
    unit = get_object_or_404(Unit, code=code)
    _check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)
    return _edit_page(
        request,
        forms.UnitMoveForm(request.POST or None),
        lambda data: services.move_unit(request.user, unit, data["new_parent"], data["position"]),
        done=_("The unit was moved."),
        title=_("Move %(name)s") % {"name": unit.name},
        back=unit,
        intro=_(
            "The unit moves with everything in it. Editors of its old place lose their rights over it."
        ),
        submit=_("Move"),
    )


@editor_view()
def unit_abolish(request, code):
    unit = get_object_or_404(Unit, code=code)
    _check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)
    return _edit_page(
        request,
        forms.UnitAbolishForm(request.POST or None),
        lambda data: services.abolish_unit(
            request.user,
            unit,
            reason=data["reason"],
            successors=data["successors"],
            effective_on=data["effective_on"],
        ),
        done=_("The unit was abolished."),
        title=_("Abolish %(name)s") % {"name": unit.name},
        back=unit,
        intro=_(
            "The unit, the units and posts still inside it are abolished the day before the "
            "date below and their holders leave. Move what continues elsewhere first. The "
            "unit's page stays, saying why and linking to its successors."
        ),
        submit=_("Abolish"),
        danger=True,
    )


@editor_view()
def unit_merge(request, code):
    unit = get_object_or_404(Unit, code=code)
    _check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)

    def merge(data):
        target = data["target"]
        if target is None:
            target = services.create_unit(
                request.user,
                parent=Unit.objects.get_parent(unit),
                code=data["new_code"],
                name=data["new_name"],
                kind=unit.kind,
                established_on=data["effective_on"],
            )
        return services.merge_units(
            request.user, [unit, *data["others"]], target, effective_on=data["effective_on"]
        )

    return _edit_page(
        request,
        forms.UnitMergeForm(request.POST or None),
        merge,
        done=_("The units were merged."),
        title=_("Merge %(name)s") % {"name": unit.name},
        back=unit,
        intro=_(
            "The sub-units and posts of the merged units, with the people in them, move to "
            "the unit they are merged into; the merged units are abolished with it as their "
            "successor."
        ),
        submit=_("Merge"),
        danger=True,
    )


@editor_view()
def unit_split(request, code):
    unit = get_object_or_404(Unit, code=code)
    _check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)
    form = forms.UnitSplitForm(
        request.POST or None,
        unit=unit,
        posts=Post.objects.current().filter(unit=unit),
        children=queries.children(unit),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if (
            _save_form(
                request,
                form,
                lambda: services.split_unit(
                    request.user,
                    unit,
                    data["parts"],
                    posts=data["post_parts"],
                    children=data["child_parts"],
                    effective_on=data["effective_on"],
                ),
            )
            is not FAILED
        ):
            return _done(request, _("The unit was split."), unit.get_absolute_url())
    return render(request, "directory/edit/split.html", {"form": form, "unit": unit, "back": unit})


# Contacts


def _contact_owner(kind: str, key: str):
    if kind == "unit":
        return get_object_or_404(Unit, code=key)
    if kind == "post":
        return get_object_or_404(Post.objects.select_related("unit"), code=key)
    return get_object_or_404(Person, slug=key)


@editor_view()
def contact_add(request, owner_kind, key):
    owner = _contact_owner(owner_kind, key)
    contact = ContactPoint(**{owner_kind: owner})
    _check(permissions.can_edit_contact(request.user, contact))
    form = forms.ContactForm(request.POST or None, instance=contact)
    return _edit_page(
        request,
        form,
        lambda data: services.save_contact(request.user, form.instance),
        done=_("The contact was added."),
        to=owner.get_absolute_url(),
        title=_("New contact for %(name)s") % {"name": owner},
        back=owner,
    )


@editor_view()
def contact_edit(request, pk):
    contact = get_object_or_404(
        ContactPoint.objects.select_related("unit", "post__unit", "person"), pk=pk
    )
    _check(permissions.can_edit_contact(request.user, contact))
    owner = permissions.contact_owner(contact)
    form = forms.ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and "remove" in request.POST:
        services.remove_contact(request.user, contact)
        return _done(request, _("The contact was removed."), owner.get_absolute_url())
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_form(
            request,
            form,
            lambda: services.save_contact(request.user, form.instance, version=form.loaded_version),
        )
        is not FAILED
    ):
        return _done(request, _("The contact was saved."), owner.get_absolute_url())
    return render(
        request,
        "directory/edit/contact.html",
        {"form": form, "contact": contact, "back": owner, "title": _("Edit contact")},
    )


# Posts and appointments


@editor_view()
def post_create(request, code):
    unit = get_object_or_404(Unit, code=code)
    _check(permissions.can_edit(request.user, unit) and not unit.abolished_on)
    form = forms.PostForm(request.POST or None, instance=Post(unit=unit))
    return _edit_page(
        request,
        form,
        lambda data: services.save_post(request.user, form.instance),
        done=_("The post was created."),
        title=_("New post in %(name)s") % {"name": unit.name},
        back=unit,
    )


@editor_view()
def post_edit(request, code):
    post = get_object_or_404(Post.objects.select_related("unit"), code=code)
    _check(permissions.can_edit(request.user, post.unit))
    form = forms.PostForm(request.POST or None, instance=post)
    return _edit_page(
        request,
        form,
        lambda data: services.save_post(request.user, form.instance, version=form.loaded_version),
        done=_("The post was saved."),
        title=_("Edit post %(title)s") % {"title": post.title},
        back=post,
    )


@editor_view()
def post_abolish(request, code):
    post = get_object_or_404(Post.objects.select_related("unit"), code=code)
    _check(permissions.can_edit(request.user, post.unit) and not post.abolished_on)
    return _edit_page(
        request,
        forms.PostAbolishForm(request.POST or None),
        lambda data: services.abolish_post(request.user, post, data["effective_on"]),
        done=_("The post was abolished."),
        title=_("Abolish post %(title)s") % {"title": post.title},
        back=post,
        intro=_("The post and its history stay; its holder leaves the day before the date below."),
        submit=_("Abolish"),
        danger=True,
    )


def _person_choices(request, text: str):
    """People matching what the editor typed, as the directory's search finds them."""
    if not text.strip():
        return []
    results = run_search(request.viewer, text, Filters(kind="person"), 1)
    return [hit for hit in results.hits if hit.person is not None]


@editor_view()
def post_appoint(request, code):
    post = get_object_or_404(Post.objects.select_related("unit"), code=code)
    _check(permissions.can_edit(request.user, post.unit) and not post.abolished_on)
    finding = request.method == "POST" and "find" in request.POST
    if finding:
        # "Find" (without JavaScript) only lists people: keep what was typed, judge nothing.
        form = forms.AppointForm(initial=request.POST.dict(), viewer=request.viewer)
    else:
        form = forms.AppointForm(request.POST or None, viewer=request.viewer)
    if request.method == "POST" and not finding and form.is_valid():
        data = form.cleaned_data
        appointment = _save_form(
            request,
            form,
            lambda: services.appoint(
                request.user, data["person_record"], post, data["starts_on"], acting=data["acting"]
            ),
        )
        if appointment is not FAILED:
            person = appointment.person
            return _done(
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
def person_choices(request):
    """The list of people to choose from, refreshed as the editor types (htmx)."""
    _check(request.viewer.is_administrator or bool(request.viewer.editable_paths))
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
def appointment_edit(request, pk):
    # The editors of a post may change any appointment to it, past ones included (a
    # mistaken end is undone here), whoever the holder is and wherever they are now.
    appointment = get_object_or_404(
        Appointment.objects.select_related("post__unit", "person"), pk=pk
    )
    _check(permissions.can_edit(request.user, appointment.post.unit))
    form = forms.AppointmentForm(request.POST or None, instance=appointment)
    return _edit_page(
        request,
        form,
        lambda data: services.update_appointment(
            request.user,
            appointment,
            ends_on=data["ends_on"],
            acting=data["acting"],
            version=form.loaded_version,
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
def person_edit(request, slug):
    person = get_object_or_404(Person, slug=slug)
    _check(permissions.can_edit_person(request.user, person))
    form = forms.PersonForm(request.POST or None, instance=person)
    return _edit_page(
        request,
        form,
        lambda data: services.save_person(request.user, form.instance, version=form.loaded_version),
        done=_("The person was saved."),
        title=_("Edit %(name)s") % {"name": person.full_name},
        back=person,
    )


# Editors of a unit


@editor_view()
def unit_editors(request, code):
    unit = get_object_or_404(Unit, code=code)
    _check(permissions.can_manage(request.user, unit))
    form = forms.GrantForm(request.POST or None)
    if not permissions.is_administrator(request.user):
        form.fields["permission"].choices = form.fields["permission"].choices[:1]
    if request.method == "POST" and "revoke" in request.POST:
        revoke = request.POST.get("revoke", "")
        grant = get_object_or_404(
            UnitUserObjectPermission.objects.select_related("user", "permission", "content_object"),
            content_object__path__startswith=unit.path,
            pk=int(revoke) if revoke.isdigit() else None,
        )
        services.revoke_editor(request.user, grant)
        return _done(
            request,
            _("%(user)s no longer edits this unit.") % {"user": grant.user.get_username()},
            reverse("unit_editors", args=[unit.code]),
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if (
            _save_form(
                request,
                form,
                lambda: services.grant_editor(
                    request.user, data["username"], unit, data["permission"]
                ),
            )
            is not FAILED
        ):
            return _done(
                request,
                _("%(user)s now edits this unit.") % {"user": data["username"].get_username()},
                reverse("unit_editors", args=[unit.code]),
            )
    return render(
        request,
        "directory/edit/editors.html",
        {
            "unit": unit,
            "back": unit,
            "form": form,
            "grants": queries.unit_grants(unit),
            "is_administrator": permissions.is_administrator(request.user),
        },
    )


# History


HISTORY_MODELS = {
    "unit": (Unit, "code", lambda user, record: permissions.can_edit(user, record)),
    "post": (Post, "code", lambda user, record: permissions.can_edit(user, record.unit)),
    "person": (Person, "slug", lambda user, record: permissions.can_edit_person(user, record)),
}


def _history_record(request, kind, key):
    if kind not in HISTORY_MODELS:
        raise Http404
    model, field, allowed = HISTORY_MODELS[kind]
    record = get_object_or_404(model, **{field: key})
    _check(allowed(request.user, record))
    return record


@editor_view(methods=("GET", "HEAD"))
def history(request, kind, key):
    record = _history_record(request, kind, key)
    page = record_history.history_page(record, request.GET.get("page"), request.viewer)
    # The record as it is now: nothing to restore.
    latest = record.history.order_by("-history_date", "-history_id").first()
    return render(
        request,
        "directory/edit/history.html",
        {
            "record": record,
            "kind": kind,
            "key": key,
            "page": page,
            "back": record,
            "latest_id": latest.history_id if latest else None,
        },
    )


@editor_view(methods=("POST",))
def history_restore(request, kind, key, history_id):
    record = _history_record(request, kind, key)
    historical = get_object_or_404(record.history.all(), history_id=history_id)
    version = request.POST.get("version", "")
    try:
        services.restore_version(
            request.user, record, historical, version=int(version) if version.isdigit() else None
        )
    except services.Conflict:
        messages.error(
            request, _("The record changed meanwhile: look at its history again before restoring.")
        )
        return redirect(f"{kind}_history", key=key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{kind}_history", key=key)
    return _done(
        request,
        _("The version of %(date)s was restored.")
        % {"date": historical.history_date.strftime("%Y-%m-%d %H:%M")},
        record.get_absolute_url(),
    )


# Editors' dashboard


@editor_view(methods=("GET", "HEAD"))
def dashboard(request):
    viewer = request.viewer
    scope = viewer.restricted_scope
    cutoff = today().toordinal() - STALE_AFTER_DAYS
    stale = Q(last_verified_on__isnull=True) | Q(
        last_verified_on__lt=type(today()).fromordinal(cutoff)
    )
    if viewer.is_administrator:
        roots = Unit.objects.filter(depth=1)
    else:
        roots = Unit.objects.filter(path__in=viewer.editable_paths)
    held = Appointment.objects.current().filter(post=OuterRef("pk"))
    live_posts = Post.objects.current().filter(scope("unit__path"), unit__abolished_on__isnull=True)
    vacant = live_posts.filter(~Exists(held)).select_related("unit")
    stale_units = Unit.objects.current().filter(scope("path")).filter(stale)
    stale_posts = live_posts.filter(stale).select_related("unit")
    # The people the editor may edit: all their posts are in the editor's units.
    stale_people = (
        Person.objects.owned_by(viewer)
        .filter(Exists(Appointment.objects.current().filter(person=OuterRef("pk"))))
        .filter(stale)
    )
    context = {
        "roots": roots
        if (viewer.is_administrator or viewer.editable_paths)
        else Unit.objects.none(),
        "is_editor": viewer.is_administrator or bool(viewer.editable_paths),
        "lists": [
            ("vacant", _("Vacant posts"), vacant.count(), vacant[:DASHBOARD_LIST]),
            (
                "units",
                _("Units not verified for 12 months"),
                stale_units.count(),
                stale_units[:DASHBOARD_LIST],
            ),
            (
                "posts",
                _("Posts not verified for 12 months"),
                stale_posts.count(),
                stale_posts[:DASHBOARD_LIST],
            ),
            (
                "people",
                _("People not verified for 12 months"),
                stale_people.count(),
                stale_people[:DASHBOARD_LIST],
            ),
        ],
        "limit": DASHBOARD_LIST,
    }
    if not context["is_editor"]:
        context["lists"] = []
    return render(request, "directory/edit/dashboard.html", context)


VERIFIABLE = {"unit": Unit, "post": Post, "person": Person}


@login_required
@require_POST
def verify(request):
    """ "Confirm still correct": sets the record's ``last_verified_on`` to today."""
    model = VERIFIABLE.get(request.POST.get("kind", ""))
    pk = request.POST.get("id", "")
    if model is None or not pk.isdigit():
        raise Http404
    record = get_object_or_404(model, pk=int(pk))
    try:
        services.confirm_verified(request.user, record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Confirmed as correct today: %(name)s.") % {"name": record})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("dashboard")
    return HttpResponseRedirect(target)
