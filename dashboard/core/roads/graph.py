"""Road lines -> drivable graph (nodes, timed edges), and re-timing it by class speeds.

Helper for `dashboard.core.roads.RoadModel`; reading files is in
`roads.files`, snapping points in `roads.snap`. Pure numpy/scipy/geopandas.

Costs: the bundled North Kent network (main roads + street mesh, ~14,400 nodes)
reads and builds in ~1 s, most of it the file reads and the snap samples; the 59,000-node
synthetic grid in ~0.9 s (bench/recommend.py); a 1.1M-vertex synthetic county
grid builds in ~2 s and samples in ~2 s (bench/county_network.py), plus the file
read (line-end joins are one `connected_components` call; shape vertices fold
into edges, `roads.chains`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from dashboard.core.roads.chains import chains

METRIC_CRS = "EPSG:27700"  # British National Grid: metres, fine for Kent
SNAP_JOIN_M = 30.0        # line ends within this distance join the nearest vertex
SAMPLE_STEP_M = 50.0      # spacing of snap samples along roads

# Drive speed by our own `road_class` (km/h). Main-road classes are fitted to
# real OpenStreetMap car routes by bench/eta_truth.py (leave-one-site-out,
# ETA = free-flow car time / 1.1; figures in docs/performance.md, "Truth").
# `street` is the postcode mesh: its edges run straight between postcode
# centroids, so its speed is a crow-fly speed carrying the streets' detour; it
# is set (not fitted) so that a 0.5-3 km town trip takes the free-flow time on
# 30 mph streets / 1.1 (eta_truth's local check). Documented in geodata/ROADS.md.
CLASS_SPEED_KPH: dict[str, float] = {
    "motorway": 111.0,
    "trunk": 84.0,
    "a_road": 67.0,
    "b_road": 76.0,
    "urban": 45.0,     # inner-London A roads (20 mph boroughs)
    "street": 41.0,    # local and lane share the street speed: all three are straight
    "local": 41.0,     # stand-ins for winding streets (town links, lanes on the Downs)
    "lane": 41.0,
}

# A blue-light drive is taken as 10% faster than free-flow car time: the speeds above are fitted so
# that an ETA is the real free-flow time / BLUE_LIGHT, and a posted limit caps a way at limit x this.
BLUE_LIGHT = 1.1
# The hand-drawn roads are chords between placed points: their routes add up to 0.93 of the real
# routes' km (bench/eta_truth.py, "Truth"). On a real network the same drive is longer, so each
# class's fitted speed is divided by this to keep ETAs on the same scale.
DRAWN_KM_PER_REAL_KM = 0.93
_REAL = 1.0 / DRAWN_KM_PER_REAL_KM
_MINOR = min(CLASS_SPEED_KPH["b_road"], CLASS_SPEED_KPH["a_road"])
STREET_FREE_FLOW_KPH = 48.0        # residential streets: 30 mph, as the truth's router drives them
STREET_KPH = STREET_FREE_FLOW_KPH * BLUE_LIGHT

# OpenStreetMap `highway` values (also Geofabrik shapefile `fclass`) -> km/h, for a real extract.
# In British OSM, A roads are `primary` (or `trunk`), B roads `secondary`; minor roads between
# villages `tertiary`. Links and service roads keep plain urban speeds (short, junction-bound).
OSM_SPEED_KPH: dict[str, float] = {
    "motorway": CLASS_SPEED_KPH["motorway"] * _REAL, "motorway_link": 60.0,
    "trunk": CLASS_SPEED_KPH["trunk"] * _REAL, "trunk_link": 50.0,
    "primary": CLASS_SPEED_KPH["a_road"] * _REAL, "primary_link": 45.0,
    # never faster than an A road (the fitted b_road speed rests on few routes)
    "secondary": _MINOR * _REAL, "secondary_link": 40.0,
    "tertiary": _MINOR * _REAL, "tertiary_link": 35.0,
    "unclassified": STREET_KPH, "residential": STREET_KPH, "road": STREET_KPH,
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
    speed = np.full(n, DEFAULT_SPEED_KPH)
    # an OSM `motorway` is on the real-km scale (OSM_SPEED_KPH), our own `motorway` on the drawn one
    for col, table in (("road_class", CLASS_SPEED_KPH), ("highway", OSM_SPEED_KPH), ("fclass", OSM_SPEED_KPH)):
        if col in gdf.columns:
            vals = gdf[col].astype(object).where(gdf[col].notna(), "").astype(str).to_numpy()
            fill = np.flatnonzero((cls == "") & (vals != ""))
            cls[fill] = vals[fill]
            speed[fill] = [table.get(v, CLASS_SPEED_KPH.get(v, OSM_SPEED_KPH.get(v, DEFAULT_SPEED_KPH)))
                           for v in vals[fill]]
    if "maxspeed" in gdf.columns:     # OSM: a posted limit caps the way (as the truth's router does)
        limit = np.array([maxspeed_kph(v) for v in gdf["maxspeed"].to_numpy(dtype=object)])
        speed = np.fmin(speed, limit * BLUE_LIGHT)
    if "speed_kph" in gdf.columns:
        given = gdf["speed_kph"].to_numpy(dtype=float, na_value=np.nan)
        ok = np.isfinite(given) & (given > 0)
        speed[ok] = given[ok]
    return cls, speed


_MPH = 1.609344
_NAMED_LIMITS = {"nsl_single": 60 * _MPH, "nsl_dual": 70 * _MPH, "motorway": 70 * _MPH,
                 "nsl_restricted": 30 * _MPH, "walk": 6.0}
_LIMIT = re.compile(r"^(?:(?:gb|uk):zone)?(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph)?$")


def maxspeed_kph(value: object) -> float:
    """An OSM `maxspeed` value in km/h ("50", "30 mph", "GB:nsl_single", "GB:zone20", "20;30": the
    first; a number as Geofabrik's shapefiles give it); NaN when absent or not a limit ("none",
    "signals", "variable")."""
    if isinstance(value, (int, float, np.integer, np.floating)):   # Geofabrik shapefiles: km/h, 0 = unknown
        return float(value) if value > 0 else float("nan")
    if not isinstance(value, str):
        return float("nan")
    text = value.split(";")[0].strip().lower()
    named = _NAMED_LIMITS.get(text.removeprefix("gb:").removeprefix("uk:"))
    if named is not None:
        return named
    m = _LIMIT.match(text)
    if m is None or float(m.group(1)) <= 0:
        return float("nan")
    mph = m.group(2) == "mph" or text.startswith(("gb:zone", "uk:zone"))
    return float(m.group(1)) * (_MPH if mph else 1.0)


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

    One node per junction or line end (after joining ends within 30 m); one
    edge per run of a line between two nodes, through its shape vertices
    (`roads.chains`), time = length / speed. Undirected:
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
    edge_class: np.ndarray    # (m,) object: road class label
    edge_m: np.ndarray        # (m,) metres
    vertex_start: np.ndarray  # (m + 1,) edge i's drawn vertices are vertex_xy[vertex_start[i]:vertex_start[i + 1]]
    vertex_xy: np.ndarray     # (..., 2) metres, each edge's from edge_u to edge_v
    vertex_lonlat: np.ndarray  # (..., 2) the same in lon/lat
    crs: str = METRIC_CRS     # the metric CRS of node_xy

    @property
    def n_nodes(self) -> int:
        return len(self.node_xy)


ROWS_KEPT_BYTES = 128 * 2**20   # per cache of per-node rows: a 300,000-node row is 1.2 MB


def rows_kept(n_nodes: int, most: int, budget_bytes: int = ROWS_KEPT_BYTES) -> int:
    """How many per-node rows (4 bytes a node) a cache keeps: `most`, fewer where `most` would pass
    `budget_bytes` (a county extract), never fewer than 16. The shipped network keeps `most`."""
    return max(16, min(most, budget_bytes // (4 * max(1, n_nodes))))


def build_graph(gdf: gpd.GeoDataFrame, *, contract: bool = True) -> RoadGraph:
    """`_build` in the frame's own (metric) CRS; see there. `contract=False` keeps every vertex
    as a node (the same ETAs, more nodes: for tests and benchmarks)."""
    return _build(gdf, str(gdf.crs) if gdf.crs is not None else METRIC_CRS, contract)


def edge_lines(g: RoadGraph, which: np.ndarray | None = None, *, lonlat: bool = False) -> np.ndarray:
    """The edges as drawn (shapely LineStrings through their vertices), metres or lon/lat."""
    which = np.arange(len(g.edge_u)) if which is None else np.asarray(which)
    start, stop = g.vertex_start[which], g.vertex_start[which + 1]
    idx = np.concatenate([np.arange(a, b) for a, b in zip(start, stop)]) if len(which) else np.zeros(0, int)
    coords = (g.vertex_lonlat if lonlat else g.vertex_xy)[idx]
    return shapely.linestrings(coords, indices=np.repeat(np.arange(len(which)), stop - start))


def _build(gdf: gpd.GeoDataFrame, crs: str, contract: bool = True) -> RoadGraph:
    """Vertices (ends joined within SNAP_JOIN_M) and segments between consecutive ones, then
    runs through shape vertices as one edge each (`roads.chains`)."""
    cls, speed = _class_and_speed(gdf)
    crossing_col = _crossing_names(gdf)
    coords, line_idx = shapely.get_coordinates(gdf.geometry.values, return_index=True)
    coords = coords[:, :2]
    if len(coords) < 2:
        raise RoadModelError("road file has no line with two vertices")
    # 1. exact dedupe (0.1 m grid): OSM ways share junction vertices exactly. One int64 key per
    #    vertex, x-major as np.unique(axis=0) would sort (same node ids), ~20x faster at 1M vertices.
    grid = np.round(coords * 10.0).astype(np.int64)
    y0 = grid[:, 1].min()
    if grid[:, 1].max() - y0 >= 1 << 31 or np.abs(grid[:, 0]).max() >= 1 << 31:
        raise RoadModelError("road file spans more than 200,000 km: not metres?")
    uniq, inv = np.unique((grid[:, 0] << 32) + (grid[:, 1] - y0), return_inverse=True)
    inv = inv.ravel()
    pts = np.column_stack([uniq >> 32, (uniq & 0xFFFFFFFF) + y0]) / 10.0
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
    # 4. runs through shape vertices -> one edge each; a line has one class, speed and name
    ch = chains(u, v, row, len(node_xy), contract=contract)
    line = row[ch.first]
    edge_m = np.add.reduceat(seg_len, ch.first) if len(ch.first) else seg_len
    edge_s = edge_m / (speed[line] / 3.6)
    # per line, then per edge (~1M segments in a county extract)
    named = (np.array([c if isinstance(c, str) and c else None for c in crossing_col], dtype=object)
             if crossing_col is not None else np.full(len(gdf), None, dtype=object))
    crossing = named[line]
    snappable = ~np.isin(cls[line], list(NO_SNAP_CLASSES)) & np.equal(crossing, None)
    if not snappable.any():
        snappable[:] = True
    to_ll = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    lonlat = np.column_stack(to_ll.transform(node_xy[:, 0], node_xy[:, 1]))
    eu, ev = ch.new_id[u[ch.first]], ch.new_id[v[ch.last]]
    return RoadGraph(node_xy=node_xy[ch.node_kept], node_lonlat=lonlat[ch.node_kept],
                     edge_u=eu, edge_v=ev, edge_s=edge_s, edge_crossing=crossing,
                     edge_snappable=snappable, csr=csr_of(eu, ev, edge_s, int(ch.node_kept.sum())),
                     edge_class=cls[line], edge_m=edge_m, vertex_start=ch.vertex_start,
                     vertex_xy=node_xy[ch.vertex_node], vertex_lonlat=lonlat[ch.vertex_node], crs=crs)


def csr_of(u: np.ndarray, v: np.ndarray, edge_s: np.ndarray, n: int) -> csr_matrix:
    """Symmetric (n, n) matrix of the fastest edge per node pair (csr_matrix would sum duplicates);
    a loop (a closed way with nothing else on it) is no way anywhere, so not in it."""
    ring = u == v
    u, v, edge_s = u[~ring], v[~ring], edge_s[~ring]
    a, b = np.minimum(u, v), np.maximum(u, v)
    order = np.lexsort((edge_s, b, a))
    pair = a[order] * n + b[order]
    firsts = order[np.r_[True, pair[1:] != pair[:-1]]]
    rows = np.r_[u[firsts], v[firsts]]
    cols = np.r_[v[firsts], u[firsts]]
    data = np.r_[edge_s[firsts], edge_s[firsts]]
    return csr_matrix((data, (rows, cols)), shape=(n, n))


def with_speeds(g: RoadGraph, kph: dict[str, float]) -> RoadGraph:
    """The same graph with the edges of each class in `kph` re-timed at that speed.

    Cost: one csr build, ~10 ms for 50,000 edges (the benchmark's fit calls it
    a few hundred times).
    """
    s = g.edge_s.copy()
    for cls, speed in kph.items():
        hit = g.edge_class == cls
        s[hit] = g.edge_m[hit] / (speed / 3.6)
    return replace(g, edge_s=s, csr=csr_of(g.edge_u, g.edge_v, s, g.n_nodes))
