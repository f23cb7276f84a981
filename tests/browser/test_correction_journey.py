"""A citizen reports a wrong phone on a ministry's page (a plain form); the
ministry's editor finds it on the dashboard and applies it; the citizen's page shows the
new number. The statistics page and every form pass axe (WCAG 2.1 AA)."""

import pytest

from organizations.demo import EDITOR_UNIT_CODE, ensure_accounts, load_demo
from organizations.models import ContactPoint, Correction

from .test_citizen_journey import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_reports_a_mistake_and_the_editor_applies_it(live_server, browser):
    load_demo(units=300, people=600, seed=11)
    ensure_accounts()
    phone = ContactPoint.objects.filter(
        unit__code=EDITOR_UNIT_CODE, kind="phone", visibility="public"
    ).first()
    assert phone is not None

    citizen = browser.new_context()
    page = citizen.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/units/{EDITOR_UNIT_CODE}/")
    page.get_by_role("link", name="Report a mistake").click()
    page.wait_for_url(f"**/units/{EDITOR_UNIT_CODE}/suggest/")
    assert_accessible(page)
    page.get_by_label("What is wrong?").select_option(f"contact:{phone.pk}")
    page.get_by_label("What it should be").fill("+998 71 239 99 99")
    page.get_by_label("Your e-mail address (optional)").fill("citizen@example.org")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(f"**/units/{EDITOR_UNIT_CODE}/suggest/")
    correction = Correction.objects.get()
    assert correction.reference in page.get_by_role("status").inner_text()
    assert_accessible(page)

    editor = browser.new_context()
    desk = editor.new_page()
    desk.set_default_timeout(20_000)
    desk.goto(f"{live_server.url}/accounts/login/?next=/edit/")
    desk.get_by_label("Username").fill("dilnoza")
    desk.get_by_label("Password").fill("dilnoza-demo-2026")
    desk.get_by_role("button", name="Sign in").click()
    desk.wait_for_url("**/edit/")
    assert_accessible(desk)
    desk.get_by_role("link", name="Corrections from citizens").first.click()
    desk.locator("table.worktable th a").first.click()
    assert_accessible(desk)
    desk.get_by_role("link", name=correction.reference).click()
    desk.wait_for_url(f"**/edit/corrections/{correction.pk}/")
    assert_accessible(desk)
    desk.get_by_label("Apply the value below").check()
    desk.get_by_role("button", name="Save the decision").click()
    desk.wait_for_url("**/edit/corrections/")
    editor.close()

    phone.refresh_from_db()
    assert phone.value == "+998712399999"
    page.goto(f"{live_server.url}/units/{EDITOR_UNIT_CODE}/")
    assert page.get_by_text("+998 71 239 99 99").first.is_visible()
    page.goto(f"{live_server.url}/statistics/")
    assert_accessible(page)
    citizen.close()
