"""Map layer: live coverage, the parts of North Kent an available joint unit can reach in 7/15/30 min.

Three bands drawn as rings (7 min: the inner area; 15: reachable in 15 but not 7;
30: in 30 but not 15) in ColorBrewer "Blues" (one hue, safe for colour-vision
deficiencies), semi-transparent, the 30-minute band lightest (assets/map.js
`coverageStyle`, with each feature's `opacity` from style.COVERAGE_OPACITY; each
path has class `coverage-band coverage-band-<minutes>`).
Not interactive, so the districts and markers under it still take the mouse.

Example: `coverage_layer()`, data from `coverage_geojson(bands)` with bands from
`dashboard.core.coverage.coverage_polygons`. Making the GeoJSON: ~5-10 ms
(two differences, simplification to ~20 m, rounding to 5 decimals).
"""
from __future__ import annotations

import dash_leaflet as dl
import numpy as np
import shapely
from shapely.geometry import mapping

from dashboard.core.coverage import band_minutes
from dashboard.ui.layers.common import collection, js
from dashboard.ui.style import COVERAGE_OPACITY

SIMPLIFY_DEG = 20 / 111_320    # ~20 m


def coverage_geojson(bands: dict[int, shapely.Geometry]) -> dict:
    """Band seconds -> nested polygons (lon/lat)  =>  FeatureCollection of rings, 30-min band first (drawn lowest)."""
    features, inner = [], None
    rings = []
    for band in sorted(bands):
        geom = bands[band]
        ring = geom if inner is None or inner.is_empty else shapely.difference(geom, inner)
        inner = geom
        rings.append((band, ring))
    for band, ring in reversed(rings):
        ring = shapely.simplify(ring, SIMPLIFY_DEG, preserve_topology=True)
        ring = shapely.transform(ring, lambda c: np.round(c, 5))
        if ring.is_empty:
            continue
        minutes = band_minutes(band)
        # sent per feature so map.js names no band; a band outside the table drawn as the outermost
        opacity = COVERAGE_OPACITY.get(minutes, min(COVERAGE_OPACITY.values()))
        features.append({"type": "Feature", "geometry": mapping(ring),
                         "properties": {"minutes": minutes, "band_s": int(band), "opacity": opacity}})
    return collection(features)


def coverage_layer(id: str = "coverage-layer") -> dl.GeoJSON:
    return dl.GeoJSON(id=id, data=collection([]), style=js("coverageStyle"), interactive=False, zoomToBounds=False)
