"""The live loop in a real browser: districts draw, a unit report moves the marker."""
import time

from tests.helpers import eventually


def marker_centre(page, unit):
    box = page.locator(f"path.unit-id-{unit}").bounding_box()   # None while the layer redraws
    assert box is not None
    return (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_districts_draw_and_a_unit_report_moves_its_marker(page, live_server, writer):
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    names = sorted(page.eval_on_selector_all(
        "path.district", "els => els.map(e => [...e.classList].find(c => c.startsWith('district-')))"))
    assert names == ["district-Dartford", "district-Gravesham", "district-Medway", "district-Swale"]

    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.38, "lon": 0.52, "status": "available"})
    page.wait_for_selector("path.unit-id-JRU-MW-1", timeout=10_000)
    assert page.locator(".unit-label", has_text="JRU-MW-1").count() == 1
    before = marker_centre(page, "JRU-MW-1")

    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.42, "lon": 0.70, "status": "en_route"})
    after = eventually(lambda: (c := marker_centre(page, "JRU-MW-1")) != before and c, timeout=10)
    assert after[0] > before[0] + 50 and after[1] < before[1]      # moved east and north on screen
    assert "unit-en_route" in page.get_attribute("path.unit-id-JRU-MW-1", "class")
    assert page.js_errors == []


def test_map_keeps_the_users_view_while_data_updates(page, live_server, writer):
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    zoomed = page.locator("path.district-Medway").bounding_box()
    for i in range(3):
        writer.unit_report({"unit": f"U{i}", "ts": time.time(), "lat": 51.38 + i / 100, "lon": 0.52})
    page.wait_for_selector("path.unit-id-U2", timeout=10_000)
    page.wait_for_timeout(1500)
    assert page.locator("path.district-Medway").bounding_box() == zoomed


def test_stale_units_are_greyed_and_incidents_listed_with_their_suggestion(page, live_server, writer):
    now = time.time()
    writer.unit_report({"unit": "OLD-1", "ts": now - 600, "lat": 51.33, "lon": 0.75})
    writer.unit_report({"unit": "NEAR-1", "ts": now, "lat": 51.395, "lon": 0.525})
    writer.incident_event({"incident": "INC-42", "ts": now, "lat": 51.40, "lon": 0.53, "type": "rtc",
                           "category": "C2", "summary": "Two cars"})
    page.goto(live_server.url)
    page.wait_for_selector("path.unit-id-OLD-1", timeout=20_000)
    assert "unit-stale" in page.get_attribute("path.unit-id-OLD-1", "class")
    assert page.locator(".unit-label", has_text="OLD-1 (stale)").count() == 1
    row = page.locator(".incident-row", has_text="INC-42")
    row.wait_for(timeout=10_000)
    assert "NEAR-1" in row.inner_text() and "Medway" in row.inner_text()
    assert page.locator(".incident-icon.incident-id-INC-42").count() == 1
