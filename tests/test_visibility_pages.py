"""Each member of the cast sees exactly their tier on unit, post and person pages."""

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


def test_a_hidden_holder_is_not_reported_as_vacant(tree, client_for):
    page = client_for(None).get("/posts/LABOUR-01-P01/").content.decode()
    assert "Gʻulomov" in page and "Oldingiyev" in page  # current and former holder


def test_the_holder_history_leaves_out_hidden_people(tree, citizen):
    from organizations import services
    from organizations.permissions import SYSTEM

    from .conftest import DAY

    services.appoint(SYSTEM, tree.internal_person, tree.vacant_post, DAY)
    page = citizen.get("/posts/LABOUR-01-P04/").content.decode()
    assert "Yashirinova" not in page
    assert "vacant" not in page  # it is held, by someone the citizen may not see
    assert "The holder is not listed publicly." in page


def test_person_page_lists_current_and_past_posts(tree, citizen):
    page = citizen.get("/people/karim-oldingi/").content.decode()
    assert "Past posts" in page and "Boshqarma boshligʻi" in page
    page = citizen.get("/people/jahongir-gulomov/").content.decode()
    assert "Current posts" in page and "/posts/LABOUR-01-P01/" in page


def test_signed_in_pages_are_not_cached_by_shared_caches(tree, client_for, alisher):
    response = client_for(alisher).get("/units/LABOUR/")
    assert "no-store" in response.headers["Cache-Control"]
