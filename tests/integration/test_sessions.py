"""Issue 13.5: sessions can be revoked. A copied cookie used to keep working after
sign-out, and sliding expiry kept a stolen one alive for ever. Sessions now live
in Redis: sign-out (POST) ends them in every worker, and an absolute lifetime
ends even a busy one."""
from __future__ import annotations

import base64
import json
import time

from tests.integration.test_auth import (OFFICER, SAME_ORIGIN, MovableClock, auth_app, client, make_app,  # noqa: F401
                                         sign_in, users_file)


def copy_cookie(src, dst):
    dst.set_cookie("jru_session", src.get_cookie("jru_session").value, domain="localhost")


def test_a_copied_cookie_stops_working_at_sign_out(client, auth_app):
    sign_in(client, *OFFICER)
    thief = auth_app.server.test_client()
    copy_cookie(client, thief)
    assert thief.get("/api/units").status_code == 200
    assert client.post("/logout", headers=SAME_ORIGIN).status_code == 302
    assert thief.get("/api/units").status_code == 401
    assert client.get("/api/units").status_code == 401


def test_sign_out_in_one_worker_ends_the_session_in_another(redis_settings, tmp_path, users_file):
    first, second = (make_app(redis_settings, tmp_path, users_file) for _ in range(2))
    try:
        a, b = first.server.test_client(), second.server.test_client()
        sign_in(a, *OFFICER)
        copy_cookie(a, b)
        assert b.get("/api/units").status_code == 200         # the same session, served by the other worker
        a.post("/logout", headers=SAME_ORIGIN)
        assert b.get("/api/units").status_code == 401
    finally:
        first.runtime.reader.stop()
        second.runtime.reader.stop()


def test_an_absolute_lifetime_ends_even_a_busy_session(redis_settings, tmp_path, users_file):
    clock = MovableClock()
    app = make_app(redis_settings, tmp_path, users_file, session_hours=2, session_max_hours=8, clock=clock)
    try:
        c = app.server.test_client()
        start = clock.t = time.time()
        sign_in(c, *OFFICER)
        for hour in range(1, 8):                 # used every hour: the idle limit never bites
            clock.t = start + hour * 3600
            assert c.get("/api/units").status_code == 200, hour
        clock.t = start + 8 * 3600 + 60
        assert c.get("/api/units").status_code == 401
    finally:
        app.runtime.reader.stop()


def test_the_cookie_holds_only_a_random_id_and_redis_only_its_hash(client, redis_client, redis_settings):
    sign_in(client, *OFFICER)
    payload = client.get_cookie("jru_session").value.split(".")[0]
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(data) - {"_permanent"} == {"sid"} and OFFICER[0] not in json.dumps(data)
    keys = redis_client.keys(redis_settings.keys.session("*"))
    assert len(keys) == 1 and data["sid"] not in keys[0]
    stored = redis_client.hgetall(keys[0])
    assert stored["u"] == OFFICER[0] and stored["r"] == "officer"
    assert 0 < redis_client.ttl(keys[0]) <= 12 * 3600          # Redis forgets it by itself


def test_while_redis_is_away_open_screens_keep_their_session_and_new_sign_ins_wait(tmp_path, users_file):
    from dashboard.feed.server import EmbeddedRedis
    from dashboard.feed.settings import RedisSettings
    server = EmbeddedRedis(tmp_path / "own-redis")
    url = server.start()
    app = make_app(RedisSettings.from_url(url, "grace:"), tmp_path, users_file)
    try:
        screen = app.server.test_client()
        sign_in(screen, *OFFICER)
        assert screen.get("/api/units").status_code == 200
        server.stop()                                         # a failover, or Redis restarting
        assert screen.get("/api/units").status_code == 200     # checked moments ago: still signed in
        r = sign_in(app.server.test_client(), *OFFICER)
        assert r.status_code == 503 and b"unavailable" in r.data
        stranger = app.server.test_client()
        stranger.set_cookie("jru_session", "forged", domain="localhost")
        assert stranger.get("/api/units").status_code in (401, 503)
    finally:
        app.runtime.reader.stop()
        server.stop()


def test_after_a_failed_check_redis_is_left_alone_for_a_moment(tmp_path, users_file):
    """A Redis that hangs holds each request for its 5 s timeout, so after one failed check the
    sessions are served from the grace copy for AWAY_S without asking it. The price, shown here: a
    sign-out in another worker just then takes effect AWAY_S later."""
    from dashboard.auth.sessions import AWAY_S
    from dashboard.feed.server import EmbeddedRedis
    from dashboard.feed.settings import RedisSettings
    server = EmbeddedRedis(tmp_path / "own-redis")
    settings = RedisSettings.from_url(server.start(), "away:")
    first, second = (make_app(settings, tmp_path, users_file) for _ in range(2))
    try:
        screen, other = first.server.test_client(), second.server.test_client()
        sign_in(screen, *OFFICER)
        copy_cookie(screen, other)
        assert screen.get("/api/units").status_code == 200
        server.stop()
        assert screen.get("/api/units").status_code == 200     # grace; Redis now left alone for a moment
        server.restart()
        other.post("/logout", headers=SAME_ORIGIN)               # ends the session in Redis
        assert screen.get("/api/units").status_code == 200     # not asked yet
        time.sleep(AWAY_S + 0.5)
        assert screen.get("/api/units").status_code == 401     # asked again: signed out
    finally:
        first.runtime.reader.stop()
        second.runtime.reader.stop()
        server.stop()
