"""Truth through the API: the real routes of bench/eta_truth.py, asked of a running dashboard.

Run: .venv/bin/python bench/api_truth.py [--no-write]

bench/eta_truth.py calls the road model directly. This starts the product as deployed
(gunicorn, an embedded Redis), writes one available joint unit at each of the 7 hospital
sites and one C2 incident at each of the 370 North Kent LSOA centroids to the contract's
streams, and reads GET /api/incidents/<id>/suggestions?limit=7 for each incident: what an
outside system sees. Two dashboards read the same feed, one with road ETAs (as shipped)
and one with the straight line (the plain baseline). For each it prints the share of
LSOAs whose first suggestion is truly the fastest site (a tie in the real minutes counts
as right) and Spearman per site; then the same from the road model called in this
process, and the largest difference between its ETAs and the API's.

The shipped speeds were fitted on all seven sites, so the road figures here are
in-sample: they check the way from the feed to the answer. How the model does on sites
it was not fitted to is bench/eta_truth.py's held-out figures.
Costs: ~12 s in all: mostly starting the two dashboards, then ~3.5 s for the road dashboard's
370 requests (each a new incident's first ranking) and under 1 s for the straight line's.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.error
from pathlib import Path

import numpy as np
import redis
from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eta_truth import load_truth  # noqa: E402
from bench.report import write_section  # noqa: E402
from bench.soak import free_port, get_json  # noqa: E402
from dashboard.core.roads import RoadModel  # noqa: E402
from dashboard.feed.keys import Keys  # noqa: E402
from dashboard.feed.server import EmbeddedRedis  # noqa: E402
from dashboard.feed.writer import FeedWriter  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
SECTION = "## Truth through the API (bench/api_truth.py)"
PREFIX = "jru:"


def start_dashboard(redis_url: str, eta_model: str) -> tuple[subprocess.Popen, str]:
    """gunicorn app:server on a free port, as deployed (sign-in off: the bench reads /api)."""
    port = free_port()
    env = dict(os.environ, REDIS_URL=redis_url, JRU_PREFIX=PREFIX, JRU_DEMO="0", JRU_AUTH="0",
               JRU_ETA_MODEL=eta_model)
    log = Path(f"/tmp/jru-api-truth-{eta_model}-{port}.log")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads", "4",
                             "-b", f"127.0.0.1:{port}", "app:server"],
                            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if get_json(base + "/healthz", timeout=2)["redis"]["reachable"]:
                return
        except Exception:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the dashboard at {base} did not start (see /tmp/jru-api-truth-*.log)")


def feed(writer: FeedWriter, lsoas, sites) -> None:
    """One fresh available joint unit per site, one open C2 incident per LSOA centroid."""
    now = time.time()
    for s in sites.itertuples():
        writer.unit_report({"unit": s.site, "ts": now, "lat": s.site_lat, "lon": s.site_lon, "status": "available",
                            "kind": "joint", "officers": 2, "paramedics": 1})
    for r in lsoas.itertuples():
        writer.incident_event({"incident": r.lsoa11cd, "ts": now, "lat": r.lsoa_lat, "lon": r.lsoa_lon,
                               "category": "C2", "type": "medical"})


def api_etas(base: str, lsoas, sites) -> np.ndarray:
    """ETA minutes (sites x LSOAs) as the API suggests them; NaN where a site is not suggested."""
    out = np.full((len(sites), len(lsoas)), np.nan)
    col = {s: k for k, s in enumerate(sites.site)}
    for i, code in enumerate(lsoas.lsoa11cd):
        deadline = time.monotonic() + 30
        while True:   # the incident is there once the reader has taken it from the stream
            try:
                body = get_json(f"{base}/api/incidents/{code}/suggestions?limit={len(sites)}", timeout=30)
                break
            except urllib.error.HTTPError as e:
                if e.code != 404 or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        for s in body["suggestions"]:
            out[col[s["unit"]], i] = s["eta_s"] / 60.0
    return out


def figures(eta: np.ndarray, real: np.ndarray) -> dict:
    first = np.nanargmin(eta, 0)
    right = real[first, np.arange(real.shape[1])] <= real.min(0)   # a tie in whole minutes counts as right
    rho = [float(spearmanr(eta[k], real[k], nan_policy="omit").statistic) for k in range(real.shape[0])]
    return {"first": 100 * float(right.mean()), "rho": rho, "missing": int(np.isnan(eta).sum())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    lsoas, sites, real, _ = load_truth()
    server = EmbeddedRedis()
    url = server.start()
    dashboards = {m: start_dashboard(url, m) for m in ("road", "straight")}
    try:
        for proc, base in dashboards.values():
            wait_ready(base, proc)
        feed(FeedWriter(redis.Redis.from_url(url), Keys(PREFIX)), lsoas, sites)
        result, took, asked = {}, {}, {}
        for model, (_, base) in dashboards.items():
            t0 = time.perf_counter()
            asked[model] = api_etas(base, lsoas, sites)
            took[model] = time.perf_counter() - t0
            result[model] = figures(asked[model], real)
    finally:
        for proc, _ in dashboards.values():
            proc.terminate()
            proc.wait(timeout=30)
        server.stop()
    direct = RoadModel.load().eta_matrix_s(sites.site_lon.to_numpy(), sites.site_lat.to_numpy(),
                                           lsoas.lsoa_lon.to_numpy(), lsoas.lsoa_lat.to_numpy()).T / 60.0
    result["direct"] = figures(direct, real)
    result["direct"]["apart_s"] = float(np.nanmax(np.abs(asked["road"] - direct))) * 60
    print(json.dumps({k: {"first": round(v["first"], 1), "rho_min": round(min(v["rho"]), 3)} for k, v in result.items()}))
    text = report(result, took, [n.split(": ", 1)[-1] for n in sites.site_name], len(lsoas))
    print(text)
    if not args.no_write:
        write_section(SECTION, text, DOC)


def report(r: dict, took: dict, names: list[str], n_lsoas: int) -> str:
    road, line, direct = r["road"], r["straight"], r["direct"]
    n_routes = n_lsoas * len(names)
    rows = "\n".join(f"| {n} | {a:.3f} | {b:.3f} | {c:.3f} |"
                     for n, a, b, c in zip(names, road["rho"], line["rho"], direct["rho"]))
    return (f"{SECTION}\n\nMeasured {time.strftime('%Y-%m-%d')}, `.venv/bin/python bench/api_truth.py`. The "
            f"{n_routes:,} real routes of \"Truth (bench/eta_truth.py)\", asked of the product as an outside system would: two dashboards "
            "(gunicorn, one worker) on one embedded Redis, one available joint unit XADDed at each hospital "
            "site, one C2 incident at each North Kent LSOA centroid, and `GET /api/incidents/<id>/suggestions"
            f"?limit=7` read for each incident ({took['road']:.1f} s for the road dashboard's "
            f"{n_lsoas} requests, {took['straight']:.1f} s for the straight line's). The shipped speeds were "
            "fitted on all seven sites, so the road figures are in-sample: this checks the way from the feed to "
            "the answer, and the held-out figures are in \"Truth\".\n\n"
            "| | API, road ETAs (as shipped) | API, straight line (baseline) | road model called directly |\n"
            "|---|---|---|---|\n"
            f"| first suggestion truly the fastest | **{road['first']:.1f}%** | {line['first']:.1f}% | "
            f"{direct['first']:.1f}% |\n"
            f"| Spearman, worst site | **{min(road['rho']):.3f}** | {min(line['rho']):.3f} | "
            f"{min(direct['rho']):.3f} |\n"
            f"| sites not suggested (of {n_routes:,}) | {road['missing']} | {line['missing']} | - |\n"
            f"| largest ETA difference, API road (whole seconds) against the model called directly | "
            f"{direct['apart_s']:.1f} s | - | - |\n\n"
            "Spearman per site (API road / API straight / direct):\n\n"
            "| site | API road | API straight | direct |\n|---|---|---|---|\n" + rows + "\n\n"
            f"Ratio of first-suggestion agreement, road / straight line: {road['first'] / line['first']:.2f}.\n")


if __name__ == "__main__":
    main()
