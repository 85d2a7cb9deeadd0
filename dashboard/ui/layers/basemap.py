"""Map layer: a base map drawn from shipped data, no tiles, no network.

Land and water from the official coastline (geodata/land.geojson: the Thames, the
Medway estuary and the Swale read as water), built-up areas (geodata/built_up.geojson,
where postcodes cluster: towns show as shapes), neighbouring districts for context,
the main roads with their numbers (geodata/north_kent_roads.geojson), and town and
village names by zoom level (geodata/places/place_names.csv). Styled in the
browser (assets/basemap.js; the dark wall overrides colours in wall.css). With
tiles configured (JRU_TILES) the land is left unfilled so the tiles show through.
Building the data costs ~30 ms once per process (cached).
"""
from __future__ import annotations

import json
from functools import lru_cache

import dash_leaflet as dl
import shapely
from dash_extensions.javascript import Namespace
from shapely.geometry import shape

from dashboard.core.place_names import load_place_names, postcodes_served
from dashboard.core.postcodes import load_postcodes
from dashboard.core.sources import GEODATA, attribution_line
from dashboard.ui.layers.common import collection, point

js = Namespace("jru", "basemap")
ROADS = GEODATA / "north_kent_roads.geojson"
SHIELD_SPACING_DEG = 0.06   # ~5 km: one number per road per stretch, not one per drawn segment
CLASS_ORDER = {"local": 0, "b_road": 1, "a_road": 2, "trunk": 3, "motorway": 4}
# The network has more classes than a map key needs (geodata/ROADS.md): each is drawn as one of the
# five above (assets/basemap.js, wall.css). Unknown classes draw as local streets.
DRAWN_AS = {"lane": "local", "street": "local", "urban": "a_road"}
# Where two labels would overlap, the earlier kind stays (then see by_importance).
LABEL_ORDER = ("town", "shield-motorway", "shield-a_road", "village", "shield-b_road")


def _read(name: str) -> dict:
    return json.loads((GEODATA / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def roads_geojson() -> dict:
    """Road lines, each with the class it is drawn as (`DRAWN_AS`), minor first so motorways draw on top."""
    feats = [{"type": "Feature", "geometry": f["geometry"], "properties": {"road_class": drawn_as(f["properties"])}}
             for f in _read(ROADS.name)["features"]]
    return collection(sorted(feats, key=lambda f: CLASS_ORDER[f["properties"]["road_class"]]))


def drawn_as(props: dict) -> str:
    """The map-key class a road line is drawn as: its own if the map has a style for it."""
    cls = props.get("road_class") or "local"
    cls = DRAWN_AS.get(cls, cls)
    return cls if cls in CLASS_ORDER else "local"


def road_shields(roads: dict) -> list[dict]:
    """Label points for road numbers (M2, A249 ...): the middle of each drawn stretch, dropping
    any within SHIELD_SPACING_DEG of a shield of the same number."""
    placed: dict[str, list[shapely.Point]] = {}
    out = []
    for f in roads["features"]:
        ref, cls = f["properties"].get("ref"), f["properties"].get("road_class")
        if not ref:
            continue
        mid = shape(f["geometry"]).interpolate(0.5, normalized=True)
        if any(mid.distance(p) < SHIELD_SPACING_DEG for p in placed.get(ref, [])):
            continue
        placed.setdefault(ref, []).append(mid)
        kind = "motorway" if ref.startswith("M") else "a_road" if ref.startswith("A") else "b_road"
        out.append(point(mid.x, mid.y, {"label": ref, "kind": f"shield-{kind}",
                                        "rank": 1 if kind != "b_road" or cls in ("a_road", "trunk") else 2}))
    return out


def by_importance(labels: list[dict]) -> list[dict]:
    """The labels with `priority` (0 = most important: it stays where two would overlap) by kind
    (LABEL_ORDER), then places in the four districts, then the bigger place (`size`)."""
    def key(f: dict) -> tuple:
        p = f["properties"]
        return LABEL_ORDER.index(p["kind"]), not p.get("home", False), -p.get("size", 0)
    ranked = sorted(labels, key=key)
    return [{**f, "properties": {**f["properties"], "priority": i}} for i, f in enumerate(ranked)]


@lru_cache(maxsize=1)
def labels_geojson() -> dict:
    """Road numbers and place names; `rank` 1 shows from zoom 10, 2 from zoom 11.5; where two would
    overlap the browser hides the less important (assets/basemap.js). A place's size is how many
    postcodes are nearer to it than to any other name (no population at hand). ~10 ms once."""
    places = load_place_names()
    pc = load_postcodes()
    names = [point(n.lon, n.lat, {"label": n.name, "kind": "town" if n.rank == 1 else "village", "rank": n.rank,
                                  "home": bool(n.district), "size": int(size)})
             for n, size in zip(places, postcodes_served(places, pc.lon, pc.lat))]
    return collection(by_importance(road_shields(_read(ROADS.name)) + names))


def basemap_layers(tiles: bool = False, id: str = "map") -> list:
    """Leaflet panes below the districts (z 350) and for labels (z 420, below units and incidents)."""
    base = dl.Pane([
        dl.GeoJSON(id=f"{id}-base-land", data=_read("land.geojson"), style=js("landStyle"),
                   hideout={"tiles": tiles, "attribution": attribution_line()}, interactive=False,
                   zoomToBounds=False),
        dl.GeoJSON(id=f"{id}-base-built", data=_read("built_up.geojson"), style=js("builtUpStyle"),
                   hideout={"tiles": tiles}, interactive=False, zoomToBounds=False),
        dl.GeoJSON(id=f"{id}-base-context", data=_read("context_districts.geojson"), style=js("contextStyle"),
                   interactive=False, zoomToBounds=False),
        dl.GeoJSON(id=f"{id}-base-casing", data=roads_geojson(), style=js("roadCasing"),
                   interactive=False, zoomToBounds=False),
        dl.GeoJSON(id=f"{id}-base-roads", data=roads_geojson(), style=js("roadStyle"),
                   interactive=False, zoomToBounds=False),
    ], name="jruBase", style={"zIndex": 350})
    labels = dl.Pane([dl.GeoJSON(id=f"{id}-base-labels", data=labels_geojson(), pointToLayer=js("labelToLayer"),
                                 interactive=False, zoomToBounds=False)],
                     name="jruLabels", style={"zIndex": 420, "pointerEvents": "none"})
    return [base, labels]
