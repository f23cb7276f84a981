"""A record's history as its editors read it: its own versions and those of the records
that belong to it (a unit's and a post's contacts, a post's appointments, a person's
contacts and appointments), newest first, each with its field-level differences from the
version before, one line per field, translated fields named with their language.

A page costs a fixed number of queries whatever the number of versions: one to find the
page's versions across the sources, then two per source (the versions, and the ones
before them for the differences).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import CharField, QuerySet, Value
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from .models import PHONE_KINDS, Appointment, ContactPoint, Person, Post, Unit, format_phone
from .visibility import Viewer

PER_PAGE = 25
# Kept by the tree or by the version counter, not edited by anyone.
HIDDEN = {"version", "path", "depth", "numchild", "id", "history_id"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    row: object
    changes: list[FieldChange]
    created: bool
    source: str = "own"  # own / contact / appointment
    about: str = ""  # what the version is of, for contacts and appointments
    restorable: bool = False
    notes: list = field(default_factory=list)


def sources(record, viewer: Viewer | None = None) -> list[tuple[str, QuerySet]]:
    """(source, queryset of history rows) of everything the record's history shows."""
    own: list[tuple[str, QuerySet]] = [("own", record.history.all())]
    if isinstance(record, Unit):
        return [*own, ("contact", ContactPoint.history.filter(unit_id=record.pk))]
    if isinstance(record, Post):
        return [
            *own,
            ("contact", ContactPoint.history.filter(post_id=record.pk)),
            ("appointment", Appointment.history.filter(post_id=record.pk)),
        ]
    if isinstance(record, Person):
        appointments = Appointment.history.filter(person_id=record.pk)
        if viewer is not None and not viewer.sees_everything:
            # Their posts elsewhere are shown only as far as the viewer may see them.
            appointments = appointments.filter(
                post_id__in=Post.objects.visible_to(viewer).values("pk")
            )
        return [
            *own,
            ("contact", ContactPoint.history.filter(person_id=record.pk)),
            ("appointment", appointments),
        ]
    return own


def history_page(record, page_number, viewer: Viewer | None = None, per_page: int = PER_PAGE):
    """One page of the record's history with what belongs to it, newest first."""
    found = sources(record, viewer)
    keys: QuerySet | None = None
    for name, rows in found:
        tagged = rows.annotate(source=Value(name, output_field=CharField())).values_list(
            "history_date", "history_id", "source"
        )
        keys = tagged if keys is None else keys.union(tagged, all=True)
    assert keys is not None  # a record always has its own history
    keys = keys.order_by("-history_date", "-history_id")
    page = Paginator(keys, per_page).get_page(page_number)
    wanted: dict[str, list[int]] = {}
    for _date, history_id, name in page.object_list:
        wanted.setdefault(name, []).append(history_id)
    loaded = {}
    for name, rows in found:
        ids = wanted.get(name) or [-1]  # a query even for none: the count stays fixed
        versions = list(rows.filter(history_id__in=ids).select_related("history_user"))
        loaded.update({(name, v.history_id): v for v in versions})
        before = _previous_versions(rows, versions)
        for version in versions:
            version.previous = before.get(version.history_id)
    names = _appointment_names(record, found, loaded.values())
    page.entries = [  # type: ignore[attr-defined]  # what the template lists
        _entry(name, loaded[(name, history_id)], names)
        for _date, history_id, name in page.object_list
        if (name, history_id) in loaded
    ]
    return page


def _previous_versions(rows, versions) -> dict[int, object]:
    """For each version, the version of the same record just before it (one query)."""
    ids = {v.id for v in versions} or {-1}
    latest = max((v.history_date for v in versions), default=None)
    older = rows.filter(id__in=ids)
    if latest is not None:
        older = older.filter(history_date__lte=latest)
    by_record: dict[int, list] = {}
    for row in older.order_by("history_date", "history_id"):
        by_record.setdefault(row.id, []).append(row)
    before = {}
    for row_list in by_record.values():
        for earlier, later in zip(row_list, row_list[1:], strict=False):
            before[later.history_id] = earlier
    return before


def _appointment_names(record, found, versions) -> dict[str, str]:
    """What the appointment versions on the page are about, in one query: on a post's
    history who held it, on a person's history which post."""
    if not any(name == "appointment" for name, _rows in found):
        return {}
    appointments = [v for v in versions if v.instance_type is Appointment]
    if isinstance(record, Post):
        people = Person.objects.in_bulk({v.person_id for v in appointments} or {-1})
        return {
            f"a{v.history_id}": _("appointment of %(person)s")
            % {"person": people[v.person_id].full_name if v.person_id in people else "—"}
            for v in appointments
        }
    posts = Post.objects.in_bulk({v.post_id for v in appointments} or {-1})
    return {
        f"a{v.history_id}": _("appointment to %(post)s")
        % {"post": posts[v.post_id].title if v.post_id in posts else "—"}
        for v in appointments
    }


def _entry(source: str, version, names: dict[str, str]) -> HistoryEntry:
    model = version.instance_type
    older = getattr(version, "previous", None)
    entry = HistoryEntry(
        row=version,
        changes=differences(model, version, older) if older is not None else [],
        created=older is None and version.history_type == "+",
        source=source,
        restorable=source == "own",
    )
    if source == "contact":
        value = format_phone(version.value) if version.kind in PHONE_KINDS else version.value
        entry.about = f"{version.get_kind_display()}: {value}"
    elif source == "appointment":
        entry.about = names.get(f"a{version.history_id}", "")
    return entry


def translated_fields(model) -> dict[str, str]:
    """{column of a language: its base field} for a model's translated fields."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    return {
        localized.name: base
        for base, localized_fields in options.all_fields.items()
        for localized in localized_fields
    }


def _language_names() -> dict[str, str]:
    return {code.replace("-", "_"): str(name) for code, name in settings.LANGUAGES}


def label(model, name: str) -> str:
    localized = translated_fields(model)
    if name in localized:
        base = model._meta.get_field(localized[name]).verbose_name
        language = name.removeprefix(localized[name] + "_")
        return f"{capfirst(base)} ({_language_names().get(language, language)})"
    return capfirst(model._meta.get_field(name).verbose_name)


def differences(model, version, older) -> list[FieldChange]:
    """The fields that changed, one per field: a translated field by its languages'
    columns (its base column only mirrors one of them)."""
    localized = translated_fields(model)
    bases = set(localized.values())
    names = {f.name for f in model._meta.concrete_fields} - HIDDEN - bases
    return [
        FieldChange(
            field=change.field, label=label(model, change.field), old=change.old, new=change.new
        )
        for change in version.diff_against(older, excluded_fields=[*HIDDEN, *bases]).changes
        if change.field in names
    ]


def changes_since(record, version: int) -> list[tuple[object, list[FieldChange]]]:
    """The history rows written after ``version`` of the record, each with its field
    differences from the row before: what another editor changed meanwhile."""
    rows = list(
        record.history.select_related("history_user")
        .filter(version__gte=version)
        .order_by("history_date", "history_id")
    )
    return [
        (row, differences(type(record), row, older))
        for older, row in zip(rows, rows[1:], strict=False)
    ]
