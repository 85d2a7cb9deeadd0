"""The push wire format, round trip: what the Python encoder writes (a snapshot,
deltas, a merged catch-up message), read by the browser's own reader
(assets/push_wire.js) in Chromium, ends with every unit where the picture has it."""
import json
from pathlib import Path

from dashboard.core.contract import UnitReport
from dashboard.core.picture import Picture
from dashboard.web.push.broadcaster import Broadcaster
from dashboard.web.push.encoding import UNIT_FIELDS, merge

WIRE_JS = Path(__file__).resolve().parents[2] / "dashboard" / "ui" / "assets" / "push_wire.js"


def body(event_text: str) -> tuple[str, dict]:
    head, data = event_text.split("\ndata: ", 1)
    return head.removeprefix("event: "), json.loads(data)


def read_in_browser(page, events: list[tuple[str, dict]]) -> tuple[list, dict]:
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=WIRE_JS.read_text())
    return page.evaluate("""events => {
        const reader = new window.jru.wire.Reader();
        events.forEach(([kind, body]) => reader.read(kind, body));
        return [window.jru.wire.UNIT_FIELDS, reader.latest];
    }""", events)


def test_the_browser_reads_what_the_server_writes(page):
    picture, clock = Picture(), {"t": 1000.0}
    bc = Broadcaster(picture, now=lambda: (clock["t"], False), staleness_s=120,
                     stale_check_s=0)                                  # staleness re-checked at every tick

    def report(name, lat, lon, status="available", kind="joint"):
        picture.apply_unit(UnitReport(unit=name, ts=clock["t"], lat=lat, lon=lon, status=status, kind=kind))

    for i in range(5):
        report(f"U{i}", 51.30 + i / 100, 0.40 + i / 100)
    bc.tick()
    snapshot, epoch, seq = bc.snapshot()
    events = [body(snapshot)]
    clock["t"] += 10
    report("U1", 51.31234, 0.41987)                                   # a move: small integers
    report("U2", 51.33, 0.43, status="en_route")                      # a status change: a full record
    report("NEW", 51.40, 0.55, kind="police")                         # a new unit
    events.append(body(bc.tick().text))
    clock["t"] += 10
    report("U1", 51.32111, 0.42222)
    first = bc.tick()
    clock["t"] += 200                                                  # everyone else's fix is old now
    report("U3", 51.35, 0.45)
    second = bc.tick()
    events.append(body(merge([first, second]).text))                  # a screen that fell behind

    fields, latest = read_in_browser(page, events)

    assert fields == list(UNIT_FIELDS)
    now = clock["t"]
    expected = {u.unit: u for u in picture.units_list()}
    assert set(latest) == set(expected)
    for name, rec in latest.items():
        got = dict(zip(fields, rec))
        u = expected[name]
        assert abs(got["lat"] - u.lat) < 2e-5 and abs(got["lon"] - u.lon) < 2e-5, name
        assert (got["status"], got["kind"], bool(got["stale"])) == (u.status, u.kind, u.is_stale(now, 120)), name
    assert dict(zip(fields, latest["U0"]))["stale"] == 1 and dict(zip(fields, latest["U3"]))["stale"] == 0
