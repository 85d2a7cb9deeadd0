"""The base map in a real browser: land and water, road numbers, town names and the licences' attribution."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/", "/wall"])
def test_base_map_draws_from_shipped_data(page, live_server, path):
    page.goto(live_server.url + path)
    page.wait_for_selector("path.basemap-land", timeout=20_000)
    assert page.locator("path.basemap-road.road-motorway").count() >= 5
    for shield in ("M2", "M20", "A2", "A249"):
        assert page.locator(".label-shield-motorway, .label-shield-a_road", has_text=shield).first.is_visible()
    for town in ("Sheerness", "Gillingham", "Sittingbourne", "Gravesend", "Faversham"):
        assert page.locator(".label-town", has_text=town).first.is_visible(), town
    # water is the map's background: the land polygon leaves the Thames estuary unfilled
    colour = page.evaluate("getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor")
    land = page.evaluate("getComputedStyle(document.querySelector('path.basemap-land')).fill")
    assert colour != land
    attribution = page.inner_text(".leaflet-control-attribution")
    assert "ONS" in attribution and "GeoNames" in attribution and "Royal Mail" in attribution
    assert page.js_errors == []
