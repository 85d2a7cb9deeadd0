"""Benchmark the suggestion ETAs: road model vs straight line vs naive baselines.

Run: .venv/bin/python bench/recommend.py [--no-write]

2,000 random units and 100 random incidents in the North Kent box
(lon 0.15..0.98, lat 51.25..51.50, seed 7). Measures, each as median and p95:
  (a) RoadModel.eta_s, one incident among 2,000 units (fleet snap cached, and cold)
  (b) RoadModel.eta_matrix_s, 100 x 2,000
  (c) the same with StraightLineModel
  baselines in the same run: geopandas sjoin_nearest (nearest unit per incident,
  EPSG:27700, incl. building the frames) and a plain Python haversine loop;
  plus dashboard.core.ranking.rank_units with each model.
Writes/replaces the section "## Suggestions (bench/recommend.py)" in
docs/performance.md, leaving other sections alone.
"""
from __future__ import annotations

import math
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402

from dashboard.core.eta import StraightLineModel  # noqa: E402
from dashboard.core.roads import RoadModel  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
SECTION = "## Suggestions (bench/recommend.py)"
N_UNITS, N_INC, SEED = 2_000, 100, 7
BOX = (0.15, 0.98, 51.25, 51.50)


def timed(fn: Callable[[int], object], repeats: int, warmup: int = 2) -> tuple[float, float]:
    """(median, p95) in ms of fn(i) over `repeats` calls after `warmup` calls."""
    for i in range(warmup):
        fn(i)
    ts = []
    for i in range(repeats):
        t0 = time.perf_counter()
        fn(i)
        ts.append((time.perf_counter() - t0) * 1000)
    return float(np.median(ts)), float(np.percentile(ts, 95))


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.machine()} / Python {platform.python_version()}, {cpu}, "
            f"nproc={os.cpu_count()}")


def py_haversine_nearest(ulon: list[float], ulat: list[float], lon: float, lat: float) -> int:
    """The naive baseline: a Python loop over units, math.haversine, keep the best."""
    best, bi = math.inf, -1
    p2, l2 = math.radians(lat), math.radians(lon)
    for i, (x, y) in enumerate(zip(ulon, ulat)):
        p1 = math.radians(y)
        a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - math.radians(x)) / 2) ** 2
        d = 2 * 6_371_008.8 * math.asin(math.sqrt(a))
        if d < best:
            best, bi = d, i
    return bi


def sjoin_nearest(ulon, ulat, ilon, ilat) -> np.ndarray:
    units = gpd.GeoDataFrame(geometry=gpd.points_from_xy(ulon, ulat), crs=4326).to_crs(27700)
    incs = gpd.GeoDataFrame(geometry=gpd.points_from_xy(ilon, ilat), crs=4326).to_crs(27700)
    return gpd.sjoin_nearest(incs, units, how="left")["index_right"].to_numpy()


def big_network_rows(ulon, ulat, ilon, ilat) -> tuple[list[tuple[str, float, float]], str]:
    """A synthetic ~26,000-node street grid (250 m) over the box: the per-incident Dijkstra path.

    Stands in for a user's full OpenStreetMap extract (no such file can be
    downloaded here). Cold = every incident's rows computed; warm = cached.
    """
    from shapely import linestrings
    from dashboard.core.road_graph import build_graph
    from pyproj import Transformer
    to_m = Transformer.from_crs(4326, 27700, always_xy=True)
    (x0, x1), (y0, y1) = to_m.transform([BOX[0], BOX[1]], [BOX[2], BOX[3]])
    xs, ys = np.arange(x0, x1, 250.0), np.arange(y0, y1, 250.0)
    lines = [linestrings(np.column_stack([xs, np.full(len(xs), y)])) for y in ys]
    lines += [linestrings(np.column_stack([np.full(len(ys), x), ys])) for x in xs]
    cls = ["primary" if i % 20 == 0 else "residential" for i in range(len(lines))]
    gdf = gpd.GeoDataFrame({"highway": cls}, geometry=lines, crs=27700)
    t0 = time.perf_counter()
    big = RoadModel(build_graph(gdf))
    build_ms = (time.perf_counter() - t0) * 1000
    n = big.graph.n_nodes
    out = [(f"synthetic {n:,}-node grid: build graph + snap grid", build_ms, build_ms)]
    t0 = time.perf_counter()
    big.eta_matrix_s(ulon, ulat, ilon, ilat)
    cold = (time.perf_counter() - t0) * 1000
    out.append((f"synthetic {n:,}-node grid: eta_matrix_s 100 x 2,000, cold (200 Dijkstras)", cold, cold))
    med, p95 = timed(lambda i: big.eta_matrix_s(ulon, ulat, ilon, ilat), 20)
    out.append((f"synthetic {n:,}-node grid: eta_matrix_s 100 x 2,000, rows cached", med, p95))
    med, p95 = timed(lambda i: big.eta_s(ulon, ulat, ilon[i % N_INC], ilat[i % N_INC]), 100)
    out.append((f"synthetic {n:,}-node grid: eta_s 1 x 2,000, rows cached", med, p95))
    for label, med, p95 in out:
        print(f"{label:<62} median {med:8.2f} ms   p95 {p95:8.2f} ms", flush=True)
    return out, f"{n:,}"


def main(write: bool = True) -> str:
    rng = np.random.default_rng(SEED)
    ulon, ulat = rng.uniform(BOX[0], BOX[1], N_UNITS), rng.uniform(BOX[2], BOX[3], N_UNITS)
    ilon, ilat = rng.uniform(BOX[0], BOX[1], N_INC), rng.uniform(BOX[2], BOX[3], N_INC)
    # 20 jittered copies of the fleet, cycled, so the fleet-snap cache (8 entries) always misses.
    moved = [(ulon + rng.normal(0, 1e-4, N_UNITS), ulat + rng.normal(0, 1e-4, N_UNITS)) for _ in range(20)]

    t0 = time.perf_counter()
    road = RoadModel.load()
    load_ms = (time.perf_counter() - t0) * 1000
    line = StraightLineModel()
    rows: list[tuple[str, float, float]] = []

    def add(label: str, fn: Callable[[int], object], repeats: int) -> tuple[float, float]:
        med, p95 = timed(fn, repeats)
        rows.append((label, med, p95))
        print(f"{label:<62} median {med:8.2f} ms   p95 {p95:8.2f} ms", flush=True)
        return med, p95

    ra = add("(a) RoadModel.eta_s, 1 incident x 2,000 units (fleet cached)",
             lambda i: road.eta_s(ulon, ulat, ilon[i % N_INC], ilat[i % N_INC]), 300)
    rac = add("(a') RoadModel.eta_s, same, fleet moved every call",
              lambda i: road.eta_s(*moved[i % 20], ilon[i % N_INC], ilat[i % N_INC]), 300)
    rb = add("(b) RoadModel.eta_matrix_s, 100 x 2,000",
             lambda i: road.eta_matrix_s(*moved[i % 20], ilon, ilat), 60)
    sa = add("(c) StraightLineModel.eta_s, 1 x 2,000",
             lambda i: line.eta_s(ulon, ulat, ilon[i % N_INC], ilat[i % N_INC]), 300)
    sb = add("(c) StraightLineModel.eta_matrix_s, 100 x 2,000",
             lambda i: line.eta_matrix_s(ulon, ulat, ilon, ilat), 60)
    sj1 = add("baseline: geopandas sjoin_nearest, 1 incident (EPSG:27700)",
              lambda i: sjoin_nearest(ulon, ulat, ilon[i % N_INC:i % N_INC + 1], ilat[i % N_INC:i % N_INC + 1]), 60)
    sj = add("baseline: geopandas sjoin_nearest, 100 incidents",
             lambda i: sjoin_nearest(ulon, ulat, ilon, ilat), 30)
    lul, lal = ulon.tolist(), ulat.tolist()
    py1 = add("baseline: Python haversine loop, 1 incident x 2,000",
              lambda i: py_haversine_nearest(lul, lal, ilon[i % N_INC], ilat[i % N_INC]), 100)
    py = add("baseline: Python haversine loop, 100 x 2,000",
             lambda i: [py_haversine_nearest(lul, lal, x, y) for x, y in zip(ilon, ilat)], 7)
    rk_road = rk_line = None
    try:
        from dashboard.core.picture import Incident, Unit
        from dashboard.core.ranking import rank_units
        now = 1_000_000.0
        fleet = [Unit(unit=f"U{i}", ts=now, lat=float(y), lon=float(x), fix_ts=now)
                 for i, (x, y) in enumerate(zip(ulon, ulat))]
        incs = [Incident(incident=f"I{i}", ts=now, opened_ts=now, lat=float(y), lon=float(x))
                for i, (x, y) in enumerate(zip(ilon, ilat))]
        rk_road = add("rank_units, 1 incident x 2,000 units, road model",
                      lambda i: rank_units(incs[i % N_INC], fleet, now, road), 100)
        rk_line = add("rank_units, 1 incident x 2,000 units, straight line",
                      lambda i: rank_units(incs[i % N_INC], fleet, now, line), 100)
    except ImportError as exc:  # ranking is another engineer's module
        print(f"rank_units not timed: {exc}")

    big = big_network_rows(ulon, ulat, ilon, ilat)
    rows.extend(big[0])

    # How often the road model changes the answer.
    m_road = road.eta_matrix_s(ulon, ulat, ilon, ilat)
    m_line = line.eta_matrix_s(ulon, ulat, ilon, ilat)
    differ = int(np.sum(m_road.argmin(1) != m_line.argmin(1)))
    gaps = road._snap(ulon, ulat)[0].gap_m
    gap_med, far_1km = float(np.median(gaps)), float(np.mean(gaps > 1000) * 100)
    nearest_sj = sjoin_nearest(ulon, ulat, ilon, ilat)
    agree_sj = float(np.mean(nearest_sj[:N_INC] == m_line.argmin(1)) * 100) if len(nearest_sj) == N_INC else float("nan")

    md = [SECTION, "",
          f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; numpy {np.__version__}, "
          f"geopandas {gpd.__version__}. `.venv/bin/python bench/recommend.py`.",
          "",
          f"Data: {N_UNITS:,} random units and {N_INC} random incidents in the North Kent box "
          f"(lon {BOX[0]}..{BOX[1]}, lat {BOX[2]}..{BOX[3]}, seed {SEED}). Road network: the bundled "
          f"`geodata/north_kent_roads.geojson` ({road.graph.n_nodes} nodes, {len(road.graph.edge_u)} edges, "
          f"all-pairs matrix precomputed); `RoadModel.load()` took {load_ms:.0f} ms.",
          "",
          "| what | median ms | p95 ms |", "|---|---|---|"]
    md += [f"| {label} | {med:.2f} | {p95:.2f} |" for label, med, p95 in rows]
    md += ["",
           "Ratios (median):",
           f"- road eta_s (fleet moved) vs Python haversine loop: {py1[0] / rac[0]:.1f}x the loop's speed "
           f"(the loop only finds the nearest by straight line); "
           f"vs sjoin_nearest for one incident: **{sj1[0] / rac[0]:.1f}x** faster; "
           f"vs straight-line eta_s: {rac[0] / sa[0]:.0f}x slower.",
           f"- road eta_matrix_s 100x2,000 vs Python loop: **{py[0] / rb[0]:.0f}x** faster; sjoin_nearest "
           f"(which only finds the nearest unit, no ETAs, no roads) takes {sj[0] / rb[0]:.1f}x the time; "
           f"vs straight-line matrix: {rb[0] / sb[0]:.1f}x slower.",
           f"- Targets: eta_s p95 {rac[1]:.2f} ms (target < 5 ms), matrix median {rb[0]:.1f} ms / p95 "
           f"{rb[1]:.1f} ms (target < 150 ms).",
           ]
    if rk_road and rk_line:
        md.append(f"- rank_units with the road model costs {rk_road[0]:.2f} ms vs {rk_line[0]:.2f} ms straight-line: "
                  "the per-unit filtering loop and the route notes for the top 5 (one Dijkstra each) dominate.")
    md += ["",
           f"The road model picks a different nearest unit than the straight line for {differ} of {N_INC} "
           f"random incidents. That overstates real life: uniform random points fall in water, marsh and "
           f"fields, and the bundled network has main roads only (median unit-to-road gap {gap_med:.0f} m, "
           f"{far_1km:.0f}% over 1 km), so the 20 km/h access leg often decides; with real unit positions "
           f"on roads the differences are the river cases in tests/unit/test_roads.py. "
           f"sjoin_nearest agrees with the straight-line argmin for {agree_sj:.0f}% (it ranks by projected "
           f"distance, the straight-line model by haversine: same up to ties).",
           "",
           "What costs time: for eta_s, snapping the 2,000 units to roads (a 100 m lookup grid of nearest "
           "road samples, ~0.5 ms; a plain cKDTree query was ~1.5-2 ms and blew the 5 ms p95 on this busy "
           "box) unless the fleet array is unchanged (cached); the rest is 4 gathers from the precomputed "
           "node-to-node matrix. For the matrix, the (200 x 2,000) gathers and minimums. A user network over 4,000 "
           "nodes switches to per-incident Dijkstra (cached rows, 256 kept), whose first call costs the "
           f"Dijkstra: see the synthetic {big[1]}-node grid rows (a stand-in for a full OpenStreetMap extract; "
           "single-row timings there are one-off, median = p95).",
           ""]
    text = "\n".join(md)
    if write:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        old = DOC.read_text() if DOC.exists() else "# Performance\n"
        pat = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
        new = pat.sub(lambda _: text + "\n", old) if pat.search(old) else old.rstrip("\n") + "\n\n" + text + "\n"
        DOC.write_text(new)
        print(f"wrote section to {DOC.relative_to(ROOT)}")
    return text


if __name__ == "__main__":
    main(write="--no-write" not in sys.argv)
