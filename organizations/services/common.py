"""What every service shares: saving a record as a change by an actor (validation, the version check, history naming the actor, search in step) and the conflict it may raise."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import search
from ..models import Appointment, Post, Unit
from ..permissions import SYSTEM

TREE_POSITIONS = ("first-child", "last-child")


DAY = datetime.timedelta(days=1)


class Conflict(ValidationError):
    """The record changed since the editor loaded it (optimistic locking on
    ``version``). ``current`` is the record as it is now."""

    def __init__(self, current):
        super().__init__(
            _("Someone else changed this record while you were editing it."), code="conflict"
        )
        self.current = current


def attribute(record, actor) -> None:
    """Name the actor in the history row the next save writes."""
    record._history_user = None if actor is SYSTEM or actor is None else actor


def claim(record, expected_version: int) -> None:
    """Check the version the editor started from and take the next one in a single
    UPDATE: the row stays locked until the transaction ends, so of two editors who
    loaded the same version exactly one gets through; the other gets ``Conflict``."""
    manager = type(record)._base_manager
    claimed = manager.filter(pk=record.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not claimed:
        raise Conflict(manager.get(pk=record.pk))
    record.version = expected_version + 1


def save_change(record, actor, *, create: bool = False, version: int | None = None) -> None:
    """Validate and save ``record`` as a change by ``actor``. ``version`` is the version
    the editor's form was built from; when given, a newer version in the database is a
    ``Conflict`` instead of being overwritten."""
    record.full_clean()
    attribute(record, actor)
    if not create and record.pk and hasattr(record, "version"):
        if version is not None:
            claim(record, version)
        else:
            record.version = (record.version or 0) + 1
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise ValidationError(
            _("The change breaks a rule of the directory: %(error)s"), params={"error": error}
        ) from error
    finally:
        # A date given for this change (``units.backdate``) is not the next one's.
        record.__dict__.pop("_history_date", None)
    # Search sees the change in the same transaction.
    search.reindex_for(record)


def unit_of(record) -> Unit:
    if isinstance(record, Unit):
        return record
    if isinstance(record, Post):
        return record.unit
    if isinstance(record, Appointment):
        return record.post.unit
    raise TypeError(f"No unit for {record!r}")
