"""Issue 13.2 in Chromium: with callbacks decided per role on the server, the
pages each role uses still work and never hit a refusal: a wall display signed
in by token, and a viewer on the officer page while a replay runs (the replay
bar's refresh sets the speed box, which is an input of the officer-only
control callback)."""
import time

import pytest

from tests.browser.test_sign_in import VIEWER, scene, sign_in, start_secure_server

WALL_TOKEN = "wall-token-for-the-browser-test"


@pytest.fixture
def server(redis_settings, tmp_path):
    s = start_secure_server(redis_settings, tmp_path, wall_token=WALL_TOKEN)
    yield s
    s.stop()


def refusals(page) -> list:
    seen: list = []
    page.on("response", lambda r: seen.append((r.url, r.status)) if r.status in (401, 403) else None)
    return seen


def test_a_wall_display_works_with_only_the_wall_callbacks(page, server, writer):
    refused = refusals(page)
    scene(writer)
    page.goto(f"{server.url}/wall?token={WALL_TOKEN}")
    page.wait_for_url(server.url + "/wall", timeout=10_000)
    page.locator("#wall-ticker", has_text="INC-A").wait_for(timeout=20_000)
    page.wait_for_timeout(3000)         # a few clock ticks and refreshes (and Playwright sees the responses)
    assert refused == []


def test_a_viewer_on_the_officer_page_during_a_replay_is_never_refused(page, server, writer, redis_settings):
    now = time.time()
    redis_settings.client().hset(redis_settings.keys.replay_status, mapping={
        "state": "playing", "ts": now, "speed": 10, "start": now - 3600, "end": now + 3600, "wall": now})
    refused = refusals(page)
    scene(writer)
    sign_in(page, server.url, *VIEWER)
    page.locator(".incident-row", has_text="INC-A").wait_for(timeout=20_000)
    page.wait_for_timeout(4000)
    assert refused == []
