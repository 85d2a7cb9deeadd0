"""Shape vertices folded into edges (`roads.chains`): the routing graph keeps junctions and line ends
only, and every answer is the one the graph with a node per vertex gives."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely import linestrings

from dashboard.core.geo import haversine_m
from dashboard.core.roads.graph import build_graph, edge_lines
from dashboard.core.roads import RoadModel

X0, Y0 = 575_000.0, 165_000.0          # near Sittingbourne, British National Grid metres
_TO_LL = Transformer.from_crs(27700, 4326, always_xy=True)


def _arc(n: int = 61) -> np.ndarray:
    """A bendy street: a half circle of radius 1 km, a vertex every ~52 m."""
    a = np.linspace(np.pi, 0.0, n)
    return np.column_stack([X0 + 1000 + 1000 * np.cos(a), Y0 + 1000 * np.sin(a)])


def _network() -> gpd.GeoDataFrame:
    arc = _arc()
    top = arc[30]                                                     # a T junction half way round
    ways = [("residential", None, arc),
            ("residential", None, np.column_stack([np.full(20, top[0]), np.linspace(top[1], top[1] + 2000, 20)])),
            ("primary", None, np.column_stack([np.linspace(X0 + 2000, X0 + 3000, 10), np.full(10, Y0)])),  # on from the arc's end
            ("primary", "Test Bridge", np.array([[X0 + 3000, Y0], [X0 + 3000, Y0 - 400], [X0 + 3000, Y0 - 800]])),
            ("tertiary", None, np.array([[X0 + 3000, Y0 - 800], [X0 + 3500, Y0 - 800], [X0 + 3500, Y0 - 800],  # a repeat
                                         [X0 + 4000, Y0 - 800]])),
            ("residential", None, np.array([[X0, Y0 - 1500], [X0 + 500, Y0 - 1500], [X0 + 500, Y0 - 2000],  # a ring
                                            [X0, Y0 - 2000], [X0, Y0 - 1500]]))]
    return gpd.GeoDataFrame({"highway": [w[0] for w in ways], "bridge": ["yes" if w[1] else None for w in ways],
                             "name": [w[1] for w in ways]}, geometry=[linestrings(w[2]) for w in ways], crs=27700)


@pytest.fixture(scope="module")
def models() -> tuple[RoadModel, RoadModel]:
    gdf = _network()
    return RoadModel(build_graph(gdf)), RoadModel(build_graph(gdf, contract=False))


def _points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return _TO_LL.transform(rng.uniform(X0 - 300, X0 + 4300, n), rng.uniform(Y0 - 2300, Y0 + 3200, n))


def test_only_junctions_and_line_ends_are_nodes(models):
    chained, every = models
    # arc ends, its T junction, the side street's end, the primary's far end (the bridge starts
    # there), the bridge's far end, the tertiary's end, the ring's start; the repeat adds nothing
    assert chained.graph.n_nodes == 8
    assert every.graph.n_nodes == 61 + 19 + 9 + 2 + 2 + 4
    # and the edges are drawn through their bends: the same lines, metre for metre
    assert shapely.length(edge_lines(chained.graph)).sum() == pytest.approx(shapely.length(edge_lines(every.graph)).sum())


def test_every_answer_is_the_one_a_node_per_vertex_gives(models):
    chained, every = models
    ulon, ulat = _points(60, 1)
    ilon, ilat = _points(15, 2)
    np.testing.assert_allclose(chained.eta_matrix_s(ulon, ulat, ilon, ilat), every.eta_matrix_s(ulon, ulat, ilon, ilat),
                               atol=0.01)
    (ci, cs), (ei, es) = chained.nearest_s(ulon, ulat, ilon, ilat, 3), every.nearest_s(ulon, ulat, ilon, ilat, 3)
    np.testing.assert_array_equal(ci, ei)
    np.testing.assert_allclose(cs, es, atol=0.01)
    for j in range(15):
        assert chained.route_note(ulon[j], ulat[j], ilon[j], ilat[j]) == every.route_note(ulon[j], ulat[j], ilon[j], ilat[j])
        np.testing.assert_allclose(chained.route_line(ulon[j], ulat[j], ilon[j], ilat[j]),
                                   every.route_line(ulon[j], ulat[j], ilon[j], ilat[j]), atol=1e-9)
    # drive times to the nodes (coverage): the junctions are nodes of both, with the same times
    same = [int(np.flatnonzero(np.all(every.node_lonlat == p, axis=1))[0]) for p in chained.node_lonlat]
    np.testing.assert_allclose(chained.drive_times_from(ilon[0], ilat[0]), every.drive_times_from(ilon[0], ilat[0])[same],
                               atol=0.01)


def test_a_route_line_follows_the_bends_and_notes_the_bridge(models):
    chained, _ = models
    arc = _arc()
    (ulon, uelon), (ulat, uelat) = _TO_LL.transform([arc[3, 0], X0 + 3700], [arc[3, 1] + 5, Y0 - 805])
    line = np.array(chained.route_line(ulon, ulat, uelon, uelat))
    metres = haversine_m(line[:-1, 0], line[:-1, 1], line[1:, 0], line[1:, 1]).sum()
    # round the half circle (~2.9 km of it from the start), east 1 km, over the bridge, 700 m on:
    # not the ~4.2 km chord from the start of the arc to the far end
    assert metres == pytest.approx(np.pi * 1000 * (57 / 60) + 1000 + 800 + 700, rel=0.02)
    assert chained.route_note(ulon, ulat, uelon, uelat) == "via Test Bridge"
    # a unit on the ring (a closed way, nothing else on it) is on the network, though it leads nowhere
    (rlon,), (rlat,) = _TO_LL.transform([X0 + 250], [Y0 - 1505])
    assert chained._snapper.snap(np.array([rlon]), np.array([rlat])).gap_m[0] == pytest.approx(5, abs=0.2)
