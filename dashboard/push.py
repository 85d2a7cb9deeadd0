"""Server-sent events: each open screen gets the units as a snapshot, then only
what changed (positions, statuses, stale flags), at most five messages a second.

Why SSE: one long-lived HTTP response per screen from the same Flask app (no
second server, passes proxies, the browser reconnects by itself and then gets
a fresh snapshot). Every stream reads the one in-process Picture that the
single feed reader keeps up to date, so ten screens cost ten cheap loops, not
ten Redis readers. Incidents change rarely and stay on the Dash callbacks.

Needs a threaded server: werkzeug threaded (python app.py) or gunicorn
`-k gthread --threads N` (each open screen holds one thread).
"""
from __future__ import annotations

import json
import time

from flask import Blueprint, Response, stream_with_context

from dashboard.core.picture import Unit
from dashboard.runtime import Runtime

COALESCE_S = 0.2        # at most 5 messages a second per screen
STALE_CHECK_S = 2.0     # staleness changes with time alone: re-check this often
HEARTBEAT_S = 15.0      # keeps proxies from closing an idle stream


def compact(u: Unit, stale: bool) -> list:
    """[call sign, lat, lon, status, stale 0/1, kind]: about 45 bytes a unit."""
    return [u.unit, None if u.lat is None else round(u.lat, 5), None if u.lon is None else round(u.lon, 5),
            u.status, int(stale), u.kind]


def _event(name: str, payload: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n"


def unit_events(rt: Runtime, *, max_s: float | None = None):
    """The event stream for one screen (a generator; `max_s` bounds it in tests)."""
    picture, limit = rt.picture, rt.settings.staleness_s
    started = last_beat = last_stale_check = time.monotonic()
    version, reset, stale = -1, None, {}
    yield "retry: 2000\n\n"
    while max_s is None or time.monotonic() - started < max_s:
        now = rt.now()[0]
        if version < 0 or reset != picture.reset_version:
            version, reset = picture.version, picture.reset_version
            units = picture.units_list()
            stale = {u.unit: u.is_stale(now, limit) for u in units}
            yield _event("snapshot", {"units": [compact(u, stale[u.unit]) for u in units if u.lat is not None]})
            last_beat = time.monotonic()
        else:
            changed: dict[str, Unit] = {}
            if picture.version != version:
                current = picture.version
                changed = {u.unit: u for u in picture.units_changed_since(version)}
                version = current
            if time.monotonic() - last_stale_check > STALE_CHECK_S:
                last_stale_check = time.monotonic()
                for u in picture.units_list():
                    if u.is_stale(now, limit) != stale.get(u.unit):
                        changed[u.unit] = u
            if changed:
                for u in changed.values():
                    stale[u.unit] = u.is_stale(now, limit)
                yield _event("delta", {"units": [compact(u, stale[u.unit]) for u in changed.values()
                                                 if u.lat is not None]})
                last_beat = time.monotonic()
            elif time.monotonic() - last_beat > HEARTBEAT_S:
                yield ": still here\n\n"
                last_beat = time.monotonic()
        time.sleep(COALESCE_S)


def push_blueprint(rt: Runtime) -> Blueprint:
    bp = Blueprint("push", __name__)

    @bp.get("/push/units")
    def units_stream():
        return Response(stream_with_context(unit_events(rt)), mimetype="text/event-stream",
                        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    return bp
