"""Import speed: the UK organogram set (529 units, 2,240 posts, 726 people, 732
appointments, 3,534 contacts), then 100,000 person rows of our CSV, against
PostgreSQL's COPY of the same rows in the same run.

    uv run python benchmarks/import.py                # 100,000 rows
    uv run python benchmarks/import.py --rows 20000   # a shorter run

The UK set is read from ``../shared/data/uk-organograms`` (or ``SHARED_DATA_DIR``),
and left out when it is not there.

It works in a scratch embedded database (``.data/bench-import``, emptied first). The
import is the real one (``import_directory``'s code: read the file, check every row, and
write in one transaction the people, their history rows and their search documents).
Two floors, measured after it on the same server with the rows it wrote: ``COPY`` of the
people rows into an empty copy of the people table, and ``COPY`` of every row the import
wrote (people, history rows, search documents) into empty copies of those tables, with
the same indexes. It prints rows per second for each and the ratios, the time a second,
unchanged import takes, and the memory that streamed downloads of the people need.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA_DIR = ROOT / ".data" / "bench-import"
os.environ.setdefault("DIRECTORY_DATA_DIR", str(DATA_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")


def _uk_folder() -> Path | None:
    candidates = [os.environ.get("SHARED_DATA_DIR", "")]
    candidates += [str(parent / "shared" / "data") for parent in ROOT.parents]
    for candidate in candidates:
        folder = Path(candidate) / "uk-organograms" / "csv" if candidate else None
        if folder and folder.is_dir():
            return folder
    return None


def uk_set() -> None:
    """The UK organograms into the empty database, as ``import_directory`` does it:
    read every file, check every row, write everything (history rows and search
    documents included) in one transaction; then again (nothing changes)."""
    from organizations.interchange import formats, importing
    from organizations.permissions import SYSTEM

    folder = _uk_folder()
    if folder is None:
        print("The UK organogram set (../shared/data) is not here: left out.")
        return
    times, summaries = [], []
    for _ in range(2):
        started = time.perf_counter()
        summaries.append(importing.run(formats.load("uk-organograms", folder), SYSTEM))
        times.append(time.perf_counter() - started)
    created = ", ".join(
        f"{counts['created']:,} {kind}" for kind, counts in summaries[0].counts.items()
    )
    print(f"\nUK organograms: {created} in {times[0]:.1f} s; again (unchanged) {times[1]:.1f} s")
    assert not summaries[0].rejected, summaries[0].lines()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    if os.environ["DIRECTORY_DATA_DIR"] == str(DATA_DIR) and DATA_DIR.exists():
        shutil.rmtree(DATA_DIR)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from organizations.demo.data import FAMILY_NAMES, FEMALE_GIVEN, MALE_GIVEN
    from organizations.interchange import formats, importing
    from organizations.models import Person, SearchDocument
    from organizations.permissions import SYSTEM

    call_command("migrate", verbosity=0)
    uk_set()
    from organizations.models import Appointment, ContactPoint, Post, Unit

    for model in (ContactPoint, Appointment, Post, Person, Unit):
        for table in (model._meta.db_table, model.history.model._meta.db_table):
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {table} CASCADE")
    SearchDocument.objects.all().delete()
    rng = random.Random(7)
    rows = []
    for index in range(args.rows):
        family = rng.choice(FAMILY_NAMES)
        given = rng.choice(MALE_GIVEN + FEMALE_GIVEN)
        rows.append(
            {
                "record": "person",
                "id": f"person-{index:06d}",
                "family_name": family,
                "given_name": given,
            }
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        with open(path, "w", encoding="utf-8", newline="") as target:
            writer = csv.DictWriter(target, fieldnames=formats.CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)

        started = time.perf_counter()
        summary = importing.run(formats.load("csv", path), SYSTEM)
        imported = time.perf_counter() - started
        assert summary.counts["people"]["created"] == args.rows, summary.lines()
        assert Person.objects.count() == args.rows
        documents = SearchDocument.objects.filter(kind="person").count()

        started = time.perf_counter()
        again = importing.run(formats.load("csv", path), SYSTEM)
        second = time.perf_counter() - started
        assert again.counts["people"]["unchanged"] == args.rows

    # The floor: PostgreSQL's COPY of the very rows the import wrote, into empty copies
    # of the tables (same columns, constraints and indexes). First the people table
    # alone; then everything the import must write for these rows: the people, their
    # history rows and their search documents (with the trigram and full-text indexes).
    tables = ["organizations_person", "organizations_historicalperson"]
    tables.append("organizations_searchdocument")
    floors = {}
    with connection.cursor() as cursor:
        for table in tables:
            with cursor.copy(f"COPY {table} TO STDOUT") as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
            cursor.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
            started = time.perf_counter()
            with cursor.copy(f"COPY floor_{table} FROM STDIN") as copy:
                copy.write(data)
            floors[table] = time.perf_counter() - started
            cursor.execute(f"DROP TABLE floor_{table}")
    floor_people = floors["organizations_person"]
    floor_all = sum(floors.values())

    print(f"\n{args.rows:,} person rows (our CSV), {documents:,} search documents written")
    print(f"{'':52}{'seconds':>8}{'rows/s':>10}")
    lines = [
        ("import (read, check, write, history, search)", imported),
        ("COPY floor: the people table alone", floor_people),
        ("COPY floor: people + history + search documents", floor_all),
    ]
    for label, seconds in lines:
        print(f"{label:52}{seconds:8.2f}{args.rows / seconds:10,.0f}")
    print(f"import / COPY of the people table = {floor_people / imported:.3f}x")
    print(f"import / COPY of the same rows in every table = {floor_all / imported:.2f}x")
    print(f"second import of the same file (nothing changes): {second:.1f} s")

    # Downloads are streamed: memory stays flat however many people there are.
    import tracemalloc

    from organizations.interchange import exports
    from organizations.visibility import Viewer

    admin = Viewer(is_administrator=True, is_civil_servant=True)
    for name, stream in (("JSON", exports.json_stream), ("Popolo", exports.popolo_stream)):
        tracemalloc.start()
        started = time.perf_counter()
        size = sum(len(chunk) for chunk in stream(admin))
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{name} download of {args.rows:,} people: {size / 1e6:.1f} MB in {elapsed:.1f} s, "
            f"peak Python memory {peak / 1e6:.1f} MB"
        )
    call_command("stop_database")


if __name__ == "__main__":
    main()
