"""Starting on a county-sized road file: parsed every start (baseline) against the graph kept on disk.

Run: .venv/bin/python bench/road_cache.py [--no-write]

A control room gives `JRU_ROADS` a Kent OpenStreetMap extract; every gunicorn worker used to parse it
at every start. No Kent extract can be downloaded here, so the "sparse junctions" street grid of
bench/county_network.py (1.2M vertices over the North Kent box) stands in for one, written both as an
`.osm.pbf` (through osmium, as Geofabrik's are) and as a GeoPackage. Each start runs in its own
process: `RoadModel.load` with no cache (what every start cost before 2026-12-03), the first start with
the cache (parse, build, write) and a later start (read the kept graph). Peak RSS is the process's.

Writes the section "## Road graph kept on disk (bench/road_cache.py)" in docs/performance.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.county_network import BOX, NETWORKS  # noqa: E402
from bench.machine import cpu_model  # noqa: E402
from bench.report import write_section  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
SECTION = "## Road graph kept on disk (bench/road_cache.py)"
NETWORK = "sparse junctions"


BUILDINGS_PER_BLOCK = 12   # a county file is mostly buildings and the like, which the parser reads past


def write_pbf(path: Path, junction_m: float, vertex_m: float) -> int:
    """The street grid as an OpenStreetMap extract: a node per vertex (shared where streets cross),
    a way per street, every 20th a primary road posted at 40 mph, the rest residential; and in each
    block BUILDINGS_PER_BLOCK building outlines, which the parser must read past. Node count."""
    import osmium
    from pyproj import Transformer
    to_m = Transformer.from_crs(4326, 27700, always_xy=True)
    to_ll = Transformer.from_crs(27700, 4326, always_xy=True)
    (x0, x1), (y0, y1) = to_m.transform([BOX[0], BOX[1]], [BOX[2], BOX[3]])
    xs, ys = np.arange(x0, x1, vertex_m), np.arange(y0, y1, vertex_m)
    k = int(round(junction_m / vertex_m))
    r, c = np.meshgrid(np.arange(len(ys)), np.arange(len(xs)), indexing="ij")
    on_street = (r % k == 0) | (c % k == 0)
    ids = (r * len(xs) + c + 1)[on_street]
    lon, lat = to_ll.transform(xs[c[on_street]], ys[r[on_street]])
    streets = [(r0 * len(xs) + np.arange(len(xs)) + 1) for r0 in range(0, len(ys), k)]
    streets += [(np.arange(len(ys)) * len(xs) + c0 + 1) for c0 in range(0, len(xs), k)]
    # buildings: 10 m squares at random inside each block (4 corners, the first repeated to close)
    rng = np.random.default_rng(3)
    bx0, by0 = np.meshgrid(xs[::k][:-1], ys[::k][:-1])
    n_b = bx0.size * BUILDINGS_PER_BLOCK
    cx = np.repeat(bx0.ravel(), BUILDINGS_PER_BLOCK) + rng.uniform(15, junction_m - 25, n_b)
    cy = np.repeat(by0.ravel(), BUILDINGS_PER_BLOCK) + rng.uniform(15, junction_m - 25, n_b)
    corner_x = (cx[:, None] + np.array([0, 10, 10, 0])).ravel()
    corner_y = (cy[:, None] + np.array([0, 0, 10, 10])).ravel()
    b_lon, b_lat = to_ll.transform(corner_x, corner_y)
    b_ids = len(xs) * len(ys) + 1 + np.arange(4 * n_b)
    with osmium.SimpleWriter(str(path)) as out:
        for i, x, y in zip(np.r_[ids, b_ids].tolist(), np.r_[lon, b_lon].tolist(), np.r_[lat, b_lat].tolist()):
            out.add_node(osmium.osm.mutable.Node(id=i, location=(x, y)))
        for w, nodes in enumerate(streets):
            tags = {"highway": "primary", "maxspeed": "40 mph"} if w % 20 == 0 else {"highway": "residential"}
            out.add_way(osmium.osm.mutable.Way(id=w + 1, nodes=nodes.tolist(), tags=tags))
        for j, first in enumerate(b_ids[::4].tolist()):
            out.add_way(osmium.osm.mutable.Way(id=len(streets) + j + 1, nodes=[first, first + 1, first + 2, first + 3, first],
                                               tags={"building": "yes"}))
    return len(ids) + len(b_ids)


def start(path: str, cache_dir: str | None) -> dict:
    """One worker's start in this process: the model loaded, with its time and peak memory (VmHWM:
    ru_maxrss would carry the parent's peak over fork and exec)."""
    from dashboard.core.roads import RoadModel
    t = time.perf_counter()
    model = RoadModel.load(path, cache_dir=cache_dir)
    load_s = time.perf_counter() - t
    status = {line.split(":")[0]: int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("Vm")}
    return {"load_s": load_s, "nodes": model.graph.n_nodes, "peak_mb": status["VmHWM"] / 1024,
            "rss_mb": status["VmRSS"] / 1024}


def run(path: Path, cache_dir: Path | None) -> dict:
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); from bench.road_cache import start; "
            f"print(json.dumps(start({str(path)!r}, {str(cache_dir) if cache_dir else None!r})))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(write: bool = True) -> str:
    from bench.county_network import grid
    junction_m, vertex_m = NETWORKS[NETWORK]
    work = Path(tempfile.mkdtemp(prefix="jru-road-cache-"))
    try:
        pbf, gpkg = work / "grid.osm.pbf", work / "grid.gpkg"
        nodes = write_pbf(pbf, junction_m, vertex_m)
        grid(junction_m, vertex_m).to_file(gpkg, driver="GPKG")
        md = [SECTION, "", f"Measured {time.strftime('%Y-%m-%d')}, `.venv/bin/python bench/road_cache.py` on "
              f"{cpu_model()}, {os.cpu_count()} cores. The {NETWORK} street grid of bench/county_network.py "
              f"with {BUILDINGS_PER_BLOCK} building outlines a block in the `.osm.pbf` for the parser to read past "
              f"({nodes:,} OSM nodes; `.osm.pbf` {pbf.stat().st_size / 2**20:.0f} MB, GeoPackage of the streets "
              f"{gpkg.stat().st_size / 2**20:.0f} MB) as `JRU_ROADS`; each start in its own process. "
              "Baseline: the file parsed and the graph built at every start, as before 2026-12-03. "
              "Ratio = baseline / this start.", "",
              "| road file | every start parses (baseline) | first start, keeps the graph | later starts read it | "
              "ratio | kept graph |", "|---|---|---|---|---|---|"]
        for label, path in (("`.osm.pbf` (pyrosm)", pbf), ("GeoPackage", gpkg)):
            cache = work / f"cache-{path.suffix[1:]}"
            base, first, later = run(path, None), run(path, cache), run(path, cache)
            size = sum(f.stat().st_size for f in cache.glob("roads-*.npz")) / 2**20
            cell = "{load_s:.1f} s; RSS {rss_mb:,.0f} MB after, peak {peak_mb:,.0f} MB".format
            md.append(f"| {label} | {cell(**base)} | {cell(**first)} | {cell(**later)} | "
                      f"{base['load_s'] / later['load_s']:.1f}x time, {base['rss_mb'] / later['rss_mb']:.2f}x RSS | "
                      f"{size:.0f} MB |")
            assert base["nodes"] == first["nodes"] == later["nodes"], "the kept graph is not the graph built"
            print(md[-1], flush=True)
        md += ["", "A later start costs what the network holds (the graph, the snapping index), not what the file "
               "holds. A real county extract holds far more than this one (tags, metadata, every building and "
               "footpath): pyrosm's maintainers measured ~20 s and 3-3.9 GB peak for a 138 MB extract "
               "(pyrosm/pyrosm pull request 300), which every worker paid at every start before. Under gunicorn "
               "the master now builds the graph before the workers start, in a child process that exits "
               "(gunicorn.conf.py), so no worker parses the file or keeps its memory high-water."]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(md) + "\n"
    print(text)
    if write:
        write_section(SECTION, text, DOC)
    return text


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true")
    main(write=not ap.parse_args().no_write)
