"""The suggestion lines follow the roads the ETA was timed on: a unit across the estuary is drawn
going round by the crossing, not over the water (a straight line there would contradict its ETA)."""
from __future__ import annotations

import math
import re
import time

import pytest

from tests.browser.conftest import start_server
from tests.helpers import eventually

HOO = (0.5630, 51.4165)
GILLINGHAM_PIER = (0.5540, 51.3955)   # 2.4 km across the Medway from Hoo; by road round by the tunnel


@pytest.fixture
def road_server(redis_settings):
    server = start_server(redis_settings, eta_model="road")
    yield server
    server.stop()


def _vertices(d: str) -> list[tuple[float, float]]:
    nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(nums[0::2], nums[1::2]))


def test_the_suggested_units_line_goes_round_by_the_road(page, road_server, writer):
    now = time.time()
    writer.incident_event({"incident": "HOO-1", "ts": now, "lon": HOO[0], "lat": HOO[1], "category": "C2"})
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lon": GILLINGHAM_PIER[0], "lat": GILLINGHAM_PIER[1]})
    page.goto(road_server.url)
    page.locator(".incident-row", has_text="HOO-1").click(timeout=20_000)
    line = page.locator("path.suggestion-line.rank-1")
    eventually(lambda: line.count() == 1, timeout=15)
    pts = _vertices(line.get_attribute("d"))
    drawn = sum(math.dist(a, b) for a, b in zip(pts, pts[1:]))
    # round by the road, not across (Leaflet drops vertices closer than a pixel or so: count loosely)
    assert len(pts) > 4 and drawn > 2 * math.dist(pts[0], pts[-1]), pts
    assert "JRU-MW-1" in page.locator(".eta-label").first.inner_text()
    assert page.js_errors == []


COVERS_INCIDENT = """() => {
  const icon = document.querySelector('.incident-icon.incident-selected').getBoundingClientRect();
  const bottom = icon.bottom + window.jru.map.INCIDENT_STEM;   // the pin's stem down to the incident's point
  return Array.from(document.querySelectorAll('.eta-label')).map(el => el.getBoundingClientRect())
    .some(r => r.left < icon.right && icon.left < r.right && r.top < bottom && icon.top < r.bottom);
}"""


def test_a_near_units_eta_label_leaves_the_incident_in_sight(page, road_server, writer):
    """A unit 250 m away draws a line shorter than its label: the label must not cover the incident's pin."""
    now = time.time()
    writer.incident_event({"incident": "NEAR-1", "ts": now, "lon": 0.5220, "lat": 51.3820, "category": "C1"})
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lon": 0.5245, "lat": 51.3805})
    page.goto(road_server.url)
    page.locator(".incident-row", has_text="NEAR-1").click(timeout=20_000)
    label, icon = page.locator(".eta-label"), page.locator(".incident-icon.incident-selected")
    eventually(lambda: label.count() >= 1 and icon.count() == 1, timeout=15)
    for zoom_in in range(3):   # and again at closer zooms, where the line grows longer than the label
        eventually(lambda: not page.evaluate(COVERS_INCIDENT), timeout=5)
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(600)
    assert re.fullmatch(r"JRU-MW-1 \d+ s", label.first.inner_text())   # under a minute: not "0 min"
    assert page.js_errors == []


LABEL_AND_MAP = """() => ({label: document.querySelector('.eta-label').getBoundingClientRect().toJSON(),
                          map: Object.values(window.jru.maps)[0].getContainer().getBoundingClientRect().toJSON()})"""


def test_a_near_units_eta_label_at_the_maps_edge_stays_on_the_map(page, road_server, writer):
    """A unit just west of an incident that sits at the map's west edge (the duty officer moved the
    map): the label went beyond the unit, away from the incident, and the edge cut it ("n route
    42 s"). It must stay whole on the map, clear of the incident's pin."""
    now = time.time()
    writer.incident_event({"incident": "EDGE-1", "ts": now, "lon": 0.5220, "lat": 51.3820, "category": "C1"})
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lon": 0.5184, "lat": 51.3820})   # 250 m west
    page.goto(road_server.url)
    page.locator(".incident-row", has_text="EDGE-1").click(timeout=20_000)
    eventually(lambda: page.locator(".eta-label").count() >= 1, timeout=15)
    page.wait_for_timeout(500)
    page.evaluate("""() => { const m = Object.values(window.jru.maps)[0];
        const p = m.latLngToContainerPoint([51.3820, 0.5220]);
        m.panBy([p.x - 40, 0], {animate: false}); }""")   # the incident 40 px from the west edge

    def whole() -> bool:
        box = page.evaluate(LABEL_AND_MAP)
        label, edge = box["label"], box["map"]
        return (edge["left"] <= label["left"] and label["right"] <= edge["right"]
                and edge["top"] <= label["top"] and label["bottom"] <= edge["bottom"])
    eventually(whole, timeout=5)
    assert not page.evaluate(COVERS_INCIDENT)
    assert page.js_errors == []


LEADER = """() => {
  const leader = document.querySelector('path.eta-leader'), label = document.querySelector('.eta-label');
  if (!leader || !label) return null;
  const m = Object.values(window.jru.maps)[0], box = m.getContainer().getBoundingClientRect();
  const nums = s => (s.match(/-?\\d+(?:\\.\\d+)?/g) || []).map(Number);
  // path data are layer points: to the map container's, as the label's box is measured
  const at = (x, y) => { const p = m.layerPointToContainerPoint(L.point(x, y)); return [p.x, p.y]; };
  const ends = nums(leader.getAttribute('d'));
  const line = nums(document.querySelector('path.suggestion-line.rank-1').getAttribute('d'));
  const r = label.getBoundingClientRect();
  return {leader: [...at(ends[0], ends[1]), ...at(ends[2], ends[3])], unit_end: at(line[0], line[1]),
          label: {left: r.left - box.left, right: r.right - box.left,
                  top: r.top - box.top, bottom: r.bottom - box.top}};
}"""


def test_an_eta_label_moved_off_a_short_line_is_tied_to_its_unit(page, road_server, writer):
    """At the county view a unit 12 km off draws a line shorter than its label, so the label goes beyond
    the unit, away from the incident, and there it sat apart, near other units' dots, tied to nothing.
    A thin leader now runs from the label's edge to the unit's end of the line; once zoomed in far
    enough for the label to sit on its line, there is none."""
    now = time.time()
    writer.incident_event({"incident": "FAR-1", "ts": now, "lon": 0.5300, "lat": 51.3850, "category": "C1"})
    writer.unit_report({"unit": "JRU-GR-1", "ts": now, "lon": 0.3700, "lat": 51.4400})
    page.goto(road_server.url)
    page.locator(".incident-row", has_text="FAR-1").click(timeout=20_000)
    eventually(lambda: page.evaluate(LEADER) is not None, timeout=15)
    found = page.evaluate(LEADER)
    lx, ly, ux, uy = found["leader"]
    # the leader's far end is the unit's end of the line (its first vertex: the route starts at the unit)
    assert math.dist((ux, uy), found["unit_end"]) <= 2, found
    # ...and its near end is on the label's box
    box, x, y = found["label"], lx, ly
    on_box = (box["left"] - 2 <= x <= box["right"] + 2 and box["top"] - 2 <= y <= box["bottom"] + 2
              and min(abs(x - box["left"]), abs(x - box["right"]), abs(y - box["top"]), abs(y - box["bottom"])) <= 2)
    assert on_box, found
    for _ in range(3):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(600)
    eventually(lambda: page.locator("path.eta-leader").count() == 0, timeout=5)
    assert page.locator(".eta-label").count() >= 1
    assert page.js_errors == []


# the visible leaders, each with whether it starts on a visible label's edge (not from an empty spot)
VISIBLE_LEADERS = """() => {
  const m = Object.values(window.jru.maps)[0], box = m.getContainer().getBoundingClientRect();
  const labels = Array.from(document.querySelectorAll('.eta-label')).map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0);
  return Array.from(document.querySelectorAll('path.eta-leader'))
    .filter(p => getComputedStyle(p).display !== 'none').map(p => {
      const [x, y] = (p.getAttribute('d').match(/-?\\d+(?:\\.\\d+)?/g) || []).map(Number);
      const c = m.layerPointToContainerPoint(L.point(x, y)), px = c.x + box.left, py = c.y + box.top;
      return labels.some(r => px >= r.left - 2 && px <= r.right + 2 && py >= r.top - 2 && py <= r.bottom + 2);
    });
}"""


def _sent_with_backup_to_suggest(page, server, writer, redis_settings, incident: str, sent: tuple, other: tuple):
    """A C1 at (0.53, 51.385) with JRU-MW-1 sent from `sent` and `other` (call sign, lon, lat) free to go as
    backup; the officer page open on the incident. Returns the fold "Send another unit" (closed)."""
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lon": sent[0], "lat": sent[1], "status": "available"})
    writer.unit_report({"unit": other[0], "ts": now, "lon": other[1], "lat": other[2], "status": "available"})
    writer.incident_event({"incident": incident, "ts": now, "lon": 0.5300, "lat": 51.3850, "category": "C1"})
    client, keys = redis_settings.client(), redis_settings.keys
    client.xadd(keys.assignments, {"incident": incident, "unit": "JRU-MW-1", "ts": f"{now + 1:.3f}", "by": "sgt"})
    page.goto(server.url)
    page.locator(".incident-row", has_text=incident).click(timeout=20_000)
    fold = page.locator("#send-another > summary")
    eventually(lambda: fold.count() == 1 and page.locator("path.suggestion-line.rank-1").count() == 1, timeout=15)
    return fold


def test_a_backup_suggestions_leader_shows_only_with_its_line(page, road_server, writer, redis_settings):
    """For an incident that already has a unit, the suggestions are for backup, drawn only while "Send
    another unit" is open: the leader of their label hides and shows with them (the unit sent keeps its
    own label and leader)."""
    fold = _sent_with_backup_to_suggest(page, road_server, writer, redis_settings, "FAR-2", sent=(0.5290, 51.3860),
                                        other=("JRU-GR-1", 0.3700, 51.4400))
    page.wait_for_timeout(800)
    sent_only = page.evaluate(VISIBLE_LEADERS)      # JRU-MW-1's own, if its label left its line
    assert all(sent_only), sent_only                # none from where a hidden label would be
    fold.click()
    eventually(lambda: len(page.evaluate(VISIBLE_LEADERS)) == len(sent_only) + 1, timeout=5)
    assert all(page.evaluate(VISIBLE_LEADERS))
    fold.click()
    eventually(lambda: len(page.evaluate(VISIBLE_LEADERS)) == len(sent_only), timeout=5)
    page.wait_for_timeout(800)
    assert page.evaluate(VISIBLE_LEADERS) == sent_only
    assert page.js_errors == []


VISIBLE_LABELS = """() => Array.from(document.querySelectorAll('.eta-label')).map(e => e.getBoundingClientRect())
  .filter(r => r.width > 0).map(r => [r.left, r.top, r.right, r.bottom])"""


def test_the_sent_units_label_and_the_backups_do_not_cover_each_other(page, road_server, writer, redis_settings):
    """The unit sent and the backup suggested came the same way: their labels sat one over the other mid-way
    ("JRU-MW-1 en route 6 min" over "JRU-SW-1 22 min"). The second moves along its own line, clear of the first."""
    fold = _sent_with_backup_to_suggest(page, road_server, writer, redis_settings, "SAME-WAY", sent=(0.4300, 51.3900),
                                        other=("JRU-MW-2", 0.4302, 51.3901))
    fold.click()
    def apart():
        boxes = page.evaluate(VISIBLE_LABELS)
        return len(boxes) == 2 and all(a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                                       for n, a in enumerate(boxes) for b in boxes[n + 1:]) and boxes
    eventually(apart, timeout=5)
    page.locator(".leaflet-control-zoom-in").click()   # and again once zoomed
    page.wait_for_timeout(800)
    eventually(apart, timeout=5)
    assert page.js_errors == []
