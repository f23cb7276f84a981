"""What units and posts share: codes, and being dated (established, abolished, verified, versioned)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import visibility as policy
from ..dates import today

# A unit's or post's code: also the pattern of their addresses (directory/urls.py).
CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
code_validator = RegexValidator(
    rf"^{CODE_PATTERN}$",
    _("Use letters, digits, dots, hyphens and underscores only, starting with a letter or digit."),
)


def dated_url(url: str, record) -> str:
    """``url`` of a record shown as it was on a past day (``record.as_of``, set by
    ``organizations.asof``): the link keeps the day."""
    on = getattr(record, "as_of", None)
    return f"{url}?on={on.isoformat()}" if on else url


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


class Published(models.Model):
    """A publication window: outside it the record is seen only by its editors and
    administrators (``visibility.shown_tier``), everywhere: an appointment's post
    announced for next Monday, a temporary hotline."""

    publish_from = models.DateField(
        _("published from"),
        null=True,
        blank=True,
        help_text=_("Empty: at once. Before this day only its editors see it."),
    )
    publish_until = models.DateField(
        _("published until"),
        null=True,
        blank=True,
        help_text=_("Empty: with no end. After this day only its editors see it."),
    )

    visibility: str  # the record's own tier (a field of the models using this)

    class Meta:
        abstract = True

    @property
    def shown_visibility(self) -> str:
        """The tier the record is shown at today: its own inside its window, restricted
        (its editors and administrators) outside it."""
        return policy.shown_tier(self.visibility, self.publish_from, self.publish_until)

    def clean(self):
        super().clean()
        if self.publish_from and self.publish_until and self.publish_until < self.publish_from:
            raise ValidationError(
                {"publish_until": _("The end of publication cannot be before its start.")}
            )


def window_constraint(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(publish_from__isnull=True)
        | Q(publish_until__isnull=True)
        | Q(publish_until__gte=F("publish_from")),
        name=f"{model_name}_published_until_after_from",
        violation_error_message=_("The end of publication cannot be before its start."),
    )


def dated_constraint(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(abolished_on__isnull=True)
        | Q(established_on__isnull=True)
        | Q(abolished_on__gte=F("established_on")),
        name=f"{model_name}_abolished_after_established",
        violation_error_message=_("The abolition date cannot be before the establishment date."),
    )


def one_of(fields: tuple[str, ...], name: str, message) -> models.CheckConstraint:
    """A constraint: exactly one of the foreign keys ``fields`` is set (a contact's
    owner, the record a correction is about)."""
    condition = Q()
    for chosen in fields:
        condition |= Q(**{f"{f}__isnull": f != chosen for f in fields})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)
