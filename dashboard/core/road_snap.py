"""Point -> road snapping for the road ETA model.

Helper for `dashboard.core.roads.RoadModel`. Pure numpy/scipy/pyproj.

Costs: building the lookup grid is most of a network's load time (~0.2 s for
the bundled main roads, ~0.9 s with the street mesh); a snap is ~0.8 us per
point. Measured against shapely's exact `STRtree.query_nearest` on the
segments in bench/recommend.py: the grid is ~10x faster for 2,000 points, and
since a point joins the exact foot on its candidates' edges, 96% of points within
200 m of a road get the exact gap (within 1 m; 8 candidates per cell: 4 gave 91%,
12 give 98% at 1.5x the cost), so it stays.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyproj import Transformer
from scipy.spatial import cKDTree

from dashboard.core.road_graph import SAMPLE_STEP_M, RoadGraph


@dataclass
class Snap:
    """Where points join the network: an edge, the fraction along it, the off-road gap."""

    edge: np.ndarray    # (k,) edge index
    frac: np.ndarray    # (k,) 0 at edge_u, 1 at edge_v
    gap_m: np.ndarray   # (k,) straight distance from point to the road
    lonlat: np.ndarray  # (k, 2) the snapped point


class EdgeSnapper:
    """Nearest point on a snappable road: samples every 50 m, a lookup grid, a cKDTree.

    Snapping to the nearest *road* rather than the nearest vertex keeps the
    access leg short on long rural segments. The samples only find candidate
    edges: the point joins the perpendicular foot on the nearest of them, so a
    unit beside a street joins it where it stands (before 2026-12-01 it joined
    the nearest sample, up to ~25 m along, or a junction ~50 m back). Motorway and crossing edges are not snap
    targets (no joining the M2 mid-way or the middle of a bridge).

    Speed: a cKDTree query for the 8 nearest samples costs ~3.9 ms for 2,000
    units, most of the 5 ms budget on a busy 2-core box. So at build time every
    100 m grid cell (network extent + `margin_m`) stores its `k` nearest
    samples (~0.9 s once for North Kent); a query is then a numpy gather and
    k distances and feet (~1.6 ms for 2,000). Points outside the grid use the tree.
    Distances are in a local equirectangular plane around the network's mean
    vertex (error < 0.5% across Kent, a few % for a whole-country network),
    which avoids a pyproj call per query.
    """

    def __init__(self, g: RoadGraph, *, grid_m: float = 100.0, k: int = 8, margin_m: float = 3000.0,
                 max_cells: int = 4_000_000) -> None:
        # the drawn segments of the snappable edges (an edge runs through its shape vertices),
        # each with the fraction along its edge at both ends (time along an edge is uniform)
        idx = np.flatnonzero(g.edge_snappable)
        first_v, n_seg = g.vertex_start[idx], np.diff(g.vertex_start)[idx] - 1
        seg_edge = np.repeat(idx, n_seg)
        seg_first = np.repeat(np.cumsum(n_seg) - n_seg, n_seg)      # each edge's first segment
        va = np.repeat(first_v, n_seg) + np.arange(len(seg_edge)) - seg_first
        p0, p1 = g.vertex_xy[va], g.vertex_xy[va + 1]
        seg = np.hypot(*(p1 - p0).T)
        run = np.cumsum(seg)
        before = run - seg - np.repeat(np.r_[0.0, run][np.cumsum(n_seg) - n_seg], n_seg)
        length = np.repeat(np.add.reduceat(seg, np.cumsum(n_seg) - n_seg) if len(seg) else seg, n_seg)
        self._f0, self._f1, self._seg_edge = before / length, (before + seg) / length, seg_edge
        n_s = np.maximum(1, np.ceil(seg / SAMPLE_STEP_M).astype(int)) + 1
        rep = np.repeat(np.arange(len(seg)), n_s)
        start = np.repeat(np.cumsum(n_s) - n_s, n_s)
        t = (np.arange(len(rep)) - start) / (n_s[rep] - 1)
        self._seg = rep
        self._edge = seg_edge[rep]
        self._frac = self._f0[rep] + t * (self._f1 - self._f0)[rep]
        # the samples at a segment's ends are its vertices (known); only those between need pyproj
        # (an OSM extract's segments are mostly shorter than the step: ~3 s saved at 1M segments)
        self._lonlat = np.where((t == 0.0)[:, None], g.vertex_lonlat[va[rep]], g.vertex_lonlat[va[rep] + 1])
        mid = (t > 0.0) & (t < 1.0)
        xy = p0[rep[mid]] + (p1 - p0)[rep[mid]] * t[mid, None]
        self._lonlat[mid] = np.column_stack(Transformer.from_crs(g.crs, "EPSG:4326", always_xy=True)
                                            .transform(*xy.T))
        lon, lat = self._lonlat.T
        # the plane's origin: the mean of the network's distinct vertices (however they are grouped into edges)
        key = np.round(g.vertex_xy * 10.0).astype(np.int64)
        _, once = np.unique((key[:, 0] << 32) + (key[:, 1] - key[:, 1].min()), return_index=True)
        self._lon0, self._lat0 = (float(c) for c in g.vertex_lonlat[np.sort(once)].mean(0))
        self._kx = np.radians(1.0) * 6_371_008.8 * np.cos(np.radians(self._lat0))
        self._ky = np.radians(1.0) * 6_371_008.8
        self._xy = self._plane(lon, lat)
        # each segment's ends in the plane: a candidate sample stands for its whole segment
        self._ends_ll = np.stack([g.vertex_lonlat[va], g.vertex_lonlat[va + 1]], axis=1)   # (segments, 2, 2)
        self._ends = np.stack([self._plane(*self._ends_ll[:, 0].T), self._plane(*self._ends_ll[:, 1].T)], axis=1)
        self._tree = cKDTree(self._xy)
        self._k = min(k, len(self._xy))
        lo = self._xy.min(0) - margin_m
        hi = self._xy.max(0) + margin_m
        self._cell = grid_m
        self._nx, self._ny = (np.ceil((hi - lo) / grid_m).astype(int) + 1)
        self._origin = lo
        self._cand: np.ndarray | None = None
        if self._nx * self._ny <= max_cells:
            gx = lo[0] + (np.arange(self._nx) + 0.5) * grid_m
            gy = lo[1] + (np.arange(self._ny) + 0.5) * grid_m
            cx, cy = np.meshgrid(gx, gy)
            # all cores: this query is most of a network's load time
            _, cand = self._tree.query(np.column_stack([cx.ravel(), cy.ravel()]), k=self._k, workers=-1)
            self._cand = cand.reshape(-1, self._k).astype(np.int32)

    def _plane(self, lon, lat) -> np.ndarray:
        return np.column_stack([(np.asarray(lon, float) - self._lon0) * self._kx,
                                (np.asarray(lat, float) - self._lat0) * self._ky])

    def snap(self, lon, lat) -> Snap:
        p = self._plane(lon, lat)
        i = np.empty(len(p), dtype=np.intp)
        inside = np.zeros(len(p), dtype=bool)
        if self._cand is not None:
            ix = np.floor((p[:, 0] - self._origin[0]) / self._cell).astype(np.int64)
            iy = np.floor((p[:, 1] - self._origin[1]) / self._cell).astype(np.int64)
            inside = (ix >= 0) & (ix < self._nx) & (iy >= 0) & (iy < self._ny)
            cand = self._cand[(iy * self._nx + ix)[inside]]             # (m, k)
            d2 = ((self._xy[cand] - p[inside][:, None, :]) ** 2).sum(-1)
            i[inside] = cand[np.arange(len(cand)), d2.argmin(1)]
        if not inside.all():
            _, i[~inside] = self._tree.query(p[~inside])
        edge, frac, gap, lonlat = self._edge[i], self._frac[i], np.hypot(*(self._xy[i] - p).T), self._lonlat[i]
        if self._cand is not None and inside.any():
            # the exact foot on each candidate's edge (samples are 50 m apart; the cell's k samples
            # nearest its centre need not be the point's nearest): the nearest foot wins
            e = self._seg[cand]                                         # (m, k) segments
            a, b = self._ends[e, 0], self._ends[e, 1]
            q = p[inside][:, None, :]
            ab = b - a
            t = np.clip(((q - a) * ab).sum(-1) / np.maximum((ab ** 2).sum(-1), 1e-9), 0.0, 1.0)
            foot = a + t[..., None] * ab
            d = np.hypot(*(foot - q).transpose(2, 0, 1))
            j = d.argmin(1)
            r = np.arange(len(j))
            ej, tj = e[r, j], t[r, j]
            ends = self._ends_ll[ej]
            edge[inside], gap[inside] = self._seg_edge[ej], d[r, j]
            frac[inside] = self._f0[ej] + tj * (self._f1[ej] - self._f0[ej])
            lonlat[inside] = ends[:, 0] + tj[:, None] * (ends[:, 1] - ends[:, 0])
        return Snap(edge=edge, frac=frac, gap_m=gap, lonlat=lonlat)
