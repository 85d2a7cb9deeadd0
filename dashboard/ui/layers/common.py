"""Shared bits for map layers: the JS namespace in assets/map.js, urgency classes, GeoJSON.
Colours, icons and labels are dashboard/ui/style.py."""
from __future__ import annotations

from dash_extensions.javascript import Namespace

from dashboard.core import targets

js = Namespace("jru", "map")


def urgency_class(urgency: int) -> int:
    """1 (C1 / immediate) .. 4 (other), for colour on screen; the table is core/targets.py's URGENCY_CLASS."""
    return targets.urgency_class(urgency)


def urgency_label(category: str | None, grade: str | None) -> str:
    return " / ".join(x for x in (category, grade) if x)


def point(lon: float, lat: float, props: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": props}


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}
