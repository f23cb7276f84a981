"""A real streaming replica (``DATABASE_REPLICA_URL``): a second embedded PostgreSQL made
with ``pg_basebackup -R`` from the first and following it. Anonymous pages are read from
the replica and show its lag (replay is paused here, so the lag lasts as long as a test
needs); an editor who signs in and saves a change reads from the primary on the next
requests, and never sees the lag; commands read what they write. Real gunicorn on
loopback, scratch embedded servers."""

import html.parser
import http.client
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
import pytest

from directory import embedded_db
from tests.test_faults import Portal, base_env, get, manage


def _pg_basebackup(primary: embedded_db.EmbeddedServer, target: Path) -> None:
    binary = Path(embedded_db._import_library().__file__).parent / "pginstall" / "bin"
    command = [
        str(binary / "pg_basebackup"),
        "--pgdata",
        str(target),
        "--write-recovery-conf",
        "--wal-method=stream",
        "--host",
        str(primary.socket_dir),
        "--port",
        str(primary.port),
        "--username",
        "postgres",
    ]
    if primary.system_user:  # as root: the server's own system user owns its files
        target.mkdir()
        target.chmod(0o700)
        subprocess.run(["chown", primary.system_user, str(target)], check=True)
        command = ["runuser", "-u", primary.system_user, "--", *command]
    subprocess.run(command, check=True, capture_output=True)
    # The copy holds the primary's socket lock, log and list of processes: not its own.
    for name in (".handle_pids.json", "log", "postmaster.pid"):
        (target / name).unlink(missing_ok=True)
    for lock in target.glob(".s.PGSQL.*.lock"):
        lock.unlink()


def _connect(server: embedded_db.EmbeddedServer) -> psycopg.Connection:
    return psycopg.connect(
        host=str(server.socket_dir),
        port=server.port,
        user="postgres",
        dbname="directory",
        autocommit=True,
    )


class Replica:
    def __init__(self, primary: embedded_db.EmbeddedServer, server: embedded_db.EmbeddedServer):
        self.primary, self.server = _connect(primary), _connect(server)

    def pause(self) -> None:
        self.server.execute("SELECT pg_wal_replay_pause()")

    def resume(self) -> None:
        """Replay again, and wait until the replica has caught up with the primary."""
        self.server.execute("SELECT pg_wal_replay_resume()")
        target = self.primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            replayed = self.server.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            ).fetchone()[0]
            if replayed:
                return
            time.sleep(0.05)
        raise AssertionError("the replica did not catch up in 30 s")

    def is_standby(self) -> bool:
        return self.server.execute("SELECT pg_is_in_recovery()").fetchone()[0]


@pytest.fixture(scope="module")
def replicated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replica")
    env = base_env(DIRECTORY_DATA_DIR=str(folder / "primary"))
    manage(env, "demo", "--no-serve", "--units", "30", "--people", "60")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User;"
        " from organizations import permissions; from organizations.models import Unit;"
        " user = User.objects.create_user('editor', password='editor-pass-123');"
        " from organizations.services import grant_editor; from organizations.permissions import SYSTEM;"
        " grant_editor(user, Unit.objects.get(code='CABINET'), permissions.CHANGE, actor=SYSTEM)",
    )
    primary = embedded_db.ensure_running(folder / "primary")
    _pg_basebackup(primary, folder / "standby")
    standby = embedded_db.ensure_running(folder / "standby")
    replica = Replica(primary, standby)
    assert replica.is_standby()
    host = quote(str(standby.socket_dir), safe="")
    env = {
        **env,
        "DATABASE_REPLICA_URL": f"postgres://postgres@{host}:{standby.port}/directory",
        "REPLICA_PIN_SECONDS": "60",
    }
    portal = Portal(env)
    yield portal, replica, env
    replica.resume()
    assert "Traceback" not in portal.stop()
    embedded_db.stop(folder / "standby")


def _address(env, code: str, address: str) -> None:
    manage(
        env,
        "shell",
        "-c",
        "from organizations.models import Unit; from organizations import services;"
        " from organizations.permissions import SYSTEM;"
        f" unit = Unit.objects.get(code={code!r}); unit.address = {address!r};"
        " services.save_record(unit, actor=SYSTEM)",
    )


def test_pages_are_read_from_the_replica_and_show_its_lag(replicated):
    portal, replica, env = replicated
    replica.pause()
    try:
        _address(env, "CABINET", "Lag street 1")
        status, headers, body = get(portal.port, "/units/CABINET/")
        assert status == 200 and "Lag street 1" not in body.decode()
        assert "primary" not in headers.get("Set-Cookie", "")  # a read pins nothing
    finally:
        replica.resume()
    assert "Lag street 1" in get(portal.port, "/units/CABINET/")[2].decode()


class _Form(html.parser.HTMLParser):
    """The fields of the page's form that posts to ``action``, as a browser sends them."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields = action, False, {}
        self._text, self._select = None, None

    def handle_starttag(self, tag, attributes):
        a = dict(attributes)
        if tag == "form":
            self.inside = a.get("method", "").lower() == "post" and a.get("action") in (
                self.action,
                "",
                None,
            )
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""
        elif not self.inside or "name" not in a:
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "checkbox", "radio"):
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "input" and "checked" in a:
            self.fields[a["name"]] = a.get("value") or "on"
        elif tag == "textarea":
            self._text = a["name"]
            self.fields[self._text] = ""
        elif tag == "select":
            self._select = a["name"]

    def handle_data(self, data):
        if self._text:
            self.fields[self._text] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._text = None
        elif tag == "select":
            self._select = None


class Browser:
    """Cookies kept across requests, as a browser keeps them."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    for name, morsel in SimpleCookie(value).items():
                        self.cookies[name] = morsel.value
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()

    def submit(self, path: str, **changes) -> tuple[int, dict, str]:
        status, _headers, page = self.request("GET", path)
        assert status == 200, page[:500]
        form = _Form(path)
        form.feed(page)
        assert "csrfmiddlewaretoken" in form.fields, form.fields
        return self.request("POST", path, {**form.fields, **changes})


def test_an_editor_reads_their_own_writes_and_never_sees_the_lag(replicated):
    portal, replica, _env = replicated
    replica.pause()  # from here on, the replica sees nothing new
    try:
        editor = Browser(portal.port)
        status, headers, _ = editor.submit(
            "/accounts/login/", username="editor", password="editor-pass-123"
        )
        assert status == 302
        # Signed in on the primary (the session the replica has not seen) and pinned.
        assert "primary" in editor.cookies and "sessionid" in editor.cookies
        status, headers, _ = editor.submit("/units/CABINET/edit/", address="Own-write street 7")
        assert status == 302, _
        status, _headers, page = editor.request("GET", "/units/CABINET/")
        assert status == 200 and "Own-write street 7" in page
        assert "/accounts/logout/" in page  # still signed in: the session read the primary
        # A citizen meanwhile reads the replica, which has not replayed the change yet.
        assert "Own-write street 7" not in get(portal.port, "/units/CABINET/")[2].decode()
    finally:
        replica.resume()
    assert "Own-write street 7" in get(portal.port, "/units/CABINET/")[2].decode()


def test_commands_read_what_they_write_with_a_replica_configured(replicated):
    _portal, replica, env = replicated
    replica.pause()
    try:
        out = manage(
            env,
            "shell",
            "-c",
            "from organizations.models import Unit;"
            " Unit.objects.filter(code='CABINET').update(address='Command road 3');"
            " print(Unit.objects.get(code='CABINET').address)",
        )
        assert out.strip().endswith("Command road 3")
    finally:
        replica.resume()
    assert "Command road 3" in get(_portal.port, "/units/CABINET/")[2].decode()
