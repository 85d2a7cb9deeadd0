"""Live coverage: which parts of North Kent an available unit can reach within 7, 15 and 30 minutes.

Pure module (no Dash, no Redis). What costs time in a "reach" here is exactly
what costs time in a `RoadModel` ETA, so the 7-minute band is (nearly) the set
of places whose suggested-unit ETA would be 7 minutes or less:

    start_s (60 s to get moving)
  + the unit's access leg to its nearest road and along that road to a node
  + node -> node drive time over the road graph (blue-light average speeds)
  + along a road edge to the point where the car stops
  + an off-road leg from that road point: straight gap x 1.3 at 20 km/h
    (`roads.ACCESS_DETOUR`, `roads.ACCESS_SPEED_MPS`, i.e. ~4.3 m/s as the crow flies)

Recipe: per unit `RoadModel.drive_times_from` (a row gather from the model's
all-pairs matrix), minimum over units = a multi-source shortest path. For each
band B and each snappable road edge (u, v) the part of the edge reachable from u
is where T[u] + t_along <= B; every point on it can still go (B - time there) x
4.3 m off the road. That off-road radius falls linearly along the edge, so the
union of the discs is the convex hull of the two end discs (a tapered buffer),
computed exactly, and the same from v. Plus a disc round each unit itself
(its own off-road reach). Union per band, clipped to the districts. Motorway
edges carry travel time but are not buffered: an incident never joins a
motorway in the ETA model (see geodata/ROADS.md, snapping rule).

Where it differs from an ETA: the ETA joins an incident to its single nearest
road; coverage lets a point be reached from any road nearby (so it is very
slightly generous), and places more than `max_snap_m` (3 km) from any road,
which the ETA model prices with the straight-line fallback, are only covered
here when within the off-road reach of a road. Water near the shore inside a
district (Medway estuary) is covered like land, as the ETA model does.

Cost (bundled network of 183 nodes / 208 snappable edges, 2-core CPU, bench:
`python -m dashboard.core.coverage`, random units over North Kent), three bands,
clipped, uncached: 1 unit ~40 ms median (28-78 ms); 10 units ~55 ms median
(46-87 ms); 30 units ~100 ms (61-137 ms), measured on a quiet machine (with the
CPU shared by a busy test run: 50-90 ms CPU time, 150-550 ms wall for 10 units).
A repeat with the same rounded positions is a cache hit: ~0.1 ms (rounding the
positions for the key). Most of the time is the polygon union and the clip, not
the drive times (one row gather per unit). The map's GeoJSON from the bands
(`dashboard.ui.layers.coverage.coverage_geojson`): ~5 ms, ~22 KB for 10 units.

Cache: results are kept (LRU, 32 entries) by the model and the sorted set of
unit positions rounded to a 200 m grid; the computation uses the rounded
positions, so a cached answer is exactly what a fresh one would be.
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import Transformer

from dashboard.core.roads import ACCESS_DETOUR, ACCESS_SPEED_MPS, RoadModel

BANDS_S: tuple[int, ...] = (420, 900, 1800)       # 7, 15, 30 minutes
OFFROAD_MPS = ACCESS_SPEED_MPS / ACCESS_DETOUR      # straight-line metres per second off the road
GRID_M = 200.0                                      # positions rounded to this for the cache
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
                     bands_s: Sequence[float] = BANDS_S) -> dict[int, shapely.Geometry]:
    """Band (s) -> reachable area in EPSG:27700 metres, not clipped. No cache.

    `model` is a RoadModel (recipe in the module docstring) or a straight-line
    model with `speed_mps`, `detour`, `start_s` (discs of radius
    (band - start_s) x speed / detour round each unit, as its ETAs)."""
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
    g = model.graph
    T = np.full(g.n_nodes, np.inf)
    for lon, lat in pts:
        T = np.minimum(T, model.drive_times_from(lon, lat))
    ux, uy = _TO_M.transform(np.array([p[0] for p in pts]), np.array([p[1] for p in pts]))
    ux, uy = np.asarray(ux, float), np.asarray(uy, float)
    m = g.edge_snappable
    u, v, s = g.edge_u[m], g.edge_v[m], g.edge_s[m].astype(float)
    xy = g.node_xy
    out = {}
    for band in bands_s:
        band = float(band)
        pieces = []
        r_unit = np.maximum(band - model.start_s, 0.0) * OFFROAD_MPS
        if (r_unit > 0):
            pieces.append(shapely.polygons(_discs(ux, uy, np.full(len(ux), r_unit))))
        for a, b in ((u, v), (v, u)):           # reach along the edge from each end
            ta = T[a]
            ok = ta < band
            if not ok.any():
                continue
            a_, b_, s_, ta_ = a[ok], b[ok], s[ok], ta[ok]
            frac = np.clip((band - ta_) / np.maximum(s_, 1e-9), 0.0, 1.0)
            pa, pb = xy[a_], xy[b_]
            px = pa[:, 0] + frac * (pb[:, 0] - pa[:, 0])
            py = pa[:, 1] + frac * (pb[:, 1] - pa[:, 1])
            ra = (band - ta_) * OFFROAD_MPS
            rb = (band - (ta_ + frac * s_)) * OFFROAD_MPS
            pieces.append(_tapers(pa[:, 0], pa[:, 1], ra, px, py, np.maximum(rb, 0.5)))
        out[int(band)] = shapely.union_all(np.concatenate(pieces)) if pieces else shapely.Polygon()
    return out


def coverage_polygons(model, units_lonlat: Sequence[tuple[float, float]], clip_to: shapely.Geometry | None,
                      bands_s: Sequence[float] = BANDS_S) -> dict[int, shapely.Geometry]:
    """Band (s) -> reachable area in lon/lat (EPSG:4326), clipped to `clip_to` (lon/lat, e.g. the
    districts' union); each band contains the shorter ones. Cached by rounded unit positions."""
    key = (id(model), id(clip_to), tuple(int(b) for b in bands_s), round_positions(units_lonlat))
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        return hit
    reach = reach_polygons_m(model, key[3], bands_s)
    out, inner = {}, None
    for band in sorted(reach):
        geom = shapely.transform(reach[band], lambda c: np.column_stack(_TO_LL.transform(c[:, 0], c[:, 1])))
        if inner is not None:                    # guarantee nesting despite float noise
            geom = shapely.union(geom, inner)
        if clip_to is not None:                  # clipped in lon/lat: exactly inside the districts
            geom = shapely.intersection(geom, clip_to)
        inner = out[band] = geom
    _cache[key] = out
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return out


def coverage_share(incident_points: Sequence[tuple[float, float]], unit_points: Sequence[tuple[float, float]],
                   model, within_s: float = 420.0) -> float | None:
    """Share (0..1) of incident points with at least one of `unit_points` within `within_s` by the
    model's ETA (any `EtaModel`); None when there are no incidents. One eta_matrix_s call."""
    if not incident_points:
        return None
    if not unit_points:
        return 0.0
    ilon, ilat = (np.array(c, float) for c in zip(*incident_points))
    ulon, ulat = (np.array(c, float) for c in zip(*unit_points))
    eta = np.asarray(model.eta_matrix_s(ulon, ulat, ilon, ilat), float)
    return float(np.mean(eta.min(axis=1) <= within_s))


def _bench() -> None:  # python -m dashboard.core.coverage
    from dashboard.core.areas import load_boundaries
    model = RoadModel.load()
    clip = shapely.union_all(load_boundaries().geometry.values)
    rng = np.random.default_rng(1)
    for n in (1, 10, 30):
        times = []
        for rep in range(5):
            units = list(zip(rng.uniform(0.25, 0.9, n), rng.uniform(51.33, 51.45, n)))
            t0 = time.perf_counter()
            coverage_polygons(model, units, clip)
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        coverage_polygons(model, units, clip)
        hit = time.perf_counter() - t0
        print(f"{n:3d} units: {1000 * np.median(times):.1f} ms median uncached "
              f"(min {1000 * min(times):.1f}, max {1000 * max(times):.1f}); cache hit {1e6 * hit:.0f} us")


if __name__ == "__main__":
    _bench()
