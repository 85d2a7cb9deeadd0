"""Who a request is from, for the screens and the web plumbing alike: the screens ask here, never
the web package (dashboard/web/auth.py installs the sign-in and puts it in the Flask app's
`extensions[EXTENSION]`; this reads it back). Outside a request, or with no sign-in installed,
nobody is signed in: the accept path fails closed. O(1) per call (a session read is the sign-in's).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, has_request_context

EXTENSION = "jru_auth"          # where the installed sign-in lives on the Flask app
DEMO_NAME = "demo (sign-in off)"
VIEWER = "viewer"


@dataclass(frozen=True)
class Identity:
    name: str
    role: str            # "officer" or "viewer"
    wall: bool = False
    program: bool = False   # an API key (read-only)

    @property
    def can_accept(self) -> bool:
        return self.role == "officer" and not self.wall


def installed() -> Any:
    """The sign-in this request's app has (dashboard/web/auth.py `Auth`), None outside a request."""
    if not has_request_context():
        return None
    return current_app.extensions.get(EXTENSION)


def signed_in() -> Identity | None:
    """Who this request is from (None: nobody, or outside a request, or auth off)."""
    auth = installed()
    if auth is None or not auth.enabled:
        return None
    return auth.identity()


def auth_enabled() -> bool:
    auth = installed()
    return bool(auth and auth.enabled)


def current_user() -> str | None:
    """For the accept path: the signed-in officer's name; "viewer" for a
    read-only session (viewer role or wall display); None when nobody is signed
    in (or outside a request, or when sign-in was never installed: fail closed).
    With sign-in off (the demo) it is "demo (sign-in off)", so assignments
    still record who made them."""
    auth = installed()
    if auth is None:
        return None
    if not auth.enabled:
        return DEMO_NAME
    ident = auth.identity()
    if ident is None:
        return None
    return ident.name if ident.can_accept else VIEWER
