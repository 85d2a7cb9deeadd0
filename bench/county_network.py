"""A county-sized road network: what folding shape vertices into edges (core/roads/chains.py) buys.

Run: .venv/bin/python bench/county_network.py [--no-write]

No Kent OpenStreetMap extract can be downloaded here, so two synthetic street
grids over the North Kent box stand in for one, with OSM's habit of a vertex
every 15-30 m to draw bends:
  - "sparse junctions": a junction every 170 m, a vertex every 17 m
    (1.1M vertices, 1 in 19 a junction);
  - "dense junctions": a junction every 100 m, a vertex every 25 m
    (1.2M vertices, 1 in 7 a junction; nearer a real town).
Each is loaded both ways in its own process (for a clean RSS): the routing
graph with a node per junction (what ships) and the baseline with a node per
vertex (`build_graph(contract=False)`, as before 2026-12-03). The same calls:
load, 150 new incidents among 2,000 units (the queue's first ranking, top 1),
one new incident's top 5 (the panel), 3 route lines (the map), the 7/15/30-min
coverage rows from 40 available units, and the process's RSS after them.

Writes the section "## County-sized network (bench/county_network.py)" in
docs/performance.md.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.machine import cpu_model  # noqa: E402
from bench.report import write_section  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
SECTION = "## County-sized network (bench/county_network.py)"
BOX = (0.15, 0.98, 51.25, 51.5)
NETWORKS = {"sparse junctions": (170.0, 17.0), "dense junctions": (100.0, 25.0)}


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def grid(junction_m: float, vertex_m: float):
    """The synthetic street grid over the North Kent box (British National Grid metres): every 20th
    street a primary road, the rest residential."""
    import geopandas as gpd
    from pyproj import Transformer
    from shapely import linestrings
    to_m = Transformer.from_crs(4326, 27700, always_xy=True)
    (x0, x1), (y0, y1) = to_m.transform([BOX[0], BOX[1]], [BOX[2], BOX[3]])
    xs, ys = np.arange(x0, x1, vertex_m), np.arange(y0, y1, vertex_m)
    k = int(round(junction_m / vertex_m))
    lines = [linestrings(np.column_stack([xs, np.full(len(xs), y)])) for y in ys[::k]]
    lines += [linestrings(np.column_stack([np.full(len(ys), x), ys])) for x in xs[::k]]
    return gpd.GeoDataFrame({"highway": ["primary" if i % 20 == 0 else "residential" for i in range(len(lines))]},
                            geometry=lines, crs=27700)


def one(junction_m: float, vertex_m: float, contract: bool) -> dict:
    """Build, load and query one network in this process; the figures as a dict."""
    from dashboard.core.roads.graph import build_graph
    from dashboard.core.roads import RoadModel
    gdf = grid(junction_m, vertex_m)
    vertices = sum(len(g.coords) for g in gdf.geometry)
    t = time.perf_counter()
    model = RoadModel(build_graph(gdf, contract=contract))
    out = {"load_s": time.perf_counter() - t, "nodes": model.graph.n_nodes, "vertices": vertices,
           "rss_load_mb": rss_mb()}
    rng = np.random.default_rng(7)
    ulon, ulat = rng.uniform(0.2, 0.93, 2000), rng.uniform(51.27, 51.48, 2000)
    ilon, ilat = rng.uniform(0.2, 0.93, 150), rng.uniform(51.27, 51.48, 150)
    t = time.perf_counter()
    model.nearest_s(ulon, ulat, ilon, ilat, 1)
    out["queue_ms"] = (time.perf_counter() - t) * 1000
    one_new = []
    for j in range(20):
        a, b = rng.uniform(0.2, 0.93, 1), rng.uniform(51.27, 51.48, 1)
        t = time.perf_counter()
        model.nearest_s(ulon, ulat, a, b, 5)
        one_new.append((time.perf_counter() - t) * 1000)
    out["one_new_p95_ms"] = float(np.percentile(one_new, 95))
    lines_ms = []
    for j in range(3):
        t = time.perf_counter()
        model.route_line(ulon[j], ulat[j], ilon[j], ilat[j])
        lines_ms.append((time.perf_counter() - t) * 1000)
    out["route_line_ms"] = float(np.median(lines_ms))
    t = time.perf_counter()
    model.drive_times_from_many(ulon[:40], ulat[:40])
    out["coverage_ms"] = (time.perf_counter() - t) * 1000
    out["rss_end_mb"] = rss_mb()
    return out


def run(name: str, contract: bool) -> dict:
    junction_m, vertex_m = NETWORKS[name]
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); from bench.county_network import one; "
            f"print(json.dumps(one({junction_m}, {vertex_m}, {contract})))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


ROWS = [("load at start (build_graph + RoadModel)", "load_s", "{:.1f} s"),
        ("routing nodes", "nodes", "{:,}"),
        ("150 new incidents among 2,000 units (queue, top 1)", "queue_ms", "{:.0f} ms"),
        ("one new incident, top 5 (panel), p95 of 20", "one_new_p95_ms", "{:.1f} ms"),
        ("a route line (map), median of 3", "route_line_ms", "{:.0f} ms"),
        ("coverage rows from 40 units", "coverage_ms", "{:.0f} ms"),
        ("RSS after load", "rss_load_mb", "{:.0f} MB"),
        ("RSS after the calls above", "rss_end_mb", "{:.0f} MB")]


def main(write: bool = True) -> str:
    md = [SECTION, "", f"Measured {time.strftime('%Y-%m-%d')}, `.venv/bin/python bench/county_network.py` on "
          f"{cpu_model()}, {os.cpu_count()} cores. "
          "Synthetic street grids over the North Kent box with a vertex every 17-25 m as OSM draws bends "
          "(no Kent extract can be downloaded here); each network loaded in its own process, the routing "
          "graph with a node per junction (ships) against the baseline with a node per vertex "
          "(`contract=False`: as before 2026-12-03, with that day's faster load and byte-sized row caches). "
          "Ratio = baseline / ships.", ""]
    for name in NETWORKS:
        ships, base = run(name, True), run(name, False)
        md += [f"**{name}** ({ships['vertices']:,} vertices; a junction every {NETWORKS[name][0]:.0f} m, "
               f"a vertex every {NETWORKS[name][1]:.0f} m):", "",
               "| | node per junction (ships) | node per vertex (baseline) | ratio |", "|---|---|---|---|"]
        for label, key, fmt in ROWS:
            md.append(f"| {label} | {fmt.format(ships[key])} | {fmt.format(base[key])} | "
                      f"{base[key] / ships[key]:.1f}x |")
        md.append("")
        print("\n".join(md[-len(ROWS) - 5:]), flush=True)
    text = "\n".join(md) + "\n"
    if write:
        write_section(SECTION, text, DOC)
    return text


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true")
    main(write=not ap.parse_args().no_write)
