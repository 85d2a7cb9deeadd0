"""Map layer: units as circle markers coloured by status, with call signs; stale greyed.

Drawing is in the browser (assets/map.js `unitToLayer`); the server only sends
GeoJSON. Example: `units_layer()` then set `data=units_geojson(rt.views.units())`.
"""
from __future__ import annotations

import dash_leaflet as dl

from dashboard.ui.layers.common import collection, js, point


def units_geojson(units: list[dict]) -> dict:
    """Units with a fix, as GeoJSON (units without a fix cannot be drawn)."""
    return collection([point(u["lon"], u["lat"], {k: u[k] for k in ("unit", "status", "kind", "stale", "age_s")})
                       for u in units if u["lat"] is not None])


def units_layer(id: str = "units-layer", hide_labels: bool = False) -> dl.GeoJSON:
    return dl.GeoJSON(id=id, data=collection([]), pointToLayer=js("unitToLayer"),
                      hideout={"hideLabels": hide_labels})
