"""Anonymous pages from the cache (directory/pagecache.py) and HTTP caching: what is kept,
for whom, and that no change and no tier is ever served stale or crossed."""

import re

import psycopg
import pytest
from django.db import connection
from django.test import Client

from organizations import changes, services
from organizations.models import ContactPoint, Visibility
from organizations.permissions import SYSTEM

PAGES = [
    "/",
    "/units/LABOUR/",
    "/posts/LABOUR-01-P01/",
    "/people/jahongir-gulomov/",
    "/search/?q=Gulomov",
    "/people/jahongir-gulomov/vcard/",
    "/api/units/LABOUR/",
    "/api/search/?q=Gulomov",
]


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_page_is_kept_and_served_again_with_http_caching(tree, url):
    first, second = Client().get(url), Client().get(url)
    assert first.status_code == second.status_code == 200
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == "public, max-age=60"
    assert second["ETag"] == first["ETag"]
    assert "Last-Modified" in second
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in second["Vary"].split(",")}
    # Browsers and proxies revalidate: 304, with the same validators and no body.
    again = Client().get(url, HTTP_IF_NONE_MATCH=second["ETag"])
    assert again.status_code == 304 and not again.content
    assert again["ETag"] == second["ETag"]
    since = Client().get(url, HTTP_IF_MODIFIED_SINCE=second["Last-Modified"])
    assert since.status_code == 304
    assert Client().get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_kept_page_keeps_the_security_headers_of_every_middleware(tree):
    first, second = Client().get("/units/LABOUR/"), Client().get("/units/LABOUR/")
    assert second["X-Page-Cache"] == "hit"
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert second[name] == first[name], name
    assert second["Content-Language"] == "en"


def test_a_kept_page_sets_no_cookie_and_holds_no_csrf_token(tree):
    for _ in range(2):
        response = Client().get("/units/LABOUR/")
        assert not response.cookies
        assert b"csrfmiddlewaretoken" not in response.content


def test_a_civil_servants_page_never_reaches_an_anonymous_visitor(tree, alisher, client_for):
    servant = client_for(alisher)
    for url in ("/units/LABOUR/", "/api/units/LABOUR/", "/search/?q=Duty"):
        inside = servant.get(url)
        assert inside["Cache-Control"] == "private, no-store"
    assert b"+998712000002" in servant.get("/units/LABOUR/").content
    for _ in range(2):
        page = Client().get("/units/LABOUR/")
        assert b"+998712000002" not in page.content and b"Reception" in page.content
        assert b"Duty officer" not in Client().get("/api/units/LABOUR/").content
    # and the other way: a kept anonymous page is never what a civil servant gets
    assert b"+998712000002" in servant.get("/units/LABOUR/").content
    assert b"Duty officer" in servant.get("/api/units/LABOUR/").content


def test_civil_servants_share_their_tiers_pages_each_with_their_own_account_bar(
    tree, alisher, django_user_model, client_for
):
    from django.contrib.auth.models import Group

    from organizations.visibility import CIVIL_SERVANTS_GROUP

    other = django_user_model.objects.create_user(username="bahodir", password="x-pass-123456")
    other.groups.add(Group.objects.get(name=CIVIL_SERVANTS_GROUP))
    first = client_for(alisher).get("/units/LABOUR/")
    second = client_for(other).get("/units/LABOUR/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second["Cache-Control"] == "private, no-store"
    assert b"+998712000002" in second.content
    assert b"Signed in as bahodir" in second.content and b"alisher" not in second.content
    tokens = [
        re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
        for page in (first, second)
    ]
    assert tokens[0] != tokens[1]
    # Signing out from a kept page works: the token is the reader's own.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(other)
    page = browser.get("/units/LABOUR/")
    assert page["X-Page-Cache"] == "hit"
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    out = browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token.decode()})
    assert out.status_code == 302
    assert b"Sign in" in browser.get("/units/LABOUR/").content


def test_editors_and_administrators_are_never_served_kept_pages(tree, dilnoza, admin, client_for):
    for user in (dilnoza, admin):
        client = client_for(user)
        for _ in range(2):
            page = client.get("/units/LABOUR/")
            assert "X-Page-Cache" not in page
            assert b"Edit details" in page.content


def test_an_edit_is_served_on_the_next_request(tree, dilnoza, client_for):
    Client().get("/units/LABOUR/")
    assert Client().get("/units/LABOUR/")["X-Page-Cache"] == "hit"
    contact = ContactPoint.objects.get(value="+998712000001")
    contact.label = "Front desk"
    services.save_contact(contact, actor=SYSTEM)
    page = Client().get("/units/LABOUR/")
    assert page["X-Page-Cache"] == "miss" and b"Front desk" in page.content
    # through the editor's own form
    editor = client_for(dilnoza)
    form = editor.get(f"/contacts/{contact.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["label_en"] = "Helpdesk"  # the page is English
    answer = editor.post(f"/contacts/{contact.pk}/edit/", data)
    assert answer.status_code == 302, answer.context["form"].errors
    assert b"Helpdesk" in Client().get("/units/LABOUR/").content


def test_any_write_moves_the_counter_even_one_that_bypasses_the_portal(tree):
    Client().get("/units/LABOUR/")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organizations_unit SET name_en = 'Ministry of Labour' WHERE code = 'LABOUR'"
        )
    assert b"Ministry of Labour" in Client().get("/units/LABOUR/").content


def test_a_page_read_while_a_write_is_open_is_not_kept(tree):
    """A writer moves the counter before it commits; a page computed meanwhile shows the
    state before the write and must not be kept under the new number."""
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    try:
        other.execute("UPDATE organizations_unit SET version = version WHERE false")
        number = changes.current()
        assert not changes.settled(number)
        Client().get("/units/HEALTH/")
        assert Client().get("/units/HEALTH/")["X-Page-Cache"] == "miss"
        other.commit()
        assert changes.settled(changes.current())
        Client().get("/units/HEALTH/")
        assert Client().get("/units/HEALTH/")["X-Page-Cache"] == "hit"
    finally:
        other.close()


def test_rate_limits_count_pages_served_from_the_cache(tree, settings):
    settings.RATE_LIMITS = {"search": (2, 60), "api": (2, 60)}
    for url in ("/search/?q=Gulomov", "/api/units/"):
        answers = [Client().get(url) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert answers[1]["X-Page-Cache"] == "hit"
        assert "Retry-After" in answers[2]


def test_the_language_switch_and_sign_in_work_from_kept_pages(tree, alisher):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/units/LABOUR/")
    page = browser.get("/units/LABOUR/")
    assert page["X-Page-Cache"] == "hit"
    switched = browser.post("/i18n/setlang/", {"language": "ru", "next": "/units/LABOUR/"})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "ru"
    russian = browser.get("/units/LABOUR/")
    assert "Министерство занятости" in russian.content.decode()
    # The sign-in form is never kept: its token is this browser's, and it works.
    login = browser.get("/accounts/login/")
    assert "X-Page-Cache" not in login
    token = (
        re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login.content).group(1).decode()
    )
    signed_in = browser.post(
        "/accounts/login/",
        {"username": "alisher", "password": "secret-pass-123", "csrfmiddlewaretoken": token},
    )
    assert signed_in.status_code == 302, signed_in.content.decode()[-1500:]
    after = browser.get("/units/LABOUR/")
    assert after["Cache-Control"] == "private, no-store" and b"+998712000002" in after.content


def test_each_host_name_has_its_own_pages(tree, settings):
    settings.ALLOWED_HOSTS = ["directory.example.uz", "www.directory.example.uz"]
    Client().get("/api/", HTTP_HOST="directory.example.uz")
    other = Client().get("/api/", HTTP_HOST="www.directory.example.uz")
    assert other["X-Page-Cache"] == "miss"
    assert b"http://www.directory.example.uz/api/units/" in other.content


def test_languages_are_kept_apart(tree):
    english = Client().get("/units/LABOUR/")
    russian = Client(HTTP_ACCEPT_LANGUAGE="ru").get("/units/LABOUR/")
    assert russian["X-Page-Cache"] == "miss"
    assert "Министерство занятости" in russian.content.decode()
    assert english.content != russian.content


def test_visitors_with_a_session_or_a_message_and_api_keys_are_not_served_kept_pages(tree):
    Client().get("/units/LABOUR/")
    with_session = Client()
    with_session.cookies["sessionid"] = "whatever"
    assert "X-Page-Cache" not in with_session.get("/units/LABOUR/")
    with_message = Client()
    with_message.cookies["messages"] = "x"
    assert "X-Page-Cache" not in with_message.get("/units/LABOUR/")
    keyed = Client().get("/api/units/", HTTP_AUTHORIZATION="Bearer nonsense")
    assert keyed.status_code == 401 and "X-Page-Cache" not in keyed


def test_only_successful_answers_are_kept(tree):
    for _ in range(2):
        assert "X-Page-Cache" not in Client().get("/units/NO-SUCH/")
        assert "X-Page-Cache" not in Client().get("/api/units/NO-SUCH/")
        refused = Client().post("/search/", {"q": "x"})
        assert refused.status_code == 405 and "X-Page-Cache" not in refused


def test_a_hidden_record_becoming_public_is_shown_at_once(tree):
    assert b"Yashirinova" not in Client().get("/units/LABOUR-01/").content
    Client().get("/units/LABOUR-01/")
    person = tree.internal_person
    person.visibility = Visibility.PUBLIC
    services.save_person(person, actor=SYSTEM)
    post = tree.internal_post
    post.visibility = Visibility.PUBLIC
    services.save_post(post, actor=SYSTEM)
    assert b"Yashirinova" in Client().get("/units/LABOUR-01/").content


def test_the_cache_can_be_turned_off(tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/units/LABOUR/")
    second = Client().get("/units/LABOUR/")
    assert second["X-Page-Cache"] == "miss"
    assert second["Cache-Control"] == "public, max-age=60"


def test_every_table_of_the_directory_moves_the_counter(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers"
            " WHERE trigger_name = %s",
            [changes.TRIGGER],
        )
        triggered = {row[0] for row in cursor.fetchall()}
    assert set(changes.counted_tables()) == triggered
    assert "organizations_unit" in triggered and "organizations_apitoken" not in triggered
