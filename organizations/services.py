"""Every change to the directory, as one function per verb.

Each service takes the acting user first, checks permission itself, validates, writes in
one transaction and leaves history (django-simple-history) naming the actor. Views,
forms, the admin and importers all write through here. ``permissions.SYSTEM`` is the
actor of automated jobs run by an operator.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import permissions, search
from .models import Appointment, Person, Post, Unit, today
from .permissions import CHANGE, MANAGE, SYSTEM

TREE_POSITIONS = ("first-child", "last-child")


def _attribute(record, actor) -> None:
    """Name the actor in the history row the next save writes."""
    record._history_user = None if actor is SYSTEM or actor is None else actor


def _save(record, actor, *, create: bool = False) -> None:
    record.full_clean()
    _attribute(record, actor)
    if not create and record.pk and hasattr(record, "version"):
        record.version = (record.version or 0) + 1
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise ValidationError(
            _("The change breaks a rule of the directory: %(error)s"), params={"error": error}
        ) from error
    # Search sees the change in the same transaction.
    search.reindex_for(record)


def _unit_of(record) -> Unit:
    if isinstance(record, Unit):
        return record
    if isinstance(record, Post):
        return record.unit
    if isinstance(record, Appointment):
        return record.post.unit
    raise TypeError(f"No unit for {record!r}")


@transaction.atomic
def create_unit(actor, *, parent: Unit | None, code: str, name: str, kind: str, **fields) -> Unit:
    """Add a unit as the last child of ``parent`` (or as a new top-level unit)."""
    if parent is None:
        if not permissions.is_administrator(actor):
            raise permissions.PermissionDenied
    else:
        permissions.require(actor, parent, MANAGE)
    # ``name`` is the name in the default language (Uzbek Latin); other languages come as
    # name_ru, name_en, ... (modeltranslation would otherwise file it under the active one).
    fields.setdefault("name_uz", name)
    unit = Unit(code=code, kind=kind, **fields)
    # Validate before treebeard writes anything; path and depth are set by the tree.
    unit.full_clean(exclude=["path", "depth", "numchild"])
    _attribute(unit, actor)
    if parent is None:
        unit = Unit.objects.add_root(instance=unit)
    else:
        unit = Unit.objects.add_child(parent, instance=unit)
    search.reindex_for(unit)
    return unit


@transaction.atomic
def update_unit(actor, unit: Unit, **changes) -> Unit:
    permissions.require(actor, unit, CHANGE)
    for name, value in changes.items():
        setattr(unit, name, value)
    _save(unit, actor)
    return unit


@transaction.atomic
def move_unit(actor, unit: Unit, new_parent: Unit | None, position: str = "last-child") -> Unit:
    """Move a unit with its whole subtree under ``new_parent``, first or last among its
    new siblings. Grants on the old ancestors stop applying; those on the new apply."""
    if position not in TREE_POSITIONS:
        raise ValidationError(_("Unknown position “%(position)s”."), params={"position": position})
    unit.refresh_from_db()
    permissions.require(actor, unit, MANAGE)
    if new_parent is None:
        if not permissions.is_administrator(actor):
            raise permissions.PermissionDenied
    else:
        new_parent.refresh_from_db()
        permissions.require(actor, new_parent, MANAGE)
        if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be moved under itself or one of its own units."))
    if new_parent is None:
        roots = Unit.objects.filter(depth=1).exclude(pk=unit.pk)
        anchor = roots.first() if position == "first-child" else roots.last()
        if anchor is not None:
            Unit.objects.move(
                unit, anchor, "first-sibling" if position == "first-child" else "last-sibling"
            )
    else:
        Unit.objects.move(unit, new_parent, position)
    unit.refresh_from_db()
    _save(unit, actor)
    return unit


@transaction.atomic
def save_post(actor, post: Post) -> Post:
    permissions.require(actor, post.unit, CHANGE)
    _save(post, actor, create=post.pk is None)
    return post


@transaction.atomic
def save_person(actor, person: Person) -> Person:
    """People are edited by administrators, or by editors of a unit where they hold a post."""
    if not permissions.is_administrator(actor):
        units = [a.post.unit for a in person.appointments.current().select_related("post__unit")]
        if not any(permissions.can_edit(actor, unit) for unit in units):
            raise permissions.PermissionDenied
    _save(person, actor, create=person.pk is None)
    return person


@transaction.atomic
def save_contact(actor, contact) -> None:
    owner = contact.unit or contact.post or contact.person
    if isinstance(owner, Person):
        if not permissions.is_administrator(actor):
            units = [a.post.unit for a in owner.appointments.current().select_related("post__unit")]
            if not any(permissions.can_edit(actor, unit) for unit in units):
                raise permissions.PermissionDenied
    else:
        permissions.require(actor, _unit_of(owner), CHANGE)
    _save(contact, actor, create=contact.pk is None)


@transaction.atomic
def appoint(
    actor,
    person: Person,
    post: Post,
    starts_on: datetime.date,
    acting: bool = False,
    ends_on: datetime.date | None = None,
) -> Appointment:
    """Appoint ``person`` to ``post`` from ``starts_on``. The holder at that date, if
    any, leaves the day before. Appointments starting on or after ``starts_on`` are not
    touched: the new one must not overlap them."""
    permissions.require(actor, post.unit, CHANGE)
    if post.abolished_on and starts_on > post.abolished_on:
        raise ValidationError(
            _("The post was abolished on %(date)s."), params={"date": post.abolished_on}
        )
    # Serialise appointments to this post so two editors cannot both end the same holder.
    Post.objects.select_for_update().filter(pk=post.pk).first()
    previous = (
        post.appointments.filter(starts_on__lt=starts_on)
        .exclude(ends_on__lt=starts_on)
        .select_for_update()
    )
    for appointment in previous:
        appointment.ends_on = starts_on - datetime.timedelta(days=1)
        _save(appointment, actor)
    appointment = Appointment(
        person=person, post=post, starts_on=starts_on, ends_on=ends_on, acting=acting
    )
    _save(appointment, actor, create=True)
    return appointment


@transaction.atomic
def end_appointment(
    actor, appointment: Appointment, ends_on: datetime.date | None = None
) -> Appointment:
    """The holder leaves the post; ``ends_on`` is their last day (default today)."""
    permissions.require(actor, appointment.post.unit, CHANGE)
    ends_on = ends_on or today()
    if ends_on < appointment.starts_on:
        raise ValidationError({"ends_on": _("An appointment cannot end before it starts.")})
    appointment.ends_on = ends_on
    _save(appointment, actor)
    return appointment


@transaction.atomic
def save_record(actor, record):
    """Save an edited unit, post, person, appointment or contact with the permission
    check its kind needs (the admin's single way in)."""
    from .models import ContactPoint

    if isinstance(record, Post):
        return save_post(actor, record)
    if isinstance(record, Person):
        return save_person(actor, record)
    if isinstance(record, ContactPoint):
        return save_contact(actor, record)
    if isinstance(record, Unit | Appointment):
        permissions.require(actor, _unit_of(record), CHANGE)
        _save(record, actor, create=record.pk is None)
        return record
    raise TypeError(f"Cannot save {record!r}")
