"""Map names making room for units: the declutter pass (assets/basemap.js) against plain baselines.

    .venv/bin/python bench/labels.py [--units 0,300,2000] [--incidents 100] [--repeats 40]

After every change of the units (at most every 0.5 s) the base map's names are checked
against each other and against what is drawn over them: every unit's dot, call signs, incident
icons, controls. This times one pass in headless Chromium on the officer page (1920 x 1080, the
whole area in view) with N available units and 100 open incidents (a busy night) spread over
North Kent, in the same run:
- PASS: `window.jru.basemap.declutter(map)`, the boxes filed in 100-px cells;
- PLAIN: the same pass checking each name against every box taken (a list, as before units counted);
- NAMES ONLY: the pass as it was before units counted (names against names, a list).
Prints median and p95 ms per pass and ratios, the pass that keeps units' call signs apart
(shown up to 300 units), and the one that stands overlapping incident pins side by side
(assets/pin_groups.js, against its grouping done with a list instead of cells). The server runs in
this process on an embedded Redis.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from machine import cpu_model  # noqa: E402
from push import CHROMIUM, CHROMIUM_ARGS, preload  # noqa: E402

from dashboard.feed.server import EmbeddedRedis  # noqa: E402
from dashboard.feed.settings import RedisSettings  # noqa: E402

# The baselines read the same boxes as the pass, then check with a list (the old code's loop).
TIME_JS = """([repeats, mode]) => {
  const map = Object.values(window.jru.maps)[0], bm = window.jru.basemap, GAP = 2;
  function plain(withObstacles) {
    const boxes = map._jruLabelMarkers.filter(m => m._map === map)
      .map(m => ({el: m.getElement(), p: m._jruPriority}))
      .filter(b => b.el && b.el.firstChild && getComputedStyle(b.el).display !== 'none')
      .map(b => { b.r = b.el.firstChild.getBoundingClientRect(); return b; })
      .sort((a, b) => a.p - b.p);
    const kept = withObstacles ? bm.obstacles(map) : [];
    boxes.forEach(b => {
      const r = b.r;
      const clash = kept.some(k => r.left < k.right + GAP && r.right + GAP > k.left && r.top < k.bottom + GAP && r.bottom + GAP > k.top);
      if (b.p >= 0) b.el.classList.toggle('label-clash', clash);
      if (!clash || b.p < 0) kept.push(r);
    });
  }
  function pinsPlain() {   // the pins' first grouping with a list of groups, not cells of a pin's size
    const P = window.jru.pins.parts, gs = [];
    P.pinsOf(map).forEach(m => {
      const at = map.latLngToLayerPoint(m.getLatLng()), w = P.iconOf(m).iconSize[0];
      const home = gs.find(g => Math.abs(g.at.x - at.x) < w && Math.abs(g.at.y - at.y) < w);
      if (home) home.pins.push({m: m, at: at}); else gs.push({at: at, pins: [{m: m, at: at}]});
    });
    P.merged(gs).forEach(P.place);
  }
  const run = {pass: () => bm.declutter(map), plain: () => plain(true), names: () => plain(false),
               obstacles: () => bm.obstacles(map), units: () => window.jru.live.boxes(map),
               spread: () => window.jru.live.spreadLabels(),
               pins: () => window.jru.pins.spread(map), pins_plain: pinsPlain}[mode];
  const ms = [];
  for (let i = 0; i < repeats; i++) {
    map.getContainer().classList.toggle('jru-bench', i % 2 === 0);   // dirty the style, as a real update does
    const t = performance.now(); run(); ms.push(performance.now() - t);
  }
  bm.declutter(map);   // leave the page as the product draws it
  return {ms: ms, names: map._jruLabelMarkers.filter(m => m._map === map).length,
          hidden: document.querySelectorAll('.basemap-label.label-clash').length};
}"""


def serve(url: str, prefix: str):
    from werkzeug.serving import make_server

    from dashboard.settings import Settings
    from dashboard.web.app import create_app
    app = create_app(Settings(redis_url=url, prefix=prefix, demo=False, eta_model="straight"))
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return app, httpd


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def measure(browser, url: str, units: int, incidents: int, repeats: int) -> dict:
    settings = RedisSettings.from_url(url, f"bench{units}:")
    preload(settings, units, incidents)
    app, httpd = serve(url, settings.prefix)
    try:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"http://127.0.0.1:{httpd.server_port}/")
        page.wait_for_function(f"() => window.jru && window.jru.live && window.jru.live.count() >= {units}"
                               " && document.querySelector('.label-town') && document.querySelectorAll("
                               f"'.leaflet-marker-pane .incident-icon').length >= {incidents}", timeout=60_000)
        page.wait_for_timeout(1500)   # the map's first passes are over
        out = {mode: page.evaluate(TIME_JS, [repeats, mode])
               for mode in ("names", "plain", "pass", "obstacles", "units", "spread", "pins_plain", "pins")}
        page.close()
        return out
    finally:
        httpd.shutdown()
        app.runtime.reader.stop()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--units", default="0,300,2000")
    p.add_argument("--incidents", type=int, default=100, help="open incidents on the map (their icons)")
    p.add_argument("--repeats", type=int, default=40)
    args = p.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)   # one line per request otherwise
    from playwright.sync_api import sync_playwright
    print(f"machine: nproc={os.cpu_count()}, {cpu_model()}, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    print("| units | names (hidden) | names only, list: median / p95 ms | with units, list | "
          "with units, cells (the pass) | list / cells (p95) |")
    print("|---|---|---|---|---|---|")
    with EmbeddedRedis() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for n in (int(x) for x in args.units.split(",") if x.strip()):
            r = measure(browser, url, n, args.incidents, args.repeats)
            cell = {m: (statistics.median(r[m]["ms"]), pct(r[m]["ms"], 95)) for m in r}
            print(f"| {n:,} | {r['pass']['names']} ({r['pass']['hidden']}) | {cell['names'][0]:.2f} / {cell['names'][1]:.2f} "
                  f"| {cell['plain'][0]:.2f} / {cell['plain'][1]:.2f} | {cell['pass'][0]:.2f} / {cell['pass'][1]:.2f} "
                  f"| {cell['plain'][1] / max(cell['pass'][1], 1e-3):.1f}x |", flush=True)
            print(f"|   | parts of the pass: all obstacles {cell['obstacles'][0]:.2f} / {cell['obstacles'][1]:.2f}, "
                  f"of which the units' dots {cell['units'][0]:.2f} / {cell['units'][1]:.2f}; call signs kept apart "
                  f"(assets/live_units.js) {cell['spread'][0]:.2f} / {cell['spread'][1]:.2f} | | | | |", flush=True)
            listed, cells = cell["pins_plain"], cell["pins"]
            print(f"|   | incident pins side by side (assets/pin_groups.js, {args.incidents} pins): a list of groups "
                  f"{listed[0]:.2f} / {listed[1]:.2f}, cells (as shipped) {cells[0]:.2f} / {cells[1]:.2f}, "
                  f"list / cells (p95) {listed[1] / max(cells[1], 1e-3):.1f}x | | | | |", flush=True)
        browser.close()
    time.sleep(0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
