"""Public browsing: home, stable URLs, 404s, sign-in, language switching."""

import pytest

from organizations.models import Unit


def test_home_shows_the_search_box_and_the_top_level_units(tree, citizen):
    page = citizen.get("/").content.decode()
    assert 'type="search"' in page
    assert "/units/LABOUR/" in page and "/units/HEALTH/" in page and "/units/CABINET/" in page
    assert "/units/LABOUR-01/" not in page


def test_unit_page_shows_breadcrumbs_mandate_and_ordered_sub_units(tree, citizen, admin):
    from organizations import services

    services.create_unit(
        parent=tree.labour, code="LABOUR-02", name="Birinchi", kind="department", actor=admin
    )
    services.move_unit(Unit.objects.get(code="LABOUR-02"), tree.labour, "first-child", actor=admin)
    page = citizen.get("/units/LABOUR/").content.decode()
    assert 'aria-label="Breadcrumbs"' in page and "/units/CABINET/" in page
    assert "Bandlik va mehnat munosabatlari." in page
    assert page.index("/units/LABOUR-02/") < page.index("/units/LABOUR-01/")


@pytest.mark.parametrize(
    "url",
    [
        "/units/NOPE/",
        "/units/%00/",
        "/units/a%20b/",
        "/units/" + "A" * 300 + "/",
        "/posts/NOPE/",
        "/people/nobody/",
        "/people/%D0%B8%D0%BC%D1%8F/",
        "/units/LABOUR/extra/",
        "/nothing-here/",
    ],
)
def test_unknown_or_malformed_addresses_give_the_portal_404_page(tree, citizen, url):
    response = citizen.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_abolished_units_keep_their_page_and_name_their_successors(tree, citizen):
    import datetime

    Unit.objects.filter(pk=tree.employment.pk).update(
        abolished_on=datetime.date(2025, 1, 31), abolition_reason="merged"
    )
    tree.employment.successors.add(tree.health)
    page = citizen.get("/units/LABOUR-01/").content.decode()
    assert "no longer exists" in page and "/units/HEALTH/" in page
    assert "/units/LABOUR-01/" not in citizen.get("/units/LABOUR/").content.decode()


def test_sign_in_and_out(tree, client, alisher):
    page = client.get("/accounts/login/").content.decode()
    assert "Username" in page and "csrfmiddlewaretoken" in page
    response = client.post(
        "/accounts/login/", {"username": "alisher", "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    assert "Maxfiy tahlilchi" in client.get("/units/LABOUR-01/").content.decode()
    client.post("/accounts/logout/")
    assert "Maxfiy tahlilchi" not in client.get("/units/LABOUR-01/").content.decode()


def test_a_wrong_password_gives_a_message_not_an_error(tree, client, alisher):
    response = client.post("/accounts/login/", {"username": "alisher", "password": "wrong"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_plain_name_search_finds_people_and_units_within_the_viewers_tier(
    tree, citizen, client_for, alisher
):
    page = citizen.get("/search/", {"q": "Gʻulomov"}).content.decode()
    assert "/people/jahongir-gulomov/" in page
    assert "/units/LABOUR/" in citizen.get("/search/", {"q": "Bandlik"}).content.decode()
    assert (
        "/people/sabina-yashirin/"
        not in citizen.get("/search/", {"q": "Yashirinova"}).content.decode()
    )
    assert (
        "/people/sabina-yashirin/"
        in client_for(alisher).get("/search/", {"q": "Yashirinova"}).content.decode()
    )


@pytest.mark.parametrize("q", ["", " ", "%", "_", "\\", "'", "*", "a" * 1000, "😀"])
def test_search_survives_odd_input(tree, citizen, q):
    assert citizen.get("/search/", {"q": q}).status_code == 200


def test_a_nul_character_in_a_search_is_refused_with_a_message(tree, citizen):
    response = citizen.get("/search/", {"q": "x\x00y"})
    assert response.status_code == 400
    assert "not allowed (NUL)" in response.content.decode()


def test_every_page_has_a_language_switcher_with_five_languages(tree, citizen):
    for url in [
        "/",
        "/units/LABOUR/",
        "/people/jahongir-gulomov/",
        "/posts/LABOUR-01-P01/",
        "/search/?q=a",
        "/accounts/login/",
    ]:
        page = citizen.get(url).content.decode()
        for name in ["Oʻzbekcha", "Ўзбекча", "Русский", "English", "한국어"]:
            assert name in page, (url, name)


def test_search_within_a_unit_keeps_to_its_subtree(tree, citizen):
    from organizations.permissions import SYSTEM

    from .conftest import DAY, make_person, make_post

    post = make_post(tree.health, "HEALTH-P1", "Vazir")
    other = make_person("botir-boshqa", "Rahimov", "Sanjar")
    from organizations import services

    services.appoint(other, post, DAY, actor=SYSTEM)
    everywhere = citizen.get("/search/", {"q": "Rahimov"}).content.decode()
    assert "/people/botir-rahimov/" in everywhere and "/people/botir-boshqa/" in everywhere
    inside = citizen.get("/search/", {"q": "Rahimov", "within": "LABOUR"}).content.decode()
    assert "/people/botir-rahimov/" in inside and "/people/botir-boshqa/" not in inside
    unknown = citizen.get("/search/", {"q": "Rahimov", "within": "NOPE"}, follow=True)
    assert unknown.status_code == 200 and "searching everywhere" in unknown.content.decode()


def test_repeated_failed_sign_ins_lock_the_account_with_a_page(tree, client, alisher):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "alisher", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "alisher", "password": "secret-pass-123"}
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"  # the cool-off: an hour
    assert "Too many failed sign-in attempts" in response.content.decode()
