"""Search speed on 10,000 units and 100,000 people, against two baselines in the same run.

    uv run python benchmarks/search.py                 # builds .data/bench once, then reuses it
    uv run python benchmarks/search.py --queries 400   # a longer mix
    uv run python benchmarks/search.py --explain       # also show the plans

It runs a fixed mix of queries (exact names, names in another script, typos, phones,
e-mails, duties, subtree-scoped searches, page 5 of a common name) three ways:

- **ours**: the real search page through Django's test client (parsing, counting,
  ranking, loading the hits, rendering the HTML), as an anonymous citizen;
- **floor**: the best single SQL statement for the same question on the same tables
  and indexes: one indexed lookup of the first page of matching documents, no ranking,
  no count, no page;
- **statement**: our one search statement alone (the ranked page and the exact count),
  without Django's request, the hydration queries or the HTML;
- **naive**: what Django admin's search does: ``icontains`` over the same fields of
  units, posts, people and contacts, first page and count.

It prints p50 and p95 for each and the ratios, and checks with EXPLAIN that every kind of
query uses the indexes (no sequential scan of the search documents).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DIRECTORY_DATA_DIR", str(ROOT / ".data" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402

from organizations.models import ContactPoint, Person, Post, SearchDocument, Unit  # noqa: E402
from organizations.search.query import parse  # noqa: E402
from organizations.transliteration import uz_latin_to_cyrillic  # noqa: E402


def ensure_data(units: int, people: int) -> None:
    call_command("migrate", verbosity=0)
    if Person.objects.count() < people:
        if Unit.objects.exists():
            raise SystemExit(
                f"{os.environ['DIRECTORY_DATA_DIR']} holds another data set; remove it."
            )
        print(f"Building the benchmark data ({units:,} units, {people:,} people)…", flush=True)
        call_command("demo", "--no-serve", "--units", str(units), "--people", str(people))


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    index = rng.randrange(1, len(word) - 2)
    return word[:index] + word[index + 1] + word[index] + word[index + 2 :]


def query_mix(count: int, seed: int = 5) -> list[tuple[str, dict]]:
    """(kind of query, search parameters), the same for every run on the same data."""
    rng = random.Random(seed)
    people = list(
        Person.objects.filter(
            visibility="public",
            appointments__ends_on__isnull=True,
            appointments__post__visibility="public",
        )
        .order_by("pk")
        .values_list("family_name", "given_name")[:5000]
    )
    latin = [p for p in people if p[0][:1].isascii()]
    phones = list(
        ContactPoint.objects.filter(kind="phone", visibility="public", unit__isnull=False)
        .order_by("pk")
        .values_list("value", flat=True)[:2000]
    )
    emails = list(
        ContactPoint.objects.filter(kind="email", visibility="public", person__isnull=False)
        .order_by("pk")
        .values_list("value", flat=True)[:2000]
    )
    ministries = list(Unit.objects.filter(depth=2).order_by("path").values_list("code", flat=True))
    duties = [
        "pensiya",
        "pension",
        "пенсия",
        "vizalar",
        "passport",
        "soliq",
        "tax refund",
        "kindergarten",
        "bogʻcha",
        "haydovchilik guvohnomasi",
        "driving licence",
        "qurilishga ruxsatnoma",
        "building permit",
        "ishsizlik nafaqasi",
        "вакансии",
    ]
    makers = [
        ("exact name", lambda: {"q": " ".join(rng.choice(latin))}),
        ("family, given", lambda: {"q": "{}, {}".format(*rng.choice(latin))}),
        ("other script", lambda: {"q": uz_latin_to_cyrillic(" ".join(rng.choice(latin)))}),
        ("typo", lambda: {"q": typo(rng.choice(latin)[0], rng)}),
        ("phone", lambda: {"q": _format_phone(rng.choice(phones), rng)}),
        ("email", lambda: {"q": rng.choice(emails)}),
        ("duty", lambda: {"q": rng.choice(duties)}),
        ("subtree", lambda: {"q": rng.choice(latin)[0], "within": rng.choice(ministries)}),
        (
            "page 5 of a common name",
            lambda: {
                "q": rng.choice(["Rahimov", "Karimova", "Aliyev", "Toshmatov", "Yusupova"]),
                "page": "5",
            },
        ),
        ("acronym", lambda: {"q": rng.choice(ministries)}),
    ]
    return [(name, maker()) for _ in range(count // len(makers) + 1) for name, maker in makers][
        :count
    ]


def _format_phone(e164: str, rng: random.Random) -> str:
    national = e164[4:]
    return rng.choice(
        [e164, f"{national[:2]} {national[2:5]}-{national[5:7]}-{national[7:]}", national[2:]]
    )


def floor_sql(params: dict) -> tuple[str, list]:
    """The best single statement: first page of matching public documents, one indexed
    predicate per word, no ranking or count."""
    query = parse(params["q"])
    conditions, values = ["visibility = 'public'", "is_current"], []
    if query.phone or query.email:
        conditions.append("text_public LIKE %s")
        values.append(f"% {query.phone or query.email} %")
    else:
        for key, _ in query.words:
            conditions.append("(text_own LIKE %s OR text_public LIKE %s)")
            values += [f"% {key}%", f"% {key}%"]
    if params.get("within"):
        path = Unit.objects.get(code=params["within"]).path
        conditions.append("path LIKE %s")
        values.append(path + "%")
    offset = (int(params.get("page", 1)) - 1) * 20
    return (
        "SELECT kind, ref_id FROM organizations_searchdocument WHERE "
        + " AND ".join(conditions)
        + f" LIMIT 20 OFFSET {offset}",
        values,
    )


def naive(params: dict) -> None:
    """Django admin-style: icontains on every field, first page and count of each kind."""
    text = params["q"]
    people = (
        Person.objects.filter(visibility="public")
        .filter(
            Q(family_name__icontains=text)
            | Q(given_name__icontains=text)
            | Q(patronymic__icontains=text)
            | Q(contacts__value__icontains=text)
        )
        .distinct()
    )
    posts = (
        Post.objects.filter(visibility="public")
        .filter(
            Q(title_uz__icontains=text)
            | Q(title_ru__icontains=text)
            | Q(title_en__icontains=text)
            | Q(duties_uz__icontains=text)
            | Q(duties_ru__icontains=text)
            | Q(duties_en__icontains=text)
            | Q(contacts__value__icontains=text)
        )
        .distinct()
    )
    units = Unit.objects.filter(
        Q(name_uz__icontains=text)
        | Q(name_ru__icontains=text)
        | Q(name_en__icontains=text)
        | Q(code__icontains=text)
        | Q(contacts__value__icontains=text)
    ).distinct()
    if params.get("within"):
        path = Unit.objects.get(code=params["within"]).path
        people = people.filter(appointments__post__unit__path__startswith=path)
        posts = posts.filter(unit__path__startswith=path)
        units = units.filter(path__startswith=path)
    for queryset in (people, posts, units):
        list(queryset[:20])
        queryset.count()


def our_statement(params: dict):
    """The one SQL statement our search page runs (ranked page and count), alone, as a
    function to time."""
    from organizations.search.query import Filters, run
    from organizations.visibility import Viewer

    within = Unit.objects.get(code=params["within"]).path if params.get("within") else ""
    offset = (int(params.get("page", 1)) - 1) * 20
    query = parse(params["q"])
    return lambda: run(Viewer.anonymous(), query, Filters(within_path=within), offset, 20)


def check(response):
    if response.status_code != 200:
        raise SystemExit(f"search answered {response.status_code}")
    return response


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def explain_all(mix) -> list[str]:
    """Plans of our statements for one query of each kind: no seq scan allowed."""
    from organizations.search.query import Filters, SqlBuilder, _rank, _where
    from organizations.visibility import Viewer

    problems = []
    seen = set()
    for name, params in mix:
        if name in seen:
            continue
        seen.add(name)
        within = Unit.objects.get(code=params["within"]).path if params.get("within") else ""
        sql = SqlBuilder("p")
        where = _where(sql, Viewer.anonymous(), parse(params["q"]), Filters(within_path=within))
        rank = _rank(sql, parse(params["q"]))
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN SELECT kind, ref_id FROM organizations_searchdocument WHERE {where} "
                f"ORDER BY {rank} DESC, depth, kind, ref_id LIMIT 20",
                sql.params,
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
        uses_index = "Seq Scan on organizations_searchdocument" not in plan
        print(f"  {name:25} {'index scan' if uses_index else 'SEQUENTIAL SCAN'}")
        if os.environ.get("SHOW_PLANS"):
            print(plan)
        if not uses_index:
            problems.append(name)
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--explain", action="store_true", help="print the plans too")
    args = parser.parse_args()
    if args.explain:
        os.environ["SHOW_PLANS"] = "1"

    ensure_data(args.units, args.people)
    if not SearchDocument.objects.exists():
        call_command("rebuild_search")
    mix = query_mix(args.queries)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    # Warm up caches and connections the same way for all three.
    for _, params in mix[:20]:
        client.get("/search/", params)

    ours, statement, floor, baseline = [], [], [], []
    by_kind: dict[str, list[float]] = {}
    for name, params in mix:
        elapsed = timed(lambda p=params: check(client.get("/search/", p)))
        ours.append(elapsed)
        by_kind.setdefault(name, []).append(elapsed)
        statement.append(timed(our_statement(params)))
        sql, values = floor_sql(params)
        with connection.cursor() as cursor:
            floor.append(timed(lambda c=cursor, s=sql, v=values: (c.execute(s, v), c.fetchall())))
        baseline.append(timed(lambda p=params: naive(p)))

    print(
        f"\n{len(mix)} queries on {Unit.objects.count():,} units, {Person.objects.count():,} people "
        f"({SearchDocument.objects.count():,} search documents)"
    )
    print(f"{'':28}{'p50 ms':>10}{'p95 ms':>10}")
    for label, values in (
        ("ours (whole page)", ours),
        ("ours (search statement)", statement),
        ("raw SQL floor", floor),
        ("naive icontains", baseline),
    ):
        print(f"{label:28}{percentile(values, 0.5):10.1f}{percentile(values, 0.95):10.1f}")
    print(
        f"ours p95 / floor p95   = {percentile(ours, 0.95) / percentile(floor, 0.95):.1f}x (goal ≤ 2x)"
    )
    print(
        f"statement p95 / floor  = {percentile(statement, 0.95) / percentile(floor, 0.95):.1f}x"
        " (the SQL alone: ranked page and exact count, against a page with neither)"
    )
    print(
        f"ours p95 / naive p95   = {percentile(ours, 0.95) / percentile(baseline, 0.95):.2f}x (goal ≤ 0.1x)"
    )
    print("\nours by kind of query (p50 / p95 ms):")
    for name, values in by_kind.items():
        print(f"  {name:25} {statistics.median(values):7.1f} / {percentile(values, 0.95):7.1f}")
    print("\nplans:")
    problems = explain_all(mix)
    if problems:
        print(f"sequential scans for: {', '.join(problems)}")


if __name__ == "__main__":
    main()
