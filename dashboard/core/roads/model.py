"""Road-network ETA model: drive times that know where the rivers are crossed.

Implements `dashboard.core.eta.EtaModel`, as `StraightLineModel` does. The straight line lies in
North Kent: the Medway, the Swale and the Thames are crossed at few places, so a unit
on Sheppey can be 2 km from an incident as the crow flies and 40 minutes by road.

How an ETA is made (unit -> incident):
    start_s                      time to get moving (0 s by default, as StraightLineModel)
  + access leg at each end       gap to the nearest road x 1.3: 500 m at 20 km/h,
                                 beyond that the A-road speed (`roads.access`)
  + along the snapped edge       to one of its two end nodes (both are tried)
  + node -> node drive time      precomputed all-pairs matrix (<= 4,000 nodes),
                                 else per-incident Dijkstra, cached (8+ new
                                 incidents: one search each, in one call)

Snapping rule (geodata/ROADS.md): each point joins the single nearest snappable
road; one over 50 km off, or 3 km off across water, takes the straight line (`roads.access`).
A point beyond the drawn roads may also leave by the undrawn grid's joins (those
no other join beats; `roads.grid`, `roads.joins`); the fastest route's note and line: `roads.routes`.

`nearest_s`: each incident's k fastest units, by bounded searches (exact; `roads.nearest`).
Costs on the shipped network (~15,000 nodes, 2 cores): load ~1.3 s; a known
incident x 2,000 units <1 ms; 100 new incidents x 2,000: the top 5 each ~10 ms,
the full matrix ~120 ms (one whole search each; ~550 ms on a 59,000-node grid);
docs/performance.md, "Suggestions (bench/recommend.py)".
"""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import dijkstra, shortest_path

from dashboard.core.eta import StraightLineModel
from dashboard.core.roads.access import AccessRule, go_direct, read_land
from dashboard.core.roads.cache import cached_graph, graph_of
from dashboard.core.roads.files import read_lines, read_streets
from dashboard.core.roads.graph import (ROWS_KEPT_BYTES, RoadGraph, RoadModelError, build_graph, rows_kept,
                                       with_speeds)
from dashboard.core.roads.drawing import NodeLinks
from dashboard.core.roads.grid import UndrawnGrid
from dashboard.core.roads.joins import eta_over_joins, nearest_over_joins, rows_over_joins, undrawn_of_drives
from dashboard.core.roads.routes import route_line, route_note
from dashboard.core.roads.nearest import BoundedRows, nearest_s, point_rows
from dashboard.core.roads.snap import EdgeSnapper, Snap

__all__ = ["DEFAULT_ROADS", "RoadModel", "RoadModelError"]

_GEODATA = Path(__file__).resolve().parents[3] / "geodata"
DEFAULT_ROADS: Path = _GEODATA / "north_kent_roads.geojson"
DEFAULT_STREETS: Path = _GEODATA / "north_kent_streets.csv.gz"
DEFAULT_LAND: Path = _GEODATA / "land.geojson"   # where an access leg may run as undrawn road
ALL_PAIRS_MAX_NODES = 4_000
_ROW_CACHE = 256       # cached Dijkstra rows for big networks (fewer on a huge one: rows_kept)
_UNIT_SNAP_CACHE = 8   # remembered unit-position arrays (units rarely all move)
_PRED_CACHE = 64       # shortest-path trees kept for route notes/lines
# At least this many new incidents in one matrix: one search each from the incident's own
# point (no trees), instead of two from its edge's ends with trees for the route notes.
_BATCH_MIN = 8


class RoadModel:
    """Drive times over a road graph; see the module docstring for the recipe."""

    name = "road"
    # bench/eta_truth.py, held out: 0.082 on the shipped network. An OSM extract is not measured
    # until a refit; its class speeds are the fitted ones (geodata/ROADS.md), so the same is assumed.
    p90_error = 0.08

    def __init__(self, graph: RoadGraph, *, start_s: float = 0.0, max_snap_m: float = 3000.0,
                 access: AccessRule | None = None, snapper: EdgeSnapper | None = None,
                 all_pairs_max_nodes: int = ALL_PAIRS_MAX_NODES, rows_kept_bytes: int = ROWS_KEPT_BYTES) -> None:
        """`all_pairs_max_nodes`, `rows_kept_bytes`: the module's limits; a test lowers them to take the
        big-network paths on a small network."""
        self.graph = graph
        self.start_s = float(start_s)
        self.max_snap_m = float(max_snap_m)
        self.access = access or AccessRule(read_land(DEFAULT_LAND), max_snap_m=max_snap_m)   # land: any network
        self.node_lonlat: np.ndarray = graph.node_lonlat
        self._snapper = snapper or EdgeSnapper(graph)
        self._grid = UndrawnGrid(graph, self._snapper.snap, self.access,   # far points' other joins
                                 read_land(DEFAULT_LAND, 0.0) if self.access.land is not None else None)
        self._fallback = StraightLineModel(start_s=self.start_s)
        self._rows: OrderedDict[int, np.ndarray] = OrderedDict()
        self._inc_rows: OrderedDict[tuple[int, float], np.ndarray] = OrderedDict()
        self._unit_snaps: OrderedDict[bytes, tuple] = OrderedDict()
        self._preds: OrderedDict[int, np.ndarray] = OrderedDict()
        self._rows_kept = rows_kept(graph.n_nodes, _ROW_CACHE, rows_kept_bytes)
        self._preds_kept = rows_kept(graph.n_nodes, _PRED_CACHE, rows_kept_bytes)
        self._bounded = BoundedRows(graph, rows_kept_bytes)   # nearest_s's rows, each exact only up to its bound
        self._between = NodeLinks(graph)   # the edge a path takes between two nodes, and its bends
        self._edge_crossing = self._between.crossings()
        # All-pairs once (~1 ms at 183 nodes, ~1.7 s and 63 MB at 4,000): every
        # later query is a gather. Bigger networks use cached Dijkstra rows.
        self._all: np.ndarray | None = None
        if graph.n_nodes <= all_pairs_max_nodes:
            self._all = shortest_path(graph.csr, method="D", directed=False).astype(np.float32)

    @classmethod
    def load(cls, path: str | Path | None = None, *, start_s: float = 0.0,
             max_snap_m: float = 3000.0, cache_dir: str | Path | None = None) -> "RoadModel":
        """Build from a line file (anything geopandas reads, or an OSM `.osm.pbf`), in any CRS.

        Default: the bundled main roads plus the postcode street mesh. `cache_dir`: keep the graph
        built from `path` there, and read it there on later starts (`roads.cache`).
        """
        if path is None:
            lines = pd.concat([read_lines(DEFAULT_ROADS), read_streets(DEFAULT_STREETS)], ignore_index=True)
            return cls(build_graph(lines), start_s=start_s, max_snap_m=max_snap_m)
        graph = cached_graph(path, cache_dir) if cache_dir else graph_of(path)
        return cls(graph, start_s=start_s, max_snap_m=max_snap_m)

    def with_speeds(self, kph: dict[str, float], *, access_mps: float | None = None) -> "RoadModel":
        """The same network with some class speeds (and the access-leg speed) changed.

        Shares the snapper, so it costs one csr build (plus the all-pairs
        matrix on small networks): what a speed fit calls many times.
        """
        return RoadModel(with_speeds(self.graph, kph), start_s=self.start_s, max_snap_m=self.max_snap_m,
                         access=self.access if access_mps is None else self.access.with_access_mps(access_mps),
                         snapper=self._snapper)

    # ----------------------------------------------------------------- internals
    def _snap(self, lon, lat) -> tuple[Snap, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Snap lon/lat arrays: (snap, node_a, node_b, s_to_a, s_to_b, access_s); the snap's `way`
        is its access leg (`roads.access.Access`: `off` = the straight line instead)."""
        lon, lat = np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float))
        sn = self._snapper.snap(lon, lat)
        sn.way = self.access(np.column_stack([lon, lat]), sn.lonlat, sn.gap_m)
        g = self.graph
        es = g.edge_s[sn.edge]
        return sn, g.edge_u[sn.edge], g.edge_v[sn.edge], sn.frac * es, (1.0 - sn.frac) * es, sn.way.seconds

    def _snap_units(self, lon, lat, keep: bool = True):
        """`_snap` with a small cache keyed on the coordinate bytes (same fleet, many incidents)."""
        lon, lat = np.ascontiguousarray(lon, dtype=float), np.ascontiguousarray(lat, dtype=float)
        key = lon.tobytes() + lat.tobytes()
        hit = self._unit_snaps.get(key)
        if hit is None:
            hit = self._snap(lon, lat)
            if keep:
                self._unit_snaps[key] = hit
            if len(self._unit_snaps) > _UNIT_SNAP_CACHE:
                self._unit_snaps.popitem(last=False)
        return hit

    def _keep_pred(self, node: int, pred: np.ndarray) -> None:
        """Remember a shortest-path tree (the top suggestions' notes share the incident's tree)."""
        self._preds[node] = pred
        self._preds.move_to_end(node)
        while len(self._preds) > self._preds_kept:
            self._preds.popitem(last=False)

    def _rows_from(self, nodes: np.ndarray) -> np.ndarray:
        """Drive times from each of `nodes` to every node, shape (len(nodes), n)."""
        if self._all is not None:
            return self._all[nodes]
        missing = [int(n) for n in np.unique(nodes) if int(n) not in self._rows]
        if missing:
            # predecessors come almost free with the rows: kept for this incident's route notes
            rows, preds = dijkstra(self.graph.csr, directed=False, indices=missing, return_predecessors=True)
            for n, r, pr in zip(missing, np.atleast_2d(rows).astype(np.float32), np.atleast_2d(preds)):
                self._rows[n] = r
                self._keep_pred(n, pr.astype(np.int32))
        out = np.empty((len(nodes), self.graph.n_nodes), np.float32)
        for i, n in enumerate(nodes):
            self._rows.move_to_end(int(n))
            out[i] = self._rows[int(n)]
        while len(self._rows) > self._rows_kept:
            self._rows.popitem(last=False)
        return out

    def _incident_rows(self, isn: Snap, ia, ib, ioa, iob) -> np.ndarray | None:
        """Drive times from each incident's own point to every node, (k, n); None for few new ones.

        Many new incidents at once (a batch, a restart): one Dijkstra each in one scipy call,
        from a temporary node per incident with arcs out to its edge's ends (none lead in: never
        a shortcut). No trees (they double the cost; `_path` makes the notes' on demand).
        """
        if self._all is not None:
            return None
        keys = [(int(e), float(f)) for e, f in zip(isn.edge, isn.frac)]
        first = {k: i for i, k in reversed(list(enumerate(keys)))}
        for k, i in first.items():   # the ends' rows at hand (route notes, coverage): no search
            if k not in self._inc_rows and int(ia[i]) in self._rows and int(ib[i]) in self._rows:
                self._inc_rows[k] = np.minimum(self._rows[int(ia[i])] + np.float32(ioa[i]),
                                               self._rows[int(ib[i])] + np.float32(iob[i]))
        missing = sorted(i for k, i in first.items() if k not in self._inc_rows)
        if 0 < len(missing) < _BATCH_MIN:
            return None
        if missing:
            j = np.array(missing)
            for i, r in zip(missing, point_rows(self.graph.csr, ia[j], ib[j], ioa[j], iob[j])):
                self._inc_rows[keys[i]] = r
        out = np.empty((len(keys), self.graph.n_nodes), np.float32)
        for i, k in enumerate(keys):
            self._inc_rows.move_to_end(k)
            out[i] = self._inc_rows[k]
        while len(self._inc_rows) > self._rows_kept:
            self._inc_rows.popitem(last=False)
        return out

    def _matrix(self, unit_lon, unit_lat, inc_lon, inc_lat, own: np.ndarray | None = None,
                keep_units: bool = True) -> np.ndarray:
        """ETAs (incidents, units); `own`: rows from the incidents' points to use (else cached/searched);
        `keep_units=False`: a one-off set of units, not remembered (it would push a fleet's snap out)."""
        us, ua, ub, uoa, uob, uacc = self._snap_units(unit_lon, unit_lat, keep=keep_units)
        isn, ia, ib, ioa, iob, iacc = self._snap(inc_lon, inc_lat)
        k = len(ia)
        if own is None:
            own = self._incident_rows(isn, ia, ib, ioa, iob)
        if own is not None:                                         # (k, n) from each incident's point
            t = np.minimum(own[:, ua] + uoa.astype(np.float32), own[:, ub] + uob.astype(np.float32))
        else:
            rows = self._rows_from(np.r_[ia, ib])                  # (2k, n), undirected
            via = np.minimum(rows[:, ua] + uoa.astype(np.float32), rows[:, ub] + uob.astype(np.float32))
            t = np.minimum(via[:k] + ioa[:, None], via[k:] + iob[:, None])
        same = isn.edge[:, None] == us.edge[None, :]
        if same.any():  # both on one edge: drive along it directly
            direct = np.abs(isn.frac[:, None] - us.frac[None, :]) * self.graph.edge_s[us.edge][None, :]
            t = np.where(same, np.minimum(t, direct), t)
        t = t + iacc[:, None] + uacc[None, :] + self.start_s
        far_u, far_i = us.way.off, isn.way.off
        ulon, ulat = np.asarray(unit_lon, float), np.asarray(unit_lat, float)
        ilon, ilat = np.asarray(inc_lon, float), np.asarray(inc_lat, float)
        go_direct(t, (ulon, ulat, us.way), (ilon, ilat, isn.way), self.start_s)
        if far_u.any():   # only the far columns/rows: a coverage raster has many cells at sea
            t[:, far_u] = self._fallback.eta_matrix_s(ulon[far_u], ulat[far_u], ilon, ilat)
        if far_i.any():
            t[far_i, :] = self._fallback.eta_matrix_s(ulon, ulat, ilon[far_i], ilat[far_i])
        return t

    # ---------------------------------------------------------------- protocol
    def eta_s(self, unit_lon, unit_lat, lon, lat) -> np.ndarray:
        """Seconds from each unit to (lon, lat), shape (n_units,)."""
        return self.eta_matrix_s(unit_lon, unit_lat, [lon], [lat])[0]

    def eta_matrix_s(self, unit_lon, unit_lat, inc_lon, inc_lat) -> np.ndarray:
        """Seconds, shape (n_incidents, n_units); far ends take their best join (`roads.joins`)."""
        return eta_over_joins(self, unit_lon, unit_lat, inc_lon, inc_lat)

    def raster_eta_s(self, cell_lon, cell_lat, lon, lat) -> np.ndarray:
        """`eta_matrix_s` with raster cells as the units, each joined to its nearest road only: a
        coverage raster has ~100,000 cells, many beyond the drawn roads outside the districts."""
        return eta_over_joins(self, cell_lon, cell_lat, lon, lat, unit_joins=False)

    def nearest_s(self, unit_lon, unit_lat, inc_lon, inc_lat, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k fastest units per incident (index, seconds), exact: bounded searches, `roads.nearest`
        (units far beyond the roads: theirs over their joins, merged; `roads.joins`)."""
        return nearest_over_joins(self, unit_lon, unit_lat, inc_lon, inc_lat, k,
                                  lambda *a: nearest_s(self, *a))

    def undrawn_s(self, unit_lon, unit_lat, lon, lat, eta_s) -> np.ndarray:
        """Per drive (unit i to point i, ETA `eta_s[i]`), the seconds of the way it was timed by
        that are taken as undrawn roads (`roads.joins`)."""
        return undrawn_of_drives(self, unit_lon, unit_lat, lon, lat, eta_s)

    def route_note(self, unit_lon, unit_lat, lon, lat) -> str:
        """'via <crossing>[, <crossing>]' for the fastest route; '' when it crosses no named water."""
        return route_note(self, unit_lon, unit_lat, lon, lat)

    def route_line(self, unit_lon, unit_lat, lon, lat) -> list[tuple[float, float]]:
        """Lon/lat vertices of the fastest path, unit first, incident last."""
        return route_line(self, unit_lon, unit_lat, lon, lat)

    def drive_times_from(self, lon: float, lat: float) -> np.ndarray:
        """Seconds (incl. start_s) from (lon, lat) to every node; pairs with `node_lonlat`."""
        return self.drive_times_from_many([lon], [lat])[0].astype(float)

    def drive_times_from_many(self, lon, lat) -> np.ndarray:
        """Seconds (incl. start_s) from each point to every node, (k, n): 8+ new points, one search each."""
        return rows_over_joins(self, lon, lat)

    def _rows_of(self, lon, lat) -> np.ndarray:
        isn, a, b, oa, ob, acc = self._snap(lon, lat)
        own = self._incident_rows(isn, a, b, oa, ob)
        if own is None:
            rows, k = self._rows_from(np.r_[a, b]), len(a)
            own = np.minimum(rows[:k] + oa[:, None], rows[k:] + ob[:, None])
        return own + acc[:, None] + self.start_s
