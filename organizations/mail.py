"""The directory's mail: a weekly digest to each editor of what in their units needs
them (``manage.py send_reminders``), and the outcome of a correction to the citizen who
asked for it. Every message is in its recipient's language and built from what that
recipient may see; mail goes through Django's e-mail settings (SMTP from the
environment, the console otherwise)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import permissions, queries
from .models import (
    AccountSettings,
    Appointment,
    Correction,
    Person,
    UnitGroupObjectPermission,
    UnitUserObjectPermission,
    today,
)
from .permissions import CHANGE, IMPLIED_BY
from .visibility import ADMINISTRATORS_GROUP

log = logging.getLogger(__name__)

DIGEST_EVERY = datetime.timedelta(days=7)
LISTED = 10  # items listed per kind in a digest; the count says how many in all


def link(path: str) -> str:
    return settings.SITE_URL + path


def language_of(user) -> str:
    settings_row = AccountSettings.objects.filter(user=user).first()
    return (settings_row.language if settings_row else "") or settings.LANGUAGE_CODE


def send(subject: str, template: str, context: dict, to: list[str], language: str) -> None:
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "language": language}
        text = render_to_string(f"mail/{template}.txt", context)
        message = EmailMultiAlternatives(
            subject=str(subject), body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
        )
        message.extra_headers["Content-Language"] = language
        message.send()


# The outcome of a correction ----------------------------------------------------------------


def send_outcome(correction: Correction) -> None:
    """Tell the citizen what became of their correction (once; in their language)."""
    if not correction.email or correction.outcome_sent_at:
        return
    with translation.override(correction.language):
        subject = _("Your correction %(reference)s to the government directory") % {
            "reference": correction.reference
        }
        record = correction.record
        context = {
            "correction": correction,
            "record_name": record.display_name if isinstance(record, Person) else str(record),
            "record_url": link(record.get_absolute_url()),
        }
    try:
        send(subject, "correction_outcome", context, [correction.email], correction.language)
    except OSError:
        log.warning("The outcome of correction %s could not be mailed", correction.reference)
        return
    Correction.objects.filter(pk=correction.pk).update(outcome_sent_at=timezone.now())


# Digests ---------------------------------------------------------------------------------


@dataclass
class Digest:
    """What one editor is told: lists (counted in all, the first few listed)."""

    user: object
    language: str
    sections: list[tuple[str, int, list[tuple[str, str]]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(count for _, count, _items in self.sections)


def _granted_paths_by_user() -> dict[int, set[str]]:
    """Every user's directly held editing rights (themselves or through a group): the
    units whose editors they are."""
    codenames = IMPLIED_BY[CHANGE]
    found: dict[int, set[str]] = {}
    for user_id, path in UnitUserObjectPermission.objects.filter(
        permission__codename__in=codenames
    ).values_list("user_id", "content_object__path"):
        found.setdefault(user_id, set()).add(path)
    for user_id, path in UnitGroupObjectPermission.objects.filter(
        permission__codename__in=codenames, group__user__isnull=False
    ).values_list("group__user", "content_object__path"):
        found.setdefault(user_id, set()).add(path)
    return found


def _escalated_to(correction: Correction, editor_paths: set[str]) -> str | None:
    """The path of the unit above the correction's unit whose editors hear of it when
    it stays open (None: the administrators)."""
    unit = correction.assigned_to
    if unit is None:
        return None
    above = [p for p in unit.ancestor_paths if p in editor_paths]
    return max(above, key=len) if above else None


def corrections_for(user, paths: set[str], all_editor_paths: set[str], administrator: bool):
    """Open corrections this user is to hear of: sent to a unit they edit; open longer
    than ``REMINDER_ESCALATE_WEEKS`` and sent to a unit below theirs; for administrators,
    those sent to no unit or escalated past the top."""
    late = timezone.now() - datetime.timedelta(weeks=settings.REMINDER_ESCALATE_WEEKS)
    mine = []
    for correction in (
        Correction.objects.open().select_related("assigned_to").order_by("created_at")
    ):
        unit = correction.assigned_to
        if unit is not None and unit.path in paths:
            mine.append(correction)
        elif correction.created_at < late:
            target = _escalated_to(correction, all_editor_paths)
            if (target in paths) if target else administrator:
                mine.append(correction)
        elif unit is None and administrator:
            mine.append(correction)
    return mine


def build_digest(user, paths: set[str], all_editor_paths: set[str]) -> Digest:
    language = language_of(user)
    viewer = permissions.viewer_for(user)
    administrator = viewer.is_administrator
    digest = Digest(user=user, language=language)
    with translation.override(language):
        corrections = corrections_for(user, paths, all_editor_paths, administrator)
        digest.sections.append(
            (
                _("Corrections from citizens"),
                len(corrections),
                [
                    (
                        f"{c.reference} · {c.field_label} · {c.record}",
                        link(f"/edit/corrections/{c.pk}/"),
                    )
                    for c in corrections[:LISTED]
                ],
            )
        )
        if paths:  # an editor: what in their units needs them
            needs = queries.needing_attention(viewer, stale_after=queries.STALE_AFTER)
            since = today() - datetime.timedelta(days=settings.REMINDER_VACANT_DAYS)
            ended_lately = Appointment.objects.filter(post=OuterRef("pk"), ends_on__gte=since)
            vacant = needs.vacant_posts.filter(~Exists(ended_lately)).filter(
                Q(established_on__isnull=True) | Q(established_on__lte=since)
            )
            for heading, records in (
                (
                    _("Posts vacant for more than %(days)s days")
                    % {"days": settings.REMINDER_VACANT_DAYS},
                    vacant,
                ),
                (_("Units not verified for 12 months"), needs.stale_units),
                (_("Posts not verified for 12 months"), needs.stale_posts),
                (_("People not verified for 12 months"), needs.stale_people),
            ):
                listed = list(records[:LISTED])
                digest.sections.append(
                    (
                        heading,
                        records.count() if listed else 0,
                        [(str(r), link(r.get_absolute_url())) for r in listed],
                    )
                )
    return digest


@dataclass
class Summary:
    sent: int = 0
    skipped_recent: int = 0
    nothing_to_say: int = 0
    failed: int = 0


def send_reminders(now: datetime.datetime | None = None) -> Summary:
    """One digest per editor and administrator with something to say, at most one a
    week each, whatever how often this runs. A failed delivery is tried again on the
    next run."""
    now = now or timezone.now()
    summary = Summary()
    by_user = _granted_paths_by_user()
    all_editor_paths = set().union(*by_user.values()) if by_user else set()
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    administrators = set(
        users.filter(Q(is_superuser=True) | Q(groups__name=ADMINISTRATORS_GROUP)).values_list(
            "pk", flat=True
        )
    )
    for user in users.filter(pk__in={*by_user, *administrators}).order_by("pk"):
        with transaction.atomic():
            row, _created = AccountSettings.objects.get_or_create(user=user)
            row = AccountSettings.objects.select_for_update().get(pk=row.pk)
            if row.last_digest_at and now - row.last_digest_at < DIGEST_EVERY:
                summary.skipped_recent += 1
                continue
            digest = build_digest(user, by_user.get(user.pk, set()), all_editor_paths)
            if digest.empty:
                summary.nothing_to_say += 1
                continue
            with translation.override(digest.language):
                subject = _("What needs you in the government directory")
            try:
                send(
                    subject,
                    "digest",
                    {"digest": digest, "user": user, "dashboard": link("/edit/")},
                    [user.email],
                    digest.language,
                )
            except OSError:
                log.warning("The digest to %s could not be mailed", user.get_username())
                summary.failed += 1
                continue
            row.last_digest_at = now
            row.save(update_fields=["last_digest_at"])
            summary.sent += 1
    return summary
