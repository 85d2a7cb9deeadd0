"""Who may call which Dash callback, decided on the server (deny by default).

Every Dash callback is a POST to /_dash-update-component naming its outputs;
Dash finds the function by that name. A browser with only a wall cookie could
otherwise call the officer page's callbacks (the selection panel, unit details,
the stats CSV) or drive the replay (a seek clears the streams). So each
callback function is listed here with the roles that may call it; one that is
not listed is refused to everyone, and a test checks every registered
callback is listed (a new one fails the suite, not open to all).

Roles: "officer", "viewer" (signed-in users) and "wall" (a wall-token
display). With sign-in off (the demo) every callback is open.
"""
from __future__ import annotations

import logging

from flask import jsonify, request

from dashboard.auth.who import auth_enabled, signed_in

log = logging.getLogger(__name__)

EVERYONE = frozenset({"officer", "viewer", "wall"})
SIGNED_IN = frozenset({"officer", "viewer"})
OFFICER = frozenset({"officer"})

# callback function (module:name) -> roles that may call it
CALLBACKS: dict[str, frozenset[str]] = {
    "dashboard.ui.screens:route": EVERYONE,
    "dashboard.ui.pages.wall:refresh": EVERYONE,
    "dashboard.ui.pages.wall:clock": EVERYONE,
    "dashboard.ui.pages.officer:refresh_map": SIGNED_IN,
    "dashboard.ui.pages.officer:refresh": SIGNED_IN,
    "dashboard.ui.pages.officer:show_unit": SIGNED_IN,
    "dashboard.ui.pages.officer:show_unit_here": SIGNED_IN,
    "dashboard.ui.pages.officer:keep_unit_current": SIGNED_IN,
    "dashboard.ui.pages.officer:select": SIGNED_IN,
    "dashboard.ui.pages.officer:show_selection": SIGNED_IN,
    "dashboard.ui.pages.officer:replay_refresh": SIGNED_IN,
    "dashboard.ui.pages.officer:replay_control": OFFICER,
    # A viewer pressing Accept gets a toast saying why not: the callback asks
    # current_user(), which is the one place the officer rule lives.
    "dashboard.ui.pages.officer:accept": SIGNED_IN,
    "dashboard.ui.pages.officer_overlays:refresh_overlays": SIGNED_IN,
    "dashboard.ui.panels.place_search:answer": SIGNED_IN,     # the officer map's search box
    "dashboard.ui.pages.stats:refresh": SIGNED_IN,
    "dashboard.ui.pages.stats:dates_chosen": SIGNED_IN,
    "dashboard.ui.pages.stats:download": SIGNED_IN,
}
# Refused without a word (204: Dash's "nothing to update") to these roles, because
# their own page fires the callback by itself: the replay bar's refresh sets the
# speed box, an input of the replay controls, on a viewer's page too.
QUIET: dict[str, frozenset[str]] = {
    "dashboard.ui.pages.officer:replay_control": frozenset({"viewer"}),
}
UPDATE_PATH = "/_dash-update-component"


def callback_name(func) -> str:
    """module:name of the function Dash registered (under its context wrapper)."""
    func = getattr(func, "__wrapped__", func)
    return f"{func.__module__}:{func.__name__}"


def role_of(ident) -> str | None:
    if ident is None:
        return None
    return "wall" if ident.wall else ident.role


def may_call(role: str | None, name: str) -> bool:
    return role is not None and role in CALLBACKS.get(name, frozenset())


def unlisted_callbacks(app) -> list[str]:
    """Registered server callbacks with no entry here (refused to everyone)."""
    return sorted({callback_name(cb["callback"]) for cb in app.callback_map.values() if "callback" in cb}
                  - set(CALLBACKS))


def install_permissions(app) -> None:
    """A before_request hook on the Dash app's server; after every callback is registered."""

    def check_callback():
        if request.path != UPDATE_PATH or request.method != "POST" or not auth_enabled():
            return None
        body = request.get_json(silent=True)     # cached: Dash reads the same parsed body
        output = body.get("output") if isinstance(body, dict) else None
        entry = app.callback_map.get(output) if isinstance(output, str) else None
        name = callback_name(entry["callback"]) if entry and "callback" in entry else "?"
        role = role_of(signed_in())
        if may_call(role, name):
            return None
        if role in QUIET.get(name, ()):
            return "", 204
        log.warning("refused callback %s to a %s session from %s", name, role or "signed-out", request.remote_addr)
        return jsonify({"error": "not allowed for this session"}), 403

    app.server.before_request(check_callback)
