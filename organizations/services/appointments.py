"""Posts and the appointments that fill them: who holds a post, from when, until when."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions, search
from ..models import Appointment, Person, Post, today
from ..permissions import CHANGE, Actor
from .common import DAY, attribute, save_change
from .people import unique_person_slug


@transaction.atomic
def save_post(post: Post, *, actor: Actor, version: int | None = None) -> Post:
    if post.pk:
        # The unit it was in, not the one a form may have put on it: moving a post
        # needs the right to edit both.
        stored = Post.objects.select_related("unit").get(pk=post.pk)
        permissions.require(actor, stored.unit, CHANGE)
    permissions.require(actor, post.unit, CHANGE)
    save_change(post, actor, create=post.pk is None, version=version)
    return post


@transaction.atomic
def abolish_post(post: Post, effective_on: datetime.date | None = None, *, actor: Actor) -> Post:
    """The post stops existing from ``effective_on`` (default today): its holder leaves
    the day before. The post and its history stay."""
    permissions.require(actor, post.unit, CHANGE)
    effective_on = effective_on or today()
    last_day = effective_on - DAY
    if post.established_on and last_day < post.established_on:
        raise ValidationError(
            {"effective_on": _("The post cannot be abolished before it was established.")}
        )
    end_appointments(actor, Appointment.objects.filter(post=post), last_day)
    post.abolished_on = last_day
    save_change(post, actor)
    return post


@transaction.atomic
def appoint(
    person: Person,
    post: Post,
    starts_on: datetime.date,
    acting: bool = False,
    ends_on: datetime.date | None = None,
    *,
    actor: Actor,
) -> Appointment:
    """Appoint ``person`` to ``post`` from ``starts_on``. The holder at that date, if
    any, leaves the day before. Appointments starting on or after ``starts_on`` are not
    touched: the new one must not overlap them."""
    permissions.require(actor, post.unit, CHANGE)
    if person.pk is None:
        # A new person entered on the appointment form: theirs to create, since the
        # appointment puts them in the editor's unit.
        if not person.slug:
            person.slug = unique_person_slug(person)
        save_change(person, actor, create=True)
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
        save_change(appointment, actor)
    appointment = Appointment(
        person=person, post=post, starts_on=starts_on, ends_on=ends_on, acting=acting
    )
    save_change(appointment, actor, create=True)
    return appointment


@transaction.atomic
def end_appointment(
    appointment: Appointment,
    ends_on: datetime.date | None = None,
    *,
    actor: Actor,
    version: int | None = None,
) -> Appointment:
    """The holder leaves the post; ``ends_on`` is their last day (default today)."""
    return update_appointment(
        appointment,
        ends_on=ends_on or today(),
        acting=appointment.acting,
        version=version,
        actor=actor,
    )


@transaction.atomic
def update_appointment(
    appointment: Appointment,
    *,
    actor: Actor,
    ends_on: datetime.date | None,
    acting: bool,
    version: int | None = None,
) -> Appointment:
    """Set an appointment's last day (None: still holds the post) and acting mark."""
    permissions.require(actor, appointment.post.unit, CHANGE)
    if ends_on is not None and ends_on < appointment.starts_on:
        raise ValidationError({"ends_on": _("An appointment cannot end before it starts.")})
    appointment.ends_on = ends_on
    appointment.acting = acting
    save_change(appointment, actor, version=version)
    return appointment


def end_appointments(actor: Actor, appointments, last_day: datetime.date) -> None:
    """End on ``last_day`` every appointment still running after it. One that only
    starts after ``last_day`` cannot be ended before it starts: it is refused."""
    for appointment in appointments.exclude(ends_on__lte=last_day).select_for_update():
        if appointment.starts_on > last_day:
            raise ValidationError(
                _(
                    "%(person)s is appointed from %(date)s, after this change takes effect: "
                    "end or change that appointment first."
                ),
                params={"person": appointment.person, "date": appointment.starts_on},
            )
        appointment.ends_on = last_day
        save_change(appointment, actor)


@transaction.atomic
@transaction.atomic
def remove_appointment(appointment: Appointment, *, actor: Actor) -> None:
    """An appointment entered by mistake is removed (one that happened ends instead:
    ``end_appointment``); history keeps it, with who removed it."""
    permissions.require(actor, appointment.post.unit, CHANGE)
    attribute(appointment, actor)
    appointment.delete()
    search.reindex_for(appointment)
