"""The North Kent map: base map, districts, units (pushed, assets/live_units.js), incidents, suggestion lines.

The base map (land, water, roads, names) is drawn from shipped data with no
network at all (layers/basemap.py); tiles from a local tile server
(JRU_TILES) go underneath it when configured. The view is never set by the data
callbacks, so the map keeps the view the user chose while data updates.
"""
from __future__ import annotations

import dash_leaflet as dl

from dashboard.core.areas import AreaIndex
from dashboard.ui.layers.basemap import basemap_layers
from dashboard.ui.layers.districts import districts_layer
from dashboard.ui.layers.incidents import incidents_layer
from dashboard.ui.layers.suggestions import suggestions_layer


def north_kent_map(areas: AreaIndex, *, id: str = "map", tiles: str | None = None,
                   extra: list | None = None, live_units: bool = False,
                   overlays: list | None = None) -> dl.Map:
    """`live_units`: units come by server push onto a canvas layer (assets/live_units.js),
    and incidents by push into
    `{id}-incidents` (assets/live_incidents.js; a callback fills it only when push is unavailable).
    `overlays`: dl.Overlay entries for a layers control `{id}-layers` (its `overlays` prop
    lists the ticked ones), e.g. from dashboard/ui/pages/officer_overlays.py."""
    minlon, minlat, maxlon, maxlat = areas.bounds()
    children = [dl.TileLayer(url=tiles, attribution="local tiles")] if tiles else []
    children += basemap_layers(tiles=bool(tiles), id=id)
    children += [districts_layer(areas, id=f"{id}-districts", live_units=live_units,
                                 live_incidents=f"{id}-incidents" if live_units else None), suggestions_layer(id=f"{id}-suggestions"),
                 incidents_layer(id=f"{id}-incidents"),
                 dl.ScaleControl(position="bottomright", imperial=False)]
    if overlays:
        # sorted by name: the overlays register as they mount, in no fixed order, and a list that
        # reorders between page loads sends the officer's eye hunting
        children.append(dl.LayersControl(overlays, id=f"{id}-layers", position="topright", collapsed=False,
                                         sortLayers=True))
    # center/zoom as well as bounds: dash-leaflet's viewport tracking needs a center.
    return dl.Map(id=id, children=children + (extra or []), bounds=[[minlat, minlon], [maxlat, maxlon]],
                  center=[(minlat + maxlat) / 2, (minlon + maxlon) / 2], zoom=10,
                  # fitted once the container has its size (the initial `bounds` fit happens too early)
                  viewport={"bounds": [[minlat, minlon], [maxlat, maxlon]]},
                  className="jru-map", zoomSnap=0.25, attributionControl=True)
