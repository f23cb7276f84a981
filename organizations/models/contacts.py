"""How to reach a unit, a post or a person: one owner per contact, phones stored in E.164."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import resolution_order

from .. import visibility as policy
from ..dates import today
from ..transliteration import in_script
from ..validators import no_bidi_controls
from ..visibility import Viewer, Visibility
from .base import Published, one_of, window_constraint
from .people import Appointment, Person, Post
from .units import Unit

PHONE_KINDS = ("phone", "mobile", "fax")
# Kinds whose value is words, not a number or an address for a machine: they may be
# worded per language (``text``).
WORDED_KINDS = ("address", "room", "hours")


class ContactPointQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer, on: datetime.date | None = None):
        if viewer.sees_everything:
            return self
        return self.filter(policy.contact_condition(viewer, Appointment.objects, on or today()))


class ContactPoint(Published, models.Model):
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
    text = models.CharField(
        _("in words"),
        max_length=300,
        blank=True,
        help_text=_(
            "Reception hours or an address as the reader of this language should read it; "
            "empty: the value as entered."
        ),
        validators=[no_bidi_controls],
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ContactPointQuerySet.as_manager()
    # Set by modeltranslation (translation.py): a column per language.
    label_uz: str | None
    label_uz_cyrl: str | None
    label_ru: str | None
    label_en: str | None
    label_ko: str | None
    text_uz: str | None
    text_uz_cyrl: str | None
    text_ru: str | None
    text_en: str | None
    text_ko: str | None
    # History: registered in translation.py, once the per-language columns exist.
    history: ClassVar[Any]
    _change_reason: str  # read by simple-history for the next history row

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["order", "id"]
        constraints = [
            one_of(
                ("unit", "post", "person"),
                "contactpoint_has_one_owner",
                _("A contact belongs to exactly one unit, post or person."),
            ),
            window_constraint("contactpoint"),
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
        """The value as the reader should read it: phones formatted, worded kinds in the
        reader's language where a wording exists, else as entered, in the reader's script."""
        if self.is_phone:
            text = format_phone(self.value)
            if self.extension:
                return "{} ({} {})".format(text, _("ext."), self.extension)
            return text
        if self.kind in WORDED_KINDS:
            return self.worded(get_language())
        return self.value

    def worded(self, language: str | None) -> str:
        """The value of a worded kind in ``language``: its own wording, else the next
        language's in the fallback order, the value as entered standing for Uzbek (Latin);
        in Uzbek Cyrillic the Latin one transliterated where none was entered."""
        entered = {"uz": self.text_uz or self.value}
        if language == "uz-cyrl":
            return self.text_uz_cyrl or in_script(entered["uz"], "uz-cyrl")
        for code in resolution_order(language or settings.LANGUAGE_CODE):
            if code == "uz-cyrl":
                continue
            if found := entered.get(code) or getattr(self, f"text_{code}", ""):
                return found
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
