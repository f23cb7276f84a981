"""An editor signs in, appoints a person to a vacant post in their ministry — finding
them by typing, in a real browser — and a citizen sees the new holder on the public page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db.models import Exists, OuterRef

from organizations.demo import EDITOR_UNIT_CODE, ensure_accounts, load_demo
from organizations.models import Appointment, Person, Post, Unit, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def a_public_post_in_dilnozas_ministry():
    """A public post in the ministry dilnoza edits, vacant ones first (appointing to a
    held post ends the present holder's appointment, which is fine too)."""
    ministry = Unit.objects.get(code=EDITOR_UNIT_CODE)
    held = Appointment.objects.current().filter(post=OuterRef("pk"))
    return (
        Post.objects.current()
        .filter(unit__path__startswith=ministry.path, visibility="public")
        .annotate(held=Exists(held))
        .order_by("held", "pk")
        .first()
    )


def a_public_person():
    return (
        Person.objects.filter(visibility="public")
        .exclude(family_name__regex=r"^[А-Яа-яЎўҚқҒғҲҳ]")
        .order_by("pk")
        .first()
    )


def test_an_editor_appoints_a_person_and_citizens_see_it(live_server, browser):
    load_demo(units=300, people=600, seed=11)
    ensure_accounts()
    post, person = a_public_post_in_dilnozas_ministry(), a_public_person()
    assert post is not None and person is not None

    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/posts/{post.code}/")
    page.get_by_label("Username").fill("dilnoza")
    page.get_by_label("Password").fill("dilnoza-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/posts/{post.code}/")

    page.get_by_role("link", name="Appoint").click()
    page.wait_for_url(f"**/posts/{post.code}/appoint/")
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

    # Typing lists matching people without pressing anything (htmx).
    page.get_by_label("Find a person").fill(f"{person.family_name} {person.given_name}")
    choice = page.locator(f'#person-choices input[value="{person.pk}"]')
    choice.wait_for(timeout=10_000)
    choice.check()
    page.get_by_label("Acting").check()
    page.get_by_role("button", name="Appoint", exact=True).click()
    page.wait_for_url(f"**/posts/{post.code}/")
    assert "was appointed" in page.locator(".messages").inner_text()
    context.close()

    appointment = Appointment.objects.current().get(post=post)
    assert appointment.person == person and appointment.acting
    assert appointment.starts_on == today()

    citizen = browser.new_context()
    public = citizen.new_page()
    public.goto(f"{live_server.url}/posts/{post.code}/")
    holder = public.locator(".holder a", has_text=person.family_name)
    assert holder.first.is_visible()
    assert public.locator(".badge.acting").first.is_visible()
    assert public.get_by_role("link", name="Appoint").count() == 0
    citizen.close()
