"""Two app servers sharing one Redis (``REDIS_URL``): kept pages, rate limits and
sessions are shared, and a change saved through one is served fresh by the other on the
next request. Real gunicorn servers on loopback, a scratch embedded database, the
Redis of this machine (127.0.0.1:6379) under a key prefix of this run only."""

import http.client
import re
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.test_faults import Portal, base_env, get, manage

REDIS = ("127.0.0.1", 6379)


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not redis_answers(), reason="no Redis at 127.0.0.1:6379 (the scale-out tests need one)"
)


# Behind a load balancer every server is asked by the portal's one public name.
SAME_NAME = {"Host": "127.0.0.1"}


def get_page(port: int, path: str):
    return get(port, path, SAME_NAME)


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("scale") / "pg"
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    env = base_env(
        DIRECTORY_DATA_DIR=str(data_dir),
        REDIS_URL=f"redis://{REDIS[0]}:{REDIS[1]}/0",
        CACHE_KEY_PREFIX=prefix,
        RATE_LIMIT_SEARCH="1000",
        TRUST_X_FORWARDED_FOR="1",
    )
    manage(env, "demo", "--no-serve", "--units", "30", "--people", "60")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User;"
        " User.objects.create_user('reader', password='reader-pass-123')",
    )
    # The second server allows 4 searches a minute per client, the first 1000.
    first, second = Portal(env), Portal({**env, "RATE_LIMIT_SEARCH": "4"})
    yield first, second, env
    for portal in (first, second):
        assert "Traceback" not in portal.stop()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import redis, sys; r = redis.Redis(host=sys.argv[1], port=int(sys.argv[2]));"
            " keys = list(r.scan_iter(sys.argv[3] + ':*'));"
            " keys and r.delete(*keys)",
            REDIS[0],
            str(REDIS[1]),
            prefix,
        ],
        check=True,
    )


def test_a_page_kept_by_one_server_is_served_by_the_other(two_servers):
    first, second, _env = two_servers
    status, headers, body = get_page(first.port, "/units/CABINET/?shared=1")
    assert (status, headers["X-Page-Cache"]) == (200, "miss")
    status, headers, again = get_page(second.port, "/units/CABINET/?shared=1")
    assert (status, headers["X-Page-Cache"]) == (200, "hit")
    assert again == body


def test_a_change_saved_through_one_server_is_served_fresh_by_the_other(two_servers):
    first, second, env = two_servers
    get_page(first.port, "/units/CABINET/")
    assert get_page(second.port, "/units/CABINET/")[1]["X-Page-Cache"] == "hit"
    manage(
        env,
        "shell",
        "-c",
        "from organizations.models import Unit; from organizations import services;"
        " from organizations.permissions import SYSTEM;"
        " unit = Unit.objects.get(code='CABINET'); unit.address = 'Mustaqillik maydoni 5';"
        " services.save_record(unit, actor=SYSTEM)",
    )
    status, headers, body = get_page(second.port, "/units/CABINET/")
    assert headers["X-Page-Cache"] == "miss" and "Mustaqillik maydoni 5" in body.decode()
    assert "Mustaqillik maydoni 5" in get_page(first.port, "/units/CABINET/")[2].decode()


def test_the_rate_limit_counts_across_both_servers(two_servers):
    first, second, _env = two_servers
    if time.time() % 60 > 55:  # the minute's window must not end among the five
        time.sleep(61 - time.time() % 60)
    client = {"X-Forwarded-For": f"198.51.100.{uuid.uuid4().int % 250 + 1}"}
    statuses = [
        get(port, "/search/?q=vazirlik", client)[0]
        for port in (first.port, first.port, second.port, second.port, second.port)
    ]
    # The second server counts the two searches the first one served: its third is the
    # client's fifth of the minute, one more than it allows.
    assert statuses == [200, 200, 200, 200, 429]


def test_a_session_made_on_one_server_is_valid_on_the_other(two_servers):
    first, second, _env = two_servers
    status, headers, body = get(first.port, "/accounts/login/")
    cookie = SimpleCookie(headers["Set-Cookie"])
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode(
        {"username": "reader", "password": "reader-pass-123", "csrfmiddlewaretoken": token}
    )
    connection = http.client.HTTPConnection("127.0.0.1", first.port, timeout=60)
    connection.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie['csrftoken'].value}",
        },
    )
    answer = connection.getresponse()
    answer.read()
    assert answer.status == 302
    session = SimpleCookie(answer.getheader("Set-Cookie"))["sessionid"].value
    status, headers, body = get(second.port, "/", {"Cookie": f"sessionid={session}"})
    assert status == 200 and b"reader" in body and b"/accounts/logout/" in body
    assert headers["Cache-Control"] == "private, no-store"
