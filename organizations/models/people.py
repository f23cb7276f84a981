"""Posts in units, the people who hold them, and the dated appointments that join them."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import visibility as policy
from ..dates import held_on, today
from ..transliteration import in_script
from ..validators import no_bidi_controls
from ..visibility import Viewer, Visibility
from .base import Dated, Published, code_validator, dated_constraint, dated_url, window_constraint
from .units import Unit


class PostQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        if viewer.sees_everything:
            return self
        return self.filter(viewer.tier_condition("unit__path"))

    def current(self, on: datetime.date | None = None):
        on = on or today()
        return self.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gte=on))


class Post(Dated, Published):
    """A position in a unit, held by at most one person at a time. Several identical
    positions are several posts; a post with no current appointment is vacant."""

    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        validators=[code_validator],
        help_text=_("Stable public identifier used in addresses."),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=300, validators=[no_bidi_controls])
    duties = models.TextField(
        _("duties"),
        blank=True,
        help_text=_("What this office handles, in plain words citizens would search for."),
        validators=[no_bidi_controls],
    )
    rank = models.CharField(
        _("rank or grade"), max_length=60, blank=True, validators=[no_bidi_controls]
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reports to"),
    )
    is_head = models.BooleanField(_("head of unit"), default=False)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Order within the unit.")
    )

    objects = PostQuerySet.as_manager()

    # Set by modeltranslation (translation.py): a column per language.
    title_uz: str
    title_ru: str | None
    title_en: str | None
    # Set by the queries that load a page (``queries``): what the viewer may see of it.
    is_held: bool
    current_appointments: list[Appointment]
    visible_contacts: list[Any]  # of ContactPoint, which imports this module
    # History: registered in translation.py (see Unit).
    _change_reason: str  # read by simple-history for the next history row

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["unit", "-is_head", "order", "id"]
        constraints = [dated_constraint("post"), window_constraint("post")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return dated_url(reverse("post", args=[self.code]), self)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer, on: datetime.date | None = None):
        if viewer.sees_everything:
            return self
        return self.filter(policy.person_condition(viewer, Appointment.objects, on or today()))

    def owned_by(self, viewer: Viewer, on: datetime.date | None = None):
        """People whose restricted data the viewer may see and who they may edit."""
        if viewer.sees_everything:
            return self
        return self.filter(
            policy.person_owned(viewer, Appointment.objects, OuterRef("pk"), on or today())
        )


class Person(models.Model):
    """A person as entered: names in whatever script they were given."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        allow_unicode=False,
        help_text=_("Stable public identifier used in addresses."),
    )
    family_name = models.CharField(_("family name"), max_length=100, validators=[no_bidi_controls])
    # Some people have one name only (and some directories publish only one).
    given_name = models.CharField(
        _("given name"), max_length=100, blank=True, validators=[no_bidi_controls]
    )
    patronymic = models.CharField(
        _("patronymic"), max_length=100, blank=True, validators=[no_bidi_controls]
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Official spellings of the full name in each script, where the derived one (see
    # ``display_name``) is wrong. Empty: derived.
    name_latin = models.CharField(
        _("name in Latin script"),
        max_length=300,
        blank=True,
        validators=[no_bidi_controls],
        help_text=_(
            "Only if the automatic spelling is wrong: the full name as it is officially "
            "written in Latin letters."
        ),
    )
    name_cyrillic = models.CharField(
        _("name in Cyrillic script"),
        max_length=300,
        blank=True,
        validators=[no_bidi_controls],
        help_text=_(
            "Only if the automatic spelling is wrong: the full name as it is officially "
            "written in Cyrillic letters."
        ),
    )
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = PersonQuerySet.as_manager()

    # Set by the queries that load a page (``queries``): what the viewer may see of it.
    current_appointments: list[Appointment]
    visible_contacts: list[Any]  # of ContactPoint, which imports this module
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return dated_url(reverse("person", args=[self.slug]), self)

    @property
    def full_name(self) -> str:
        """Uzbek and Russian official order: family, given, patronymic."""
        return " ".join(p for p in (self.family_name, self.given_name, self.patronymic) if p)

    @property
    def display_name(self) -> str:
        """The full name in the script of the page's language (``in_script``)."""
        return in_script(
            self.full_name, get_language(), latin=self.name_latin, cyrillic=self.name_cyrillic
        )

    @property
    def entered_name(self) -> str:
        """The name as entered, when the page shows it in another script; else empty."""
        full = self.full_name
        return full if self.display_name != full else ""

    def home_units(self, on: datetime.date | None = None) -> list[Unit]:
        """The units of the person's home posts (see ``visibility``): where they work,
        or last worked. One query."""
        appointments = list(self.appointments.select_related("post__unit"))
        paths = set(policy.home_paths(appointments, on or today()))
        units = {a.post.unit.path: a.post.unit for a in appointments if a.post.unit.path in paths}
        return list(units.values())


class DateRange(models.Func):
    function = "daterange"
    output_field = DateRangeField()


class AppointmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        return self.filter(held_on(on or today()))

    def past(self, on: datetime.date | None = None):
        return self.filter(ends_on__lt=on or today())


class Appointment(models.Model):
    """A person holding a post from one day to another (Popolo's Membership)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("post")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("The last day."))
    acting = models.BooleanField(
        _("acting"), default=False, help_text=_("Holds the post temporarily (acting / i.o.).")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="appointment_ends_after_start",
                violation_error_message=_("An appointment cannot end before it starts."),
            ),
            ExclusionConstraint(
                name="appointment_no_overlap_per_post",
                expressions=[
                    (F("post"), RangeOperators.EQUAL),
                    (
                        DateRange("starts_on", "ends_on", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_("The post already has a holder during these dates."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.post}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or today()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An appointment cannot end before it starts.")})

    # Set by forms for new appointments: services.appoint ends the current holder's
    # appointment first and checks overlaps afterwards.
    defer_overlap_check = False

    def validate_constraints(self, exclude=None):
        if self.defer_overlap_check:
            exclude = {*(exclude or ()), "post"}
        super().validate_constraints(exclude=exclude)
