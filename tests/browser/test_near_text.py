"""Every incident says where it is in words: queue, selection panel, wall ticker (not public)."""
from __future__ import annotations

import time


def test_an_incident_sent_by_postcode_says_where_it_is(page, live_server, writer):
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.38, "lon": 0.52, "status": "available"})
    writer.incident_event({"incident": "PC-1", "ts": now, "postcode": "me7 5ny", "type": "medical",
                           "category": "C2", "summary": "Fall at home"})
    page.goto(live_server.url)
    row = page.locator(".incident-row", has_text="PC-1")
    row.wait_for(timeout=20_000)
    where = row.locator(".incident-where").inner_text()
    assert where.startswith("near ME7 5NY, ") and where.endswith("(Medway)")
    row.click()
    page.locator("#suggestion-panel", has_text="near ME7 5NY").wait_for(timeout=10_000)

    page.goto(live_server.url + "/wall")
    page.locator("#ticker-PC-1", has_text="near ME7 5NY").wait_for(timeout=20_000)

    page.goto(live_server.url + "/wall?public=1")            # a public screen: the district only
    page.wait_for_selector("#wall-public", timeout=20_000)
    page.locator("#ticker-PC-1 .incident-where", has_text="Medway").wait_for(timeout=10_000)
    assert "ME7" not in page.content()
    assert page.js_errors == []
