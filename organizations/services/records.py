"""The single way in for code holding a record of any kind (the admin, the history view): save or remove it with the checks its kind needs."""

from __future__ import annotations

from django.db.models import Model

from .. import permissions
from ..models import Appointment, ContactPoint, Person, Post, Unit
from ..permissions import CHANGE, Actor
from .appointments import appoint, remove_appointment, save_post
from .common import save_change, unit_of
from .contacts import remove_contact, save_contact
from .people import save_person
from .units import keep_former_names


def remove_record(record, *, actor: Actor) -> None:
    """Remove a contact or a mistaken appointment (the admin's single way to delete).
    Units, posts and people are never deleted: they end (abolished, or their
    appointments end), and their history stays."""
    if isinstance(record, ContactPoint):
        return remove_contact(record, actor=actor)
    if isinstance(record, Appointment):
        return remove_appointment(record, actor=actor)
    raise permissions.PermissionDenied


def save_record(record: Model, *, actor: Actor, version: int | None = None) -> Model:
    """Save an edited unit, post, person, appointment or contact with the permission
    check its kind needs (the admin's and the history view's single way in). A new
    appointment is made by ``appoint``, which ends the holder's before it."""
    if isinstance(record, Appointment) and record.pk is None:
        return appoint(
            record.person,
            record.post,
            record.starts_on,
            acting=record.acting,
            ends_on=record.ends_on,
            actor=actor,
        )
    if isinstance(record, Post):
        return save_post(record, version=version, actor=actor)
    if isinstance(record, Person):
        return save_person(record, version=version, actor=actor)
    if isinstance(record, ContactPoint):
        return save_contact(record, version=version, actor=actor)
    if isinstance(record, Unit | Appointment):
        permissions.require(actor, unit_of(record), CHANGE)
        if isinstance(record, Unit):
            keep_former_names(record)
        save_change(record, actor, create=record.pk is None, version=version)
        return record
    raise TypeError(f"Cannot save {record!r}")
