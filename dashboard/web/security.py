"""Security headers on every response, and the cross-origin POST check.

CSRF: everything that changes state is a POST (Dash callbacks are JSON POSTs to
/_dash-update-component; /login and /logout are form POSTs). Two layers stop a
page on another site from making a signed-in browser send one:

1. the session cookie is SameSite=Strict, so a browser does not attach it to
   any request started by another site (dashboard/web/auth.py);
2. this module's before_request hook rejects (403) any POST, PUT, PATCH or
   DELETE whose Origin header - or, failing that, Referer - names another
   host. Browsers always send Origin on POST (fetch and forms), and a page
   cannot forge it. With sign-in on, a POST with neither header is refused
   too (no browser sends that; scripts can add an Origin).

Together that is the OWASP "verify origin with standard headers" defence plus
SameSite cookies, which is adequate without per-form tokens: Dash's renderer
could not carry a token without patching it. Behind a reverse proxy the Host
header must be passed through (nginx: `proxy_set_header Host $host;`), since
Origin is compared with it.

CSP: Dash 4 runs one inline script (`var renderer = new DashRenderer();`),
allowed by its hash (Dash.csp_hashes), not by 'unsafe-inline'. dash-leaflet
finds our map functions by name on window (assets/map.js), so no 'unsafe-eval'.
Leaflet and React set inline styles, hence style-src 'unsafe-inline'.
tests/browser/test_xss.py loads the page with zero CSP violations.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, jsonify, request

from dashboard.settings import Settings

log = logging.getLogger(__name__)

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _origin(url: str | None) -> str | None:
    if not url or url == "null":
        return url
    parts = urlsplit(url)
    return parts.netloc.lower() if parts.scheme in ("http", "https") else "null"


def content_security_policy(script_hashes: list[str], tiles: str | None = None) -> str:
    img = ["'self'", "data:"]
    if tiles:   # a base-map tile server on another origin
        parts = urlsplit(tiles.replace("{s}", "a"))
        if parts.scheme and parts.netloc:
            host = parts.netloc if "{s}" not in tiles else "*." + parts.netloc.split(".", 1)[-1]
            img.append(f"{parts.scheme}://{host}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": img,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


def install_security(app, settings: Settings) -> None:
    """app: the Dash app (for its inline-script hashes) or a bare Flask app."""
    server: Flask = getattr(app, "server", app)
    csp_hashes = getattr(app, "csp_hashes", None)
    cache: dict[str, str] = {}

    def csp() -> str:
        # Computed at the first response, after every callback (and any inline
        # clientside one) has been registered.
        if "csp" not in cache:
            cache["csp"] = content_security_policy(list(csp_hashes()) if csp_hashes else [], settings.tiles)
        return cache["csp"]

    @server.before_request
    def same_origin_only():
        if request.method not in UNSAFE_METHODS:
            return None
        here = request.host.lower()
        origin = _origin(request.headers.get("Origin"))
        if origin is None:
            origin = _origin(request.headers.get("Referer"))
        if origin is None and not settings.auth:
            return None
        if origin != here:
            log.warning("refused a cross-origin %s %s (origin %s, host %s) from %s", request.method, request.path,
                        origin, here, request.remote_addr)
            return jsonify({"error": "cross-origin request refused"}), 403
        return None

    @server.after_request
    def headers(response):
        for k, v in BASE_HEADERS.items():
            response.headers.setdefault(k, v)
        response.headers.setdefault("Content-Security-Policy", csp())
        if request.path.startswith(("/api/", "/_dash-update-component", "/_dash-layout", "/_dash-dependencies", "/login",
                                    "/logout")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
