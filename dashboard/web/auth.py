"""Sign-in on the Flask server under Dash: /login, /logout, wall tokens, and
one `before_request` hook that decides who may see what.

The cookie (Flask's signed cookie: HttpOnly, SameSite=Strict, Secure behind
https) holds only a random session id; the session itself is in Redis
(dashboard/auth/sessions.py, issue 13.5): the user's name and role, a
fingerprint of their password hash (a new password ends old sessions), when it
started and when it was last used. The server refuses it after
JRU_SESSION_HOURS without a request (sliding) or JRU_SESSION_MAX_HOURS after
sign-in (absolute), and sign-out (POST) deletes it, whatever the browser does
with the cookie.
"""
from __future__ import annotations

import hmac
import logging
import re
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from hashlib import sha256
from urllib.parse import urlencode

from flask import Flask, g, jsonify, redirect, render_template_string, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.auth.api_keys import ApiKeys, bearer_key, program_request
from dashboard.web.limits import require_strong_secrets
from dashboard.web.login_page import LOGIN_PAGE
from dashboard.web.secret_key import load_secret_key
from dashboard.auth.sessions import ServerSessions, SessionsUnavailable
from dashboard.auth.throttle import Busy, Throttle
from dashboard.auth.users import UserStore
from dashboard.auth.who import EXTENSION, VIEWER, Identity
from dashboard.settings import Settings

log = logging.getLogger(__name__)

WALL_PATHS = ("/wall",)
# Open without a session: the sign-in page and what it loads, and the load balancer's probe.
OPEN_PATHS = ("/login", "/logout", "/healthz", "/_favicon.ico", "/favicon.ico")
OPEN_PREFIXES = ("/assets/",)
# What a wall display may load besides its page: Dash's own machinery. Accepting
# goes through /_dash-update-component too, so the accept path checks the role itself.
WALL_PREFIXES = ("/_dash-", "/_reload-hash", "/push/")
PROGRAM_PATHS = ("/api/", "/healthz")     # what an API key opens (issue 13.9)


def _token_fingerprint(token: str) -> str:
    return sha256(token.encode()).hexdigest()[:16]


_SAFE_NEXT = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*")


def safe_next(target: str | None) -> str:
    """Only a plain path on this site: no //host, no scheme, and no tab, newline or
    other character a browser drops or a header refuses (`/%09/evil.example` went
    off-site, a newline gave a 500: issue 13.7)."""
    if not target or len(target) > 2000 or not _SAFE_NEXT.fullmatch(target):
        return "/"
    return target


class Auth:
    def __init__(self, settings: Settings, redis_settings=None, clock: Callable[[], float] = time.time):
        """`clock`: the sessions' wall clock (a test's own moves it hours on)."""
        self.settings = settings
        self.enabled = bool(settings.auth)
        self.users = UserStore(settings.users)
        self.lifetime_s = max(1.0, settings.session_hours * 3600.0)
        self.absolute_s = max(self.lifetime_s, settings.session_max_hours * 3600.0)
        if self.enabled and redis_settings is None:
            raise ValueError("sign-in needs Redis for its sessions")
        self.sessions = ServerSessions(redis_settings, self.lifetime_s, self.absolute_s,
                                       clock=clock) if redis_settings else None
        self.api_keys = ApiKeys(redis_settings) if redis_settings else None
        self.throttle = Throttle(redis_settings) if redis_settings else None

    # -- who is asking --------------------------------------------------------
    def identity(self) -> Identity | None:
        """The signed-in person or wall display for this request, or None.
        Checks expiry, that the user still exists with the same password and role."""
        if "jru" in g:
            return g.jru
        ident, sid = None, session.get("sid")
        try:
            data = self.sessions.check(sid) if isinstance(sid, str) and self.sessions else None
        except SessionsUnavailable:
            g.jru_unavailable = True        # the gate answers 503, not "sign in"
            data = None
        if data is not None:
            if data.get("wall") == "1":
                token = self.settings.wall_token
                if token and hmac.compare_digest(data.get("fp", ""), _token_fingerprint(token)):
                    ident = Identity("wall", VIEWER, wall=True)
            else:
                user = self.users.get(data.get("u", ""))
                if user and hmac.compare_digest(data.get("fp", ""), user.fingerprint):
                    ident = Identity(user.name, user.role)
            if ident is None:               # user removed, password or wall token changed
                self.sessions.end(sid)
        if ident is None and not g.get("jru_unavailable"):
            session.pop("sid", None)
        g.jru = ident
        return ident

    def sign_in(self, ident: Identity, fingerprint: str) -> None:
        """Raises SessionsUnavailable when Redis is away."""
        old = session.get("sid")
        if isinstance(old, str):
            self.sessions.end(old)
        session.clear()                     # a fresh session: no fixation
        session.permanent = True
        session["sid"] = self.sessions.start({"u": ident.name, "r": ident.role, "wall": int(ident.wall),
                                              "fp": fingerprint})
        g.jru = ident

    # -- the gate ----------------------------------------------------------------------
    def gate(self):
        """before_request: None lets the request through, anything else answers it."""
        if not self.enabled:
            return None
        path = request.path
        if path in WALL_PATHS and "token" in request.args:
            return self._wall_sign_in(request.args.get("token", ""))
        key = bearer_key(request.headers.get("Authorization")) if path.startswith(PROGRAM_PATHS) else None
        if key is not None and self.api_keys:          # a program with an API key (issue 13.9)
            name, refusal = program_request(self.api_keys, key)
            if refusal is None:
                g.jru = Identity(f"key:{name}", VIEWER, program=True)
            if refusal is None or path not in OPEN_PATHS:   # /healthz stays open, whatever key is sent
                return refusal
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return None
        ident = self.identity()
        if ident is None and g.get("jru_unavailable"):
            return jsonify({"error": "sessions unavailable (Redis unreachable): try again shortly"}), 503
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
        expected, addr, plain = self.settings.wall_token, request.remote_addr or "?", {
            "Content-Type": "text/plain; charset=utf-8"}
        try:
            allowed = self.throttle.wall_guess_allowed(addr)   # issue 13.7: guesses throttled
        except Busy:
            return "Wall sign-in is unavailable for a moment: try again.", 503, plain
        if not allowed:
            log.warning("wall token guesses throttled for %s", addr)
            return "Too many wrong wall tokens: wait a few minutes.", 429, plain
        if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            log.warning("wall token refused from %s", addr)
            return "Wall token not valid.", 403, plain
        self.throttle.wall_signed_in(addr)
        try:
            self.sign_in(Identity("wall", VIEWER, wall=True), _token_fingerprint(expected))
        except SessionsUnavailable:
            return "Sign-in is unavailable for a moment (Redis): try again.", 503, {"Retry-After": "5"}
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
        try:   # counted in Redis before the hash, by user and address (issue 13.3)
            if not self.throttle.sign_in_allowed(name, addr):
                log.warning("sign-in throttled for %r from %s", name[:64], addr)
                return self._login_page(nxt, name, "Too many failed sign-ins: wait a few minutes.", 429)
            with self.throttle.hash_slot():
                user = self.users.check(name, request.form.get("password") or "")
        except Busy:
            return self._login_page(nxt, name, "Sign-in is unavailable for a moment (busy, or Redis): try again.", 503)
        if user is None:
            log.warning("failed sign-in for %r from %s", name[:64], addr)
            return self._login_page(nxt, name, "Wrong name or password.", 401)
        self.throttle.signed_in(name, addr)
        try:
            self.sign_in(Identity(user.name, user.role), user.fingerprint)
        except SessionsUnavailable:
            return self._login_page(nxt, name, "Sign-in is unavailable for a moment (Redis): try again.", 503)
        log.info("%s signed in (%s) from %s", user.name, user.role, addr)
        return redirect(nxt)

    def logout(self):
        """POST only (issue 13.5): ends the session in Redis, so a copy of the cookie stops working too."""
        ident = self.identity() if self.enabled else None
        if self.enabled and isinstance(session.get("sid"), str):
            self.sessions.end(session["sid"])
        session.clear()
        g.jru = None
        if ident:
            log.info("%s signed out", ident.name)
        return redirect("/login" if self.enabled else "/")

    def _login_page(self, nxt: str, name: str = "", error: str | None = None, status: int = 200):
        return render_template_string(LOGIN_PAGE, next=nxt, name=name, error=error), status


def install_auth(server: Flask, settings: Settings, redis_settings=None,
                 clock: Callable[[], float] = time.time) -> Auth:
    """Routes, cookie settings and the gate. With auth off, the routes exist but
    let everyone through and current_user() names the demo operator.
    `redis_settings` (a RedisSettings): where sessions live; needed when sign-in is on.
    `clock`: the sessions' wall clock (Auth)."""
    if settings.auth:
        require_strong_secrets(settings.wall_token, settings.secret_key)   # issue 13.7
    auth = Auth(settings, redis_settings, clock)
    server.extensions[EXTENSION] = auth
    server.secret_key = load_secret_key(settings) if auth.enabled else secrets.token_hex(32)
    server.config.update(
        SESSION_COOKIE_NAME="jru_session", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=bool(settings.secure_cookies),
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=auth.absolute_s),
        SESSION_REFRESH_EACH_REQUEST=False)     # the cookie holds only the id; Redis keeps the times
    if settings.trusted_proxies > 0:   # the client's own address, for throttling and logs (issue 13.3)
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies)
    server.before_request(auth.gate)
    server.add_url_rule("/login", "jru_login", auth.login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "jru_logout", auth.logout, methods=["POST"])   # no sign-out by link (13.5)
    if auth.enabled:
        n = len(auth.users.list())
        log.info("sign-in required: %d user(s) in %s%s", n, auth.users.path,
                 "" if settings.wall_token else "; no JRU_WALL_TOKEN, so wall displays need a user")
        if n == 0:
            log.warning("no users in %s: add one with `python -m dashboard.auth add-user NAME --role officer`",
                        auth.users.path)
    return auth


