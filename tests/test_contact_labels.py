"""Contact labels and reception hours per language: each reader reads them in their own
language (or the next in the fallback order), in Uzbek Cyrillic by transliteration where
no Cyrillic value was entered; editors set them per language; history, past days,
search, the API and imports keep every language."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from organizations import services
from organizations.models import ContactPoint
from organizations.permissions import SYSTEM
from organizations.visibility import Visibility

from .conftest import add_contact
from .test_as_of import begin_records


@pytest.fixture(autouse=True)
def rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def labelled(tree):
    reception = ContactPoint.objects.get(value="+998712000001")
    reception.label_uz = "Qabulxona"
    reception.label_ru = "Приёмная"
    reception.label_en = "Reception"
    services.save_contact(reception, actor=SYSTEM)
    hours = add_contact(
        tree.labour,
        "hours",
        "Du–Ju 9:00–18:00",
        text_ru="Пн–Пт 9:00–18:00",
        text_en="Mon–Fri 9:00–18:00",
    )
    return reception, hours


def page(url, language, client=None):
    return (client or Client()).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def contacts_of(html: str) -> str:
    start = html.index('class="contacts')
    return html[start : html.index("</ul>", start)]


def test_each_reader_reads_the_label_and_hours_in_their_language(labelled):
    english = contacts_of(page("/units/LABOUR/", "en"))
    assert "Reception" in english and "Mon–Fri 9:00–18:00" in english
    assert "Qabulxona" not in english and "Du–Ju" not in english
    russian = contacts_of(page("/units/LABOUR/", "ru"))
    assert "Приёмная" in russian and "Пн–Пт 9:00–18:00" in russian
    uzbek = contacts_of(page("/units/LABOUR/", "uz"))
    assert "Qabulxona" in uzbek and "Du–Ju 9:00–18:00" in uzbek
    # Uzbek Cyrillic: nothing entered in Cyrillic, so the Latin value, transliterated
    cyrillic = contacts_of(page("/units/LABOUR/", "uz-cyrl"))
    assert "Қабулхона" in cyrillic and "Ду–Жу 9:00–18:00" in cyrillic
    # Korean: no Korean label, so the fallback order (English first)
    korean = contacts_of(page("/units/LABOUR/", "ko"))
    assert "Reception" in korean and "Mon–Fri" in korean


def test_an_entered_cyrillic_label_wins_over_the_transliteration(labelled):
    reception, _ = labelled
    reception.label_uz_cyrl = "Қабул бўлими"
    services.save_contact(reception, actor=SYSTEM)
    assert "Қабул бўлими" in contacts_of(page("/units/LABOUR/", "uz-cyrl"))


def test_an_editor_sets_the_label_in_every_language_and_history_keeps_the_old_one(
    labelled, dilnoza, client_for
):
    reception, _ = labelled
    editor = client_for(dilnoza)
    form = editor.get(f"/contacts/{reception.pk}/edit/").context["form"]
    for name in ("label_uz", "label_uz_cyrl", "label_ru", "label_en", "label_ko"):
        assert name in form.fields
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["label_en"] = "Front office"
    data["label_ko"] = "안내실"
    answer = editor.post(f"/contacts/{reception.pk}/edit/", data)
    assert answer.status_code == 302, answer.context["form"].errors
    reception.refresh_from_db()
    assert (reception.label_uz, reception.label_en, reception.label_ko) == (
        "Qabulxona",
        "Front office",
        "안내실",
    )
    assert "안내실" in contacts_of(page("/units/LABOUR/", "ko"))
    earlier = reception.history.order_by("history_date")
    assert [row.label_en for row in earlier][-2:] == ["Reception", "Front office"]


def test_wording_is_refused_on_a_phone_with_a_clear_message(labelled, dilnoza, client_for):
    reception, _ = labelled
    editor = client_for(dilnoza)
    form = editor.get(f"/contacts/{reception.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["text_en"] = "Mon–Fri"
    answer = editor.post(f"/contacts/{reception.pk}/edit/", data)
    assert answer.status_code == 200
    assert "text_en" in answer.context["form"].errors
    reception.refresh_from_db()
    assert not reception.text_en


def test_a_past_day_shows_the_label_as_it_was_then(labelled):
    reception, _ = labelled
    begin_records(datetime.date(2024, 1, 1))
    reception.label_en = "Front office"
    services.save_contact(reception, actor=SYSTEM)
    assert "Front office" in contacts_of(page("/units/LABOUR/", "en"))
    then = contacts_of(page("/units/LABOUR/?on=2024-06-01", "en"))
    assert "Reception" in then and "Front office" not in then


def test_search_finds_a_unit_by_its_label_in_any_language_within_the_contacts_tier(
    tree, alisher, client_for
):
    add_contact(
        tree.health, "phone", "+998712000777", label_uz="Ishonch telefoni", label_en="Hotline"
    )
    add_contact(
        tree.employment,
        "phone",
        "+998712000778",
        Visibility.INTERNAL,
        label_uz="Navbatchi",
        label_en="Duty officer",
    )

    def units_found(text, client=None):
        found = (client or Client()).get("/search/", {"q": text}, HTTP_ACCEPT_LANGUAGE="en")
        return [hit.unit.code for hit in found.context["results"].hits if hit.kind == "unit"]

    assert units_found("hotline")[:1] == [tree.health.code]
    assert units_found("ishonch")[:1] == [tree.health.code]
    assert tree.employment.code not in units_found("duty officer")
    assert tree.employment.code in units_found("duty officer", client_for(alisher))


def test_the_api_gives_every_language_and_exports_keep_the_uzbek_label(labelled):
    record = json.loads(Client().get("/api/units/LABOUR/").content)
    reception = next(c for c in record["contacts"] if c["kind"] == "phone")
    assert reception["label"] == "Qabulxona"
    assert reception["labels"] == {"uz": "Qabulxona", "ru": "Приёмная", "en": "Reception"}
    hours = next(c for c in record["contacts"] if c["kind"] == "hours")
    assert hours["text"] == {"ru": "Пн–Пт 9:00–18:00", "en": "Mon–Fri 9:00–18:00"}


def test_an_import_changes_the_uzbek_label_and_keeps_the_others(labelled, tmp_path, admin):
    reception, _ = labelled
    browser = Client()
    browser.force_login(admin)
    response = browser.get("/export/", {"format": "records"})
    content = b"".join(response.streaming_content).decode()
    assert ",Qabulxona," in content and "Reception" not in content
    path = tmp_path / "records.csv"
    path.write_text(content.replace(",Qabulxona,", ",Qabul boʻlimi,"))
    call_command(
        "import_directory", str(path), format="csv", user=admin.username, stdout=io.StringIO()
    )
    reception.refresh_from_db()
    assert (reception.label_uz, reception.label_ru, reception.label_en) == (
        "Qabul boʻlimi",
        "Приёмная",
        "Reception",
    )


def test_our_json_carries_every_language_through_an_import_into_an_empty_directory(
    labelled, tmp_path, admin
):
    browser = Client()
    browser.force_login(admin)
    content = b"".join(browser.get("/export/", {"format": "json"}).streaming_content)
    path = tmp_path / "export.json"
    path.write_bytes(content)
    ContactPoint.objects.all().delete()
    call_command("import_directory", str(path), format="json", user="admin", stdout=io.StringIO())
    reception = ContactPoint.objects.get(value="+998712000001")
    assert (reception.label_uz, reception.label_ru, reception.label_en) == (
        "Qabulxona",
        "Приёмная",
        "Reception",
    )
    hours = ContactPoint.objects.get(kind="hours")
    assert (hours.value, hours.text_ru, hours.text_en) == (
        "Du–Ju 9:00–18:00",
        "Пн–Пт 9:00–18:00",
        "Mon–Fri 9:00–18:00",
    )


@pytest.mark.parametrize("bad", [["Reception"], "Reception", {"en": ["x"]}, {"xx": "y"}, None])
def test_labels_of_any_shape_in_a_file_never_break_an_import(labelled, tmp_path, admin, bad):
    browser = Client()
    browser.force_login(admin)
    data = json.loads(b"".join(browser.get("/export/", {"format": "json"}).streaming_content))
    for unit in data["units"]:
        for contact in unit.get("contacts", []):
            contact["labels"] = bad
            contact["text"] = bad
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    out = io.StringIO()
    call_command("import_directory", str(path), format="json", user="admin", stdout=out)
    reception = ContactPoint.objects.get(value="+998712000001")
    assert reception.label_uz == "Qabulxona"
    assert reception.label_en in ("", "Reception")  # cleared by an empty set, never garbage
