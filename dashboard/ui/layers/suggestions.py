"""Map layer: lines from the suggested units to the selected incident, with ETAs.

Example: `suggestions_layer()`, data from `suggestion_lines(incident, suggestions, units)`.
"""
from __future__ import annotations

import dash_leaflet as dl

from dashboard.ui.layers.common import collection, js


def suggestion_lines(incident: dict, suggestions: list[dict], units: dict[str, dict]) -> dict:
    features = []
    for s in suggestions[:3]:
        u = units.get(s["unit"])
        if not u or u["lat"] is None:
            continue
        features.append({"type": "Feature",
                         "geometry": {"type": "LineString",
                                      "coordinates": [[u["lon"], u["lat"]], [incident["lon"], incident["lat"]]]},
                         "properties": {"rank": s["rank"], "unit": s["unit"],
                                        "label": f"{s['unit']} {round(s['eta_s'] / 60)} min"}})
    return collection(features)


def suggestions_layer(id: str = "suggestions-layer") -> dl.GeoJSON:
    return dl.GeoJSON(id=id, data=collection([]), style=js("suggestionStyle"), onEachFeature=js("suggestionEach"))
