"""Pushed updates in a real browser: moving units cost the page no requests,
incidents still arrive at once, and a page whose event stream is blocked
falls back to asking every second."""
import time

from tests.helpers import eventually


def dash_requests(page) -> int:
    return page.evaluate("performance.getEntriesByType('resource')"
                         ".filter(e => e.name.indexOf('_dash-update-component') >= 0).length")


def test_moving_units_send_no_requests_and_a_new_incident_shows_at_once(page, live_server, writer):
    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.38, "lon": 0.52, "status": "available"})
    page.goto(live_server.url)
    eventually(lambda: page.evaluate("window.jru.live.picture") is not None, timeout=20)
    page.wait_for_timeout(1500)                       # the first panel refreshes settle
    before = dash_requests(page)
    for i in range(8):                                # 4 s of a unit moving twice a second
        writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.38 + i / 1000, "lon": 0.52})
        page.wait_for_timeout(500)
    assert abs(page.evaluate("window.jru.live.unit('JRU-MW-1').lat") - 51.387) < 1e-5
    # Only the feed clock's 5 s step may have asked for the queue once, and the coverage timer once.
    assert dash_requests(page) - before <= 3
    writer.incident_event({"incident": "INC-7", "ts": time.time(), "lat": 51.40, "lon": 0.53, "type": "rtc",
                           "category": "C1"})
    page.locator(".incident-row", has_text="INC-7").wait_for(timeout=5000)
    # the map's icon comes by the event stream, the queue's row by a callback: either may be first
    page.locator(".incident-icon.incident-id-INC-7").wait_for(timeout=2000)
    assert page.locator(".incident-icon.incident-id-INC-7").count() == 1
    assert page.js_errors == []


def test_a_page_without_its_event_stream_still_shows_new_incidents(page, live_server, writer):
    page.route("**/push/units", lambda route: route.abort())   # a proxy that blocks event streams
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    writer.incident_event({"incident": "INC-8", "ts": time.time(), "lat": 51.40, "lon": 0.53, "type": "medical",
                           "category": "C2"})
    page.locator(".incident-row", has_text="INC-8").wait_for(timeout=10_000)
    assert page.evaluate("window.jru.live.picture") is None


def test_a_page_without_its_event_stream_still_shows_the_units_and_their_moves(page, live_server, writer):
    """Issue 13.8: behind a proxy that blocks event streams the officer map showed
    incidents but no units. It now asks for the snapshot as plain JSON every few s."""
    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.38, "lon": 0.52, "status": "available"})
    page.route("**/push/units", lambda route: route.abort())
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    unit = eventually(lambda: page.evaluate("window.jru.live.unit('JRU-MW-1')"), timeout=20)
    assert unit["status"] == "available" and abs(unit["lat"] - 51.38) < 1e-5
    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time() + 1, "lat": 51.39, "lon": 0.52, "status": "en_route"})
    moved = eventually(lambda: (u := page.evaluate("window.jru.live.unit('JRU-MW-1')"))["status"] == "en_route" and u,
                       timeout=15)
    assert abs(moved["lat"] - 51.39) < 1e-5 and page.evaluate("window.jru.live.polled") >= 2
    assert page.evaluate("window.jru.live.picture") is None   # the panels stay on their Dash fallback
    assert page.js_errors == []


def test_incidents_reach_the_map_by_push_alone(page, live_server, writer):
    page.goto(live_server.url)
    eventually(lambda: page.evaluate("window.jru.live.picture") is not None, timeout=20)
    page.route("**/_dash-update-component*", lambda route: route.abort())   # no Dash callback gets through
    writer.incident_event({"incident": "INC-9", "ts": time.time(), "lat": 51.40, "lon": 0.53, "type": "assault",
                           "category": "C1"})
    page.wait_for_selector(".incident-icon.incident-id-INC-9", timeout=10_000)
    writer.incident_event({"incident": "INC-9", "ts": time.time() + 1, "status": "closed"})
    page.wait_for_selector(".incident-icon.incident-id-INC-9", state="detached", timeout=10_000)
