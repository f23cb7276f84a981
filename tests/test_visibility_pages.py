"""Each member of the cast sees exactly their tier on unit, post and person pages."""

import datetime

import pytest

from .conftest import add_contact

# value marker -> who may see it
UNIT_CONTACTS = {
    "tel:+998712000001": {"citizen", "alisher", "dilnoza", "admin"},
    "tel:+998712000002": {"alisher", "dilnoza", "admin"},
    "tel:+998712000003": {"dilnoza", "admin"},
}
DEPARTMENT_VALUES = {
    "Gʻulomov": {"citizen", "alisher", "dilnoza", "admin"},
    "mailto:jahongir@labour.gov.example": {"citizen", "alisher", "dilnoza", "admin"},
    "tel:+998712000011": {"alisher", "dilnoza", "admin"},
    "tel:+998901000012": {"dilnoza", "admin"},
    "Maxfiy tahlilchi": {"alisher", "dilnoza", "admin"},  # internal post
    "Yashirinova": {"alisher", "dilnoza", "admin"},  # internal person
    "mailto:sabina@labour.gov.example": {
        "alisher",
        "dilnoza",
        "admin",
    },  # public contact of internal person
    "Yopiq lavozim": {"dilnoza", "admin"},  # restricted post
    "Maxfiyeva": {"dilnoza", "admin"},  # restricted person
    "tel:+998712000021": {"citizen", "alisher", "dilnoza", "admin"},
    "tel:+998712000022;ext=123": {"alisher", "dilnoza", "admin"},
}
CAST = ["citizen", "alisher", "dilnoza", "admin"]


@pytest.mark.parametrize("member", CAST)
def test_unit_page_shows_each_viewer_their_tier(tree, cast, client_for, member):
    page = client_for(cast[member]).get("/units/LABOUR/").content.decode()
    for marker, viewers in UNIT_CONTACTS.items():
        assert (marker in page) == (member in viewers), (member, marker)


@pytest.mark.parametrize("member", CAST)
def test_department_page_shows_each_viewer_their_tier(tree, cast, client_for, member):
    response = client_for(cast[member]).get("/units/LABOUR-01/")
    assert response.status_code == 200
    page = response.content.decode()
    for marker, viewers in DEPARTMENT_VALUES.items():
        assert (marker in page) == (member in viewers), (member, marker)
    assert "vacant" in page and "acting" in page


@pytest.mark.parametrize(
    "slug, viewers",
    [
        ("jahongir-gulomov", {"citizen", "alisher", "dilnoza", "admin"}),
        ("sabina-yashirin", {"alisher", "dilnoza", "admin"}),
        ("oydin-maxfiy", {"dilnoza", "admin"}),
    ],
)
@pytest.mark.parametrize("member", CAST)
def test_people_above_the_viewers_tier_do_not_exist_for_them(
    tree, cast, client_for, member, slug, viewers
):
    response = client_for(cast[member]).get(f"/people/{slug}/")
    assert response.status_code == (200 if member in viewers else 404)


@pytest.mark.parametrize(
    "code, viewers",
    [
        ("LABOUR-01-P01", {"citizen", "alisher", "dilnoza", "admin"}),
        ("LABOUR-01-P02", {"alisher", "dilnoza", "admin"}),
        ("LABOUR-01-P03", {"dilnoza", "admin"}),
    ],
)
@pytest.mark.parametrize("member", CAST)
def test_posts_above_the_viewers_tier_do_not_exist_for_them(
    tree, cast, client_for, member, code, viewers
):
    response = client_for(cast[member]).get(f"/posts/{code}/")
    assert response.status_code == (200 if member in viewers else 404)


@pytest.mark.parametrize("member", CAST)
def test_person_page_contacts_follow_the_tiers(tree, cast, client_for, member):
    page = client_for(cast[member]).get("/people/jahongir-gulomov/").content.decode()
    assert "mailto:jahongir@labour.gov.example" in page
    assert ("tel:+998712000011" in page) == (member != "citizen")
    assert ("tel:+998901000012" in page) == (member in {"dilnoza", "admin"})


def test_an_editor_sees_restricted_values_only_in_their_own_subtree(
    tree, client_for, dilnoza, admin
):
    add_contact(tree.health, "phone", "+998712000099", "restricted")
    assert "tel:+998712000099" not in client_for(dilnoza).get("/units/HEALTH/").content.decode()
    assert "tel:+998712000099" in client_for(admin).get("/units/HEALTH/").content.decode()


def test_a_post_held_by_someone_hidden_says_so_on_every_page_and_in_the_api(
    tree, citizen, client_for, alisher
):
    """Before: an empty card, neither a name nor "vacant"; the API said
    ``"vacant": false, "holders": []``."""
    from organizations import services
    from organizations.permissions import SYSTEM

    from .conftest import DAY

    services.appoint(tree.internal_person, tree.vacant_post, DAY, actor=SYSTEM)
    post_page = citizen.get("/posts/LABOUR-01-P04/").content.decode()
    unit_page = citizen.get("/units/LABOUR-01/").content.decode()
    held = "Held; the holder's details are not public."
    for page in (post_page, unit_page):
        assert "Yashirinova" not in page and held in page
    assert "badge vacant" not in post_page
    card = unit_page[unit_page.index("/posts/LABOUR-01-P04/") :]
    assert (
        card.index(held) < card.index("</li>") and "badge vacant" not in card[: card.index("</li>")]
    )
    data = citizen.get("/api/posts/LABOUR-01-P04/").json()
    assert (data["vacant"], data["holders"], data["holders_hidden"]) == (False, [], True)
    seen = client_for(alisher).get("/api/posts/LABOUR-01-P04/").json()
    assert seen["holders_hidden"] is False and seen["holders"][0]["name"].startswith("Yashirinova")
    assert held not in client_for(alisher).get("/posts/LABOUR-01-P04/").content.decode()


def test_person_page_lists_current_and_past_posts(tree, citizen):
    page = citizen.get("/people/karim-oldingi/").content.decode()
    assert "Past posts" in page and "Boshqarma boshligʻi" in page
    page = citizen.get("/people/jahongir-gulomov/").content.decode()
    assert "Current posts" in page and "/posts/LABOUR-01-P01/" in page


def test_signed_in_pages_are_not_cached_by_shared_caches(tree, client_for, alisher):
    response = client_for(alisher).get("/units/LABOUR/")
    assert "no-store" in response.headers["Cache-Control"]


def test_a_restricted_person_with_a_post_in_the_editors_units_is_shown_and_found(
    tree, dilnoza, client_for
):
    """Pages and search agree: before, search placed a person by their first post only."""
    from organizations import permissions, services
    from organizations.permissions import SYSTEM
    from organizations.search import Filters, search

    from .conftest import DAY, add_contact, make_person, make_post

    health_post = make_post(tree.health, "HEALTH-P9", "Maslahatchi", "restricted")
    person = make_person("sirli-odam", "Sirliyev", "Odil", "restricted")
    services.appoint(person, health_post, DAY, actor=SYSTEM)  # first: outside dilnoza's units
    services.appoint(person, tree.vacant_post, DAY + datetime.timedelta(days=1), actor=SYSTEM)
    add_contact(person, "mobile", "+998909998877", "restricted")
    viewer = permissions.viewer_for(dilnoza)
    found = [h.person.slug for h in search(viewer, "Sirliyev", Filters()).hits if h.person]
    assert found == ["sirli-odam"]
    page = client_for(dilnoza).get("/people/sirli-odam/").content.decode()
    assert page.count("Sirliyev") >= 1
    # Seen through her units; the rest of the person is not hers.
    assert "tel:+998909998877" not in page and "Maslahatchi" not in page
    assert "also belong to units you do not edit" in page
    assert not search(viewer, "998909998877", Filters()).hits
    assert client_for(dilnoza).get("/people/sirli-odam/edit/").status_code == 403


def test_an_ended_appointment_leaves_its_editor_the_history_and_the_undo(tree, dilnoza, client_for):
    """Before: after ending an appointment in her ministry, dilnoza got 403 on that
    person's history and could not undo a mistaken end."""
    from organizations.models import Appointment, today

    appointment = Appointment.objects.get(post=tree.restricted_post)
    browser = client_for(dilnoza)
    browser.post(
        f"/appointments/{appointment.pk}/edit/",
        {"ends_on": today().isoformat(), "acting": "", "version": appointment.version},
    )
    appointment.refresh_from_db()
    assert appointment.ends_on == today()
    # Tomorrow the person holds nothing; they still belong to the unit they left.
    Appointment.objects.filter(pk=appointment.pk).update(
        ends_on=today() - datetime.timedelta(days=2)
    )
    assert browser.get(f"/people/{tree.restricted_person.slug}/history/").status_code == 200
    appointment.refresh_from_db()
    undo = browser.post(
        f"/appointments/{appointment.pk}/edit/",
        {"ends_on": "", "acting": "", "version": appointment.version},
    )
    assert undo.status_code == 302
    appointment.refresh_from_db()
    assert appointment.ends_on is None
