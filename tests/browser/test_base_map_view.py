"""The base map in a real browser: land and water, road numbers, town names and the licences' attribution."""
from __future__ import annotations

import re
import time

import pytest

from tests.helpers import eventually


@pytest.mark.parametrize("path", ["/", "/wall"])
def test_base_map_draws_from_shipped_data(page, live_server, path):
    page.goto(live_server.url + path)
    page.wait_for_selector("path.basemap-land", timeout=20_000)
    assert page.locator("path.basemap-road.road-motorway").count() >= 5
    page.wait_for_timeout(500)   # the declutter pass (some copies of a road number give way to names)
    for shield in ("M2", "M20", "A228", "A249"):   # the A2's numbers give way to the Medway towns' names here
        copies = page.locator(".label-shield-motorway, .label-shield-a_road", has_text=re.compile(f"^{shield}$"))
        assert any(copies.nth(i).is_visible() for i in range(copies.count())), shield
    for town in ("Sheerness", "Gillingham", "Sittingbourne", "Gravesend", "Faversham"):
        assert page.locator(".label-town", has_text=town).first.is_visible(), town
    # water is the map's background: the land polygon leaves the Thames estuary unfilled
    colour = page.evaluate("getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor")
    land = page.evaluate("getComputedStyle(document.querySelector('path.basemap-land')).fill")
    assert colour != land
    attribution = page.inner_text(".leaflet-control-attribution")
    assert "ONS" in attribution and "GeoNames" in attribution and "Royal Mail" in attribution
    assert page.js_errors == []


_ROAD_LIGHTNESS = """() => Array.from(document.querySelectorAll('path.basemap-road')).map(el => {
    const [r, g, b] = getComputedStyle(el).stroke.match(/\\d+/g).map(Number);
    return {cls: el.getAttribute('class'), l: 0.2126 * r + 0.7152 * g + 0.0722 * b}; })"""


def test_no_road_on_the_dark_wall_is_brighter_than_its_trunk_roads(page, live_server):
    # The wall mutes its roads so units and incidents stand out; the lanes on the Downs and the
    # inner-London A roads once drew white there (a class without a dark colour), the brightest line
    # on the screen, and read like a boundary or a route.
    page.goto(live_server.url + "/wall")
    page.wait_for_selector("path.basemap-road.road-motorway", timeout=20_000)
    roads = page.evaluate(_ROAD_LIGHTNESS)
    assert len(roads) > 100
    main = max(r["l"] for r in roads if "road-motorway" in r["cls"] or "road-trunk" in r["cls"])
    assert [r["cls"] for r in roads if r["l"] > main] == []


_VISIBLE_LABEL_BOXES = """() => Array.from(document.querySelectorAll('.basemap-label, .wall-district-label'))
    .filter(el => getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden')
    .map(el => { const r = el.firstChild.getBoundingClientRect();
                 return {text: el.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; })"""


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]]


def _settled_boxes(page) -> list[dict]:
    """The visible labels once the map has stopped moving (the wall fits its view on load, and
    a zoom animates; the clash pass runs after each zoom ends): the same boxes twice running."""
    before = None
    for _ in range(20):
        page.wait_for_timeout(400)
        boxes = page.evaluate(_VISIBLE_LABEL_BOXES)
        if boxes == before:
            return boxes
        before = boxes
    return before


@pytest.mark.parametrize("path", ["/", "/wall"])
def test_names_and_road_numbers_never_print_over_each_other(page, live_server, path):
    page.goto(live_server.url + path)
    page.wait_for_selector(".label-town", state="visible", timeout=20_000)
    boxes = _settled_boxes(page)
    assert len(boxes) >= 15, [b["text"] for b in boxes]
    assert _overlaps(boxes) == []
    edge = page.evaluate("() => Object.values(window.jru.maps)[0].getContainer().getBoundingClientRect().toJSON()")
    cut = [b["text"] for b in boxes if b["l"] < edge["left"] or b["r"] > edge["right"]
           or b["t"] < edge["top"] or b["b"] > edge["bottom"]]
    assert cut == []    # no name half off the map ("ith" for Erith)
    # Rochester sits between Strood and Chatham: at the whole-area view it waits for room (it
    # printed over Gillingham before), the bigger Gillingham stays; zoomed in, both show
    texts = {b["text"] for b in boxes}
    assert "Gillingham" in texts and "Rochester" not in texts
    page.evaluate("""() => { if (window.jru.wall) window.jru.wall.state.userMoved = true;   // the wall stops following
        Object.values(window.jru.maps)[0].setView([51.385, 0.52], 13, {animate: false}); }""")
    boxes = _settled_boxes(page)
    texts = {b["text"] for b in boxes}
    assert {"Rochester", "Gillingham", "Chatham", "Strood"} <= texts, texts
    assert _overlaps(boxes) == []
    assert page.js_errors == []


def test_the_wall_hides_a_district_name_the_maps_edge_would_cut(page, live_server):
    page.goto(live_server.url + "/wall")
    name = page.locator(".wall-district-label", has_text="Medway")
    name.wait_for(state="visible", timeout=20_000)
    _settled_boxes(page)   # the wall's opening flight to the action is over (a flight still running would undo the pan below)
    # put the name's point 5 px from the map's right edge: half the word would be off the map (as if
    # someone had moved the map, so the wall stops fitting its view to the action meanwhile)
    page.evaluate("""() => { window.jru.wall.state.userMoved = true;
        const map = Object.values(window.jru.maps)[0];
        map.stop();
        const p = map.latLngToContainerPoint(map._jruLabelMarkers.find(m => m.getElement().textContent === 'Medway')
                                             .getLatLng());
        map.panBy([p.x - map.getSize().x + 5, 0], {animate: false}); }""")
    eventually(lambda: not name.is_visible(), timeout=10)
    page.evaluate("() => { const map = Object.values(window.jru.maps)[0]; map.panBy([300, 0], {animate: false}); }")   # the name back 300 px inside the edge
    eventually(name.is_visible, timeout=10)
    assert page.js_errors == []


def test_a_town_name_gives_way_to_a_unit_parked_on_it_and_returns_when_it_leaves(page, live_server, writer):
    page.goto(live_server.url + "/")
    name = page.locator(".label-town", has_text="Gillingham")
    name.wait_for(state="visible", timeout=20_000)
    at = page.evaluate("""() => Object.values(window.jru.maps)[0]._jruLabelMarkers
        .find(m => m.getElement().textContent === 'Gillingham').getLatLng()""")
    # a unit on the name's point: half the word under its dot and call sign would read as another word
    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": at["lat"], "lon": at["lng"], "status": "available"})
    page.locator(".unit-label", has_text="JRU-MW-1").wait_for(state="visible", timeout=10_000)
    eventually(lambda: not name.is_visible(), timeout=10)
    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": at["lat"] - 0.08, "lon": at["lng"], "status": "available"})
    eventually(name.is_visible, timeout=10)
    assert page.js_errors == []


def test_a_name_under_the_legend_is_hidden(page, live_server):
    page.goto(live_server.url + "/")
    page.wait_for_selector(".label-town", state="visible", timeout=20_000)
    boxes = _settled_boxes(page)
    legend = page.locator("#legend").bounding_box()
    under = [b["text"] for b in boxes if b["l"] < legend["x"] + legend["width"] and legend["x"] < b["r"]
             and b["t"] < legend["y"] + legend["height"] and legend["y"] < b["b"]]
    assert under == []


def test_the_wall_names_a_district_it_shows_only_in_part(page, live_server):
    page.goto(live_server.url + "/wall")
    name = page.locator(".wall-district-label", has_text="Swale")
    name.wait_for(state="visible", timeout=20_000)
    _settled_boxes(page)
    # as if someone had zoomed in on Sheppey: the name's best place (between Sittingbourne and
    # Faversham) is out of view, another of its places is in it
    main_in_view = page.evaluate("""() => { window.jru.wall.state.userMoved = true;
        const map = Object.values(window.jru.maps)[0];
        map.stop();
        const places = map._jruDistrictNames.find(m => m.getElement().textContent === 'Swale')._jruPlaces;
        map.setView(places[1], 13, {animate: false});
        return map.getBounds().contains(places[0]); }""")
    assert main_in_view is False
    eventually(name.is_visible, timeout=10)
    edge = page.evaluate("() => Object.values(window.jru.maps)[0].getContainer().getBoundingClientRect().toJSON()")
    seen = name.bounding_box()
    assert edge["left"] <= seen["x"] and seen["x"] + seen["width"] <= edge["right"]
    assert edge["top"] <= seen["y"] and seen["y"] + seen["height"] <= edge["bottom"]
    assert _overlaps(_settled_boxes(page)) == []
    # zoomed in further, on a corner of Swale away from all of those places: a place of its own
    corner = page.evaluate("""() => { const map = Object.values(window.jru.maps)[0];
        const places = map._jruDistrictNames.find(m => m.getElement().textContent === 'Swale')._jruPlaces;
        const corner = places.slice(5).find(p => { map.setView(p, 14, {animate: false});
            return !places.slice(0, 5).some(q => map.getBounds().contains(q)); });
        return corner ? [corner.lat, corner.lng] : null; }""")
    assert corner is not None
    eventually(lambda: name.is_visible() and page.evaluate("""() => Object.values(window.jru.maps)[0]._jruDistrictNames
        .find(m => m.getElement().textContent === 'Swale').getLatLng().lat""") == corner[0], timeout=10)
    assert page.js_errors == []


@pytest.mark.parametrize("district, unit", [("Medway", "JRU-MW-1"),
                                            ("Dartford", "JRU-DA-1")])   # small: its one town-clear place covered
def test_a_wall_district_name_moves_clear_of_a_unit_parked_on_it(page, live_server, writer, district, unit):
    page.goto(live_server.url + "/wall")
    name = page.locator(".wall-district-label > span", has_text=district)   # the text (its marker's box is offset)
    name.wait_for(state="visible", timeout=20_000)
    _settled_boxes(page)
    at = page.evaluate("""district => { window.jru.wall.state.userMoved = true;   // the view stays as it is
        const map = Object.values(window.jru.maps)[0];
        map.stop();
        return map._jruDistrictNames.find(m => m.getElement().textContent === district).getLatLng(); }""", district)
    # a unit on the name's point: its dot and call sign would cut the word ("MEDWA")
    writer.unit_report({"unit": unit, "ts": time.time(), "lat": at["lat"], "lon": at["lng"], "status": "available"})
    label = page.locator(".unit-label", has_text=unit)
    label.wait_for(state="visible", timeout=10_000)

    def clear() -> bool:
        dot = page.evaluate("name => window.jru.live.unit(name)", unit)
        n, c = name.bounding_box(), label.bounding_box()
        apart = lambda a, b: (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]   # noqa: E731
                              or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
        return (name.is_visible() and apart(n, c)
                and apart(n, {"x": dot["x"] - 8, "y": dot["y"] - 8, "width": 16, "height": 16}))
    eventually(clear, timeout=10)
    assert page.js_errors == []
