"""The push routes: `/push/units`, one long-lived event stream per open screen, and
`/push/units/snapshot`, the same picture as one answer for screens whose stream is blocked.

Sign-in is checked when a request starts (web/auth.py), so a stream asks again while it
runs: at each heartbeat (and before sending, once HEARTBEAT_S has passed since the last
check) it ends when the session has ended (sign-out, a removed user, a new password or wall
token, the session limits). It also ends after MAX_STREAM_S however it is going, and the
browser's EventSource reconnects by itself (`retry:`) through the sign-in check. Both are
push_blueprint's defaults: a test gives its own, seconds long.

Needs a threaded server: werkzeug threaded (python app.py) or gunicorn
`-k gthread --threads N` (each open screen holds one thread).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable

from flask import Blueprint, Response, g, jsonify, request, session, stream_with_context

from dashboard.auth.who import auth_enabled, signed_in
from dashboard.web.limits import StreamLimiter
from dashboard.web.push.broadcaster import Broadcaster
from dashboard.web.push.encoding import merge

HEARTBEAT_S = 15.0      # keeps proxies from closing an idle stream; also how often the session is checked
MAX_STREAM_S = 3600.0   # then the browser reconnects, through the sign-in check


def still_signed_in() -> bool:
    """The gate's own check (web/auth.py) asked again mid-stream: this request's cached answer is dropped."""
    if not auth_enabled():
        return True
    g.pop("jru", None)
    g.pop("jru_unavailable", None)   # Redis away past the sessions' grace: ended, as the gate refuses it
    return signed_in() is not None


def unit_events(bc: Broadcaster, *, max_s: float = MAX_STREAM_S, heartbeat_s: float = HEARTBEAT_S,
                allowed: Callable[[], bool] = lambda: True):
    """The event stream for one screen (a generator); it ends after `max_s`, or when
    `allowed()`, asked at least every `heartbeat_s` before anything is sent, says no."""
    started = checked = time.monotonic()
    yield "retry: 2000\n\n"
    with bc.screen():
        epoch = seq = None
        while (left := max_s - (time.monotonic() - started)) > 0:
            if epoch is None:
                text, epoch, seq = bc.snapshot()
                yield text
            missed = bc.wait_after(epoch, seq, min(heartbeat_s, left))
            if not missed or time.monotonic() - checked >= heartbeat_s:
                if not allowed():
                    return
                checked = time.monotonic()
            if missed is None:
                epoch = None
            elif not missed:
                yield "event: beat\ndata: {}\n\n"   # an event, not a comment: the page sees the stream is alive
            else:
                seq = missed[-1].seq
                yield missed[0].text if len(missed) == 1 else merge(missed).text


def push_blueprint(bc: Broadcaster, *, heartbeat_s: float = HEARTBEAT_S,
                   max_stream_s: float = MAX_STREAM_S) -> Blueprint:
    bp = Blueprint("push", __name__)
    streams = StreamLimiter()

    @bp.get("/push/units")
    def units_stream():
        release = streams.open(session.get("sid"), request.remote_addr or "?")   # issue 13.7: threads are few
        if release is None:
            return jsonify({"error": "too many live streams for this screen: it polls instead"}), 429
        events = unit_events(bc, max_s=max_stream_s, heartbeat_s=heartbeat_s, allowed=still_signed_in)
        response = Response(stream_with_context(events),
                            mimetype="text/event-stream",
                            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        response.call_on_close(release)
        return response

    @bp.get("/push/units/snapshot")
    def units_snapshot():
        """The same snapshot as one plain JSON answer: a page behind a proxy that blocks
        event streams asks for it every few seconds (assets/live_units.js), so units
        still show, only less often."""
        return Response(json.dumps(bc.snapshot_body(refresh=True)[0], separators=(",", ":")),
                        mimetype="application/json", headers={"Cache-Control": "no-store"})

    return bp
