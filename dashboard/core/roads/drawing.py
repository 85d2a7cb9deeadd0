"""A route as drawn: the edges a node path takes, through their shape vertices.

Helper for `dashboard.core.roads.RoadModel` (its route lines and route notes).
An edge of the routing graph runs through a line's bends (`roads.chains`): a
path of nodes is drawn with the vertices of the fastest edge between each pair,
and the partial edges at both ends from the snapped points.

Costs: building the pair index is one lexsort over the edges (~50 ms at
300,000); a drawn route is one searchsorted for its node pairs, and a few numpy
calls per edge that has bends (the shipped mesh's edges mostly have none).
"""
from __future__ import annotations

import numpy as np

from dashboard.core.roads.graph import RoadGraph

LonLat = tuple[float, float]


class NodeLinks:
    """The fastest edge between each pair of neighbouring nodes: the one a path takes."""

    def __init__(self, g: RoadGraph) -> None:
        self.g = g
        a, b = np.minimum(g.edge_u, g.edge_v), np.maximum(g.edge_u, g.edge_v)
        order = np.lexsort((np.arange(len(a)), g.edge_s, b, a))   # fastest first, then the first drawn
        key = a[order].astype(np.int64) * g.n_nodes + b[order]
        firsts = np.r_[True, key[1:] != key[:-1]]
        self._key, self._edge = key[firsts], order[firsts]

    def crossings(self) -> dict[tuple[int, int], str]:
        """(node, node) -> the crossing name, where the edge a path takes between them is one."""
        g = self.g
        named = self._edge[np.not_equal(g.edge_crossing[self._edge], None)]
        return {(int(min(g.edge_u[e], g.edge_v[e])), int(max(g.edge_u[e], g.edge_v[e]))): g.edge_crossing[e]
                for e in named if g.edge_crossing[e]}

    def along(self, edge: int, f_from: float, f_to: float) -> list[LonLat]:
        """Lon/lat of an edge's shape vertices strictly between two fractions along it, in travel order."""
        g = self.g
        xy = g.vertex_xy[g.vertex_start[edge]:g.vertex_start[edge + 1]]
        run = np.r_[0.0, np.cumsum(np.hypot(*np.diff(xy, axis=0).T))]
        at = run / run[-1] if run[-1] > 0 else run
        inner = np.flatnonzero((at > min(f_from, f_to)) & (at < max(f_from, f_to)))
        ll = g.vertex_lonlat[g.vertex_start[edge] + (inner if f_from <= f_to else inner[::-1])]
        return [(float(x), float(y)) for x, y in ll]

    def drawn(self, path: list[int], unit: tuple[int, float], incident: tuple[int, float],
              ends: tuple[int, int]) -> list[LonLat]:
        """The vertices between the unit's snapped point and the incident's: along the unit's edge
        (edge, fraction) to the path's first node (`ends`: 0 = the edge's edge_u end, 1 = edge_v),
        the path's edges, along the incident's edge. `path` [] = both on one edge."""
        if not path:
            return self.along(unit[0], unit[1], incident[1])
        g, nodes = self.g, np.asarray(path)
        p, q = nodes[:-1], nodes[1:]
        edges = self._edge[np.searchsorted(self._key, np.minimum(p, q).astype(np.int64) * g.n_nodes + np.maximum(p, q))]
        bends = np.diff(g.vertex_start)[edges] > 2          # most edges of the shipped mesh have none
        ll = [(float(x), float(y)) for x, y in g.node_lonlat[nodes]]
        out = self.along(unit[0], unit[1], float(ends[0])) + [ll[0]]
        for i, (e, bent) in enumerate(zip(edges, bends)):
            if bent:
                forward = int(g.edge_u[e]) == int(p[i])
                out += self.along(int(e), 0.0 if forward else 1.0, 1.0 if forward else 0.0)
            out.append(ll[i + 1])
        return out + self.along(incident[0], float(ends[1]), incident[1])
