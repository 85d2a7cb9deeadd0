"""Take a screenshot of a dashboard page in headless Chromium (for docs and for looking).

    python scripts/screenshot.py http://127.0.0.1:8050/ docs/img/officer.png [--width 1600 --height 900]
"""
from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("out")
    p.add_argument("--width", type=int, default=1600)
    p.add_argument("--height", type=int, default=900)
    p.add_argument("--wait", default="path.district", help="CSS selector to wait for")
    p.add_argument("--settle-ms", type=int, default=2500)
    p.add_argument("--click", default=None, help="CSS selector to click before the shot")
    a = p.parse_args()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": a.width, "height": a.height})
        page.goto(a.url)
        page.wait_for_selector(a.wait, timeout=20_000)
        page.wait_for_timeout(a.settle_ms)
        if a.click:
            page.click(a.click)
            page.wait_for_timeout(a.settle_ms)
        page.screenshot(path=a.out)
        browser.close()


if __name__ == "__main__":
    main()
