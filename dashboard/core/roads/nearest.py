"""The k fastest units per incident on a big road network, exact, by bounded searches.

Helper for `dashboard.core.roads.RoadModel` (its `nearest_s`; it reads the
model's snaps and row caches, and `point_rows` is the model's batched search).
The suggestions keep only the k fastest units per incident (the queue 1, the
panel 5), so an incident's search need not cover the whole network: scipy's
dijkstra with `limit=L`, from the incident's own point, stops at L seconds.

Why the answer is exact: a unit whose drive along the network exceeds L gets
an ETA over L + start_s + the incident's access leg + the smallest unit access
leg (B); every other unit's ETA is the full search's. So when the k-th best ETA
found is at most B, no unit left out could beat it; otherwise the bound doubles
for that incident only. A search that reached its whole connected component is
the full one (units in other components stay unreachable). Units and incidents
off the network (`roads.access`: at sea, or over 50 km from a road) take the
straight line, as in `eta_matrix_s`, and need no search. A unit and an incident
both beyond the drawn roads may also go directly (`eta_matrix_s`): that only
lowers ETAs, and it is worked out for every unit, found or not, so it keeps
the answer exact.

First bound: the k-th nearest unit on the network as the crow flies, at
`_GUESS_MPS`, rounded up to `_MIN_LIMIT_S` x a power of two (incidents with
the same bound share one scipy call). A fleet no bigger than the incidents to search
for is searched from instead: one whole search per unit (`_from_units`). Bounded rows are kept (LRU, 256) with
their bound in their own cache, never in the model's full-row caches: the
queue asks again every few seconds with units moved, and a kept row answers
while its bound still covers the k-th unit.

Costs (59,000-node grid, 2,000 units, 2 cores): 100 new incidents, top 5,
~30 ms (the full matrix: one whole search each, ~550 ms); scipy fills an
(incidents x nodes) array per call whatever the bound (~4 ms per 100 at 59,000
nodes). docs/performance.md, "Suggestions (bench/recommend.py)".
"""
from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

from dashboard.core.eta import fastest_k
from dashboard.core.geo import haversine_m
from dashboard.core.roads.graph import ROWS_KEPT_BYTES, RoadGraph, rows_kept

if TYPE_CHECKING:
    from dashboard.core.roads import RoadModel

_GUESS_MPS = 8.0       # crow-fly speed for the first bound (too high: one more, cheap, round)
_MIN_LIMIT_S = 30.0
_KEPT = 256            # bounded rows kept (the queue ranks up to 150 open incidents)


def point_rows(csr: csr_matrix, a: np.ndarray, b: np.ndarray, s_a: np.ndarray, s_b: np.ndarray,
               limit: float = np.inf) -> np.ndarray:
    """Drive times (m, n) from m points on edges (a, b), s_a / s_b seconds from each end: one
    search each, in one scipy call; nodes beyond `limit` seconds are inf.

    From a temporary node per point with arcs out to its edge's ends (none lead in: never a
    shortcut), appended as rows of the csr (no re-sort of the graph). The csr holds both
    directions, so a directed search (~10% cheaper) is exact.
    """
    n, m = csr.shape[0], len(a)
    indptr = np.r_[csr.indptr, csr.indptr[-1] + 2 * np.arange(1, m + 1)]
    indices = np.r_[csr.indices, np.column_stack([a, b]).ravel()]
    data = np.r_[csr.data, np.maximum(np.column_stack([s_a, s_b]), 1e-3).ravel()]   # 0 = no edge
    aug = csr_matrix((data, indices, indptr), shape=(n + m, n + m))
    return dijkstra(aug, directed=True, indices=n + np.arange(m), limit=limit)[:, :n].astype(np.float32)


class BoundedRows:
    """Rows from incidents' own points, each exact up to its bound (inf: the whole search), kept LRU."""

    def __init__(self, graph: RoadGraph, rows_kept_bytes: int = ROWS_KEPT_BYTES) -> None:
        self.graph = graph
        self._kept: OrderedDict[tuple[int, float], tuple[np.ndarray, float]] = OrderedDict()
        self._most = rows_kept(graph.n_nodes, _KEPT, rows_kept_bytes)
        self._component_size: np.ndarray | None = None   # per node, made on the first search

    def bound(self, key: tuple[int, float]) -> float | None:
        hit = self._kept.get(key)
        return None if hit is None else hit[1]

    def rows(self, keys: list[tuple[int, float]], a, b, s_a, s_b, limit: float) -> tuple[np.ndarray, np.ndarray]:
        """(rows (m, n), bound per row): kept rows whose bound covers `limit`, the rest searched to it."""
        todo = [i for i, key in enumerate(keys) if (self.bound(key) or 0.0) < limit]
        if todo:
            j = np.array(todo)
            found = point_rows(self.graph.csr, a[j], b[j], s_a[j], s_b[j], limit)
            whole = np.count_nonzero(found < np.inf, axis=1) == self._sizes()[a[j]]
            for i, row, w in zip(todo, found, whole):
                self._kept[keys[i]] = (row, np.inf if w else float(limit))
        out = np.empty((len(keys), self.graph.n_nodes), np.float32)
        bounds = np.empty(len(keys))
        for i, key in enumerate(keys):
            self._kept.move_to_end(key)
            out[i], bounds[i] = self._kept[key]
        while len(self._kept) > self._most:
            self._kept.popitem(last=False)
        return out, bounds

    def _sizes(self) -> np.ndarray:
        """Each node's component size: a search that reached that many nodes was whole."""
        if self._component_size is None:
            _, label = connected_components(self.graph.csr, directed=False)
            self._component_size = np.bincount(label)[label]
        return self._component_size


def _first_limits(ulon, ulat, ilon, ilat, k: int) -> np.ndarray:
    """Per incident: the k-th nearest unit's crow-fly distance at `_GUESS_MPS`, as 30 s x 2^j."""
    d = haversine_m(ulon[None, :], ulat[None, :], ilon[:, None], ilat[:, None])
    kth = np.partition(d, k - 1, axis=1)[:, k - 1] / _GUESS_MPS
    return _MIN_LIMIT_S * 2.0 ** np.ceil(np.log2(np.maximum(kth, _MIN_LIMIT_S) / _MIN_LIMIT_S))


def _from_units(model: RoadModel, ulon, ulat, ilon, ilat, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Few units, many incidents: one whole search from each unit's own point answers them all.

    An ETA reads the same both ways (undirected roads, the same access legs at both ends), so the
    matrix with the roles swapped, transposed, is the matrix. 5 units on a 59,000-node network:
    5 searches (~30 ms) instead of one nearly unbounded search per incident.
    """
    _, ua, ub, uoa, uob, _ = model._snap(ulon, ulat)
    own = point_rows(model.graph.csr, ua, ub, uoa, uob)
    return fastest_k(model._matrix(ilon, ilat, ulon, ulat, own=own).T, k)


def nearest_s(model: RoadModel, unit_lon, unit_lat, inc_lon, inc_lat, k: int) -> tuple[np.ndarray, np.ndarray]:
    """`RoadModel.nearest_s`: as `fastest_k(model.eta_matrix_s(...), k)`, with bounded searches."""
    ulon, ulat, ilon, ilat = (np.atleast_1d(np.asarray(c, float)) for c in (unit_lon, unit_lat, inc_lon, inc_lat))
    m, k = len(ilon), max(0, min(int(k), len(ulon)))
    if k == 0 or m == 0:
        return np.empty((m, k), np.intp), np.empty((m, k))
    if model._all is not None:                         # all pairs at hand: a gather
        return fastest_k(model.eta_matrix_s(ulon, ulat, ilon, ilat), k)
    us, *_, uacc = model._snap_units(ulon, ulat)
    on = ~us.way.off                                   # the others take the straight line: exact
    isn, ia, ib, ioa, iob, iacc = model._snap(ilon, ilat)
    keys = list(zip(isn.edge.tolist(), isn.frac.tolist()))
    full = np.array([key in model._inc_rows or (int(x) in model._rows and int(y) in model._rows)
                     for key, x, y in zip(keys, ia, ib)])
    plain = isn.way.off | (not on.any())             # straight line all along the row
    idx, eta = np.empty((m, k), np.intp), np.empty((m, k))

    def settle(sel: np.ndarray, own: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        return fastest_k(model._matrix(ulon, ulat, ilon[sel], ilat[sel], own=own), k)

    if (sel := np.flatnonzero(full & ~plain)).size:   # known incidents: their whole rows are cached
        idx[sel], eta[sel] = settle(sel)
    if (sel := np.flatnonzero(plain)).size:          # no search: `_matrix` puts the straight line over these rows
        idx[sel], eta[sel] = settle(sel, np.full((len(sel), model.graph.n_nodes), np.inf, np.float32))
    todo = np.flatnonzero(~full & ~plain)
    if not todo.size:
        return idx, eta
    if on.sum() <= todo.size:       # a small fleet: bounded searches would cover nearly everything
        idx[todo], eta[todo] = _from_units(model, ulon, ulat, ilon[todo], ilat[todo], k)
        return idx, eta
    limit = np.zeros(m)
    limit[todo] = _first_limits(ulon[on], ulat[on], ilon[todo], ilat[todo], min(k, int(on.sum())))
    limit[todo] = [model._bounded.bound(keys[i]) or limit[i] for i in todo]   # a kept row first
    slack = model.start_s + iacc + float(uacc[on].min())
    while todo.size:
        again = []
        for lim in np.unique(limit[todo]):
            g = todo[limit[todo] == lim]
            own, bound = model._bounded.rows([keys[i] for i in g], ia[g], ib[g], ioa[g], iob[g], lim)
            gi, ge = settle(g, own)
            ok = ~(ge[:, -1] > bound + slack[g])     # inf bound: the whole search (and NaN ends the loop)
            idx[g[ok]], eta[g[ok]] = gi[ok], ge[ok]
            limit[g[~ok]] = 2 * bound[~ok]
            again.append(g[~ok])
        todo = np.concatenate(again)
    return idx, eta
