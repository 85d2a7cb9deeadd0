"""Drive times over the undrawn grid's joins, for ends well beyond the drawn roads.

Helper for `dashboard.core.roads.RoadModel` (its `eta_matrix_s`, `nearest_s`,
`drive_times_from_many`, `undrawn_s`, route notes and lines). The grid and
the joins are `roads.grid`'s. An end with joins takes the best of its nearest
road (the model's own ETA, `RoadModel._matrix`) and each join: the join's
seconds over undrawn roads, then the drive from the join's road point, read
from that tie's row (one search per tie, once: `UndrawnGrid.tie_cols`). So a
fleet with units beyond the roads costs gathers, not a search per incident.

Exactness of `nearest_s`: a join only lowers an ETA, except where it replaces
the straight line of a point whose nearest road is across water (`void`), to
places that line would reach across the water (over land it stands). So
the k fastest by the nearest road alone, asked for k + (such units) places, hold
every unit of the true k fastest that has no joins; the units with joins are
all added with their true ETAs, and the k fastest of that union are the answer.

Costs (shipped network, 2 cores): no end with joins: the check, ~0.1 ms for
2,000 units (a fleet's joins are kept). With some: ~1 ms per 100 incidents x
the far units' joins (gathers); a tie's first row ~2.5 ms (one search).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from dashboard.core.eta import fastest_k
from dashboard.core.roads.grid import JOIN_FROM_M, Joins

if TYPE_CHECKING:
    from dashboard.core.roads import RoadModel

_SAME_S = 0.5      # a way whose time is within this of the ETA is the way the ETA was timed by


def joins_of(model: RoadModel, lon, lat, *, units: bool) -> Joins:
    """The grid's joins for points (kept for the last few point sets: fleets, open incidents)."""
    lon, lat = np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float))
    sn, *own = model._snap_units(lon, lat) if units else model._snap(lon, lat)
    return model._grid.kept_joins(np.column_stack([lon, lat]), sn.gap_m, sn.way.off, fleet=units, own=tuple(own))


def _tie_to_point(model: RoadModel, tie: np.ndarray, snap: tuple, p: np.ndarray) -> np.ndarray:
    """Seconds from tie[k]'s road point to point p[k] by the drawn roads, then its access leg
    (elementwise; `snap`: `RoadModel._snap` of the points)."""
    sn, a, b, s_a, s_b, acc = snap
    g = model._grid
    d = np.minimum(g.tie_to(tie, a[p]) + s_a[p], g.tie_to(tie, b[p]) + s_b[p])
    edge, frac = g.tie_snap(tie)
    same = edge == sn.edge[p]      # the tie and the point on one edge: along it
    d[same] = np.minimum(d[same], np.abs(frac[same] - sn.frac[p][same]) * model.graph.edge_s[edge[same]])
    return d + acc[p]


def _from_joins(model: RoadModel, j: Joins, lon: np.ndarray, lat: np.ndarray, *, units: bool) -> np.ndarray:
    """Seconds from each point with joins (in `j.owner` order, once each) to each of the points
    (lon, lat) by way of its joins: (owners, len(lon))."""
    snap = model._snap_units(lon, lat) if units else model._snap(lon, lat)
    m, n = len(lon), len(j.tie)
    d = _tie_to_point(model, np.repeat(j.tie, m), snap, np.tile(np.arange(m), n)).reshape(n, m)
    d += j.extra_s[:, None] + model.start_s
    first = np.flatnonzero(np.r_[True, j.owner[1:] != j.owner[:-1]])
    return np.minimum.reduceat(d, first, axis=0)


def eta_over_joins(model: RoadModel, ulon, ulat, ilon, ilat, *, unit_joins: bool = True) -> np.ndarray:
    """`RoadModel.eta_matrix_s`: each end at the best of its nearest road and its grid joins
    (`unit_joins=False`: the units' nearest road only)."""
    ulon, ulat, ilon, ilat = (np.atleast_1d(np.asarray(c, float)) for c in (ulon, ulat, ilon, ilat))
    t = model._matrix(ulon, ulat, ilon, ilat)
    uj = joins_of(model, ulon, ulat, units=True) if unit_joins else Joins.none()
    ij = joins_of(model, ilon, ilat, units=False)
    if not uj.owner.size and not ij.owner.size:
        return t
    _wet_straight_lines(model, t, uj.void, ij.void, ulon, ulat, ilon, ilat)
    fu, fi = np.unique(uj.owner), np.unique(ij.owner)
    if fu.size:           # from the units' joins to the incidents' own points (not across the water)
        via = _from_joins(model, uj, ilon, ilat, units=False).T
        via[ij.void, :] = np.inf
        t[:, fu] = np.minimum(t[:, fu], via)
    if fi.size:
        via = _from_joins(model, ij, ulon, ulat, units=True)
        via[:, uj.void] = np.inf
        t[fi, :] = np.minimum(t[fi, :], via)
    if fu.size and fi.size:   # join to join: to the incidents' ties, then over their undrawn ways
        to_ties = _from_joins(model, uj, ij.lonlat[:, 0], ij.lonlat[:, 1], units=False) + ij.extra_s[None, :]
        first = np.flatnonzero(np.r_[True, ij.owner[1:] != ij.owner[:-1]])
        t[np.ix_(fi, fu)] = np.minimum(t[np.ix_(fi, fu)], np.minimum.reduceat(to_ties, first, axis=1).T)
    return t


def _over_water(model: RoadModel, ulon, ulat, ilon, ilat) -> np.ndarray:
    """Per pair (unit k, incident k): whether the straight way between the two leaves the land."""
    return ~model.access.over_land(np.column_stack([ulon, ulat]), np.column_stack([ilon, ilat]))


def _wet_straight_lines(model: RoadModel, t: np.ndarray, void_u, void_i, ulon, ulat, ilon, ilat) -> None:
    """In place on `t` (incidents x units): a void end's straight line (its nearest road is across
    water) gives way to its joins, except to the places it reaches over land: a unit and an
    incident in one Essex town were timed out to Thurrock and back (an hour) before 2026-12-06."""
    pair = np.zeros(t.shape, bool)
    pair[:, void_u], pair[void_i, :] = True, True
    i, u = np.nonzero(pair)
    wet = _over_water(model, ulon[u], ulat[u], ilon[i], ilat[i])
    t[i[wet], u[wet]] = np.inf


def nearest_over_joins(model: RoadModel, ulon, ulat, ilon, ilat, k: int, nearest) -> tuple[np.ndarray, np.ndarray]:
    """`RoadModel.nearest_s` (module docstring): `nearest(ulon, ulat, ilon, ilat, k')` is the
    bounded search over the units by their nearest road alone."""
    ulon, ulat, ilon, ilat = (np.atleast_1d(np.asarray(c, float)) for c in (ulon, ulat, ilon, ilat))
    uj, ij = joins_of(model, ulon, ulat, units=True), joins_of(model, ilon, ilat, units=False)
    if not uj.owner.size and not ij.owner.size:
        return nearest(ulon, ulat, ilon, ilat, k)
    kk = min(len(ulon), k)
    idx, eta = np.empty((len(ilon), kk), np.intp), np.empty((len(ilon), kk))
    far_i = np.isin(np.arange(len(ilon)), ij.owner)
    if far_i.any():                                   # incidents beyond the roads: rare, whole rows
        idx[far_i], eta[far_i] = fastest_k(eta_over_joins(model, ulon, ulat, ilon[far_i], ilat[far_i]), k)
    if (~far_i).any():
        idx[~far_i], eta[~far_i] = _nearest_with_far_units(model, uj, ulon, ulat, ilon[~far_i], ilat[~far_i], k, nearest)
    return idx, eta


def _nearest_with_far_units(model: RoadModel, uj: Joins, ulon, ulat, ilon, ilat, k: int, nearest):
    """The k fastest for incidents on the roads, with some units beyond them (module docstring)."""
    idx, eta = nearest(ulon, ulat, ilon, ilat, min(len(ulon), k + len(uj.void)))
    if not uj.owner.size:
        return idx[:, :k], eta[:, :k]
    far = np.unique(uj.owner)
    cand_idx = np.concatenate([idx, np.broadcast_to(far, (len(ilon), far.size))], axis=1)
    r, c = np.nonzero(np.isin(idx, uj.void))       # a void unit's straight line: only where over land
    wet = _over_water(model, ulon[idx[r, c]], ulat[idx[r, c]], ilon[r], ilat[r])
    eta = eta.copy()
    eta[r[wet], c[wet]] = np.inf
    cand_eta = np.concatenate([eta, _from_joins(model, uj, ilon, ilat, units=False).T], axis=1)
    # a unit listed twice (its nearest road, its joins) keeps its faster; then the k fastest, ties by unit
    order = np.lexsort((cand_eta, cand_idx), axis=1)
    cand_idx, cand_eta = np.take_along_axis(cand_idx, order, 1), np.take_along_axis(cand_eta, order, 1)
    again = np.c_[np.zeros(len(ilon), bool), cand_idx[:, 1:] == cand_idx[:, :-1]]
    cand_eta = np.where(again, np.inf, cand_eta)
    order = np.lexsort((cand_idx, cand_eta, again), axis=1)[:, :min(k, len(ulon))]   # a unit's second listing last
    return np.take_along_axis(cand_idx, order, 1), np.take_along_axis(cand_eta, order, 1)


def rows_over_joins(model: RoadModel, lon, lat) -> np.ndarray:
    """`RoadModel.drive_times_from_many`: from each point's best way onto the roads."""
    lon, lat = np.atleast_1d(np.asarray(lon, float)), np.atleast_1d(np.asarray(lat, float))
    rows = model._rows_of(lon, lat)
    j = joins_of(model, lon, lat, units=False)
    if j.owner.size:
        rows = rows.copy()
        rows[j.void] = np.inf
        via = model._grid.tie_cols(j.tie, np.arange(model.graph.n_nodes)) + (j.extra_s + model.start_s)[:, None].astype(np.float32)
        first = np.flatnonzero(np.r_[True, j.owner[1:] != j.owner[:-1]])
        far = np.unique(j.owner)
        rows[far] = np.minimum(rows[far], np.minimum.reduceat(via, first, axis=0))
    return rows


def _own_way(model: RoadModel, j: Joins, snap: tuple) -> np.ndarray:
    """Per join: seconds from its tie to its drive's other end by that end's own nearest road
    (inf where that end is off the network: its own way is the straight line)."""
    return np.where(snap[0].way.off[j.owner], np.inf, _tie_to_point(model, j.tie, snap, j.owner))


def undrawn_of_drives(model: RoadModel, ulon, ulat, ilon, ilat, eta_s) -> np.ndarray:
    """`RoadModel.undrawn_s`: per drive (unit k to incident k, whose ETA is `eta_s[k]`), the
    seconds of the way it was timed by that are taken as undrawn roads: each end's gap beyond
    the access rule's 500 m, or the whole of a grid join's way (a join's time is the ETA: the
    drive left by it); inf for an end that takes the straight line (all of the ETA a guess).
    Cost: a North Kent night, two snaps; each drive with an end beyond the roads, its ends'
    joins (~0.2 ms an end) and gathers from the ties' rows, all drives at once."""
    ulon, ulat, ilon, ilat = (np.atleast_1d(np.asarray(c, float)) for c in (ulon, ulat, ilon, ilat))
    eta = np.atleast_1d(np.asarray(eta_s, float))
    us, isn = model._snap_units(ulon, ulat, keep=False), model._snap(ilon, ilat)
    own_u = np.where(us[0].way.off, np.inf, us[0].way.undrawn_s)
    own_i = np.where(isn[0].way.off, np.inf, isn[0].way.undrawn_s)
    out = own_u + own_i
    if not ((us[0].gap_m > JOIN_FROM_M) | us[0].way.off | (isn[0].gap_m > JOIN_FROM_M) | isn[0].way.off).any():
        return out
    grid = model._grid
    uj = grid.joins(np.column_stack([ulon, ulat]), us[0].gap_m, us[0].way.off, own=us[1:])
    ij = joins_of(model, ilon, ilat, units=False)      # kept: the ranking's own incidents (rank_all's, in order)
    # every way by a join, with its time and its undrawn seconds: (drive, seconds, undrawn)
    ways = [(uj.owner, uj.extra_s + _own_way(model, uj, isn) + model.start_s, uj.extra_s + own_i[uj.owner]),
            (ij.owner, ij.extra_s + _own_way(model, ij, us) + model.start_s, ij.extra_s + own_u[ij.owner])]
    k, m = np.nonzero(uj.owner[:, None] == ij.owner[None, :])     # both ends by joins
    if k.size:
        ways.append((uj.owner[k], uj.extra_s[k] + grid.tie_to_tie(uj.tie[k], ij.tie[m]) + ij.extra_s[m]
                     + model.start_s, uj.extra_s[k] + ij.extra_s[m]))
    drive, secs, rough = (np.concatenate(c) for c in zip(*ways))
    took = secs <= eta[drive] + _SAME_S                   # the ETA is this way's time: the drive left by it
    via = np.full(len(out), np.inf)
    np.minimum.at(via, drive[took], rough[took])
    tied = np.unique(drive[took])       # the ends' own nearest roads may be as quick: of such ways, the least
    if tied.size:                       # undrawn (as best_ends chooses): gathers, each unit and incident once
        (uu, ku), (ii, ki) = (np.unique(np.column_stack([x[tied], y[tied]]), axis=0, return_inverse=True)
                              for x, y in ((ulon, ulat), (ilon, ilat)))
        own_s = model._matrix(*uu.T, *ii.T, keep_units=False)[ki.ravel(), ku.ravel()]
        as_quick = tied[own_s <= eta[tied] + _SAME_S]
        via[as_quick] = np.minimum(via[as_quick], out[as_quick])
    return np.where(np.isfinite(via), via, out)


def best_ends(model: RoadModel, ulon: float, ulat: float, lon: float, lat: float
              ) -> tuple[tuple[float, float], tuple[float, float], float, float]:
    """For one drive: where its fastest way leaves the unit's point and reaches the incident's
    (the point itself, or a grid join's road point), the km taken from joins to them, and the
    seconds of those two ways over undrawn roads (`undrawn_of_drives`). Of ways as quick, the
    one with the least undrawn road."""
    ends, gaps, rough, void = [], [], [], []
    for x, y in ((ulon, ulat), (lon, lat)):
        j = joins_of(model, [x], [y], units=False)
        way = model._snap(np.array([x]), np.array([y]))[0].way
        ends.append((np.r_[x, j.lonlat[:, 0]], np.r_[y, j.lonlat[:, 1]], np.r_[0.0, j.extra_s]))
        gaps.append(np.r_[0.0, j.gap_m])
        rough.append(np.r_[np.inf if way.off[0] else way.undrawn_s[0], j.extra_s])
        void.append(np.arange(min(j.void.size, 1)))      # [0]: the point's own way is its straight line
    (ux, uy, ue), (ix, iy, ie) = ends
    if len(ux) == 1 and len(ix) == 1:
        return (ulon, ulat), (lon, lat), 0.0, float(rough[0][0] + rough[1][0])
    t = model._matrix(ux, uy, ix, iy) + ie[:, None] + ue[None, :]
    t[1:, void[0]], t[void[1], 1:] = np.inf, np.inf    # a void point's straight line: to the other point only,
    _wet_straight_lines(model, t[:1, :1], *void, ux[:1], uy[:1], ix[:1], iy[:1])   # over land (eta_over_joins)
    undrawn = np.where(t <= t.min() + _SAME_S, rough[1][:, None] + rough[0][None, :], np.inf)
    i, u = np.unravel_index(int(np.argmin(np.where(np.isfinite(undrawn), undrawn, t + 1e12))), t.shape)
    return ((float(ux[u]), float(uy[u])), (float(ix[i]), float(iy[i])), float(gaps[0][u] + gaps[1][i]) / 1000,
            float(rough[0][u] + rough[1][i]))
