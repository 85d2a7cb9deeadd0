"""Issue 13.3 (and 13.7's wall-token guesses): sign-in throttling.

Before: 60 parallel wrong passwords were all hashed (the count was taken after
hashing), the count was per worker and per address only, and a correct
password got 429 for everyone behind the same proxy."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from dashboard.auth.throttle import PAIR_LIMIT, WALL_LIMIT
from tests.integration.test_auth import (OFFICER, SAME_ORIGIN, VIEWER, WALL_TOKEN, auth_app, client,  # noqa: F401
                                         make_app, users_file)


def attempt(client, name, password, addr="127.0.0.1"):
    return client.post("/login", data={"username": name, "password": password, "next": "/"},
                       headers={**SAME_ORIGIN, "X-Forwarded-For": addr}).status_code


def test_parallel_wrong_passwords_are_counted_before_hashing(auth_app):
    clients = [auth_app.server.test_client() for _ in range(60)]
    with ThreadPoolExecutor(60) as pool:
        codes = list(pool.map(lambda c: attempt(c, OFFICER[0], "wrong guess 123"), clients))
    assert codes.count(401) == PAIR_LIMIT and codes.count(429) == 60 - PAIR_LIMIT, sorted(codes)


def test_the_count_is_shared_by_every_worker(redis_settings, tmp_path, users_file):
    first, second = (make_app(redis_settings, tmp_path, users_file) for _ in range(2))
    try:
        a, b = first.server.test_client(), second.server.test_client()
        for _ in range(PAIR_LIMIT // 2):
            assert attempt(a, OFFICER[0], "wrong guess 123") == 401
            assert attempt(b, OFFICER[0], "wrong guess 123") == 401
        assert attempt(a, OFFICER[0], "wrong guess 123") == 429
        assert attempt(b, OFFICER[0], "wrong guess 123") == 429
    finally:
        first.runtime.reader.stop()
        second.runtime.reader.stop()


def test_behind_a_proxy_a_flood_does_not_lock_out_other_officers(redis_settings, tmp_path, users_file):
    app = make_app(redis_settings, tmp_path, users_file, trusted_proxies=1)
    try:
        c = app.server.test_client()
        for _ in range(PAIR_LIMIT):
            assert attempt(c, OFFICER[0], "wrong guess 123", addr="10.0.0.66") == 401
        assert attempt(c, OFFICER[0], "wrong guess 123", addr="10.0.0.66") == 429
        assert attempt(c, *OFFICER, addr="10.0.0.66") == 429        # this user from that machine waits
        assert attempt(c, *OFFICER, addr="10.0.0.7") == 302         # from their own machine: signed in
        assert attempt(app.server.test_client(), *VIEWER, addr="10.0.0.66") == 302   # other users too
    finally:
        app.runtime.reader.stop()


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client):
    for i in range(PAIR_LIMIT):       # an attacker cannot dodge the count by inventing addresses
        assert attempt(client, OFFICER[0], "wrong guess 123", addr=f"10.9.9.{i}") == 401
    assert attempt(client, OFFICER[0], "wrong guess 123", addr="10.9.9.200") == 429


def test_a_correct_password_gives_its_attempt_back(client):
    for _ in range(PAIR_LIMIT - 1):
        assert attempt(client, OFFICER[0], "wrong guess 123") == 401
    for _ in range(3):                 # signing in correctly, again and again, never adds up to a lockout
        assert attempt(client, *OFFICER) == 302
    assert attempt(client, OFFICER[0], "wrong guess 123") == 401


def test_wall_token_guesses_are_throttled(client):
    for i in range(WALL_LIMIT):
        assert client.get(f"/wall?token=guess-number-{i:04d}").status_code == 403
    assert client.get(f"/wall?token={WALL_TOKEN}").status_code == 429
