"""A citizen searches in a real browser: results update as they type (htmx), and the
same search works with JavaScript off."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from organizations.demo import load_demo
from organizations.models import Person
from organizations.search import search
from organizations.visibility import Viewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def a_public_holder(excluding=None):
    return (
        # Found by citizens: public, and holding a public post now.
        Person.objects.filter(
            visibility="public",
            appointments__ends_on__isnull=True,
            appointments__post__visibility="public",
        )
        .exclude(family_name__regex=r"^[А-Яа-яЎўҚқҒғҲҳ]")
        .exclude(family_name=getattr(excluding, "family_name", None))
        .order_by("pk")
        .first()
    )


def test_results_update_as_the_citizen_types(live_server, page):
    load_demo(units=300, people=600, seed=11)
    person = a_public_holder()
    typed = f"{person.family_name} {person.given_name}"
    page.goto(live_server.url + "/search/")
    box = page.get_by_label("Search the directory")
    box.fill(typed)
    link = page.locator(f'#results a[href="/people/{person.slug}/"]')
    link.wait_for(timeout=10_000)  # no button pressed: htmx fetched the results
    # The search went into the address, and the count is the one search gives.
    assert person.family_name in page.url.replace("+", " ")
    total = search(Viewer.anonymous(), typed).total
    count = page.locator("#results .count").inner_text()
    assert count.split()[0] == str(total), count
    # Typing something else replaces the results: the first person's link goes.
    other = a_public_holder(excluding=person)
    box.fill(f"{other.family_name} {other.given_name}")
    page.locator(f'#results a[href="/people/{other.slug}/"]').first.wait_for(timeout=10_000)
    if person.family_name != other.family_name:
        assert link.count() == 0
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_search_works_without_javascript(live_server, browser):
    load_demo(units=300, people=600, seed=11)
    person = a_public_holder()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Search ministries, offices and officials").fill(
        f"{person.family_name} {person.given_name}"
    )
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator(f'#results a[href="/people/{person.slug}/"]').first.is_visible()
    context.close()
