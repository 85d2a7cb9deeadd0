"""The live loop in a real browser: districts draw, a unit report moves the marker."""
import io
import time

from PIL import Image, ImageChops

from tests.helpers import eventually, settled_box


def drawn(page, unit):
    """Where the live (canvas) layer draws this unit, or None: {x, y, status, stale, ...}."""
    return page.evaluate("name => window.jru.live.unit(name)", unit)


PAINTED_JS = """name => {
  const u = window.jru.live.unit(name), canvas = window.jru.live.layer._container;
  const box = canvas.getBoundingClientRect(), sx = canvas.width / box.width, sy = canvas.height / box.height;
  const px = canvas.getContext('2d').getImageData(Math.round((u.x - box.left) * sx), Math.round((u.y - box.top) * sy), 1, 1).data;
  return '#' + [px[0], px[1], px[2]].map(v => v.toString(16).padStart(2, '0')).join('') + (px[3] ? '' : ' (transparent)');
}"""


def painted(page, unit):
    """The colour actually on the units canvas at the unit's centre: '#rrggbb'."""
    return page.evaluate(PAINTED_JS, unit)


def close_to(colour, expected, tolerance=40):
    a, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5)), (int(expected[i:i + 2], 16) for i in (1, 3, 5))
    return " " not in colour and all(abs(x - y) <= tolerance for x, y in zip(a, b))


def marker_centre(page, unit):
    state = drawn(page, unit)
    assert state is not None
    return (state["x"], state["y"])


def test_districts_draw_and_a_unit_report_moves_its_marker(page, live_server, writer):
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    names = sorted(page.eval_on_selector_all(
        "path.district", "els => els.map(e => [...e.classList].find(c => c.startsWith('district-')))"))
    assert names == ["district-Dartford", "district-Gravesham", "district-Medway", "district-Swale"]

    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.38, "lon": 0.52, "status": "available"})
    eventually(lambda: drawn(page, "JRU-MW-1"))
    assert page.locator(".unit-label", has_text="JRU-MW-1").count() == 1
    before = marker_centre(page, "JRU-MW-1")

    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.42, "lon": 0.70, "status": "en_route"})
    after = eventually(lambda: (c := marker_centre(page, "JRU-MW-1")) != before and c, timeout=10)
    assert after[0] > before[0] + 50 and after[1] < before[1]      # moved east and north on screen
    assert drawn(page, "JRU-MW-1")["status"] == "en_route"
    assert drawn(page, "JRU-MW-1")["fill"] == "#0072B2"          # the legend's en-route blue
    eventually(lambda: close_to(painted(page, "JRU-MW-1"), "#0072B2"))   # and that is what is on the canvas
    assert page.js_errors == []


def test_map_keeps_the_users_view_while_data_updates(page, live_server, writer):
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    zoomed = page.locator("path.district-Medway").bounding_box()
    for i in range(3):
        writer.unit_report({"unit": f"U{i}", "ts": time.time(), "lat": 51.38 + i / 100, "lon": 0.52})
    eventually(lambda: drawn(page, "U2"))
    page.wait_for_timeout(1500)
    assert page.locator("path.district-Medway").bounding_box() == zoomed
    assert close_to(painted(page, "U2"), "#009E73")              # drawn where it is at this zoom, in green


def test_stale_units_are_greyed_and_incidents_listed_with_their_suggestion(page, live_server, writer):
    now = time.time()
    writer.unit_report({"unit": "OLD-1", "ts": now - 600, "lat": 51.33, "lon": 0.75})
    writer.unit_report({"unit": "NEAR-1", "ts": now, "lat": 51.395, "lon": 0.525})
    writer.incident_event({"incident": "INC-42", "ts": now, "lat": 51.40, "lon": 0.53, "type": "rtc",
                           "category": "C2", "summary": "Two cars"})
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    old = eventually(lambda: drawn(page, "OLD-1"))
    assert old["stale"] and old["fill"] == "#a0a0a0"
    assert page.locator(".unit-label", has_text="OLD-1 (stale)").count() == 1
    row = page.locator(".incident-row", has_text="INC-42")
    row.wait_for(timeout=10_000)
    assert "NEAR-1" in row.inner_text() and "Medway" in row.inner_text()
    eventually(lambda: page.locator(".incident-icon.incident-id-INC-42").count() == 1)   # the map's own channel


def test_a_burst_of_reports_all_arrive_with_their_last_position(page, live_server, writer):
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    now = time.time()
    pipe = writer.client.pipeline()
    for step in range(3):                      # 3 reports for each of 400 units, last one wins
        for i in range(400):
            writer.unit_report({"unit": f"B{i}", "ts": now + step, "lat": 51.30 + i / 4000 + step / 1000,
                                "lon": 0.30 + i / 1000, "status": "available"}, pipe=pipe)
    pipe.execute()
    eventually(lambda: page.evaluate("window.jru.live.count()") == 400, timeout=15)

    def at_last_positions():   # the 400 units can all be there a push before their last reports
        sample = page.evaluate("[0, 199, 399].map(i => window.jru.live.unit('B' + i))")
        return all(abs(s["lat"] - (51.30 + i / 4000 + 2 / 1000)) < 1e-5 for i, s in zip((0, 199, 399), sample)) and sample
    sample = eventually(at_last_positions, timeout=15)
    # too many to label them all... (the call signs drawn while fewer had come fade out over 0.2 s)
    eventually(lambda: page.locator(".unit-label").count() == 0, timeout=5)
    page.mouse.move(sample[1]["x"], sample[1]["y"])
    page.locator(".unit-label", has_text="B199").wait_for(timeout=5000)   # ...so the one under the mouse says


def test_clicking_a_unit_opens_its_details(page, live_server, writer):
    now = time.time()
    writer.unit_report({"unit": "JRU-SW-1", "ts": now - 60, "lat": 51.34, "lon": 0.73, "status": "available",
                        "officers": 2, "paramedics": 1})
    writer.unit_report({"unit": "JRU-SW-1", "ts": now, "status": "unavailable"})
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    state = eventually(lambda: drawn(page, "JRU-SW-1"))
    page.mouse.click(state["x"], state["y"])
    details = page.locator("#unit-details-table")
    details.wait_for(timeout=10_000)
    text = details.inner_text()
    assert "Unavailable" in text and "2 officers, 1 paramedic" in text and "1 min old" in text
    assert "Sittingbourne (Swale)" in text and "near ME10" in text   # where it is, in words
    assert "Unavailable" in page.locator("#unit-history").inner_text()
    # open, it follows the unit: it said "Available" and "5 s old" long after the unit's news
    writer.unit_report({"unit": "JRU-SW-1", "ts": time.time(), "status": "on_scene", "lat": 51.341, "lon": 0.731})
    eventually(lambda: "On scene" in details.inner_text() and "1 min old" not in details.inner_text(), timeout=15)


def test_district_names_show_on_hover_above_the_units_layer(page, live_server, writer):
    writer.unit_report({"unit": "JRU-SW-1", "ts": time.time(), "lat": 51.34, "lon": 0.73})
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    eventually(lambda: drawn(page, "JRU-SW-1"))
    box = page.locator("path.district-Dartford").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6)
    page.locator(".district-label", has_text="Dartford").wait_for(timeout=5_000)


def test_units_together_keep_their_call_signs_readable(page, live_server, writer):
    now = time.time()
    for unit in ("JRU-SW-1", "AMB-SW-31", "POL-SW-7"):   # three units parked at one station
        writer.unit_report({"unit": unit, "ts": now, "lat": 51.3405, "lon": 0.7335, "status": "available"})
    page.goto(live_server.url + "/")
    for unit in ("JRU-SW-1", "AMB-SW-31", "POL-SW-7"):
        page.locator(".unit-label", has_text=unit).wait_for(state="visible", timeout=20_000)
    settled_box(page, ".unit-label")   # the map's opening fit is over

    def apart():
        boxes = [page.locator(".unit-label", has_text=u).bounding_box() for u in ("JRU-SW-1", "AMB-SW-31", "POL-SW-7")]
        return all(a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
                   for i, a in enumerate(boxes) for b in boxes[i + 1:])
    eventually(apart, timeout=10)
    # and beside their dots: the stack starts at the dot and is no taller than the three labels
    def beside_the_dot():   # read together, once the layout pass (every 0.25 s) has placed them
        dot = page.evaluate("() => window.jru.live.unit('JRU-SW-1')")
        tops = sorted(page.locator(".unit-label", has_text=u).bounding_box()["y"]
                      for u in ("JRU-SW-1", "AMB-SW-31", "POL-SW-7"))
        return abs(tops[0] - dot["y"]) < 20 and tops[2] - tops[0] < 60
    eventually(beside_the_dot, timeout=10)
    assert page.js_errors == []


def _point_in_call_sign(page, unit: str, across: float) -> dict:
    """The map position {lat, lng} of a point in a unit's call sign, at its middle height and
    `across` px from its left edge (a fraction under 1: of its width)."""
    return page.evaluate("""([unit, across]) => { const map = Object.values(window.jru.maps)[0];
        const r = [...document.querySelectorAll('.unit-label')].find(e => e.textContent === unit).getBoundingClientRect();
        const box = map.getContainer().getBoundingClientRect(), x = across < 1 ? across * r.width : across;
        return map.containerPointToLatLng([r.left + x - box.left, r.top + r.height / 2 - box.top]); }""", [unit, across])


def _one_unit_labelled(page, url: str, writer, unit: str, lat: float, lon: float):
    """The officer page with one available unit, its call sign shown: the call sign's locator."""
    writer.unit_report({"unit": unit, "ts": time.time(), "lat": lat, "lon": lon, "status": "available"})
    page.goto(url + "/")
    label = page.locator(".unit-label", has_text=unit)
    label.wait_for(state="visible", timeout=20_000)
    settled_box(page, f".unit-label:has-text('{unit}')")   # the map's opening fit is over
    return label


def _apart(a: dict, b: dict) -> bool:
    """Two boxes (x, y, width, height) do not overlap."""
    return (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
            or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def test_a_call_sign_moves_off_an_incident_beside_its_unit(page, live_server, writer):
    now = time.time()
    label = _one_unit_labelled(page, live_server.url, writer, "JRU-SW-1", 51.3405, 0.7335)
    # an incident just where the call sign is written, right of the dot
    at = _point_in_call_sign(page, "JRU-SW-1", across=0.5)
    writer.incident_event({"incident": "SW-NEAR", "ts": now, "lat": at["lat"], "lon": at["lng"], "category": "C1"})
    icon = page.locator(".leaflet-marker-pane .incident-icon").first
    icon.wait_for(state="visible", timeout=20_000)

    eventually(lambda: _apart(label.bounding_box(), icon.bounding_box()), timeout=10)
    dot = page.evaluate("() => window.jru.live.unit('JRU-SW-1')")
    box = label.bounding_box()
    assert abs(box["x"] - dot["x"]) < 30   # still beside its dot, below the incident
    # joined to its dot by a leader line that reaches up from the call sign to the dot's height
    leader = label.evaluate("el => { const s = getComputedStyle(el, '::after'); return [s.content, s.height]; }")
    assert leader[0] != "none" and abs(float(leader[1].rstrip("px")) - (box["y"] + box["height"] / 2 - dot["y"])) < 3
    assert page.js_errors == []


def test_a_leader_line_runs_under_the_call_signs_it_crosses(page, live_server, writer):
    """Two units parked just east of a third: the third's call sign moves down clear of their dot,
    and the last of the stack hangs on a leader line that crosses it. The line runs under that
    call sign: across its first letter, "JRU-SW-1" would read "|RU-SW-1"."""
    label = _one_unit_labelled(page, live_server.url, writer, "JRU-SW-1", 51.3405, 0.7335)
    east = page.evaluate("""() => { const map = Object.values(window.jru.maps)[0], u = window.jru.live.unit('JRU-SW-1');
        const box = map.getContainer().getBoundingClientRect();
        return map.containerPointToLatLng([u.x - box.left + 12, u.y - box.top + 3]); }""")
    for unit in ("AMB-SW-31", "POL-SW-7"):
        writer.unit_report({"unit": unit, "ts": time.time(), "lat": east["lat"], "lon": east["lng"], "status": "available"})

    def crossing():   # the lowest call sign's leader (left of it, up to its dot) runs through JRU-SW-1's
        low = max((page.locator(".unit-label", has_text=u) for u in ("AMB-SW-31", "POL-SW-7")),
                  key=lambda loc: loc.bounding_box()["y"])
        a, b = label.bounding_box(), low.bounding_box()
        return ("moved" in low.get_attribute("class") and a["x"] + 2 < b["x"] - 4 < a["x"] + a["width"]
                and a["y"] + a["height"] < b["y"] + b["height"] / 2 and a)
    box = eventually(crossing, timeout=10)
    clip = {"x": box["x"] + 1, "y": box["y"] + 1, "width": box["width"] - 2, "height": box["height"] - 2}
    page.wait_for_timeout(500)   # the layout pass (every 0.25 s) has settled
    shown = page.screenshot(clip=clip)
    page.add_style_tag(content=".unit-label.moved::after { visibility: hidden; }")
    page.wait_for_timeout(100)
    # the call sign looks the same with no leader lines at all (but for the faint line seen through its
    # 92%-opaque background; a line over it differs by ~200 of 255)
    bare = page.screenshot(clip=clip)
    diff = ImageChops.difference(Image.open(io.BytesIO(shown)).convert("RGB"), Image.open(io.BytesIO(bare)).convert("RGB"))
    assert max(high for _, high in diff.getextrema()) <= 40
    assert page.js_errors == []

def test_a_unit_at_the_scene_stays_in_sight_under_the_incident_pin(page, live_server, writer):
    """The incident is a pin standing on its point: the on-scene unit's dot there is not hidden under it."""
    now = time.time()
    writer.incident_event({"incident": "GR-SCENE", "ts": now, "lat": 51.4420, "lon": 0.3700, "category": "C2",
                           "status": "on_scene", "unit": "JRU-GR-1"})
    writer.unit_report({"unit": "JRU-GR-1", "ts": now, "lat": 51.4420, "lon": 0.3700, "status": "on_scene"})
    page.goto(live_server.url + "/")
    page.locator(".incident-icon.incident-id-GR-SCENE").wait_for(state="visible", timeout=20_000)
    settled_box(page, ".incident-icon.incident-id-GR-SCENE")
    dot = eventually(lambda: drawn(page, "JRU-GR-1"))
    # the lower half of the dot is what the pointer and the eye find there, and it is painted on-scene orange
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('.incident-icon') === null",
                           [dot["x"], dot["y"] + 4])
    assert on_top
    assert close_to(painted(page, "JRU-GR-1"), dot["fill"])
    icon = page.locator(".incident-icon.incident-id-GR-SCENE").bounding_box()
    assert icon["y"] + icon["height"] <= dot["y"] and abs(icon["x"] + icon["width"] / 2 - dot["x"]) < 2   # right above it
    assert page.js_errors == []


def test_a_call_sign_moves_off_another_units_dot(page, live_server, writer):
    now = time.time()
    label = _one_unit_labelled(page, live_server.url, writer, "JRU-DA-1", 51.4430, 0.2180)
    # another unit just where the call sign's first letters are written ("IRU-DA-1" otherwise)
    at = _point_in_call_sign(page, "JRU-DA-1", across=8)
    writer.unit_report({"unit": "POL-DA-21", "ts": now, "lat": at["lat"], "lon": at["lng"], "status": "available"})
    eventually(lambda: drawn(page, "POL-DA-21"))

    def clear_of_dot() -> bool:
        d = drawn(page, "POL-DA-21")
        return _apart(label.bounding_box(), {"x": d["x"] - 9, "y": d["y"] - 9, "width": 18, "height": 18})
    eventually(clear_of_dot, timeout=10)
    assert page.js_errors == []


def test_a_call_sign_moves_off_the_eta_label_of_the_suggestion(page, live_server, writer):
    """The suggested unit's ETA label is drawn on its line; another unit's call sign under it was unreadable."""
    now = time.time()
    writer.unit_report({"unit": "JRU-SW-1", "ts": now, "lat": 51.3405, "lon": 0.7335, "status": "available"})
    writer.incident_event({"incident": "SW-ETA", "ts": now, "lat": 51.3700, "lon": 0.7335, "category": "C2"})
    page.goto(live_server.url + "/")
    page.locator(".incident-row", has_text="SW-ETA").click(timeout=20_000)
    eta = page.locator(".eta-label", has_text="JRU-SW-1")
    eta.wait_for(state="visible", timeout=15_000)
    box = settled_box(page, ".eta-label")
    # another unit whose call sign (written right of its dot) would start on the ETA label
    at = page.evaluate("""([x, y]) => { const map = Object.values(window.jru.maps)[0], c = map.getContainer().getBoundingClientRect();
        return map.containerPointToLatLng([x - c.left, y - c.top]); }""", [box[0] + 4, box[1] + box[3] / 2])
    writer.unit_report({"unit": "POL-SW-9", "ts": now, "lat": at["lat"], "lon": at["lng"], "status": "available"})
    label = page.locator(".unit-label", has_text="POL-SW-9")
    label.wait_for(state="visible", timeout=15_000)
    eta_box = dict(zip(("x", "y", "width", "height"), box))
    eventually(lambda: _apart(label.bounding_box(), eta_box) and "moved" in label.get_attribute("class"), timeout=10)
    assert page.js_errors == []


def test_in_a_crowd_no_call_sign_strays_far_from_its_dot(page, live_server, writer):
    """36 units 24 px apart: call signs pushed down clear of each other and of the dots would
    cascade hundreds of pixels, each beside some other unit's dot. Those that cannot be placed
    near their own are hidden, and say who they are on hover."""
    page.goto(live_server.url + "/")
    page.wait_for_selector("path.district", timeout=20_000)
    settled_box(page, "path.district")   # the opening fit is over: 24 px now is 24 px when they are drawn
    grid = page.evaluate("""() => { const map = Object.values(window.jru.maps)[0], c = map.getSize().divideBy(2);
        const out = [];
        for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) {
            const at = map.containerPointToLatLng([c.x + 24 * i, c.y + 24 * j]);
            out.push([at.lat, at.lng]); }
        return out; }""")
    now = time.time()
    for n, (lat, lon) in enumerate(grid):
        writer.unit_report({"unit": f"C-{n:02d}", "ts": now, "lat": lat, "lon": lon, "status": "available"})
    eventually(lambda: page.evaluate("window.jru.live.count()") == 36 and page.locator(".unit-label").count() == 36)
    page.wait_for_timeout(1500)   # spread settled
    placed = page.evaluate("""() => Array.from(document.querySelectorAll('.unit-label')).map(el => {
        const r = el.getBoundingClientRect(), u = window.jru.live.unit(el.textContent);
        return {name: el.textContent, crowded: el.classList.contains('crowded'), hidden: getComputedStyle(el).visibility === 'hidden',
                below: (r.top + r.height / 2 - u.y) / r.height}; })""")
    shown = [p for p in placed if not p["crowded"]]
    assert len(shown) >= 6 and all(p["below"] <= 7 for p in shown), placed   # beside or just below its dot
    crowded = [p for p in placed if p["crowded"]]
    assert crowded and all(p["hidden"] for p in crowded)
    dot = page.evaluate(f"() => window.jru.live.unit('{crowded[0]['name']}')")
    page.mouse.move(dot["x"], dot["y"])
    eventually(lambda: page.locator(".unit-label:not(.crowded)", has_text=crowded[0]["name"]).count() == 1)
    assert page.js_errors == []


def test_hovering_units_on_one_spot_lists_them_with_their_status(page, live_server, writer):
    """Units at one station are drawn on one spot: the top dot hides the others' colours. Hovering
    there lists every unit with its status; a unit alone, whose call sign shows, gets no list."""
    now = time.time()
    at = {"ts": now, "lat": 51.3810, "lon": 0.5410}
    for unit, status in (("POL-MW-21", "on_scene"), ("AMB-MW-31", "available"), ("JRU-MW-2", "en_route")):
        writer.unit_report({"unit": unit, "status": status, **at})
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.3500, "lon": 0.5000, "status": "available"})
    page.goto(live_server.url + "/")
    eventually(lambda: page.evaluate("window.jru.live.count()") == 4)
    page.wait_for_timeout(500)   # call signs spread

    dot = drawn(page, "AMB-MW-31")
    page.mouse.move(dot["x"] + 3, dot["y"] + 2)
    listed = page.locator(".unit-list")
    listed.wait_for(state="visible", timeout=5000)
    assert listed.inner_text().splitlines() == ["3 units here", "AMB-MW-31 · Available", "JRU-MW-2 · En route",
                                                "POL-MW-21 · On scene"]
    # the district's hover name does not cover the call signs
    eventually(lambda: page.locator(".district-label").count() == 1 and page.locator(".district-label").is_hidden())
    box = listed.bounding_box()
    assert box["x"] + box["width"] <= dot["x"]   # left of the spot: the call signs beside it stay readable
    for label in page.locator(".unit-label:not(.unit-list)").all():
        if label.inner_text() in ("AMB-MW-31", "JRU-MW-2", "POL-MW-21"):
            assert _apart(label.bounding_box(), box)

    alone = drawn(page, "JRU-MW-1")
    page.mouse.move(alone["x"] + 2, alone["y"])
    eventually(lambda: listed.count() == 0)
    assert page.locator(".unit-label", has_text="JRU-MW-1").count() == 1   # its own call sign, no hover copy
    assert page.js_errors == []


def test_a_units_details_list_the_units_at_the_same_spot_and_open_theirs(page, live_server, writer):
    """Only the top dot of a stack can be clicked: the details name the others, each opening its own."""
    now = time.time()
    for unit, status, lon in (("AMB-MW-31", "available", 0.5410), ("POL-MW-21", "on_scene", 0.54102),
                              ("JRU-MW-1", "en_route", 0.5600)):      # the last 1.3 km off: not "here"
        writer.unit_report({"unit": unit, "status": status, "ts": now, "lat": 51.3810, "lon": lon})
    page.goto(live_server.url)
    dot = eventually(lambda: drawn(page, "AMB-MW-31"))
    eventually(lambda: page.evaluate("window.jru.live.count()") == 3)
    page.mouse.click(dot["x"], dot["y"])
    here = page.locator("#unit-here")
    here.wait_for(timeout=10_000)
    first = page.locator(".offcanvas-title").inner_text()
    other = "POL-MW-21" if "AMB-MW-31" in first else "AMB-MW-31"
    assert here.inner_text().splitlines() == [f"{other} · {'On scene' if other == 'POL-MW-21' else 'Available'}"]
    here.locator("button").click()
    eventually(lambda: page.locator(".offcanvas-title").inner_text() == f"Unit {other}")
    assert first.replace("Unit ", "") in page.locator("#unit-here").inner_text()   # and back again
    assert page.js_errors == []


PIN_BOXES_JS = """ids => ids.map(id => {
  const b = document.querySelector('.incident-icon.incident-id-' + id).getBoundingClientRect();
  return [b.left, b.top, b.right, b.bottom];
})"""


def _no_two_overlap(boxes) -> bool:
    return all(a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
               for n, a in enumerate(boxes) for b in boxes[n + 1:])


def test_incidents_at_one_address_stand_side_by_side_most_urgent_first(page, live_server, writer):
    """Two calls to one address and an assault next door drew one pin over another: the room saw one
    incident. They stand in a row over the point, most urgent first, and apart again once zoomed in."""
    now = time.time()
    same = [("SAME-C3", "C3", 0.0), ("SAME-C1", "C1", 0.0), ("NEXT-DOOR-C2", "C2", 0.0003)]
    for incident, category, east in same:
        writer.incident_event({"incident": incident, "ts": now, "lat": 51.3890, "lon": 0.5420 + east,
                               "category": category, "type": "assault"})
    writer.incident_event({"incident": "FAR-AWAY", "ts": now, "lat": 51.44, "lon": 0.37, "category": "C2"})
    page.goto(live_server.url + "/")
    ids = ["SAME-C1", "NEXT-DOOR-C2", "SAME-C3"]
    for i in ids:
        page.locator(f".incident-icon.incident-id-{i}").wait_for(state="visible", timeout=20_000)
    page.evaluate("() => window.jru.maps.map.setView([51.3890, 0.5420], 13, {animate: false})")
    boxes = eventually(lambda: (lambda b: _no_two_overlap(b) and b)(page.evaluate(PIN_BOXES_JS, ids)), timeout=5)
    point = page.evaluate("() => { const p = window.jru.maps.map.latLngToContainerPoint([51.3890, 0.5420]);"
                          " const r = window.jru.maps.map.getContainer().getBoundingClientRect();"
                          " return [r.left + p.x, r.top + p.y]; }")
    lefts = [b[0] for b in boxes]
    assert lefts == sorted(lefts)                                          # C1, C2, C3 from the left
    assert {round(b[1]) for b in boxes} == {round(boxes[0][1])}             # one row
    assert boxes[0][0] < point[0] < boxes[-1][2] and boxes[0][3] < point[1]  # over the point
    assert abs((boxes[0][0] + boxes[-1][2]) / 2 - point[0]) < 3             # centred on it
    far = page.evaluate(PIN_BOXES_JS, ["FAR-AWAY"])[0]
    assert far[2] - far[0] == boxes[0][2] - boxes[0][0]                     # a lone pin is as it was
    # zoomed in, the pin next door stands on its own point again; the two at one address stay a row
    page.evaluate("() => window.jru.maps.map.setView([51.3890, 0.5421], 18, {animate: false})")
    own = page.evaluate("() => { const p = window.jru.maps.map.latLngToContainerPoint([51.3890, 0.5423]);"
                        " const r = window.jru.maps.map.getContainer().getBoundingClientRect(); return r.left + p.x; }")
    def next_door_alone():
        b = page.evaluate(PIN_BOXES_JS, ids)
        return _no_two_overlap(b) and abs((b[1][0] + b[1][2]) / 2 - own) < 2 and b
    eventually(next_door_alone, timeout=5)
    assert page.js_errors == []
