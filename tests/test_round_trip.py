"""Every download that can be imported again changes nothing when it is: exported by a
citizen, a civil servant, an editor or an administrator, of the whole directory or of a
ministry, imported back by an administrator. A file cut at a tier never ends, removes or
overwrites what it could not show (before: an anonymous JSON download of a ministry,
imported back, ended all 22 of its open appointments and removed 27 internal and
restricted contacts)."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from organizations import services
from organizations.models import Appointment, ContactPoint, Person, Post, Unit
from organizations.permissions import SYSTEM

from .conftest import add_contact

IMPORTABLE = {"json": "json", "popolo": "popolo", "records": "csv"}
VIEWERS = ["citizen", "alisher", "dilnoza", "admin"]


def everything():
    """Every stored value of every record, and how much history there is."""
    return {
        model.__name__: sorted(
            (tuple(sorted(row.items())) for row in model.objects.values()), key=repr
        )
        for model in (Unit, Post, Person, Appointment, ContactPoint)
    } | {
        f"{model.__name__} history": model.history.count()
        for model in (Unit, Post, Person, Appointment, ContactPoint)
    }


def download(client, fmt, within=None) -> bytes:
    params = {"format": fmt, **({"within": within} if within else {})}
    response = client.get("/export/", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def import_file(tmp_path, content: bytes, fmt: str, **options) -> str:
    path = tmp_path / f"file.{fmt}"
    path.write_bytes(content)
    out = io.StringIO()
    call_command(
        "import_directory", str(path), format=IMPORTABLE[fmt], user="admin", stdout=out, **options
    )
    return out.getvalue()


@pytest.fixture
def richer_tree(tree):
    """The story's tree, with what round trips tend to lose: a mandate, a future last
    day, a post with an extension, a mobile, a reporting line, a past holder."""
    services.update_unit(tree.labour, mandate_ru="Занятость", address="Toshkent, 1", actor=SYSTEM)
    later = Appointment.objects.get(post=tree.minister_post)
    services.update_appointment(
        later, ends_on=datetime.date(2031, 1, 1), acting=False, actor=SYSTEM
    )
    tree.head_post.reports_to = tree.minister_post
    tree.head_post.rank = "A-1"
    services.save_post(tree.head_post, actor=SYSTEM)
    add_contact(tree.minister, "mobile", "+998901112233", label="Personal")
    add_contact(tree.minister_post, "phone", "+998712000099", extension="42")
    return tree


@pytest.mark.parametrize("within", [None, "LABOUR"])
@pytest.mark.parametrize("who", VIEWERS)
@pytest.mark.parametrize("fmt", IMPORTABLE)
def test_a_download_imported_again_changes_nothing(
    richer_tree, cast, client_for, tmp_path, fmt, who, within
):
    content = download(client_for(cast[who]), fmt, within)
    before = everything()
    out = import_file(tmp_path, content, fmt)
    assert everything() == before, out
    assert not re.search(r"\d+ (ended|removed|updated)", out), out
    if who != "admin":
        assert "only adds and updates" in out


def test_a_public_download_says_what_it_kept(richer_tree, citizen, admin, tmp_path):
    """The dry run of the issue: an anonymous export of one division."""
    content = download(citizen, "json", "LABOUR-01")
    out = import_file(tmp_path, content, "json", dry_run=True)
    assert "contacts: 3 kept" in out, out
    assert not re.search(r"\d+ (ended|removed)", out), out


def test_an_administrators_download_still_ends_and_removes_what_it_no_longer_lists(
    richer_tree, admin, client_for, tmp_path
):
    content = json.loads(download(client_for(admin), "json"))
    assert content["export"]["complete"] is True and content["export"]["for"] == "admin"
    post = next(p for p in content["posts"] if p["id"] == richer_tree.head_post.code)
    post["holders"] = []
    post["contacts"] = post["contacts"][:1]
    out = import_file(tmp_path, json.dumps(content).encode(), "json")
    assert "appointments: 1 ended" in out and "contacts: 1 removed" in out
    assert not Appointment.objects.current().filter(post=richer_tree.head_post).exists()


@pytest.mark.parametrize("fmt", ["json", "popolo"])
def test_json_downloads_say_their_tier_and_for_whom(tree, cast, client_for, fmt):
    tiers = {"citizen": "public", "alisher": "internal", "dilnoza": "editor", "admin": "complete"}
    for who, tier in tiers.items():
        header = json.loads(download(client_for(cast[who]), fmt))["export"]
        assert header["tier"] == tier
        assert header["for"] == ("anonymous" if who == "citizen" else who)
        assert header["complete"] is (who == "admin")


def test_the_records_download_says_its_tier_in_its_first_row(tree, alisher, client_for):
    text = download(client_for(alisher), "records").decode("utf-8-sig")
    first = next(csv.DictReader(io.StringIO(text)))
    assert (first["record"], first["visibility"], first["label"], first["kind"]) == (
        "export",
        "internal",
        "alisher",
        "partial",
    )


def test_the_table_download_says_its_tier_and_is_refused_by_the_importer(tree, citizen, tmp_path):
    text = download(citizen, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(row["cut"].startswith("public · anonymous · ") for row in rows)
    path = tmp_path / "table.csv"
    path.write_text(text)
    with pytest.raises(CommandError, match="made for reading in a spreadsheet"):
        call_command("import_directory", str(path), format="csv", stdout=io.StringIO())


def test_a_file_of_the_first_json_format_is_treated_as_cut(tree, admin, client_for, tmp_path):
    """Downloads made before files said their tier may hold any tier: kept safe."""
    content = json.loads(download(client_for(admin), "json", "LABOUR"))
    del content["export"]
    content["format"] = "government-directory/1"
    for post in content["posts"]:
        post["holders"] = []
    before = everything()
    out = import_file(tmp_path, json.dumps(content).encode(), "json")
    assert everything() == before and "kept" in out


def test_a_ministry_downloaded_from_one_directory_starts_another(tree, admin, client_for, tmp_path):
    """The root of an exported part is placed at the top of an empty directory."""
    content = download(client_for(admin), "json", "LABOUR")
    for model in (ContactPoint, Appointment, Person):
        model.objects.all().delete()
    Post.objects.update(reports_to=None)
    Post.objects.all().delete()
    Unit.objects.all().delete()
    out = import_file(tmp_path, content, "json")
    assert "placed at the top" in out or Unit.objects.get(code="LABOUR").depth == 1
    assert Unit.objects.get(code="LABOUR").depth == 1
    assert Unit.objects.get(code="LABOUR-01").depth == 2
