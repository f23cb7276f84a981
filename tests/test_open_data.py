"""Open data out: the API, exports, vCards, QR codes and JSON-LD give each caller exactly
their tier — never a value or a person above it — and answer bad parameters with a
message, never a 500."""

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from organizations.interchange import vcard as vcard_module
from organizations.models import ApiToken, today

PUBLIC = ["+998712000001", "jahongir@labour.gov.example", "+998712000021", "Gʻulomov"]
INTERNAL = [
    "+998712000002",
    "+998712000011",
    "+998712000022",
    "Yashirinova",
    "Maxfiy tahlilchi",
    "LABOUR-01-P02",
]
RESTRICTED = ["+998712000003", "+998901000012", "Maxfiyeva", "Yopiq lavozim", "LABOUR-01-P03"]
TIERS = {
    "citizen": ([*PUBLIC], [*INTERNAL, *RESTRICTED]),
    "alisher": ([*PUBLIC, *INTERNAL], [*RESTRICTED]),
    "dilnoza": ([*PUBLIC, *INTERNAL, *RESTRICTED], []),  # editor of the ministry: all of it
    "admin": ([*PUBLIC, *INTERNAL, *RESTRICTED], []),
}


def everything(client, tree) -> dict[str, str]:
    """Each output, as the client gets it."""
    outputs = {}
    # A public post reporting to an internal one must not name it.
    type(tree.head_post).objects.filter(pk=tree.head_post.pk).update(reports_to=tree.internal_post)

    def get(name, url, **params):
        response = client.get(url, params)
        assert response.status_code in (200, 404), (name, response.status_code)
        outputs[name] = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()

    get("api unit", "/api/units/LABOUR/")
    get("api department", "/api/units/LABOUR-01/")
    for post in ("LABOUR-01-P01", "LABOUR-01-P02", "LABOUR-01-P03"):
        get(f"api post {post}", f"/api/posts/{post}/")
    get("api people", "/api/people/")
    for person in (tree.public_person, tree.internal_person, tree.restricted_person):
        get(f"api person {person.slug}", f"/api/people/{person.slug}/")
        get(f"vcard {person.slug}", f"/people/{person.slug}/vcard/")
    for q in ("Maxfiyeva", "Yashirinova", "Gʻulomov", "712000002", "Yopiq lavozim"):
        # The hits, not the echo of what was typed.
        hits = client.get("/api/search/", {"q": q}).json()["results"]
        outputs[f"api search {q}"] = json.dumps(hits, ensure_ascii=False)
    for fmt in ("csv", "json", "popolo"):
        get(f"export {fmt}", "/export/", format=fmt)
        get(f"export {fmt} within", "/export/", format=fmt, within="LABOUR")
    get("vcard post", f"/posts/{tree.head_post.code}/vcard/")
    get("person page", tree.public_person.get_absolute_url())
    return outputs


@pytest.mark.parametrize("who", TIERS)
def test_every_output_gives_exactly_the_callers_tier(tree, cast, client_for, who):
    client = client_for(cast[who])
    outputs = everything(client, tree)
    seen, hidden = TIERS[who]
    text = "\n".join(outputs.values())
    for value in seen:
        assert value in text, f"{who} should see {value}"
    for name, output in outputs.items():
        for value in hidden:
            assert value not in output, f"{value} reached {who} in {name}"


@pytest.mark.parametrize("who", TIERS)
def test_json_ld_is_public_whoever_looks(tree, cast, client_for, who):
    client = client_for(cast[who])
    for url in ("/units/LABOUR/", tree.public_person.get_absolute_url()):
        page = client.get(url).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert len(blocks) == 1, url
        data = json.loads(blocks[0])
        text = json.dumps(data, ensure_ascii=False)
        for value in [*INTERNAL, *RESTRICTED]:
            assert value not in text
    unit = json.loads(
        re.findall(
            r'ld\+json">(.*?)</script>', client.get("/units/LABOUR/").content.decode(), re.S
        )[0]
    )
    assert unit["@type"] == "GovernmentOrganization"
    assert unit["parentOrganization"]["url"].endswith("/units/CABINET/")
    assert {s["url"].rsplit("/", 2)[-2] for s in unit["subOrganization"]} == {"LABOUR-01"}
    assert unit["contactPoint"] == [
        {"@type": "ContactPoint", "contactType": "Reception", "telephone": "+998712000001"}
    ]
    # A person who is not public has no JSON-LD at all, even for an administrator.
    hidden = client_for(cast["admin"]).get(tree.internal_person.get_absolute_url()).content.decode()
    assert "application/ld+json" not in hidden


def test_the_qr_code_holds_the_viewers_vcard(tree, citizen):
    import segno

    page = citizen.get(tree.public_person.get_absolute_url()).content.decode()
    card = citizen.get(f"/people/{tree.public_person.slug}/vcard/").content.decode()
    expected = segno.make(card, error="m").svg_inline(scale=3, title="Contact card (QR code)")
    assert expected in page


def test_vcard_is_rfc_6350(tree, citizen):
    response = citizen.get(f"/people/{tree.public_person.slug}/vcard/")
    assert response["Content-Type"].startswith("text/vcard")
    card = response.content.decode()
    lines = card.split("\r\n")
    assert lines[0] == "BEGIN:VCARD" and lines[1] == "VERSION:4.0" and lines[-2] == "END:VCARD"
    assert "FN:Gʻulomov Jahongir" in lines
    assert "N:Gʻulomov;Jahongir;;;" in lines
    assert "EMAIL;TYPE=work:jahongir@labour.gov.example" in lines
    assert any(line.startswith("ORG:Ministry of Employment;") for line in lines)
    assert all(len(line.encode()) <= 75 for line in lines)
    post = citizen.get(f"/posts/{tree.head_post.code}/vcard/").content.decode()
    assert "TEL;VALUE=uri;TYPE=work,voice:tel:+998712000021" in post


def test_vcard_escapes_and_folds():
    assert vcard_module.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "NOTE:" + "ўзбек " * 40
    folded = vcard_module.fold(long)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long


def test_csv_export_columns_and_rows(tree, citizen):
    response = citizen.get("/export/", {"format": "csv", "within": "LABOUR"})
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # so that Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    head = next(r for r in rows if r["post_id"] == tree.head_post.code)
    assert head["family_name"] == "Gʻulomov" and head["email"] == "jahongir@labour.gov.example"
    assert head["unit_path_en"] == (
        "Vazirlar Mahkamasi / Ministry of Employment / Ishsizlik nafaqasi boshqarmasi"
    )
    assert {r["post_id"] for r in rows} >= {"LABOUR-P01", "LABOUR-01-P04"}  # vacant posts too
    assert "LABOUR-01-P02" not in {r["post_id"] for r in rows}  # internal post


def test_api_pages_links_and_etags(tree, citizen):
    first = citizen.get("/api/units/", {"page": "1"})
    assert first.status_code == 200 and first["Cache-Control"].startswith("public")
    data = first.json()
    assert data["count"] == 4 and data["results"][0]["id"] == "CABINET"
    again = citizen.get("/api/units/", {"page": "1"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    unit = citizen.get("/api/units/LABOUR/").json()
    assert unit["parent"] == "CABINET" and [c["id"] for c in unit["children"]] == ["LABOUR-01"]
    assert citizen.get("/api/openapi.json").json()["openapi"] == "3.1.0"
    root = citizen.get("/api/").json()
    assert root["units"].endswith("/api/units/")


def test_api_paging_links(tree, citizen, monkeypatch):
    from directory.views import api

    monkeypatch.setattr(api, "LIST_SIZE", 1)
    first = citizen.get("/api/units/")
    assert 'rel="next"' in first["Link"] and first.json()["next"].endswith("page=2")
    last = citizen.get("/api/units/", {"page": "4"})
    assert last.json()["next"] is None and 'rel="prev"' in last["Link"]


@pytest.mark.parametrize(
    "url, params, status",
    [
        ("/api/units/", {"page": "abc"}, 400),
        ("/api/units/", {"page": "-1"}, 400),
        ("/api/units/", {"page": "99999"}, 404),
        ("/api/units/", {"within": "NOPE"}, 404),
        ("/api/units/NOPE/", {}, 404),
        ("/api/people/nobody/", {}, 404),
        ("/api/people/oydin-maxfiy/", {}, 404),  # restricted: as if absent
        ("/api/posts/LABOUR-01-P03/", {}, 404),
        ("/api/search/", {"q": "x", "kind": "planet"}, 400),
        ("/api/search/", {"q": "Gʻulomov", "page": "99"}, 404),
        ("/api/search/", {"q": "x", "page": "abc"}, 400),
        ("/export/", {"format": "xyz"}, 400),
        ("/export/", {"format": "csv", "within": "NOPE"}, 404),
    ],
)
def test_bad_parameters_get_a_message_not_a_500(tree, citizen, url, params, status):
    response = citizen.get(url, params)
    assert response.status_code == status
    assert response.json()["error"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(tree, method):
    # With the CSRF check a browser would meet: the API is read-only whatever the token.
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/units/", {})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"]


def test_api_keys_give_their_users_tier(tree, alisher):
    token, key = ApiToken.issue(alisher, "test")
    client = Client()
    anonymous = client.get("/api/units/LABOUR/").content.decode()
    keyed = client.get("/api/units/LABOUR/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert "+998712000002" not in anonymous and "+998712000002" in keyed.content.decode()
    assert keyed["Cache-Control"].startswith("private")
    # Its use is recorded (once a day: the second call of the day writes nothing).
    token.refresh_from_db()
    assert token.last_used_on == today()
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/units/LABOUR/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    bad = client.get("/api/units/LABOUR/", HTTP_AUTHORIZATION="Bearer wrong")
    assert bad.status_code == 401 and bad["WWW-Authenticate"].startswith("Bearer")
    alisher.is_active = False
    alisher.save()
    assert client.get("/api/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


@pytest.mark.parametrize(
    "scope, url, params",
    [
        ("search", "/search/", {"q": "Gʻulomov"}),
        ("api", "/api/units/", {}),
        ("export", "/export/", {"format": "csv"}),
    ],
)
def test_rate_limits_answer_429_with_retry_after(tree, settings, scope, url, params):
    cache.clear()
    settings.RATE_LIMITS = {scope: (3, 60)}
    client = Client()
    for _ in range(3):
        assert client.get(url, params).status_code == 200
    refused = client.get(url, params)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.content.decode()
    # Another client is not affected.
    assert Client(REMOTE_ADDR="10.0.0.9").get(url, params).status_code == 200
