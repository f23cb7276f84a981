"""Pages of a past day (``?on=``) against the same pages today, in one run.

    uv run python benchmarks/asof.py                 # the demo government (.data/asof)
    uv run python benchmarks/asof.py --people 30000  # a larger one

Unit, post and person pages are rendered through Django's test client with the page
cache off (every page computed), as an anonymous citizen, for the same sampled records
today and on a past day the demo's records cover; it prints p50/p95 of each and the
ratio past/today. Goal (issue 14): a past day's page within 2× of today's.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DIRECTORY_DATA_DIR", str(ROOT / ".data" / "asof"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from organizations.dates import held_on  # noqa: E402
from organizations.demo import load_demo  # noqa: E402
from organizations.models import Appointment, Person, Post, Unit  # noqa: E402

DAY = "2022-06-01"


def timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=8000)
    parser.add_argument("--units", type=int, default=1500)
    parser.add_argument("--samples", type=int, default=60)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        print(f"building the demo ({args.units:,} units, {args.people:,} people) …")
        load_demo(units=args.units, people=args.people, seed=1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as the demo command does after loading
    settings.PAGE_CACHE_SECONDS = 0
    settings.RATE_LIMITS = None
    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(5)
    # Records that existed on the day (and still do), so that both pages show them.
    on = datetime.date.fromisoformat(DAY)
    alive = Unit.objects.filter(abolished_on__isnull=True, established_on__lte=on)
    units = list(alive.values_list("code", flat=True))
    posts = list(
        Post.objects.filter(
            abolished_on__isnull=True, unit__in=alive, visibility="public"
        ).values_list("code", flat=True)
    )
    people = list(
        Person.objects.filter(
            visibility="public",
            appointments__in=Appointment.objects.filter(held_on(on)).filter(
                held_on(datetime.date.today())
            ),
        )
        .distinct()
        .values_list("slug", flat=True)
    )
    client = Client()
    print(f"{'page':<8} {'today p50/p95 ms':>18} {'past day p50/p95 ms':>21} {'ratio p50/p95':>15}")
    for kind, codes, prefix in (
        ("unit", units, "/units/"),
        ("post", posts, "/posts/"),
        ("person", people, "/people/"),
    ):
        sample = rng.sample(codes, min(args.samples, len(codes)))
        for code in sample[:5]:  # warm up
            client.get(f"{prefix}{code}/")
            client.get(f"{prefix}{code}/?on={DAY}")
        today, past = [], []
        for code in sample:
            today.append(timed(client, f"{prefix}{code}/"))
            past.append(timed(client, f"{prefix}{code}/?on={DAY}"))
        t50, t95 = statistics.median(today), percentile(today, 0.95)
        p50, p95 = statistics.median(past), percentile(past, 0.95)
        print(
            f"{kind:<8} {t50:>8.1f} / {t95:>7.1f} {p50:>10.1f} / {p95:>8.1f} "
            f"{p50 / t50:>7.2f}× / {p95 / t95:.2f}×"
        )


if __name__ == "__main__":
    main()
