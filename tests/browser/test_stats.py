"""The statistics page (/stats) in a real browser: charts drawn from XADDed
incidents, the period picker, and the CSV download of the incidents in the period."""
import csv
import io
import time

from tests.helpers import eventually


def publish(writer, now):
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.38, "lon": 0.52, "status": "on_scene"})
    writer.unit_report({"unit": "JRU-SW-1", "ts": now, "lat": 51.34, "lon": 0.73, "status": "available"})
    rows = [("S-1", 2 * 3600, 51.39, 0.53, "rtc", "C2", "priority"), ("S-2", 3 * 3600, 51.345, 0.74, "medical", "C1", None),
            ("S-3", 3 * 86400, 51.44, 0.22, "assault", None, "immediate")]   # S-3: three days ago
    for inc, age, lat, lon, typ, cat, grade in rows:
        writer.incident_event({"incident": inc, "ts": now - age, "lat": lat, "lon": lon, "type": typ, "category": cat,
                               "grade": grade, "summary": f"summary of {inc}"})
    writer.incident_event({"incident": "S-1", "ts": now - 2 * 3600 + 600, "status": "on_scene", "unit": "JRU-MW-1"})
    writer.incident_event({"incident": "S-1", "ts": now - 2 * 3600 + 1800, "status": "closed"})  # arrival time kept


def test_charts_render_from_the_feed_and_the_period_picker_filters(page, live_server, writer):
    publish(writer, time.time())
    page.goto(live_server.url + "/stats")
    page.wait_for_selector("#stats-district .js-plotly-plot .bars path", state="attached", timeout=20_000)
    for g in ("stats-district", "stats-type", "stats-heatmap", "stats-response", "stats-utilisation"):
        page.wait_for_selector(f"#{g} .main-svg", timeout=10_000)
    eventually(lambda: page.inner_text("#stats-kpi-incidents") == "3", timeout=10)
    assert page.locator("#stats-heatmap .hm, #stats-heatmap image").count() >= 1
    heights = page.eval_on_selector_all("#stats-district .bars path", "els => els.map(e => e.getBBox().height)")
    assert sum(h > 0 for h in heights) == 3                        # Dartford, Medway, Swale
    ticks = page.eval_on_selector_all("#stats-district .xtick text", "els => els.map(e => e.textContent)")
    assert ticks[:4] == ["Dartford", "Gravesham", "Medway", "Swale"]
    types = page.eval_on_selector_all("#stats-type .xtick text", "els => els.map(e => e.textContent)")
    assert set(types) == {"Road collision", "Medical", "Assault"}
    for counts in ("#stats-district .ytick text", "#stats-type .ytick text", "#stats-heatmap .cbaxis text"):
        labels = page.eval_on_selector_all(counts, "els => els.map(e => e.textContent)")
        assert labels and all(t.isdigit() for t in labels), (counts, labels)   # no "0.5 incidents"
    assert "1 first arrival measured" in page.inner_text("#stats-kpis")   # S-1 on scene after 10 min
    assert "33%" in page.inner_text("#stats-kpis")                 # S-1 needed both services
    assert "10:00" in page.inner_text("#stats-kpis")               # S-1: opened to on scene, though now closed
    tiles = page.eval_on_selector_all("#stats-kpis .card", "els => els.map(e => e.getBoundingClientRect().height)")
    assert len(tiles) == 6 and max(tiles) - min(tiles) < 1         # one row, one height (the decision text wraps)

    page.click("label:has-text('Last 24 h')")
    eventually(lambda: page.inner_text("#stats-kpi-incidents") == "2", timeout=10)
    assert page.js_errors == []


def test_csv_download_has_the_incidents_of_the_period(page, live_server, writer):
    publish(writer, time.time())
    page.goto(live_server.url + "/stats")
    eventually(lambda: page.inner_text("#stats-kpi-incidents") == "3", timeout=20)
    with page.expect_download(timeout=10_000) as info:
        page.click("#stats-csv-btn")
    text = open(info.value.path(), encoding="utf-8").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["incident"] for r in rows) == ["S-1", "S-2", "S-3"]
    s1 = next(r for r in rows if r["incident"] == "S-1")
    assert s1["area"] == "Medway" and s1["status"] == "closed" and s1["unit"] == "JRU-MW-1"
    assert s1["summary"] == "summary of S-1" and info.value.suggested_filename.endswith(".csv")

    page.click("label:has-text('Last 24 h')")
    eventually(lambda: page.inner_text("#stats-kpi-incidents") == "2", timeout=10)
    with page.expect_download(timeout=10_000) as info:
        page.click("#stats-csv-btn")
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert sorted(r["incident"] for r in rows) == ["S-1", "S-2"]


def test_chosen_dates_filter_the_charts(page, live_server, writer):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    now = time.time()
    publish(writer, now)
    page.goto(live_server.url + "/stats")
    eventually(lambda: page.inner_text("#stats-kpi-incidents") == "3", timeout=20)
    day = (datetime.fromtimestamp(now - 3 * 86400, ZoneInfo("Europe/London"))).date()   # S-3's UK day
    page.fill("#stats-from", f"{day - timedelta(days=1):%d/%m/%Y}")   # UK order, whatever the browser's locale
    page.fill("#stats-to", f"{day:%d/%m/%Y}")
    page.locator("#stats-to").press("Enter")
    eventually(lambda: page.inner_text("#stats-kpi-incidents") == "1", timeout=10)
    assert page.locator("label.active", has_text="Dates").count() == 1
    assert page.inner_text("#stats-note").startswith(f"{day - timedelta(days=1):%d %b %Y} 00:00 to ")
    assert page.js_errors == []


def test_in_half_a_laptop_screen_the_period_buttons_stay_whole_and_in_the_window(page, live_server, writer):
    """683 px: "Last 24 h" broke over two lines, and once kept whole, "Dates" ran off the window's edge."""
    page.set_viewport_size({"width": 683, "height": 768})
    publish(writer, time.time())
    page.goto(live_server.url + "/stats")
    eventually(lambda: page.inner_text("#stats-kpi-incidents") == "3", timeout=20)
    labels = page.locator("#stats-period label")
    assert labels.count() == 5
    one_line = labels.first.bounding_box()["height"]
    for box in (labels.nth(i).bounding_box() for i in range(5)):
        assert box["height"] == one_line and box["x"] >= 0 and box["x"] + box["width"] <= 683
    assert page.locator(".navbar").bounding_box()["height"] <= 100      # its links in a row, not a column


def test_the_etas_tile_counts_a_unit_on_scene_later_than_its_eta_allowed(page, live_server, writer):
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.38, "lon": 0.52, "status": "available"})
    writer.incident_event({"incident": "E-1", "ts": now - 120, "lat": 51.39, "lon": 0.53, "type": "rtc", "category": "C2"})
    page.goto(live_server.url + "/stats")
    eventually(lambda: page.inner_text("#stats-kpi-incidents") == "1", timeout=20)
    assert "no unit sent has reached its scene yet" in page.inner_text("#stats-kpis")
    # sent a minute ago (a dispatch dated ahead of the page's "now" falls outside its period until then)
    writer.incident_event({"incident": "E-1", "ts": now - 60, "status": "assigned", "unit": "JRU-MW-1"})
    # ~1.4 km: an ETA of a few minutes, on scene 9 minutes after (the feed takes times up to 10 min ahead)
    writer.incident_event({"incident": "E-1", "ts": now - 60 + 9 * 60, "status": "on_scene", "unit": "JRU-MW-1"})
    tile = page.locator(".card", has=page.locator("#stats-kpi-arrivals"))
    eventually(lambda: page.reload() or page.inner_text("#stats-kpi-arrivals") == "0 of 1", timeout=20)
    assert "within their ETA's ±; 1 later, 0 sooner" in tile.inner_text()
    assert page.js_errors == []


def publish_review_scene(writer, now):
    """The review's (/tmp/s30/review_stats.md) cases on one page: R1, a C1 on scene at 7 min 29 s; A3, a C1 left
    30 min with no unit, then closed; A5, no type, sent U2, whose own reports still say available."""
    for unit in ("U1", "U2"):
        writer.unit_report({"unit": unit, "ts": now - 1800, "lat": 51.38, "lon": 0.52, "status": "available"})
    writer.unit_report({"unit": "U3", "ts": now - 1800, "lat": 51.38, "lon": 0.52, "status": "on_scene"})
    where = {"lat": 51.38, "lon": 0.53}
    writer.incident_event({"incident": "R1", "ts": now - 1200, **where, "type": "medical", "category": "C1"})
    writer.incident_event({"incident": "R1", "ts": now - 1200 + 449, "status": "on_scene", "unit": "U3"})
    writer.incident_event({"incident": "A3", "ts": now - 1800, **where, "category": "C1", "type": "other"})
    writer.incident_event({"incident": "A3", "ts": now - 60, "status": "closed"})
    writer.incident_event({"incident": "A5", "ts": now - 600, **where, "category": "C2"})
    writer.incident_event({"incident": "A5", "ts": now - 540, "status": "assigned", "unit": "U2"})


def texts(page, selector):
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


def test_a_supervisor_reads_the_review_cases_as_they_happened(page, live_server, writer):
    """Review findings 1, 3-7, 12: 7:29 read "7"; A3 stopped counting once closed; U2 showed as available while
    the suggestions called it busy; A5 (no type) counted as "Other"; the split said "Attended"/"No unit (yet)"."""
    publish_review_scene(writer, time.time())
    page.goto(live_server.url + "/stats")
    eventually(lambda: page.inner_text("#stats-kpi-incidents") == "3", timeout=20)
    tile = page.locator(".card", has=page.locator("#stats-kpi-on-scene")).inner_text()
    assert "7:29" in tile
    assert "1 first arrival measured · 0 of 2 within target (0%); the 2 include 1 no unit reached in time" in tile
    page.wait_for_selector("#stats-response .bars path", state="attached", timeout=10_000)
    assert {"7:29", "7:00", "15:00"} <= set(texts(page, "#stats-response .point text"))
    assert "C1mean" in texts(page, "#stats-response .xtick text")   # "C1<br>mean": two lines, one text node
    util = dict(zip(texts(page, "#stats-utilisation .xtick text"), texts(page, "#stats-utilisation .point text")))
    shares = [util[k] for k in ("Available", "Committed (says available)", "On scene")]
    assert sorted(shares) == ["33%", "33%", "34%"]        # one each, adding up to 100
    assert {"Not stated", "Other", "Medical"} == set(texts(page, "#stats-type .xtick text"))
    assert {"Reached", "Unit sent, not reached yet", "No unit sent"} == set(texts(page, "#stats-district .legendtext"))
    assert page.js_errors == []


def test_a_hold_shorter_than_the_period_is_said_on_the_page(page, redis_settings, writer):
    """Review finding 11: with --closed-keep-s 3600, Last 7 days lost closed incidents without a word."""
    from tests.browser.conftest import start_server
    server = start_server(redis_settings, closed_keep_s=3600)
    try:
        publish(writer, time.time())
        page.goto(server.url + "/stats")
        eventually(lambda: "Closed incidents are held for 1 h 00" in page.inner_text("#stats-note"), timeout=20)
        assert "held for 1 h 00 (JRU_CLOSED_KEEP_S)" in page.inner_text("#stats-response-note")
        assert page.get_attribute("#stats-from", "placeholder") == "dd/mm/yyyy"
    finally:
        server.stop()
