"""Map layer: the district boundaries (static, drawn once).

Example: `districts_layer(AreaIndex(load_boundaries()))`.
"""
from __future__ import annotations

import dash_leaflet as dl

from dashboard.core.areas import AreaIndex
from dashboard.ui.layers.common import js


def districts_layer(areas: AreaIndex, id: str = "districts", live_units: bool = False,
                    live_incidents: str | None = None) -> dl.GeoJSON:
    """`live_units`: also attach the pushed, canvas-drawn units layer (assets/live_units.js) to this map;
    `live_incidents`: the id of the incidents layer that pushed incidents go to (assets/live_incidents.js)."""
    return dl.GeoJSON(id=id, data=areas.to_geojson(), style=js("districtStyle"), onEachFeature=js("districtEach"),
                      hideout={"names": list(areas.names), "liveUnits": live_units, "liveIncidents": live_incidents},
                      zoomToBounds=False)
