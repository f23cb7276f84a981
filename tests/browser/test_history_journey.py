"""A citizen looks at a ministry as it was, reads its timeline and walks its
organisation chart by keyboard; every page passes axe (WCAG 2.1 AA)."""

import pytest

from organizations.demo import load_demo

from .test_citizen_journey import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_ministry_as_it_was_its_timeline_and_chart(live_server, page):
    load_demo(units=300, people=600, seed=11)
    page.goto(live_server.url + "/units/MEEPCC/")
    page.get_by_label("See this unit as it was on").fill("2021-05-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/units/MEEPCC/?on=2021-05-01")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("State Committee for Ecology and Environmental Protection")
    assert (
        page.get_by_role("status")
        .filter(has_text="You are viewing the directory as of")
        .is_visible()
    )
    assert_accessible(page)

    page.get_by_role("link", name="Timeline of this unit").first.click()
    page.wait_for_url("**/units/MEEPCC/timeline/")
    assert page.get_by_text("Ministry of Natural Resources →").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Organisation chart").first.click()
    page.wait_for_url("**/units/MEEPCC/chart/")
    assert_accessible(page)
    # By keyboard: tab to the first unit below the ministry and open its chart.
    target = page.locator(".chart-level .chart-unit a").first
    name = target.inner_text()
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.chart-level .chart-unit') !== null"):
            break
    else:
        pytest.fail("the chart's units cannot be reached by keyboard")
    assert page.evaluate("document.activeElement.textContent") == name
    page.keyboard.press("Enter")
    page.wait_for_url("**/chart/?depth=2")
    assert name in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    # On paper: the chart without the site's header and the chart's own controls.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".chart-options").is_visible()
    assert page.locator(".chart").is_visible()
