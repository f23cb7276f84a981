"""Citizens report mistakes; the editors of the nearest unit above with editors get them
(dashboard, digest), apply or reject them through the services, and the citizen hears
the outcome. Mail goes through a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import datetime
import email
import email.policy
import io
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from organizations import permissions, services
from organizations.models import AccountSettings, ContactPoint, Correction, Unit
from organizations.permissions import SYSTEM
from organizations.visibility import Visibility

from .conftest import _user, add_contact

PHONE = "+998712000001"  # the Ministry of Labour's public reception phone


class Inbox:
    """What a real SMTP server on loopback received: parsed messages."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


def text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def inbox(settings):
    handler = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://directory.example"
    yield handler
    controller.stop()


@pytest.fixture(autouse=True)
def rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


def report(client, url, **data):
    """GET the form (CSRF cookie), then POST it."""
    form = client.get(url)
    assert form.status_code == 200, form.status_code
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE=data.pop("language", "en"))


def choices(client, url) -> dict[str, str]:
    return dict(client.get(url).context["form"].fields["field"].choices)


@pytest.fixture
def reception(tree):
    return ContactPoint.objects.get(value=PHONE)


def test_a_citizen_reports_a_wrong_phone_and_gets_a_reference(tree, reception, dilnoza):
    citizen = Client(enforce_csrf_checks=True)
    url = "/units/LABOUR/suggest/"
    page = citizen.get(url)
    csrf = page.cookies["csrftoken"].value
    answer = citizen.post(
        url,
        {
            "field": f"contact:{reception.pk}",
            "suggested": "+998 71 200 00 09",
            "comment": "The number on the door is different.",
            "email": "citizen@example.org",
            "csrfmiddlewaretoken": csrf,
        },
    )
    assert answer.status_code == 302
    sent = citizen.get(answer["Location"])
    correction = Correction.objects.get()
    assert correction.reference in sent.content.decode()
    assert (correction.unit, correction.assigned_to, correction.status) == (
        tree.labour,
        tree.labour,
        "open",
    )
    assert correction.current_value == "+998 71 200 00 01"
    # the public never sees it
    for url in ("/units/LABOUR/", "/api/units/LABOUR/"):
        assert "different" not in citizen.get(url).content.decode()
    assert citizen.get("/search/", {"q": "different"}).context["results"].total == 0
    # every public page links to the form
    assert 'href="/units/LABOUR/suggest/"' in citizen.get("/units/LABOUR/").content.decode()
    assert 'href="/posts/LABOUR-P01/suggest/"' in citizen.get("/posts/LABOUR-P01/").content.decode()


def test_the_form_offers_only_what_the_reader_sees(tree, alisher, client_for):
    hidden = add_contact(tree.labour, "phone", "+998712000555", Visibility.INTERNAL, label="Ichki")
    offered = choices(Client(), "/units/LABOUR/suggest/")
    assert f"contact:{hidden.pk}" not in offered
    assert not any("200 05 55" in label for label in offered.values())
    # a civil servant sees the internal number, and may report it
    assert f"contact:{hidden.pk}" in choices(client_for(alisher), "/units/LABOUR/suggest/")
    # a hidden key posted by hand is refused, nothing is stored
    answer = report(Client(), "/units/LABOUR/suggest/", field=f"contact:{hidden.pk}", suggested="x")
    assert answer.status_code == 200 and answer.context["form"].errors["field"]
    assert not Correction.objects.exists()
    # hidden records have no form at all
    assert Client().get("/posts/LABOUR-01-P02/suggest/").status_code == 404
    assert Client().get(f"/people/{tree.restricted_person.slug}/suggest/").status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"suggested": "x" * 501}, "suggested"),
        ({"comment": "y" * 2001}, "comment"),
        ({"suggested": "abc\u202edef"}, "suggested"),
        ({"suggested": "ok", "email": "not an address"}, "email"),
        ({"suggested": "ok", "homepage": "http://spam.example"}, "homepage"),
        ({"suggested": "", "comment": ""}, None),
        ({"suggested": "ok", "field": "title"}, "field"),
        ({"suggested": "ok", "field": "contact:999999"}, "field"),
    ],
)
def test_bad_reports_are_refused_with_a_message_and_nothing_stored(tree, data, field):
    data = {"field": "name", **data}
    answer = report(Client(), "/units/LABOUR/suggest/", **data)
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert errors.get(field or "__all__"), errors
    assert not Correction.objects.exists()


def test_reports_are_rate_limited_per_client(tree, settings):
    settings.RATE_LIMITS = {**(settings.RATE_LIMITS or {}), "suggest": (2, 3600)}
    client = Client()
    for _ in range(2):
        assert (
            report(client, "/units/LABOUR/suggest/", field="name", suggested="A").status_code == 302
        )
    answer = report(client, "/units/LABOUR/suggest/", field="name", suggested="A")
    assert answer.status_code == 429 and answer["Retry-After"]
    assert Correction.objects.count() == 2


def test_a_report_goes_to_the_nearest_unit_above_with_editors(tree, dilnoza, client_for, admin):
    # the department has no editors of its own: its ministry's editors get it
    report(Client(), "/posts/LABOUR-01-P01/suggest/", field="title", suggested="Boshliq")
    to_labour = Correction.objects.get()
    assert to_labour.assigned_to == tree.labour
    # a unit with no editors anywhere above: the administrators
    report(Client(), "/units/HEALTH/suggest/", field="name", suggested="Sogʻliq vazirligi")
    to_admins = Correction.objects.get(unit=tree.health)
    assert to_admins.assigned_to is None
    editor = client_for(dilnoza)
    dashboard = editor.get("/edit/", {"kind": "corrections"}).content.decode()
    assert "?unit=LABOUR-01" in dashboard and "?unit=HEALTH" not in dashboard
    assert to_labour.reference in dashboard and "Boshliq" in dashboard
    assert to_admins.reference not in dashboard
    listed = editor.get("/edit/", {"unit": "LABOUR-01"}).content.decode()
    assert to_labour.reference in listed
    assert editor.get("/edit/", {"unit": "HEALTH"}).status_code == 404
    assert editor.get(f"/edit/corrections/{to_admins.pk}/").status_code == 404
    administrator = client_for(admin)
    listed = administrator.get("/edit/corrections/").content.decode()
    assert to_labour.reference in listed and to_admins.reference in listed
    # another unit's editor sees neither
    other = _user(django_user_model(), "botir")
    services.grant_editor(other, tree.health, permissions.CHANGE, actor=SYSTEM)
    theirs = client_for(other).get("/edit/")
    assert "?unit=LABOUR-01" not in theirs.content.decode()
    assert theirs.context["totals"]["corrections"] == 0  # HEALTH's went to the administrators
    assert Client().get("/edit/corrections/").status_code == 302  # to sign-in


def django_user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def test_the_editor_applies_it_with_history_and_the_citizen_hears_in_their_language(
    tree, reception, dilnoza, client_for, inbox, django_capture_on_commit_callbacks
):
    report(
        Client(),
        "/units/LABOUR/suggest/",
        field=f"contact:{reception.pk}",
        suggested="71 200-00-09",
        email="fuqaro@example.org",
        language="ru",
    )
    correction = Correction.objects.get()
    assert correction.language == "ru"
    editor = client_for(dilnoza)
    page = editor.get(f"/edit/corrections/{correction.pk}/").content.decode()
    assert "+998 71 200 00 01" in page and "71 200-00-09" in page  # current beside suggested
    with django_capture_on_commit_callbacks(execute=True):
        answer = editor.post(
            f"/edit/corrections/{correction.pk}/", {"decision": "apply", "value": "71 200-00-09"}
        )
    assert answer.status_code == 302
    reception.refresh_from_db()
    assert reception.value == "+998712000009"
    assert (
        reception.history.first().history_change_reason
        == f"applied from correction #{correction.pk}"
    )
    correction.refresh_from_db()
    assert correction.status == "applied" and correction.decided_by == dilnoza
    (mail,) = inbox.to("fuqaro@example.org")
    assert f"#{correction.pk}" in mail["Subject"] and "Ваше исправление" in mail["Subject"]
    assert "https://directory.example/units/LABOUR/" in text(mail)
    assert mail["Content-Language"] == "ru"
    # once decided, it cannot be decided again
    again = editor.post(
        f"/edit/corrections/{correction.pk}/", {"decision": "reject", "reason": "x"}
    )
    assert again.status_code == 200
    correction.refresh_from_db()
    assert correction.status == "applied" and len(inbox.to("fuqaro@example.org")) == 1


def test_rejecting_needs_a_reason_that_the_citizen_reads(
    tree, dilnoza, client_for, inbox, django_capture_on_commit_callbacks
):
    report(Client(), "/units/LABOUR/suggest/", field="name", suggested="X", email="a@example.org")
    correction = Correction.objects.get()
    editor = client_for(dilnoza)
    refused = editor.post(
        f"/edit/corrections/{correction.pk}/", {"decision": "reject", "reason": ""}
    )
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert not inbox.messages
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            f"/edit/corrections/{correction.pk}/",
            {"decision": "reject", "reason": "The name is as in the decree."},
        )
    correction.refresh_from_db()
    assert correction.status == "rejected"
    (mail,) = inbox.to("a@example.org")
    assert "The name is as in the decree." in text(mail) and "not applied" in text(mail)


def test_a_name_is_not_applied_with_a_tick_but_marked_done_by_hand(tree, dilnoza, client_for):
    report(Client(), "/units/LABOUR/suggest/", field="name", suggested="Yangi nom")
    correction = Correction.objects.get()
    editor = client_for(dilnoza)
    form = editor.get(f"/edit/corrections/{correction.pk}/").context["form"]
    assert "value" not in form.fields
    assert [c[0] for c in form.fields["decision"].choices] == ["done", "reject"]
    answer = editor.post(f"/edit/corrections/{correction.pk}/", {"decision": "apply"})
    assert answer.status_code == 200
    editor.post(f"/edit/corrections/{correction.pk}/", {"decision": "done"})
    correction.refresh_from_db()
    assert correction.status == "applied"
    assert Unit.objects.get(pk=tree.labour.pk).name_uz == tree.labour.name_uz


# Digests ---------------------------------------------------------------------------------


@pytest.fixture
def editors(tree, dilnoza):
    dilnoza.email = "dilnoza@example.org"
    dilnoza.save()
    russian = _user(django_user_model(), "olga")
    russian.email = "olga@example.org"
    russian.save()
    AccountSettings.objects.create(user=russian, language="ru")
    services.grant_editor(russian, tree.employment, permissions.CHANGE, actor=SYSTEM)
    return dilnoza, russian


def test_each_editor_gets_one_digest_a_week_in_their_language(tree, editors, inbox, settings):
    dilnoza, olga = editors
    report(Client(), "/posts/LABOUR-01-P01/suggest/", field="title", suggested="Boshliq")
    report(Client(), "/units/LABOUR/suggest/", field="name", suggested="X")
    to_department, to_ministry = Correction.objects.order_by("pk")
    assert to_department.assigned_to == tree.employment
    call_command("send_reminders", stdout=io.StringIO())
    (uzbek,) = inbox.to("dilnoza@example.org")
    (russian,) = inbox.to("olga@example.org")
    # no preference: the site's language; a preference: that one
    assert uzbek["Content-Language"] == settings.LANGUAGE_CODE
    assert russian["Content-Language"] == "ru"
    assert "Что требует вашего внимания" in russian["Subject"]
    body = text(russian)
    assert f"https://directory.example/edit/corrections/{to_department.pk}/" in body
    assert f"/edit/corrections/{to_ministry.pk}/" not in body  # not hers
    assert "https://directory.example/posts/LABOUR-01-P04/" in body  # a vacant post of hers
    # nothing outside her unit, nothing hidden from her
    assert "/posts/LABOUR-P01/" not in body
    mine = text(uzbek)
    assert f"/edit/corrections/{to_ministry.pk}/" in mine
    assert (
        f"/edit/corrections/{to_department.pk}/" not in mine
    )  # her department's own editor has it
    # safe to run again: nobody gets a second digest this week
    call_command("send_reminders", stdout=io.StringIO())
    assert len(inbox.messages) == 2


def test_what_stays_open_goes_to_the_editors_above_then_the_administrators(
    tree, editors, inbox, admin, settings
):
    admin.email = "admin@example.org"
    admin.save()
    report(Client(), "/posts/LABOUR-01-P01/suggest/", field="title", suggested="Boshliq")
    report(Client(), "/units/CABINET/suggest/", field="name", suggested="Vazirlar")
    late = timezone.now() - datetime.timedelta(weeks=settings.REMINDER_ESCALATE_WEEKS + 1)
    Correction.objects.update(created_at=late)
    to_department = Correction.objects.get(post__isnull=False)
    to_cabinet = Correction.objects.get(unit__isnull=False)
    call_command("send_reminders", stdout=io.StringIO())
    (ministry,) = inbox.to("dilnoza@example.org")
    assert f"/edit/corrections/{to_department.pk}/" in text(ministry)
    (administrators,) = inbox.to("admin@example.org")
    assert f"/edit/corrections/{to_cabinet.pk}/" in text(administrators)
    assert f"/edit/corrections/{to_department.pk}/" not in text(administrators)


def test_a_mail_server_that_is_away_is_tried_again_next_run(tree, editors, settings, inbox):
    report(Client(), "/units/LABOUR/suggest/", field="name", suggested="X")
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    call_command("send_reminders", stdout=io.StringIO())
    assert not inbox.messages
    settings.EMAIL_PORT = port
    call_command("send_reminders", stdout=io.StringIO())
    assert inbox.to("dilnoza@example.org")


def test_administrators_see_every_open_correction_with_its_age(tree, admin, client_for):
    report(Client(), "/units/HEALTH/suggest/", field="name", suggested="Sogʻliq")
    page = client_for(admin).get("/admin/organizations/correction/")
    assert page.status_code == 200
    html = page.content.decode()
    assert Correction.objects.get().reference in html and "minute" in html
    assert client_for(admin).get("/admin/organizations/correction/").status_code == 200


def test_editors_who_are_not_administrators_have_no_admin_list(tree, dilnoza, client_for):
    assert client_for(dilnoza).get("/admin/organizations/correction/").status_code in (302, 403)


def test_a_user_chooses_the_language_of_their_mail(tree, editors, client_for, inbox):
    dilnoza, _olga = editors
    page = client_for(dilnoza)
    assert page.get("/accounts/settings/").status_code == 200
    assert page.post("/accounts/settings/", {"language": "xx"}).status_code == 200  # refused
    assert page.post("/accounts/settings/", {"language": "uz-cyrl"}).status_code == 302
    report(Client(), "/units/LABOUR/suggest/", field="name", suggested="X")
    call_command("send_reminders", stdout=io.StringIO())
    (mail,) = inbox.to("dilnoza@example.org")
    assert mail["Content-Language"] == "uz-cyrl" and "Давлат" in mail["Subject"]
    assert Client().get("/accounts/settings/").status_code == 302  # sign in first
