"""Browser tests: the real app served from a thread, driven in Debian's headless Chromium."""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from dashboard.feed.writer import FeedWriter
from dashboard.replay.demo import run_demo
from dashboard.settings import Settings

CHROMIUM = os.environ.get("JRU_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (`.ci/run` does) "
                    "or set JRU_CHROMIUM; the browser tests must run, not skip.")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.app.runtime.reader.stop()


def start_server(redis_settings, **settings) -> LiveServer:
    """The dashboard on the test's Redis: no demo, straight-line ETAs unless `settings` say otherwise."""
    from dashboard.web.app import create_app
    values = {"demo": False, "eta_model": "straight", **settings}
    return LiveServer(create_app(Settings(redis_url=redis_settings.url, prefix=redis_settings.prefix, **values)))


@pytest.fixture
def live_server(redis_settings):
    server = start_server(redis_settings)
    yield server
    server.stop()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{exc} {getattr(exc, 'stack', '')[:800]}"))
    page.js_errors = errors
    yield page
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"{request.node.name}.png"))
    context.close()


@pytest.fixture
def writer(redis_settings):
    return FeedWriter(redis_settings.client(), redis_settings.keys)


@pytest.fixture
def replayer(redis_settings):
    """The demo's replay at 10x, writing to the test's Redis from a thread."""
    stop = threading.Event()
    thread = threading.Thread(target=run_demo, args=(redis_settings, stop), kwargs={"speed": 10.0}, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(5)
