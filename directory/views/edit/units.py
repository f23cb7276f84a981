"""Editing a unit: its details, a new unit below it, and the reorganisations (rename, move, abolish, merge, split)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from directory import forms
from directory.http import DirectoryRequest
from organizations import permissions, queries, services
from organizations.models import Post, Unit

# Units
from .common import check, edit_page, editor_view, save_form, succeeded


@editor_view()
def unit_edit(request: DirectoryRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    check(permissions.can_edit(request.user, unit))
    form = forms.UnitDetailsForm(request.POST or None, instance=unit)
    return edit_page(
        request,
        form,
        lambda data: services.save_record(
            form.instance, version=form.loaded_version, actor=request.user
        ),
        done=_("The unit was saved."),
        title=_("Edit %(name)s") % {"name": unit.name},
        back=unit,
    )


@editor_view()
def unit_create(request: DirectoryRequest, code: str) -> HttpResponse:
    parent = get_object_or_404(Unit, code=code)
    check(permissions.can_manage(request.user, parent) and not parent.abolished_on)
    form = forms.UnitCreateForm(request.POST or None)

    def create(data):
        fields = {k: v for k, v in data.items() if k not in ("code", "kind", "name_uz")}
        return services.create_unit(
            parent=parent,
            code=data["code"],
            name=data["name_uz"],
            kind=data["kind"],
            **fields,
            actor=request.user,
        )

    return edit_page(
        request,
        form,
        create,
        done=_("The unit was created."),
        title=_("New unit in %(name)s") % {"name": parent.name},
        back=parent,
    )


@editor_view()
def unit_rename(request: DirectoryRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)
    form = forms.UnitRenameForm(request.POST or None, instance=unit)

    def rename(data):
        names = {k: v for k, v in data.items() if k not in ("version", "effective_on")}
        stored = Unit.objects.get(pk=unit.pk)
        return services.rename_unit(
            stored,
            version=form.loaded_version,
            effective_on=data.get("effective_on"),
            **names,
            actor=request.user,
        )

    return edit_page(
        request,
        form,
        rename,
        done=_("The unit was renamed."),
        title=_("Rename %(name)s") % {"name": unit.name},
        back=unit,
        intro=_("The old name stays in the history and search still finds it."),
    )


@editor_view()
def unit_move(request: DirectoryRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)
    return edit_page(
        request,
        forms.UnitMoveForm(request.POST or None),
        lambda data: services.move_unit(
            unit,
            data["new_parent"],
            data["position"],
            effective_on=data.get("effective_on"),
            actor=request.user,
        ),
        done=_("The unit was moved."),
        title=_("Move %(name)s") % {"name": unit.name},
        back=unit,
        intro=_(
            "The unit moves with everything in it. Editors of its old place lose their rights over it."
        ),
        submit=_("Move"),
    )


@editor_view()
def unit_abolish(request: DirectoryRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)
    return edit_page(
        request,
        forms.UnitAbolishForm(request.POST or None),
        lambda data: services.abolish_unit(
            unit,
            reason=data["reason"],
            successors=data["successors"],
            effective_on=data["effective_on"],
            actor=request.user,
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
def unit_merge(request: DirectoryRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)

    def merge(data):
        target = data["target"]
        if target is None:
            target = services.create_unit(
                parent=Unit.objects.get_parent(unit),
                code=data["new_code"],
                name=data["new_name"],
                kind=unit.kind,
                established_on=data["effective_on"],
                actor=request.user,
            )
        return services.merge_units(
            [unit, *data["others"]], target, effective_on=data["effective_on"], actor=request.user
        )

    return edit_page(
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
def unit_split(request: DirectoryRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(Unit, code=code)
    check(permissions.can_reorganise(request.user, unit) and not unit.abolished_on)
    form = forms.UnitSplitForm(
        request.POST or None,
        unit=unit,
        posts=Post.objects.current().filter(unit=unit),
        children=queries.children(unit),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = save_form(
            request,
            form,
            lambda: services.split_unit(
                unit,
                data["parts"],
                posts=data["post_parts"],
                children=data["child_parts"],
                effective_on=data["effective_on"],
                actor=request.user,
            ),
        )
        if saved.ok:
            return succeeded(request, _("The unit was split."), unit.get_absolute_url())
    return render(request, "directory/edit/split.html", {"form": form, "unit": unit, "back": unit})
