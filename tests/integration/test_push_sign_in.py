"""An open live stream (/push/units) follows sign-in while it runs: sign-out, a removed user or
the absolute session limit end it within a heartbeat, and every stream ends after
MAX_STREAM_S so the browser reconnects through the sign-in check. A real threaded server,
sign-in on, read as a browser's EventSource reads it."""
from __future__ import annotations

import http.client
import queue
import threading
import time

import pytest
from werkzeug.serving import make_server

from dashboard.auth import UserStore
from tests.helpers import eventually
from tests.integration.test_auth import (OFFICER, SAME_ORIGIN, MovableClock, client, make_app, sign_in,  # noqa: F401
                                         users_file)
from tests.integration.test_push_streams import Stream

HEARTBEAT_S = 0.3     # the test's heartbeat, so the session is asked again this often


@pytest.fixture
def clock():
    return MovableClock()


@pytest.fixture
def auth_app(redis_settings, tmp_path, users_file, clock, request):
    """Sign-in on, sessions on `clock`, streams beating every HEARTBEAT_S; a test may give more of
    create_app's arguments (indirect parametrisation)."""
    app = make_app(redis_settings, tmp_path, users_file, clock=clock, heartbeat_s=HEARTBEAT_S,
                   **getattr(request, "param", {}))
    yield app
    app.runtime.reader.stop()


@pytest.fixture
def served(auth_app):
    httpd = make_server("127.0.0.1", 0, auth_app.server, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_port
    httpd.shutdown()


class SignedInStream(Stream):
    """Stream with the browser's session cookie, noting when the server ends it."""

    def __init__(self, port: int, cookie: str):
        self.events, self.ended = queue.Queue(), threading.Event()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.request("GET", "/push/units", headers={"Cookie": f"jru_session={cookie}"})
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        threading.Thread(target=self._read_then_note_end, daemon=True).start()

    def _read_then_note_end(self):
        self._read()
        self.ended.set()

    def seen(self) -> str:
        """Every event's data received so far."""
        out = []
        while not self.events.empty():
            out.append(self.events.get()[1] or "")
        return "".join(out)


def unit(writer, app, name: str, lat: float = 51.38):
    writer.unit_report({"unit": name, "ts": time.time(), "lat": lat, "lon": 0.52})
    eventually(lambda: name in app.runtime.picture.units)


def officer_stream(client, served, writer, auth_app) -> tuple[SignedInStream, str]:
    """An officer's open stream, and their session cookie."""
    sign_in(client, *OFFICER)
    unit(writer, auth_app, "BEFORE")
    cookie = client.get_cookie("jru_session").value
    stream = SignedInStream(served, cookie)
    assert '"BEFORE"' in stream.next("snapshot")
    return stream, cookie


def end_by_sign_out(client, users_file, clock):
    assert client.post("/logout", headers=SAME_ORIGIN).status_code == 302


def end_by_removing_the_user(client, users_file, clock):
    UserStore(users_file).remove(OFFICER[0])


def end_by_the_absolute_limit(client, users_file, clock):
    clock.t = time.time() + 25 * 3600          # past JRU_SESSION_MAX_HOURS (24), however busy


@pytest.mark.parametrize("end", [end_by_sign_out, end_by_removing_the_user, end_by_the_absolute_limit])
def test_an_open_stream_stops_when_the_session_ends(client, auth_app, served, writer, users_file, clock, end):
    stream, cookie = officer_stream(client, served, writer, auth_app)
    unit(writer, auth_app, "WHILE", lat=51.39)
    eventually(lambda: '"WHILE"' in stream.next("delta", timeout=1))   # live while signed in
    end(client, users_file, clock)
    assert stream.ended.wait(10 * HEARTBEAT_S + 5), "the stream outlived the session"
    stream.seen()
    unit(writer, auth_app, "AFTER", lat=51.40)
    time.sleep(4 * HEARTBEAT_S)                       # long enough for the broadcaster to have sent it
    assert '"AFTER"' not in stream.seen()
    stream.close()
    # the browser's reconnect is refused: it shows nothing more until signed in again
    again = auth_app.server.test_client()
    again.set_cookie("jru_session", cookie)
    assert again.get("/push/units").status_code == 401


def test_a_stream_of_a_session_still_valid_keeps_going(client, auth_app, served, writer):
    stream, _ = officer_stream(client, served, writer, auth_app)
    time.sleep(10 * HEARTBEAT_S)                      # many session checks
    unit(writer, auth_app, "LATER", lat=51.39)
    eventually(lambda: '"LATER"' in stream.next("delta", timeout=1))
    assert not stream.ended.is_set()
    stream.close()


@pytest.mark.parametrize("auth_app", [{"max_stream_s": 1.5}], indirect=True)
def test_every_stream_ends_after_its_lifetime_and_the_browser_reconnects(client, auth_app, served, writer):
    stream, cookie = officer_stream(client, served, writer, auth_app)
    started = time.monotonic()
    assert stream.ended.wait(10), "a stream with no end"
    assert time.monotonic() - started < 4
    stream.close()
    # `retry:` tells the EventSource when to reconnect; that request passes the sign-in check again
    again = SignedInStream(served, cookie)
    assert '"BEFORE"' in again.next("snapshot")
    again.close()
