"""The interface in five languages; content translated with fallbacks."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from organizations.models import Unit

LOCALES = {"uz": "uz", "uz-cyrl": "uz_Cyrl", "ru": "ru", "en": "en", "ko": "ko"}
HOME_HEADING = {
    "uz": "Kim shugʻullanadi va qanday bogʻlanish mumkin",
    "uz-cyrl": "Ким шуғулланади ва қандай боғланиш мумкин",
    "ru": "Кто этим занимается и как с ним связаться",
    "en": "Who handles it, and how to reach them",
    "ko": "누가 담당하고 어떻게 연락하는지",
}


def catalogue(locale):
    return Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES"


@pytest.mark.parametrize("locale", LOCALES.values())
def test_every_message_is_translated_and_compiled(locale):
    po = polib.pofile(str(catalogue(locale) / "django.po"))
    assert len(po) > 150
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    mo = polib.mofile(str(catalogue(locale) / "django.mo"))
    assert {e.msgid: e.msgstr for e in mo} == {e.msgid: e.msgstr for e in po if not e.obsolete}


@pytest.mark.parametrize("language", LOCALES)
def test_pages_speak_the_chosen_language(tree, client, language):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert HOME_HEADING[language] in page
    assert f'<html lang="{language}">' in page
    assert client.get("/units/LABOUR/").status_code == 200


def test_unit_names_fall_back_and_uzbek_cyrillic_is_transliterated(tree):
    unit = Unit.objects.get(code="LABOUR")
    with translation.override("uz-cyrl"):
        assert unit.name == "Бандлик вазирлиги"
    with translation.override("en"):
        assert unit.name == "Ministry of Employment"
    with translation.override("ru"):
        assert unit.name == "Министерство занятости"
    with translation.override("ko"):
        assert unit.name == "Ministry of Employment"  # no Korean entered: English
    health = Unit.objects.get(code="HEALTH")
    with translation.override("ru"):
        assert health.name == "Sogʻliqni saqlash vazirligi"  # only Uzbek entered
    health.name_uz_cyrl = "Соғлиқни сақлаш вазирлиги (entered)"
    with translation.override("uz-cyrl"):
        assert health.name == "Соғлиқни сақлаш вазирлиги (entered)"


def test_cyrillic_catalogue_keeps_placeholders():
    from directory.management.commands.transliterate_catalog import (
        transliterate_keeping_placeholders,
    )

    assert (
        transliterate_keeping_placeholders("%(name)s ichidan qidirish") == "%(name)s ичидан қидириш"
    )
