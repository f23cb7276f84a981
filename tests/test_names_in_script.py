"""Names in the reader's script: derived by transliteration (alifbo), never stored by
hand, with the name as entered beside it; an official spelling per script wins."""

import pytest
from django.urls import reverse

from organizations import services
from organizations.permissions import SYSTEM

from .conftest import DAY, make_person


@pytest.fixture(autouse=True)
def rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def cyrillic(tree):
    person = make_person("nodir-usmonov", "Усмонов", "Нодир")
    services.appoint(person, tree.vacant_post, DAY, actor=SYSTEM)
    return person


def html(client, url, language):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.parametrize("language", ["en", "uz", "ko"])
def test_a_cyrillic_name_reads_in_latin_on_latin_pages(cyrillic, citizen, language):
    page = html(citizen, "/people/nodir-usmonov/", language)
    assert "<h1>Usmonov Nodir</h1>" in page
    assert "Усмонов Нодир" in page  # as entered, beside it
    unit = html(citizen, "/units/LABOUR-01/", language)
    assert ">Usmonov Nodir</a>" in unit


@pytest.mark.parametrize("language", ["ru", "uz-cyrl"])
def test_a_latin_name_reads_in_cyrillic_on_cyrillic_pages(tree, cyrillic, citizen, language):
    page = html(citizen, "/people/botir-rahimov/", language)
    assert "<h1>Раҳимов Ботир Акмалович</h1>" in page
    assert "Rahimov Botir Akmalovich" in page
    assert "<h1>Усмонов Нодир</h1>" in html(citizen, "/people/nodir-usmonov/", language)


def test_an_official_spelling_wins_and_is_found(cyrillic, citizen):
    cyrillic.name_latin = "Usmanov Nodir"
    services.save_person(cyrillic, actor=SYSTEM)
    assert "<h1>Usmanov Nodir</h1>" in html(citizen, "/people/nodir-usmonov/", "en")
    assert "<h1>Усмонов Нодир</h1>" in html(citizen, "/people/nodir-usmonov/", "ru")
    found = citizen.get("/api/search/?q=Usmanov").json()
    assert "nodir-usmonov" in [h["person"]["id"] for h in found["results"] if h["kind"] == "person"]
    data = citizen.get("/api/people/nodir-usmonov/").json()
    assert data["name"] == "Усмонов Нодир"
    assert data["name_latin"] == "Usmanov Nodir" and data["name_cyrillic"] == "Усмонов Нодир"


def test_an_editor_sets_an_official_spelling(cyrillic, client_for, dilnoza):
    client = client_for(dilnoza)
    url = reverse("person_edit", args=["nodir-usmonov"])
    form = client.get(url).content.decode()
    assert 'name="name_latin"' in form and 'name="name_cyrillic"' in form
    cyrillic.refresh_from_db()
    response = client.post(
        url,
        {
            "family_name": "Усмонов",
            "given_name": "Нодир",
            "patronymic": "",
            "name_latin": "Usmanov Nodir",
            "name_cyrillic": "",
            "visibility": "public",
            "version": cyrillic.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    cyrillic.refresh_from_db()
    assert cyrillic.name_latin == "Usmanov Nodir"
    assert cyrillic.history.count() >= 2
