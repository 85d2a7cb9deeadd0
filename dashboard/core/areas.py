"""Areas: answer "which area is this point in" over a boundary set from
`core/boundary_files.py`, and draw the areas for the browser.

Pure module: no Dash, no Redis. Costs, measured on a laptop-class CPU:
- `AreaIndex(...)` builds an STRtree and prepares the polygons: ~ms, once.
- `AreaIndex.areas_of` on 100,000 points: tens of milliseconds (see
  docs/performance.md); `area_of` on one point: ~10-20 us.
- `AreaIndex.to_geojson` runs a coverage simplification: ~ms for the four
  districts, up to ~1 s for a national set; cache its result.
"""
from __future__ import annotations

import math

import geopandas
import numpy as np
import shapely
from shapely.geometry import mapping

# Metres per degree of latitude: used to turn a tolerance in metres into degrees.
_M_PER_DEG_LAT = 111_320.0
SHORE_M = 300.0   # a point this far off every area (water, a pier) belongs to the nearest


class AreaIndex:
    """Point-in-area lookups over a boundary set from `load_boundaries` (EPSG:4326).

    Construction builds an STRtree and prepares each polygon (~ms). A point on
    a shared border belongs to the first area in `names` order.
    """

    def __init__(self, boundaries: geopandas.GeoDataFrame) -> None:
        if boundaries.crs is not None and not boundaries.crs.equals("EPSG:4326"):
            boundaries = boundaries.to_crs("EPSG:4326")
        self.names: list[str] = [str(n) for n in boundaries["name"]]
        self._geoms = np.asarray(boundaries.geometry.values, dtype=object)
        shapely.prepare(self._geoms)
        self._tree = shapely.STRtree(self._geoms)
        self._names_arr = np.asarray(self.names + [None], dtype=object)
        self._bboxes = shapely.bounds(self._geoms)

    def area_of(self, lon: float, lat: float) -> str | None:
        """Name of the area holding (lon, lat), or None outside every area or for a bad number."""
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return None
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self.names[int(hits.min())] if len(hits) else None

    def area_near(self, lon: float, lat: float, within_m: float = SHORE_M) -> str | None:
        """`area_of`, else the nearest area within `within_m`: the districts are clipped to the coast, and an
        incident on a riverbank, a pier or a boat by the shore (1-212 m off in a review) was counted
        "outside" on the wall while its words said "Gravesend (Gravesham)". ~10-20 us inside an area,
        ~50 us near one."""
        inside = self.area_of(lon, lat)
        if inside is not None or not (math.isfinite(lon) and math.isfinite(lat)):
            return inside
        # every area whose box comes within reach, each measured in metres (a nearest in degrees, where one
        # of longitude is 0.62 of one of latitude here, named the wrong bank of an estuary)
        east_m = _M_PER_DEG_LAT * max(math.cos(math.radians(lat)), 0.1)
        dx, dy = within_m / east_m, within_m / _M_PER_DEG_LAT
        point, best = shapely.Point(lon, lat), (within_m, None)
        for k in sorted(int(k) for k in self._tree.query(shapely.box(lon - dx, lat - dy, lon + dx, lat + dy))):
            near = shapely.shortest_line(point, self._geoms[k]).coords[-1]
            metres = math.hypot((near[0] - lon) * east_m, (near[1] - lat) * _M_PER_DEG_LAT)
            if metres <= best[0] and (best[1] is None or metres < best[0]):
                best = (metres, self.names[k])
        return best[1]

    def areas_of(self, lon: np.ndarray, lat: np.ndarray) -> list[str | None]:
        """Vectorised `area_of` for many points (numpy arrays or sequences).

        Cost: one sort of the points by longitude, then per area a binary search
        for its bounding box and one prepared point-in-polygon call over the
        candidates (no shapely Point objects are made: making 100,000 of them
        alone costs ~50 ms). ~10-40 ms per 100,000 points for a few hundred areas.
        """
        x = np.asarray(lon, dtype=float).ravel()
        y = np.asarray(lat, dtype=float).ravel()
        if x.shape != y.shape:
            raise ValueError("lon and lat must have the same length")
        n = len(x)
        result = np.full(n, len(self.names), dtype=np.int64)  # index of None
        if n == 0:
            return []
        ok = np.isfinite(x) & np.isfinite(y)
        idx = np.flatnonzero(ok)
        order = idx[np.argsort(x[idx], kind="stable")]  # points sorted by longitude
        xs = x[order]
        for k, (minx, miny, maxx, maxy) in enumerate(self._bboxes):
            lo = int(np.searchsorted(xs, minx, side="left"))
            hi = int(np.searchsorted(xs, maxx, side="right"))
            cand = order[lo:hi]
            yc = y[cand]
            cand = cand[(yc >= miny) & (yc <= maxy)]
            if len(cand) == 0:
                continue
            hit = cand[shapely.intersects_xy(self._geoms[k], x[cand], y[cand])]
            result[hit] = np.minimum(result[hit], k)
        return self._names_arr[result].tolist()

    def to_geojson(self, tolerance_m: float = 30) -> dict:
        """FeatureCollection for the browser: simplified without gaps or overlaps between
        neighbours (shapely.coverage_simplify), coordinates rounded to 5 decimals (~1 m).

        The tolerance is converted with metres-per-degree-of-latitude, so it is
        never coarser than asked. If the areas are not a clean coverage (they
        overlap or their shared edges do not match), each is simplified on its
        own with topology preserved instead. Cost: ~ms to ~1 s; cache the result.
        """
        tol = max(float(tolerance_m), 0.0) / _M_PER_DEG_LAT
        geoms = self._geoms
        if tol > 0:
            if bool(shapely.coverage_is_valid(geoms)):
                geoms = shapely.coverage_simplify(geoms, tol, simplify_boundary=True)
            else:
                geoms = shapely.simplify(geoms, tol, preserve_topology=True)
        geoms = shapely.transform(geoms, lambda c: np.round(c, 5))
        geoms = shapely.orient_polygons(geoms, exterior_cw=False)
        features = [
            {"type": "Feature", "properties": {"name": name}, "geometry": mapping(g)}
            for name, g in zip(self.names, geoms)
        ]
        return {"type": "FeatureCollection", "features": features}

    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of all areas."""
        b = shapely.total_bounds(self._geoms)
        return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))
