"""A citizen finds a person by browsing, in a real browser, and every page passes an
automated WCAG 2.1 AA audit (axe-core)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from organizations.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_citizen_browses_from_home_to_a_person(live_server, page):
    load_demo(units=300, people=600, seed=11)
    page.goto(live_server.url + "/")
    assert_accessible(page)

    page.get_by_role("link", name="Ministry of Employment and Poverty Reduction").click()
    page.wait_for_url("**/units/MEPR/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ministry of Employment")
    assert page.get_by_role("navigation", name="Breadcrumbs").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Unemployment Benefits Department").first.click()
    page.wait_for_url("**/units/MEPR-01/")
    assert_accessible(page)

    holder = page.locator(".posts .holder a").first
    name = holder.inner_text()
    holder.click()
    page.wait_for_url("**/people/**")
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_role("heading", name="Current posts").is_visible()
    assert_accessible(page)


def test_language_switch_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    load_demo(units=300, people=600, seed=11)
    page.goto(live_server.url + "/units/MEF/")
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**/units/MEF/")
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Министерство экономики и финансов")
    )
    assert page.get_by_role("button", name="Сменить").is_visible()
    context.close()
