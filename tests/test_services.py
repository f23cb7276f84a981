"""State changes go through services: atomic, checked, recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organizations import services
from organizations.models import Appointment, ContactPoint, Unit
from organizations.permissions import SYSTEM

from .conftest import DAY, holders


def test_appointing_ends_the_previous_holder_the_day_before(tree, admin):
    new_day = DAY + datetime.timedelta(days=30)
    appointment = services.appoint(tree.acting_person, tree.head_post, new_day, actor=admin)
    previous, current = holders(tree.head_post)[-2:]
    assert previous.person == tree.public_person
    assert previous.ends_on == new_day - datetime.timedelta(days=1)
    assert current == appointment and current.ends_on is None
    assert previous.history.latest().history_user == admin


def test_appointing_before_the_current_holder_started_is_refused_and_writes_nothing(tree, admin):
    before = list(Appointment.objects.values_list("pk", "ends_on"))
    with pytest.raises(ValidationError):
        services.appoint(
            tree.acting_person, tree.head_post, DAY - datetime.timedelta(days=1), actor=admin
        )
    assert list(Appointment.objects.values_list("pk", "ends_on")) == before


def test_appointing_to_an_abolished_post_is_refused(tree, admin):
    tree.vacant_post.abolished_on = DAY
    services.save_post(tree.vacant_post, actor=admin)
    with pytest.raises(ValidationError):
        services.appoint(
            tree.acting_person, tree.vacant_post, DAY + datetime.timedelta(days=1), actor=admin
        )


def test_ending_an_appointment(tree, admin):
    appointment = tree.acting_person.appointments.get()
    services.end_appointment(appointment, DAY + datetime.timedelta(days=5), actor=admin)
    appointment.refresh_from_db()
    assert appointment.ends_on == DAY + datetime.timedelta(days=5)
    assert appointment.version == 2
    with pytest.raises(ValidationError):
        services.end_appointment(appointment, DAY - datetime.timedelta(days=5), actor=admin)


def test_only_editors_of_the_unit_may_appoint(tree, alisher, dilnoza):
    with pytest.raises(PermissionDenied):
        services.appoint(tree.acting_person, tree.vacant_post, DAY, actor=alisher)
    services.appoint(tree.acting_person, tree.vacant_post, DAY, actor=dilnoza)
    health_post = services.save_post(
        type(tree.vacant_post)(unit=tree.health, code="H-1", title="Vazir"), actor=SYSTEM
    )
    with pytest.raises(PermissionDenied):
        services.appoint(tree.acting_person, health_post, DAY, actor=dilnoza)


def test_create_unit_places_it_last_among_its_siblings(tree, admin):
    unit = services.create_unit(
        parent=tree.labour, code="LABOUR-02", name="Yangi", kind="department", actor=admin
    )
    children = list(
        Unit.objects.filter(path__startswith=tree.labour.path, depth=tree.labour.depth + 1)
    )
    assert children[-1] == unit
    assert unit.history.latest().history_user == admin


def test_create_unit_validates_before_writing(tree, admin):
    count = Unit.objects.count()
    with pytest.raises(ValidationError):
        services.create_unit(
            parent=tree.labour, code="LABOUR", name="Dup", kind="department", actor=admin
        )
    with pytest.raises(ValidationError):
        services.create_unit(
            parent=tree.labour, code="bad code!", name="X", kind="department", actor=admin
        )
    with pytest.raises(ValidationError):
        services.create_unit(
            parent=tree.labour,
            code="X1",
            name="X",
            kind="department",
            established_on=DAY,
            abolished_on=DAY - datetime.timedelta(days=1),
            actor=admin,
        )
    assert Unit.objects.count() == count


def test_move_unit_moves_the_subtree(tree, admin):
    moved = services.move_unit(tree.employment, tree.health, actor=admin)
    assert moved.path.startswith(tree.health.path)
    assert moved.depth == tree.health.depth + 1
    assert moved.version == 2


def test_a_unit_cannot_be_moved_under_itself_or_its_descendant(tree, admin):
    with pytest.raises(ValidationError):
        services.move_unit(tree.labour, tree.employment, actor=admin)
    with pytest.raises(ValidationError):
        services.move_unit(tree.labour, tree.labour, actor=admin)
    tree.labour.refresh_from_db()
    assert tree.labour.depth == 2


def test_editors_cannot_reorganise_without_manage_permission(tree, dilnoza):
    with pytest.raises(PermissionDenied):
        services.move_unit(tree.employment, tree.labour, "first-child", actor=dilnoza)


def test_phone_numbers_are_normalised_by_the_service(tree, admin):
    contact = ContactPoint(unit=tree.labour, kind="phone", value="71 239-12-34")
    services.save_contact(contact, actor=admin)
    assert contact.value == "+998712391234"
    with pytest.raises(ValidationError):
        services.save_contact(ContactPoint(unit=tree.labour, kind="phone", value="12"), actor=admin)
    with pytest.raises(ValidationError):
        services.save_contact(
            ContactPoint(unit=tree.labour, kind="email", value="not-an-email"), actor=admin
        )


def test_a_rename_made_anywhere_keeps_the_former_name(tree):
    """The rename page (``rename_unit``), a save of an edited unit (admin, a revert from
    history) and an import all keep the old name in ``former_names``; ``update_unit``
    refuses names, so no rename can go around that."""
    from organizations.search import search
    from organizations.visibility import Viewer

    with pytest.raises(TypeError, match="rename_unit"):
        services.update_unit(tree.health, name_uz="Yangi nom", actor=SYSTEM)
    unit = Unit.objects.get(pk=tree.health.pk)
    unit.name_uz = "Sogʻliqni saqlash va farovonlik vazirligi"
    services.save_record(unit, actor=SYSTEM)
    unit.refresh_from_db()
    assert unit.former_names == ["Sogʻliqni saqlash vazirligi"]
    hits = search(Viewer.anonymous(), "Sogʻliqni saqlash vazirligi").hits
    assert tree.health in [h.unit for h in hits]
