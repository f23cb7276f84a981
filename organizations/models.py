"""The directory's domain: units in one dated tree, posts in them, the people who hold
those posts, and how to reach each of them.

Shapes follow Popolo / Open Civic Data (Organization, Post, Person, Membership) and the
W3C ORG vocabulary. People and posts are never deleted: they end (dated). Rules that
must always hold are database constraints, not only form validation.
"""

from __future__ import annotations

import datetime

import phonenumbers
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from . import visibility as policy
from .dates import held_on, today
from .validators import no_bidi_controls
from .visibility import Viewer, Visibility

# A unit's or post's code: also the pattern of their addresses (directory/urls.py).
#: Sent by ``Unit.objects.move`` after treebeard rewrote the paths: ``unit``, ``old_path``
#: and ``new_path`` (the moved unit's). Receivers run in the mover's transaction.
unit_moved = Signal()

CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
code_validator = RegexValidator(
    rf"^{CODE_PATTERN}$",
    _("Use letters, digits, dots, hyphens and underscores only, starting with a letter or digit."),
)


class Dated(models.Model):
    """Something that comes into being and may end: units and posts."""

    established_on = models.DateField(
        _("established on"),
        null=True,
        blank=True,
        help_text=_("The day it came into being, if known."),
    )
    abolished_on = models.DateField(
        _("abolished on"),
        null=True,
        blank=True,
        help_text=_("The last day it existed. Empty while it exists."),
    )
    last_verified_on = models.DateField(
        _("last verified on"),
        null=True,
        blank=True,
        help_text=_("The day an editor last confirmed the record is still correct."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Incremented on every change; guards against lost updates."),
    )

    class Meta:
        abstract = True

    @property
    def is_abolished(self) -> bool:
        return self.abolished_on is not None and self.abolished_on < today()

    def clean(self):
        super().clean()
        if self.established_on and self.abolished_on and self.abolished_on < self.established_on:
            raise ValidationError(
                {"abolished_on": _("The abolition date cannot be before the establishment date.")}
            )


def dated_constraint(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(abolished_on__isnull=True)
        | Q(established_on__isnull=True)
        | Q(abolished_on__gte=F("established_on")),
        name=f"{model_name}_abolished_after_established",
        violation_error_message=_("The abolition date cannot be before the establishment date."),
    )


class UnitQuerySet(MP_NodeQuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or today()
        return self.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gte=on))

    def within(self, unit: Unit):
        """The unit and everything below it: one indexed prefix match."""
        return self.filter(path__startswith=unit.path)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def move(self, node, target, pos=None):
        """treebeard's move, then ``unit_moved`` with the paths before and after. Every
        move (services, the admin's tree) comes through here; search follows the moved
        subtree and the renumbered siblings through that signal."""
        old_path = type(node).objects.filter(pk=node.pk).values_list("path", flat=True).get()
        super().move(node, target, pos)
        new_path = type(node).objects.filter(pk=node.pk).values_list("path", flat=True).get()
        unit_moved.send(sender=self.model, unit=node, old_path=old_path, new_path=new_path)


class Unit(MP_Node, Dated):
    """A body of government at any level: the Cabinet, a ministry, a department, a section,
    a regional office. Units form one tree; siblings keep the order editors give them."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        MINISTRY = "ministry", _("Ministry")
        STATE_COMMITTEE = "state_committee", _("State committee")
        AGENCY = "agency", _("Agency")
        INSPECTION = "inspection", _("Inspection")
        CENTRE = "centre", _("Centre")
        DEPARTMENT = "department", _("Department")
        DIVISION = "division", _("Division")
        SECTION = "section", _("Section")
        REGIONAL_OFFICE = "regional_office", _("Regional office")
        DISTRICT_OFFICE = "district_office", _("District office")
        SUBORDINATE = "subordinate", _("Subordinate organisation")
        OTHER = "other", _("Other")

    class AbolitionReason(models.TextChoices):
        MERGED = "merged", _("Merged")
        SPLIT = "split", _("Split")
        RENAMED = "renamed", _("Renamed")
        ABOLISHED = "abolished", _("Abolished")
        TRANSFERRED = "transferred", _("Transferred")

    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        validators=[code_validator],
        help_text=_(
            "Stable public identifier used in addresses, e.g. a national organisation code."
        ),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.DEPARTMENT)
    name = models.CharField(_("name"), max_length=300, validators=[no_bidi_controls])
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_("Acronym or short form, if any."),
        validators=[no_bidi_controls],
    )
    mandate = models.TextField(
        _("mandate"),
        blank=True,
        help_text=_("What this unit is for."),
        validators=[no_bidi_controls],
    )
    abolition_reason = models.CharField(
        _("abolition reason"), max_length=16, choices=AbolitionReason.choices, blank=True
    )
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successors"),
        help_text=_("Units that took over this unit's work."),
    )
    former_names = ArrayField(
        models.CharField(max_length=300),
        verbose_name=_("former names"),
        default=list,
        blank=True,
        help_text=_("Names the unit had before it was renamed; search still finds them."),
    )
    other_names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            "Names in languages the interface does not have, by language code "
            "(e.g. fr, de), as imported from other countries' directories."
        ),
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, validators=[no_bidi_controls]
    )
    website = models.URLField(_("website"), max_length=500, blank=True)

    # Sibling order is the path order treebeard keeps; editors set it (no node_order_by).
    objects = UnitManager()
    # History is registered in translation.py, after the translated columns exist, so
    # that the historical table keeps them too.

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        permissions = [("manage_unit", _("Can reorganise the unit and appoint its editors"))]
        constraints = [dated_constraint("unit")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("unit", args=[self.code])

    @property
    def ancestor_paths(self) -> list[str]:
        return [self.path[:end] for end in range(self.steplen, len(self.path), self.steplen)]

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]


class UnitUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)
    # Who gave or took an editor's rights, and when.
    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("user permission on a unit")
        verbose_name_plural = _("user permissions on units")


class UnitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)
    history = HistoricalRecords()

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("group permission on a unit")
        verbose_name_plural = _("group permissions on units")


class PostQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        if viewer.sees_everything:
            return self
        return self.filter(viewer.tier_condition("unit__path"))

    def current(self, on: datetime.date | None = None):
        on = on or today()
        return self.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gte=on))


class Post(Dated):
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
    # History: registered in translation.py (see Unit).

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["unit", "-is_head", "order", "id"]
        constraints = [dated_constraint("post")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("post", args=[self.code])


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
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("person", args=[self.slug])

    @property
    def full_name(self) -> str:
        """Uzbek and Russian official order: family, given, patronymic."""
        return " ".join(p for p in (self.family_name, self.given_name, self.patronymic) if p)

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


PHONE_KINDS = ("phone", "mobile", "fax")


class ContactPointQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer, on: datetime.date | None = None):
        if viewer.sees_everything:
            return self
        return self.filter(policy.contact_condition(viewer, Appointment.objects, on or today()))


class ContactPoint(models.Model):
    """One way to reach a unit, a post or a person, with its own visibility."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone")
        MOBILE = "mobile", _("Mobile")
        FAX = "fax", _("Fax")
        EMAIL = "email", _("Email")
        ROOM = "room", _("Room")
        ADDRESS = "address", _("Address")
        URL = "url", _("Website")
        HOURS = "hours", _("Reception hours")

    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("unit"),
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("post"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=300,
        validators=[no_bidi_controls],
        help_text=_("Phone numbers are stored in international form (+998 71 …)."),
    )
    extension = models.CharField(
        _("extension"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,10}$", _("Digits only."))],
    )
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_("e.g. Reception, Hotline."),
        validators=[no_bidi_controls],
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ContactPointQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(unit__isnull=False, post__isnull=True, person__isnull=True)
                    | Q(unit__isnull=True, post__isnull=False, person__isnull=True)
                    | Q(unit__isnull=True, post__isnull=True, person__isnull=False)
                ),
                name="contactpoint_has_one_owner",
                violation_error_message=_("A contact belongs to exactly one unit, post or person."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=PHONE_KINDS) | Q(value__regex=r"^\+[1-9][0-9]{6,14}$"),
                name="contactpoint_phone_e164",
                violation_error_message=_("Phone numbers must be stored in E.164 form."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display_value}"

    @property
    def is_phone(self) -> bool:
        return self.kind in PHONE_KINDS

    @property
    def display_value(self) -> str:
        if self.is_phone:
            text = format_phone(self.value)
            if self.extension:
                return "{} ({} {})".format(text, _("ext."), self.extension)
            return text
        return self.value

    @property
    def href(self) -> str:
        if self.is_phone:
            return f"tel:{self.value}" + (f";ext={self.extension}" if self.extension else "")
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        if self.kind == self.Kind.URL:
            return self.value
        return ""

    def clean(self):
        super().clean()
        if self.is_phone and self.value:
            self.value = normalise_phone(self.value)
        if self.kind == self.Kind.EMAIL and self.value:
            from django.core.validators import validate_email

            try:
                validate_email(self.value)
            except ValidationError as error:
                raise ValidationError({"value": error.messages}) from error


def normalise_phone(raw: str, region: str | None = None) -> str:
    """A phone number as entered (``71 239-12-34``, ``+998712391234``) in E.164 form."""
    region = region or settings.PHONENUMBER_DEFAULT_REGION
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), code="invalid_phone", params={"value": raw}
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number."),
            code="invalid_phone",
            params={"value": raw},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class SearchDocument(models.Model):
    """What search matches for one unit, post or person, kept in step by the services.

    ``text_own`` and ``fts_own`` hold the values that share the record's own tier (names,
    titles, duties, the unit), which the record's ``visibility`` already guards. Values
    with a tier of their own (contacts, a person's posts) are stored once per viewer tier:
    ``text_public`` holds only public ones, ``text_internal`` public and internal ones,
    ``text_restricted`` all. The query for a viewer reads only the columns of their tier,
    so a value they may not see can never make, rank or count a hit. Texts hold every
    spelling of each word (``transliteration.search_forms``); ``fts_own`` is the
    full-text vector (English and Russian stemming, plus the folded words).
    """

    class Kind(models.TextChoices):
        UNIT = "unit", _("Unit")
        POST = "post", _("Post")
        PERSON = "person", _("Person")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    ref_id = models.BigIntegerField(_("record id"))
    path = models.CharField(
        _("unit path"), max_length=255, help_text=_("Path of the unit it belongs to (scope).")
    )
    depth = models.PositiveSmallIntegerField(_("depth"))
    visibility = models.CharField(_("visibility"), max_length=16, choices=Visibility.choices)
    is_current = models.BooleanField(_("current"), default=True)
    is_vacant = models.BooleanField(_("vacant"), default=False)
    is_head = models.BooleanField(
        _("head"),
        default=False,
        help_text=_("A head's post, or a person holding one: ranked first."),
    )
    name_key = models.TextField(_("name key"), blank=True)
    # Phonetic keys of the record's own names (a person's names, a post's title, a unit's
    # names and code), and of the units it belongs to (the path above it): for typos,
    # which are looked up in the dictionary (SearchWord), and for words naming a place.
    name_words = ArrayField(models.TextField(), default=list, blank=True)
    # How many of the name words are the record's main names (a person's family and
    # given names, before the patronymic): a match there ranks above one in the rest.
    name_primary = models.PositiveSmallIntegerField(default=0)
    context_words = ArrayField(models.TextField(), default=list, blank=True)
    # Values of the record's own tier (its names, titles, duties, its unit): seen by
    # whoever may see the record at all.
    text_own = models.TextField(blank=True)
    fts_own = SearchVectorField(null=True)
    # Values with a tier of their own (contacts; a person's posts), per viewer tier.
    text_public = models.TextField(blank=True)
    text_internal = models.TextField(blank=True)
    text_restricted = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref_id"], name="searchdocument_one_per_record")
        ]
        indexes = [
            GinIndex(fields=["text_own"], opclasses=["gin_trgm_ops"], name="sd_own_trgm"),
            GinIndex(fields=["text_public"], opclasses=["gin_trgm_ops"], name="sd_public_trgm"),
            GinIndex(fields=["text_internal"], opclasses=["gin_trgm_ops"], name="sd_internal_trgm"),
            GinIndex(
                fields=["text_restricted"], opclasses=["gin_trgm_ops"], name="sd_restricted_trgm"
            ),
            GinIndex(fields=["fts_own"], name="sd_own_fts"),
            GinIndex(fields=["name_words"], name="sd_name_words"),
            GinIndex(fields=["context_words"], name="sd_context_words"),
            models.Index(fields=["path"], opclasses=["varchar_pattern_ops"], name="sd_path_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref_id}"


class SearchWord(models.Model):
    """Every word the search documents' names and places hold (phonetic keys), once:
    the dictionary in which a typed word's near misses are found. ``person_tier`` marks
    words that are part of someone's name, with the most visible tier of such a person
    (0 public, 1 internal, 2 restricted), so that a query's other words can be read as
    places without a hidden name changing how a query is read."""

    word = models.TextField(primary_key=True)
    person_tier = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        indexes = [
            models.Index(fields=["word"], opclasses=["text_pattern_ops"], name="sw_word_prefix")
        ]

    def __str__(self) -> str:
        return self.word


class SearchWordVariant(models.Model):
    """A dictionary word with letters deleted (one, and two for words of 8 letters or
    more): a typed word and a word of the dictionary within the allowed number of edits
    share one of these (the symmetric-delete method of SymSpell)."""

    variant = models.TextField()
    word = models.TextField()

    class Meta:
        verbose_name = _("search word variant")
        verbose_name_plural = _("search word variants")
        constraints = [
            models.UniqueConstraint(fields=["variant", "word"], name="searchwordvariant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.variant} → {self.word}"


class ApiToken(models.Model):
    """A key for programs reading the API as a user (``Authorization: Bearer <key>``):
    they see exactly that user's tier. Only a hash of the key is stored; the key is
    shown once, when issued (``manage.py create_api_token``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the key is for."))
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    last_used_on = models.DateField(_("last used on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        import hashlib

        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, expires_on=None) -> tuple[ApiToken, str]:
        import secrets

        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=key[:8], key_hash=cls.hash(key), expires_on=expires_on
        )
        return token, key

    @classmethod
    def valid(cls, key: str):
        """The key's token if it may be used (known, not expired, its user active), else
        None. Reads only: ``services.api_user`` records the use."""
        if not key or len(key) > 200:
            return None
        token = cls.objects.select_related("user").filter(key_hash=cls.hash(key)).first()
        if token is None or not token.user.is_active:
            return None
        if token.expires_on and token.expires_on < today():
            return None
        return token


class DirectoryImport(Unit):
    """Not data: the admin's "Import" page hangs here (see admin.DirectoryImportAdmin)."""

    class Meta:
        proxy = True
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        default_permissions = ()
