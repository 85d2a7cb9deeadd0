"""The base map's data: water where the estuaries are, road numbers, place names."""
from __future__ import annotations

import json

import numpy as np
import shapely
from shapely.geometry import shape

from dashboard.core.place_names import PlaceName, postcodes_served
from dashboard.core.sources import GEODATA
from dashboard.ui.layers.basemap import CLASS_ORDER, basemap_layers, drawn_as, labels_geojson, roads_geojson


def _land() -> shapely.Geometry:
    return shapely.union_all([shape(f["geometry"]) for f in
                              json.loads((GEODATA / "land.geojson").read_text())["features"]])


def test_estuaries_and_the_swale_are_water_towns_are_land() -> None:
    land = _land()
    for lon, lat in [(0.430, 51.460), (0.620, 51.410), (0.780, 51.365), (0.90, 51.50)]:   # Thames, Medway, Swale, sea
        assert not land.contains(shapely.Point(lon, lat)), (lon, lat)
    for lon, lat in [(0.7603, 51.4395), (0.2196, 51.4435), (0.3258, 51.4757), (0.7328, 51.3413)]:  # incl. Grays (Essex)
        assert land.contains(shapely.Point(lon, lat)), (lon, lat)


def test_every_road_is_drawn_as_a_class_the_map_key_styles() -> None:
    drawn = {f["properties"]["road_class"] for f in roads_geojson()["features"]}
    assert drawn <= set(CLASS_ORDER) and {"motorway", "a_road", "local"} <= drawn
    assert drawn_as({"road_class": "lane"}) == "local" and drawn_as({"road_class": "urban"}) == "a_road"
    assert drawn_as({"road_class": "track"}) == drawn_as({}) == "local"


def test_main_roads_carry_their_numbers() -> None:
    shields = {f["properties"]["label"] for f in labels_geojson()["features"]
               if f["properties"]["kind"].startswith("shield")}
    assert {"M2", "M20", "M25", "A2", "A249", "A299", "A228", "A289"} <= shields
    classes = [f["properties"]["road_class"] for f in roads_geojson()["features"]]
    assert classes[-1] == "motorway"   # motorways drawn last, on top


def test_towns_are_labelled_before_villages() -> None:
    labels = {f["properties"]["label"]: f["properties"]["rank"] for f in labels_geojson()["features"]
              if f["properties"]["kind"] in ("town", "village")}
    assert labels["Sheerness"] == 1 and labels["Gillingham"] == 1 and labels["Sittingbourne"] == 1
    assert labels["Cliffe"] == 2 and labels["Iwade"] == 2


def test_land_is_unfilled_over_tiles() -> None:
    land = basemap_layers(tiles=True)[0].children[0]
    assert land.hideout["tiles"] is True and "Office for National Statistics" not in land.hideout["attribution"]
    assert "ONS" in land.hideout["attribution"] and "GeoNames" in land.hideout["attribution"]


def test_built_up_areas_are_the_towns_not_the_marshes() -> None:
    built = shapely.union_all([shape(f["geometry"]) for f in
                               json.loads((GEODATA / "built_up.geojson").read_text())["features"]])
    for lon, lat in [(0.5279, 51.3789), (0.7603, 51.4395), (0.7328, 51.3413), (0.3737, 51.4414)]:
        assert built.contains(shapely.Point(lon, lat)), (lon, lat)   # Chatham, Sheerness, Sittingbourne, Gravesend
    for lon, lat in [(0.620, 51.410), (0.560, 51.450), (0.85, 51.38)]:   # estuary, Hoo marshes, Sheppey farmland
        assert not built.contains(shapely.Point(lon, lat)), (lon, lat)


def test_a_place_is_as_big_as_the_postcodes_nearest_to_it() -> None:
    names = [PlaceName("Big", 0.50, 51.40, "Medway", 1), PlaceName("Small", 0.60, 51.40, "Medway", 1)]
    lon = np.array([0.49, 0.50, 0.51, 0.54, 0.58, 0.61])   # 0.54 is nearer Big, 0.58 nearer Small
    assert postcodes_served(names, lon, np.full(6, 51.40)).tolist() == [4, 2]


def test_where_labels_clash_towns_win_then_our_districts_then_the_bigger_place() -> None:
    order = [f["properties"]["label"] for f in sorted(labels_geojson()["features"],
                                                       key=lambda f: f["properties"]["priority"])]
    assert len(set(f["properties"]["priority"] for f in labels_geojson()["features"])) == len(order)
    assert order.index("Gillingham") < order.index("Rochester")          # ~1,000 postcodes against ~550
    assert order.index("Sheerness") < order.index("Maidstone")           # in the four districts first
    assert order.index("Maidstone") < order.index("M2") < order.index("A249") < order.index("Cliffe")
