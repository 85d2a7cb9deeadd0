"""Server-sent events: each open screen gets the units as a snapshot, then only
what changed (positions, statuses, stale flags), at most five messages a second,
moves packed as small integers (UnitEncoder).

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
    """[call sign, lat, lon, status, stale 0/1, kind]: a unit's full record, ~45 bytes."""
    return [u.unit, round(u.lat, 5), round(u.lon, 5), u.status, int(stale), u.kind]


class UnitEncoder:
    """One screen's view of what it has been sent, so a delta carries little.

    A unit that is new to the screen, or whose status, stale flag or kind
    changed, goes as its full record (`u`); a unit that only moved goes as
    `[index, dlat, dlon]` in whole 1e-5 degrees (about a metre) from the
    snapshot's `base` point (`m`): ~18 bytes instead of ~45. Indexes are the
    order in which the screen first saw each unit (the client keeps the same list).
    """

    SCALE = 100_000

    def __init__(self):
        self.index: dict[str, int] = {}
        self.sent: dict[str, tuple] = {}
        self.base = (0.0, 0.0)

    def _full(self, u: Unit, stale: bool, out: list) -> None:
        if u.unit not in self.index:
            self.index[u.unit] = len(self.index)
        self.sent[u.unit] = (u.status, stale, u.kind)
        out.append(compact(u, stale))

    def snapshot(self, units: list[tuple[Unit, bool]]) -> dict:
        self.index, self.sent = {}, {}
        fixed = [(u, stale) for u, stale in units if u.lat is not None]
        if fixed:
            self.base = (round(sum(u.lat for u, _ in fixed) / len(fixed), 1),
                         round(sum(u.lon for u, _ in fixed) / len(fixed), 1))
        records: list = []
        for u, stale in fixed:
            self._full(u, stale, records)
        return {"base": list(self.base), "units": records}

    def delta(self, units: list[tuple[Unit, bool]]) -> dict | None:
        full, moves = [], []
        for u, stale in units:
            if u.lat is None:
                continue
            if u.unit in self.index and self.sent.get(u.unit) == (u.status, stale, u.kind):
                moves.append([self.index[u.unit], round((u.lat - self.base[0]) * self.SCALE),
                              round((u.lon - self.base[1]) * self.SCALE)])
            else:
                self._full(u, stale, full)
        return {"u": full, "m": moves} if full or moves else None


def _event(name: str, payload: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n"


def unit_events(rt: Runtime, *, max_s: float | None = None):
    """The event stream for one screen (a generator; `max_s` bounds it in tests)."""
    picture, limit = rt.picture, rt.settings.staleness_s
    started = last_beat = last_stale_check = time.monotonic()
    version, reset, stale = -1, None, {}
    encoder = UnitEncoder()
    yield "retry: 2000\n\n"
    while max_s is None or time.monotonic() - started < max_s:
        now = rt.now()[0]
        if version < 0 or reset != picture.reset_version:
            version, reset = picture.version, picture.reset_version
            units = picture.units_list()
            stale = {u.unit: u.is_stale(now, limit) for u in units}
            yield _event("snapshot", encoder.snapshot([(u, stale[u.unit]) for u in units]))
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
            for u in changed.values():
                stale[u.unit] = u.is_stale(now, limit)
            payload = encoder.delta([(u, stale[u.unit]) for u in changed.values()])
            if payload:
                yield _event("delta", payload)
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
