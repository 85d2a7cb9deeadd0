"""Build geodata/north_kent_streets.csv.gz: a local-street mesh joined only over land.

Run: .venv/bin/python geodata/build/make_streets.py   (after make_roads.py)

Inputs (read from /work/shared/data, see geodata/ROADS.md for provenance):
  - OS Code-Point Open postcode centroids of the four districts (each lies on a
    street: where the addresses of a postcode cluster);
  - the ONS district boundaries clipped to the coast, as the land mask: the
    Medway, the Swale and the Thames are gaps in it, so a mesh edge that must
    stay inside one piece of land can never join two banks;
  - geodata/north_kent_roads.geojson, the main roads the mesh is tied to.

Recipe:
  1. postcode centroids (duplicates dropped) are the mesh nodes;
  2. a Delaunay triangulation proposes edges; keep those up to MAX_EDGE_M long
     that lie inside the land mask shrunk by LAND_SHRINK_M (so a generalised
     bank cannot touch the other bank);
  3. every main-road vertex that is not on a motorway or a bridge/tunnel is tied
     to its TIE_K nearest nodes within TIE_MAX_M, again inside the land;
  4. mesh pieces not reached from the main roads are joined to the nearest node
     that is, by the shortest segment inside the land; pieces that cannot be
     joined (a postcode on a marsh island) are dropped.

Output: one row per edge, `lon1,lat1,lon2,lat2` (WGS84). Road-end coordinates
are written exactly as they appear in the roads file, so the loader joins them
to the main-road vertex. The class of every edge is `street`, its speed is
CLASS_SPEED_KPH["street"] in dashboard/core/roads/graph.py.
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import Delaunay, cKDTree

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path("/work/shared/data")
POSTCODES = SHARED / "postcodes" / "codepoint_open_2025_north_kent.csv"
LAND = ROOT / "geodata" / "build" / "data" / "ons_lad24_north_kent.geojson"  # copy of the shared file
ROADS = ROOT / "geodata" / "north_kent_roads.geojson"
OUT = ROOT / "geodata" / "north_kent_streets.csv.gz"

MAX_EDGE_M = 1000.0     # longer Delaunay edges cross fields or marsh that no street crosses
LAND_SHRINK_M = 20.0    # keep edges this far inside the coast line
TIE_K, TIE_MAX_M = 2, 500.0
# A main road on the district edge (the A227 at Vigo, hand-placed within a few hundred metres)
# can lie just outside the land mask; its ties may leave the land by up to EDGE_OUT_M at the
# road's end, if the road vertex is beyond the districts (outside the land closed by
# RIVER_CLOSE_M, which fills the Medway, Swale and Thames gaps) and the tie meets one land piece.
EDGE_OUT_M = 300.0
RIVER_CLOSE_M = 2000.0
JOIN_MAX_M = 3000.0     # farthest a stray piece may be joined to the rest


def _tie_ok(land, pieces: shapely.STRtree, road_xy: np.ndarray, node_xy: np.ndarray,
            road_beyond: bool) -> bool:
    """A tie lies over land, or (road beyond the districts) leaves it only at the road's end."""
    seg = shapely.linestrings([road_xy, node_xy])
    if shapely.contains(land, seg):
        return True
    if not road_beyond or len(pieces.query(seg, predicate="intersects")) != 1:
        return False
    off = seg.difference(land)
    return (shapely.get_num_geometries(off) == 1 and off.length <= EDGE_OUT_M
            and off.distance(shapely.Point(road_xy)) < 1.0)


def main() -> None:
    to_ll = Transformer.from_crs(27700, 4326, always_xy=True)
    to_m = Transformer.from_crs(4326, 27700, always_xy=True)
    pc = pd.read_csv(POSTCODES, usecols=["easting", "northing"]).drop_duplicates()
    xy = pc.to_numpy(float)
    full_land = gpd.read_file(LAND).to_crs(27700).union_all()
    land = full_land.buffer(-LAND_SHRINK_M)
    shapely.prepare(land)
    beyond = full_land.buffer(RIVER_CLOSE_M).buffer(-RIVER_CLOSE_M)  # land + enclosed rivers
    pieces = shapely.STRtree(list(shapely.get_parts(full_land)))
    inside = shapely.contains_xy(land, xy[:, 0], xy[:, 1])
    xy = xy[inside]
    n = len(xy)

    # 2. Delaunay edges, short and over land
    tri = Delaunay(xy).simplices
    e = np.unique(np.sort(np.r_[tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [0, 2]]], axis=1), axis=0)
    length = np.hypot(*(xy[e[:, 0]] - xy[e[:, 1]]).T)
    e = e[length <= MAX_EDGE_M]
    segs = shapely.linestrings(np.stack([xy[e[:, 0]], xy[e[:, 1]]], axis=1))
    e = e[shapely.contains(land, segs)]

    # 3. ties to main-road vertices (not motorways, not crossings)
    roads = json.loads(ROADS.read_text())["features"]
    tie_ll = {tuple(c) for f in roads if f["properties"]["road_class"] != "motorway"
              and not f["properties"]["crossing"] for c in f["geometry"]["coordinates"]}
    tie_ll = sorted(tie_ll)
    rxy = np.column_stack(to_m.transform(*np.array(tie_ll).T))
    d, j = cKDTree(xy).query(rxy, k=TIE_K, distance_upper_bound=TIE_MAX_M)
    ties = [(r, int(jj)) for r in range(len(rxy)) for dd, jj in zip(d[r], j[r]) if np.isfinite(dd)]
    outside = ~shapely.contains_xy(beyond, rxy[:, 0], rxy[:, 1])
    ties = [(r, jj) for r, jj in ties if _tie_ok(land, pieces, rxy[r], xy[jj], bool(outside[r]))]

    # 4. join stray pieces: node ids 0..n-1 postcodes, n.. road vertices (all roads are one piece)
    road_ids = n + np.arange(len(rxy))
    u = np.r_[e[:, 0], [n + r for r, _ in ties], road_ids[:-1]]
    v = np.r_[e[:, 1], [jj for _, jj in ties], road_ids[1:]]
    joins: list[tuple[int, int]] = []
    for _ in range(50):
        g = coo_matrix((np.ones(len(u)), (u, v)), shape=(n + len(rxy), n + len(rxy)))
        _, lab = connected_components(g, directed=False)
        main = lab[n]
        stray = np.flatnonzero(lab[:n] != main)
        if not len(stray):
            break
        reached = np.flatnonzero(lab[:n] == main)
        tree = cKDTree(xy[reached])
        added = 0
        for piece in np.unique(lab[stray]):
            members = np.flatnonzero(lab[:n] == piece)
            dd, jj = tree.query(xy[members], k=4, distance_upper_bound=JOIN_MAX_M)
            best = None
            for m, drow, jrow in zip(members, dd, jj):
                for dist, k in zip(drow, jrow):
                    if np.isfinite(dist) and (best is None or dist < best[0]):
                        if shapely.contains(land, shapely.linestrings([xy[m], xy[reached[k]]])):
                            best = (dist, m, reached[k])
            if best is not None:
                joins.append((best[1], best[2]))
                u, v = np.r_[u, best[1]], np.r_[v, best[2]]
                added += 1
        if not added:
            break
    g = coo_matrix((np.ones(len(u)), (u, v)), shape=(n + len(rxy), n + len(rxy)))
    _, lab = connected_components(g, directed=False)
    keep = lab[:n] == lab[n]

    lon, lat = to_ll.transform(xy[:, 0], xy[:, 1])
    pll = np.column_stack([lon, lat])
    rows = []
    for a, b in list(map(tuple, e)) + joins:
        if keep[a] and keep[b]:
            rows.append(f"{pll[a, 0]:.6f},{pll[a, 1]:.6f},{pll[b, 0]:.6f},{pll[b, 1]:.6f}")
    for r, jj in ties:
        if keep[jj]:
            rows.append(f"{tie_ll[r][0]},{tie_ll[r][1]},{pll[jj, 0]:.6f},{pll[jj, 1]:.6f}")
    text = "lon1,lat1,lon2,lat2\n" + "\n".join(rows) + "\n"
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(text.encode())  # mtime=0: rebuilds are byte-identical
    print(f"wrote {OUT.relative_to(ROOT)}: {int(keep.sum())} of {len(pc)} postcode nodes, "
          f"{len(e)} mesh edges, {len(ties)} ties ({int(outside[[r for r, _ in ties]].sum())} from beyond the districts), {len(joins)} joins, {int((~keep).sum())} dropped")


if __name__ == "__main__":
    sys.exit(main())
