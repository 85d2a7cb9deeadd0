"""The search box on `/`: typed from the keyboard, the map flies to the postcode or place and marks it."""
from __future__ import annotations

import time

from dashboard.core.postcodes import find, load_postcodes
from tests.helpers import eventually

MAP_READY = "!!(window.jru && window.jru.maps && window.jru.maps.map)"
MAP_NAMES_SHOWN = """name => Array.from(document.querySelectorAll('.basemap-label'))
  .filter(el => el.textContent.trim() === name && !el.classList.contains('label-clash')
          && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0).length"""


def _center(page) -> tuple[float, float]:
    c = page.evaluate("(() => { const c = window.jru.maps.map.getCenter(); return [c.lng, c.lat]; })()")
    return float(c[0]), float(c[1])


def _zoom(page) -> float:
    return float(page.evaluate("window.jru.maps.map.getZoom()"))


def _settled_zoom(page) -> float | None:
    """The zoom once the fly there has ended (on the way it passes the zooms between)."""
    z = _zoom(page)
    time.sleep(0.3)
    return z if _zoom(page) == z else None


def _width_m(page) -> float:
    """How many metres of ground the map shows across, at its middle."""
    return float(page.evaluate("""(() => { const m = window.jru.maps.map, b = m.getBounds(), y = m.getCenter().lat;
        return m.distance([y, b.getWest()], [y, b.getEast()]); })()"""))


def test_typing_a_postcode_moves_the_map_there(page, live_server):
    pc = load_postcodes()
    i = find(pc, "ME7 5NY")
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    eventually(lambda: page.evaluate(MAP_READY))
    before, zoom_before = _center(page), _zoom(page)

    page.keyboard.press("/")                                   # focuses the box
    page.keyboard.type("me7  5ny", delay=30)                   # any spelling
    page.locator(".place-search-hit", has_text="ME7 5NY").wait_for(timeout=10_000)
    page.keyboard.press("Enter")
    def arrived():
        c = _center(page)
        return c if abs(c[0] - pc.lon[i]) < 0.002 and abs(c[1] - pc.lat[i]) < 0.002 else None
    after = eventually(arrived)
    assert abs(after[0] - before[0]) + abs(after[1] - before[1]) > 0.05   # it really moved
    # zoomed in to the streets around it, not to the doorstep: ~1.5 km each way in view, the units and
    # incidents near the address with it (at 17 the map showed ~50 m and no street)
    assert zoom_before < 12 and 14 <= eventually(lambda: _settled_zoom(page)) <= 15.5
    assert 2_500 < _width_m(page) < 6_000
    page.locator(".search-label", has_text="ME7 5NY").wait_for(timeout=5_000)   # and marked it
    assert page.locator(".search-marker").count() == 1
    page.locator("#place-search").click()
    page.keyboard.press("/")   # in the box: selects what was typed, for a new search ("Gilingham/")
    page.keyboard.type("Chatham")
    assert page.locator("#place-search").input_value() == "Chatham"
    assert page.locator(".search-marker").count() == 1   # a new search typed: the mark stays until one is picked
    page.fill("#place-search", "")   # the box emptied (its ✕ does this): the pin for the old address goes
    eventually(lambda: page.locator(".search-marker").count() == 0, timeout=5)
    assert page.js_errors == []


def test_arrows_pick_among_answers_and_typos_find_the_town(page, live_server):
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    eventually(lambda: page.evaluate(MAP_READY))
    box = page.locator("#place-search")
    box.click()
    box.type("ME7 5", delay=30)
    page.locator(".place-search-hit", has_text="ME7 5AE").wait_for(timeout=10_000)
    labels = page.locator(".place-search-hit").all_inner_texts()
    assert labels[0].startswith("ME7 5 ") and labels[2].startswith("ME7 5AE")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator(".search-label", has_text="ME7 5AE").wait_for(timeout=10_000)

    box.fill("")
    box.type("sittingborne", delay=30)
    page.locator(".place-search-hit.active", has_text="Sittingbourne").wait_for(timeout=10_000)
    page.keyboard.press("Enter")
    eventually(lambda: abs(_center(page)[0] - 0.7328) < 0.005 and abs(_center(page)[1] - 51.3413) < 0.005)
    assert eventually(lambda: _settled_zoom(page)) <= 14            # a town: wider than a postcode
    page.locator(".search-label", has_text="Sittingbourne").wait_for(timeout=5_000)
    assert page.locator(".search-marker").count() == 1                 # the old mark is gone
    # named once: the map's own name of the town, under the pin, makes room for it
    assert eventually(lambda: page.evaluate(MAP_NAMES_SHOWN, "Sittingbourne") == 0)
    assert page.js_errors == []


def test_the_answers_close_with_escape_or_a_click_elsewhere_and_come_back(page, live_server):
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    eventually(lambda: page.evaluate(MAP_READY))
    answers = page.locator("#place-search-results")
    page.keyboard.press("/")
    page.keyboard.type("Chatham", delay=30)
    page.locator(".place-search-hit", has_text="Chatham").first.wait_for(timeout=10_000)
    page.keyboard.press("Escape")                      # a list left open would cover the map
    eventually(lambda: not answers.is_visible())
    page.keyboard.press("/")                           # back in the box: the answers again
    eventually(answers.is_visible)
    page.locator("#incident-queue").click()            # a click anywhere else closes them
    eventually(lambda: not answers.is_visible())
    page.locator("#place-search").click()
    eventually(answers.is_visible)
    assert page.js_errors == []


def test_a_search_that_finds_nothing_says_so(page, live_server):
    """A search for Bluewater (outside the list) left the answers hidden: no word that nothing matched."""
    page.goto(live_server.url)
    page.wait_for_selector("path.district", timeout=20_000)
    eventually(lambda: page.evaluate(MAP_READY))
    none = page.locator("#place-search-none")
    page.keyboard.press("/")
    page.keyboard.type("Bluewater", delay=30)
    eventually(lambda: none.is_visible() and none.inner_text() == "No place or postcode matches “Bluewater”")
    assert page.locator(".place-search-hit").count() == 0
    page.keyboard.press("Enter")                                     # nothing to fly to: nothing happens
    page.locator("#place-search").fill("zz9 9zz")                    # a postcode, but not North Kent's
    eventually(lambda: none.is_visible() and "“ZZ9 9ZZ”: only North Kent postcodes are known" in none.inner_text())
    page.locator("#place-search").fill("ME7")                        # a match again: the message goes
    page.locator(".place-search-hit", has_text="ME7").first.wait_for(timeout=10_000)
    assert none.count() == 0
    page.locator("#place-search").fill("Medway Maritime Hospital")
    eventually(lambda: none.is_visible() and "Medway Maritime Hospital" in none.inner_text())
    assert page.locator(".search-marker").count() == 0 and page.js_errors == []
