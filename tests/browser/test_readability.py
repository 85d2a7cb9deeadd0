"""What a duty officer must be able to read on `/`: every urgency badge's text against its fill, and
an Accept's answer without it covering the incident it is about or the queue."""
from __future__ import annotations

import time


# WCAG contrast of an element's text against what it is drawn on: its own fill over its ancestors'
CONTRAST = """el => {
  const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const behind = e => {   // the colour the element is drawn on: its and its ancestors' fills, composited
    const layers = [];
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) layers.push(rgba(getComputedStyle(n).backgroundColor));
    let c = [255, 255, 255];
    for (const l of layers.reverse()) c = c.map((x, i) => x * (1 - l[3]) + l[i] * l[3]);
    return c;
  };
  const lum = c => {
    const [r, g, b] = c.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const s = getComputedStyle(el), colour = c => rgba(c).slice(0, 3);
  return {text: ratio(colour(s.color), behind(el)),   // and its edge against the row it is on
          edge: parseFloat(s.borderTopWidth) > 0 ? ratio(colour(s.borderTopColor), behind(el.parentElement)) : 0};
}"""


def _incident(writer, name, lat, lon, **urgency):
    writer.incident_event({"incident": name, "ts": time.time(), "lat": lat, "lon": lon, "type": "medical",
                           "summary": f"summary of {name}", **urgency})


def test_every_urgency_badge_is_readable_in_the_queue_and_the_selected_incidents_panel(page, live_server, writer):
    grades = {"INC-C1": {"category": "C1"}, "INC-C2": {"category": "C2"}, "INC-C3": {"category": "C3"},
              "INC-RES": {"grade": "resolution"}}
    for k, (name, urgency) in enumerate(grades.items()):
        _incident(writer, name, 51.38 + k * 0.01, 0.52, **urgency)
    page.goto(live_server.url)
    seen = {}
    for name in grades:
        badge = page.locator(f'.incident-row[data-incident="{name}"] .urgency-badge')
        badge.wait_for(timeout=20_000)
        seen[badge.inner_text()] = badge.evaluate(CONTRAST)
    assert list(seen) == ["C1", "C2", "C3", "resolution"]
    assert {b: round(c["text"], 1) for b, c in seen.items() if c["text"] < 4.5} == {}, "text hard to read"
    assert {b: round(c["edge"], 1) for b, c in seen.items() if c["edge"] < 3} == {}, "no visible edge on its row"
    # the selected incident's panel says its grade in the same badge
    page.locator('.incident-row[data-incident="INC-RES"]').click()
    badge = page.locator("#suggestion-panel .urgency-badge", has_text="resolution")
    badge.wait_for(timeout=10_000)
    assert badge.evaluate(CONTRAST)["text"] >= 4.5
    assert page.js_errors == []


def _box(page, selector) -> dict:
    b = page.locator(selector).bounding_box()
    assert b is not None, f"{selector} is not on screen"
    return b


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def _accept(page, url, writer) -> None:
    now = time.time()
    _incident(writer, "INC-A", 51.400, 0.530, category="C2")
    _incident(writer, "INC-B", 51.402, 0.533, category="C3")
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.395, "lon": 0.525, "officers": 2, "paramedics": 1})
    writer.unit_report({"unit": "JRU-GR-1", "ts": now, "lat": 51.440, "lon": 0.370, "officers": 2, "paramedics": 1})
    page.goto(url)
    page.locator(".incident-row", has_text="INC-A").click(timeout=20_000)
    page.locator("#suggestion-table tr.suggestion-row").first.get_by_role("button", name="Accept").click(timeout=10_000)
    page.locator("#accept-toast", has_text="JRU-MW-1 assigned to INC-A").wait_for(timeout=10_000)


def test_an_accepts_answer_covers_neither_the_selected_incident_nor_the_queue(page, live_server, writer):
    _accept(page, live_server.url, writer)
    toast = _box(page, "#accept-toast")
    for covered in ("#suggestion-panel", "#incident-queue"):
        assert not _overlap(toast, _box(page, covered)), f"the toast {toast} covers {covered}"
    # over the map, whole, and above its "Key" (bottom left)
    assert _overlap(toast, _box(page, ".officer-map"))
    key = _box(page, ".map-legend > summary")
    assert not _overlap(toast, key)
    assert page.js_errors == []


def test_in_a_narrow_window_an_accepts_answer_is_at_the_foot_of_the_window(page, live_server, writer):
    page.set_viewport_size({"width": 800, "height": 900})   # the side column goes below the map
    _accept(page, live_server.url, writer)
    toast = _box(page, "#accept-toast")
    assert toast["x"] >= 0 and toast["x"] + toast["width"] <= 800           # whole, in the window
    assert 900 - 80 <= toast["y"] + toast["height"] <= 900                    # at its foot
    assert page.js_errors == []
