"""Duty officer view: queue order and filters, keyboard shortcuts."""
import time

from tests.helpers import answers, eventually


def _queue(page):
    return page.eval_on_selector_all(".incident-row strong", "els => els.map(e => e.textContent)")


def test_queue_sorted_by_urgency_then_age_and_filtered(page, live_server, writer):
    now = time.time()
    writer.incident_event({"incident": "OLD-C3", "ts": now - 600, "lat": 51.38, "lon": 0.53, "category": "C3",
                           "type": "medical"})
    writer.incident_event({"incident": "NEW-C1", "ts": now, "lat": 51.44, "lon": 0.76, "category": "C1",
                           "type": "rtc"})
    writer.incident_event({"incident": "OLD-C1", "ts": now - 300, "lat": 51.44, "lon": 0.37, "grade": "immediate",
                           "type": "assault"})
    page.goto(live_server.url)
    eventually(lambda: _queue(page) == ["OLD-C1", "NEW-C1", "OLD-C3"], timeout=15)
    page.select_option("#filter-district", "Swale")
    eventually(lambda: _queue(page) == ["NEW-C1"])
    page.select_option("#filter-district", "all")
    page.select_option("#filter-type", "medical")
    eventually(lambda: _queue(page) == ["OLD-C3"])


def _k1_k2_and_a_unit_by_k2(page, live_server, writer) -> None:
    """Two C2 incidents, K1 older, and one unit beside K2; the officer page open with both queued."""
    now = time.time()
    writer.incident_event({"incident": "K1", "ts": now - 60, "lat": 51.40, "lon": 0.53, "category": "C2"})
    writer.incident_event({"incident": "K2", "ts": now, "lat": 51.44, "lon": 0.37, "category": "C2"})
    writer.unit_report({"unit": "JRU-GR-1", "ts": now, "lat": 51.441, "lon": 0.371})
    page.goto(live_server.url)
    eventually(lambda: _queue(page) == ["K1", "K2"], timeout=15)


def test_keyboard_moves_through_the_queue_and_accepts(page, live_server, writer, redis_settings):
    _k1_k2_and_a_unit_by_k2(page, live_server, writer)
    page.keyboard.press("j")
    eventually(lambda: "K1" in page.locator(".incident-row.active").inner_text())
    page.keyboard.press("j")
    eventually(lambda: "K2" in page.locator(".incident-row.active").inner_text())
    eventually(lambda: "K2" in page.locator("#suggestion-panel").inner_text()[:40])   # the panel is K2's now
    eventually(lambda: "JRU-GR-1" in page.locator("#suggestion-table").inner_text())
    # its urgency as the queue shows it: the same coloured badge, not grey text
    badge = page.locator("#selected-urgency")
    assert badge.inner_text() == "C2" and "urgency-2" in badge.get_attribute("class")
    assert page.locator(".incident-row.active .urgency-badge.urgency-2").count() == 1
    page.keyboard.press("a")
    page.locator("#accept-toast").wait_for(timeout=10_000)
    fields = redis_settings.client().xrange(redis_settings.keys.assignments)[0][1]
    assert (fields["incident"], fields["unit"]) == ("K2", "JRU-GR-1")

    # K2 now has a unit; another for it is in the closed "Send another unit": a key sends nobody unseen
    writer.unit_report({"unit": "JRU-GR-2", "ts": time.time(), "lat": 51.442, "lon": 0.372})
    eventually(lambda: "Assigned: JRU-GR-1" in page.locator("#assigned-alert").inner_text(), timeout=10)
    eventually(lambda: "JRU-GR-2" in page.locator("#suggestion-table").text_content(), timeout=10)   # hidden in the fold
    page.keyboard.press("a")
    page.wait_for_timeout(1500)
    assert len(redis_settings.client().xrange(redis_settings.keys.assignments)) == 1
    page.locator("summary", has_text="Send another unit").click()   # in view: the key sends it
    page.locator("#suggestion-table").wait_for(state="visible", timeout=5_000)
    page.keyboard.press("a")
    eventually(lambda: len(redis_settings.client().xrange(redis_settings.keys.assignments)) == 2)
    assert redis_settings.client().xrange(redis_settings.keys.assignments)[1][1]["unit"] == "JRU-GR-2"


def test_a_key_accepts_only_for_the_incident_chosen(page, live_server, writer, redis_settings):
    """j then a at once: the panel still shows the incident before until the server draws the new
    one, and a key must not send a unit to an incident the officer has just moved away from."""
    _k1_k2_and_a_unit_by_k2(page, live_server, writer)
    page.keyboard.press("j")
    page.locator("#suggestion-table button", has_text="Accept").wait_for(timeout=10_000)   # K1's panel
    page.evaluate("""() => ['j', 'a'].forEach(key => document.dispatchEvent(
        new KeyboardEvent('keydown', {key: key, bubbles: true})))""")   # faster than any redraw
    page.wait_for_timeout(1500)
    assert redis_settings.client().xrange(redis_settings.keys.assignments) == []
    eventually(lambda: "K2" in page.locator("#suggestion-panel").inner_text()[:40])
    page.keyboard.press("a")   # now the panel is K2's
    eventually(lambda: redis_settings.client().xrange(redis_settings.keys.assignments))
    fields = redis_settings.client().xrange(redis_settings.keys.assignments)[0][1]
    assert (fields["incident"], fields["unit"]) == ("K2", "JRU-GR-1")
    assert page.js_errors == []


def test_enter_on_a_row_tabbed_to_chooses_it_and_sends_nobody(page, live_server, writer, redis_settings):
    """With K2 chosen, an officer tabbed to K1 and pressed Enter to open it: that sent K2's top unit,
    as if Enter were the accept key wherever focus was."""
    _k1_k2_and_a_unit_by_k2(page, live_server, writer)
    page.locator(".incident-row", has_text="K2").click()
    eventually(lambda: "JRU-GR-1" in page.locator("#suggestion-table").inner_text(), timeout=10)
    page.locator(".incident-row", has_text="K1").focus()
    page.keyboard.press("Enter")
    eventually(lambda: "K1" in page.locator("#suggestion-panel").inner_text()[:40], timeout=10)
    assert "K1" in page.locator(".incident-row.active").inner_text()
    assert redis_settings.client().xrange(redis_settings.keys.assignments) == []
    page.keyboard.press("ArrowDown")   # focus follows the selection down the queue
    eventually(lambda: "K2" in page.locator("#suggestion-panel").inner_text()[:40], timeout=10)
    assert page.evaluate("() => document.activeElement.dataset.incident") == "K2"
    page.keyboard.press("Enter")   # on the chosen row, Enter is the accept key
    eventually(lambda: redis_settings.client().xrange(redis_settings.keys.assignments), timeout=10)
    fields = redis_settings.client().xrange(redis_settings.keys.assignments)[0][1]
    assert (fields["incident"], fields["unit"]) == ("K2", "JRU-GR-1")
    assert page.js_errors == []


def test_the_skip_links_reach_the_queue_and_the_suggestions_in_one_tab(page, live_server, writer):
    """Past the map's shapes: 34 Tabs reached the queue before."""
    _k1_k2_and_a_unit_by_k2(page, live_server, writer)
    page.locator("body").focus()
    page.keyboard.press("Tab")
    link = page.locator("a.skip-link", has_text="Skip to the incidents")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to the incidents"
    box = link.bounding_box()
    assert box is not None and box["width"] > 100 and box["y"] < 60   # shown when focused, at the top
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.dataset.incident") == "K1"   # the first row
    assert page.url.rstrip("/") == live_server.url.rstrip("/")   # no #hash for the page's router
    page.keyboard.press("Enter")   # choose it
    eventually(lambda: "K1" in page.locator("#suggestion-panel").inner_text()[:40], timeout=10)
    link.focus()
    page.keyboard.press("Tab")   # the second link, next in the tab order
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to the suggestions"
    page.keyboard.press("Enter")
    focused = page.evaluate("() => [document.activeElement.textContent, document.activeElement.dataset.incident]")
    assert focused == ["Accept", "K1"], focused
    assert link.bounding_box()["width"] <= 1   # hidden again once focus moved on
    assert page.js_errors == []


def test_queue_flags_an_incident_no_available_unit_can_reach_in_time(page, live_server, writer):
    now = time.time()
    writer.incident_event({"incident": "FAR-C1", "ts": now, "lat": 51.44, "lon": 0.90, "category": "C1"})
    writer.unit_report({"unit": "JRU-DA-1", "ts": now, "lat": 51.445, "lon": 0.22})
    page.goto(live_server.url)
    row = page.locator(".incident-row", has_text="FAR-C1")
    eventually(lambda: "misses target" in row.inner_text(), timeout=15)
    row.click()
    page.locator("#target-alert").wait_for(timeout=10_000)
    assert "No available unit can reach it within target (7 min" in page.locator("#target-alert").inner_text()


def test_a_new_incident_leaves_the_rows_already_shown_in_place(page, live_server, writer):
    """The queue is patched, not redrawn: a row that did not change is the same element
    (no flicker, the mouse stays on it), a changed one shows its change."""
    now = time.time()
    writer.incident_event({"incident": "STAY-1", "ts": now - 60, "lat": 51.40, "lon": 0.53, "category": "C2"})
    writer.incident_event({"incident": "MOVES-2", "ts": now - 30, "lat": 51.44, "lon": 0.37, "category": "C3"})
    page.goto(live_server.url)
    eventually(lambda: _queue(page) == ["STAY-1", "MOVES-2"], timeout=15)
    page.eval_on_selector(".incident-row[data-incident='STAY-1']", "el => { el.dataset.seen = 'yes'; }")
    writer.incident_event({"incident": "NEW-C1", "ts": time.time(), "lat": 51.39, "lon": 0.60, "category": "C1"})
    writer.incident_event({"incident": "MOVES-2", "ts": time.time(), "status": "assigned", "unit": "JRU-GR-9"})
    eventually(lambda: _queue(page) == ["NEW-C1", "STAY-1", "MOVES-2"], timeout=15)
    eventually(lambda: "assigned: JRU-GR-9" in page.locator(".incident-row", has_text="MOVES-2").inner_text())
    assert page.eval_on_selector(".incident-row[data-incident='STAY-1']", "el => el.dataset.seen") == "yes"


def test_a_redis_that_stops_answering_shows_lost_and_keeps_the_queue(page, live_server, writer):
    """Not a refused connection (that fails at once) but a server that hangs: every call to it waits
    for a timeout. The officer opening the page then must still get the queue, and be told. Behind a
    proxy that blocks event streams the page asks every second, each answer replacing the last."""
    writer.incident_event({"incident": "HANG-1", "ts": time.time(), "lat": 51.38, "lon": 0.53, "category": "C2"})
    page.route("**/push/**", lambda route: route.abort())
    page.goto(live_server.url)
    page.locator(".incident-row", has_text="HANG-1").wait_for(timeout=15_000)
    writer.client.execute_command("CLIENT", "PAUSE", 25_000, "ALL")   # ends by itself: UNPAUSE would hang too
    try:
        page.reload()
        page.locator(".incident-row", has_text="HANG-1").wait_for(timeout=15_000)
        eventually(lambda: page.inner_text("#feed-state") == "LOST", timeout=15)
        assert "Redis unreachable" in page.inner_text("#feed-health")
        assert page.locator(".incident-row", has_text="HANG-1").count() == 1   # still there after the next refreshes
    finally:
        eventually(lambda: answers(writer.client), timeout=40)



def test_on_a_laptop_screen_the_key_folds_and_the_queue_stays_in_view(page, live_server, writer):
    """1366 x 768: the open key covered Dartford's units, and a selected incident's suggestions
    pushed the queue below the bottom of the window."""
    now = time.time()
    page.set_viewport_size({"width": 1366, "height": 768})
    for n, lon in enumerate((0.21, 0.37, 0.53, 0.75, 0.90)):
        writer.unit_report({"unit": f"JRU-{n}", "ts": now, "lat": 51.40, "lon": lon, "status": "available"})
    for n in range(4):
        writer.incident_event({"incident": f"Q{n}", "ts": now - 60 * n, "lat": 51.38, "lon": 0.53 + 0.01 * n,
                               "category": "C2"})
    page.goto(live_server.url)
    eventually(lambda: len(_queue(page)) == 4, timeout=15)
    key = page.locator("#legend")
    # folded to "Key" by a clientside callback, which can run a tick after the queue is drawn
    eventually(lambda: key.get_attribute("open") is None and key.bounding_box()["height"] < 50, timeout=10)
    # the units come by the push stream, apart from the queue: wait until Dartford's is drawn (CI saw null)
    eventually(lambda: page.evaluate("window.jru.live.unit('JRU-0')") is not None, timeout=15)
    dartford = page.evaluate("window.jru.live.unit('JRU-0')")
    box = key.bounding_box()
    assert not (box["x"] <= dartford["x"] <= box["x"] + box["width"] and box["y"] <= dartford["y"] <= box["y"] + box["height"])

    page.locator(".incident-row", has_text="Q0").click()
    page.locator("#suggestion-table").wait_for(timeout=10_000)
    accept = page.locator("#suggestion-table button", has_text="Accept").first
    accept.wait_for(timeout=10_000)   # the table can be in the page a tick before its rows (CI saw no box)
    # the panel settles as the suggestion rows and their reasons arrive: judge the layout once it has
    def in_view():
        boxes = [accept.bounding_box()] + [r.bounding_box() for r in page.locator(".incident-row").all()[:2]]
        return all(b and b["y"] + b["height"] <= 768 for b in boxes) and boxes
    boxes = eventually(in_view, timeout=10)   # the top suggestion's Accept, and the queue below it
    assert len(boxes) == 3, boxes

    key.locator("summary").click()
    eventually(lambda: page.locator("#legend", has_text="On scene").is_visible())
    assert page.js_errors == []


def _a_dozen_open_on_a_laptop(page, live_server, writer, categories) -> None:
    """Four units and twelve incidents (L00 newest, categories in turn), the officer page open at 1366 x 768."""
    now = time.time()
    page.set_viewport_size({"width": 1366, "height": 768})
    for n, lon in enumerate((0.45, 0.50, 0.55, 0.60)):
        writer.unit_report({"unit": f"JRU-{n}", "ts": now, "lat": 51.38, "lon": lon, "status": "available"})
    for n in range(12):
        writer.incident_event({"incident": f"L{n:02d}", "ts": now - 30 * n, "lat": 51.36 + 0.005 * n,
                               "lon": 0.45 + 0.02 * n, "category": categories[n % len(categories)],
                               "summary": "Fall, conscious, breathing"})
    page.goto(live_server.url)
    eventually(lambda: len(_queue(page)) == 12, timeout=15)


def test_a_long_queue_leaves_the_selected_incident_s_suggestions_in_sight(page, live_server, writer):
    """With a dozen incidents open at 1366 x 768 the queue squeezed the suggestion card to its headings
    (~150 px of 476): the rows and their Accept were scrolled out of sight within the card."""
    _a_dozen_open_on_a_laptop(page, live_server, writer, ("C1", "C2", "C3"))
    page.locator(".incident-row", has_text="L05").click()
    accept = page.locator("#suggestion-table button", has_text="Accept").first
    accept.wait_for(timeout=10_000)
    card = page.locator(".suggestion-card")
    def accept_shown():   # inside the card's visible part (it scrolls) and the window; the queue still there
        a, c, row = accept.bounding_box(), card.bounding_box(), page.locator(".incident-row").first.bounding_box()
        return (a and c and row and c["y"] <= a["y"] and a["y"] + a["height"] <= c["y"] + c["height"] <= 768
                and row["y"] + 40 <= 768)
    eventually(accept_shown, timeout=10)
    assert page.js_errors == []


def test_the_incident_chosen_stays_in_sight_in_a_queue_of_two_rows_at_least(page, live_server, writer):
    """At every screen size a chosen incident's suggestions took all but one row of the queue, and the row
    clicked (the 4th) was pushed out of sight below it; j moved the choice out of sight as well."""
    _a_dozen_open_on_a_laptop(page, live_server, writer, ("C2",))
    queue = page.locator("#incident-queue")

    def chosen_in_sight(name):
        q, row = queue.bounding_box(), page.locator(".incident-row.active", has_text=name).bounding_box()
        return q and row and q["y"] - 1 <= row["y"] and row["y"] + row["height"] <= q["y"] + q["height"] + 1
    page.locator(".incident-row").nth(3).click()
    page.locator("#suggestion-table").wait_for(timeout=10_000)
    name = page.locator(".incident-row.active strong").inner_text()
    eventually(lambda: chosen_in_sight(name), timeout=10)
    assert queue.bounding_box()["height"] >= 2 * page.locator(".incident-row").first.bounding_box()["height"]
    for _ in range(6):
        page.keyboard.press("j")
        page.wait_for_timeout(150)
    name = page.locator(".incident-row.active strong").inner_text()
    assert name == _queue(page)[9] == "L02"   # the 10th of 12, oldest first: the 4th and six rows on
    eventually(lambda: chosen_in_sight(name), timeout=10)
    assert page.js_errors == []


def test_an_incident_that_arrives_is_marked_new_until_looked_at(page, live_server, writer):
    now = time.time()
    writer.incident_event({"incident": "BEFORE", "ts": now - 120, "lat": 51.38, "lon": 0.53, "category": "C3"})
    page.goto(live_server.url)
    eventually(lambda: _queue(page) == ["BEFORE"], timeout=15)
    eventually(lambda: page.title() == "(1 waiting) North Kent JRU")
    assert page.locator(".new-badge").count() == 0          # there when the page opened: not news

    writer.incident_event({"incident": "ARRIVED", "ts": time.time(), "lat": 51.44, "lon": 0.37, "category": "C1"})
    eventually(lambda: _queue(page) == ["ARRIVED", "BEFORE"], timeout=15)
    new = page.locator(".incident-row", has_text="ARRIVED")
    eventually(lambda: new.locator(".new-badge").inner_text() == "NEW")
    assert page.locator(".incident-row", has_text="BEFORE").locator(".new-badge").count() == 0
    eventually(lambda: page.title() == "(2 waiting) North Kent JRU")   # for an officer on another tab

    new.click()                                               # looked at
    eventually(lambda: new.locator(".new-badge").count() == 0)
    writer.incident_event({"incident": "BEFORE", "ts": time.time(), "status": "assigned", "unit": "JRU-GR-1"})
    eventually(lambda: page.title() == "(1 waiting) North Kent JRU")
    writer.incident_event({"incident": "ARRIVED", "ts": time.time(), "status": "assigned", "unit": "JRU-DA-1"})
    eventually(lambda: page.title() == "North Kent JRU")
    assert page.js_errors == []


def test_the_queue_says_the_time_left_to_each_target_and_overdue(page, live_server, writer):
    now = time.time()
    writer.incident_event({"incident": "LATE-C1", "ts": now - 600, "lat": 51.38, "lon": 0.53, "category": "C1"})
    writer.incident_event({"incident": "FRESH-C2", "ts": now - 60, "lat": 51.44, "lon": 0.37, "category": "C2"})
    page.goto(live_server.url)
    eventually(lambda: _queue(page) == ["LATE-C1", "FRESH-C2"], timeout=15)
    late = page.locator(".incident-row", has_text="LATE-C1").locator(".time-left")
    assert late.inner_text() == "OVERDUE 3 min" and "text-danger" in late.get_attribute("class")   # 7 min target
    assert page.locator(".incident-row", has_text="FRESH-C2").locator(".time-left").inner_text() == "17 min left"
    writer.incident_event({"incident": "LATE-C1", "ts": time.time(), "status": "on_scene", "unit": "JRU-MW-1"})
    eventually(lambda: page.locator(".incident-row", has_text="LATE-C1").locator(".time-left").count() == 0)
    assert page.js_errors == []


def test_a_long_queue_row_keeps_its_age_and_time_left_apart(page, live_server, writer):
    """A head line that just fills its line (NEW, the incident number, two urgency words) printed the
    age and the time left run together: '35 min left25 min'. Widths swept: line breaks fall everywhere."""
    page.goto(live_server.url)
    page.locator("#queue-empty").wait_for(timeout=15_000)   # drawn: what comes next is news (NEW)
    writer.incident_event({"incident": "MW261031-01", "ts": time.time() - 300, "lat": 51.38, "lon": 0.53,
                           "category": "C1", "grade": "immediate", "type": "assault"})
    row = page.locator(".incident-row", has_text="MW261031-01")
    row.locator(".new-badge").wait_for(timeout=15_000)
    assert row.locator(".time-left").inner_text() == "2 min left"
    together = {}
    for width in range(760, 1080, 6):   # the queue's column is 45% of the window up to 480 px
        page.set_viewport_size({"width": width, "height": 800})
        age, left = row.get_by_text("5 min", exact=True).bounding_box(), row.locator(".time-left").bounding_box()
        if left["y"] < age["y"] + age["height"] - 1:   # not below the age: on its line, run into it
            together[width] = (age, left)
    assert together == {}
    assert page.js_errors == []


def test_a_sound_for_a_new_c1_incident_once_the_officer_turns_it_on(page, live_server, writer):
    page.goto(live_server.url)
    page.locator("#incident-queue").wait_for(timeout=15_000)
    toggle = page.locator("#sound-toggle")
    assert toggle.inner_text().strip() == "Sound off"
    writer.incident_event({"incident": "QUIET-C1", "ts": time.time(), "lat": 51.38, "lon": 0.53, "category": "C1"})
    page.locator(".incident-row", has_text="QUIET-C1").wait_for(timeout=15_000)
    assert page.evaluate("window.jru.sound.played") == 0          # off until the officer turns it on

    toggle.click()
    eventually(lambda: toggle.inner_text().strip() == "Sound on" and toggle.get_attribute("aria-pressed") == "true")
    writer.incident_event({"incident": "LOUD-C1", "ts": time.time(), "lat": 51.44, "lon": 0.37, "grade": "immediate"})
    writer.incident_event({"incident": "SOFT-C3", "ts": time.time(), "lat": 51.40, "lon": 0.60, "category": "C3"})
    page.locator(".incident-row", has_text="SOFT-C3").wait_for(timeout=15_000)
    eventually(lambda: page.evaluate("window.jru.sound.played") == 1)   # the C1 / immediate one only
    page.reload()                                                   # the choice is kept in this browser
    page.locator(".incident-row", has_text="LOUD-C1").wait_for(timeout=15_000)
    eventually(lambda: page.locator("#sound-toggle").inner_text().strip() == "Sound on")
    assert page.evaluate("window.jru.sound.played") == 0          # nothing new since the page opened
    assert page.js_errors == []


VIEW_JS = """() => { const m = window.jru.maps.map, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }"""


def test_choosing_an_incident_off_the_map_brings_it_into_view(page, live_server, writer):
    """Zoomed in on Dartford, the officer picks a Sheppey incident in the queue: the map goes to it,
    at a zoom that shows the units round it. Picking one already in sight leaves the view alone."""
    now = time.time()
    writer.incident_event({"incident": "SHEPPEY-1", "ts": now, "lat": 51.4400, "lon": 0.7600, "category": "C2"})
    writer.incident_event({"incident": "DARTFORD-1", "ts": now, "lat": 51.4450, "lon": 0.2180, "category": "C3"})
    page.goto(live_server.url)
    page.locator(".incident-icon.incident-id-SHEPPEY-1").wait_for(timeout=20_000)
    page.evaluate("() => window.jru.maps.map.setView([51.4440, 0.2150], 15, {animate: false})")
    page.locator(".incident-row", has_text="DARTFORD-1").click()   # in sight: the view stays
    page.locator(".incident-row.active", has_text="DARTFORD-1").wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    lat, lon, zoom = page.evaluate(VIEW_JS)
    assert (round(lat, 4), round(lon, 4), zoom) == (51.444, 0.215, 15)

    page.locator(".incident-row", has_text="SHEPPEY-1").click()
    def shown():
        lat, lon, zoom = page.evaluate(VIEW_JS)
        return abs(lat - 51.44) < 0.01 and abs(lon - 0.76) < 0.01 and zoom <= 13
    eventually(shown, timeout=10)
    assert page.locator(".incident-icon.incident-id-SHEPPEY-1").is_visible()
    assert page.js_errors == []


def test_the_queue_holds_its_order_while_the_mouse_moves_over_it(page, live_server, writer):
    """A new C1 put at the top pushed every row down under the pointer: the click meant for K1
    chose the next incident. While the mouse moves over the list the rows stay; at rest they catch up."""
    _k1_k2_and_a_unit_by_k2(page, live_server, writer)
    k2 = page.locator(".incident-row", has_text="K2").bounding_box()
    writer_at = time.time()
    deadline = time.monotonic() + 2.5
    page.mouse.move(k2["x"] + 40, k2["y"] + 10)
    writer.incident_event({"incident": "C1-NEW", "ts": writer_at, "lat": 51.39, "lon": 0.55, "category": "C1"})
    seen_held = False
    while time.monotonic() < deadline:   # a hand resting on the list still moves a little
        page.mouse.move(k2["x"] + 40 + (time.monotonic() * 7) % 5, k2["y"] + 10)
        assert _queue(page)[:2] == ["K1", "K2"]
        seen_held = seen_held or page.locator("#queue-held").is_visible()
        page.wait_for_timeout(150)
    assert seen_held
    assert page.locator(".incident-row", has_text="K2").bounding_box()["y"] == k2["y"]
    page.locator(".incident-row", has_text="K2").click()   # lands on K2, as the officer saw it
    eventually(lambda: "K2" in page.locator("#suggestion-panel").inner_text()[:40], timeout=10)
    page.mouse.move(5, 300)   # off the list: it catches up at once
    eventually(lambda: _queue(page) == ["C1-NEW", "K1", "K2"], timeout=5)
    assert not page.locator("#queue-held").is_visible()
    # however long the hand keeps moving, a new incident waits at most a few seconds
    row = page.locator(".incident-row", has_text="K1").bounding_box()
    writer.incident_event({"incident": "C1-NEWER", "ts": time.time(), "lat": 51.40, "lon": 0.56, "category": "C1"})
    started = time.monotonic()
    while "C1-NEWER" not in _queue(page):
        assert time.monotonic() - started < 8, "held for good"
        page.mouse.move(row["x"] + 40 + (time.monotonic() * 7) % 5, row["y"] + 10)
        page.wait_for_timeout(150)
    assert page.js_errors == []


def test_incidents_waiting_for_a_unit_come_first_in_the_queue(page, live_server, writer):
    """A new C1 came in fourth, under incidents already attended, and out of a short queue's view."""
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.38, "lon": 0.52, "status": "on_scene"})
    writer.unit_report({"unit": "JRU-GR-1", "ts": now, "lat": 51.44, "lon": 0.37, "status": "en_route"})
    writer.incident_event({"incident": "THERE-C1", "ts": now - 900, "lat": 51.381, "lon": 0.521, "category": "C1",
                           "status": "on_scene", "unit": "JRU-MW-1"})
    writer.incident_event({"incident": "SENT-C2", "ts": now - 600, "lat": 51.43, "lon": 0.36, "category": "C2",
                           "status": "assigned", "unit": "JRU-GR-1"})
    writer.incident_event({"incident": "WAIT-C3", "ts": now - 60, "lat": 51.34, "lon": 0.73, "category": "C3"})
    page.goto(live_server.url)
    eventually(lambda: _queue(page) == ["WAIT-C3", "THERE-C1", "SENT-C2"], timeout=15)
    page.goto(live_server.url + "/wall")   # the wall's ticker the same way
    eventually(lambda: page.eval_on_selector_all(".wall-row", "els => els.map(e => e.id)")
               == ["ticker-WAIT-C3", "ticker-THERE-C1", "ticker-SENT-C2"], timeout=15)
    assert page.js_errors == []


def test_focus_survives_the_redraws_and_enter_never_acts_on_what_was_not_chosen(page, live_server, writer,
                                                                                   redis_settings):
    """A redraw dropped the focus to the page; Enter then sent the top unit of the incident chosen
    before (a row tabbed to) or the top unit instead of the one whose Send was focused."""
    _k1_k2_and_a_unit_by_k2(page, live_server, writer)
    writer.unit_report({"unit": "JRU-GR-2", "ts": time.time(), "lat": 51.445, "lon": 0.38})
    assignments = lambda: redis_settings.client().xrange(redis_settings.keys.assignments)   # noqa: E731
    page.locator(".incident-row", has_text="K2").click()
    eventually(lambda: "JRU-GR-2" in page.locator("#suggestion-table").inner_text(), timeout=10)
    page.locator(".incident-row", has_text="K1").focus()   # tabbed to K1, to choose it
    page.evaluate("() => { window.k1Row = document.querySelector('.incident-row[data-incident=\"K1\"]'); }")
    writer.incident_event({"incident": "K1", "ts": time.time(), "summary": "Caller now unconscious"})
    eventually(lambda: page.evaluate("() => !window.k1Row.isConnected"), timeout=10)   # the row was redrawn
    assert page.evaluate("() => document.activeElement.dataset.incident") == "K1"   # and keeps the focus
    page.evaluate("() => document.activeElement.blur()")   # nothing focused: Enter does nothing
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    assert assignments() == [] and "K2" in page.locator(".incident-row.active").inner_text()

    send = page.locator('#suggestion-table button[data-unit="JRU-GR-2"]')
    send.focus()   # the second unit's Send, not the top one's Accept
    page.evaluate("() => { window.send = document.querySelector('#suggestion-table button[data-unit=\"JRU-GR-2\"]'); }")
    writer.unit_report({"unit": "JRU-GR-2", "ts": time.time(), "lat": 51.4451, "lon": 0.3801})   # a new fix
    eventually(lambda: page.evaluate("() => !window.send.isConnected"), timeout=15)   # the panel was redrawn
    assert page.evaluate("() => document.activeElement.dataset.unit") == "JRU-GR-2"
    page.keyboard.press("Enter")
    eventually(assignments, timeout=10)
    assert (assignments()[0][1]["incident"], assignments()[0][1]["unit"]) == ("K2", "JRU-GR-2")
    assert page.js_errors == []


def test_in_a_narrow_window_the_suggestions_come_into_view_and_a_never_accepts_unseen(page, live_server, writer,
                                                                                     redis_settings):
    """At 800 px the incidents are below the map: the panel stayed far above the row chosen, and `a`
    sent a unit the officer never saw."""
    page.set_viewport_size({"width": 800, "height": 700})
    _k1_k2_and_a_unit_by_k2(page, live_server, writer)
    now = time.time()
    for n in range(10):   # a queue taller than the window
        writer.incident_event({"incident": f"Q{n}", "ts": now - 300 - n, "lat": 51.30 + n / 200, "lon": 0.60,
                               "category": "C3"})
    eventually(lambda: len(_queue(page)) == 12, timeout=10)
    row = page.locator(".incident-row", has_text="K2")
    row.scroll_into_view_if_needed()
    row.click()
    eventually(lambda: "JRU-GR-1" in page.locator("#suggestion-table").inner_text(), timeout=10)
    accept = page.locator("#suggestion-table button", has_text="Accept")
    in_view = "el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; }"
    eventually(lambda: accept.evaluate(in_view), timeout=5)   # brought into view on choosing
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")   # down to the queue again
    eventually(lambda: not accept.evaluate(in_view))
    page.keyboard.press("a")   # off the screen: shown, not sent
    eventually(lambda: accept.evaluate(in_view))
    page.wait_for_timeout(1000)
    assert redis_settings.client().xrange(redis_settings.keys.assignments) == []
    page.keyboard.press("a")   # now in view: sent
    eventually(lambda: redis_settings.client().xrange(redis_settings.keys.assignments), timeout=10)
    assert page.js_errors == []


def test_a_new_c1_above_a_queue_scrolled_down_is_brought_into_sight(page, live_server, writer):
    """At 1366 x 768 with an incident chosen the queue shows a row or two, scrolled to that incident:
    a new C1 above it went unseen (the sound is off until switched on)."""
    page.set_viewport_size({"width": 1366, "height": 768})
    now = time.time()
    for n in range(12):
        writer.incident_event({"incident": f"Q{n:02d}", "ts": now - 600 + n, "lat": 51.30 + n / 200, "lon": 0.60,
                               "category": "C3"})
    page.goto(live_server.url)
    eventually(lambda: len(_queue(page)) == 12, timeout=15)
    last = page.locator(".incident-row", has_text="Q11")
    last.scroll_into_view_if_needed()
    last.click()
    page.mouse.move(5, 300)   # off the list: nothing held
    shows = ("id => { const box = document.getElementById('incident-queue').getBoundingClientRect();"
             " const r = document.querySelector(`.incident-row[data-incident='${id}']`).getBoundingClientRect();"
             " return r.top >= box.top - 1 && r.bottom <= box.bottom + 1; }")
    assert not page.evaluate(shows, "Q00")   # scrolled down to Q11
    writer.incident_event({"incident": "C1-NOW", "ts": time.time(), "lat": 51.39, "lon": 0.55, "category": "C1"})
    eventually(lambda: "C1-NOW" in _queue(page), timeout=10)
    eventually(lambda: page.evaluate(shows, "C1-NOW"), timeout=5)
    assert "Q11" in page.locator(".incident-row.active").inner_text()   # still the incident in hand
    assert page.js_errors == []


def test_a_screen_reader_hears_a_new_c1_and_which_row_is_chosen(page, live_server, writer):
    """The sound is off by default and a row scrolled into sight is not heard: a new C1 is put into an
    assertive live region in words, and the chosen row says it is the current one."""
    now = time.time()
    writer.incident_event({"incident": "K1", "ts": now - 60, "lat": 51.38, "lon": 0.52, "category": "C3",
                           "type": "medical"})
    page.goto(live_server.url)
    page.locator(".incident-row", has_text="K1").click(timeout=20_000)
    eventually(lambda: page.locator('.incident-row[aria-current="true"]').count() == 1)
    assert "K1" in page.locator('.incident-row[aria-current="true"]').inner_text()
    say = page.locator("#queue-announce")
    assert say.get_attribute("aria-live") == "assertive" and say.inner_text() == ""   # nothing new yet
    writer.incident_event({"incident": "C1-NOW", "ts": time.time(), "lat": 51.39, "lon": 0.55, "category": "C1",
                           "type": "rtc"})
    eventually(lambda: say.text_content().startswith("New C1 incident C1-NOW: Road collision, "), timeout=10)
    assert not say.is_visible() or say.bounding_box()["width"] <= 1    # heard, not seen
    page.locator(".incident-row", has_text="C1-NOW").click()
    eventually(lambda: "C1-NOW" in page.locator('.incident-row[aria-current="true"]').inner_text())
    assert page.locator('.incident-row[aria-current="true"]').count() == 1
    assert page.js_errors == []


def test_a_row_redrawn_between_press_and_release_is_still_chosen(page, live_server, writer):
    """A unit's news redraws its incident's row (a new element); a click whose button came up after
    that went to the list, not the row, and chose nothing (CI saw it once, as an officer would)."""
    now = time.time()
    for k in ("K1", "K2"):
        writer.incident_event({"incident": k, "ts": now - 60, "lat": 51.38, "lon": 0.52, "category": "C3"})
    page.goto(live_server.url)
    row = page.locator(".incident-row", has_text="K2")
    row.wait_for(timeout=20_000)
    box = row.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.evaluate("() => { const r = document.querySelector('.incident-row[data-incident=\"K2\"]');"
                  " r.replaceWith(r.cloneNode(true)); }")     # as assets/queue.js redraws a row
    page.mouse.up()
    eventually(lambda: "K2" in page.locator("#suggestion-panel").inner_text(), timeout=10)
    assert "K2" in page.locator('.incident-row[aria-current="true"]').inner_text()
    assert page.js_errors == []


def test_the_queue_names_backup_on_its_way_apart_from_the_crew_at_the_scene(page, live_server, writer,
                                                                            redis_settings):
    """An incident on scene that has sent for backup read "on scene: JRU-MW-2, JRU-SW-1", as if both
    crews were there while one was still 15 km off."""
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-2", "ts": now, "lat": 51.39, "lon": 0.53, "status": "on_scene"})
    writer.unit_report({"unit": "JRU-SW-1", "ts": now, "lat": 51.34, "lon": 0.73, "status": "available"})
    writer.incident_event({"incident": "FIGHT-1", "ts": now - 600, "lat": 51.39, "lon": 0.53, "type": "assault",
                           "category": "C2"})
    writer.incident_event({"incident": "FIGHT-1", "ts": now - 60, "status": "on_scene", "unit": "JRU-MW-2"})
    page.goto(live_server.url)
    row = page.locator(".incident-row", has_text="FIGHT-1")
    eventually(lambda: "on scene: JRU-MW-2" in row.inner_text(), timeout=20)
    client, keys = redis_settings.client(), redis_settings.keys
    client.xadd(keys.assignments, {"incident": "FIGHT-1", "unit": "JRU-SW-1", "ts": f"{time.time():.3f}", "by": "sgt"})
    eventually(lambda: "on scene: JRU-MW-2 · backup JRU-SW-1 on its way" in row.inner_text(), timeout=15)
    writer.unit_report({"unit": "JRU-SW-1", "ts": time.time(), "lat": 51.39, "lon": 0.53, "status": "on_scene"})
    eventually(lambda: "on scene: JRU-MW-2, JRU-SW-1" in row.inner_text(), timeout=15)
    assert "backup" not in row.inner_text()
    assert page.js_errors == []


def test_a_closed_incident_chosen_says_when_it_closed(page, live_server, writer):
    """A closed incident's head read "open 754 h 01 · closed (JRU-MW-1)", as if it were still open."""
    now = time.time()
    writer.incident_event({"incident": "DONE-1", "ts": now - 3600, "lat": 51.38, "lon": 0.53, "category": "C3"})
    writer.incident_event({"incident": "DONE-1", "ts": now - 720, "status": "closed", "unit": "JRU-MW-1"})
    page.goto(live_server.url)
    page.wait_for_selector("#filter-status", timeout=20_000)
    page.select_option("#filter-status", "closed")
    row = page.locator(".incident-row", has_text="DONE-1")
    # its row too: it read "1 h 00", the time since it opened
    eventually(lambda: row.locator(".queue-times").inner_text() == "closed 12 min ago", timeout=15)
    row.click()
    head = page.locator("#suggestion-panel .small").first
    eventually(lambda: "closed 12 min ago" in head.inner_text(), timeout=10)
    assert "open" not in head.inner_text() and "JRU-MW-1" in head.inner_text()
    assert page.js_errors == []


def test_after_an_accept_j_goes_to_the_incident_that_took_its_place(page, live_server, writer, redis_settings):
    """The incident sent a unit moves down among the attended: j then went on from there (to an incident on
    scene at the bottom), not to the next one waiting, which had moved up into its place."""
    now = time.time()
    for n, (lat, lon) in enumerate(((51.40, 0.53), (51.44, 0.37), (51.34, 0.73))):
        writer.incident_event({"incident": f"W{n + 1}", "ts": now - 60 * (3 - n), "lat": lat, "lon": lon,
                               "category": "C2"})
        writer.unit_report({"unit": f"JRU-{n + 1}", "ts": now, "lat": lat + 0.001, "lon": lon + 0.001})
    page.goto(live_server.url)
    eventually(lambda: _queue(page) == ["W1", "W2", "W3"], timeout=15)
    page.keyboard.press("j")
    eventually(lambda: "W1" in page.locator(".incident-row.active").inner_text())
    eventually(lambda: "W1" in page.locator("#suggestion-panel").inner_text()[:40])
    page.locator("#suggestion-table button", has_text="Accept").first.wait_for(timeout=10_000)
    page.keyboard.press("a")
    page.locator("#accept-toast").wait_for(timeout=10_000)
    eventually(lambda: _queue(page) == ["W2", "W3", "W1"], timeout=15)
    page.keyboard.press("j")
    eventually(lambda: "W2" in page.locator(".incident-row.active").inner_text())
    page.keyboard.press("j")
    eventually(lambda: "W3" in page.locator(".incident-row.active").inner_text())
    assert page.js_errors == []


def _asked(page, output: str) -> list:
    """The page's requests to the server for the callback whose output starts `output`, as they go (noted
    while a Playwright call runs: a wait in between lets them in)."""
    asked = []
    page.on("request", lambda r: asked.append(r) if "_dash-update-component" in r.url
            and f'"output":"{output}' in (r.post_data or "").replace(" ", "") else None)
    return asked


def test_a_unit_s_details_ask_the_server_for_its_news_only_while_open(page, live_server, writer):
    """Closed, the details still asked the server on every feed stamp (to be told there was nothing to do)."""
    writer.unit_report({"unit": "JRU-SW-1", "ts": time.time(), "lat": 51.34, "lon": 0.73, "status": "available"})
    details_asked, queue_asked = _asked(page, "unit-details.children@"), _asked(page, "..queue-data.data")
    page.goto(live_server.url)
    eventually(lambda: page.evaluate("window.jru.live.unit('JRU-SW-1') && window.jru.live.picture"), timeout=20)

    def news(status):   # each status is a new feed stamp (pushed): the queue asks the server for it
        pushed, asked = page.evaluate("window.jru.live.picture.s"), len(queue_asked)
        writer.unit_report({"unit": "JRU-SW-1", "ts": time.time(), "status": status})
        eventually(lambda: page.evaluate("window.jru.live.picture.s") > pushed, timeout=10)
        eventually(lambda: page.wait_for_timeout(50) or len(queue_asked) > asked, timeout=10)   # events come
    for status in ("unavailable", "available", "unavailable"):
        news(status)
    assert details_asked == []
    unit = page.evaluate("window.jru.live.unit('JRU-SW-1')")
    page.mouse.click(unit["x"], unit["y"])
    details = page.locator("#unit-details-table")
    details.wait_for(timeout=10_000)
    news("on_scene")
    eventually(lambda: "On scene" in details.inner_text(), timeout=10)   # open, it follows the unit
    assert details_asked
    page.locator("#unit-details .btn-close").click()
    details.wait_for(state="hidden", timeout=5_000)
    news("available")   # a stamp on its way as it closed may still ask; none after it
    seen = len(details_asked)
    for status in ("unavailable", "available"):
        news(status)
    assert len(details_asked) == seen
    assert page.js_errors == []


def test_choosing_an_incident_does_not_move_the_queue_under_the_mouse(page, live_server, writer):
    """A's panel is short (a unit on scene), B's tall (its suggestions): choosing B from the queue pushed
    the queue down ~300 px under the pointer, and the next click chose the row below. With an incident
    chosen the queue stays where it is, whichever incident it is, and B's first Accept is in sight."""
    now = time.time()
    writer.incident_event({"incident": "ON-SCENE-A", "ts": now - 600, "lat": 51.40, "lon": 0.53, "category": "C2",
                           "type": "medical"})
    writer.incident_event({"incident": "ON-SCENE-A", "ts": now - 60, "status": "on_scene", "unit": "JRU-MW-9"})
    writer.incident_event({"incident": "WAITING-B", "ts": now, "lat": 51.44, "lon": 0.37, "category": "C2",
                           "type": "rtc", "summary": "Two cars, one person trapped"})
    for n, (lat, lon) in enumerate([(51.441, 0.371), (51.43, 0.40), (51.39, 0.52), (51.34, 0.73)]):
        writer.unit_report({"unit": f"JRU-T-{n}", "ts": now, "lat": lat, "lon": lon, "officers": 2, "paramedics": 1})
    page.goto(live_server.url)
    eventually(lambda: sorted(_queue(page)) == ["ON-SCENE-A", "WAITING-B"], timeout=15)
    page.locator(".incident-row", has_text="ON-SCENE-A").click()
    eventually(lambda: "ON-SCENE-A" in page.locator("#suggestion-panel").inner_text()[:60], timeout=10)
    page.wait_for_timeout(500)
    queue_top = page.locator("#incident-queue").bounding_box()["y"]
    page.locator(".incident-row", has_text="WAITING-B").click()
    accept = page.locator("#suggestion-table button", has_text="Accept").first
    accept.wait_for(timeout=10_000)
    eventually(lambda: page.locator("#suggestion-table tr.suggestion-row").count() >= 3, timeout=10)
    page.wait_for_timeout(500)
    assert page.locator("#incident-queue").bounding_box()["y"] == queue_top
    card = page.locator(".suggestion-card").bounding_box()
    assert card["y"] <= accept.bounding_box()["y"] <= card["y"] + card["height"] - 20
    page.locator(".incident-row", has_text="ON-SCENE-A").click()   # and back
    eventually(lambda: "Send another unit" in page.locator("#suggestion-panel").inner_text(), timeout=10)
    assert page.locator("#incident-queue").bounding_box()["y"] == queue_top
    assert page.js_errors == []
