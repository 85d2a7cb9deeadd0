"""The road model's k fastest units per incident (bounded searches) against the full ETA matrix.

`nearest_s` may stop each incident's search early; these cases check that its
answer is always the full matrix's top k: the same units, the same ETAs, on
the shipped network and on a synthetic street grid (with a detached island),
including the cases that force a search to grow or to cover everything.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Transformer
from shapely import linestrings

from dashboard.core.roads import graph as road_graph
from dashboard.core.roads.graph import OSM_SPEED_KPH, build_graph
from dashboard.core.roads import RoadModel

BOX = (0.3, 0.9, 51.3, 51.45)
_TO_LL = Transformer.from_crs(27700, 4326, always_xy=True)
X0, Y0, STEP, N = 570_000.0, 160_000.0, 150.0, 66      # the grid: 66 x 66 streets, 150 m apart
ISLAND_X = X0 + N * STEP + 6_000                         # a 3 x 3 street island 6 km east: unreachable
SPUR = (ISLAND_X + 2 * STEP, Y0)                         # from its corner, a 1.5 km road with no junction


def ll(x, y):
    return _TO_LL.transform(np.atleast_1d(np.asarray(x, float)), np.atleast_1d(np.asarray(y, float)))


def _streets(x0: float, y0: float, n: int) -> list:
    xs, ys = x0 + STEP * np.arange(n), y0 + STEP * np.arange(n)
    return ([linestrings(np.column_stack([xs, np.full(n, y)])) for y in ys]
            + [linestrings(np.column_stack([np.full(n, x), ys])) for x in xs])


@pytest.fixture(scope="module")
def shipped() -> RoadModel:
    return RoadModel.load()


@pytest.fixture(scope="module")
def grid() -> RoadModel:
    lines = _streets(X0, Y0, N) + _streets(ISLAND_X, Y0, 3) + [linestrings([SPUR, (SPUR[0] + 1500, SPUR[1])])]
    cls = ["primary" if i % 10 == 0 else "residential" for i in range(len(lines))]
    model = RoadModel(build_graph(gpd.GeoDataFrame({"highway": cls}, geometry=lines, crs=27700)))
    assert model.graph.n_nodes > 4_000 and model._all is None   # big enough for per-incident searches
    return model


def fresh(model: RoadModel) -> RoadModel:
    """The same network with empty caches (nothing searched yet)."""
    return model.with_speeds({})


def assert_top_k_of_matrix(model: RoadModel, ulon, ulat, ilon, ilat, k: int):
    """nearest_s on a model that has searched nothing == the top k of a full matrix."""
    idx, eta = fresh(model).nearest_s(ulon, ulat, ilon, ilat, k)
    full = fresh(model).eta_matrix_s(ulon, ulat, ilon, ilat)
    kk = min(k, len(ulon))
    assert idx.shape == eta.shape == (len(ilon), kk)
    np.testing.assert_allclose(eta, np.sort(full, axis=1)[:, :kk], rtol=1e-6, atol=0.01)   # the k best ETAs
    np.testing.assert_allclose(np.take_along_axis(full, idx, 1), eta, rtol=1e-6, atol=0.01)  # of these units
    assert all(len(set(row)) == kk for row in idx.tolist())
    return idx, eta


@pytest.mark.parametrize("n_units", [2000, 40, 4])
@pytest.mark.parametrize("k", [1, 5])
def test_shipped_network_random_fleets(shipped, n_units, k):
    rng = np.random.default_rng(n_units + k)
    ulon, ulat = rng.uniform(BOX[0], BOX[1], n_units), rng.uniform(BOX[2], BOX[3], n_units)
    ilon, ilat = rng.uniform(BOX[0], BOX[1], 40), rng.uniform(BOX[2], BOX[3], 40)
    assert_top_k_of_matrix(shipped, ulon, ulat, ilon, ilat, k)


def grid_points(rng, n, *, margin=0.0):
    x = rng.uniform(X0 + margin, X0 + (N - 1) * STEP - margin, n)
    y = rng.uniform(Y0 + margin, Y0 + (N - 1) * STEP - margin, n)
    return ll(x, y)


@pytest.mark.parametrize("n_units", [500, 12])
@pytest.mark.parametrize("k", [1, 5])
def test_grid_random_fleets(grid, n_units, k):
    rng = np.random.default_rng(10 * n_units + k)
    assert_top_k_of_matrix(grid, *grid_points(rng, n_units), *grid_points(rng, 30), k)


def test_a_few_units_far_away_make_the_search_grow(grid):
    """Three units in the south-west corner, incidents in the north-east: a street grid drives
    ~1.4x the crow-fly distance, so each incident's first bound is too short and must grow."""
    rng = np.random.default_rng(1)
    ulon, ulat = ll(X0 + rng.uniform(0, 300, 3), Y0 + rng.uniform(0, 300, 3))
    ilon, ilat = ll(X0 + (N - 1) * STEP - rng.uniform(0, 500, 10), Y0 + (N - 1) * STEP - rng.uniform(0, 500, 10))
    _, eta = assert_top_k_of_matrix(grid, ulon, ulat, ilon, ilat, 1)
    assert np.all(eta > 15 * 60)            # ~13 km of streets, a few of them primary
    assert_top_k_of_matrix(grid, ulon, ulat, ilon, ilat, 5)     # k larger than the fleet: all three


def test_units_and_incidents_beyond_the_network_or_at_sea(grid):
    """Beyond the grid over land (8-9 km, in Kent): by road and then the undrawn gap; two of them
    side by side go directly. At sea (the Thames estuary): the straight line, no search."""
    rng = np.random.default_rng(2)
    ulon, ulat = grid_points(rng, 50)
    far_lon, far_lat = ll([X0 - 8_000, X0 + 2_000], [Y0 + 3_000, Y0 - 9_000])
    sea_lon, sea_lat = np.array([0.80]), np.array([51.50])
    assert not grid._snap(far_lon, far_lat)[0].way.off.any() and grid._snap(sea_lon, sea_lat)[0].way.off.all()
    ulon, ulat = np.r_[ulon, far_lon, sea_lon], np.r_[ulat, far_lat, sea_lat]
    ilon, ilat = grid_points(rng, 8)
    ilon, ilat = np.r_[ilon, far_lon + 0.001, sea_lon], np.r_[ilat, far_lat, sea_lat + 0.002]
    idx, eta = assert_top_k_of_matrix(grid, ulon, ulat, ilon, ilat, 3)
    assert 50 in idx[-3] and 51 in idx[-2] and 52 in idx[-1]    # each far incident's nearest is the unit beside it
    # and only far units: no search
    assert_top_k_of_matrix(grid, np.r_[far_lon, sea_lon], np.r_[far_lat, sea_lat], ilon, ilat, 2)


def test_k_larger_than_the_fleet_empty_fleet_no_incidents(grid, shipped):
    rng = np.random.default_rng(3)
    ilon, ilat = grid_points(rng, 5)
    assert_top_k_of_matrix(grid, *grid_points(rng, 3), ilon, ilat, 10)
    idx, eta = grid.nearest_s(np.array([]), np.array([]), ilon, ilat, 5)
    assert idx.shape == eta.shape == (5, 0)
    idx, eta = shipped.nearest_s(np.array([0.5]), np.array([51.4]), np.array([]), np.array([]), 5)
    assert idx.shape == eta.shape == (0, 1)


def test_incident_on_the_same_edge_as_a_unit(grid):
    """Both on the 1.5 km spur, 500 m apart: the unit drives straight along it (a residential street)."""
    ulon, ulat = ll([SPUR[0] + 300, ISLAND_X], [SPUR[1], Y0 + STEP])
    ilon, ilat = ll([SPUR[0] + 800], [SPUR[1]])
    idx, eta = assert_top_k_of_matrix(grid, ulon, ulat, ilon, ilat, 2)
    assert idx[0, 0] == 0 and eta[0, 0] == pytest.approx(grid.start_s + 500 / (OSM_SPEED_KPH["residential"] / 3.6), abs=3)


def test_units_in_another_component_are_unreachable(grid):
    """Island units cannot be driven to from the grid (and back): inf, as in the full matrix."""
    rng = np.random.default_rng(4)
    island_lon, island_lat = ll(ISLAND_X + rng.uniform(0, 300, 2), Y0 + rng.uniform(0, 300, 2))
    main_lon, main_lat = grid_points(rng, 3)
    ulon, ulat = np.r_[main_lon, island_lon], np.r_[main_lat, island_lat]
    ilon, ilat = grid_points(rng, 4)
    _, eta = assert_top_k_of_matrix(grid, ulon, ulat, ilon, ilat, 4)
    assert np.all(np.isfinite(eta[:, :3])) and np.all(np.isinf(eta[:, 3]))
    # an incident on the island: its search covers the island and stops; the grid units are inf
    ilon, ilat = ll([ISLAND_X + 150], [Y0 + 100])
    _, eta = assert_top_k_of_matrix(grid, ulon, ulat, ilon, ilat, 3)
    assert np.all(np.isfinite(eta[0, :2])) and np.isinf(eta[0, 2])


def test_asking_again_after_units_moved(shipped):
    """The queue asks every few seconds: kept rows answer, and grow when the nearest units drove off."""
    rng = np.random.default_rng(5)
    model = fresh(shipped)
    ulon, ulat = rng.uniform(BOX[0], BOX[1], 300), rng.uniform(BOX[2], BOX[3], 300)
    ilon, ilat = rng.uniform(BOX[0], BOX[1], 20), rng.uniform(BOX[2], BOX[3], 20)
    first, _ = model.nearest_s(ulon, ulat, ilon, ilat, 5)
    moved = np.unique(first)                 # every suggested unit leaves for the far corner
    ulon[moved], ulat[moved] = 0.95, 51.27
    idx, eta = model.nearest_s(ulon, ulat, ilon, ilat, 5)
    full = fresh(shipped).eta_matrix_s(ulon, ulat, ilon, ilat)
    np.testing.assert_allclose(eta, np.sort(full, axis=1)[:, :5], rtol=1e-6, atol=0.01)
    np.testing.assert_allclose(np.take_along_axis(full, idx, 1), eta, rtol=1e-6, atol=0.01)


def test_known_incidents_gather_from_their_cached_rows(shipped):
    """After a full matrix (the incidents' whole rows cached) the answer is the same."""
    rng = np.random.default_rng(6)
    model = fresh(shipped)
    ulon, ulat = rng.uniform(BOX[0], BOX[1], 200), rng.uniform(BOX[2], BOX[3], 200)
    ilon, ilat = rng.uniform(BOX[0], BOX[1], 10), rng.uniform(BOX[2], BOX[3], 10)
    full = model.eta_matrix_s(ulon, ulat, ilon, ilat)
    idx, eta = model.nearest_s(ulon, ulat, ilon, ilat, 3)
    np.testing.assert_allclose(eta, np.sort(full, axis=1)[:, :3], rtol=1e-6)
    np.testing.assert_array_equal(np.take_along_axis(full, idx, 1), eta.astype(full.dtype))


def test_a_huge_network_keeps_fewer_rows_and_the_same_answers(grid):
    """Row caches are sized in bytes: a county extract's rows are MBs each (256 of them, three caches:
    GBs). With room for 16 of this grid's rows, 40 incidents one after another keep at most 16 rows
    in each cache, and every answer is the one a fresh model gives."""
    n = grid.graph.n_nodes
    budget = 16 * 4 * n
    small = RoadModel(grid.graph, rows_kept_bytes=budget)   # the answers it must match: fresh(grid)'s, 256 rows
    assert road_graph.rows_kept(n, 256, budget) == 16 and road_graph.rows_kept(n // 100, 256, budget) == 256
    rng = np.random.default_rng(5)
    ulon, ulat = grid_points(rng, 300)
    for lon, lat in zip(*grid_points(rng, 40)):
        idx, eta = small.nearest_s(ulon, ulat, [lon], [lat], 5)
        small.route_line(ulon[idx[0, 0]], ulat[idx[0, 0]], lon, lat)            # rows and a tree for the map's line
        want_idx, want_eta = fresh(grid).nearest_s(ulon, ulat, [lon], [lat], 5)
        np.testing.assert_array_equal(idx, want_idx)
        np.testing.assert_allclose(eta, want_eta, atol=0.01)
    assert 0 < len(small._rows) <= 16 and 0 < len(small._bounded._kept) <= 16 and 0 < len(small._preds) <= 16
