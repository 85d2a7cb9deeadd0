"""Every screen as a screen reader and a keyboard meet it, checked by axe-core (the rules browsers' own
accessibility audits use) in the demo's replayed evening: the officer's page with an incident chosen, its
backup suggestions and a unit's details open, the wall and the statistics. Before, axe found a page with
no language, no main part and no level-one heading, selects and a date box with no name, a slider named
only "0", the chosen queue row's grey text at 3.7:1 on blue, and an unnamed dialog."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.helpers import eventually

AXE = Axe()   # axe-core's script ships in the package: nothing is fetched


def violations(page) -> list[str]:
    """What axe finds wrong on the page as it stands, one line each (rule, impact, where)."""
    found = AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found]


@pytest.fixture
def demo_page(page, live_server, replayer):
    page.goto(live_server.url)
    eventually(lambda: page.locator(".incident-row").count() > 0, timeout=30)
    return page


def test_the_officer_page_has_nothing_axe_finds_wrong(demo_page):
    page = demo_page
    assert violations(page) == []
    # an incident with a crew on scene: its units' call signs, and the fold with suggestions for backup
    page.locator(".incident-row", has_text="on scene").first.click()
    eventually(lambda: page.locator("#suggestion-panel h2").count() == 1, timeout=15)
    fold = page.locator("#send-another > summary")
    eventually(lambda: fold.count() == 1, timeout=10)
    fold.click()
    assert violations(page) == []
    # the replay's timeline says the replayed time, not "0"
    thumb = page.locator("#replay-timeline [role=slider]")
    eventually(lambda: thumb.get_attribute("aria-label") == "Replay time"
               and any(z in (thumb.get_attribute("aria-valuetext") or "") for z in (" GMT", " BST")), timeout=5)
    call_sign = page.locator("#assigned-alert .call-sign").first
    name = call_sign.inner_text()
    call_sign.click()
    eventually(lambda: page.locator(".offcanvas.show").count() == 1, timeout=10)
    assert page.get_by_role("dialog", name=f"Unit {name}").count() == 1
    assert violations(page) == []
    assert page.js_errors == []


def test_the_wall_and_the_statistics_have_nothing_axe_finds_wrong(page, live_server, replayer):
    page.goto(live_server.url + "/wall")
    eventually(lambda: page.locator(".wall-row").count() > 0, timeout=30)
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    assert violations(page) == []
    page.goto(live_server.url + "/stats")
    eventually(lambda: page.locator("#stats-kpis > *").count() > 0, timeout=30)
    assert violations(page) == []
    assert page.js_errors == []
