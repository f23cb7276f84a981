"""The demo government: realistic, fictional, loaded once."""

import phonenumbers
import pytest
from django.core.management import call_command

from organizations.demo import load_demo
from organizations.models import Appointment, ContactPoint, Person, Post, Unit


@pytest.fixture
def demo(db):
    return load_demo(units=300, people=600, seed=7)


def test_the_demo_has_the_real_bodies_in_every_language(demo):
    finance = Unit.objects.get(code="MEF")
    assert finance.name_uz == "Iqtisodiyot va moliya vazirligi"
    assert finance.name_uz_cyrl == "Иқтисодиёт ва молия вазирлиги"
    assert finance.name_ru == "Министерство экономики и финансов"
    assert finance.name_en == "Ministry of Economy and Finance"
    assert finance.name_ko == "경제재무부"
    assert Unit.objects.get(code="CABINET").depth == 1
    assert Unit.objects.filter(depth=2).count() >= 25


def test_the_demo_is_a_consistent_tree_of_the_asked_size(demo):
    assert demo.units == Unit.objects.count()
    assert 290 <= demo.units <= 310
    assert Person.objects.count() == 600
    # treebeard's own consistency check: paths, depths and child counts
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert Unit.objects.filter(depth__gte=4).exists()


def test_the_demo_has_vacant_acting_and_past_holders(demo):
    assert Appointment.objects.filter(acting=True).exists()
    assert Appointment.objects.filter(ends_on__isnull=False).exists()
    held = Appointment.objects.current().values("post")
    assert Post.objects.exclude(pk__in=held).exists()
    # Duties read as sentences: what the post does in its unit, then the area of work.
    assert Post.objects.filter(is_head=True, duties_en__startswith="Leads the").exists()
    assert Post.objects.filter(is_head=False, duties_en__startswith="Deputy head of the").exists()
    assert not Post.objects.filter(duties_en__startswith="leads").exists()


def test_demo_contacts_are_valid_and_fictional(demo):
    for contact in ContactPoint.objects.all():
        if contact.kind in ("phone", "mobile", "fax"):
            assert phonenumbers.is_valid_number(phonenumbers.parse(contact.value)), contact.value
        if contact.kind == "email":
            assert contact.value.endswith(".example"), contact.value
    tiers = set(ContactPoint.objects.values_list("visibility", flat=True))
    assert tiers == {"public", "internal", "restricted"}
    assert set(Person.objects.values_list("visibility", flat=True)) == {
        "public",
        "internal",
        "restricted",
    }


def test_demo_labels_and_hours_are_in_all_five_languages(demo, client):
    labelled = ContactPoint.objects.exclude(label_uz="")
    assert labelled.exists()
    for language in ("uz", "uz_cyrl", "ru", "en", "ko"):
        assert not labelled.filter(**{f"label_{language}__in": ["", None]}).exists(), language
        hours = ContactPoint.objects.filter(kind="hours")
        assert not hours.filter(**{f"text_{language}__in": ["", None]}).exists(), language
    english = client.get("/units/MEF/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Reception" in english and "Mon–Fri 9:00–18:00" in english
    assert "Qabulxona" not in english and "Du–Ju" not in english


def test_people_have_uzbek_names_in_either_script(demo):
    patronymics = list(Person.objects.values_list("patronymic", flat=True))
    assert any(p.endswith(("ovich", "ovna")) for p in patronymics)
    assert any(p.endswith(("oʻgʻli", "qizi", "ўғли")) for p in patronymics)
    assert any("\u0400" <= p[0] <= "\u04ff" for p in patronymics)


def test_the_same_seed_gives_the_same_data(db):
    load_demo(units=60, people=100, seed=3)
    first = list(Person.objects.order_by("slug").values_list("slug", "family_name"))
    Appointment.objects.all().delete()
    ContactPoint.objects.all().delete()
    Person.objects.all().delete()
    Post.objects.all().delete()
    Unit.objects.all().delete()
    load_demo(units=60, people=100, seed=3)
    assert list(Person.objects.order_by("slug").values_list("slug", "family_name")) == first


def test_the_demo_command_loads_once(db, capsys):
    call_command("demo", "--no-serve", "--units", "80", "--people", "150")
    counts = (Unit.objects.count(), Person.objects.count(), Appointment.objects.count())
    call_command("demo", "--no-serve", "--units", "80", "--people", "150")
    assert (Unit.objects.count(), Person.objects.count(), Appointment.objects.count()) == counts
    output = capsys.readouterr().out
    assert "already has data: nothing loaded" in output
    from django.contrib.auth import get_user_model

    assert set(get_user_model().objects.values_list("username", flat=True)) == {
        "admin",
        "alisher",
        "dilnoza",
    }
    # citizens' reports to work on: two for the editor's ministry, one for the administrators
    from organizations.models import Correction

    assert Correction.objects.count() == 3
    assert Correction.objects.filter(assigned_to__code="MEPR").count() == 2
    assert Correction.objects.filter(assigned_to__isnull=True).count() == 1


def test_the_demo_command_refuses_nonsense_sizes(db):
    with pytest.raises(SystemExit):
        call_command("demo", "--no-serve", "--units", "0")
    assert not Unit.objects.exists()


def test_the_portal_runs_without_debug_unless_asked(tmp_path):
    """Before: the demo ran with DEBUG on, and an unknown address showed Django's
    technical 404 page listing every URL pattern."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    script = (
        "from django.conf import settings; from django.test import Client; "
        "page = Client(HTTP_HOST='localhost').get('/no/such/page/'); "
        "print(settings.DEBUG, page.status_code, b'URLconf' in page.content, "
        "len(settings.SECRET_KEY) > 40)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env["DIRECTORY_DATA_DIR"] = str(tmp_path / "pg")
    env.pop("DATABASE_URL", None)
    try:
        plain = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        asked = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from django.conf import settings; print(settings.DEBUG)",
            ],
            cwd=root,
            env={**env, "DEBUG": "1"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    finally:
        from directory import embedded_db

        embedded_db.stop(tmp_path / "pg")
    assert plain[-4:] == ["False", "404", "False", "True"]
    assert asked[-1] == "True"


def test_the_demo_has_a_past_to_browse(demo, client):
    """Renamed, moved and merged bodies, seen on past days and in timelines."""
    from django.core.cache import cache

    cache.clear()
    old = client.get("/units/MEEPCC/?on=2021-05-01").content.decode()
    assert "State Committee for Ecology and Environmental Protection" in old
    middle = client.get("/units/MEEPCC/?on=2022-06-01").content.decode()
    assert "Ministry of Natural Resources" in middle
    before_move = client.get("/units/AEM/?on=2022-06-01").content.decode()
    assert "/units/MEPR/?on=2022-06-01" in before_move.split("</nav>")[1]
    assert "Ministry of Employment and Labour Relations" in before_move
    merged = client.get("/units/MIFT/").content.decode()
    assert "no longer exists" in merged and "/units/MIIT/" in merged
    home = client.get("/?on=2022-06-01").content.decode()
    assert "/units/MIFT/?on=2022-06-01" in home and "/units/MEDPR/?on=2022-06-01" in home
    assert "/units/MIFT/" not in client.get("/").content.decode()
    timeline = client.get("/units/MIIT/timeline/").content.decode()
    assert "Took over the work of" in timeline and "/units/MIFT/" in timeline
    assert Person.objects.count() == 600
