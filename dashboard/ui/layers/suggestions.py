"""Map layer: the way the suggested units would drive to the selected incident, with ETAs.

Example: `suggestions_layer()`, data from `suggestion_lines(incident, suggestions, units, routes)`.
"""
from __future__ import annotations

import dash_leaflet as dl

from dashboard.ui.layers.common import collection, js


DRAWN = 3   # the top suggestions get a line on the map


def suggestion_lines(incident: dict, suggestions: list[dict], units: dict[str, dict],
                     routes: dict[str, list] | None = None) -> dict:
    """A line per top suggestion: its route (`routes`, by unit) where known, else unit to incident."""
    features = []
    for s in suggestions[:DRAWN]:
        u = units.get(s["unit"])
        if not u or u["lat"] is None:
            continue
        line = (routes or {}).get(s["unit"]) or [[u["lon"], u["lat"]], [incident["lon"], incident["lat"]]]
        coords = [[round(x, 5), round(y, 5)] for x, y in line]   # ~1 m: enough for a line on the map
        features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                         "properties": {"rank": s["rank"], "unit": s["unit"],
                                        "label": f"{s['unit']} {round(s['eta_s'] / 60)} min"}})
    return collection(features)


def suggestions_layer(id: str = "suggestions-layer") -> dl.GeoJSON:
    return dl.GeoJSON(id=id, data=collection([]), style=js("suggestionStyle"), onEachFeature=js("suggestionEach"))
