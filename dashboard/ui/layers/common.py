"""Shared bits for map layers: the JS namespace in assets/map.js, and labels."""
from __future__ import annotations

from dash_extensions.javascript import Namespace

js = Namespace("jru", "map")

TYPE_LABEL = {"rtc": "Road collision", "medical": "Medical", "assault": "Assault",
              "mental_health": "Mental health", "disorder": "Disorder", "other": "Other"}
TYPE_ICON = {"rtc": "bi-car-front-fill", "medical": "bi-heart-pulse-fill", "assault": "bi-person-exclamation",
             "mental_health": "bi-chat-heart-fill", "disorder": "bi-megaphone-fill", "other": "bi-exclamation-lg"}
STATUS_LABEL = {"available": "Available", "en_route": "En route", "on_scene": "On scene",
                "unavailable": "Unavailable", "off_duty": "Off duty"}
STATUS_COLOUR = {"available": "#009E73", "en_route": "#0072B2", "on_scene": "#E69F00",
                 "unavailable": "#CC79A7", "off_duty": "#6b6b6b"}


def urgency_class(urgency: int) -> int:
    """1 (C1 / immediate) .. 4 (routine), for colour and sorting on screen."""
    return 1 if urgency == 0 else 2 if urgency <= 2 else 3 if urgency <= 4 else 4


def urgency_label(category: str | None, grade: str | None) -> str:
    return " / ".join(x for x in (category, grade) if x)


def point(lon: float, lat: float, props: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": props}


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}
