"""The undrawn-road grid: several ways onto the drawn roads for a place well beyond them.

Helper for `dashboard.core.roads.RoadModel` (through `roads.joins`, which times
drives over these joins). Pure numpy/scipy/shapely.

A point beyond the drawn roads joins the nearest one (`roads.access`). That is
the right join only when the nearest road also leads the right way: a place
in the Weald 15 km from the nearest drawn road (Tenterden, Cranbrook) joined
it near Ashford and drove to Tunbridge Wells by the M20: 65 minutes as car
time where the real route takes 31 (bench/kent_wide.py). The roads between are
real; the network does not draw them.

So such a point also gets joins through a coarse grid of **undrawn roads**:
nodes every `STEP_M` over land where no drawn road comes within `CLEAR_M`,
joined to their eight neighbours, and each tied to the nearest drawn road
within `CLEAR_M` + `STEP_M` when the straight way is over land; timed as the
access rule times undrawn road (`roads.access`: the A-road speed, x 1.3). The
point enters the grid at its nearest nodes (the access rule's first 500 m at
20 km/h applies; a node over `STEP_M` off costs 0.6 s a metre more, up to
`_REACH_M`, so a node coming into reach moves an ETA by seconds). It keeps
every join that neither another join nor its own nearest road beats on the way
to it (`joins`, `_undominated`); its ETA to anywhere is then the best over its
joins and its nearest road (the ranking's `min`), which is the best over every
tie. Only the ends of a drive use the grid: a drive between two drawn roads is
never re-routed through it (a grid in the network itself cut corners between
the fitted corridors: Tunbridge Wells's held-out Spearman fell from 0.961 to
0.950 on bench/eta_truth.py).

Which points: those more than `JOIN_FROM_M` (100 m) from the drawn roads, or
`off` them (their nearest road across water). North Kent is drawn street by
street (9 of its 14,938 postcodes are that far from a drawn street; none of
their ETAs changes); a unit after a hand-over in London, Ashford or the Weald
can be. Until `NEAR_ROAD_M` (500 m) each join also carries the access leg the
point has not yet covered, so the joins fade in. Out of Westerham towards
Biggin Hill, the ETA to Dartford now falls by at most 13 s a 20 m step; until
2026-12-06 (joins from 500 m, each 45-degree sector's quickest kept, the 4
nearest nodes within 2.25 km) it fell ~4 min in one step at 500 m and 2.1 min
at 985 m. What still jumps is a change of nearest road (200 random places
beyond the roads, 20 m steps: the largest 133 s, as before).

Cost: the grid (~2,000 nodes, ~350 ties on the shipped network) and its
tie-to-node times are built on the first such point, ~0.2 s, and every tie's
row over the drawn network with the tie-to-tie times, ~1 s (at most ties x
nodes x 4 bytes, ~20 MB); then ~20 ms for 300 places in the Weald and on the
Downs (a k-d query, gathers, the joins beaten; ~20 kept per place, ~4 on
bench/recommend.py's mix; ~40 ms for its 2,000 units, 1,500 of them over 100 m
off), kept per fleet. A fleet with none adds ~0.1 ms to a
ranking among 2,000 units (the check).
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from dashboard.core.geo import haversine_m
from dashboard.core.roads.access import ACCESS_DETOUR, NEAR_ROAD_M, UNDRAWN_MPS, AccessRule
from dashboard.core.roads.graph import RoadGraph
from dashboard.core.roads.nearest import point_rows

STEP_M = 1500.0          # grid spacing
CLEAR_M = 1500.0         # grid nodes only this far from any drawn road vertex
JOIN_FROM_M = 100.0      # points farther than this from the drawn roads get the grid's joins (faded in to NEAR_ROAD_M)
_ENTRIES = 16            # grid nodes a point may enter by: those within _REACH_M, the nearest first;
_REACH_M = 2 * STEP_M    # beyond STEP_M (a point amid the grid has a node within 1.1 km) each metre
_FAR_NODE_S = 900.0      # costs more, up to this at _REACH_M: a node coming into reach, or a grid
                         # patch beyond a drawn road, moves an ETA by seconds, not minutes
_CHUNK = 16              # points at a time when dropping the joins that others beat (~2 M floats)
_TIE_S = 0.5             # a join within this of another's way through it counts as beaten
_KEPT_FLEETS = 8
_KEPT_INCIDENTS = 256


@dataclass(frozen=True, slots=True)
class Joins:
    """Extra joins of points (sorted by `owner`): the drawn road point, its seconds over undrawn
    roads from the point, and its straight distance from the point. `void`: the points whose own
    estimate (the straight line: its nearest road is across water) gives way to their joins."""

    owner: np.ndarray
    tie: np.ndarray       # which of the grid's ties (`UndrawnGrid.tie_cols`)
    lonlat: np.ndarray
    extra_s: np.ndarray
    gap_m: np.ndarray
    void: np.ndarray

    @staticmethod
    def none() -> "Joins":
        return Joins(np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros((0, 2)), np.zeros(0), np.zeros(0),
                     np.zeros(0, np.intp))


class UndrawnGrid:
    """The undrawn-road grid of a network (module docstring); built on first use."""

    def __init__(self, graph: RoadGraph, snap, access: AccessRule, coast: shapely.Geometry | None) -> None:
        """`snap`: the network's nearest-road snap; `access`: its access rule (the timing);
        `coast`: land as drawn, not grown (`roads.access.read_land(path, 0)`): a way of the grid
        never crosses the Swale or the Medway's estuary, even where they are narrow. None: no grid."""
        self._graph, self._snap, self._access = graph, snap, access
        self._coast = AccessRule(coast)
        self._built = False
        self._node_rows: np.ndarray | None = None     # seconds from every tie to every node (`_rows`)
        self._tt: np.ndarray | None = None            # tie to tie seconds
        # joins kept per set of points: fleets (units rarely move) apart from incidents (one at a time)
        self._kept: dict[bool, OrderedDict[bytes, Joins]] = {True: OrderedDict(), False: OrderedDict()}

    def _build(self) -> None:
        g, land = self._graph, self._coast.land
        self._built = True
        self.node_lonlat = np.zeros((0, 2))
        self._tie_node = np.zeros(0, np.intp)   # no grid (no land mask, no node kept): no ties, and empty tables
        self._tie_lonlat, self._tie_edge = np.zeros((0, 2)), self._tie_node
        self._tie_frac, self._tie_s = np.zeros(0), np.zeros(0)
        if land is None or not len(g.vertex_xy):
            return
        to_m = Transformer.from_crs("EPSG:4326", g.crs, always_xy=True)
        to_ll = Transformer.from_crs(g.crs, "EPSG:4326", always_xy=True)
        x0, y0, x1, y1 = shapely.bounds(land)
        # the box's edges, not its two corners: lon/lat lines bend in the grid's projection
        bx0, by0, bx1, by1 = to_m.transform_bounds(x0, y0, x1, y1, densify_pts=21)
        gx, gy = np.meshgrid(np.arange(bx0, bx1, STEP_M), np.arange(by0, by1, STEP_M))
        ny, nx = gx.shape
        lon, lat = to_ll.transform(gx.ravel(), gy.ravel())
        far, _ = cKDTree(g.vertex_xy).query(np.column_stack([gx.ravel(), gy.ravel()]))
        keep = (far > CLEAR_M) & shapely.contains_xy(land, lon, lat)
        if not keep.any():
            return
        ll = np.column_stack([lon, lat])[keep]
        xy = np.column_stack([gx.ravel(), gy.ravel()])[keep]
        idx = np.full(keep.size, -1)
        idx[keep] = np.arange(keep.sum())
        r, c = np.divmod(np.flatnonzero(keep), nx)
        a, b = [], []
        for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):     # each neighbour pair once
            rr, cc = r + dr, c + dc
            ok = (rr < ny) & (cc >= 0) & (cc < nx)
            nb = np.full(len(r), -1)
            nb[ok] = idx[rr[ok] * nx + cc[ok]]
            a.append(np.flatnonzero(nb >= 0))
            b.append(nb[a[-1]])
        a, b = np.concatenate(a), np.concatenate(b)
        land_way = self._coast.over_land(ll[a], ll[b])
        a, b = a[land_way], b[land_way]
        seconds = np.hypot(*(xy[a] - xy[b]).T) * ACCESS_DETOUR / UNDRAWN_MPS
        n = len(ll)
        csr = coo_matrix((np.r_[seconds, seconds], (np.r_[a, b], np.r_[b, a])), shape=(n, n)).tocsr()
        # ties: each grid node to its nearest drawn road, when near enough and over land
        sn = self._snap(ll[:, 0], ll[:, 1])
        tie = np.flatnonzero((sn.gap_m <= CLEAR_M + STEP_M) & self._coast.over_land(ll, sn.lonlat))
        _, label = connected_components(csr, directed=False)
        tied = np.isin(label, label[tie])                   # grid parts that reach a drawn road
        self.node_lonlat, self._tree = ll, cKDTree(xy)
        self._node_ok = tied
        self._tie_node = tie
        self._tie_lonlat = sn.lonlat[tie]
        self._tie_edge, self._tie_frac = sn.edge[tie], sn.frac[tie]
        self._tie_s = sn.gap_m[tie] * ACCESS_DETOUR / UNDRAWN_MPS
        # seconds from every grid node to every tie's grid node (ties x nodes), once
        to_tie = dijkstra(csr, directed=False, indices=tie).astype(np.float32) if tie.size else np.zeros((0, n))
        self._node_to_tie = np.ascontiguousarray(to_tie.T)     # (nodes, ties): a point's entries gather rows
        self._to_m = to_m

    def joins(self, lonlat: np.ndarray, gap_m: np.ndarray, off: np.ndarray, own: tuple | None = None) -> Joins:
        """The grid's joins for the points (lon/lat, k x 2) more than `JOIN_FROM_M` from their
        nearest drawn road (`gap_m`), or off the network (`off`: their nearest road is across
        water, or they are at sea, where the grid has no way in); others get none. `own`: each
        point's way by its nearest road (its edge's ends a, b, seconds along the edge to them, the
        access leg's seconds: `RoadModel._snap`'s), so a join it reaches as quickly is dropped."""
        off = np.asarray(off, bool)
        gap = np.asarray(gap_m, float)
        far = np.flatnonzero((gap > JOIN_FROM_M) | off)
        if not far.size:
            return Joins.none()
        if not self._built:
            self._build()
        if not len(self.node_lonlat) or not len(self._tie_node):
            return Joins.none()
        p = lonlat[far]
        pxy = np.column_stack(self._to_m.transform(p[:, 0], p[:, 1]))
        bogus = ~np.isfinite(pxy).all(1)         # a fix the grid's projection cannot place (a bad GPS position)
        pxy[bogus] = 0.0
        d, e = self._tree.query(pxy, k=min(_ENTRIES, len(self.node_lonlat)), distance_upper_bound=_REACH_M)
        d, e = d.reshape(len(p), -1), e.reshape(len(p), -1)
        d[bogus] = np.inf
        ok = np.isfinite(d)
        e = np.where(ok, e, 0)
        ok &= self._node_ok[e]
        for j in range(e.shape[1]):                          # the way in must stay on land
            if ok[:, j].any():
                rows = np.flatnonzero(ok[:, j])
                ok[rows, j] = self._coast.over_land(p[rows], self.node_lonlat[e[rows, j]])
        near = np.minimum(d, NEAR_ROAD_M)
        enter = (near / self._access.access_mps + (d - near) / UNDRAWN_MPS) * ACCESS_DETOUR
        enter = np.where(ok, enter + np.maximum(d - STEP_M, 0.0) * (_FAR_NODE_S / (_REACH_M - STEP_M)), np.inf)
        # seconds to each tie's drawn road point: (points, ties); near a road, plus the access leg not yet covered
        fade = np.maximum(NEAR_ROAD_M - gap[far], 0.0) * ACCESS_DETOUR / self._access.access_mps
        via = np.full((len(p), len(self._tie_node)), np.inf, np.float32)
        for k in range(e.shape[1]):                          # entry by entry: no (points, entries, ties) array
            np.minimum(via, enter[:, k, None].astype(np.float32) + self._node_to_tie[e[:, k]], out=via)
        via = via + (self._tie_s[None, :] + fade[:, None])
        if own is not None:       # by its nearest road, then the drawn roads to the tie's road point
            a, b, s_a, s_b, acc = (np.asarray(x)[far] for x in own)
            rows = self._rows()
            by_road = np.minimum(rows[a] + s_a[:, None], rows[b] + s_b[:, None]) + acc[:, None]
            via = np.where(~off[far, None] & (by_road <= via - _TIE_S), np.inf, via)
        owner, tie = np.nonzero(self._undominated(via))
        extra = via[owner, tie]
        owner = far[owner]
        ll = self._tie_lonlat[tie]
        void = np.unique(owner[off[owner]])
        return Joins(owner, tie, ll, extra, haversine_m(lonlat[owner, 0], lonlat[owner, 1], ll[:, 0], ll[:, 1]), void)

    def kept_joins(self, lonlat: np.ndarray, gap_m: np.ndarray, off: np.ndarray, *, fleet: bool,
                   own: tuple | None = None) -> Joins:
        """`joins`, remembered (keyed on the coordinates) for the last few fleets, and apart from
        them the last few hundred sets of incidents (so that asking for one incident after another
        does not push the fleet's out)."""
        kept = self._kept[fleet]
        key = np.ascontiguousarray(lonlat, dtype=float).tobytes()
        hit = kept.get(key)
        if hit is None:
            hit = kept[key] = self.joins(lonlat, gap_m, off, own)
            while len(kept) > (_KEPT_FLEETS if fleet else _KEPT_INCIDENTS):
                kept.popitem(last=False)
        else:
            kept.move_to_end(key)
        return hit

    def _rows(self) -> np.ndarray:
        """Seconds from every tie's drawn road point to every node, (nodes, ties), float32: all
        searched at once on the first point that gets joins (~1 s, ~20 MB on the shipped network,
        349 ties), laid out so that a point's ties are one row; with the tie-to-tie times."""
        if not self._built:
            self._build()
        if self._node_rows is None and not self._tie_node.size:
            self._node_rows, self._tt = np.zeros((self._graph.n_nodes, 0), np.float32), np.zeros((0, 0), np.float32)
        if self._node_rows is None:
            g = self._graph
            e, f = self._tie_edge, self._tie_frac
            rows = point_rows(g.csr, g.edge_u[e], g.edge_v[e], f * g.edge_s[e], (1 - f) * g.edge_s[e])
            self._node_rows = np.ascontiguousarray(np.asarray(rows, np.float32).T)
            s = g.edge_s[e]      # tie to tie by the ends of the target's edge: never less than the drive
            tt = np.minimum(self._node_rows[g.edge_u[e]].T + (f * s)[None, :],
                            self._node_rows[g.edge_v[e]].T + ((1 - f) * s)[None, :])
            self._tt = tt.astype(np.float32)
            np.fill_diagonal(self._tt, np.inf)
        return self._node_rows

    def tie_cols(self, ties: np.ndarray, nodes: np.ndarray) -> np.ndarray:
        """Seconds from each tie's drawn road point to each of `nodes`, (len(ties), len(nodes))."""
        return self._rows()[np.ix_(np.asarray(nodes), np.asarray(ties))].T

    def tie_to(self, ties: np.ndarray, nodes: np.ndarray) -> np.ndarray:
        """Seconds from tie k's road point to node k, for each k (elementwise `tie_cols`)."""
        return self._rows()[nodes, ties].astype(float)

    def tie_to_tie(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Seconds from tie a[k]'s road point to tie b[k]'s, for each k (0 for a tie to itself)."""
        self._rows()
        return np.where(a == b, 0.0, self._tt[a, b].astype(float))

    def _undominated(self, via: np.ndarray) -> np.ndarray:
        """Which joins to keep (points x ties, bool): those with a finite time that no other join
        beats on the way to it (reaching tie k, then driving to tie j, quicker than reaching j). A
        drive by a dropped join is never quicker than by a kept one, so the ETA is the best over
        every tie, and it changes smoothly as the point moves (keeping the quickest join of each
        direction made it jump by minutes where a direction's winner changed)."""
        self._rows()
        tt = self._tt
        keep = np.isfinite(via)
        rows = np.flatnonzero(keep.any(1))       # points with a way into the grid
        for lo in range(0, len(rows), _CHUNK):
            r = rows[lo:lo + _CHUNK]
            c = np.flatnonzero(keep[r].any(0))       # only ties these points reach can beat another
            v = via[np.ix_(r, c)].astype(np.float32)
            beaten = np.min(v[:, :, None] + tt[np.ix_(c, c)][None, :, :], axis=1)   # best reach of j through any k
            keep[np.ix_(r, c)] &= ~(beaten < v - _TIE_S)
        return keep

    def tie_snap(self, ties: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(edge, fraction along it) of each tie's drawn road point."""
        return self._tie_edge[ties], self._tie_frac[ties]

