"""Demo mode in the browser: the DEMO/REPLAY bar, its clock, and the controls
driving a real replayer through Redis."""
from datetime import datetime, timezone

import pytest

from tests.helpers import eventually


def _status(redis_settings):
    return redis_settings.client().hgetall(redis_settings.keys.replay_status)


def test_replay_bar_shows_and_drives_the_replayer(page, live_server, redis_settings, replayer):
    page.goto(live_server.url)
    bar = page.locator("#replay-bar")
    eventually(lambda: "d-none" not in (bar.get_attribute("class") or ""), timeout=20)
    assert "DEMO · REPLAY" in bar.inner_text()
    # the badge is its own callback: it may follow the bar by a tick on a loaded machine
    eventually(lambda: page.locator("#feed-state").inner_text() == "REPLAY", timeout=10)
    clock_text = page.locator("#replay-clock").inner_text()
    assert "2026" in clock_text and clock_text.split()[5] in ("GMT", "BST")   # UK time, named
    # the timeline says what span it seeks over (its tooltip)
    eventually(lambda: " to " in (page.get_attribute("#replay-timeline-box", "title") or ""), timeout=5)
    eventually(lambda: page.locator(".incident-row").count() > 0 or page.evaluate("window.jru.live.count()") > 0,
               timeout=15)

    page.locator("#replay-pause").click()
    eventually(lambda: _status(redis_settings).get("paused") == "1")
    paused_at = float(_status(redis_settings)["ts"])
    page.wait_for_timeout(1200)
    assert float(_status(redis_settings)["ts"]) == pytest.approx(paused_at, abs=0.5)   # time stands still
    # the clock's label follows the replayer's state on its next tick (CI saw it a tick late)
    eventually(lambda: "(paused)" in page.locator("#replay-clock").inner_text(), timeout=10)

    page.locator("#replay-step").click()
    eventually(lambda: float(_status(redis_settings)["ts"]) == pytest.approx(paused_at + 60, abs=1))

    page.select_option("#replay-speed", "600")
    eventually(lambda: float(_status(redis_settings).get("speed", 0)) == 600)

    page.fill("#replay-seek-at", "2025-06-14T21:30")
    page.locator("#replay-seek-go").click()
    target = datetime(2025, 6, 14, 20, 30, tzinfo=timezone.utc).timestamp()   # typed in UK time: BST in June
    eventually(lambda: abs(float(_status(redis_settings)["ts"]) - target) < 120, timeout=10)
    eventually(lambda: "Sat 14 Jun 2025 21:3" in page.locator("#replay-clock").inner_text(), timeout=10)


def test_on_a_laptop_screen_the_replay_bar_is_one_line(page, live_server, replayer):
    """At 1366 px the seek box and Go wrapped to a second line, taking a strip off the map."""
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url)
    bar = page.locator("#replay-bar")
    eventually(lambda: "d-none" not in (bar.get_attribute("class") or "") and page.locator("#replay-clock").inner_text(),
               timeout=20)
    def one_line():   # judged once the bar has laid out its controls
        middles = {sel: (lambda b: round(b["y"] + b["height"] / 2))(page.locator(sel).bounding_box())
                   for sel in ("#replay-badge", "#replay-pause", "#replay-speed", "#replay-timeline", "#replay-seek-go")}
        return max(middles.values()) - min(middles.values()) <= 4 and middles
    eventually(one_line, timeout=10)
    assert page.locator("#replay-timeline").bounding_box()["width"] >= 120   # still long enough to drag


# counts the pause button's clicks, and notes whether the page's own use of Space (a scroll) was stopped
WATCH_SPACE = """() => { window.__pauseClicks = 0; document.getElementById('replay-pause')
    .addEventListener('click', () => { window.__pauseClicks += 1; });
    window.addEventListener('keydown', e => { if (e.key === ' ') window.__spaceKept = e.defaultPrevented; }); }"""


def test_space_pauses_and_resumes_the_replay_as_the_pause_button_says(page, live_server, redis_settings, replayer):
    """The pause button's tooltip said "Pause / resume (space)", and Space did nothing."""
    page.goto(live_server.url)
    bar = page.locator("#replay-bar")
    eventually(lambda: "d-none" not in (bar.get_attribute("class") or ""), timeout=20)
    page.evaluate(WATCH_SPACE)
    page.evaluate("document.activeElement && document.activeElement.blur()")   # focus on nothing in particular
    page.keyboard.press(" ")
    eventually(lambda: _status(redis_settings).get("paused") == "1")
    eventually(lambda: "(paused)" in page.locator("#replay-clock").inner_text(), timeout=10)
    page.keyboard.press(" ")
    eventually(lambda: _status(redis_settings).get("paused") != "1")
    # the server reads the replayer's state a moment late: the next press waits until the bar shows it running
    eventually(lambda: "(paused)" not in page.locator("#replay-clock").inner_text(), timeout=10)
    assert page.evaluate("window.__pauseClicks") == 2
    assert page.evaluate("window.__spaceKept") is True                       # not also a scroll of the page
    page.locator("#place-search").click()                           # typing: Space is a space
    page.keyboard.type("ME7 5", delay=30)
    assert page.locator("#place-search").input_value() == "ME7 5" and page.evaluate("window.__pauseClicks") == 2
    page.locator("#replay-pause").focus()                           # a button's own Space: one click, not two
    page.keyboard.press(" ")
    eventually(lambda: _status(redis_settings).get("paused") == "1")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pauseClicks") == 3 and _status(redis_settings).get("paused") == "1"
    assert page.js_errors == []
