"""Map layer: fixed places: hospitals with an ED ("H"), police, fire and ambulance stations.

Static (drawn once). Names are tooltips, inserted as text nodes (assets/map.js
`placeToLayer`). Example: `places_layer(load_places())`.
"""
from __future__ import annotations

import dash_leaflet as dl

from dashboard.core.places import Place
from dashboard.ui.layers.common import collection, js, point

KIND_LABEL = {"hospital_ed": "Hospital (ED)", "police_station": "Police station",
              "fire_station": "Fire station", "ambulance_station": "Ambulance station"}


def _label(p: Place) -> str:
    # Stations open and close: the tooltip says how old the list is, or that the position is a guess.
    when = "approximate position" if p.approximate else f"list of {p.date}; stations open and close" if p.date else ""
    return f"{p.name} · {KIND_LABEL.get(p.kind, p.kind)}" + (f" ({when})" if when else "")


def places_geojson(places: list[Place]) -> dict:
    return collection([point(p.lon, p.lat, {"name": p.name, "kind": p.kind, "label": _label(p)})
                       for p in places])


def places_layer(places: list[Place], id: str = "places-layer") -> dl.GeoJSON:
    return dl.GeoJSON(id=id, data=places_geojson(places), pointToLayer=js("placeToLayer"), zoomToBounds=False)
