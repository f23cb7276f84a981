"""The database itself refuses rows that break the directory's rules."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from organizations.models import Appointment, ContactPoint, Post, Unit

DAY = datetime.date(2025, 3, 1)


def rejected(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_unit_codes_are_unique(tree):
    rejected(lambda: Unit.objects.filter(pk=tree.health.pk).update(code="LABOUR"))


def test_a_unit_cannot_be_abolished_before_it_was_established(tree):
    rejected(
        lambda: Unit.objects.filter(pk=tree.health.pk).update(
            established_on=DAY, abolished_on=DAY - datetime.timedelta(days=1)
        )
    )
    Unit.objects.filter(pk=tree.health.pk).update(established_on=DAY, abolished_on=DAY)


def test_a_post_cannot_be_abolished_before_it_was_established(tree):
    rejected(
        lambda: Post.objects.filter(pk=tree.vacant_post.pk).update(
            established_on=DAY, abolished_on=DAY - datetime.timedelta(days=1)
        )
    )


def test_an_appointment_cannot_end_before_it_starts(tree):
    rejected(
        lambda: Appointment.objects.create(
            person=tree.former_head,
            post=tree.vacant_post,
            starts_on=DAY,
            ends_on=DAY - datetime.timedelta(days=1),
        )
    )


def test_two_holders_of_one_post_cannot_overlap(tree):
    Appointment.objects.create(
        person=tree.former_head,
        post=tree.vacant_post,
        starts_on=DAY,
        ends_on=DAY + datetime.timedelta(days=10),
    )
    # overlapping by the last day
    rejected(
        lambda: Appointment.objects.create(
            person=tree.public_person,
            post=tree.vacant_post,
            starts_on=DAY + datetime.timedelta(days=10),
        )
    )
    # open-ended before
    rejected(
        lambda: Appointment.objects.create(
            person=tree.public_person,
            post=tree.vacant_post,
            starts_on=DAY - datetime.timedelta(days=100),
        )
    )
    # the day after is fine
    Appointment.objects.create(
        person=tree.public_person,
        post=tree.vacant_post,
        starts_on=DAY + datetime.timedelta(days=11),
    )


def test_one_person_may_hold_two_posts_at_once(tree):
    Appointment.objects.create(person=tree.public_person, post=tree.vacant_post, starts_on=DAY)


@pytest.mark.parametrize("value", ["71 200 00 01", "998712000001", "+998 71 200-00-01", "abc"])
def test_phones_are_stored_in_e164_only(tree, value):
    rejected(lambda: ContactPoint.objects.create(unit=tree.labour, kind="phone", value=value))


def test_emails_need_no_e164(tree):
    ContactPoint.objects.create(unit=tree.labour, kind="email", value="a@b.example")


def test_a_contact_has_exactly_one_owner(tree):
    rejected(lambda: ContactPoint.objects.create(kind="email", value="a@b.example"))
    rejected(
        lambda: ContactPoint.objects.create(
            unit=tree.labour, post=tree.head_post, kind="email", value="a@b.example"
        )
    )
