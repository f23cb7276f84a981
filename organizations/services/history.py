"""History: restoring an old version (as a new change, through the same checks) and confirming a record is still correct."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from .. import permissions, queries
from ..models import Person, Post, Unit, today
from ..permissions import CHANGE, Actor
from ..visibility import Viewer
from .records import save_record
from .units import LANGUAGE_SUFFIXES

# History: restoring an old version is a new change, made through the same checks.

# Not brought back by a restore: identity, place in the tree and the record's end are
# changed by moves, renames and abolitions, which have their own pages and rules.
NOT_RESTORED = {
    "id",
    "version",
    "path",
    "depth",
    "numchild",
    "unit",
    "slug",
    "code",
    "abolished_on",
    "abolition_reason",
    "former_names",
}


def restorable_fields(model) -> list[str]:
    skipped = set(NOT_RESTORED)
    if model is Unit:
        skipped |= {"name", "short_name"} | {
            f"{n}_{s}" for n in ("name", "short_name") for s in LANGUAGE_SUFFIXES
        }
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in skipped and f.editable and not f.primary_key
    ]


@transaction.atomic
def restore_version(
    record: Model, historical: Any, *, actor: Actor, version: int | None = None
) -> Model:
    """Make ``record`` look as it did in ``historical`` (one of its history rows), as a
    new change: the later versions stay in history. Its place in the tree, its unit, its
    address, a unit's names and whether it is abolished are not restored (those are
    reorganisations)."""
    if historical.instance_type is not type(record) or historical.pk is None:
        raise ValidationError(_("That version belongs to another record."))
    if getattr(historical, "id", None) != record.pk:
        raise ValidationError(_("That version belongs to another record."))
    for name in restorable_fields(type(record)):
        if hasattr(historical, name):
            setattr(record, name, getattr(historical, name))
    return save_record(record, version=version, actor=actor)


@transaction.atomic
def confirm_verified(
    record: Unit | Post | Person, on: datetime.date | None = None, *, actor: Actor
) -> Model:
    """An editor confirms the record is still correct (``last_verified_on``)."""
    record.last_verified_on = on or today()
    return save_record(record, actor=actor)


@transaction.atomic
def confirm_unit_records(
    unit: Unit, on: datetime.date | None = None, *, actor: Actor, viewer: Viewer
) -> int:
    """Confirm in one step that a unit and its own posts and people that are not
    verified for a year are still correct (each with its history); the people only
    those ``viewer`` may edit. Returns how many records were confirmed."""
    permissions.require(actor, unit, CHANGE)
    needs = queries.needing_attention(viewer, stale_after=queries.STALE_AFTER)
    records = [
        *needs.stale_units.filter(pk=unit.pk),
        *needs.stale_posts.filter(unit=unit),
        *queries.with_home_unit(needs.stale_people).filter(home=unit.pk),
    ]
    for record in records:
        confirm_verified(record, on, actor=actor)
    return len(records)
