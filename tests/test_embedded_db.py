"""The embedded PostgreSQL starts, is shared, stops with its last user, and recovers
from processes that were killed, a handle list that was damaged and signals that come
while it stops. Real processes, real servers, in a scratch folder."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from directory import embedded_db

ROOT = Path(__file__).resolve().parent.parent
CHILD = (
    "import sys, time\n"
    "from directory import embedded_db\n"
    "server = embedded_db.ensure_running()\n"
    "print(server.pid, flush=True)\n"
    "time.sleep(float(sys.argv[1]))\n"
)


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "pg"
    yield path
    embedded_db.stop(path)


def child_env(data_dir) -> dict:
    env = {**os.environ, "DIRECTORY_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return env


def child(data_dir, seconds, *, script=CHILD, new_session=False, via_uv=False):
    command = [sys.executable, "-c", script, str(seconds)]
    if via_uv and shutil.which("uv"):
        # As a terminal runs the README's commands: uv forwards SIGTERM to Python.
        command = ["uv", "run", "--no-sync", "python", "-c", script, str(seconds)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=child_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
        # Signals as a terminal leaves them, whatever the test runner ignores.
        preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL) for s in (2, 15)],
    )
    pid = int(process.stdout.readline())
    return process, pid


def handle_list(data_dir):
    return json.loads((data_dir / ".handle_pids.json").read_text())


def wait_until_stopped(pid, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def test_processes_starting_a_new_server_at_once_all_get_it(data_dir):
    """Test workers on a fresh clone start together: one makes the server and the
    database, the others join it."""
    env = {**os.environ, "DIRECTORY_DATA_DIR": str(data_dir)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, "0"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    pids = {process.stdout.readline().strip() for process in processes}
    for process in processes:
        assert process.wait(timeout=30) == 0
    assert len(pids) == 1 and pids != {""}


def test_the_last_process_to_exit_stops_the_server(data_dir):
    first, server_pid = child(data_dir, 0)
    first.wait(timeout=30)
    assert wait_until_stopped(server_pid)
    assert embedded_db.status(data_dir) is None


def test_a_killed_process_leaves_a_server_that_the_next_start_adopts_and_stops(data_dir):
    killed, server_pid = child(data_dir, 60)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    assert embedded_db.status(data_dir) == server_pid  # left running
    second, second_pid = child(data_dir, 0)
    assert second_pid == server_pid  # joined, not a second server
    second.wait(timeout=30)
    assert wait_until_stopped(server_pid)


def test_sigterm_stops_the_server_like_ctrl_c(data_dir):
    process, server_pid = child(data_dir, 60)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert wait_until_stopped(server_pid)


def test_stop_database_stops_a_left_over_server(data_dir):
    killed, server_pid = child(data_dir, 60)
    killed.kill()
    killed.wait(timeout=10)
    assert embedded_db.stop(data_dir) is True
    assert wait_until_stopped(server_pid)
    assert embedded_db.stop(data_dir) is False


def test_a_stale_pid_file_from_a_crash_does_not_prevent_a_start(data_dir):
    first, server_pid = child(data_dir, 0)
    first.wait(timeout=30)
    assert wait_until_stopped(server_pid)
    # A crash leaves postmaster.pid behind; after a reboot its pid may belong to anything.
    pidfile = data_dir / "postmaster.pid"
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        pidfile.write_text(f"{sleeper.pid}\n{data_dir}\n0\n5432\n{data_dir}\n\n0 0\nready\n")
        (data_dir / ".handle_pids.json").write_text("[999999999]")
        again, again_pid = child(data_dir, 0)
        again.wait(timeout=30)
        assert again_pid != sleeper.pid
        assert wait_until_stopped(again_pid)
    finally:
        sleeper.kill()


def test_commands_that_never_connect_start_no_server(data_dir):
    env = {**os.environ, "DIRECTORY_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    for command in (["check"], ["stop_database"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    assert not (data_dir / "PG_VERSION").exists()
    output = subprocess.run(
        [sys.executable, "manage.py", "stop_database"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "No embedded database is running" in output


@pytest.mark.parametrize("damage", ["", "[12", "{}", "nonsense", '["a"]', "\x00\x00"])
def test_a_damaged_handle_list_is_repaired_on_start(data_dir, damage):
    """A stop interrupted at the wrong moment once left the list empty, and every later
    start failed on it (JSONDecodeError)."""
    first, server_pid = child(data_dir, 60)
    (data_dir / ".handle_pids.json").write_text(damage)
    second, second_pid = child(data_dir, 0)
    assert second_pid == server_pid  # joined the running server
    assert second.wait(timeout=30) == 0
    assert isinstance(handle_list(data_dir), list)
    first.kill()
    first.wait(timeout=10)
    third, _ = child(data_dir, 0)
    assert third.wait(timeout=30) == 0
    assert wait_until_stopped(server_pid)
    assert handle_list(data_dir) == []


def test_signals_during_the_stop_never_interrupt_it_20_of_20(data_dir):
    """SIGTERM to the process group (as ``kill -TERM -PGID`` or a service manager does),
    run through uv, which forwards a second SIGTERM; then more signals while the server
    stops. Every time: the server stops, nothing is printed, the list stays whole."""
    for attempt in range(20):
        process, server_pid = child(data_dir, 60, new_session=True, via_uv=True)
        os.killpg(process.pid, signal.SIGTERM)
        for late in (signal.SIGTERM, signal.SIGINT, signal.SIGTERM):
            time.sleep(0.02 * (attempt % 5))
            try:
                os.killpg(process.pid, late)
            except ProcessLookupError:
                break
        process.wait(timeout=30)
        assert wait_until_stopped(server_pid), f"attempt {attempt + 1}: the server still runs"
        assert "Traceback" not in process.stderr.read(), f"attempt {attempt + 1}"
        assert handle_list(data_dir) == [], f"attempt {attempt + 1}"
        process.stdout.close()
        process.stderr.close()


WRITER = (
    "import sys, time, psycopg\n"
    "from directory import embedded_db\n"
    "server = embedded_db.ensure_running()\n"
    "with psycopg.connect(host=str(server.socket_dir), port=server.port, user='postgres',\n"
    "                     dbname='directory', autocommit=True) as conn:\n"
    '    conn.execute("CREATE TABLE load AS SELECT g, repeat(md5(g::text), 30) AS x"\n'
    '                 " FROM generate_series(1, 120000) g")\n'
    "print(server.pid, flush=True)\n"
    "time.sleep(float(sys.argv[1]))\n"
)


def test_ctrl_c_right_after_a_large_write_stops_within_ten_seconds_on_a_busy_machine(data_dir):
    """About 120 MB just written and not yet checkpointed, both cores busy: Ctrl-C (SIGINT
    to the process group) still stops the server within 10 s, a fast shutdown first and
    an immediate one (recovered from the log at the next start) if that takes too long."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _ in range(os.cpu_count() or 2)
    ]
    try:
        process, server_pid = child(data_dir, 60, script=WRITER, new_session=True)
        started = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)
        assert wait_until_stopped(server_pid, timeout=30)
        took = time.monotonic() - started
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    print(f"stop after a large write, cores busy: {took:.1f} s")
    assert took < 10, f"the stop took {took:.1f} s"
    # And the data is there at the next start.
    again, rows = child(
        data_dir,
        0,
        script=CHILD.replace(
            "print(server.pid, flush=True)",
            "import psycopg\n"
            "c = psycopg.connect(host=str(server.socket_dir), port=server.port, user='postgres',"
            " dbname='directory')\n"
            "print(c.execute('SELECT count(*) FROM load').fetchone()[0], flush=True)",
        ),
    )
    assert rows == 120000
    again.wait(timeout=30)


RECOVERING = (
    "import sys, time\n"
    "from directory import embedded_db\n"
    "server = embedded_db.ensure_running()\n"
    "print(server.pid, flush=True)\n"
    "sys.stdin.readline()\n"
    "again = embedded_db.recover()\n"
    "print(again.pid if again else 'same', flush=True)\n"
    "sys.stdin.readline()\n"
)


@pytest.mark.parametrize("how", ["stop_database", "kill"])
def test_a_server_that_went_away_is_started_again(data_dir, how):
    process = subprocess.Popen(
        [sys.executable, "-c", RECOVERING],
        cwd=ROOT,
        env=child_env(data_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    server_pid = int(process.stdout.readline())
    if how == "kill":
        os.kill(server_pid, signal.SIGKILL)
    else:
        assert embedded_db.stop(data_dir)
    assert wait_until_stopped(server_pid)
    process.stdin.write("\n")
    process.stdin.flush()
    new_pid = int(process.stdout.readline())
    assert new_pid != server_pid and embedded_db.status(data_dir) == new_pid
    assert handle_list(data_dir) == [process.pid]
    process.stdin.write("\n")
    process.stdin.close()
    process.wait(timeout=30)
    assert wait_until_stopped(new_pid)  # still the last user, so it stops it


def test_ctrl_c_then_sigterm_to_the_demo_stop_it_quietly(data_dir):
    """The issue's way: SIGINT to the process group of ``manage.py demo`` (a terminal's
    Ctrl-C), then SIGTERM; once while it starts, once while it serves."""
    command = [sys.executable, "manage.py", "demo", "--units", "20", "--people", "30"]
    for wait_for in ("The portal is at", "Quit the server"):
        process = subprocess.Popen(
            [*command, f"127.0.0.1:{8700 + len(wait_for)}"],
            cwd=ROOT,
            env=child_env(data_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL) for s in (2, 15)],
        )
        for line in process.stdout:
            if wait_for in line:
                break
        if wait_for == "Quit the server":
            time.sleep(0.5)  # runserver prints it just before it serves
        server_pid = embedded_db.status(data_dir)
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        assert wait_until_stopped(server_pid)
        errors = process.stderr.read()
        assert "Traceback" not in errors, errors
        assert handle_list(data_dir) == []
        process.stdout.close()
        process.stderr.close()
