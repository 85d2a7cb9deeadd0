"""Retake the README's screenshots (docs/img/) from the demo replay: `make screenshots`.

Starts `app.py --demo` on a free port (its embedded Redis and replay), waits until it
answers, and shoots in headless Chromium: the officer page with the first incident of
the queue chosen (1600 x 900), the wall (1920 x 1080 and 3840 x 2160) and the
statistics (1600 x 1400). The replay starts at the same evening every time, so the
pictures change only when the product does. ~1 min.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from dashboard.feed.server import free_port  # noqa: E402  (the path above first)

IMG = ROOT / "docs" / "img"
CHROMIUM = os.environ.get("JRU_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
SETTLE_MS = 5000


def wait_ready(base: str, proc: subprocess.Popen, timeout_s: float = 120) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            sys.exit(f"the demo stopped (exit {proc.returncode})")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("the demo did not answer in time")


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "app.py", "--demo", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(base, proc)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            # a UK control room's browser: dates in its date and time boxes read dd/mm/yyyy
            page = browser.new_page(viewport={"width": 1600, "height": 900}, locale="en-GB", timezone_id="Europe/London")
            page.goto(base + "/")
            page.wait_for_selector(".incident-row", timeout=60_000)
            page.wait_for_timeout(SETTLE_MS)
            page.locator(".incident-row").first.click()
            page.wait_for_timeout(SETTLE_MS)
            page.screenshot(path=IMG / "officer.png")
            for name, width, height, path in (("wall", 1920, 1080, "/wall"), ("wall-4k", 3840, 2160, "/wall"),
                                              ("stats", 1600, 1400, "/stats")):
                page.set_viewport_size({"width": width, "height": height})
                page.goto(base + path)
                page.wait_for_timeout(SETTLE_MS)
                page.screenshot(path=IMG / f"{name}.png")
            browser.close()
        print(f"wrote officer.png, wall.png, wall-4k.png and stats.png in {IMG.relative_to(ROOT)}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
