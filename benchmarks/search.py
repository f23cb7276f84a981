"""Search speed and recall on 10,000 units and 100,000 people (or a million), against
baselines measured in the same run.

    uv run python benchmarks/search.py                     # builds .data/bench once, then reuses it
    uv run python benchmarks/search.py --queries 400       # a longer mix
    uv run python benchmarks/search.py --explain           # also show the plans
    uv run python benchmarks/search.py --people 1000000    # a million people (.data/bench-1000000)

**Recall**: people are sampled at random; their family or given name gets one edit (a
letter missing, added, wrong, or neighbours swapped) at a random place, searched alone or
with the other name; the right person must be on the first page (searching one name
alone, any holder of that name).

**Speed**: a fixed mix of queries (exact names, family names alone, one-edit typos —
the goal's mix — then names in another script, "Family, Given", phones, e-mails, duties,
subtree-scoped searches, page 5 of a common name, acronyms), timed three ways:

- **ours**: the real search page through Django's test client (parsing, the typo and
  place lookups, counting, ranking, loading the hits, rendering the HTML), as an
  anonymous citizen;
- **floor**: the fastest single SQL statement that returns 20 matching ids for the same
  question on the same tables and indexes: an indexed word-prefix match of every word
  (a trigram word-similarity match for a typo), no ranking, no count, no page;
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
_people = next((a.split("=")[1] for a in sys.argv if a.startswith("--people=")), None)
if "--people" in sys.argv:
    _people = sys.argv[sys.argv.index("--people") + 1]
os.environ.setdefault(
    "DIRECTORY_DATA_DIR",
    str(ROOT / ".data" / ("bench" if _people in (None, "100000") else f"bench-{_people}")),
)
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


EDITS = ("missing", "added", "wrong", "swapped")
LATIN = "abdefghijklmnopqrstuvxyz"
CYRILLIC = "абвгдежзийклмнопрстуфхчшэюяўқғҳ"


def edit(word: str, kind: str, rng: random.Random) -> str:
    """One edit at a random place (not the first letter), in the word's own alphabet."""
    letters = CYRILLIC if any("\u0400" <= c <= "\u04ff" for c in word) else LATIN
    places = [i for i in range(1, len(word)) if word[i].isalpha()] or [len(word) - 1]
    i = rng.choice(places)
    if kind == "missing":
        return word[:i] + word[i + 1 :]
    if kind == "added":
        return word[:i] + rng.choice(letters) + word[i:]
    if kind == "wrong":
        return word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def typo(word: str, rng: random.Random) -> str:
    return edit(word, rng.choice(EDITS), rng) if len(word) >= 4 else word


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
        ("family name alone", lambda: {"q": rng.choice(latin)[0]}),
        (
            "typo, with the other name",
            lambda: {"q": f"{rng.choice(latin)[1]} {typo(rng.choice(latin)[0], rng)}"},
        ),
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


GOAL_MIX = ("exact name", "family name alone", "typo", "typo, with the other name")


def floor_sql(params: dict, kind: str = "") -> tuple[str, list]:
    """The fastest single statement: first page of matching public documents, one indexed
    predicate per word (word similarity for the typed words of a typo query), no ranking
    or count."""
    query = parse(params["q"])
    conditions, values = ["visibility = 'public'"], []
    if query.phone or query.email:
        conditions.append("text_public LIKE %s")
        values.append(f"% {query.phone or query.email} %")
    else:
        for key, _ in query.words:
            if kind.startswith("typo"):
                conditions.append("(%s <%% text_own)")
                values.append(key)
            else:
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
    from organizations.search.query import plan

    viewer = Viewer.anonymous()
    return lambda: run(
        viewer, plan(viewer, parse(params["q"])), Filters(within_path=within), offset, 20
    )


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
    from organizations.search.query import ORDER, Filters, SqlBuilder, _rank, _where, plan
    from organizations.visibility import Viewer

    problems = []
    seen = set()
    viewer = Viewer.anonymous()
    for name, params in mix:
        if name in seen:
            continue
        seen.add(name)
        within = Unit.objects.get(code=params["within"]).path if params.get("within") else ""
        sql = SqlBuilder("p")
        query = plan(viewer, parse(params["q"]))
        where, places = _where(sql, viewer, query, Filters(within_path=within))
        rank = _rank(sql, query, places)
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN SELECT kind, ref_id FROM (SELECT kind, ref_id, is_current, is_head, "
                f"depth, {rank} AS rank FROM organizations_searchdocument WHERE {where}) m "
                f"ORDER BY {ORDER} LIMIT 20",
                sql.params,
            )
            plan_text = "\n".join(row[0] for row in cursor.fetchall())
        uses_index = "Seq Scan on organizations_searchdocument" not in plan_text
        print(f"  {name:28} {'index scan' if uses_index else 'SEQUENTIAL SCAN'}")
        if os.environ.get("SHOW_PLANS"):
            print(plan_text)
        if not uses_index:
            problems.append(name)
    return problems


def recall(samples: int, seed: int = 7) -> dict[tuple[str, str], float]:
    """Share of samples whose right person is on the first page, by edit and by shape."""
    from organizations.search import Filters, search
    from organizations.visibility import Viewer

    rng = random.Random(seed)
    people = list(
        Person.objects.filter(
            visibility="public",
            appointments__ends_on__isnull=True,
            appointments__post__visibility="public",
        )
        .distinct()
        .order_by("pk")[:20000]
    )
    viewer = Viewer.anonymous()
    table = {}
    for kind in EDITS:
        for shape in ("family alone", "given alone", "family, with given", "given, with family"):
            field = "family_name" if shape.startswith("family") else "given_name"
            pool = [p for p in people if len(getattr(p, field)) >= 4]
            hits = 0
            for person in rng.sample(pool, min(samples, len(pool))):
                wrong = edit(getattr(person, field), kind, rng)
                if "alone" in shape:
                    query = wrong
                elif field == "family_name":
                    query = f"{person.given_name} {wrong}"
                else:
                    query = f"{wrong} {person.family_name}"
                found = [h.person for h in search(viewer, query, Filters()).hits if h.person]
                # Namesakes cannot be told apart by what was typed: any of them is right.
                same = (
                    ("family_name",)
                    if "alone" in shape and field == "family_name"
                    else (("given_name",) if "alone" in shape else ("family_name", "given_name"))
                )
                hits += any(all(getattr(f, n) == getattr(person, n) for n in same) for f in found)
            table[(kind, shape)] = hits / min(samples, len(pool))
    return table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--recall", type=int, default=40, help="samples per cell (0: skip)")
    parser.add_argument("--explain", action="store_true", help="print the plans too")
    parser.add_argument(
        "--no-naive",
        action="store_true",
        help="skip the icontains baseline (seconds a query at a million people)",
    )
    args = parser.parse_args()
    if args.explain:
        os.environ["SHOW_PLANS"] = "1"

    ensure_data(args.units, args.people)
    if not SearchDocument.objects.exists():
        call_command("rebuild_search")
    mix = query_mix(args.queries)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Every search is computed: the page cache would answer the warm-up's repeats.
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    # Warm up caches and connections the same way for all three.
    for _, params in mix[:20]:
        client.get("/search/", params)

    ours, statement, floor, baseline = [], [], [], []
    by_kind: dict[str, list[tuple[float, float]]] = {}
    for name, params in mix:
        elapsed = timed(lambda p=params: check(client.get("/search/", p)))
        ours.append(elapsed)
        statement.append(timed(our_statement(params)))
        sql, values = floor_sql(params, name)
        with connection.cursor() as cursor:
            floor_ms = timed(lambda c=cursor, s=sql, v=values: (c.execute(s, v), c.fetchall()))
        floor.append(floor_ms)
        by_kind.setdefault(name, []).append((elapsed, floor_ms))
        if not args.no_naive:
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
        if not values:
            continue
        print(f"{label:28}{percentile(values, 0.5):10.1f}{percentile(values, 0.95):10.1f}")
    goal = [pair for name in GOAL_MIX for pair in by_kind.get(name, [])]
    goal_ours, goal_floor = [o for o, _ in goal], [f for _, f in goal]
    print(
        f"goal mix (exact names, family names alone, typos; {len(goal)} queries): page p50 "
        f"{percentile(goal_ours, 0.5):.1f} ms / floor p50 {percentile(goal_floor, 0.5):.1f} ms = "
        f"{percentile(goal_ours, 0.5) / percentile(goal_floor, 0.5):.1f}x (goal ≤ 2x); page p95 "
        f"{percentile(goal_ours, 0.95):.1f} ms / floor p95 {percentile(goal_floor, 0.95):.1f} ms = "
        f"{percentile(goal_ours, 0.95) / percentile(goal_floor, 0.95):.1f}x (goal ≤ 2.5x)"
    )
    if baseline:
        print(
            f"ours p95 / naive p95   = {percentile(ours, 0.95) / percentile(baseline, 0.95):.2f}x"
            " (goal ≤ 0.1x)"
        )
    print("\nby kind of query: page p50 / p95 ms, floor p50 / p95 ms")
    for name, pairs in by_kind.items():
        page_ms, floor_ms = [o for o, _ in pairs], [f for _, f in pairs]
        print(
            f"  {name:28} {statistics.median(page_ms):7.1f} / {percentile(page_ms, 0.95):7.1f}"
            f"   {statistics.median(floor_ms):6.1f} / {percentile(floor_ms, 0.95):6.1f}"
        )
    print("\nplans:")
    problems = explain_all(mix)
    if problems:
        print(f"sequential scans for: {', '.join(problems)}")
    if args.recall:
        print(f"\nrecall, {args.recall} people sampled per cell (right person on the first page):")
        table = recall(args.recall)
        shapes = ("family alone", "given alone", "family, with given", "given, with family")
        print(f"  {'edit':10}" + "".join(f"{shape:>22}" for shape in shapes))
        for kind in EDITS:
            print(f"  {kind:10}" + "".join(f"{table[(kind, shape)]:>22.0%}" for shape in shapes))


if __name__ == "__main__":
    main()
