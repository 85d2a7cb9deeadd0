"""Map overlays in a real browser: the layers control switches on coverage bands, places and beats."""
import time

import pytest

from tests.helpers import eventually

COVERAGE = "Coverage (7/15/30 min)"


def tick(page, name):
    page.locator(".leaflet-control-layers-overlays label", has_text=name).locator("input").check()


def test_coverage_places_and_beats_overlays(page, live_server, writer):
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.380, "lon": 0.527, "status": "available",
                        "kind": "joint", "officers": 1, "paramedics": 1})
    writer.incident_event({"incident": "INC-7", "ts": now, "lat": 51.388, "lon": 0.506, "type": "medical",
                           "category": "C2"})
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    assert page.locator("path.coverage-band").count() == 0          # overlays start off
    names = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [n.strip() for n in names] == ["Beats", COVERAGE, "Places"]   # the same order on every load
    assert page.locator(".place-icon").count() == 0

    tick(page, COVERAGE)
    page.wait_for_selector("path.coverage-band-7", timeout=20_000)   # within one refresh (10 s) at most
    for minutes in (7, 15, 30):
        assert page.locator(f"path.coverage-band-{minutes}").count() == 1
    share = page.locator("#coverage-share")
    share.get_by_text("7-min coverage: 100% of incidents in the last hour (1 incident)").wait_for(timeout=15_000)

    tick(page, "Places")
    page.wait_for_selector(".place-icon.place-hospital_ed", timeout=10_000)
    assert page.locator(".place-icon.place-police_station").count() >= 1
    assert page.locator(".place-icon.place-ambulance_station").count() >= 1
    assert page.locator(".place-icon.place-fire_station").count() >= 15
    page.locator(".place-icon.place-hospital_ed").first.hover()
    # the tooltip says what it is and how old the station list is
    assert page.locator(".place-label").first.inner_text().endswith("Hospital (ED) (list of 2018-01; stations open and close)")
    page.mouse.move(5, 5)
    page.locator(".place-icon.place-ambulance_station").first.hover()
    page.locator(".place-label", has_text="Ambulance station (approximate position)").wait_for(timeout=5_000)

    tick(page, "Beats")
    page.wait_for_selector("path.beat-Chatham", timeout=10_000)
    assert page.locator("path.beat").count() == 44

    page.locator(".leaflet-control-layers-overlays label", has_text=COVERAGE).locator("input").uncheck()
    page.wait_for_function("document.querySelectorAll('path.coverage-band').length === 0", timeout=15_000)
    assert page.js_errors == []


def _meet(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


@pytest.mark.parametrize("width, height", [(1366, 768), (1024, 700), (960, 1000), (1600, 900), (1920, 1080)])
def test_on_a_laptop_screen_the_coverage_line_leaves_the_search_box_clear(page, live_server, writer, width, height):
    """1366: a laptop; 1024 and 960 (half a 1920 screen): there the line ran over the layers control's boxes.
    1600: the line ran under the search box, cut off mid-word ("(3 inci"), once the side panel grew wider."""
    page.set_viewport_size({"width": width, "height": height})
    writer.incident_event({"incident": "INC-8", "ts": time.time(), "lat": 51.388, "lon": 0.506, "category": "C2"})
    page.goto(live_server.url)
    share = page.locator("#coverage-share")
    share.get_by_text("7-min coverage").wait_for(timeout=20_000)
    search, layers = page.locator("#place-search-box").bounding_box(), page.locator(".leaflet-control-layers")
    for other in (share, layers):
        assert not _meet(other.bounding_box(), search)
    assert not _meet(share.bounding_box(), layers.bounding_box())
    for name in (COVERAGE, "Places"):   # the boxes take a click where the line lay (check() fails if covered)
        tick(page, name)
        assert page.locator(".leaflet-control-layers-overlays label", has_text=name).locator("input").is_checked()
    # no joint unit available: the overlay has nothing to draw, and says so (it looked as if still loading)
    share.get_by_text("No joint unit available now").wait_for(timeout=20_000)
    assert not _meet(share.bounding_box(), search) and not _meet(share.bounding_box(), layers.bounding_box())
    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.380, "lon": 0.527, "status": "available"})
    share.locator(".coverage-swatch").first.wait_for(timeout=20_000)   # longer with its key: still clear
    assert not _meet(share.bounding_box(), search) and not _meet(share.bounding_box(), layers.bounding_box())
    page.locator("#place-search").click()          # and the box takes typing: nothing lies over it
    page.keyboard.type("ME7")
    assert page.locator("#place-search").input_value() == "ME7"
    # and its answers drop down over the coverage line, not under it (the first was hidden there)
    hit = page.locator(".place-search-hit").first
    hit.wait_for(timeout=10_000)
    box = hit.bounding_box()
    if width < 1800:   # the line lies under the search row there: the case this is about, they do meet
        assert _meet(box, share.bounding_box())
    on_top = page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('.place-search-hit')",
                           [box["x"] + 20, box["y"] + box["height"] / 2])
    assert on_top
    assert page.js_errors == []


@pytest.mark.parametrize("width, height", [(683, 768), (800, 1000)])
def test_in_a_narrow_window_the_map_takes_the_width_and_the_queue_follows(page, live_server, writer, width, height):
    """683: a 1366 laptop's screen split in two; 800: a tablet held upright. Side by side the map was a
    strip under its own controls (the search box cut off at its edge, the coverage line squeezed into
    a column over the units), and the top bar's links stood in a column 170 px tall."""
    page.set_viewport_size({"width": width, "height": height})
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.380, "lon": 0.527, "status": "available"})
    for n in range(10):                   # INC-9, the newest, last in the queue
        writer.incident_event({"incident": f"INC-{n}", "ts": now - 60 * (10 - n), "lat": 51.388,
                               "lon": 0.506 + 0.01 * n, "category": "C2"})
    page.goto(live_server.url)
    page.locator("#coverage-share").get_by_text("7-min coverage").wait_for(timeout=20_000)
    eventually(lambda: page.locator(".incident-row").count() == 10, timeout=15)
    assert page.locator(".navbar").bounding_box()["height"] <= 100       # two lines at most
    the_map = page.locator("#map").bounding_box()
    assert the_map["width"] >= width - 20 and the_map["height"] >= 380
    controls = {sel: page.locator(sel).bounding_box() for sel in (
        ".leaflet-control-zoom", "#place-search-box", ".leaflet-control-layers", "#coverage-share", "#legend")}
    for sel, box in controls.items():    # each whole on the map, and none over another
        assert the_map["x"] <= box["x"] and box["x"] + box["width"] <= the_map["x"] + the_map["width"], sel
        assert the_map["y"] <= box["y"] and box["y"] + box["height"] <= the_map["y"] + the_map["height"], sel
    pairs = [(a, b) for a in controls for b in controls if a < b and _meet(controls[a], controls[b])]
    assert pairs == []
    row = page.locator(".incident-row", has_text="INC-9")
    assert row.bounding_box()["y"] >= the_map["y"] + the_map["height"] and row.bounding_box()["width"] >= width - 40
    row.click()                           # below the map: the page scrolls to it
    page.locator("#suggestion-table", has_text="JRU-MW-1").wait_for(timeout=10_000)
    accept = page.locator("#suggestion-table button", has_text="Accept").first
    # the suggestions show where the officer is looking, not above the fold they scrolled past
    eventually(lambda: (b := accept.bounding_box()) and b["y"] >= 0 and b["y"] + b["height"] <= height, timeout=10)
    assert page.js_errors == []
