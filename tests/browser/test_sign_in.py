"""Sign-in on, in Chromium: the form signs a duty officer in, the accept goes
through with their name; a viewer sees the page but the accept is refused."""
import time

import pytest

from dashboard.auth import UserStore
from tests.browser.conftest import LiveServer, start_server
from tests.browser.test_xss import watch
from tests.helpers import answers, eventually

OFFICER = ("asmith", "correct horse 41")
VIEWER = ("vjones", "battery staple 7")


def start_secure_server(redis_settings, tmp_path, **settings) -> LiveServer:
    """The dashboard with sign-in on, an officer and a viewer (other browser tests reuse it)."""
    store = UserStore(tmp_path / "users.json")
    store.add(*OFFICER, role="officer")
    store.add(*VIEWER, role="viewer")
    return start_server(redis_settings, auth=True, users=str(store.path),
                        secret_key_file=str(tmp_path / "secret_key"), **settings)


@pytest.fixture
def secure_server(redis_settings, tmp_path):
    server = start_secure_server(redis_settings, tmp_path)
    yield server
    server.stop()


def scene(writer):
    now = time.time()
    writer.incident_event({"incident": "INC-A", "ts": now, "lat": 51.400, "lon": 0.530, "type": "rtc",
                           "category": "C2"})
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.395, "lon": 0.525, "officers": 2, "paramedics": 1})


def sign_in(page, url, name, password):
    page.goto(url)
    assert "/login?next=" in page.url                 # sent to the sign-in page first
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("#sign-in")
    page.wait_for_url(url + "/", timeout=10_000)


def accept_top(page):
    page.locator(".incident-row", has_text="INC-A").click(timeout=20_000)
    page.locator("#suggestion-table tr.suggestion-row").first.get_by_role("button", name="Accept").click(
        timeout=10_000)


def test_officer_signs_in_through_the_form_and_accepts(page, secure_server, writer, redis_settings):
    console = watch(page)
    scene(writer)
    page.goto(secure_server.url + "/login")
    page.fill("#username", OFFICER[0])
    page.fill("#password", "not the password")
    page.click("#sign-in")
    page.locator("#login-error").wait_for(timeout=10_000)
    assert page.locator("#login-error").inner_text() == "Wrong name or password."
    assert page.evaluate("window.__csp") == []        # the sign-in page runs under the CSP too

    sign_in(page, secure_server.url, *OFFICER)
    assert page.locator("#signed-in-user").inner_text() == f"{OFFICER[0]} (officer)"
    cookie = next(c for c in page.context.cookies() if c["name"] == "jru_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    accept_top(page)
    page.locator("#accept-toast", has_text="JRU-MW-1 assigned to INC-A").wait_for(timeout=10_000)
    entries = redis_settings.client().xrange(redis_settings.keys.assignments)
    assert [f["by"] for _, f in entries] == [OFFICER[0]]
    assert page.evaluate("window.__csp") == [] and console == [] and page.js_errors == []

    page.click("#sign-out")
    page.wait_for_url("**/login", timeout=10_000)
    page.goto(secure_server.url + "/")
    assert "/login?next=" in page.url


def test_a_viewer_is_refused_the_accept(page, secure_server, writer, redis_settings):
    scene(writer)
    sign_in(page, secure_server.url, *VIEWER)
    assert page.locator("#signed-in-user").inner_text() == f"{VIEWER[0]} (viewer)"
    accept_top(page)
    page.locator("#accept-toast", has_text="Sign in as a duty officer to accept").wait_for(timeout=10_000)
    assert redis_settings.client().xrange(redis_settings.keys.assignments) == []


def test_a_signed_in_screen_carries_on_while_redis_hangs(page, secure_server, writer):
    """Each request checks its session in Redis: a Redis that hangs must not hold every one of them
    (the page asks every second without an event stream, and each answer replaces the last)."""
    scene(writer)
    page.route("**/push/**", lambda route: route.abort())
    sign_in(page, secure_server.url, *OFFICER)
    page.locator(".incident-row", has_text="INC-A").wait_for(timeout=15_000)
    writer.client.execute_command("CLIENT", "PAUSE", 25_000, "ALL")
    try:
        page.reload()
        page.locator(".incident-row", has_text="INC-A").wait_for(timeout=15_000)
        eventually(lambda: page.inner_text("#feed-state") == "LOST", timeout=15)
        assert "/login" not in page.url      # the session checked a moment ago still holds
    finally:
        eventually(lambda: answers(writer.client), timeout=40)
