"""What an attacker sends: NUL characters in any parameter or cookie, spreadsheet
formulas in names, and direction control characters that make one record read like
another. Each is refused or made harmless by one mechanism, never by a fix per view."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from organizations import services
from organizations.models import Person, Post, Unit
from organizations.permissions import SYSTEM

from .conftest import DAY, make_person


@pytest.mark.parametrize(
    "url, params",
    [
        ("/export/", {"format": "json", "within": "\x00"}),
        ("/export/", {"format": "csv", "within": "\x00"}),
        ("/export/", {"format": "popolo", "within": "\x00"}),
        ("/export/", {"format": "records\x00"}),
        ("/api/units/", {"within": "\x00"}),
        ("/api/search/", {"q": "Rahimov\x00"}),
        ("/api/people/", {"page": "1\x00"}),
        ("/search/", {"q": "x", "within": "\x00"}),
        ("/", {"\x00": "1"}),
        ("/units/LABOUR/", {"on": "\x00"}),
    ],
)
def test_a_nul_in_any_parameter_is_a_clear_400(tree, citizen, url, params):
    """Before: ``/export/?format=json&within=%00`` and ``/api/units/?within=%00``
    answered 500 (psycopg.DataError)."""
    response = citizen.get(url, params)
    assert response.status_code == 400
    if url.startswith(("/api/", "/export/")):
        assert response["Content-Type"] == "application/json"
        assert "NUL" in response.json()["error"]
    else:
        assert "not allowed (NUL)" in response.content.decode()


def test_a_nul_in_a_form_is_refused_and_in_a_cookie_ignored(tree, client, alisher):
    response = client.post("/accounts/login/", {"username": "alisher\x00", "password": "x"})
    assert response.status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/units/LABOUR/").status_code == 200


FORMULAS = {
    "title": '=HYPERLINK("http://evil.example","x")',
    "given": "+SUM(1)",
    "address": "-2+3+cmd|' /C calc'!A0",
    "family": "@SUM(1+1)",
}


@pytest.fixture
def poisoned(tree):
    """An editor's entries that a spreadsheet would run."""
    post = Post.objects.get(pk=tree.vacant_post.pk)
    post.title_uz = FORMULAS["title"]
    services.save_post(post, actor=SYSTEM)
    person = make_person("formula-person", FORMULAS["family"], FORMULAS["given"])
    services.appoint(person, post, DAY, actor=SYSTEM)
    services.update_unit(
        Unit.objects.get(pk=tree.employment.pk), address=FORMULAS["address"], actor=SYSTEM
    )
    return tree


@pytest.mark.parametrize("fmt", ["csv", "records"])
def test_no_csv_cell_is_a_formula_and_phones_stay_readable(poisoned, citizen, fmt):
    content = b"".join(citizen.get("/export/", {"format": fmt}).streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for value in FORMULAS.values():
        assert "'" + value in cells
    if fmt == "csv":
        assert "'+998 71 200 00 21" in cells  # the head post's phone, grouped
    else:
        assert "'+998712000021" in cells


def test_neutralised_values_import_back_exactly(poisoned, admin, client_for, tmp_path):
    content = b"".join(client_for(admin).get("/export/", {"format": "records"}).streaming_content)
    path = tmp_path / "records.csv"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_directory", str(path), format="csv", user="admin", stdout=out)
    assert "updated" not in out.getvalue()
    assert Post.objects.get(code=poisoned.vacant_post.code).title_uz == FORMULAS["title"]
    assert Person.objects.get(slug="formula-person").given_name == FORMULAS["given"]


@pytest.mark.parametrize("character", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c"])
def test_direction_controls_are_refused_in_names_and_contacts(tree, character):
    person = Person.objects.get(pk=tree.public_person.pk)
    person.family_name = f"Gʻulomov{character}vonimalaR"
    with pytest.raises(ValidationError, match="changes the direction of the text"):
        services.save_person(person, actor=SYSTEM)
    unit = Unit.objects.get(pk=tree.labour.pk)
    with pytest.raises(ValidationError, match="changes the direction"):
        services.update_unit(unit, mandate_uz=f"Bandlik{character}", actor=SYSTEM)


def test_an_editor_typing_one_gets_the_message_on_the_form(tree, dilnoza, client_for):
    page = client_for(dilnoza).get(f"/people/{tree.public_person.slug}/edit/")
    version = page.context["form"]["version"].value()
    response = client_for(dilnoza).post(
        f"/people/{tree.public_person.slug}/edit/",
        {
            "family_name": "Evil\u202eman",
            "given_name": "Jahongir",
            "patronymic": "",
            "visibility": "public",
            "version": version,
        },
    )
    assert response.status_code == 200
    assert "changes the direction of the text" in response.content.decode()
    assert Person.objects.get(pk=tree.public_person.pk).family_name == "Gʻulomov"
