"""Publication windows: a post published from tomorrow and a contact published until
yesterday are seen by their editors and administrators only, in every output; when the
window opens, pages follow at once and search after ``publish_due``."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from organizations import queries, services
from organizations.models import ContactPoint, Post, today
from organizations.permissions import SYSTEM, viewer_for
from organizations.visibility import Viewer

from .conftest import add_contact, make_post

ANNOUNCED = "Yangi maslahatchi"  # the post's title
HOTLINE = "+998712000444"


@pytest.fixture(autouse=True)
def rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def windows(tree):
    post = make_post(
        tree.employment,
        "LABOUR-01-P09",
        ANNOUNCED,
        publish_from=today() + datetime.timedelta(days=1),
    )
    contact = add_contact(
        tree.labour,
        "phone",
        HOTLINE,
        label="Vaqtinchalik liniya",
        publish_until=today() - datetime.timedelta(days=1),
    )
    return post, contact


def outputs(client) -> dict[str, str]:
    """Every output a reader can get, as text."""

    def get(url, **params):
        response = client.get(url, params)
        if response.streaming:
            return response.status_code, b"".join(response.streaming_content).decode()
        return response.status_code, response.content.decode()

    found = {
        "unit page": get("/units/LABOUR-01/"),
        "ministry page": get("/units/LABOUR/"),
        "post page": get("/posts/LABOUR-01-P09/"),
        "post card": get("/posts/LABOUR-01-P09/vcard/"),
        "search": get("/search/", q="maslahatchi"),
        "search phone": get("/search/", q="712000444"),
        "api unit": get("/api/units/LABOUR-01/"),
        "api ministry": get("/api/units/LABOUR/"),
        "api post": get("/api/posts/LABOUR-01-P09/"),
        "api search": get("/api/search/", q="maslahatchi"),
        "chart": get("/units/LABOUR/chart/", posts="all", depth=3),
    }
    for fmt in ("csv", "records", "json", "popolo"):
        found[f"export {fmt}"] = get("/export/", format=fmt)
    return {name: text for name, (status, text) in found.items() if status == 200}


@pytest.mark.parametrize("who", ["citizen", "alisher"])
def test_outside_its_window_nobody_but_its_editors_sees_it(windows, cast, client_for, who):
    seen = outputs(client_for(cast[who]))
    for name, text in seen.items():
        assert ANNOUNCED not in text, name
        assert HOTLINE not in text and "71 200 04 44" not in text, name
    assert "post page" not in seen and "api post" not in seen  # 404, as if it were not there
    client = client_for(cast[who])
    assert not client.get("/api/search/", {"q": "712000444"}).json()["results"]
    viewer = Viewer.anonymous() if cast[who] is None else viewer_for(cast[who])
    counted = queries.headcount(viewer, windows[0].unit).own.posts
    assert counted == Post.objects.current().visible_to(viewer).filter(unit=windows[0].unit).count()
    assert windows[0] not in Post.objects.visible_to(viewer)


@pytest.mark.parametrize("who", ["dilnoza", "admin"])
def test_its_editors_and_administrators_see_it(windows, cast, client_for, who):
    seen = outputs(client_for(cast[who]))
    assert ANNOUNCED in seen["unit page"] and ANNOUNCED in seen["post page"]
    assert "not published now" in seen["unit page"]
    assert "71 200 04 44" in seen["ministry page"]
    assert ANNOUNCED in seen["search"] and ANNOUNCED in seen["export json"]


def test_json_ld_and_the_contact_card_are_public_data_even_for_an_editor(
    windows, dilnoza, client_for
):
    page = client_for(dilnoza).get("/units/LABOUR/").content.decode()
    data = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert HOTLINE not in data  # JSON-LD is what a citizen may see
    assert ANNOUNCED not in json.dumps(json.loads(data), ensure_ascii=False)


def test_a_past_day_shows_nothing_hidden_now(windows, citizen):
    from .test_as_of import begin_records

    begin_records(today() - datetime.timedelta(days=10))
    then = (today() - datetime.timedelta(days=3)).isoformat()
    # inside its window then (until yesterday), outside now: the stricter of the two
    html = citizen.get(f"/units/LABOUR/?on={then}").content.decode()
    assert "71 200 04 44" not in html
    found = citizen.get("/api/search/", {"q": "712000444", "on": then}).json()
    assert not found["results"]


def test_when_the_window_opens_pages_follow_and_search_after_publish_due(windows, monkeypatch):
    post, _contact = windows
    tomorrow = today() + datetime.timedelta(days=1)
    assert ANNOUNCED not in Client().get("/units/LABOUR-01/").content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert ANNOUNCED in Client().get("/units/LABOUR-01/").content.decode()
    assert Client().get(f"/posts/{post.code}/").status_code == 200

    def found():
        hits = Client().get("/api/search/", {"q": "maslahatchi"}).json()["results"]
        return [h for h in hits if h["kind"] == "post" and h["post"]["id"] == post.code]

    assert not found()  # the document still holds it at the restricted tier
    out = io.StringIO()
    call_command("publish_due", stdout=out)
    assert "1 posts" in out.getvalue()
    assert found()
    call_command("publish_due", stdout=io.StringIO())  # again: harmless


@pytest.mark.parametrize(
    ("start", "end"),
    [(datetime.date(2027, 1, 10), datetime.date(2027, 1, 9))],
)
def test_a_window_that_ends_before_it_starts_is_refused(tree, dilnoza, client_for, start, end):
    contact = ContactPoint.objects.get(value="+998712000001")
    editor = client_for(dilnoza)
    form = editor.get(f"/contacts/{contact.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(publish_from=start.isoformat(), publish_until=end.isoformat())
    answer = editor.post(f"/contacts/{contact.pk}/edit/", data)
    assert answer.status_code == 200 and answer.context["form"].errors["publish_until"]
    contact.refresh_from_db()
    assert contact.publish_until is None
    with pytest.raises(Exception, match="publication"):
        contact.publish_from, contact.publish_until = start, end
        services.save_contact(contact, actor=SYSTEM)
