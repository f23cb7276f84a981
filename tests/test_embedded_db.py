"""The embedded PostgreSQL starts, is shared, stops with its last user, and recovers
from processes that were killed. Real processes, real servers, in a scratch folder."""

import os
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


def child(data_dir, seconds):
    env = {**os.environ, "DIRECTORY_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(seconds)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    pid = int(process.stdout.readline())
    return process, pid


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
