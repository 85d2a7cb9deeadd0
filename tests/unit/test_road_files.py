"""Road files in the layouts they come in (core/roads/files.py): the layer with the roads is found
in a file of several, and Ordnance Survey's Open Roads is timed by what each link is."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely import points

from dashboard.core.roads.graph import OSM_SPEED_KPH
from dashboard.core.roads import RoadModel
from tests.unit.test_road_chains import _network

# the test network's ways as OS Open Roads links: (road_function, trunk_road)
OS_LINKS = [("Local Road", "false"), ("Local Access Road", "false"), ("A Road", "true"), ("A Road", "false"),
            ("Minor Road", "false"), ("Restricted Local Access Road", "false")]


def _open_roads(path, function_column="road_function", trunk_column="trunk_road"):
    """A GeoPackage as Ordnance Survey publishes OS Open Roads: its nodes first, then the links."""
    links = _network().drop(columns=["highway", "bridge"])
    links[function_column] = [f for f, _ in OS_LINKS]
    links[trunk_column] = [t for _, t in OS_LINKS]
    links["form_of_way"] = "Single Carriageway"
    ends = links.geometry.boundary.explode(index_parts=False)
    gpd.GeoDataFrame({"form_of_road_node": ["junction"] * len(ends)}, geometry=points(
        np.array([[p.x, p.y] for p in ends])), crs=links.crs).to_file(path, layer="road_node", driver="GPKG")
    links.to_file(path, layer="road_link", driver="GPKG")
    return path


@pytest.mark.parametrize("function_column, trunk_column", [("road_function", "trunk_road"), ("function", "trunkRoad")])
def test_os_open_roads_loads_its_links_timed_by_what_each_is(tmp_path, function_column, trunk_column):
    g = RoadModel.load(_open_roads(tmp_path / "oproad.gpkg", function_column, trunk_column)).graph
    kph = {c: float(np.median(g.edge_m[g.edge_class == c] / g.edge_s[g.edge_class == c] * 3.6))
           for c in set(g.edge_class)}
    assert set(kph) == {"residential", "trunk", "primary", "tertiary", "service"}   # not the 40 km/h guess
    for cls, speed in kph.items():
        assert speed == pytest.approx(OSM_SPEED_KPH[cls])
    assert len(g.vertex_xy) > 60                                     # the links, not the nodes layer


def test_the_lines_layer_of_a_several_layer_file_is_read(tmp_path):
    """GDAL's OSM layers (points, lines, ...) in one GeoPackage: the roads are in `lines`."""
    path = tmp_path / "osm.gpkg"
    ways = _network()
    gpd.GeoDataFrame({"name": ["a junction"]}, geometry=points([[ways.total_bounds[0], ways.total_bounds[1]]]),
                     crs=ways.crs).to_file(path, layer="points", driver="GPKG")
    ways.to_file(path, layer="lines", driver="GPKG")
    assert RoadModel.load(path).graph.n_nodes == RoadModel.load(_single(ways, tmp_path)).graph.n_nodes


def _single(ways, tmp_path):
    ways.to_file(tmp_path / "one.gpkg", driver="GPKG")
    return tmp_path / "one.gpkg"
