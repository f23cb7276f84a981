"""Administrators run everything in Django admin, through the same rules."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations import services
from organizations.models import Appointment, ContactPoint, Person, Unit
from organizations.permissions import SYSTEM

from .conftest import DAY, make_person, make_post


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "url, shown, not_shown",
    [
        ("/admin/", ["Government directory", "Units", "Imports"], []),
        # The tree opens at the top-level units; the others are one click away.
        ("/admin/organizations/unit/", ["CABINET", "1 unit"], ["LABOUR-01"]),
        ("/admin/organizations/unit/?q=LABOUR", ["LABOUR-01"], ["HEALTH"]),
        ("/admin/organizations/post/", ["LABOUR-P01", "LABOUR-01-P02"], []),
        (
            "/admin/organizations/post/?q=Vazir&visibility__exact=public",
            ["LABOUR-P01"],
            ["LABOUR-01-P02", "LABOUR-01-P03"],
        ),
        ("/admin/organizations/person/", ["jahongir-gulomov", "sabina-yashirin"], []),
        (
            "/admin/organizations/person/?visibility__exact=internal",
            ["sabina-yashirin"],
            ["jahongir-gulomov", "oydin-maxfiy"],
        ),
        ("/admin/organizations/appointment/", ["Rahimov", "Vazir"], []),
        ("/admin/organizations/contactpoint/", ["+998"], []),
        ("/admin/organizations/unit/add/", ['name="code"', 'name="name_uz"'], []),
        ("/admin/organizations/post/add/", ['name="code"', 'name="unit"'], []),
        ("/admin/organizations/person/add/", ['name="family_name"', 'name="slug"'], []),
        ("/admin/organizations/appointment/add/", ['name="person"', 'name="starts_on"'], []),
    ],
)
def test_admin_pages_show_what_they_list(tree, admin_client, url, shown, not_shown):
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for text in shown:
        assert text in page, text
    for text in not_shown:
        assert text not in page, text


def test_admin_object_pages_history_and_permissions_show_the_record(tree, admin_client):
    pk = tree.labour.pk
    for url, text in [
        (f"/admin/organizations/unit/{pk}/change/", 'value="LABOUR"'),
        (f"/admin/organizations/unit/{pk}/history/", f"Change history: {tree.labour}"),
        (f"/admin/organizations/unit/{pk}/permissions/", str(tree.labour)),
        (
            f"/admin/organizations/post/{tree.head_post.pk}/change/",
            f'value="{tree.head_post.code}"',
        ),
        (f"/admin/organizations/post/{tree.head_post.pk}/history/", "Change history: "),
        (
            f"/admin/organizations/person/{tree.public_person.pk}/change/",
            'value="jahongir-gulomov"',
        ),
        (
            f"/admin/organizations/person/{tree.public_person.pk}/history/",
            f"Change history: {tree.public_person}",
        ),
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("model", ["post", "appointment", "contactpoint", "person", "unit"])
def test_admin_lists_do_not_query_per_row(tree, admin_client, model):
    url = f"/admin/organizations/{model}/"
    before = queries_for(admin_client, url)
    for index in range(15):
        post = make_post(tree.health, f"H-{index}", f"Lavozim {index}")
        person = make_person(f"admin-list-{index}", f"Familiya{index}", "Ism")
        services.appoint(person, post, DAY, actor=SYSTEM)
        ContactPoint.objects.create(post=post, kind="email", value=f"x{index}@h.example")
        services.create_unit(
            parent=tree.health,
            code=f"H-U{index}",
            name=f"Boʻlim {index}",
            kind="division",
            actor=SYSTEM,
        )
    assert queries_for(admin_client, url) == before


def contact_form(owner_field, owner_pk, **values):
    data = {
        "kind": "phone",
        "value": "71 239 12 34",
        "extension": "",
        "label_uz": "",
        "visibility": "public",
        "order": "0",
        owner_field: str(owner_pk),
    }
    data.update(values)
    return data


def test_admin_normalises_phones_and_rejects_invalid_ones_with_a_message(tree, admin_client):
    response = admin_client.post(
        "/admin/organizations/contactpoint/add/", contact_form("unit", tree.labour.pk)
    )
    assert response.status_code == 302
    assert ContactPoint.objects.filter(unit=tree.labour, value="+998712391234").exists()
    count = ContactPoint.objects.count()
    response = admin_client.post(
        "/admin/organizations/contactpoint/add/",
        contact_form("unit", tree.labour.pk, value="12-34"),
    )
    assert response.status_code == 200
    assert "is not a valid phone number" in response.content.decode()
    assert ContactPoint.objects.count() == count


def appointment_form(person, post, starts_on, ends_on=""):
    return {"person": person.pk, "post": post.pk, "starts_on": starts_on, "ends_on": ends_on}


def test_admin_appointment_ends_the_previous_holder(tree, admin_client, admin):
    response = admin_client.post(
        "/admin/organizations/appointment/add/",
        appointment_form(tree.acting_person, tree.head_post, "2025-06-01"),
    )
    assert response.status_code == 302
    previous = Appointment.objects.get(person=tree.public_person, post=tree.head_post)
    assert previous.ends_on == datetime.date(2025, 5, 31)
    assert previous.history.latest().history_user == admin


def test_admin_reversed_dates_give_a_message_not_an_error(tree, admin_client):
    response = admin_client.post(
        "/admin/organizations/appointment/add/",
        appointment_form(tree.acting_person, tree.vacant_post, "2025-06-01", "2025-05-01"),
    )
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
    assert not Appointment.objects.filter(post=tree.vacant_post).exists()


def test_admin_overlap_with_a_later_holder_gives_a_message(tree, admin_client):
    services.appoint(tree.former_head, tree.vacant_post, datetime.date(2025, 6, 1), actor=SYSTEM)
    response = admin_client.post(
        "/admin/organizations/appointment/add/",
        appointment_form(tree.acting_person, tree.vacant_post, "2025-01-01", "2025-12-31"),
        follow=True,
    )
    assert "already has a holder" in response.content.decode()
    assert Appointment.objects.filter(post=tree.vacant_post).count() == 1


def test_admin_unit_form_rejects_reversed_dates(tree, admin_client):
    response = admin_client.get(f"/admin/organizations/unit/{tree.health.pk}/change/")
    assert response.status_code == 200
    data = {
        "code": "HEALTH",
        "kind": "ministry",
        "name_uz": "Sogʻliqni saqlash vazirligi",
        "established_on": "2020-01-01",
        "abolished_on": "2019-01-01",
        "_position": "first-child",
        "_ref_node_id": "",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "treebeard_position": "first-child",
        "treebeard_ref_node": "",
    }
    response = admin_client.post(f"/admin/organizations/unit/{tree.health.pk}/change/", data)
    assert response.status_code == 200
    assert "abolition date cannot be before" in response.content.decode()
    assert Unit.objects.get(pk=tree.health.pk).abolished_on is None


def test_admin_tree_move_keeps_the_tree_consistent(tree, admin_client):
    response = admin_client.post(
        "/admin/organizations/unit/move/",
        {"node": tree.employment.pk, "target": tree.health.pk, "relation": "child"},
    )
    assert response.status_code == 200
    moved = Unit.objects.get(pk=tree.employment.pk)
    assert moved.path.startswith(Unit.objects.get(pk=tree.health.pk).path)
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    response = admin_client.post(
        "/admin/organizations/unit/move/",
        {"node": tree.cabinet.pk, "target": tree.employment.pk, "relation": "child"},
    )
    assert response.status_code == 400  # under its own descendant


def test_admin_person_search_finds_by_family_name(tree, admin_client):
    page = admin_client.get("/admin/organizations/person/?q=Rahimov").content.decode()
    assert "Rahimov" in page and Person.objects.count() > 1


def test_admin_deletes_go_through_the_services_and_search_follows(tree, admin_client, admin):
    from organizations.search import search
    from organizations.visibility import Viewer

    contact = services.save_contact(
        ContactPoint(unit=tree.health, kind="phone", value="+998712000042"), actor=SYSTEM
    )
    assert [h.unit for h in search(Viewer.anonymous(), "71 200 00 42").hits] == [tree.health]
    response = admin_client.post(
        f"/admin/organizations/contactpoint/{contact.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not ContactPoint.objects.filter(pk=contact.pk).exists()
    assert search(Viewer.anonymous(), "71 200 00 42").hits == []
    removed = ContactPoint.history.filter(id=contact.pk, history_type="-").get()
    assert removed.history_user == admin
    # A selection deleted with the list's action goes the same way.
    second = services.save_contact(
        ContactPoint(unit=tree.health, kind="phone", value="+998712000043"), actor=SYSTEM
    )
    response = admin_client.post(
        "/admin/organizations/contactpoint/",
        {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert search(Viewer.anonymous(), "71 200 00 43").hits == []
    # An appointment entered by mistake: removed, and its holder's document forgets it.
    mistake = services.appoint(tree.acting_person, tree.vacant_post, DAY, actor=SYSTEM)
    response = admin_client.post(
        f"/admin/organizations/appointment/{mistake.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Appointment.objects.filter(pk=mistake.pk).exists()
    assert Appointment.history.filter(id=mistake.pk, history_type="-").get().history_user == admin
    from organizations.models import SearchDocument

    document = SearchDocument.objects.get(kind="post", ref_id=tree.vacant_post.pk)
    assert document.is_vacant


@pytest.mark.parametrize("model", ["unit", "post", "person"])
def test_admin_never_deletes_units_posts_or_people(tree, admin_client, model):
    record = {"unit": tree.health, "post": tree.head_post, "person": tree.public_person}[model]
    url = f"/admin/organizations/{model}/{record.pk}/delete/"
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()
    listing = admin_client.get(f"/admin/organizations/{model}/").content.decode()
    assert "delete_selected" not in listing


@pytest.mark.parametrize("moved", [False, True], ids=["in place", "moved in the same save"])
def test_admin_unit_save_goes_through_the_service(tree, admin_client, admin, moved):
    """A rename in admin keeps the former name (search still finds it), counts the
    version once and names the administrator in history, also when treebeard's form
    writes the unit itself because its place changed."""
    from organizations.search import search
    from organizations.visibility import Viewer

    unit = Unit.objects.get(pk=tree.health.pk)
    old_name, old_version = unit.name_uz, unit.version
    data = {
        "code": unit.code,
        "kind": unit.kind,
        "name_uz": "Sogʻliqni saqlash va ijtimoiy himoya vazirligi",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "treebeard_position": "first-child",
        "treebeard_ref_node": str((tree.labour if moved else tree.cabinet).pk),
    }
    response = admin_client.post(f"/admin/organizations/unit/{unit.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Unit.objects.get(pk=unit.pk)
    assert saved.name_uz == data["name_uz"]
    assert old_name in saved.former_names
    assert saved.version == old_version + 1
    assert saved.history.first().history_user == admin
    if moved:
        assert saved.path.startswith(Unit.objects.get(pk=tree.labour.pk).path)
        assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert tree.health in [h.unit for h in search(Viewer.anonymous(), old_name).hits]


def test_admin_object_permissions_go_through_grant_editor(tree, admin_client, admin, alisher):
    """guardian's per-object permission pages give and take rights through the services:
    only the directory's two rights are offered, and history names the administrator."""
    from django.contrib.auth.models import Group

    from organizations.models import UnitGroupObjectPermission, UnitUserObjectPermission
    from organizations.permissions import can_edit

    unit = tree.labour
    url = f"/admin/organizations/unit/{unit.pk}/permissions/user-manage/{alisher.pk}/"
    page = admin_client.get(url).content.decode()
    assert 'value="change_unit"' in page and 'value="manage_unit"' in page
    assert 'value="delete_unit"' not in page and 'value="add_unit"' not in page
    assert admin_client.post(url, {"permissions": ["change_unit"]}).status_code == 302
    grant = UnitUserObjectPermission.objects.get(user=alisher, content_object=unit)
    assert grant.permission.codename == "change_unit"
    assert grant.history.first().history_user == admin
    assert can_edit(alisher, tree.employment)  # down the subtree
    # A right the directory does not know is not given, even if posted.
    admin_client.post(url, {"permissions": ["change_unit", "delete_unit"]})
    assert UnitUserObjectPermission.objects.filter(user=alisher).count() == 1
    # Unticked: taken back, with the administrator in history. (A browser always sends
    # its CSRF token; with no field at all guardian would show the form again.)
    assert (
        admin_client.post(url, {"permissions": [], "csrfmiddlewaretoken": "x"}).status_code == 302
    )
    assert not UnitUserObjectPermission.objects.filter(user=alisher).exists()
    deleted = UnitUserObjectPermission.history.filter(history_type="-").get()
    assert deleted.history_user == admin

    group = Group.objects.create(name="Labour editors")
    url = f"/admin/organizations/unit/{unit.pk}/permissions/group-manage/{group.pk}/"
    assert admin_client.post(url, {"permissions": ["manage_unit"]}).status_code == 302
    grant = UnitGroupObjectPermission.objects.get(group=group, content_object=unit)
    assert grant.permission.codename == "manage_unit"
    assert grant.history.first().history_user == admin
