"""Sign-in on the Flask server under Dash: /login, /logout, wall tokens, and
one `before_request` hook that decides who may see what.

A session is Flask's signed cookie (HttpOnly, SameSite=Strict, Secure behind
https). It holds the user's name and role, a fingerprint of their password
hash (a new password ends old sessions) and when it was last used: the
server refuses it after JRU_SESSION_HOURS without a request (sliding expiry),
whatever the browser does with the cookie's own expiry.
"""
from __future__ import annotations

import hmac
import logging
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import timedelta
from hashlib import sha256
from pathlib import Path
from urllib.parse import urlencode

from flask import (Flask, current_app, g, has_request_context, jsonify, redirect, render_template_string, request,
                   session)

from dashboard.auth.users import UserStore
from dashboard.settings import Settings

log = logging.getLogger(__name__)

DEMO_NAME = "demo (sign-in off)"
VIEWER = "viewer"
WALL_PATHS = ("/wall",)
# Open without a session: the sign-in page and what it loads, and the load balancer's probe.
OPEN_PATHS = ("/login", "/logout", "/healthz", "/_favicon.ico", "/favicon.ico")
OPEN_PREFIXES = ("/assets/",)
# What a wall display may load besides its page: Dash's own machinery. Accepting
# goes through /_dash-update-component too, so the accept path checks the role itself.
WALL_PREFIXES = ("/_dash-", "/_reload-hash", "/push/")
FAILURES_ALLOWED = 10          # per client address within FAILURE_WINDOW_S
FAILURE_WINDOW_S = 300


def _now() -> float:
    return time.time()   # a function, so tests can move the clock


@dataclass(frozen=True)
class Identity:
    name: str
    role: str            # "officer" or "viewer"
    wall: bool = False

    @property
    def can_accept(self) -> bool:
        return self.role == "officer" and not self.wall


def load_secret_key(settings: Settings) -> str:
    """JRU_SECRET_KEY, or one generated once into the secret key file (0600).
    Every worker process must sign with the same key, hence a file, not a random key per process."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.secret_key_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(100):        # another worker may be writing it right now
            key = path.read_text(encoding="ascii").strip()
            if key:
                break
            time.sleep(0.02)
        else:
            raise RuntimeError(f"secret key file {path} is empty")
        if path.stat().st_mode & 0o077:
            log.warning("secret key file %s is readable by others: chmod 600 it", path)
        return key
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32) + "\n")
    log.info("generated a session secret key into %s", path)
    return path.read_text(encoding="ascii").strip()


def _token_fingerprint(token: str) -> str:
    return sha256(token.encode()).hexdigest()[:16]


def safe_next(target: str | None) -> str:
    """Only a path on this site (no //host, no scheme): no open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


class Auth:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.enabled = bool(settings.auth)
        self.users = UserStore(settings.users)
        self.lifetime_s = max(1.0, settings.session_hours * 3600.0)
        self._failures: dict[str, deque] = defaultdict(deque)
        self._failures_lock = threading.Lock()

    # -- who is asking --------------------------------------------------------
    def identity(self) -> Identity | None:
        """The signed-in person or wall display for this request, or None.
        Checks expiry, that the user still exists with the same password and role."""
        if "jru" in g:
            return g.jru
        ident = None
        data = session.get("jru")
        if isinstance(data, dict):
            seen = float(data.get("seen", 0))
            now = _now()
            if now - seen > self.lifetime_s:
                session.pop("jru", None)
            elif data.get("wall"):
                token = self.settings.wall_token
                if token and hmac.compare_digest(data.get("fp", ""), _token_fingerprint(token)):
                    ident = Identity("wall", VIEWER, wall=True)
            else:
                user = self.users.get(data.get("u", ""))
                if user and hmac.compare_digest(data.get("fp", ""), user.fingerprint):
                    ident = Identity(user.name, user.role)
            if ident is None:
                session.pop("jru", None)
            elif now - seen > min(60.0, self.lifetime_s / 10):
                data["seen"] = now          # sliding expiry; rewritten at most once a minute
                session["jru"] = data
                session.permanent = True
        g.jru = ident
        return ident

    def sign_in(self, ident: Identity, fingerprint: str) -> None:
        session.clear()                     # a fresh session: no fixation
        session.permanent = True
        session["jru"] = {"u": ident.name, "r": ident.role, "wall": ident.wall, "fp": fingerprint, "seen": _now()}
        g.jru = ident

    # -- failed sign-ins ---------------------------------------------------------
    def _throttled(self, addr: str) -> bool:
        with self._failures_lock:
            q = self._failures[addr]
            while q and q[0] < _now() - FAILURE_WINDOW_S:
                q.popleft()
            return len(q) >= FAILURES_ALLOWED

    def _failed(self, addr: str) -> None:
        with self._failures_lock:
            self._failures[addr].append(_now())

    # -- the gate ----------------------------------------------------------------------
    def gate(self):
        """before_request: None lets the request through, anything else answers it."""
        if not self.enabled:
            return None
        path = request.path
        if path in WALL_PATHS and "token" in request.args:
            return self._wall_sign_in(request.args.get("token", ""))
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return None
        ident = self.identity()
        if ident is None:
            return self._refuse(401, "sign in first")
        if ident.wall and not (path in WALL_PATHS or path.startswith(WALL_PREFIXES)):
            return self._refuse(403, "a wall display shows the wall only")
        return None

    def _refuse(self, status: int, message: str):
        page = request.method == "GET" and not request.path.startswith(("/api/", "/push/", "/_dash-", "/_reload-hash"))
        if page:
            return redirect("/login?" + urlencode({"next": request.full_path.rstrip("?")}))
        return jsonify({"error": message}), status

    def _wall_sign_in(self, token: str):
        expected = self.settings.wall_token
        if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            log.warning("wall token refused from %s", request.remote_addr)
            return "Wall token not valid.", 403, {"Content-Type": "text/plain; charset=utf-8"}
        self.sign_in(Identity("wall", VIEWER, wall=True), _token_fingerprint(expected))
        log.info("wall display signed in from %s", request.remote_addr)
        return redirect("/wall")            # the token leaves the address bar (and the history)

    # -- pages -------------------------------------------------------------------
    def login(self):
        nxt = safe_next(request.values.get("next"))
        if not self.enabled:
            return redirect(nxt)
        if request.method == "GET":
            return self._login_page(nxt)
        addr = request.remote_addr or "?"
        name = (request.form.get("username") or "").strip()
        if self._throttled(addr):
            log.warning("sign-in throttled for %s", addr)
            return self._login_page(nxt, name, "Too many failed sign-ins: wait a few minutes.", 429)
        user = self.users.check(name, request.form.get("password") or "")
        if user is None:
            self._failed(addr)
            log.warning("failed sign-in for %r from %s", name[:64], addr)
            return self._login_page(nxt, name, "Wrong name or password.", 401)
        self.sign_in(Identity(user.name, user.role), user.fingerprint)
        log.info("%s signed in (%s) from %s", user.name, user.role, addr)
        return redirect(nxt)

    def logout(self):
        ident = self.identity() if self.enabled else None
        session.clear()
        g.jru = None
        if ident:
            log.info("%s signed out", ident.name)
        return redirect("/login" if self.enabled else "/")

    def _login_page(self, nxt: str, name: str = "", error: str | None = None, status: int = 200):
        return render_template_string(LOGIN_PAGE, next=nxt, name=name, error=error), status


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · North Kent JRU</title>
<link rel="stylesheet" href="/assets/vendor/00-bootstrap.min.css">
<link rel="stylesheet" href="/assets/vendor/01-bootstrap-icons.min.css">
</head><body class="bg-body-tertiary">
<main class="container" style="max-width: 26rem; margin-top: 12vh">
  <h1 class="h4 mb-3"><i class="bi bi-shield-plus me-2"></i>North Kent Joint Response</h1>
  <div class="card shadow-sm"><div class="card-body">
    <h2 class="h5 card-title mb-3">Sign in</h2>
    {% if error %}<div class="alert alert-danger py-2" role="alert" id="login-error">{{ error }}</div>{% endif %}
    <form method="post" action="/login" autocomplete="on">
      <input type="hidden" name="next" value="{{ next }}">
      <div class="mb-3"><label class="form-label" for="username">Name</label>
        <input class="form-control" id="username" name="username" value="{{ name }}" autocomplete="username"
               required autofocus></div>
      <div class="mb-3"><label class="form-label" for="password">Password</label>
        <input class="form-control" id="password" name="password" type="password"
               autocomplete="current-password" required></div>
      <button class="btn btn-primary w-100" type="submit" id="sign-in">Sign in</button>
    </form>
  </div></div>
  <p class="small text-body-secondary mt-3">Duty officers can accept suggestions; viewers see the picture only.
  Accounts are added on the server with <code>python -m dashboard.auth add-user</code>.</p>
</main></body></html>"""


def install_auth(server: Flask, settings: Settings) -> Auth:
    """Routes, cookie settings and the gate. With auth off, the routes exist but
    let everyone through and current_user() names the demo operator."""
    auth = Auth(settings)
    server.extensions["jru_auth"] = auth
    server.secret_key = load_secret_key(settings) if auth.enabled else secrets.token_hex(32)
    server.config.update(
        SESSION_COOKIE_NAME="jru_session", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=bool(settings.secure_cookies),
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=auth.lifetime_s),
        SESSION_REFRESH_EACH_REQUEST=False)     # rewritten when `seen` moves, not on every request
    server.before_request(auth.gate)
    server.add_url_rule("/login", "jru_login", auth.login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "jru_logout", auth.logout, methods=["GET", "POST"])
    if auth.enabled:
        n = len(auth.users.list())
        log.info("sign-in required: %d user(s) in %s%s", n, auth.users.path,
                 "" if settings.wall_token else "; no JRU_WALL_TOKEN, so wall displays need a user")
        if n == 0:
            log.warning("no users in %s: add one with `python -m dashboard.auth add-user NAME --role officer`",
                        auth.users.path)
    return auth


def _auth() -> Auth | None:
    if not has_request_context():
        return None
    return current_app.extensions.get("jru_auth")


def signed_in() -> Identity | None:
    """Who this request is from (None: nobody, or outside a request, or auth off)."""
    auth = _auth()
    if auth is None or not auth.enabled:
        return None
    return auth.identity()


def auth_enabled() -> bool:
    auth = _auth()
    return bool(auth and auth.enabled)


def current_user() -> str | None:
    """For the accept path: the signed-in officer's name; "viewer" for a
    read-only session (viewer role or wall display); None when nobody is signed
    in (or outside a request, or when sign-in was never installed: fail closed).
    With sign-in off (the demo) it is "demo (sign-in off)", so assignments
    still record who made them."""
    auth = _auth()
    if auth is None:
        return None
    if not auth.enabled:
        return DEMO_NAME
    ident = auth.identity()
    if ident is None:
        return None
    return ident.name if ident.can_accept else VIEWER
