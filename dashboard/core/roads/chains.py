"""Runs of shape vertices -> one edge each: the routing graph keeps only junctions and line ends.

Helper for `dashboard.core.roads.graph`. Pure numpy.

An OpenStreetMap way has a vertex every 10-30 m to draw its bends; only where
ways meet does a route have a choice. A vertex that two consecutive segments of
one line share and nothing else touches is a shape vertex: the run of segments
between two other vertices becomes one edge (a chain) whose time is their sum,
and the vertices are kept to draw it and to snap onto it. Nothing else changes:
a line has one class, speed and crossing name, so a chain is uniform along its
length and a point's time along it is its share of the length.

Why it matters: searches, rows and trees are per node. A 1.1M-vertex street grid
like a county extract (a vertex every 17 m, junctions every 170 m) routes on 59,000
nodes; ETAs are the same to float rounding (tests/unit/test_road_chains.py).

Cost: a few numpy passes over the segments (within build_graph's ~2 s for 1.1M segments).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Chains:
    """Segments grouped into chains, and the junction nodes renumbered."""

    chain: np.ndarray        # (segments,) chain of each segment
    first: np.ndarray        # (chains,) its first segment
    last: np.ndarray         # (chains,) its last segment
    node_kept: np.ndarray    # (vertex nodes,) bool: a junction or line end (a node of the routing graph)
    new_id: np.ndarray       # (vertex nodes,) routing node id (-1 for shape vertices)
    vertex_start: np.ndarray  # (chains + 1,) offsets into `vertex_node`
    vertex_node: np.ndarray  # the vertex nodes of each chain in order, u end first


def chains(u: np.ndarray, v: np.ndarray, line: np.ndarray, n_nodes: int, *, contract: bool = True) -> Chains:
    """Group segments (u[i] -> v[i], in line order, consecutive segments of a line share a vertex)
    into chains through shape vertices. `contract=False`: one chain per segment (for tests)."""
    m = len(u)
    degree = np.bincount(u, minlength=n_nodes) + np.bincount(v, minlength=n_nodes)
    if contract and m:
        goes_on = np.r_[False, (line[1:] == line[:-1]) & (u[1:] == v[:-1]) & (degree[u[1:]] == 2)]
    else:
        goes_on = np.zeros(m, dtype=bool)
    chain = np.cumsum(~goes_on) - 1
    first = np.flatnonzero(~goes_on)
    last = np.r_[first[1:] - 1, m - 1] if m else first
    kept = np.zeros(n_nodes, dtype=bool)
    kept[u[first]] = True
    kept[v[last]] = True
    new_id = np.where(kept, np.cumsum(kept) - 1, -1)
    # chain c's vertices: u of its first segment, then v of each segment
    n_chains = len(first)
    vertex_start = np.r_[0, np.cumsum(last - first + 2)] if n_chains else np.zeros(1, dtype=np.int64)
    vertex_node = np.empty(m + n_chains, dtype=np.int64)
    vertex_node[vertex_start[:-1]] = u[first]
    vertex_node[np.arange(m) + chain + 1] = v
    return Chains(chain=chain, first=first, last=last, node_kept=kept, new_id=new_id,
                  vertex_start=vertex_start, vertex_node=vertex_node)
