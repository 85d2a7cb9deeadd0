"""Live coverage: which parts of North Kent an available unit can reach within 7, 15 and 30 minutes.

Pure module (no Dash, no Redis). What costs time in a "reach" here is exactly
what costs time in a `RoadModel` ETA, so the 7-minute band is (nearly) the set
of places whose suggested-unit ETA would be 7 minutes or less:

    start_s (time to get moving; 0 s by default)
  + the unit's access leg to its nearest road and along that road to a node
  + node -> node drive time over the road graph (blue-light average speeds)
  + along a road edge to the point where the car stops
  + an off-road leg from that road point: straight gap x 1.3 at 20 km/h, beyond
    500 m over land at the A-road speed (`roads.access`: roads the network does not draw)

Recipe (road model): a raster of 100 m cells over the area that can be
reached (bounded by the districts' box when clipping); each cell's centre gets
the model's own ETA from the nearest unit (one `eta_matrix_s` call with the
units as the "incidents", so it costs each unit's two Dijkstra rows, cached,
and a gather), a cell counts for band B when it or a neighbour is within B
(the centre stands for the cell, and a point's ETA can jump between neighbours
where its nearest road changes), and each row's runs of cells become boxes,
merged per band. So the bands are the ETA model's answer by construction, up
to ~100 m at their edges; the road-edge tapers drawn before the street mesh
(45,000 edges) took ~30 s for one unit and were dropped. The straight-line
model gets exact discs.

Cost (shipped main roads + street mesh, ~15,000 nodes, 2-core CPU), three
bands, clipped, uncached, 10 random units over North Kent: ~300 ms on a quiet
box (the units' Dijkstra rows ~80 ms, cached while they stay put; the unions
~80 ms; the cell transforms ~60 ms), ~420 ms and 1.1 s for 30 units with the CPU
shared by a test run (`python -m dashboard.core.coverage`). Before the street
mesh (main roads only) it was ~55 ms. A repeat with the same rounded positions
is a cache hit: ~0.1 ms. Of the ~200 ms for 10 units only the model's calls (~50 ms)
need the model's lock (`guard`): the raster transforms and the unions run outside it.

Cache: results are kept (LRU, 32 entries) by the model and the sorted set of
unit positions rounded to a 200 m grid; the computation uses the rounded
positions, so a cached answer is exactly what a fresh one would be.
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext

import numpy as np
import shapely
from pyproj import Transformer

from dashboard.core.roads.access import ACCESS_DETOUR, UNDRAWN_MPS
from dashboard.core.roads import RoadModel

BANDS_S: tuple[int, ...] = (420, 900, 1800)       # 7, 15, 30 minutes: the map's bands, colours and label follow
FIRST_BAND_S = float(BANDS_S[0])                    # the "7-min coverage" share counts within the first band
OFFROAD_MPS = UNDRAWN_MPS / ACCESS_DETOUR           # the fastest off-road leg, as the crow flies (raster's pad)
GRID_M = 200.0                                      # positions rounded to this for the cache
CELL_M = 100.0                                      # coverage raster cell (coarser if over MAX_CELLS)
MAX_CELLS = 600_000
_CACHE_SIZE = 32
_CIRCLE_N = 24                                      # vertices per disc

_M_PER_DEG_LAT = 111_320.0
_TO_M = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
_TO_LL = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
_cache: OrderedDict[tuple, dict[int, shapely.Geometry]] = OrderedDict()


def round_positions(points: Sequence[tuple[float, float]], grid_m: float = GRID_M) -> tuple[tuple[float, float], ...]:
    """Lon/lat points snapped to a ~grid_m grid (latitude-corrected), sorted, duplicates dropped."""
    out = set()
    for lon, lat in points:
        if lon is None or lat is None or not (math.isfinite(lon) and math.isfinite(lat)):
            continue
        dlat = grid_m / _M_PER_DEG_LAT
        dlon = grid_m / (_M_PER_DEG_LAT * max(0.1, math.cos(math.radians(lat))))
        out.add((round(round(lon / dlon) * dlon, 6), round(round(lat / dlat) * dlat, 6)))
    return tuple(sorted(out))


def _discs(cx: np.ndarray, cy: np.ndarray, r: np.ndarray) -> np.ndarray:
    """(k, _CIRCLE_N, 2) vertices of k discs."""
    a = np.linspace(0, 2 * np.pi, _CIRCLE_N, endpoint=False)
    return np.stack([cx[:, None] + r[:, None] * np.cos(a), cy[:, None] + r[:, None] * np.sin(a)], axis=-1)


def _tapers(ax, ay, ra, bx, by, rb) -> np.ndarray:
    """Convex hulls of pairs of discs (A radius ra, B radius rb): the union of discs along AB."""
    if len(ax) == 0:
        return np.empty(0, dtype=object)
    pts = np.concatenate([_discs(ax, ay, ra), _discs(bx, by, rb)], axis=1)
    return shapely.convex_hull(shapely.multipoints(pts))


def reach_polygons_m(model, units_lonlat: Sequence[tuple[float, float]],
                     bands_s: Sequence[float] = BANDS_S, within_m: tuple | None = None,
                     guard: AbstractContextManager = nullcontext()) -> dict[int, shapely.Geometry]:
    """Band (s) -> reachable area in EPSG:27700 metres, not clipped. No cache.

    `model` is a RoadModel (recipe in the module docstring) or a straight-line
    model with `speed_mps`, `detour`, `start_s` (discs of radius
    (band - start_s) x speed / detour round each unit, as its ETAs). `within_m`
    (xmin, ymin, xmax, ymax in metres) bounds the road model's raster: what is
    drawn anyway (the districts). `guard` is held around the model's calls only
    (its caches are not thread-safe), not the geometry work."""
    empty = {int(b): shapely.Polygon() for b in bands_s}
    pts = [(lon, lat) for lon, lat in units_lonlat]
    if not pts:
        return empty
    if not isinstance(model, RoadModel):
        ux, uy = (np.asarray(c, float) for c in _TO_M.transform([p[0] for p in pts], [p[1] for p in pts]))
        return {int(b): shapely.union_all(shapely.polygons(_discs(
                    ux, uy, np.full(len(ux), max(float(b) - model.start_s, 0.0) * model.speed_mps / model.detour,
                                    ))))
                for b in bands_s}
    return _road_reach_m(model, pts, bands_s, within_m, guard)


def _road_reach_m(model: RoadModel, pts: list[tuple[float, float]], bands_s: Sequence[float],
                  within_m: tuple | None, guard: AbstractContextManager) -> dict:
    """Raster recipe (module docstring): cells whose centre's ETA is within the band, merged."""
    ulon, ulat = np.array([p[0] for p in pts]), np.array([p[1] for p in pts])
    with guard:   # the units' rows, kept: the cells' ETAs below gather from them
        T = model.drive_times_from_many(ulon, ulat).min(axis=0)
    top = float(max(bands_s))
    xy = model.graph.node_xy[T < top]
    ux, uy = (np.asarray(c, float) for c in _TO_M.transform(ulon, ulat))
    pad = max(top - model.start_s, 0.0) * OFFROAD_MPS
    lo = np.minimum(xy.min(0) if len(xy) else np.inf, [ux.min(), uy.min()]) - pad
    hi = np.maximum(xy.max(0) if len(xy) else -np.inf, [ux.max(), uy.max()]) + pad
    if within_m is not None:
        lo, hi = np.maximum(lo, within_m[:2]), np.minimum(hi, within_m[2:])
        if np.any(hi <= lo):
            return {int(b): shapely.Polygon() for b in bands_s}
    step = max(CELL_M, float(np.sqrt(np.prod(hi - lo) / MAX_CELLS)))
    nx, ny = (np.ceil((hi - lo) / step).astype(int))
    cx, cy = np.meshgrid(lo[0] + (np.arange(nx) + 0.5) * step, lo[1] + (np.arange(ny) + 0.5) * step)
    clon, clat = _TO_LL.transform(cx.ravel(), cy.ravel())
    # cells as "units", the real units as "incidents": the model's rows come from the units (undirected)
    with guard:
        eta = model.raster_eta_s(np.asarray(clon), np.asarray(clat), ulon, ulat)
    eta = eta.min(axis=0).reshape(ny, nx)
    # a cell counts when it or a neighbour is reached: the centre stands for the whole cell, and
    # a point's ETA can jump between neighbouring cells where its nearest road changes
    big = np.pad(eta, 1, constant_values=np.inf)
    eta = np.min([big[1 + di:1 + di + ny, 1 + dj:1 + dj + nx] for di in (-1, 0, 1) for dj in (-1, 0, 1)], axis=0)
    return {int(b): _cells_to_polygon(eta <= float(b), lo, step) for b in bands_s}


def _cells_to_polygon(mask: np.ndarray, lo: np.ndarray, step: float) -> shapely.Geometry:
    """Union of the True cells: runs along each row become one box each, then one union."""
    if not mask.any():
        return shapely.Polygon()
    padded = np.pad(mask, ((0, 0), (1, 1))).astype(np.int8)
    d = np.diff(padded, axis=1)
    row_s, col_s = np.nonzero(d == 1)
    _, col_e = np.nonzero(d == -1)           # same row order as the starts
    boxes = shapely.box(lo[0] + col_s * step, lo[1] + row_s * step, lo[0] + col_e * step, lo[1] + (row_s + 1) * step)
    return shapely.union_all(boxes)


def coverage_polygons(model, units_lonlat: Sequence[tuple[float, float]], clip_to: shapely.Geometry | None,
                      bands_s: Sequence[float] = BANDS_S,
                      guard: AbstractContextManager = nullcontext()) -> dict[int, shapely.Geometry]:
    """Band (s) -> reachable area in lon/lat (EPSG:4326), clipped to `clip_to` (lon/lat, e.g. the
    districts' union); each band contains the shorter ones. Cached by rounded unit positions.
    `guard` (e.g. the model's lock) is held around the model's calls and the cache only."""
    key = (id(model), id(clip_to), tuple(int(b) for b in bands_s), round_positions(units_lonlat))
    with guard:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    within = None
    if clip_to is not None and not clip_to.is_empty:
        x0, y0, x1, y1 = clip_to.bounds
        cx, cy = (np.asarray(c) for c in _TO_M.transform([x0, x1, x0, x1], [y0, y0, y1, y1]))
        within = (cx.min() - 1000, cy.min() - 1000, cx.max() + 1000, cy.max() + 1000)
    reach = reach_polygons_m(model, key[3], bands_s, within, guard)
    out, inner = {}, None
    for band in sorted(reach):
        geom = shapely.transform(reach[band], lambda c: np.column_stack(_TO_LL.transform(c[:, 0], c[:, 1])))
        if inner is not None:                    # guarantee nesting despite float noise
            geom = shapely.union(geom, inner)
        if clip_to is not None:                  # clipped in lon/lat: exactly inside the districts
            geom = shapely.intersection(geom, clip_to)
        inner = out[band] = geom
    with guard:
        _cache[key] = out
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return out


def band_minutes(band_s: float) -> int:
    """A band's whole minutes, as the screens name it (420 -> 7)."""
    return int(round(band_s / 60))


def coverage_share(incident_points: Sequence[tuple[float, float]], unit_points: Sequence[tuple[float, float]],
                   model, within_s: float = FIRST_BAND_S) -> float | None:
    """Share (0..1) of incident points with at least one of `unit_points` within `within_s` by the
    model's ETA (any `EtaModel`); None when there are no incidents. One `nearest_s` call (the
    road model searches only as far as each incident's nearest unit)."""
    if not incident_points:
        return None
    if not unit_points:
        return 0.0
    ilon, ilat = (np.array(c, float) for c in zip(*incident_points))
    ulon, ulat = (np.array(c, float) for c in zip(*unit_points))
    _, eta = model.nearest_s(ulon, ulat, ilon, ilat, 1)
    return float(np.mean(eta[:, 0] <= within_s))


def _bench() -> None:  # python -m dashboard.core.coverage
    from dashboard.core.boundary_files import load_boundaries
    model = RoadModel.load()
    clip = shapely.union_all(load_boundaries().geometry.values)
    rng = np.random.default_rng(1)

    class Held:   # a guard that adds up the time it is held (what another thread waits for)
        total = 0.0

        def __enter__(self):
            self.t0 = time.perf_counter()

        def __exit__(self, *exc):
            Held.total += time.perf_counter() - self.t0

    for n in (1, 10, 30):
        times, held = [], []
        for rep in range(5):
            units = list(zip(rng.uniform(0.25, 0.9, n), rng.uniform(51.33, 51.45, n)))
            Held.total = 0.0
            t0 = time.perf_counter()
            coverage_polygons(model, units, clip, guard=Held())
            times.append(time.perf_counter() - t0)
            held.append(Held.total)
        t0 = time.perf_counter()
        coverage_polygons(model, units, clip)
        hit = time.perf_counter() - t0
        print(f"{n:3d} units: {1000 * np.median(times):.1f} ms median uncached "
              f"(min {1000 * min(times):.1f}, max {1000 * max(times):.1f}), the model's lock held "
              f"{1000 * np.median(held):.1f} ms of it; cache hit {1e6 * hit:.0f} us")


if __name__ == "__main__":
    _bench()
