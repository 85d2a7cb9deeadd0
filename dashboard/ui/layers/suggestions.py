"""Map layer: the way the suggested units would drive to the selected incident, with ETAs.

Example: `suggestions_layer()`, data from `suggestion_lines(incident, suggestions, units, routes)`.
An incident that already has units shows the way of each on its way that nothing doubts is
coming (`attending_line`); the suggestions for another unit (backup) are drawn
`standby`, shown only while the panel's "Send another unit" (#send-another) is open
(assets/app.css), so a line never reads as "this unit is going" when another is.
"""
from __future__ import annotations

import dash_leaflet as dl

from dashboard.core.text import duration
from dashboard.ui.layers.common import collection, js


DRAWN = 3   # the top suggestions get a line on the map


def _line(coords: list, properties: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {
        "type": "LineString", "coordinates": [[round(x, 5), round(y, 5)] for x, y in coords]}}   # ~1 m: enough


def suggestion_lines(incident: dict, suggestions: list[dict], units: dict[str, dict],
                     routes: dict[str, list] | None = None, standby: bool = False) -> dict:
    """A line per top suggestion: its route (`routes`, by unit) where known, else unit to incident.
    `standby`: the incident already has a unit; these are for sending another as well."""
    features = []
    for s in suggestions[:DRAWN]:
        u = units.get(s["unit"])
        if not u or u["lat"] is None:
            continue
        line = (routes or {}).get(s["unit"]) or [[u["lon"], u["lat"]], [incident["lon"], incident["lat"]]]
        features.append(_line(line, {"rank": s["rank"], "unit": s["unit"], "standby": standby,
                                     "label": f"{s['unit']} {duration(s['eta_s'])}"}))
    return collection(features)


def attending_line(unit: str, eta_s: float, route: list) -> dict:
    """The unit sent to the incident, on its way: the route its ETA was timed along."""
    return _line(route, {"unit": unit, "attending": True, "label": f"{unit} en route {duration(eta_s)}"})


def suggestions_layer(id: str = "suggestions-layer") -> dl.GeoJSON:
    return dl.GeoJSON(id=id, data=collection([]), style=js("suggestionStyle"), onEachFeature=js("suggestionEach"))
