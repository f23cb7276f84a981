"""Dates the whole domain agrees on: what "today" is, and when a dated record counts as
current. Imports nothing of the domain, so every module may use it."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone


def today() -> datetime.date:
    """Today in the portal's time zone (Asia/Tashkent), not the server's."""
    return timezone.localdate()


def start_of(on: datetime.date) -> datetime.datetime:
    """The first moment of ``on`` in the portal's time zone: a change that takes effect
    on a day is recorded (history) at this moment."""
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))


def held_on(on: datetime.date, prefix: str = "") -> Q:
    """Appointments (reached through ``prefix``) running on ``on``: started, not ended."""
    return Q(**{f"{prefix}starts_on__lte": on}) & not_ended_by(on, prefix)


def not_ended_by(on: datetime.date, prefix: str = "") -> Q:
    """Appointments (reached through ``prefix``) whose last day is not before ``on``:
    running, or still to come."""
    return Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
