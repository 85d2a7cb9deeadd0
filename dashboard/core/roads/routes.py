"""A drive's route for people: the crossings it takes (the panel's note) and its line (the map).

Helper for `dashboard.core.roads.RoadModel` (its `route_note`, `route_line`).
The fastest path is found from the incident's end, whose shortest-path tree
the model keeps (the top suggestions' notes share it); a far end leaves by
its best join (`roads.joins`), and the line runs straight from the point to it.

Costs: a kept tree: walking the path (~0.1 ms); else one Dijkstra with
predecessors (~15 ms on the shipped network).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse.csgraph import dijkstra

from dashboard.core.roads.access import beyond_note
from dashboard.core.roads.joins import best_ends

if TYPE_CHECKING:
    from dashboard.core.roads import RoadModel


def fastest_path(model: RoadModel, unit_lon: float, unit_lat: float, lon: float, lat: float):
    """(node path unit->incident, unit snap, incident snap, (unit end, incident end)): the ends
    are 0 where the path meets the snapped edge's edge_u, 1 at its edge_v. The path is None
    when off-network or unreachable, [] when the drive is along the one edge both are on."""
    us, ua, ub, uoa, uob, _ = model._snap([unit_lon], [unit_lat])
    isn, ia, ib, ioa, iob, _ = model._snap([lon], [lat])
    if us.way.off[0] or isn.way.off[0]:
        return None, us, isn, (0, 0)
    cands = [(ae, int(a), float(oa), be, int(b), float(ob))
             for ae, a, oa in ((0, ua[0], uoa[0]), (1, ub[0], uob[0]))
             for be, b, ob in ((0, ia[0], ioa[0]), (1, ib[0], iob[0]))]
    rows = model._rows_from(np.r_[ia, ib])
    rowmap = {int(ia[0]): rows[0], int(ib[0]): rows[1]}
    ae, a, _, be, b, _ = min(cands, key=lambda c: c[2] + rowmap[c[4]][c[1]] + c[5])
    if us.edge[0] == isn.edge[0]:
        best = min(c[2] + rowmap[c[4]][c[1]] + c[5] for c in cands)
        direct = abs(us.frac[0] - isn.frac[0]) * model.graph.edge_s[us.edge[0]]
        if direct <= best:
            return [], us, isn, (ae, be)
    pred = model._preds.get(b)
    if pred is None:
        _, pred = dijkstra(model.graph.csr, directed=False, indices=b, return_predecessors=True)
        model._keep_pred(b, pred)
    path = [a]
    while path[-1] != b:
        p = int(pred[path[-1]])
        if p < 0:
            return None, us, isn, (ae, be)  # unreachable
        path.append(p)
    return path, us, isn, (ae, be)


def route_note(model: RoadModel, unit_lon, unit_lat, lon, lat) -> str:
    """'via <crossing>[, <crossing>]' for the fastest route; '' when it crosses no named water."""
    (ux, uy), (ix, iy), joined_km, _ = best_ends(model, unit_lon, unit_lat, lon, lat)
    path, us, isn, _ = fastest_path(model, ux, uy, ix, iy)
    if path is None:
        return "off the road network (straight-line estimate)" if (us.way.off[0] or isn.way.off[0]) else ""
    names: list[str] = []
    for p, q in zip(path[:-1], path[1:]):
        c = model._edge_crossing.get((min(p, q), max(p, q)))
        if c and (not names or names[-1] != c):
            names.append(c)
    return ", ".join((["via " + ", ".join(names)] if names else []) + beyond_note(us, isn, km=joined_km))


def route_line(model: RoadModel, unit_lon, unit_lat, lon, lat) -> list[tuple[float, float]]:
    """Lon/lat vertices of the fastest path, unit first, incident last (straight to a join)."""
    (ux, uy), (ix, iy), _, _ = best_ends(model, unit_lon, unit_lat, lon, lat)
    path, us, isn, (ae, be) = fastest_path(model, ux, uy, ix, iy)
    start, end = (float(unit_lon), float(unit_lat)), (float(lon), float(lat))
    if path is None:
        return [start, end]
    su = us.lonlat[0]
    si = isn.lonlat[0]
    mid = model._between.drawn(path, (int(us.edge[0]), float(us.frac[0])), (int(isn.edge[0]), float(isn.frac[0])),
                               (ae, be))
    pts = [start, (ux, uy), tuple(map(float, su)), *mid, tuple(map(float, si)), (ix, iy), end]
    out: list[tuple[float, float]] = []
    for p in pts:  # drop exact repeats (snap point == node)
        if not out or abs(out[-1][0] - p[0]) > 1e-9 or abs(out[-1][1] - p[1]) > 1e-9:
            out.append(p)
    return out
