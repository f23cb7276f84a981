"""Corrections suggested by citizens ("Report a mistake"), and what each account wants
of the mail the directory sends (its language, when it last had a digest)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..validators import no_bidi_controls
from .base import one_of
from .people import Person, Post
from .units import Unit

SUGGESTED_MAX = 500
COMMENT_MAX = 2000


class CorrectionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Correction.Status.OPEN)

    def for_editor(self, viewer):
        """The corrections ``viewer`` handles: those sent to a unit they edit (the
        nearest unit above the record that has editors); administrators see all,
        including those sent to no unit."""
        if viewer.is_administrator:
            return self
        if not viewer.editable_paths:
            return self.none()
        inside = Q()
        for path in viewer.editable_paths:
            inside |= Q(assigned_to__path__startswith=path)
        return self.filter(inside)


class Correction(models.Model):
    """A citizen's report that something on a public page is wrong: which value, what
    it should be, and the outcome. Never shown publicly; the editors of the unit it is
    sent to (and administrators) handle it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    field = models.CharField(_("what is wrong"), max_length=40)
    field_label = models.CharField(_("what is wrong, as shown"), max_length=300)
    current_value = models.TextField(_("value shown"), blank=True)
    suggested_value = models.CharField(
        _("suggested value"), max_length=SUGGESTED_MAX, blank=True, validators=[no_bidi_controls]
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        validators=[MaxLengthValidator(COMMENT_MAX), no_bidi_controls],
    )
    email = models.EmailField(_("e-mail address for the outcome"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="uz")
    assigned_to = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_corrections",
        verbose_name=_("sent to the editors of"),
        help_text=_("Empty: the administrators."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    outcome_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            one_of(
                ("unit", "post", "person"),
                "correction_has_one_record",
                _("A correction is about exactly one unit, post or person."),
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(decided_at__isnull=False),
                name="correction_decided_has_a_day",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"#{self.pk}"

    @property
    def record(self) -> Unit | Post | Person:
        return self.unit or self.post or self.person  # type: ignore[return-value]

    @property
    def record_kind(self) -> str:
        return "unit" if self.unit_id else "post" if self.post_id else "person"


class AccountSettings(models.Model):
    """What an account wants of the directory's mail: the language it is written in
    (empty: the site's) and when the last digest went out (at most one a week)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_settings",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of messages"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("account settings")
        verbose_name_plural = _("account settings")

    def __str__(self) -> str:
        return str(self.user)
