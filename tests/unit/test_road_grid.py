"""The undrawn-road grid (core/roads/grid.py): nodes over all of the land, wherever it lies.

The British grid bends lon/lat lines: a land box's west edge lies farther west at its north end,
its east edge farther east at its south end. Until 2026-12-06 (session 24) the grid's box was projected from
two corners only, so thin strips of land (0.85% of the shipped mask: north-west London, Thanet)
had no grid nodes and a place there joined the roads by its nearest one only.
"""
from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer

from dashboard.core.roads.access import AccessRule
from dashboard.core.roads.graph import build_graph
from dashboard.core.roads.grid import STEP_M, UndrawnGrid
from dashboard.core.roads.snap import EdgeSnapper
from tests.unit.test_road_chains import _network

LAND = shapely.box(0.5, 50.6, 1.5, 51.9)       # lon/lat, tall enough for the edges to bend ~5 km


def _grid() -> UndrawnGrid:
    graph = build_graph(_network())           # a few km of road near Sittingbourne
    grid = UndrawnGrid(graph, EdgeSnapper(graph).snap, AccessRule(LAND), LAND)
    grid._build()
    return grid


def test_a_place_in_each_corner_of_the_land_has_grid_nodes_round_it():
    grid = _grid()
    to_m = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    nodes = np.column_stack(to_m.transform(grid.node_lonlat[:, 0], grid.node_lonlat[:, 1]))
    inset = 0.007                               # ~500 m inside each corner
    for lon, lat in ((0.5 + inset, 51.9 - inset), (1.5 - inset, 50.6 + inset),
                     (0.5 + inset, 50.6 + inset), (1.5 - inset, 51.9 - inset)):
        x, y = to_m.transform(lon, lat)
        assert np.hypot(nodes[:, 0] - x, nodes[:, 1] - y).min() < 2 * STEP_M, (lon, lat)
