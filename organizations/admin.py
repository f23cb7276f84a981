"""Django admin for administrators: the unit tree (treebeard), object permissions
(guardian), history (simple-history) and translated fields (modeltranslation).

Saves go through ``organizations.services`` so the admin obeys the same rules as every
other way in: validation, version counters, history naming the administrator, and
appointing someone ending the previous holder's appointment.
"""

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdminMixin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from . import queries, search, services
from .interchange import formats, importing, uploads
from .models import (
    AccountSettings,
    Appointment,
    ContactPoint,
    Correction,
    DirectoryImport,
    Person,
    Post,
    Unit,
)
from .permissions import CHANGE, MANAGE, is_administrator

GRANTED = (CHANGE, MANAGE)  # the rights on units the directory knows

if TYPE_CHECKING:
    AdminBase = admin.ModelAdmin  # what the mixins below are mixed into
else:
    AdminBase = object


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    extra = 0
    # The Uzbek label here; every language's label and wording on the contact's own page.
    fields = (
        "kind",
        "value",
        "extension",
        "label_uz",
        "visibility",
        "publish_from",
        "publish_until",
        "order",
    )
    show_change_link = True


class AppointmentForm(forms.ModelForm):
    """A new appointment may overlap the current holder's: ``services.appoint`` ends
    that one first and then checks the overlap rule, so the form leaves it to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.defer_overlap_check = True


class AppointmentInline(admin.TabularInline):
    model = Appointment
    form = AppointmentForm
    extra = 0
    fields = ("person", "post", "starts_on", "ends_on", "acting")
    raw_id_fields = ("person", "post")
    ordering = ("-starts_on",)


class ServiceDeletesMixin(AdminBase):
    """Deletes (of the object, of a selection, of inline rows) go through the services,
    so search and history follow; units, posts and people are never deleted (they end),
    so admin offers no delete for them."""

    def has_delete_permission(self, request, obj=None):
        if self.model not in (ContactPoint, Appointment):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.remove_record(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.remove_record(obj, actor=request.user)

    def _remove_deleted(self, request, formset) -> None:
        for instance in formset.deleted_objects:
            services.remove_record(instance, actor=request.user)


class ServiceSavesMixin(ServiceDeletesMixin):
    """Route saves of the main object and of inline rows through the services."""

    def save_model(self, request, obj, form, change):
        saved = services.save_record(obj, actor=request.user)
        obj.pk = saved.pk  # a new appointment is made by ``appoint``: admin links to it

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            services.save_record(instance, actor=request.user)
        self._remove_deleted(request, formset)
        formset.save_m2m()


class ReportValidationErrorsMixin(AdminBase):
    """A rule broken at save time (e.g. an overlap found while ending the previous
    holder) becomes a message on the form page instead of a server error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def service_permissions_form(base: type, actor) -> type:
    """guardian's object-permission form for a user or a group on a unit, saving
    through ``services.grant_editor`` / ``revoke_editor`` (history names the
    administrator; only the rights the directory knows are offered)."""

    class ServicePermissionsForm(base):
        def get_obj_perms_field_choices(self):
            return [(c, n) for c, n in super().get_obj_perms_field_choices() if c in GRANTED]

        def save_obj_perms(self) -> None:
            grantee = getattr(self, "user", None) or self.group
            wanted = set(self.cleaned_data[self.get_obj_perms_field_name()])
            for codename in GRANTED:
                grants = queries.grants_of(grantee, self.obj, codename)
                if codename in wanted and not grants:
                    services.grant_editor(grantee, self.obj, codename, actor=actor)
                elif codename not in wanted:
                    for grant in grants:
                        services.revoke_editor(grant, actor=actor)

    return ServicePermissionsForm


# guardian's mixin and treebeard's admin each name their own change form template.
@admin.register(Unit)
class UnitAdmin(  # type: ignore[misc]
    ReportValidationErrorsMixin,
    ServiceSavesMixin,
    GuardedModelAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
    TreeAdmin,
):
    form = movenodeform_factory(
        Unit,
        fields=[
            "code",
            "kind",
            "name",
            "short_name",
            "mandate",
            "established_on",
            "abolished_on",
            "abolition_reason",
            "successors",
            "address",
            "website",
            "last_verified_on",
        ],
    )
    list_display = ("name", "code", "kind", "established_on", "abolished_on")
    list_filter = ("kind", "abolition_reason")
    search_fields = ("code", "name_uz", "name_uz_cyrl", "name_ru", "name_en", "short_name_uz")
    filter_horizontal = ("successors",)
    inlines = [ContactPointInline]

    def get_obj_perms_manage_user_form(self, request):
        return service_permissions_form(
            super().get_obj_perms_manage_user_form(request), request.user
        )

    def get_obj_perms_manage_group_form(self, request):
        return service_permissions_form(
            super().get_obj_perms_manage_group_form(request), request.user
        )

    def save_form(self, request, form, change):
        # treebeard's form writes the unit itself when its place in the tree changes,
        # before ``save_model``: the names it replaces go to ``former_names`` first, as
        # in every rename.
        if change:
            services.keep_former_names(form.instance)
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        if not change and obj.pk is not None:
            # treebeard's form has just created it (add_root / add_child, history naming
            # the administrator through the request): search learns of it.
            search.reindex_for(obj)
            return
        # The service validates, names the administrator in history, counts the version
        # and keeps search in step, as for every other save.
        services.save_record(obj, actor=request.user)


@admin.register(Post)
class PostAdmin(
    ReportValidationErrorsMixin, ServiceSavesMixin, SimpleHistoryAdmin, TranslationAdmin
):
    list_display = ("title", "code", "unit", "is_head", "visibility", "abolished_on")
    list_filter = ("visibility", "is_head", "unit__kind")
    list_select_related = ("unit",)
    search_fields = ("code", "title_uz", "title_ru", "title_en", "duties_uz", "unit__code")
    raw_id_fields = ("unit", "reports_to")
    inlines = [AppointmentInline, ContactPointInline]


@admin.register(Person)
class PersonAdmin(ReportValidationErrorsMixin, ServiceSavesMixin, SimpleHistoryAdmin):
    list_display = ("family_name", "given_name", "patronymic", "slug", "visibility")
    list_filter = ("visibility",)
    search_fields = ("family_name", "given_name", "patronymic", "slug")
    prepopulated_fields = {"slug": ("family_name", "given_name")}
    inlines = [AppointmentInline, ContactPointInline]


@admin.register(Appointment)
class AppointmentAdmin(ReportValidationErrorsMixin, ServiceSavesMixin, SimpleHistoryAdmin):
    list_display = ("person", "post", "post_unit", "starts_on", "ends_on", "acting")
    list_filter = ("acting",)
    list_select_related = ("person", "post__unit")
    search_fields = ("person__family_name", "person__given_name", "post__title_uz", "post__code")
    raw_id_fields = ("person", "post")
    date_hierarchy = "starts_on"
    form = AppointmentForm

    @admin.display(description=_("unit"), ordering="post__unit__path")
    def post_unit(self, obj):
        return obj.post.unit


@admin.register(ContactPoint)
class ContactPointAdmin(
    ReportValidationErrorsMixin, ServiceSavesMixin, SimpleHistoryAdmin, TranslationAdmin
):
    list_display = ("kind", "value", "extension", "label", "visibility", "unit", "post", "person")
    list_filter = ("kind", "visibility")
    list_select_related = ("unit", "post", "person")
    search_fields = ("value", "label_uz", "label_ru", "label_en")
    raw_id_fields = ("unit", "post", "person")


def format_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(formats.FORMATS)]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV or JSON file; for data sets published as several files, a ZIP of the folder."
        ),
    )
    format = forms.ChoiceField(label=_("Format"), choices=format_choices)
    dry_run = forms.BooleanField(
        label=_("Dry run: report what would change, write nothing"), required=False, initial=True
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the good rows and list the bad ones"), required=False
    )


@admin.register(DirectoryImport)
class DirectoryImportAdmin(admin.ModelAdmin):
    """Administrators import a file from the browser, as ``manage.py import_directory``."""

    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_module_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        summary, refused, error = None, False, ""
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / (Path(upload.name).name or "upload")
                with open(path, "wb") as target:
                    for chunk in upload.chunks():
                        target.write(chunk)
                try:
                    dataset = formats.load(
                        form.cleaned_data["format"], uploads.unpack(path, Path(folder))
                    )
                    summary = importing.run(
                        dataset,
                        request.user,
                        dry_run=form.cleaned_data["dry_run"],
                        skip_invalid=form.cleaned_data["skip_invalid"],
                    )
                except formats.Unreadable as unreadable:
                    error = str(unreadable)
                except importing.ImportRefused as refusal:
                    summary, refused = refusal.summary, True
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a directory file"),
            "form": form,
            "summary": summary,
            "refused": refused,
            "error": error,
            "opts": self.model._meta,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/organizations/import.html", context)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """All corrections from citizens with their age; decided on the editors' page
    (``/edit/corrections/N/``), which applies them through the services."""

    list_display = ("reference", "record", "field_label", "status", "assigned_to", "age")
    list_filter = ("status",)
    list_select_related = ("unit", "post", "person", "assigned_to")
    search_fields = ("suggested_value", "comment", "email")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Correction._meta.fields]

    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at)


@admin.register(AccountSettings)
class AccountSettingsAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "last_digest_at")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)
    readonly_fields = ("last_digest_at",)
