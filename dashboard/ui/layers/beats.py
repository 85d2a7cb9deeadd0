"""Map layer: the beats (finer areas inside the districts), thin dashed outlines, name on hover.

Static (drawn once). Example: `beats_layer(rt.beats)`.
"""
from __future__ import annotations

import dash_leaflet as dl
from shapely.geometry import shape

from dashboard.core.areas import AreaIndex
from dashboard.ui.layers.common import collection, js


def beats_geojson(beats: AreaIndex | None, districts: AreaIndex | None = None) -> dict:
    """Simplified beats (~30 m) with `name` and the `district` holding each (from a point inside it)."""
    if beats is None:
        return collection([])
    data = beats.to_geojson()
    if districts is not None:
        for feat in data["features"]:
            p = shape(feat["geometry"]).representative_point()
            feat["properties"]["district"] = districts.area_of(p.x, p.y)
    return data


def beats_layer(beats: AreaIndex | None, districts: AreaIndex | None = None, id: str = "beats-layer") -> dl.GeoJSON:
    return dl.GeoJSON(id=id, data=beats_geojson(beats, districts), style=js("beatStyle"), onEachFeature=js("beatEach"),
                      zoomToBounds=False)
