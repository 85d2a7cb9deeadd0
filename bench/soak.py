"""Soak test: the dashboard under a steady feed for N minutes, watched for leaks.

    .venv/bin/python bench/soak.py --minutes 30

Starts an embedded Redis (Valkey) and the dashboard (gunicorn, 1 gthread
worker, as deployed), feeds `--rate` entries a second (units moving around
North Kent, an incident opening every `--incident-every-s` (15 s), assigned,
on scene, closed), opens the wall display (`/wall`) in headless Chromium, or
with `--page officer` the duty officer's page (`/`), where it chooses the last
incident in the queue at every sample so its suggestion panel is redrawn all
the time, and every `--sample-s` seconds records:

- server RSS (gunicorn worker and master, /proc/<pid>/status VmRSS),
- browser JS heap after a forced GC, DOM nodes, JS event listeners (CDP),
- Redis used_memory (INFO) and XLEN of the units stream,
- errors: JS console errors / page errors, HTTP responses >= 400, failed
  requests, failed API polls,
- latency from XADD of a probe report to its value appearing in /api/units.

Prints a table and a verdict: the memory slope per hour (least squares over
the samples after a warm-up), and the first-minute baseline vs the end.
`--units-window-s` runs dashboard.feed.retention.trim_streams every minute
with that unit window, to show Redis memory levelling off (0: no trimming).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.feed.keys import Keys  # noqa: E402
from dashboard.feed.retention import RetentionPolicy, trim_streams  # noqa: E402
from dashboard.feed.server import EmbeddedRedis  # noqa: E402
from dashboard.feed.writer import FeedWriter  # noqa: E402

# North Kent (Dartford, Gravesham, Medway, Swale, Maidstone), roughly
LAT0, LAT1, LON0, LON1 = 51.22, 51.47, 0.20, 0.90
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                out.append(int(d.name))
    return out


def get_json(url: str, timeout: float = 5.0):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read())


class Feeder(threading.Thread):
    """`rate` entries a second: unit reports (random walk) plus an incident lifecycle."""

    def __init__(self, client, keys: Keys, rate: int, n_units: int, incident_every_s: float = 15):
        super().__init__(name="feeder", daemon=True)
        self.incident_every_s = incident_every_s
        self.w = FeedWriter(client, keys)
        self.client = client
        self.rate, self.stop = rate, threading.Event()
        rnd = self.rnd = random.Random(7)
        self.units = {f"JRU-S{i:03d}": [rnd.uniform(LAT0, LAT1), rnd.uniform(LON0, LON1)] for i in range(n_units)}
        self.status = {u: "available" for u in self.units}
        self.incidents: dict[str, dict] = {}
        self.next_inc = 0
        self.written = 0
        self.errors = 0

    def _incident_events(self, now: float, pipe) -> int:
        n = 0
        if self.next_inc == 0 or now - self.last_open >= self.incident_every_s:
            self.last_open = now
            iid = f"SOAK-{self.next_inc:05d}"
            self.next_inc += 1
            self.incidents[iid] = {"t0": now, "stage": "open"}
            self.w.incident_event({"incident": iid, "ts": now, "lat": self.rnd.uniform(LAT0, LAT1),
                                   "lon": self.rnd.uniform(LON0, LON1), "status": "open",
                                   "type": self.rnd.choice(["rtc", "medical", "assault", "mental_health"]),
                                   "category": self.rnd.choice(["C1", "C2", "C3"]), "grade": "immediate",
                                   "summary": "soak test <b>not html</b>"}, pipe)
            n += 1
        for iid, inc in list(self.incidents.items()):
            age, stage = now - inc["t0"], inc["stage"]
            if stage == "open" and age > 30:
                free = [u for u, s in self.status.items() if s == "available"]
                if free:
                    unit = self.rnd.choice(free)
                    inc.update(stage="assigned", unit=unit)
                    self.status[unit] = "en_route"
                    self.w.incident_event({"incident": iid, "ts": now, "status": "assigned", "unit": unit}, pipe)
                    n += 1
            elif stage == "assigned" and age > 120:
                inc["stage"] = "on_scene"
                self.status[inc["unit"]] = "on_scene"
                self.w.incident_event({"incident": iid, "ts": now, "status": "on_scene", "unit": inc["unit"]}, pipe)
                n += 1
            elif stage == "on_scene" and age > 300:
                self.status[inc["unit"]] = "available"
                self.w.incident_event({"incident": iid, "ts": now, "status": "closed"}, pipe)
                del self.incidents[iid]
                n += 1
        return n

    def run(self) -> None:
        tick, names = 0.1, list(self.units)
        per_tick = max(1, self.rate // 10)
        self.last_open = 0.0
        next_t, i = time.monotonic(), 0
        while not self.stop.is_set():
            now = time.time()
            try:
                pipe = self.client.pipeline(transaction=False)
                n = self._incident_events(now, pipe)
                for _ in range(per_tick - n):
                    u = names[i % len(names)]
                    i += 1
                    pos = self.units[u]
                    pos[0] = min(LAT1, max(LAT0, pos[0] + self.rnd.gauss(0, 0.0005)))
                    pos[1] = min(LON1, max(LON0, pos[1] + self.rnd.gauss(0, 0.0008)))
                    self.w.unit_report({"unit": u, "ts": now, "lat": pos[0], "lon": pos[1],
                                        "status": self.status[u], "kind": "joint",
                                        "officers": 2, "paramedics": 1}, pipe)
                pipe.execute()
                self.written += per_tick
            except Exception:
                self.errors += 1
            next_t += tick
            self.stop.wait(max(0.0, next_t - time.monotonic()))


def probe_latency(base: str, writer: FeedWriter, k: int, timeout: float = 10.0) -> float | None:
    """XADD a probe report with a unique position; seconds until /api/units shows it."""
    lat = round(51.30 + (k % 5000) * 1e-5, 6)
    writer.unit_report({"unit": "PROBE-1", "ts": time.time(), "lat": lat, "lon": 0.5, "status": "off_duty"})
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            units = get_json(base + "/api/units")["units"]
            if any(u["unit"] == "PROBE-1" and abs(u["lat"] - lat) < 1e-7 for u in units):
                return time.monotonic() - t0
        except Exception:
            pass
        time.sleep(0.01)
    return None


def choose_last_incident(page) -> None:
    """Click the last incident in the officer's queue, as an officer would; its
    suggestion panel then follows the moving units."""
    rows = page.locator(".incident-row")
    if rows.count():
        try:
            rows.last.click(timeout=5_000)
        except Exception:
            pass   # the row was redrawn under the click; the next sample tries again


def slope_per_hour(points: list[tuple[float, float]]) -> float | None:
    pts = [(t, v) for t, v in points if v is not None]
    if len(pts) < 3:
        return None
    mt = statistics.fmean(t for t, _ in pts)
    mv = statistics.fmean(v for _, v in pts)
    den = sum((t - mt) ** 2 for t, _ in pts)
    return None if den == 0 else sum((t - mt) * (v - mv) for t, v in pts) / den * 3600.0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--minutes", type=float, default=30)
    p.add_argument("--rate", type=int, default=100, help="entries per second")
    p.add_argument("--units", type=int, default=80)
    p.add_argument("--sample-s", type=float, default=30)
    p.add_argument("--warmup-min", type=float, default=2, help="samples before this are left out of the slope")
    p.add_argument("--eta-model", default="road", choices=("road", "straight"))
    p.add_argument("--units-window-s", type=float, default=0, help="trim jru:units to this age every minute (0: off)")
    p.add_argument("--incident-every-s", type=float, default=15,
                   help="a new incident this often (1: fills the ETA caches within minutes, to see where memory levels off)")
    p.add_argument("--page", default="wall", choices=("wall", "officer"),
                   help="the screen watched: the wall display, or the officer page with an incident chosen")
    p.add_argument("--json", help="also write the samples and verdict here")
    args = p.parse_args(argv)

    redis_srv = EmbeddedRedis()
    url = redis_srv.start()
    keys = Keys("jru:")
    import redis as redis_mod
    client = redis_mod.Redis.from_url(url, decode_responses=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, REDIS_URL=url, JRU_PREFIX="jru:", JRU_DEMO="0", JRU_AUTH="0",
               JRU_ETA_MODEL=args.eta_model)
    log_path = Path(f"/tmp/jru-soak-gunicorn-{port}.log")
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads", "4",
         "-b", f"127.0.0.1:{port}", "app:server"],
        cwd=ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT)
    feeder = None
    browser_ctx = None
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if get_json(base + "/healthz", timeout=2)["redis"]["reachable"]:
                    break
            except Exception:
                pass
            if gunicorn.poll() is not None or time.monotonic() > deadline:
                print(f"dashboard did not start; see {log_path}")
                return 2
            time.sleep(0.5)
        workers = children(gunicorn.pid)
        print(f"redis {url}; dashboard {base} (master {gunicorn.pid}, workers {workers}); log {log_path}")

        feeder = Feeder(client, keys, args.rate, args.units, args.incident_every_s)
        feeder.start()
        probe_writer = FeedWriter(redis_mod.Redis.from_url(url, decode_responses=True), keys)

        from playwright.sync_api import sync_playwright
        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        browser_ctx = (pw, browser)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        errors = {"console": 0, "pageerror": 0, "http": 0, "requestfailed": 0, "api": 0}
        examples: list[str] = []

        def note(kind, text):
            errors[kind] += 1
            if len(examples) < 10:
                examples.append(f"{kind}: {text[:200]}")

        page.on("console", lambda m: note("console", m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: note("pageerror", str(e)))
        page.on("response", lambda r: note("http", f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("requestfailed", lambda r: note("requestfailed", f"{r.url} {r.failure}"))
        path = "/wall" if args.page == "wall" else "/"
        page.goto(base + path, wait_until="networkidle", timeout=60_000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        print(f"browser on {base}{path}; feeding {args.rate}/s for {args.minutes:g} min\n")

        header = (f"{'min':>5} {'worker MB':>9} {'master MB':>9} {'JS heap MB':>10} {'DOM nodes':>9} "
                  f"{'listeners':>9} {'redis MB':>8} {'XLEN units':>10} {'lat p50 ms':>10} {'lat max ms':>10} {'errors':>6}")
        print(header, flush=True)
        samples = []
        t_start = time.monotonic()
        end = t_start + args.minutes * 60
        k = 0
        last_trim = 0.0
        policy = RetentionPolicy(units_max_age_s=args.units_window_s) if args.units_window_s else None
        while True:
            lat = []
            for _ in range(5):
                k += 1
                v = probe_latency(base, probe_writer, k)
                if v is None:
                    note("api", "probe not seen within 10 s")
                else:
                    lat.append(v * 1000)
                page.wait_for_timeout(200)
            if args.page == "officer":
                choose_last_incident(page)
            try:
                cdp.send("HeapProfiler.collectGarbage")
            except Exception:
                pass
            m = {x["name"]: x["value"] for x in cdp.send("Performance.getMetrics")["metrics"]}
            workers = children(gunicorn.pid)
            info = client.info("memory")
            s = {"t_min": (time.monotonic() - t_start) / 60,
                 "worker_mb": sum(filter(None, (rss_mb(w) for w in workers))) if workers else None,
                 "master_mb": rss_mb(gunicorn.pid),
                 "js_heap_mb": m.get("JSHeapUsedSize", 0) / 2**20, "dom_nodes": int(m.get("Nodes", 0)),
                 "listeners": int(m.get("JSEventListeners", 0)),
                 "redis_mb": info["used_memory"] / 2**20, "xlen_units": client.xlen(keys.units),
                 "lat_p50_ms": statistics.median(lat) if lat else None, "lat_max_ms": max(lat) if lat else None,
                 "errors": sum(errors.values()), "written": feeder.written}
            samples.append(s)
            fmt = lambda v, f: "-" if v is None else format(v, f)
            print(f"{s['t_min']:5.1f} {fmt(s['worker_mb'], '9.1f')} {fmt(s['master_mb'], '9.1f')} "
                  f"{s['js_heap_mb']:10.1f} {s['dom_nodes']:9d} {s['listeners']:9d} {s['redis_mb']:8.1f} "
                  f"{s['xlen_units']:10d} {fmt(s['lat_p50_ms'], '10.0f')} {fmt(s['lat_max_ms'], '10.0f')} "
                  f"{s['errors']:6d}", flush=True)
            if policy and time.time() - last_trim >= 60:
                last_trim = time.time()
                trim_streams(client, keys, policy=policy)
            if time.monotonic() >= end:
                break
            # keep the browser's event loop turning while we wait
            while time.monotonic() < min(end, t_start + len(samples) * args.sample_s):
                page.wait_for_timeout(500)

        # -- verdict ------------------------------------------------------------------
        warm = [s for s in samples if s["t_min"] >= args.warmup_min] or samples
        verdict = {}
        for key in ("worker_mb", "js_heap_mb", "redis_mb", "dom_nodes"):
            first = next((s[key] for s in samples if s["t_min"] >= 1.0), samples[0][key])
            # the second half's slope tells a bounded cache that has filled (flat) from a leak (still rising)
            late = warm[len(warm) // 2:]
            verdict[key] = {"slope_per_h": slope_per_hour([(s["t_min"] * 60, s[key]) for s in warm]),
                            "late_slope_per_h": slope_per_hour([(s["t_min"] * 60, s[key]) for s in late]),
                            "minute_1": first, "end": samples[-1][key]}
        lats = [s["lat_p50_ms"] for s in samples if s["lat_p50_ms"] is not None]
        verdict["latency_p50_ms_median"] = statistics.median(lats) if lats else None
        verdict["latency_max_ms"] = max((s["lat_max_ms"] for s in samples if s["lat_max_ms"]), default=None)
        verdict["errors"] = dict(errors)
        verdict["error_examples"] = examples
        verdict["entries_written"] = feeder.written
        verdict["feeder_errors"] = feeder.errors
        verdict["page"] = path
        print("\nverdict")
        for key in ("worker_mb", "js_heap_mb", "redis_mb", "dom_nodes"):
            v = verdict[key]
            sl, late = (("-" if x is None else format(x, "+.1f")) for x in (v["slope_per_h"], v["late_slope_per_h"]))
            print(f"  {key:11s} minute 1 {v['minute_1']:.1f} -> end {v['end']:.1f}; "
                  f"slope {sl} per hour (after {args.warmup_min:g} min warm-up), {late} in the second half")
        print(f"  latency XADD -> /api/units: median p50 {verdict['latency_p50_ms_median']} ms, "
              f"max {verdict['latency_max_ms']} ms")
        print(f"  errors {errors}; entries written {feeder.written}; feeder errors {feeder.errors}")
        for e in examples:
            print(f"    {e}")
        wk, js = verdict["worker_mb"]["slope_per_h"] or 0, verdict["js_heap_mb"]["slope_per_h"] or 0
        ok = wk < 20 and js < 10 and sum(errors.values()) == 0
        print(f"  VERDICT: {'PASS' if ok else 'LOOK'} (server RSS slope < 20 MB/h, JS heap slope < 10 MB/h, no errors)")
        if args.json:
            Path(args.json).write_text(json.dumps({"args": vars(args), "samples": samples, "verdict": verdict},
                                                  indent=1))
        return 0 if ok else 1
    finally:
        if feeder is not None:
            feeder.stop.set()
        if browser_ctx is not None:
            try:
                browser_ctx[1].close()
                browser_ctx[0].stop()
            except Exception:
                pass
        gunicorn.terminate()
        try:
            gunicorn.wait(15)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        redis_srv.close()


if __name__ == "__main__":
    sys.exit(main())
