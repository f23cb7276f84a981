"""Importing: our CSV and JSON, Popolo, and the real published data sets in
../shared/data, read as they are. Bad rows are reported with their line and reason and
nothing is written; a dry run writes nothing; a second import changes nothing; a newer
file updates, ends appointments it no longer lists and records who imported it."""

import datetime
import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from organizations.interchange import formats, importing
from organizations.models import Appointment, ContactPoint, Person, Post, SearchDocument, Unit
from organizations.search import search
from organizations.visibility import Viewer


def _shared_data() -> Path | None:
    """The published data sets (``../shared/data`` beside the checkout, or wherever
    ``SHARED_DATA_DIR`` says; a clone elsewhere looks in its parents and in /work)."""
    candidates = [os.environ.get("SHARED_DATA_DIR", "")]
    candidates += [str(parent / "shared" / "data") for parent in Path(__file__).resolve().parents]
    candidates.append("/work/shared/data")
    for candidate in candidates:
        if candidate and (Path(candidate) / "uk-organograms").is_dir():
            return Path(candidate)
    return None


DATA = _shared_data() or Path("/nonexistent")
needs_data = pytest.mark.skipif(
    _shared_data() is None, reason="the published data sets (../shared/data) are not here"
)
HEADER = ",".join(formats.CSV_COLUMNS)


def row(**values) -> str:
    return ",".join(f'"{values.get(c, "")}"' for c in formats.CSV_COLUMNS)


def good_rows() -> list[str]:
    return [
        row(record="unit", id="GOV", name="Hukumat", kind="government"),
        row(
            record="unit",
            id="MIN",
            parent="GOV",
            name="Vazirlik",
            name_en="Ministry",
            kind="ministry",
        ),
        row(
            record="post",
            id="MIN-P1",
            parent="MIN",
            name="Vazir",
            name_en="Minister",
            is_head="yes",
        ),
        row(
            record="post",
            id="MIN-P2",
            parent="MIN",
            name="Maslahatchi",
            duties="pensiya masalalari",
        ),
        row(record="person", id="ali-valiyev", family_name="Valiyev", given_name="Ali"),
        row(record="person", id="olim-karimov", family_name="Karimov", given_name="Olim"),
        row(record="appointment", id="ali-valiyev", parent="MIN-P1", starts_on="2024-01-10"),
        row(
            record="appointment",
            id="olim-karimov",
            parent="MIN-P2",
            starts_on="2024-02-01",
            acting="yes",
        ),
        row(record="contact", id="unit:MIN", kind="phone", value="71 239-12-34", label="Reception"),
        row(record="contact", id="person:ali-valiyev", kind="email", value="ali@min.gov.example"),
    ]


def write(tmp_path, rows, name="directory.csv", encoding="utf-8", newline="\n", bom=False) -> Path:
    path = tmp_path / name
    text = newline.join([HEADER, *rows]) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def run(path, fmt="csv", **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_directory", str(path), format=fmt, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def state():
    return (
        list(Unit.objects.order_by("code").values_list("code", "name_uz", "path")),
        list(Post.objects.order_by("code").values_list("code", "title_uz", "unit__code")),
        list(Person.objects.order_by("slug").values_list("slug", "family_name")),
        list(
            Appointment.objects.order_by("pk").values_list("person__slug", "post__code", "ends_on")
        ),
        list(ContactPoint.objects.order_by("pk").values_list("kind", "value")),
    )


@pytest.mark.parametrize("newline, bom", [("\n", False), ("\r\n", True)])
def test_our_csv_imports_and_searches(db, tmp_path, newline, bom):
    out, _ = run(write(tmp_path, good_rows(), newline=newline, bom=bom))
    assert "units: 2 created" in out and "appointments: 2 created" in out
    ministry = Unit.objects.get(code="MIN")
    assert ministry.name_en == "Ministry"
    assert Unit.objects.get_parent(ministry).code == "GOV"
    assert ministry.contacts.get().value == "+998712391234"
    assert Appointment.objects.get(post__code="MIN-P2").acting
    hits = search(Viewer.anonymous(), "pensiya").hits
    assert [h.post.code for h in hits if h.post] == ["MIN-P2"]
    people = search(Viewer.anonymous(), "Валиев Али").hits  # written in bulk, found too
    assert [h.person.slug for h in people if h.person] == ["ali-valiyev"]
    assert Person.history.filter(slug="ali-valiyev", history_type="+").exists()
    assert Client().get("/units/MIN/").status_code == 200


def test_people_are_written_in_the_files_order_with_history_naming_the_importer(
    db, tmp_path, admin
):
    run(write(tmp_path, good_rows()), user="admin")
    assert list(Person.objects.order_by("pk").values_list("slug", flat=True)) == [
        "ali-valiyev",
        "olim-karimov",
    ]
    created = Person.history.filter(history_type="+")
    assert sorted(h.slug for h in created) == ["ali-valiyev", "olim-karimov"]
    assert {h.history_user for h in created} == {admin}
    assert all(h.family_name and h.history_date for h in created)


def test_a_second_import_changes_nothing(db, tmp_path):
    path = write(tmp_path, good_rows())
    run(path)
    before, history = state(), Unit.history.count() + Post.history.count()
    out, _ = run(path)
    assert "units: 2 unchanged" in out and "created" not in out and "updated" not in out
    assert state() == before
    assert Unit.history.count() + Post.history.count() == history


def test_a_newer_file_updates_ends_and_records_the_importer(db, tmp_path, admin):
    run(write(tmp_path, good_rows()))
    newer = [r for r in good_rows() if "olim-karimov" not in r or "person" in r]
    newer = [r.replace('"Vazirlik"', '"Vazirlik (yangi)"') for r in newer]
    out, _ = run(write(tmp_path, newer, name="newer.csv"), user="admin")
    assert "units: 1 unchanged, 1 updated" in out
    assert "appointments: 1 ended, 1 unchanged" in out
    ended = Appointment.objects.get(post__code="MIN-P2")
    assert ended.ends_on == datetime.date.today() - datetime.timedelta(days=1)
    assert ended.history.latest().history_user == admin
    unit = Unit.objects.get(code="MIN")
    assert unit.name_uz == "Vazirlik (yangi)" and unit.history.latest().history_user == admin


def test_a_dry_run_reports_and_writes_nothing(db, tmp_path):
    before = state()
    out, _ = run(write(tmp_path, good_rows()), dry_run=True)
    assert "units: 2 created" in out and "Dry run: nothing was written." in out
    assert state() == before
    assert not SearchDocument.objects.exists()


BAD_ROWS = [
    (row(record="unit", id="ORPHAN", parent="NOWHERE", name="X"), "missing parent “NOWHERE”"),
    (row(record="unit", id="ODD", parent="GOV", name="X", kind="planet"), "unknown kind of unit"),
    (row(record="contact", id="unit:MIN", kind="phone", value="12"), "not a valid phone number"),
    (row(record="unit", id="MIN", parent="GOV", name="Again"), "duplicate unit id “MIN”"),
    (row(record="post", id="bad code!", parent="MIN", name="X"), "is not a valid identifier"),
    (row(record="thing", id="X"), "unknown kind of record"),
    (
        row(
            record="appointment",
            id="ali-valiyev",
            parent="MIN-P1",
            starts_on="2024-05-01",
            ends_on="2024-04-01",
        ),
        "ends before it starts",
    ),
    (
        row(record="appointment", id="ali-valiyev", parent="MIN-P2", starts_on="2024-03-01"),
        "overlaps",
    ),
    (row(record="appointment", id="ali-valiyev", parent="MIN-P1", starts_on="soon"), "bad date"),
    (row(record="post", id="P-X", parent="GONE", name="X"), "unknown unit “GONE”"),
    (row(record="person", id="nul-byte", family_name="Vali\x00yev"), "NUL character"),
    (row(record="post", id="P-N", parent="MI\x00N", name="X"), "NUL character"),
    (row(record="person", id="long-name", family_name="V" * 101), "at most 100 characters"),
    # Codes with the characters that matter to PostgreSQL's array syntax.
    (
        row(record="contact", id='unit:Q""{x,y}\\', kind="email", value="a@b.example"),
        'unknown unit “Q"{x,y}\\”',
    ),
]


@pytest.mark.parametrize("bad, reason", BAD_ROWS)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_written(db, tmp_path, bad, reason):
    rows = [*good_rows(), bad]
    with pytest.raises(CommandError, match="nothing was imported"):
        out, err = run(write(tmp_path, rows))
    dataset = formats.load("csv", write(tmp_path, rows))
    problems = importing.check(dataset)
    line = len(rows) + 1  # the header is line 1
    assert any(p.line == line and reason in p.reason for p in problems), problems
    assert state() == ([], [], [], [], [])


def test_a_cycle_in_parent_links_is_rejected(db, tmp_path):
    rows = [
        row(record="unit", id="A", parent="B", name="A"),
        row(record="unit", id="B", parent="C", name="B"),
        row(record="unit", id="C", parent="A", name="C"),
        row(record="unit", id="D", parent="C", name="D"),
    ]
    problems = importing.check(formats.load("csv", write(tmp_path, rows)))
    assert sum("cycle in parent links" in p.reason for p in problems) == 3
    assert any(p.line == 5 and "its parent “C” was rejected" in p.reason for p in problems)


def test_skip_invalid_imports_the_good_rows_and_lists_the_bad(db, tmp_path):
    rows = [
        *good_rows(),
        BAD_ROWS[0][0],
        row(record="post", id="ORPHAN-P", parent="ORPHAN", name="X"),
    ]
    out, _ = run(write(tmp_path, rows), skip_invalid=True)
    assert "line 12: missing parent" in out and "line 13: its unit “ORPHAN” was rejected" in out
    assert (
        Unit.objects.filter(code="MIN").exists() and not Unit.objects.filter(code="ORPHAN").exists()
    )


@pytest.mark.parametrize(
    "content, message",
    [
        ("record,id,name\nunit,MIN,Вазирлик\n".encode("cp1251"), "line 2: the file is not UTF-8"),
        (b"record,id,name\nunit,A,x\nunit,B,\xff\xfe\n", "line 3: the file is not UTF-8"),
    ],
)
def test_a_file_in_another_encoding_is_refused_with_the_line(db, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)


def test_missing_file_and_unknown_format(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nothing.csv")
    with pytest.raises(CommandError):
        run(write(tmp_path, good_rows()), fmt="xml")


def test_json_round_trip(tree, tmp_path, admin):
    """Export → import into an empty directory → export again: the same file."""
    client = Client()
    client.force_login(admin)
    first = b"".join(client.get("/export/", {"format": "json"}).streaming_content)
    path = tmp_path / "export.json"
    path.write_bytes(first)
    for model in (ContactPoint, Appointment, Person):
        model.objects.all().delete()
    Post.objects.update(reports_to=None)
    Post.objects.all().delete()
    Unit.objects.all().delete()
    out, _ = run(path, fmt="json")
    assert "rows rejected: 0" in out
    second = b"".join(client.get("/export/", {"format": "json"}).streaming_content)
    first, second = json.loads(first), json.loads(second)
    assert first.pop("export").pop("made_at") <= second.pop("export").pop("made_at")
    assert second == first


def test_popolo_round_trip_counts(tree, tmp_path, admin):
    client = Client()
    client.force_login(admin)
    data = b"".join(client.get("/export/", {"format": "popolo"}).streaming_content)
    exported = json.loads(data)
    path = tmp_path / "popolo.json"
    path.write_bytes(data)
    for model in (ContactPoint, Appointment, Person):
        model.objects.all().delete()
    Post.objects.update(reports_to=None)
    Post.objects.all().delete()
    Unit.objects.all().delete()
    run(path, fmt="popolo")
    assert Unit.objects.count() == len(exported["organizations"])
    assert Post.objects.count() == len(exported["posts"])
    assert Person.objects.count() == len(exported["persons"])
    assert Appointment.objects.count() == len(exported["memberships"])


def test_importing_is_for_administrators(db, tmp_path, alisher):
    with pytest.raises(CommandError, match="Only administrators"):
        run(write(tmp_path, good_rows()), user="alisher")


# The published data sets, read as they are -----------------------------------------------


@needs_data
def test_korea_government_organisations(db):
    out, _ = run(DATA / "korea-gov-org", fmt="korea-gov-org")
    assert "units: 91 created" in out and "rows rejected: 0" in out
    ministry = Unit.objects.get(code="KR-1741000")
    assert ministry.name_ko and ministry.name_en
    hits = search(Viewer.anonymous(), ministry.name_ko.split()[0]).hits
    assert any(h.unit and h.unit.code == "KR-1741000" for h in hits)
    assert "units: 91 unchanged" in run(DATA / "korea-gov-org", fmt="korea-gov-org")[0]


@needs_data
@pytest.mark.parametrize("country, units", [("br", 265), ("gr", 851)])
def test_publicbodies(db, country, units):
    out, _ = run(DATA / "publicbodies" / "data" / f"{country}.csv", fmt="publicbodies")
    assert f"units: {units} created" in out and "rows rejected: 0" in out
    assert Unit.objects.count() == units
    assert Unit.objects.find_problems() == ([], [], [], [], [])


@needs_data
def test_publicbodies_swiss_names_lose_their_parents_prefix(db, tmp_path):
    import csv

    wanted = {
        "ch/bundesrat",
        "ch/bundesrat-eidgenoessisches-finanzdepartement",
        "ch/bundesrat-eidgenoessisches-finanzdepartement-eidgenoessische-steuerverwaltung",
    }
    with open(DATA / "publicbodies" / "data" / "ch.csv", encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        header = next(reader)
        rows = [r for r in reader if r[0] in wanted]
    path = tmp_path / "ch.csv"
    with open(path, "w", encoding="utf-8", newline="") as sample:
        csv.writer(sample).writerows([header, *rows])
    out, _ = run(path, fmt="publicbodies")
    assert "units: 3 created" in out
    efd = Unit.objects.get(code="CH-bundesrat-eidgenoessisches-finanzdepartement")
    assert efd.name_uz == "Eidgenössisches Finanzdepartement" and efd.other_names == {
        "de": efd.name_uz
    }
    assert Unit.objects.get_parent(efd).code == "CH-bundesrat"
    tax = Unit.objects.get(short_name_uz="ESTV")
    assert tax.name_uz == "Eidgenössische Steuerverwaltung"
    assert Unit.objects.get_parent(tax) == efd


@needs_data
def test_canada_organisations_and_the_esdc_tree(db):
    out, _ = run(DATA / "canada-geds", fmt="canada-geds")
    assert "rows rejected: 0" in out
    esdc = Unit.objects.get(name_en="Employment and Social Development Canada")
    assert esdc.other_names["fr"]
    assert Unit.objects.filter(path__startswith=esdc.path).count() > 1500


@needs_data
def test_uk_organograms(db):
    folder = DATA / "uk-organograms" / "csv"
    files = [
        "department_of_education-2011-09-30-senior.csv",
        "department_for_transport-2011-09-30-senior.csv",
    ]
    for name in files:
        out, _ = run(folder / name, fmt="uk-organograms")
        assert "rows rejected: 0" in out, out
    post = Post.objects.get(code="UK-DFT-55")
    assert post.title_uz == "Local Director" and post.rank == "SCS2"
    holder = Appointment.objects.current(datetime.date(2011, 10, 1)).get(post=post).person
    assert (holder.given_name, holder.family_name) == ("John", "Dowie")
    assert post.contacts.filter(kind="phone", value="+442079446425").exists()
    assert post.reports_to is not None
    # Job shares: two rows with one reference are two posts.
    assert Post.objects.filter(code__startswith="UK-DFE-dfe-5044").count() == 2
    again, _ = run(folder / files[1], fmt="uk-organograms")
    assert "created" not in again and "updated" not in again
    # Problems in a folder of files name the file and its own line.
    dataset = formats.load("uk-organograms", folder)
    first = dataset.posts[0]
    assert dataset.describe_line(first.line).startswith(
        "attorney_generals_office-2011-09-30-senior.csv line "
    )


def test_administrators_import_from_the_admin(db, tmp_path, admin, alisher, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = "/admin/organizations/directoryimport/"
    content = write(tmp_path, good_rows()).read_bytes()
    browser = client_for(admin)
    assert browser.get(url).status_code == 200
    dry = browser.post(
        url, {"file": SimpleUploadedFile("d.csv", content), "format": "csv", "dry_run": "on"}
    )
    assert "units: 2 created" in dry.content.decode() and not Unit.objects.exists()
    done = browser.post(url, {"file": SimpleUploadedFile("d.csv", content), "format": "csv"})
    assert "Imported." in done.content.decode() and Unit.objects.count() == 2
    bad = write(tmp_path, [*good_rows(), BAD_ROWS[0][0]], name="bad.csv").read_bytes()
    refused = browser.post(url, {"file": SimpleUploadedFile("b.csv", bad), "format": "csv"})
    assert "line 12: missing parent" in refused.content.decode()
    alisher.is_staff = True
    alisher.save()
    assert client_for(alisher).get(url).status_code == 403


# Bad input that used to crash an import -------------------------------------------------


def test_a_cycle_through_units_already_stored_is_a_row_problem(db, tmp_path, admin, client_for):
    """Before: a 32-line traceback ending in ValidationError, also with --dry-run, and a
    500 on the admin page."""
    run(write(tmp_path, [*good_rows(), row(record="unit", id="DEP", parent="MIN", name="Dep")]))
    cycle = write(tmp_path, [row(record="unit", id="MIN", parent="DEP", name="Vazirlik")], "c.csv")
    for options in ({}, {"dry_run": True}):
        with pytest.raises(CommandError, match="nothing was imported"):
            run(cycle, **options)
    problems = importing.check(formats.load("csv", cycle))
    assert [str(p) for p in problems] == ["line 2: cycle in parent links: MIN → DEP → MIN"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client_for(admin).post(
        "/admin/organizations/directoryimport/",
        {"file": SimpleUploadedFile("c.csv", cycle.read_bytes()), "format": "csv"},
    )
    assert page.status_code == 200 and "cycle in parent links" in page.content.decode()
    assert Unit.objects.get(code="DEP").depth == 3  # nothing moved


def test_a_rule_broken_only_while_writing_is_a_row_problem_too(db, tmp_path):
    """The services check again as they write: what they refuse stops the import with
    the row's line, and nothing is written."""
    run(write(tmp_path, good_rows()))
    # An appointment to a post after it was abolished: the service refuses it.
    Post.objects.filter(code="MIN-P1").update(abolished_on=datetime.date(2024, 3, 1))
    later = write(
        tmp_path,
        [
            row(record="person", id="new-one", family_name="Yangi", given_name="Odam"),
            row(record="appointment", id="new-one", parent="MIN-P1", starts_on="2024-06-01"),
        ],
        "later.csv",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_directory", str(later), format="csv", stdout=io.StringIO(), stderr=err)
    assert "line 3: The post was abolished on 2024-03-01." in err.getvalue()
    assert not Person.objects.filter(slug="new-one").exists()


def test_garbage_reports_the_first_hundred_problems_and_counts_the_rest(db, tmp_path):
    """Before: 3.3 million error lines for a 54 MB garbage CSV."""
    path = tmp_path / "garbage.csv"
    path.write_text(HEADER + "\n" + "x,y\n" * 20_000)
    err = io.StringIO()
    with pytest.raises(CommandError, match="20000 rows are not valid"):
        call_command("import_directory", str(path), format="csv", stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 101
    assert lines[0].startswith("  line 2: 2 columns")
    assert lines[-1] == "  … and 19,900 more (the first 100 are listed)"
    summary = importing.check(formats.load("csv", path))
    assert len(summary) == 20_000 and len(summary.shown) == 100


def test_direction_control_characters_are_taken_out_with_a_warning(db, tmp_path):
    rows = [
        row(record="unit", id="GOV", name="Hukumat\u202e", kind="government"),
        row(record="person", id="ali", family_name="Vali\u2066yev", given_name="Ali"),
    ]
    out, _ = run(write(tmp_path, rows))
    assert "change the direction of text: removed" in out
    assert Unit.objects.get(code="GOV").name_uz == "Hukumat"
    assert Person.objects.get(slug="ali").family_name == "Valiyev"


def test_import_on_a_database_that_is_not_migrated_says_to_migrate(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "DIRECTORY_DATA_DIR": str(tmp_path / "pg")}
    env.pop("DATABASE_URL", None)
    path = write(tmp_path, good_rows())
    try:
        done = subprocess.run(
            [sys.executable, "manage.py", "import_directory", str(path), "--format", "csv"],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        from directory import embedded_db

        embedded_db.stop(tmp_path / "pg")
    assert done.returncode == 1
    assert "Run `manage.py migrate` first." in done.stderr
    assert "Traceback" not in done.stderr


# Uploads in admin ---------------------------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "files, fmt, message",
    [
        ({"zeros.csv": b"\0" * (3 * 1024 * 1024)}, "csv", "unpacks to more than 2 MB"),
        ({f"f{n}.csv": b"x" for n in range(12)}, "uk-organograms", "holds 12 files"),
        ({"a/one.csv": b"x", "a/two.csv": b"y"}, "csv", "reads one file, and this folder holds 2"),
        ({"../evil.csv": b"x"}, "csv", "unsafe paths"),
    ],
)
def test_zip_uploads_are_unpacked_within_limits(
    db, admin, client_for, settings, tmp_path, files, fmt, message
):
    """Before: a 1 MB ZIP of 1 GiB of zeros was unpacked to disk before a 500; a ZIP of a
    folder for the one-file format csv answered 500."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    settings.IMPORT_MAX_FILES = 10
    page = client_for(admin).post(
        "/admin/organizations/directoryimport/",
        {"file": SimpleUploadedFile("up.zip", _zip(files)), "format": fmt, "dry_run": "on"},
    )
    assert page.status_code == 200
    assert message in page.content.decode()


def test_a_zip_of_one_csv_imports_it(db, admin, client_for, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = _zip({"folder/directory.csv": write(tmp_path, good_rows()).read_bytes()})
    page = client_for(admin).post(
        "/admin/organizations/directoryimport/",
        {"file": SimpleUploadedFile("up.zip", content), "format": "csv"},
    )
    assert "Imported." in page.content.decode() and Unit.objects.count() == 2


def test_an_administrator_by_group_imports_from_the_command_line(db, tmp_path, django_user_model):
    """Administrators are defined once (``visibility.is_administrator_account``): before,
    the command line accepted only superusers while admin accepted the group."""
    from django.contrib.auth.models import Group

    from organizations.visibility import ADMINISTRATORS_GROUP

    user = django_user_model.objects.create_user("aziza", password="x-pass-123")
    user.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)[0])
    out, _ = run(write(tmp_path, good_rows()), user="aziza")
    assert "units: 2 created" in out


# New records are written in bulk (COPY) ---------------------------------------------------


def test_new_units_go_where_add_child_would_put_them(tree, tmp_path):
    """New units under a stored unit that has children come after them; a new subtree
    is whole; a stored unit moved under a new one in the same file lands there; the
    tree has no problem treebeard can find."""
    before = list(Unit.objects.get_children(tree.labour).values_list("code", flat=True))
    rows = [
        row(record="unit", id="LABOUR-NEW", parent="LABOUR", name="Yangi boshqarma"),
        row(record="unit", id="LABOUR-NEW-1", parent="LABOUR-NEW", name="Birinchi boʻlim"),
        row(record="unit", id="LABOUR-NEW-2", parent="LABOUR-NEW", name="Ikkinchi boʻlim"),
        row(record="unit", id="TOP", name="Yangi qoʻmita", kind="state_committee"),
        # A stored unit, moved under a unit this file makes.
        row(
            record="unit",
            id="LABOUR-01",
            parent="LABOUR-NEW",
            name="Ishsizlik nafaqasi boshqarmasi",
        ),
    ]
    out, _ = run(write(tmp_path, rows))
    assert "rows rejected: 0" in out, out
    labour = Unit.objects.get(code="LABOUR")
    children = list(Unit.objects.get_children(labour).values_list("code", flat=True))
    assert children == [c for c in before if c != "LABOUR-01"] + ["LABOUR-NEW"]
    new = Unit.objects.get(code="LABOUR-NEW")
    assert list(Unit.objects.get_children(new).values_list("code", flat=True)) == [
        "LABOUR-NEW-1",
        "LABOUR-NEW-2",
        "LABOUR-01",
    ]
    assert new.numchild == 3 and labour.numchild == len(children)
    assert Unit.objects.get(code="TOP").depth == 1
    assert Unit.objects.get(code="TOP").path > Unit.objects.get(code="CABINET").path
    assert all(not problems for problems in Unit.objects.find_problems())
    # The moved unit's people and posts are placed under the new unit in search.
    assert SearchDocument.objects.get(kind="unit", ref_id=new.pk).path == new.path


def test_new_records_have_history_naming_the_importer_and_are_found(db, tmp_path, admin):
    run(write(tmp_path, good_rows()), user="admin")
    for model in (Unit, Post, Appointment, ContactPoint):
        created = model.history.filter(history_type="+")
        assert created.count() == model.objects.count() > 0
        assert {h.history_user for h in created} == {admin}
    # Stored as a save() would: the translated field's own column too.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM organizations_unit WHERE code = 'MIN'")
        assert cursor.fetchone() == (Unit.objects.get(code="MIN").name,)
    assert Post.objects.get(code="MIN-P2").title_uz == "Maslahatchi"
    citizen = Viewer.anonymous()
    found = {
        (h.kind, getattr(h.person or h.post or h.unit, "pk", None))
        for h in search(citizen, "Maslahatchi").hits
    }
    assert ("post", Post.objects.get(code="MIN-P2").pk) in found
    # The holder's document knows their post and unit; the unit's, its phone.
    valiyev = search(citizen, "Valiyev Vazirlik").hits
    assert valiyev and valiyev[0].person.slug == "ali-valiyev"
    assert search(citizen, "+998 71 239 12 34").hits[0].unit.code == "MIN"
    assert Unit.objects.get(code="GOV").numchild == 1
    assert all(not problems for problems in Unit.objects.find_problems())


def test_a_rule_only_the_database_keeps_refuses_the_import_and_writes_nothing(db, tmp_path):
    """What the checks cannot know (here a rule added to the table) stops the import as
    the database refuses the rows, with the rule, and nothing is written."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE organizations_contactpoint ADD CONSTRAINT no_test_address "
            "CHECK (value <> 'ali@min.gov.example')"
        )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_directory",
            str(write(tmp_path, good_rows())),
            format="csv",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "no_test_address" in err.getvalue()
    assert not Unit.objects.exists() and not Person.objects.exists()
    assert not Unit.history.exists() and not SearchDocument.objects.exists()


def test_the_writer_is_for_administrators(db, alisher):
    from organizations.interchange.writer import Writer
    from organizations.permissions import PermissionDenied

    with pytest.raises(PermissionDenied):
        Writer(alisher, {}, lambda *a: None)


def test_an_import_that_renames_a_unit_keeps_the_former_name(db, tmp_path):
    run(write(tmp_path, good_rows()))
    renamed = [
        row(record="unit", id="MIN", parent="GOV", name="Yangi vazirlik", kind="ministry"),
    ]
    out, _ = run(write(tmp_path, renamed, "renamed.csv"))
    assert "rows rejected: 0" in out, out
    unit = Unit.objects.get(code="MIN")
    # The file's empty English name column empties that name too: both are former names.
    assert unit.name_uz == "Yangi vazirlik" and unit.former_names == ["Vazirlik", "Ministry"]
