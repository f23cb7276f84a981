"""Throughput and latency of the portal under load, against the smallest Django app served
by the same gunicorn in the same run.

    uv run python benchmarks/load.py               # 50 clients for 5 minutes, then the table
    uv run python benchmarks/load.py --quick       # 30 s, and 10 s per table row
    uv run python benchmarks/load.py --restart-db  # the database stopped half way through

It builds a demo government once (``.data/load``, 8,000 people; ``--data-dir`` for
another), starts gunicorn with ``DEBUG=0`` and two workers per CPU, and drives it with
wrk (Debian's ``wrk``) over loopback only:

1. **the mix**: about 70 % unit, post and person pages, 20 % name searches, 10 % API
   answers, rotating over 300 pages and 60 names, anonymous, ``--clients`` at once for
   ``--duration`` seconds: requests/s, p50/p95/p99 latency, errors (HTTP ≥ 400 and
   socket errors). With ``--restart-db`` the embedded database is stopped half way
   (``manage.py stop_database``) and the errors say what it cost;
2. **the table**, 16 connections, ``--table-seconds`` each after as long again, and
   then until 95 % of a sample of its pages come from the cache (every worker keeps its
   own without Redis): the floor app, ``/api/``, the mix anonymous, the same mix
   signed in as a civil servant (no proxy may keep those pages; the server keeps them
   for their tier), the signed-in and anonymous mixes again with the page cache off
   (what rendering alone carries), and one unit page alone; each as requests/s and as
   a ratio of the floor.

Rate limits are lifted for the run (every request comes from one address).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LUA = r"""
local paths = {}
for line in io.lines(os.getenv("LOAD_PATHS")) do paths[#paths + 1] = line end
local cookie = os.getenv("LOAD_COOKIE") or ""
local threads = {}
local number = 0

function setup(thread)
  number = number + 1
  thread:set("offset", number * 7919)
  table.insert(threads, thread)
end

local counter = 0
function request()
  counter = counter + 1
  local path = paths[((offset or 0) + counter) % #paths + 1]
  if cookie ~= "" then
    return wrk.format("GET", path, {["Cookie"] = cookie})
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write("RESULT " .. string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %d, "p95": %d, "p99": %d, "max": %d, '
    .. '"status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(port: int, process: subprocess.Popen, path: str = "/") -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start within two minutes")


class Gunicorn:
    def __init__(self, app: str, env: dict, workers: int, *extra: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--backlog",
                "2048",
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_until_serving(self.port, self.process)

    def warm(self, paths: list[str], cookie: str = "") -> None:
        """Each worker opens its connection and loads its code before it is timed."""
        for path in paths:
            request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")
            if cookie:
                request.add_header("Cookie", cookie)
            with contextlib.suppress(OSError):
                urllib.request.urlopen(request, timeout=60).read()

    def fill(self, paths: list[str], cookie: str, connections: int) -> None:
        """Load until the pages of the mix are kept by every worker (each keeps its own
        without Redis): at least 95 % of a sample answered from the cache, for at most
        two minutes. The table measures the steady state, not the first minute after a
        restart."""
        rng = random.Random(5)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            hits = 0
            sample = rng.sample(paths, min(100, len(paths)))
            for path in sample:
                request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")
                if cookie:
                    request.add_header("Cookie", cookie)
                with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=60) as r:
                    r.read()
                    hits += r.headers.get("X-Page-Cache") == "hit"
            if hits >= 0.95 * len(sample):
                return
            wrk(self.port, paths, connections=connections, seconds=5, cookie=cookie)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk(port: int, paths: list[str], *, connections: int, seconds: int, cookie: str = "") -> dict:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "mix.lua"
        script.write_text(LUA)
        listing = Path(folder) / "paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        result = subprocess.run(
            [
                "wrk",
                "--threads",
                str(min(connections, os.cpu_count() or 2)),
                "--connections",
                str(connections),
                "--duration",
                f"{seconds}s",
                "--timeout",
                "30s",
                "--script",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            env={**os.environ, "LOAD_PATHS": str(listing), "LOAD_COOKIE": cookie},
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    data["rate"] = data["requests"] / data["seconds"]
    data["errors"] = data["status_errors"] + data["socket_errors"]
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds of the mix")
    parser.add_argument("--table-seconds", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="30 s mix, 10 s table rows")
    parser.add_argument("--restart-db", action="store_true")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--data-dir", default=str(ROOT / ".data" / "load"))
    parser.add_argument("--people", type=int, default=8000)
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.duration, arguments.table_seconds = 30, 10
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        raise SystemExit("wrk is needed: apt-get install wrk")

    os.environ["DIRECTORY_DATA_DIR"] = arguments.data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "RATE_LIMIT_SEARCH": "1000000000",
        "RATE_LIMIT_API": "1000000000",
    }
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from organizations.models import Person

    if not Person.objects.exists():
        print(f"Building the demo government ({arguments.people:,} people)…", flush=True)
        call_command("demo", "--no-serve", "--people", str(arguments.people))
    if not (ROOT / "staticfiles").exists():
        call_command("collectstatic", "--noinput", verbosity=0)
    paths, unit_page = mix()
    cookie = civil_servant_cookie()
    print(
        f"{Person.objects.count():,} people; gunicorn with {arguments.workers} workers on "
        f"{os.cpu_count()} CPUs; wrk over loopback.",
        flush=True,
    )

    floor = Gunicorn("benchmarks.floor_app:application", env, arguments.workers)
    portal = Gunicorn("directory.wsgi", env, arguments.workers)
    uncached = Gunicorn("directory.wsgi", {**env, "PAGE_CACHE_SECONDS": "0"}, arguments.workers)
    try:
        portal.warm(paths[:40])
        portal.warm(paths[:40], cookie)
        print(
            f"\nThe mix, {arguments.clients} clients for {arguments.duration} s"
            + (" (the database stopped half way)" if arguments.restart_db else "")
            + ":",
            flush=True,
        )
        stopper = None
        if arguments.restart_db:
            stopper = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    f"import time, subprocess, sys; time.sleep({arguments.duration / 2});"
                    " subprocess.run([sys.executable, 'manage.py', 'stop_database'], check=True)",
                ],
                cwd=ROOT,
                env=env,
            )
        main_run = wrk(
            portal.port, paths, connections=arguments.clients, seconds=arguments.duration
        )
        if stopper:
            stopper.wait()
        print(
            f"  {main_run['rate']:,.0f} requests/s; latency p50 {main_run['p50'] / 1000:.0f} ms,"
            f" p95 {main_run['p95'] / 1000:.0f} ms, p99 {main_run['p99'] / 1000:.0f} ms,"
            f" max {main_run['max'] / 1000:.0f} ms; errors {main_run['errors']} of"
            f" {main_run['requests']:,} ({main_run['status_errors']} HTTP ≥ 400,"
            f" {main_run['socket_errors']} socket)",
            flush=True,
        )
        seconds, connections = arguments.table_seconds, 16
        rows = [
            ("floor: the smallest Django app, same gunicorn", floor, ["/"], ""),
            ("our /api/ root", portal, ["/api/"], ""),
            ("the mix, anonymous", portal, paths, ""),
            ("the mix, signed in as a civil servant", portal, paths, cookie),
            ("the same, the page cache off (rendering)", uncached, paths, cookie),
            ("the mix, anonymous, the page cache off", uncached, paths, ""),
            (f"one unit page ({unit_page}) alone", portal, [unit_page], ""),
        ]
        print(
            f"\n{connections} connections, {seconds} s each, after {seconds} s of the same"
            " and then until 95 % of a sample comes from the cache of its worker:"
        )
        print(f"  {'what':48} {'requests/s':>11} {'vs floor':>9} {'p95 ms':>7} {'errors':>7}")
        floor_rate = None
        for name, server, row_paths, row_cookie in rows:
            wrk(server.port, row_paths, connections=connections, seconds=seconds, cookie=row_cookie)
            if server is portal:
                server.fill(row_paths, row_cookie, connections)
            result = wrk(
                server.port, row_paths, connections=connections, seconds=seconds, cookie=row_cookie
            )
            floor_rate = floor_rate or result["rate"]
            print(
                f"  {name:48} {result['rate']:>11,.0f} {result['rate'] / floor_rate:>8.3f}x"
                f" {result['p95'] / 1000:>7.0f} {result['errors']:>7}",
                flush=True,
            )
    finally:
        portal.stop()
        uncached.stop()
        floor.stop()


def mix() -> tuple[list[str], str]:
    """About 70 % unit, post and person pages (300 of them), 20 % name searches (60
    names), 10 % API answers, in a fixed shuffled order."""
    from organizations.models import Person, Post, Unit

    rng = random.Random(12)
    units = list(
        Unit.objects.filter(abolished_on__isnull=True)
        .order_by("path")
        .values_list("code", flat=True)
    )
    posts = list(
        Post.objects.filter(visibility="public").order_by("pk").values_list("code", flat=True)
    )
    people = list(
        Person.objects.filter(visibility="public")
        .order_by("pk")
        .values_list("slug", "family_name", "given_name")
    )
    pages = (
        [f"/units/{c}/" for c in rng.sample(units, min(100, len(units)))]
        + [f"/posts/{c}/" for c in rng.sample(posts, min(100, len(posts)))]
        + [f"/people/{p[0]}/" for p in rng.sample(people, min(100, len(people)))]
    )
    names = [f"{p[1]} {p[2]}" if i % 2 else p[1] for i, p in enumerate(rng.sample(people, 60))]
    searches = [f"/search/?q={urllib.parse.quote(n)}" for n in names]
    api = (
        ["/api/", "/api/units/"]
        + [f"/api/units/{c}/" for c in rng.sample(units, 20)]
        + [f"/api/people/{p[0]}/" for p in rng.sample(people, 20)]
        + [f"/api/search/?q={urllib.parse.quote(n)}" for n in names[:18]]
    )
    paths = [rng.choice(pages) for _ in range(700)]
    paths += [rng.choice(searches) for _ in range(200)]
    paths += [rng.choice(api) for _ in range(100)]
    rng.shuffle(paths)
    return paths, f"/units/{units[min(3, len(units) - 1)]}/"


def civil_servant_cookie() -> str:
    """A session of a civil servant (signed in, no editing rights), as a browser holds it."""
    from django.conf import settings
    from django.contrib.auth.models import Group, User

    from directory.sessions import signed_in_session
    from organizations.visibility import CIVIL_SERVANTS_GROUP

    user, _created = User.objects.get_or_create(username="load-benchmark-reader")
    user.groups.add(Group.objects.get_or_create(name=CIVIL_SERVANTS_GROUP)[0])
    return f"{settings.SESSION_COOKIE_NAME}={signed_in_session(user)}"


if __name__ == "__main__":
    main()
