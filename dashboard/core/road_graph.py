"""Road network -> drivable graph, and point -> road snapping.

Helper for `dashboard.core.roads.RoadModel`; kept apart so the model module
stays about ETAs and this one about geometry. Pure numpy/scipy/geopandas.

Costs: the bundled North Kent network (183 nodes) reads and builds in ~0.1 s,
the snap grid ~0.2 s more. A 27,000-node synthetic grid builds in ~0.7 s
(bench/recommend.py); a full OpenStreetMap county extract (a few 100k
vertices) should take seconds, dominated by the file read and the snap grid
(line-end joins are one `connected_components` call).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

METRIC_CRS = "EPSG:27700"  # British National Grid: metres, fine for Kent
SNAP_JOIN_M = 30.0        # line ends within this distance join the nearest vertex
SAMPLE_STEP_M = 50.0      # spacing of snap samples along roads

# Blue-light average drive speed by our own `road_class` (km/h). These are
# averages over a whole emergency drive on that class of road (junctions,
# traffic parting, slowing at roundabouts), not limits. Documented in
# geodata/ROADS.md; make_roads.py writes them into the GeoJSON too.
CLASS_SPEED_KPH: dict[str, float] = {
    "motorway": 105.0,
    "trunk": 85.0,
    "a_road": 60.0,
    "b_road": 50.0,
    "local": 35.0,
}

# OpenStreetMap `highway` values (also Geofabrik shapefile `fclass`) -> km/h.
OSM_SPEED_KPH: dict[str, float] = {
    "motorway": 105.0, "motorway_link": 60.0,
    "trunk": 85.0, "trunk_link": 50.0,
    "primary": 60.0, "primary_link": 45.0,
    "secondary": 50.0, "secondary_link": 40.0,
    "tertiary": 45.0, "tertiary_link": 35.0,
    "unclassified": 35.0, "residential": 30.0, "road": 30.0,
    "living_street": 15.0, "service": 15.0, "track": 10.0,
}
# Ways a vehicle cannot drive: dropped when a `highway`/`fclass` tag says so.
OSM_NOT_DRIVABLE = frozenset({
    "footway", "path", "cycleway", "steps", "pedestrian", "bridleway",
    "corridor", "platform", "proposed", "construction", "elevator", "via_ferrata",
    "bus_guideway", "raceway", "abandoned", "disused",
})
DEFAULT_SPEED_KPH = 40.0
# Classes a point may not be snapped onto (no access mid-way along a motorway).
NO_SNAP_CLASSES = frozenset({"motorway"})


class RoadModelError(ValueError):
    """The road file cannot be turned into a usable network."""


def _class_and_speed(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per-row (class label, km/h): explicit `speed_kph`, else by class tag, else 40."""
    n = len(gdf)
    cls = np.full(n, "", dtype=object)
    speed = np.full(n, np.nan)
    for col in ("road_class", "highway", "fclass"):
        if col in gdf.columns:
            vals = gdf[col].astype(object).where(gdf[col].notna(), "").astype(str).to_numpy()
            fill = cls == ""
            cls[fill] = vals[fill]
    for i, c in enumerate(cls):
        speed[i] = CLASS_SPEED_KPH.get(c, OSM_SPEED_KPH.get(c, DEFAULT_SPEED_KPH))
    if "speed_kph" in gdf.columns:
        given = gdf["speed_kph"].to_numpy(dtype=float, na_value=np.nan)
        ok = np.isfinite(given) & (given > 0)
        speed[ok] = given[ok]
    return cls, speed


def _crossing_names(gdf: gpd.GeoDataFrame) -> np.ndarray | None:
    """Per-row crossing name: our `crossing` column, else OSM `bridge`/`tunnel` ways over 150 m by `name`.

    The OSM rule makes route notes like "via Medway Tunnel" work on a user's
    extract; short bridges (over a road or a stream) are not worth a note.
    """
    if "crossing" in gdf.columns:
        return gdf["crossing"].to_numpy(dtype=object)
    flags = [c for c in ("bridge", "tunnel") if c in gdf.columns]
    if not flags or "name" not in gdf.columns:
        return None
    flagged = np.zeros(len(gdf), dtype=bool)
    for c in flags:
        v = gdf[c].astype(str).str.lower()
        flagged |= gdf[c].notna().to_numpy() & ~v.isin(["no", "none", "nan", "0", ""]).to_numpy()
    long_enough = gdf.geometry.length.to_numpy() > 150.0
    names = gdf["name"].to_numpy(dtype=object)
    return np.where(flagged & long_enough, names, None)


@dataclass
class RoadGraph:
    """Undirected road graph in EPSG:27700 metres.

    One node per distinct line vertex (after joining ends within 30 m), one
    edge per consecutive vertex pair, time = length / speed. Undirected:
    one-way tags are ignored (blue-light drives, and the hand-made network
    has none); documented in geodata/ROADS.md.
    """

    node_xy: np.ndarray       # (n, 2) metres
    node_lonlat: np.ndarray   # (n, 2)
    edge_u: np.ndarray        # (m,) int
    edge_v: np.ndarray
    edge_s: np.ndarray        # (m,) seconds
    edge_crossing: np.ndarray  # (m,) object: crossing name or None
    edge_snappable: np.ndarray  # (m,) bool
    csr: csr_matrix           # (n, n) symmetric, min time per node pair

    @property
    def n_nodes(self) -> int:
        return len(self.node_xy)


def read_lines(path: str | Path) -> gpd.GeoDataFrame:
    """Read any line file geopandas understands, explode to LineStrings, to metres."""
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # fiona/pyogrio raise many types
        raise RoadModelError(f"cannot read road file {path}: {exc}") from exc
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    gdf = gdf[gdf.geometry.notna()]
    gdf = gdf[gdf.geom_type.isin(["LineString", "MultiLineString"])]
    for col in ("highway", "fclass"):
        if col in gdf.columns:
            gdf = gdf[~gdf[col].astype(str).isin(OSM_NOT_DRIVABLE)]
    if gdf.empty:
        raise RoadModelError(f"road file {path} has no (drivable) LineString features")
    gdf = gdf.explode(index_parts=False, ignore_index=True).to_crs(METRIC_CRS)
    return gdf


def build_graph(gdf: gpd.GeoDataFrame) -> RoadGraph:
    """Nodes at vertices (ends joined within SNAP_JOIN_M), edges between consecutive vertices."""
    cls, speed = _class_and_speed(gdf)
    crossing_col = _crossing_names(gdf)
    coords, line_idx = shapely.get_coordinates(gdf.geometry.values, return_index=True)
    coords = coords[:, :2]
    if len(coords) < 2:
        raise RoadModelError("road file has no line with two vertices")
    # 1. exact dedupe (0.1 m grid): OSM ways share junction vertices exactly.
    key = np.round(coords * 10.0).astype(np.int64)
    uniq, inv = np.unique(key, axis=0, return_inverse=True)
    inv = inv.ravel()
    pts = uniq / 10.0
    # 2. join line ends to the nearest other vertex within SNAP_JOIN_M (hand-made data):
    #    the joins are graph edges; connected components give one node per group.
    first = np.r_[True, line_idx[1:] != line_idx[:-1]]
    last = np.r_[line_idx[1:] != line_idx[:-1], True]
    ends = np.unique(inv[first | last])
    dist, nn = cKDTree(pts).query(pts[ends], k=2, distance_upper_bound=SNAP_JOIN_M)
    hit = np.isfinite(dist[:, 1])
    joins = coo_matrix((np.ones(int(hit.sum())), (ends[hit], nn[hit, 1])), shape=(len(pts), len(pts)))
    _, label = connected_components(joins, directed=False)
    # number groups in order of their first vertex, as the old union-find did (stable node ids)
    _, first_of = np.unique(label, return_index=True)
    rank = np.empty(len(first_of), dtype=np.int64)
    rank[np.argsort(first_of)] = np.arange(len(first_of))
    node_of = rank[label]
    node_xy = pts[np.sort(first_of)]
    vert_node = node_of[inv]
    # 3. edges between consecutive vertices of the same line.
    same = line_idx[1:] == line_idx[:-1]
    u = vert_node[:-1][same]
    v = vert_node[1:][same]
    row = line_idx[:-1][same]
    seg_len = np.hypot(*(coords[1:][same] - coords[:-1][same]).T)
    ok = u != v
    u, v, row, seg_len = u[ok], v[ok], row[ok], seg_len[ok]
    edge_s = seg_len / (speed[row] / 3.6)
    crossing = (crossing_col[row] if crossing_col is not None else np.full(len(row), None, dtype=object))
    crossing = np.array([c if isinstance(c, str) and c else None for c in crossing], dtype=object)
    snappable = ~np.isin(cls[row], list(NO_SNAP_CLASSES)) & np.array([c is None for c in crossing], dtype=bool)
    if not snappable.any():
        snappable[:] = True
    n = len(node_xy)
    # csr_matrix sums duplicates; take min by sorting and keeping the first per pair.
    a, b = np.minimum(u, v), np.maximum(u, v)
    order = np.lexsort((edge_s, b, a))
    pair = a[order] * n + b[order]
    firsts = order[np.r_[True, pair[1:] != pair[:-1]]]
    rows = np.r_[u[firsts], v[firsts]]
    cols = np.r_[v[firsts], u[firsts]]
    data = np.r_[edge_s[firsts], edge_s[firsts]]
    csr = csr_matrix((data, (rows, cols)), shape=(n, n))
    to_ll = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    lon, lat = to_ll.transform(node_xy[:, 0], node_xy[:, 1])
    return RoadGraph(node_xy=node_xy, node_lonlat=np.column_stack([lon, lat]),
                     edge_u=u, edge_v=v, edge_s=edge_s, edge_crossing=crossing,
                     edge_snappable=snappable, csr=csr)


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
    access leg short on long rural segments; the sample spacing bounds the
    error at ~25 m along the road. Motorway and crossing edges are not snap
    targets (no joining the M2 mid-way or the middle of a bridge).

    Speed: a cKDTree query costs ~0.7 us per point (1.5 ms for 2,000 units),
    too slow for the 5 ms budget on a busy 2-core box. So at build time every
    100 m grid cell (network extent + `margin_m`) stores its `k` nearest
    samples (~0.2 s once for North Kent); a query is then a numpy gather and
    k distances (~0.1 ms for 2,000). Points outside the grid use the tree.
    Distances are in a local equirectangular plane around the network's mean
    latitude (error < 0.5% across Kent, a few % for a whole-country network),
    which avoids a pyproj call per query.
    """

    def __init__(self, g: RoadGraph, *, grid_m: float = 100.0, k: int = 4, margin_m: float = 3000.0,
                 max_cells: int = 4_000_000) -> None:
        idx = np.flatnonzero(g.edge_snappable)
        p0 = g.node_xy[g.edge_u[idx]]
        p1 = g.node_xy[g.edge_v[idx]]
        seg = np.hypot(*(p1 - p0).T)
        n_s = np.maximum(1, np.ceil(seg / SAMPLE_STEP_M).astype(int)) + 1
        rep = np.repeat(np.arange(len(idx)), n_s)
        start = np.repeat(np.cumsum(n_s) - n_s, n_s)
        frac = (np.arange(len(rep)) - start) / (n_s[rep] - 1)
        self._edge = idx[rep]
        self._frac = frac
        xy_bng = p0[rep] + (p1 - p0)[rep] * frac[:, None]
        lon, lat = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True).transform(*xy_bng.T)
        self._lonlat = np.column_stack([lon, lat])
        self._lon0 = float(np.mean(g.node_lonlat[:, 0]))
        self._lat0 = float(np.mean(g.node_lonlat[:, 1]))
        self._kx = np.radians(1.0) * 6_371_008.8 * np.cos(np.radians(self._lat0))
        self._ky = np.radians(1.0) * 6_371_008.8
        self._xy = self._plane(lon, lat)
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
            _, cand = self._tree.query(np.column_stack([cx.ravel(), cy.ravel()]), k=self._k)
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
        gap = np.hypot(*(self._xy[i] - p).T)
        return Snap(edge=self._edge[i], frac=self._frac[i], gap_m=gap, lonlat=self._lonlat[i])
