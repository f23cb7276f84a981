"""Embedded PostgreSQL start times, demo load times with a same-run baseline, and how
long Ctrl-C takes to stop the portal and its database right after a demo load.

    uv run python benchmarks/startup_and_load.py          # default demo size
    uv run python benchmarks/startup_and_load.py --big    # also 10,000 units / 100,000 people

Everything runs in a scratch data directory, in fresh processes, as a newcomer would.
The baseline for loading is PostgreSQL's COPY of the same number of rows (of similar
width) into a plain table on the same server in the same run: the floor for writing that
much data, so ``load / COPY`` says how far the loader is from it. The stop is timed from
SIGINT to the process group of ``manage.py demo`` (as a terminal's Ctrl-C sends it) to
the moment both the command and PostgreSQL are gone, once on an idle machine and once
with every core kept busy; the goal is under 10 s.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START = (
    "import time; t = time.monotonic()\n"
    "from directory import embedded_db\n"
    "embedded_db.ensure_running()\n"
    "print(time.monotonic() - t)\n"
)


def start_time(data_dir: Path) -> float:
    env = {**os.environ, "DIRECTORY_DATA_DIR": str(data_dir)}
    output = subprocess.run(
        [sys.executable, "-c", START], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return float(output.strip().splitlines()[-1])


def demo_load(data_dir: Path, units: int, people: int) -> tuple[float, int]:
    env = {**os.environ, "DIRECTORY_DATA_DIR": str(data_dir)}
    output = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "demo",
            "--no-serve",
            "--units",
            str(units),
            "--people",
            str(people),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(
        r"loaded: ([\d,]+) units, ([\d,]+) posts, ([\d,]+) people, ([\d,]+) appointments, ([\d,]+) contacts in ([\d.]+) s",
        output,
    )
    if not match:
        raise SystemExit(output)
    rows = sum(int(g.replace(",", "")) for g in match.groups()[:5])
    return float(match.group(6)), rows


def stop_after_load(data_dir: Path, busy: bool) -> float:
    """Seconds from Ctrl-C to everything stopped, right after ``manage.py demo`` loaded
    the default demo and started serving."""
    import psutil

    env = {**os.environ, "DIRECTORY_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    demo = subprocess.Popen(
        [sys.executable, "manage.py", "demo", "127.0.0.1:8765"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    for line in demo.stdout:
        if "The portal is at" in line:
            break
    server = int((data_dir / "postmaster.pid").read_text().split()[0])
    burners = []
    if busy:
        burners = [
            subprocess.Popen([sys.executable, "-c", "while True: pass"])
            for _ in range(os.cpu_count() or 2)
        ]
    try:
        started = time.monotonic()
        os.killpg(demo.pid, signal.SIGINT)
        demo.wait(timeout=120)
        while psutil.pid_exists(server) and psutil.Process(server).status() != "zombie":
            time.sleep(0.02)
        return time.monotonic() - started
    finally:
        for burner in burners:
            burner.kill()


def copy_floor(data_dir: Path, rows: int) -> float:
    """COPY ``rows`` rows (records, plus as many again for their search documents) into a scratch table."""
    import psycopg

    from directory import embedded_db

    server = embedded_db.ensure_running(data_dir)
    with psycopg.connect(
        host=str(server.socket_dir), port=server.port, user="postgres", dbname="directory"
    ) as conn:
        conn.execute("DROP TABLE IF EXISTS copy_floor")
        conn.execute("CREATE TABLE copy_floor (id bigint, a text, b text, c text, d date, e text)")
        started = time.monotonic()
        with conn.cursor().copy("COPY copy_floor FROM STDIN") as copy:
            for index in range(rows * 2):
                copy.write_row(
                    (
                        index,
                        f"Familiya{index}",
                        "Ismi Otasining",
                        "+998712345678",
                        "2024-01-01",
                        "public",
                    )
                )
        conn.commit()
        elapsed = time.monotonic() - started
        conn.execute("DROP TABLE copy_floor")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--big", action="store_true", help="also load 10,000 units / 100,000 people"
    )
    args = parser.parse_args()
    sizes = [(1500, 8000)] + ([(10_000, 100_000)] if args.big else [])
    with tempfile.TemporaryDirectory(prefix="directory-bench-") as scratch:
        data_dir = Path(scratch) / "pg"
        cold = start_time(data_dir)
        warm = min(start_time(data_dir) for _ in range(3))
        print(f"embedded server cold start (initdb + start + database): {cold:.2f} s")
        print(f"embedded server warm start (best of 3):                 {warm:.2f} s")
        for index, (units, people) in enumerate(sizes):
            size_dir = Path(scratch) / f"pg{index}"
            seconds, rows = demo_load(size_dir, units, people)
            floor = copy_floor(size_dir, rows)
            print(
                f"demo load {units:,} units / {people:,} people: {seconds:.1f} s for {rows:,} rows "
                f"and their search documents = {rows / seconds:,.0f} rows/s; COPY floor {floor:.1f} s; "
                f"load / COPY = {seconds / floor:.1f}x"
            )
            from directory import embedded_db

            embedded_db.stop(size_dir)
        from directory import embedded_db

        embedded_db.stop(data_dir)
        for busy in (False, True):
            seconds = stop_after_load(Path(scratch) / f"stop-{busy}", busy)
            print(
                f"stop after Ctrl-C right after the demo load{' (every core busy)' if busy else ''}: "
                f"{seconds:.1f} s (goal < 10 s)"
            )


if __name__ == "__main__":
    main()
