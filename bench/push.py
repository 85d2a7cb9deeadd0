"""Push benchmark: units by server-sent events (`/`) against the plain baseline,
a dcc.Interval(1 s) callback that re-sends the full units GeoJSON.

    .venv/bin/python bench/push.py [--units 2000] [--displays 10] [--seconds 30]
                                   [--series 500,1000] [--series-seconds 20] [--no-plot]

All on 127.0.0.1: an embedded Redis (Valkey); the dashboard in a subprocess
(create_app(Settings(demo=False, eta_model="straight")), werkzeug threaded) so
its CPU can be read from /proc/<pid>/stat; a feeder subprocess writing every
unit once a second (pipelined XADD, ten slices spread over the second); one
headless Chromium with N pages.

Modes, measured one after the other against the same server and feed:
- PUSH: `/` (the officer view; units on a canvas fed by /push/units).
- BASELINE: `/baseline/`, a tiny Dash app mounted on the same server: dl.Map
  with a dl.GeoJSON units layer (the project's `unitToLayer`, labels hidden as
  the push layer hides them above 300 units) and an incidents layer, both
  filled by a dcc.Interval(1 s) callback with the full GeoJSON
  (units_geojson(rt.views.units())), which is what /wall does for its units.

Measured per mode:
- publish-to-pixel latency: a probe unit PROBE is moved every 0.5 s by XADD
  (time.time() just before); each page records Date.now() in the animation
  frame that paints PROBE's new position (push: the live layer's onUpdate hook,
  called inside the frame right after it drew; baseline: a requestAnimationFrame
  queued when unitToLayer makes PROBE's new marker, i.e. the next frame);
- bytes per second per display: push, window.jru.live.bytes (SSE data) plus
  the page's own Dash callback traffic; baseline, the _dash-update-component
  response bodies (resource timing, decodedBodySize);
- server CPU seconds per display per second: utime+stime of the dashboard
  process over the window, minus the same with no display open, / displays.
Then the latency-vs-load series (the probe at each --series unit count and at
--units) and the plot docs/img/latency-vs-load.png. Last, first paint (2,000
units + 5,000 open incidents, the feeder running, a fresh dashboard process
per load): page.goto until all units are drawn and 5,000 `.incident-icon`s
exist in the marker pane (given up after --paint-limit s).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from dashboard.feed.server import EmbeddedRedis  # noqa: E402
from dashboard.feed.settings import RedisSettings  # noqa: E402
from machine import cpu_model  # bench/machine.py (bench/ is on sys.path when run as a script)

CHROMIUM = os.environ.get("JRU_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]
BOX = (0.15, 51.25, 0.98, 51.50)   # lon/lat box of North Kent
PROBE_EVERY_S = 0.5
CLK = os.sysconf("SC_CLK_TCK")
PLOT = ROOT / "docs" / "img" / "latency-vs-load.png"
PUSH_PAGE = "/"    # --page: the pushed page the displays open (`/wall` for wall screens)
OPEN_INCIDENTS = 0   # --open-incidents: open incidents held during the steady state (the queue ranks them)
MODES = ("push", "baseline")   # --modes: add `patch` for Dash Patch over a 0.2 s interval


def pct(values, q):
    return float(np.percentile(values, q)) if len(values) else float("nan")


# ---------------------------------------------------------------- server side
def serve(url: str, prefix: str) -> None:
    """Subprocess: the dashboard plus the baseline page on one werkzeug threaded server."""
    import logging
    logging.disable(logging.WARNING)
    import dash
    import dash_leaflet as dl
    from dash import Input, Output, State, dcc, html
    from werkzeug.serving import make_server

    from dashboard.web.app import create_app
    from dashboard.settings import Settings
    from dashboard.ui.screens import ASSETS
    from dashboard.ui.layers.common import collection, js, point

    def units_geojson(units: list[dict]) -> dict:
        """Units with a fix, as GeoJSON, sorted by call sign (the baseline's data)."""
        return collection([point(u["lon"], u["lat"], {k: u[k] for k in ("unit", "status", "kind", "stale", "age_s")})
                           for u in units if u["lat"] is not None])
    from dashboard.ui.layers.incidents import incidents_geojson

    app = create_app(Settings(redis_url=url, prefix=prefix, demo=False, eta_model="straight"))
    rt = app.runtime
    @app.server.get("/bench/probe.js")   # a file, not an inline script: the security headers forbid those
    def probe_js():
        # The baseline rebuilds every marker on each tick; the frame after PROBE's is made is the one
        # that paints it (the push page records inside the frame that draws it: same moment).
        return (Path(__file__).with_name("push_baseline.js").read_text(), 200, {"Content-Type": "text/javascript"})

    base = dash.Dash("baseline", server=app.server, url_base_pathname="/baseline/", assets_folder=str(ASSETS),
                     serve_locally=True, update_title=None, title="baseline", external_scripts=["/bench/probe.js"])
    minlon, minlat, maxlon, maxlat = rt.areas.bounds()
    base.layout = html.Div([
        dl.Map(id="bmap", children=[
            dl.GeoJSON(id="bmap-incidents", data=collection([]), pointToLayer=js("incidentToLayer")),
            dl.GeoJSON(id="bmap-units", data=collection([]), hideout={"hideLabels": True},
                       pointToLayer={"variable": "bench.unitToLayer"})],
            bounds=[[minlat, minlon], [maxlat, maxlon]], center=[(minlat + maxlat) / 2, (minlon + maxlon) / 2],
            zoom=10, style={"height": "100vh"}, zoomSnap=0.25, attributionControl=False),
        dcc.Interval(id="btick", interval=1000)])

    @base.callback(Output("bmap-units", "data"), Output("bmap-incidents", "data"), Input("btick", "n_intervals"))
    def refresh(_):
        return units_geojson(rt.views.units()), incidents_geojson(rt.views.incidents("active"))

    # PATCH: the same map, but every 0.2 s (push's tick) a Dash Patch with only the moved units'
    # coordinates; the whole GeoJSON only when the set of units changed. The feature order is the
    # call signs sorted (as units_geojson gives them), so a unit's index is its place in that order.
    patch = dash.Dash("patch", server=app.server, url_base_pathname="/patch/", assets_folder=str(ASSETS),
                      serve_locally=True, update_title=None, title="patch", external_scripts=["/bench/probe.js"])
    patch.layout = html.Div([
        dl.Map(id="pmap", children=[
            dl.GeoJSON(id="pmap-units", data=collection([]), hideout={"hideLabels": True},
                       pointToLayer={"variable": "bench.unitToLayer"})],
            bounds=[[minlat, minlon], [maxlat, maxlon]], center=[(minlat + maxlat) / 2, (minlon + maxlon) / 2],
            zoom=10, style={"height": "100vh"}, zoomSnap=0.25, attributionControl=False),
        dcc.Store(id="pseen"), dcc.Interval(id="ptick", interval=200)])

    @patch.callback(Output("pmap-units", "data"), Output("pseen", "data"), Input("ptick", "n_intervals"),
                    State("pseen", "data"))
    def patch_refresh(_, seen):
        picture = rt.picture
        version, names = picture.version, sorted(picture.units)
        if not seen or seen[1] != len(names) or seen[2] != picture.reset_version:
            return units_geojson(rt.views.units()), [version, len(names), picture.reset_version]
        index = {n: i for i, n in enumerate(names)}
        changes = dash.Patch()
        for u in picture.units_changed_since(seen[0]):
            if u.lat is not None:
                changes["features"][index[u.unit]]["geometry"]["coordinates"] = [u.lon, u.lat]
        return changes, [version, len(names), picture.reset_version]

    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    rt.reader.caught_up.wait(60)
    print(httpd.server_port, flush=True)
    httpd.serve_forever()


def cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK   # utime, stime (fields 14, 15)


class Server:
    def __init__(self, url: str, prefix: str):
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", url, prefix], stdout=subprocess.PIPE,
                                     text=True, cwd=ROOT)
        line = self.proc.stdout.readline()
        if not line.strip():
            raise RuntimeError("dashboard subprocess did not start")
        self.url = f"http://127.0.0.1:{int(line)}"

    def cpu(self) -> float:
        return cpu_s(self.proc.pid)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ---------------------------------------------------------------- feed
def unit_fields(i: int, rng: random.Random, now: float) -> dict:
    return {"unit": f"JRU-{i:04d}", "ts": f"{now:.3f}", "lat": f"{BOX[1] + rng.random() * (BOX[3] - BOX[1]):.5f}",
            "lon": f"{BOX[0] + rng.random() * (BOX[2] - BOX[0]):.5f}", "status": "available", "kind": "joint"}


def feed(url: str, prefix: str, units: int) -> None:
    """Subprocess: every unit once a second, in ten pipelined slices spread over the second."""
    settings = RedisSettings.from_url(url, prefix)
    client, rng = settings.client(), random.Random(3)
    slices = 10
    t0, tick = time.time(), 0
    while True:
        due = t0 + tick / slices
        if (wait := due - time.time()) > 0:
            time.sleep(wait)
        pipe, now = client.pipeline(transaction=False), time.time()
        for i in range(tick % slices, units, slices):
            pipe.xadd(settings.keys.units, unit_fields(i, rng, now))
        pipe.execute()
        tick += 1


class Feeder:
    def __init__(self, url: str, prefix: str, units: int):
        self.proc = subprocess.Popen([sys.executable, __file__, "--feed", url, prefix, str(units)], cwd=ROOT)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def preload(settings: RedisSettings, units: int, incidents: int) -> None:
    client, rng, now = settings.client(), random.Random(5), time.time()
    pipe = client.pipeline(transaction=False)
    for i in range(units):
        pipe.xadd(settings.keys.units, unit_fields(i, rng, now))
    types = ("rtc", "medical", "assault", "mental_health", "disorder", "other")
    for i in range(incidents):
        pipe.xadd(settings.keys.incidents, {
            "incident": f"INC-{i:05d}", "ts": f"{now:.3f}", "status": "open", "type": types[i % 6],
            "category": f"C{1 + i % 4}", "lat": f"{BOX[1] + rng.random() * (BOX[3] - BOX[1]):.5f}",
            "lon": f"{BOX[0] + rng.random() * (BOX[2] - BOX[0]):.5f}"})
        if i % 2000 == 1999:
            pipe.execute()
    pipe.execute()
    client.close()


# ---------------------------------------------------------------- browser side
INIT_JS = """
(() => {
  window.__dashBytes = 0; window.__dashCalls = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (e.name.indexOf('_dash-update-component') >= 0) { window.__dashBytes += e.decodedBodySize; window.__dashCalls++; }
    }
  }).observe({type: 'resource', buffered: true});
  // The probe's drawn positions with the time of the animation frame that drew them (no polling loop:
  // a requestAnimationFrame loop in every page would make each one paint 60 times a second).
  window.__probe = [];
  let last = null;
  window.__recordProbe = function (lat) {
    if (lat !== last) { window.__probe.push([lat, Date.now()]); last = lat; }
  };
  (function hook() {   // push: the live layer calls onUpdate right after drawing, inside the frame
    const live = window.jru && window.jru.live;
    if (!live) { setTimeout(hook, 50); return; }
    live.onUpdate = changed => { for (const u of changed) if (u[0] === 'PROBE') window.__recordProbe(u[1]); };
  })();
})();
"""
READ_JS = """() => ({probe: window.__probe, dash: window.__dashBytes, calls: window.__dashCalls,
  sse: (window.jru && window.jru.live) ? window.jru.live.bytes : 0,
  msgs: (window.jru && window.jru.live) ? window.jru.live.messages : 0})"""


def units_drawn_js(mode: str) -> str:
    return ("() => (window.jru && window.jru.live && window.jru.live.count) ? window.jru.live.count() : 0"
            if mode == "push" else "() => document.querySelectorAll('path.unit-marker').length")


MODE_PATH = {"baseline": "/baseline/", "patch": "/patch/"}


def probe_lat(i: int) -> float:
    return round(51.27 + (i % 200) * 0.001, 5)


def measure_mode(browser, server: Server, settings: RedisSettings, mode: str, units: int, displays: int,
                 seconds: float, idle_cpu_per_s: float) -> dict:
    path = PUSH_PAGE if mode == "push" else MODE_PATH[mode]
    # One browser context per display: each has its own connection pool, as each control-room screen is its
    # own browser. (Chromium allows 6 HTTP/1.1 connections per origin per context; an SSE stream holds one
    # for good, so 10 tabs of `/` in one context leave 4 with no units at all.)
    contexts = [browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(displays)]
    for c in contexts:
        c.add_init_script(INIT_JS)
    pages = [c.new_page() for c in contexts]
    client = settings.client()
    for p in pages:
        p.goto(server.url + path, timeout=60_000)
    t_load = time.time()
    for p in pages:   # every display shows the whole fleet before the clock starts (or 60 s have gone)
        try:
            p.wait_for_function(f"() => ({units_drawn_js(mode)})() >= {units}",
                                timeout=max(1000, 60_000 - (time.time() - t_load) * 1000), polling=250)
        except Exception:
            pass
    drawn = [p.evaluate(units_drawn_js(mode)) for p in pages]
    print(f"  {mode}: {displays} displays loaded in {time.time() - t_load:.1f} s, units drawn per display "
          f"min {min(drawn)} max {max(drawn)}", flush=True)
    time.sleep(2.0)
    start = [p.evaluate(READ_JS) for p in pages]
    cpu0, t0 = server.cpu(), time.time()
    sent: list[tuple[float, float]] = []
    i = 0
    while time.time() - t0 < seconds:
        lat = probe_lat(i)
        t = time.time()
        client.xadd(settings.keys.units, {"unit": "PROBE", "ts": f"{t:.3f}", "lat": f"{lat:.5f}", "lon": "0.55",
                                          "status": "available", "kind": "joint"})
        sent.append((lat, t))
        i += 1
        time.sleep(max(0.0, t + PROBE_EVERY_S - time.time()))
    elapsed = time.time() - t0
    cpu = server.cpu() - cpu0
    time.sleep(3.0)   # let the last probes arrive
    end = [p.evaluate(READ_JS) for p in pages]
    for c in contexts:
        c.close()
    client.close()
    # Latency of probe i: first time the display showed probe i or a later one (the baseline's 1 s tick
    # skips positions that a newer one replaced: those are counted as "superseded", not dropped).
    index = {round(lat, 5): k for k, (lat, _t) in enumerate(sent)}
    lat_ms, superseded = [], 0
    for s, e in zip(start, end):
        seen = [(index[round(lt, 5)], d) for lt, d in e["probe"] if round(lt, 5) in index]
        shown = {k for k, _ in seen}
        for k, (lat, t) in enumerate(sent):
            hit = next((d for j, d in seen if j >= k and d >= t * 1000 - 50), None)
            if hit is not None:
                lat_ms.append(hit - t * 1000)
                superseded += k not in shown
    per = lambda k: statistics.median((e[k] - s[k]) / elapsed for s, e in zip(start, end))
    return {"mode": mode, "units": units, "displays": displays, "seconds": elapsed, "probes": len(sent),
            "latency_ms": lat_ms, "missed": len(sent) * displays - len(lat_ms), "superseded": superseded,
            "sse_Bps": per("sse"), "dash_Bps": per("dash"), "dash_calls_ps": per("calls"), "msgs_ps": per("msgs"),
            "cpu_per_display_s": (cpu / elapsed - idle_cpu_per_s) / displays, "cpu_total_s": cpu / elapsed,
            "idle_cpu_s": idle_cpu_per_s}


def run_level(browser, url: str, units: int, displays: int, seconds: float, tag: str) -> list[dict]:
    settings = RedisSettings.from_url(url, prefix=f"push{tag}u{units}:")
    preload(settings, units, OPEN_INCIDENTS)
    server = Server(url, settings.prefix)
    feeder = Feeder(url, settings.prefix, units)
    try:
        time.sleep(3.0)
        c0, t0 = server.cpu(), time.time()
        time.sleep(5.0)
        idle = (server.cpu() - c0) / (time.time() - t0)
        out = []
        for mode in MODES:
            r = measure_mode(browser, server, settings, mode, units, displays, seconds, idle)
            report_row(r)
            out.append(r)
        return out
    finally:
        feeder.stop()
        server.stop()


def first_paint(browser, url: str, units: int, incidents: int, repeats: int, limit_s: float) -> dict:
    """Cold loads: a fresh dashboard process for every load (it reads the streams, as after a restart)."""
    settings = RedisSettings.from_url(url, prefix="pushfp:")
    preload(settings, units, incidents)
    feeder = Feeder(url, settings.prefix, units)
    results: dict[str, list] = {"baseline": [], "push": []}
    changes: dict[str, list] = {"baseline": [], "push": []}
    try:
        for mode, path in (("baseline", "/baseline/"), ("push", "/")):
            for _ in range(repeats):
                server = Server(url, settings.prefix)
                try:
                    time.sleep(1.0)
                    context = browser.new_context(viewport={"width": 1280, "height": 800})
                    page = context.new_page()
                    t0 = time.time()
                    page.goto(server.url + path, timeout=60_000)
                    t_units = t_inc = None
                    while time.time() - t0 < limit_s and (t_units is None or t_inc is None):
                        got = page.evaluate(f"() => [({units_drawn_js(mode)})(), "
                                            "document.querySelectorAll('.leaflet-marker-pane .incident-icon').length"
                                            " + (window.jru.denseDrawn || 0)]")  # DOM icons, or canvas (> 400)
                        now = time.time()
                        if t_units is None and got[0] >= units:
                            t_units = now - t0
                        if t_inc is None and got[1] >= incidents:
                            t_inc = now - t0
                        time.sleep(0.05)
                    results[mode].append((t_units, t_inc, got[1]))
                    if t_inc is not None and mode == "push":   # the baseline redraws all every second anyway
                        changes[mode].append(incident_change_ms(page, settings, incidents))
                    context.close()
                finally:
                    server.stop()
    finally:
        feeder.stop()
    for mode, ms in changes.items():
        if ms:
            print(f"  {mode:8s} a new incident among {incidents:,} open: XADD -> the incidents layer redrawn with it, "
                  f"ms {[round(x) for x in ms]}")
    return results


def incident_change_ms(page, settings: RedisSettings, incidents: int) -> float:
    """XADD one more open incident; ms until the page has redrawn its incidents with it (above 400
    they are drawn on a canvas and counted in window.jru.denseDrawn)."""
    client = settings.client()
    page.wait_for_timeout(2000)   # the first paint's redraws are over
    before = page.evaluate("window.jru.denseDrawn || 0")
    t0 = time.time()
    client.xadd(settings.keys.incidents, {"incident": f"NEW-{int(t0 * 1000)}", "ts": f"{t0:.3f}", "status": "open",
                                          "type": "rtc", "category": "C1", "lat": "51.4", "lon": "0.5"})
    page.wait_for_function(f"() => (window.jru.denseDrawn || 0) >= {before} + {incidents}", polling=10,
                           timeout=30_000)
    client.close()
    return (time.time() - t0) * 1000


def report_row(r: dict) -> None:
    lat = r["latency_ms"]
    print(f"  {r['mode']:8s} {r['units']:5d} units x {r['displays']} displays, {r['probes']} probes: latency ms "
          f"median {pct(lat, 50):.0f} p95 {pct(lat, 95):.0f} max {max(lat) if lat else float('nan'):.0f} "
          f"({len(lat)} samples, {r['superseded']} superseded, {r['missed']} never shown); per display: SSE {r['sse_Bps'] / 1000:.1f} kB/s, "
          f"Dash {r['dash_Bps'] / 1000:.1f} kB/s ({r['dash_calls_ps']:.1f} calls/s); "
          f"server CPU {r['cpu_total_s']:.2f} s/s (idle {r['idle_cpu_s']:.2f}) = "
          f"{r['cpu_per_display_s'] * 1000:.0f} ms/s per display", flush=True)


def plot(series: list[dict]) -> None:
    """Median and p95 latency against units, one line per mode and display count (log scale),
    the 500 ms aim, and a mark where a mode drew nothing at all."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 5), dpi=120)
    counts = sorted({r["displays"] for r in series})
    ax.axhline(500, color="black", lw=0.8, ls="--")
    ax.text(0.5, 500, "aim: p95 under 500 ms ", fontsize=8, ha="center", va="top",
            transform=ax.get_yaxis_transform())
    for mode, colour in (("push", "tab:blue"), ("baseline", "tab:red"), ("patch", "tab:green")):
        for d, style in zip(counts, ("-", ":", "-.")):
            rows = sorted((r for r in series if r["mode"] == mode and r["displays"] == d), key=lambda r: r["units"])
            drawn = [r for r in rows if r["latency_ms"]]
            if not rows:
                continue
            xs = [r["units"] for r in drawn]
            name = {"push": "SSE push", "baseline": "baseline (interval, full GeoJSON)",
                    "patch": "Dash Patch (0.2 s interval, moves only)"}[mode]
            ax.plot(xs, [pct(r["latency_ms"], 50) for r in drawn], "o" + style, color=colour,
                    label=f"{name}, {d} displays, median")
            ax.plot(xs, [pct(r["latency_ms"], 95) for r in drawn], "x" + style, color=colour, alpha=0.45,
                    label=f"{name}, {d} displays, p95")
            for r in rows:
                if not r["latency_ms"]:
                    ax.annotate(f"{name.split(' (')[0]}, {d} displays:\nnothing drawn", (r["units"], 3000),
                                fontsize=7, color=colour, ha="center")
                    ax.plot([r["units"]], [3000], "v", color=colour)
    ax.set_yscale("log")
    ax.set_ylim(80, 6000)
    ax.set_xlabel("units on the map (each reporting once a second)")
    ax.set_ylabel("publish-to-pixel latency (ms, log scale)")
    ax.set_title(f"XADD to pixel, headless Chromium; server, feeder and all displays on {os.cpu_count()} cores",
                 fontsize=10)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    fig.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PLOT)
    print(f"plot: {PLOT.relative_to(ROOT)}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--units", type=int, default=2000)
    p.add_argument("--displays", type=int, default=10)
    p.add_argument("--seconds", type=float, default=25.0)
    p.add_argument("--series", default="500,1000", help="other unit counts for the latency-vs-load series ('' = none)")
    p.add_argument("--series-seconds", type=float, default=15.0)
    p.add_argument("--incidents", type=int, default=5000)
    p.add_argument("--paint-repeats", type=int, default=2)
    p.add_argument("--paint-limit", type=float, default=15.0, help="give up on a load after this many seconds")
    p.add_argument("--page", default="/", help="page the push displays open: / (officer) or /wall")
    p.add_argument("--modes", default="push,baseline", help="push,baseline[,patch]")
    p.add_argument("--open-incidents", type=int, default=0, help="open incidents during the steady state")
    p.add_argument("--no-plot", action="store_true")
    p.add_argument("--json", help="also write every sample to this file")
    p.add_argument("--plot-with", nargs="*", default=[], help="--json files of earlier runs to draw on the same plot")
    p.add_argument("--replot", nargs="+", help="only redraw the plot from these --json files")
    p.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    p.add_argument("--feed", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve:
        serve(*args.serve)
        return 0
    if args.feed:
        feed(args.feed[0], args.feed[1], int(args.feed[2]))
        return 0
    global PUSH_PAGE, MODES, OPEN_INCIDENTS
    PUSH_PAGE, MODES = args.page, tuple(m.strip() for m in args.modes.split(",") if m.strip())
    OPEN_INCIDENTS = args.open_incidents
    if args.replot:
        plot([r for f in args.replot for r in json.loads(Path(f).read_text())["series"]])
        return 0

    from playwright.sync_api import sync_playwright
    print(f"machine: nproc={os.cpu_count()}, {cpu_model()}, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    started = time.time()
    with EmbeddedRedis() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        print(f"\n1. steady state: {args.units} units reporting once a second, {args.displays} displays of {PUSH_PAGE}, "
              f"{args.seconds:g} s a mode, probe every {PROBE_EVERY_S} s")
        main_rows = run_level(browser, url, args.units, args.displays, args.seconds, "main")

        series = list(main_rows)
        levels = [int(x) for x in args.series.split(",") if x.strip()]
        if levels:
            print(f"\n2. latency vs load: {levels} units, {args.displays} displays, {args.series_seconds:g} s a mode")
        for n in levels:
            series += run_level(browser, url, n, args.displays, args.series_seconds, "series")
        print(f"\n3. first paint: {args.units} units + {args.incidents} open incidents, feeder running, "
              f"one display, {args.paint_repeats} loads a mode")
        paint = first_paint(browser, url, args.units, args.incidents, args.paint_repeats, args.paint_limit)
        for mode, rows in paint.items():
            print(f"  {mode:8s} " + "; ".join(f"units {u if u is None else round(u, 2)} s, incidents "
                                               f"{i if i is None else round(i, 2)} s ({c} present)"
                                               for u, i, c in rows))

        browser.close()

    print(f"\n## summary (load average {os.getloadavg()[0]:.1f} at the end; total {time.time() - started:.0f} s)")
    print("| mode | units | displays | probes | latency median ms | p95 ms | max ms | missed "
          "| superseded | unit bytes/s per display | all Dash bytes/s per display | server CPU ms/s per display |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in sorted(series, key=lambda r: (r["units"], r["mode"])):
        lat = r["latency_ms"]
        unit_bytes = r["sse_Bps"] if r["mode"] == "push" else r["dash_Bps"]
        print(f"| {r['mode']} | {r['units']:,} | {r['displays']} | {r['probes']} | {pct(lat, 50):.0f} | "
              f"{pct(lat, 95):.0f} | {max(lat) if lat else float('nan'):.0f} | {r['missed']} | {r['superseded']} | "
              f"{unit_bytes / 1000:,.1f} kB | {r['dash_Bps'] / 1000:,.1f} kB | {r['cpu_per_display_s'] * 1000:.0f} |")
    rows = {r["mode"]: r for r in main_rows}
    push = rows["push"]
    for other in (m for m in MODES if m != "push"):
        o = rows[other]
        for what, a, b in (("latency median", pct(push["latency_ms"], 50), pct(o["latency_ms"], 50)),
                           ("latency p95", pct(push["latency_ms"], 95), pct(o["latency_ms"], 95)),
                           ("unit bytes/s per display", push["sse_Bps"], o["dash_Bps"]),
                           ("server CPU per display", push["cpu_per_display_s"], o["cpu_per_display_s"])):
            print(f"{other} / push, {what}: {b / a:.1f}x" if a > 0 else f"{what}: push {a:.3f}, {other} {b:.3f}")
    print("| first paint | units drawn median s | max s | all incidents present median s | max s | incidents present at the end |\n|---|---|---|---|---|---|")
    for mode, rows in paint.items():
        us = [u for u, _, _ in rows if u is not None]
        inc = [i for _, i, _ in rows if i is not None]
        f = lambda xs, fn: f"{fn(xs):.2f}" if xs else f"not reached in {args.paint_limit:g} s"
        print(f"| {mode} | {f(us, statistics.median)} | {f(us, max)} | {f(inc, statistics.median)} | {f(inc, max)} | {', '.join(str(c) for _, _, c in rows)} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"series": series, "paint": paint}))
    if not args.no_plot and levels:
        plot(series + [r for f in args.plot_with for r in json.loads(Path(f).read_text())["series"]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
