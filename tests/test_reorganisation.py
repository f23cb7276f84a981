"""Reorganisations through the editing pages: rename, move, merge, split, abolish —
each one transaction with history, bad input refused with a message and nothing written."""

import datetime

import pytest
from django.urls import reverse

from organizations import permissions, services
from organizations.models import Appointment, Post, Unit, today
from organizations.permissions import SYSTEM

from .conftest import make_post, make_unit
from .test_editing import field_errors, snapshot

EFFECTIVE = today()
LAST_DAY = EFFECTIVE - datetime.timedelta(days=1)


@pytest.fixture
def manager(tree, client_for, dilnoza):
    """dilnoza manages the Ministry of Labour (and so reorganises the units in it)."""
    services.grant_editor(dilnoza, tree.labour, permissions.MANAGE, actor=SYSTEM)
    return client_for(dilnoza)


@pytest.fixture
def second(tree):
    unit = make_unit(tree.labour, "LABOUR-02", "Mehnat muhofazasi boshqarmasi")
    make_post(unit, "LABOUR-02-P01", "Inspektor")
    return unit


def test_rename_keeps_the_old_name_searchable(tree, manager):
    unit = tree.employment
    response = manager.post(
        reverse("unit_rename", args=[unit.code]),
        {
            "name_uz": "Bandlikka koʻmaklashish boshqarmasi",
            "name_en": "Employment Support",
            "version": unit.version,
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name_uz == "Bandlikka koʻmaklashish boshqarmasi"
    assert "Ishsizlik nafaqasi boshqarmasi" in unit.former_names
    assert unit.history.count() >= 2
    page = manager.get(unit.get_absolute_url()).content.decode()
    assert "Formerly:" in page and "Ishsizlik nafaqasi boshqarmasi" in page
    found = manager.get(reverse("search"), {"q": "Ishsizlik nafaqasi", "kind": "unit"})
    assert "Employment Support" in found.content.decode()


def test_rename_without_a_name_is_refused(tree, manager):
    before = snapshot()
    response = manager.post(
        reverse("unit_rename", args=[tree.employment.code]),
        {"name_uz": "", "version": tree.employment.version},
    )
    assert field_errors(response, "name_uz")
    assert snapshot() == before


def test_a_rename_and_a_move_recorded_late_are_dated_on_the_day_they_happened(
    tree, manager, second
):
    from .test_as_of import begin_records

    begin_records(datetime.date(2020, 1, 1))
    unit = tree.employment
    renamed_on, moved_on = datetime.date(2024, 6, 1), datetime.date(2025, 3, 1)
    form = manager.get(reverse("unit_rename", args=[unit.code])).context["form"]
    assert form["effective_on"].value() == today()
    response = manager.post(
        reverse("unit_rename", args=[unit.code]),
        {"name_uz": "Bandlik boshqarmasi", "version": unit.version, "effective_on": renamed_on},
    )
    assert response.status_code == 302
    response = manager.post(
        reverse("unit_move", args=[unit.code]),
        {"new_parent": second.code, "position": "last-child", "effective_on": moved_on},
    )
    assert response.status_code == 302

    def on(day):
        return manager.get(f"/units/{unit.code}/?on={day.isoformat()}").content.decode()

    before = on(renamed_on - datetime.timedelta(days=1))
    assert "Ishsizlik nafaqasi boshqarmasi" in before and "Bandlik boshqarmasi" not in before
    assert "Bandlik boshqarmasi" in on(renamed_on)
    assert "/units/LABOUR-02/" not in on(moved_on - datetime.timedelta(days=1))
    assert "/units/LABOUR-02/" in on(moved_on)


@pytest.mark.parametrize(
    ("effective_on", "says"),
    [
        ("2999-01-01", "future"),
        ("1800-01-01", "last recorded change"),
        ("not a day", "valid date"),
        ("2025-13-40", "valid date"),
    ],
)
def test_a_rename_dated_wrongly_is_refused_with_a_message(tree, manager, effective_on, says):
    before = snapshot()
    response = manager.post(
        reverse("unit_rename", args=[tree.employment.code]),
        {"name_uz": "Boshqa nom", "version": tree.employment.version, "effective_on": effective_on},
    )
    assert response.status_code == 200
    assert any(says in error for error in field_errors(response, "effective_on"))
    assert snapshot() == before


def test_a_change_dated_before_the_last_recorded_one_is_refused(tree, manager, second):
    from .test_as_of import begin_records

    begin_records(datetime.date(2020, 1, 1))
    services.rename_unit(
        tree.employment, name_uz="Bandlik", actor=SYSTEM, effective_on=datetime.date(2024, 6, 1)
    )
    before = snapshot()
    response = manager.post(
        reverse("unit_move", args=[tree.employment.code]),
        {"new_parent": second.code, "position": "last-child", "effective_on": "2023-01-01"},
    )
    assert response.status_code == 200
    assert "last recorded change" in " ".join(field_errors(response, "effective_on"))
    assert snapshot() == before


def test_move_within_the_subtree(tree, manager, second):
    response = manager.post(
        reverse("unit_move", args=[tree.employment.code]),
        {"new_parent": second.code, "position": "first-child"},
    )
    assert response.status_code == 302
    moved = Unit.objects.get(pk=tree.employment.pk)
    assert Unit.objects.get_parent(moved).pk == second.pk


@pytest.mark.parametrize(
    "new_parent, message",
    [
        ("LABOUR-01", "under itself"),  # itself
        ("NOPE", "no unit with the code"),
        ("", "required"),
    ],
)
def test_bad_moves_are_refused(tree, manager, new_parent, message):
    before = snapshot()
    response = manager.post(
        reverse("unit_move", args=[tree.employment.code]),
        {"new_parent": new_parent, "position": "last-child"},
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors).lower()
    assert snapshot() == before


def test_moving_a_unit_under_its_own_descendant_is_refused(tree, manager):
    inner = make_unit(tree.employment, "LABOUR-01-01", "Sektor")
    before = snapshot()
    response = manager.post(
        reverse("unit_move", args=[tree.employment.code]),
        {"new_parent": inner.code, "position": "last-child"},
    )
    assert response.status_code == 200
    assert "under itself or one of its own units" in str(response.context["form"].errors)
    assert snapshot() == before


def test_moving_outside_ones_subtree_is_forbidden(tree, manager):
    response = manager.post(
        reverse("unit_move", args=[tree.employment.code]),
        {"new_parent": tree.health.code, "position": "last-child"},
    )
    assert response.status_code == 403
    assert Unit.objects.get_parent(Unit.objects.get(pk=tree.employment.pk)).pk == tree.labour.pk


def test_merge_moves_posts_and_people_and_abolishes_the_sources(tree, manager, second):
    holder = tree.public_person
    response = manager.post(
        reverse("unit_merge", args=[tree.employment.code]),
        {
            "others": second.code,
            "new_code": "LABOUR-03",
            "new_name": "Bandlik va mehnat boshqarmasi",
            "effective_on": EFFECTIVE.isoformat(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    merged = Unit.objects.get(code="LABOUR-03")
    assert Unit.objects.get_parent(merged).pk == tree.labour.pk
    for source in (tree.employment, second):
        source.refresh_from_db()
        assert source.abolished_on == LAST_DAY
        assert source.abolition_reason == "merged"
        assert list(source.successors.all()) == [merged]
    assert Post.objects.get(pk=tree.head_post.pk).unit == merged
    assert Post.objects.get(code="LABOUR-02-P01").unit == merged
    # The holder keeps their post, now in the merged unit.
    assert Appointment.objects.current().get(person=holder).post.unit == merged
    page = manager.get(tree.employment.get_absolute_url()).content.decode()
    assert "no longer exists" in page and "Bandlik va mehnat boshqarmasi" in page
    # The abolished units leave the live tree; search finds them after current ones,
    # marked abolished (their page says where their work went), and not among current.
    labour_page = manager.get(tree.labour.get_absolute_url()).content.decode()
    assert "Ishsizlik nafaqasi boshqarmasi" not in labour_page
    found = manager.get(reverse("search"), {"q": "Ishsizlik nafaqasi", "kind": "unit"})
    assert "abolished" in found.content.decode()
    assert [h.unit for h in found.context["results"].hits] == [tree.employment]
    current = manager.get(
        reverse("search"), {"q": "Ishsizlik nafaqasi", "kind": "unit", "status": "current"}
    )
    assert "Ishsizlik nafaqasi boshqarmasi" not in current.content.decode()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"target": "LABOUR-01"}, "__all__"),  # into itself
        ({"target": "NOPE"}, "target"),
        ({}, "new_code"),
        ({"target": "LABOUR-02", "new_code": "X"}, "__all__"),
        ({"new_code": "bad code", "new_name": "X"}, "new_code"),
    ],
)
def test_bad_merges_are_refused(tree, manager, second, data, field):
    before = snapshot()
    response = manager.post(
        reverse("unit_merge", args=[tree.employment.code]),
        {"effective_on": EFFECTIVE.isoformat(), **data},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get(field) or response.context["form"].errors.get(
        "target"
    )
    assert snapshot() == before


def test_split_shares_posts_and_abolishes_the_rest(tree, manager):
    unit = tree.employment
    data = {
        "effective_on": EFFECTIVE.isoformat(),
        "part1_code": "LABOUR-01A",
        "part1_name": "Nafaqalar boʻlimi",
        "part2_code": "LABOUR-01B",
        "part2_name": "Pensiyalar boʻlimi",
        f"post_{tree.head_post.pk}": "2",
        f"post_{tree.vacant_post.pk}": "1",
        f"post_{tree.internal_post.pk}": "",
    }
    response = manager.post(reverse("unit_split", args=[unit.code]), data)
    assert response.status_code == 302, response.context["form"].errors
    unit.refresh_from_db()
    first, second = Unit.objects.get(code="LABOUR-01A"), Unit.objects.get(code="LABOUR-01B")
    assert unit.abolition_reason == "split" and unit.abolished_on == LAST_DAY
    assert set(unit.successors.all()) == {first, second}
    assert Post.objects.get(pk=tree.head_post.pk).unit == second
    assert Post.objects.get(pk=tree.vacant_post.pk).unit == first
    internal = Post.objects.get(pk=tree.internal_post.pk)
    assert internal.abolished_on == LAST_DAY
    assert Appointment.objects.get(post=internal).ends_on == LAST_DAY


def test_a_split_into_one_part_is_refused(tree, manager):
    before = snapshot()
    response = manager.post(
        reverse("unit_split", args=[tree.employment.code]),
        {"effective_on": EFFECTIVE.isoformat(), "part1_code": "X1", "part1_name": "X"},
    )
    assert response.status_code == 200
    assert field_errors(response, "part2_code")
    assert snapshot() == before


def test_abolish_with_successor(tree, manager, second):
    response = manager.post(
        reverse("unit_abolish", args=[tree.employment.code]),
        {"effective_on": EFFECTIVE.isoformat(), "reason": "transferred", "successors": second.code},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(pk=tree.employment.pk)
    assert unit.abolished_on == LAST_DAY and list(unit.successors.all()) == [second]
    # Its posts are abolished and their holders left.
    assert not Appointment.objects.current().filter(post__unit=unit).exists()
    assert manager.get(unit.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "data, field",
    [
        ({"successors": "LABOUR-01"}, "successors"),  # itself
        ({"successors": "NOPE"}, "successors"),
        ({"reason": "bored"}, "reason"),
        ({"effective_on": "yesterday"}, "effective_on"),
    ],
)
def test_bad_abolitions_are_refused(tree, manager, data, field):
    before = snapshot()
    response = manager.post(
        reverse("unit_abolish", args=[tree.employment.code]),
        {"effective_on": EFFECTIVE.isoformat(), "reason": "abolished", **data},
    )
    assert response.status_code == 200
    assert field_errors(response, field)
    assert snapshot() == before


def test_abolishing_before_a_future_appointment_starts_is_refused(tree, manager, dilnoza):
    services.appoint(
        tree.acting_person, tree.vacant_post, EFFECTIVE + datetime.timedelta(days=30), actor=dilnoza
    )
    before = snapshot()
    response = manager.post(
        reverse("unit_abolish", args=[tree.employment.code]),
        {"effective_on": EFFECTIVE.isoformat(), "reason": "abolished"},
    )
    assert response.status_code == 200
    assert "end or change that appointment first" in str(response.context["form"].errors)
    assert snapshot() == before


def test_grants_flow_to_units_created_and_moved_in_later(tree, dilnoza, admin):
    later = services.create_unit(
        parent=tree.employment, code="LATER", name="Keyin", kind="section", actor=admin
    )
    assert permissions.can_edit(dilnoza, later)
    outsider = make_unit(tree.health, "OUTSIDE", "Tashqi")
    assert not permissions.can_edit(dilnoza, outsider)
    services.move_unit(outsider, tree.employment, actor=admin)
    assert permissions.can_edit(dilnoza, Unit.objects.get(pk=outsider.pk))
    services.move_unit(Unit.objects.get(pk=outsider.pk), tree.health, actor=admin)
    assert not permissions.can_edit(dilnoza, Unit.objects.get(pk=outsider.pk))


def test_managers_give_and_take_editing_rights(tree, manager, django_user_model):
    newcomer = django_user_model.objects.create_user(username="newcomer", password="x-pass-123")
    url = reverse("unit_editors", args=[tree.employment.code])
    # Managers may not hand out manage rights.
    before = snapshot()
    refused = manager.post(url, {"username": "newcomer", "permission": "manage_unit"})
    assert field_errors(refused, "permission")
    missing = manager.post(url, {"username": "nobody", "permission": "change_unit"})
    assert field_errors(missing, "username")
    assert snapshot() == before
    assert (
        manager.post(url, {"username": "newcomer", "permission": "change_unit"}).status_code == 302
    )
    assert permissions.can_edit(newcomer, tree.employment)
    page = manager.get(url).content.decode()
    assert "newcomer" in page and "(inherited)" in page  # dilnoza's grants from above
    grant = tree.employment.unituserobjectpermission_set.get(user=newcomer)
    assert manager.post(url, {"revoke": grant.pk}).status_code == 302
    assert not permissions.can_edit(newcomer, tree.employment)
    assert grant.history.model.objects.filter(id=grant.pk).count() == 2  # given, taken
    assert manager.post(url, {"revoke": "abc"}).status_code == 404


def test_merging_units_with_sub_units_moves_the_whole_subtrees(tree, dilnoza, second):
    services.grant_editor(dilnoza, tree.labour, permissions.MANAGE, actor=SYSTEM)
    for index in range(3):
        inner = make_unit(tree.employment, f"E-{index}", f"Sektor {index}")
        make_unit(inner, f"E-{index}-X", f"Guruh {index}")
        make_unit(second, f"S-{index}", f"Boʻlim {index}")
    services.merge_units([tree.employment], second, effective_on=EFFECTIVE, actor=dilnoza)
    second.refresh_from_db()
    codes = set(
        Unit.objects.filter(path__startswith=second.path, depth=second.depth + 1)
        .current()
        .values_list("code", flat=True)
    )
    assert codes == {f"E-{i}" for i in range(3)} | {f"S-{i}" for i in range(3)}
    for index in range(3):
        grandchild = Unit.objects.get(code=f"E-{index}-X")
        assert grandchild.path.startswith(second.path) and grandchild.abolished_on is None
    # The tree is still consistent (treebeard's own check).
    assert Unit.objects.find_problems() == ([], [], [], [], [])
