"""Corrections from citizens: what a reader may report as wrong (only what they see),
where the report goes (the nearest unit above the record that has editors, else the
administrators), and how an editor applies or rejects it (through the services, with
history saying so; the citizen told of the outcome)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .. import permissions
from ..mail import send_outcome
from ..models import (
    PHONE_KINDS,
    Appointment,
    ContactPoint,
    Correction,
    Person,
    Post,
    Unit,
    UnitGroupObjectPermission,
    UnitUserObjectPermission,
    normalise_phone,
)
from ..permissions import CHANGE, IMPLIED_BY, Actor
from ..visibility import Viewer
from .appointments import save_post
from .contacts import save_contact
from .units import update_unit

OTHER = "other"
# Fields of a unit and a post an editor may apply with one tick (in the language the
# citizen wrote in, for translated ones); anything else the editor changes by hand.
TRANSLATED = {"short_name", "mandate", "title", "duties"}
UNIT_APPLICABLE = {"mandate", "address", "website"}  # names change by a rename
POST_APPLICABLE = {"title", "duties"}


@dataclass(frozen=True)
class Offered:
    """A value a reader may report as wrong: its key, its label and the value as the
    reader sees it."""

    key: str
    label: str
    value: str


def offered_fields(viewer: Viewer, record: Unit | Post | Person) -> list[Offered]:
    """What ``viewer`` may report about ``record``: the values its page shows them, in
    the active language, and "something else". Nothing hidden from the viewer is
    offered, so a report cannot be used to learn a hidden value."""
    offered: list[Offered] = []

    def add(key: str, label, value) -> None:
        if value:
            offered.append(Offered(key, str(label), str(value)))

    if isinstance(record, Unit):
        add("name", _("Name"), record.name)
        add("short_name", _("Short name"), record.short_name)
        add("mandate", _("What it does"), record.mandate)
        add("address", _("Address"), record.address)
        add("website", _("Website"), record.website)
        contacts = ContactPoint.objects.visible_to(viewer).filter(unit=record)
    elif isinstance(record, Post):
        add("title", _("Title"), record.title)
        add("duties", _("Duties"), record.duties)
        holders = (
            Appointment.objects.current()
            .filter(post=record, person__in=Person.objects.visible_to(viewer))
            .select_related("person")
        )
        add("holder", _("Who holds it"), ", ".join(a.person.display_name for a in holders))
        contacts = ContactPoint.objects.visible_to(viewer).filter(post=record)
    else:
        add("name", _("Name"), record.display_name)
        contacts = ContactPoint.objects.visible_to(viewer).filter(person=record)
    for contact in contacts:
        label = contact.label or contact.get_kind_display()
        add(f"contact:{contact.pk}", label, contact.display_value)
    offered.append(Offered(OTHER, _("Something else"), ""))
    return offered


def home_unit(record: Unit | Post | Person) -> Unit | None:
    """The unit a record belongs to: itself, a post's unit, a person's first current post's unit."""
    if isinstance(record, Unit):
        return record
    if isinstance(record, Post):
        return record.unit
    first = (
        Appointment.objects.current()
        .filter(person=record)
        .select_related("post__unit")
        .order_by("starts_on", "pk")
        .first()
    )
    return first.post.unit if first else None


def route(record: Unit | Post | Person) -> Unit | None:
    """The nearest unit at or above the record's unit on which someone holds editing
    rights (directly or through a group); None: the administrators. Two queries."""
    unit = home_unit(record)
    if unit is None:
        return None
    paths = [*unit.ancestor_paths, unit.path]
    codenames = IMPLIED_BY[CHANGE]
    granted = set(
        UnitUserObjectPermission.objects.filter(
            content_object__path__in=paths, permission__codename__in=codenames
        )
        .values_list("content_object__path", flat=True)
        .union(
            UnitGroupObjectPermission.objects.filter(
                content_object__path__in=paths, permission__codename__in=codenames
            ).values_list("content_object__path", flat=True)
        )
    )
    if not granted:
        return None
    return Unit.objects.get(path=max(granted, key=len))


@transaction.atomic
def suggest(
    record: Unit | Post | Person,
    *,
    viewer: Viewer,
    field: str,
    suggested: str,
    comment: str = "",
    email: str = "",
    language: str = "uz",
) -> Correction:
    """File a reader's correction of ``record``. ``field`` must be one of what
    ``offered_fields`` offers this viewer."""
    offered = {o.key: o for o in offered_fields(viewer, record)}
    if field not in offered:
        raise ValidationError({"field": _("Choose what is wrong from the list.")})
    if not suggested.strip() and not comment.strip():
        raise ValidationError(_("Say what the right value is, or describe the mistake."))
    chosen = offered[field]
    kind = "unit" if isinstance(record, Unit) else "post" if isinstance(record, Post) else "person"
    correction = Correction(
        **{kind: record},
        field=field,
        field_label=chosen.label[:300],
        current_value=chosen.value,
        suggested_value=suggested.strip(),
        comment=comment.strip(),
        email=email.strip(),
        language=language,
        assigned_to=route(record),
    )
    correction.full_clean()
    correction.save()
    return correction


def language_suffix(language: str) -> str:
    return language.replace("-", "_") if language in ("uz", "uz-cyrl", "ru", "en", "ko") else "uz"


def applicable(correction: Correction) -> bool:
    """Can the suggested value be applied with one tick (else the editor changes it by hand)?"""
    if correction.field.startswith("contact:"):
        return True
    if correction.unit_id:
        return correction.field in UNIT_APPLICABLE
    if correction.post_id:
        return correction.field in POST_APPLICABLE
    return False


def current_value(correction: Correction) -> str:
    """The value as it is now (it may have changed since the report), for the editor."""
    record = correction.record
    if correction.field.startswith("contact:"):
        contact = _contact(correction)
        return contact.display_value if contact else _("(removed)")
    if correction.field in TRANSLATED:
        column = f"{correction.field}_{language_suffix(correction.language)}"
        return getattr(record, column, "") or ""
    if correction.field == "name":
        return record.display_name if isinstance(record, Person) else str(record)
    return str(getattr(record, correction.field, "") or "")


def _contact(correction: Correction) -> ContactPoint | None:
    pk = correction.field.split(":", 1)[1]
    owner = Q(**{f"{correction.record_kind}": correction.record})
    return ContactPoint.objects.filter(owner, pk=int(pk)).first() if pk.isdigit() else None


def may_decide(actor: Actor, correction: Correction) -> bool:
    if permissions.is_administrator(actor):
        return True
    unit = correction.assigned_to
    return unit is not None and permissions.can_edit(actor, unit)


@transaction.atomic
def apply_correction(
    correction: Correction, *, actor: Actor, value: str | None = None
) -> Correction:
    """Apply the suggested value (or the editor's version of it, ``value``) to the
    record through the services; its history says "applied from correction #N"."""
    correction = _open(correction, actor)
    if not applicable(correction):
        raise ValidationError(
            _("This correction cannot be applied with a tick: change it by hand.")
        )
    value = (correction.suggested_value if value is None else value).strip()
    if not value:
        raise ValidationError({"value": _("Give the value to apply.")})
    reason = _applied_reason(correction)
    if correction.field.startswith("contact:"):
        contact = _contact(correction)
        if contact is None:
            raise ValidationError(_("The contact was removed since the report."))
        contact.value = normalise_phone(value) if contact.kind in PHONE_KINDS else value
        contact._change_reason = reason
        save_contact(contact, actor=actor)
    elif correction.unit_id:
        unit = Unit.objects.get(pk=correction.unit_id)
        unit._change_reason = reason
        changes: dict[str, Any] = {_column(correction): value}
        update_unit(unit, actor=actor, **changes)
    else:
        post = Post.objects.get(corrections=correction)
        setattr(post, _column(correction), value)
        post._change_reason = reason
        save_post(post, actor=actor)
    return _decide(correction, actor, Correction.Status.APPLIED)


@transaction.atomic
def mark_done(correction: Correction, *, actor: Actor, note: str = "") -> Correction:
    """The editor made the change by hand (a rename, a new holder, ...)."""
    correction = _open(correction, actor)
    return _decide(correction, actor, Correction.Status.APPLIED, note)


@transaction.atomic
def reject_correction(correction: Correction, *, actor: Actor, reason: str) -> Correction:
    correction = _open(correction, actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the correction is rejected.")})
    return _decide(correction, actor, Correction.Status.REJECTED, reason)


def _column(correction: Correction) -> str:
    if correction.field in TRANSLATED:
        return f"{correction.field}_{language_suffix(correction.language)}"
    return correction.field


def _applied_reason(correction: Correction) -> str:
    with override("en"):
        return f"applied from correction {correction.reference}"


def _open(correction: Correction, actor: Actor) -> Correction:
    """The correction, locked, still open, and the actor allowed to decide it."""
    locked = Correction.objects.select_for_update().get(pk=correction.pk)
    if not may_decide(actor, locked):
        raise permissions.PermissionDenied
    if locked.status != Correction.Status.OPEN:
        raise ValidationError(_("This correction was already decided."))
    return locked


def _decide(correction: Correction, actor: Actor, status: str, reason: str = "") -> Correction:
    correction.status = status
    correction.reason = reason.strip()
    correction.decided_at = timezone.now()
    correction.decided_by_id = actor.pk if isinstance(actor, AbstractBaseUser) else None
    correction.save()
    if correction.email:
        pk = correction.pk
        transaction.on_commit(lambda: send_outcome(Correction.objects.get(pk=pk)))
    return correction
