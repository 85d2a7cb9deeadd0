"""Issue 13.7's web holes: live streams per session and address, `next=` tricks,
short wall tokens and secret keys, HSTS."""
from __future__ import annotations

import pytest

from dashboard.web.limits import STREAMS_PER_SESSION, WeakSecret
from tests.integration.test_auth import (OFFICER, SAME_ORIGIN, WALL_TOKEN, auth_app, client, make_app,  # noqa: F401
                                         sign_in, users_file)


def test_one_wall_cookie_cannot_take_every_server_thread(client, auth_app):
    assert client.get(f"/wall?token={WALL_TOKEN}").status_code == 302
    streams = [client.get("/push/units", buffered=False) for _ in range(STREAMS_PER_SESSION)]
    assert all(s.status_code == 200 for s in streams)
    refused = client.get("/push/units")
    assert refused.status_code == 429 and refused.is_json
    streams.pop().close()                               # a screen closes: its place is free again
    again = client.get("/push/units", buffered=False)
    assert again.status_code == 200
    for s in reversed(streams + [again]):      # last opened, first closed (the test client's contexts nest)
        s.close()
    snapshot = client.get("/push/units/snapshot")       # the refused screen polls the snapshot instead
    assert snapshot.status_code == 200 and snapshot.is_json
    assert auth_app.server.test_client().get("/push/units/snapshot").status_code == 401   # not signed in
    other = auth_app.server.test_client()               # another screen (its own session) is not affected
    sign_in(other, *OFFICER)
    s = other.get("/push/units", buffered=False)
    assert s.status_code == 200
    s.close()


@pytest.mark.parametrize("target", ["/%09/evil.example", "/%0A/evil.example", "/%0d%0aSet-Cookie:x=1",
                                    "//evil.example", "/\\evil.example", "https://evil.example/"])
def test_next_never_leaves_the_site_or_breaks_the_redirect(client, target):
    from urllib.parse import unquote
    r = client.post("/login?next=" + target, data={"username": OFFICER[0], "password": OFFICER[1]},
                    headers=SAME_ORIGIN)
    assert r.status_code == 302 and r.headers["Location"] == "/", target
    form = client.post("/login", data={"username": OFFICER[0], "password": OFFICER[1], "next": unquote(target)},
                       headers=SAME_ORIGIN)
    assert form.status_code == 302 and form.headers["Location"] == "/", target


def test_next_keeps_a_plain_path(client):
    r = client.post("/login", data={"username": OFFICER[0], "password": OFFICER[1], "next": "/stats?period=30d"},
                    headers=SAME_ORIGIN)
    assert r.headers["Location"] == "/stats?period=30d"


@pytest.mark.parametrize("weak", [dict(wall_token="wall-12345"), dict(secret_key="s3cret")])
def test_a_short_wall_token_or_secret_key_refuses_to_start(redis_settings, tmp_path, users_file, weak):
    with pytest.raises(WeakSecret):
        make_app(redis_settings, tmp_path, users_file, **weak)


def test_hsts_only_when_configured(redis_settings, tmp_path, users_file, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app = make_app(redis_settings, tmp_path, users_file, hsts_seconds=31_536_000)
    try:
        assert app.server.test_client().get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"
    finally:
        app.runtime.reader.stop()


def test_fresh_wall_sessions_from_one_address_are_capped_too(auth_app):
    from dashboard.web.limits import STREAMS_PER_ADDRESS
    opened = []
    for _ in range(STREAMS_PER_ADDRESS):        # a new session per stream: the per-session cap alone would not hold
        c = auth_app.server.test_client()
        c.get(f"/wall?token={WALL_TOKEN}")
        opened.append(c.get("/push/units", buffered=False))
    assert all(s.status_code == 200 for s in opened)
    c = auth_app.server.test_client()
    c.get(f"/wall?token={WALL_TOKEN}")
    assert c.get("/push/units").status_code == 429
    for s in reversed(opened):
        s.close()


def test_the_new_settings_follow_the_environment_and_flags():
    from dashboard.settings import from_env, parse_args
    s = from_env({"JRU_TRUSTED_PROXIES": "2", "JRU_HSTS_SECONDS": "600", "JRU_SESSION_MAX_HOURS": "10"})
    assert (s.trusted_proxies, s.hsts_seconds, s.session_max_hours) == (2, 600, 10)
    a = parse_args(["--trusted-proxies", "1", "--hsts-seconds", "60", "--session-max-hours", "4"], env={})
    assert (a.trusted_proxies, a.hsts_seconds, a.session_max_hours) == (1, 60, 4)
    assert from_env({}).trusted_proxies == 0 and from_env({}).hsts_seconds == 0
