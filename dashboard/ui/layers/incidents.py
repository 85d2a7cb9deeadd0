"""Map layer: open incidents as icons by type, coloured by urgency.

Example: `incidents_layer()` then set `data=incidents_geojson(rt.views.incidents("active"))`.
"""
from __future__ import annotations

import dash_leaflet as dl

from dashboard.ui.layers.common import collection, js, point, urgency_class, urgency_label
from dashboard.ui.style import DENSE_INCIDENTS, TYPE_LABEL


def incident_feature(i: dict, dense: bool = False) -> dict:
    """One incident (as service/views.py shows it) as a map feature; the summary
    is left out (the map never shows it). Also what /push/units sends for incidents."""
    return point(i["lon"], i["lat"], {
        "incident": i["incident"], "type": i["type"] or "other", "status": i["status"],
        "type_label": TYPE_LABEL.get(i["type"] or "other"), "urgency_class": urgency_class(i["urgency"]),
        "urgency_label": urgency_label(i["category"], i["grade"]), "rank": i["urgency"], "dense": dense})


def incidents_geojson(incidents: list[dict]) -> dict:
    """Active incidents as GeoJSON, most urgent drawn last (on top)."""
    active = sorted((i for i in incidents if i["status"] != "closed"), key=lambda i: -i["urgency"])
    dense = len(active) > DENSE_INCIDENTS
    return collection([incident_feature(i, dense) for i in active])


def incidents_layer(id: str = "incidents-layer") -> dl.GeoJSON:
    return dl.GeoJSON(id=id, data=collection([]), pointToLayer=js("incidentToLayer"), hideout={"selected": None})
