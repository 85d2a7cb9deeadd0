"""The push routes: `/push/units`, one long-lived event stream per open screen, and
`/push/units/snapshot`, the same picture as one answer for screens whose stream is blocked.

Needs a threaded server: werkzeug threaded (python app.py) or gunicorn
`-k gthread --threads N` (each open screen holds one thread).
"""
from __future__ import annotations

import json
import time

from flask import Blueprint, Response, jsonify, request, session, stream_with_context

from dashboard.web.limits import StreamLimiter
from dashboard.web.push.broadcaster import Broadcaster
from dashboard.web.push.encoding import merge

HEARTBEAT_S = 15.0      # keeps proxies from closing an idle stream


def unit_events(bc: Broadcaster, *, max_s: float | None = None):
    """The event stream for one screen (a generator; `max_s` bounds it in tests)."""
    started = time.monotonic()
    yield "retry: 2000\n\n"
    with bc.screen():
        epoch = seq = None
        while max_s is None or time.monotonic() - started < max_s:
            if epoch is None:
                text, epoch, seq = bc.snapshot()
                yield text
            wait = HEARTBEAT_S if max_s is None else min(HEARTBEAT_S, max(0.0, max_s - (time.monotonic() - started)))
            missed = bc.wait_after(epoch, seq, wait)
            if missed is None:
                epoch = None
            elif not missed:
                yield "event: beat\ndata: {}\n\n"   # an event, not a comment: the page sees the stream is alive
            else:
                seq = missed[-1].seq
                yield missed[0].text if len(missed) == 1 else merge(missed).text


def push_blueprint(bc: Broadcaster) -> Blueprint:
    bp = Blueprint("push", __name__)
    streams = StreamLimiter()

    @bp.get("/push/units")
    def units_stream():
        release = streams.open(session.get("sid"), request.remote_addr or "?")   # issue 13.7: threads are few
        if release is None:
            return jsonify({"error": "too many live streams for this screen: it polls instead"}), 429
        response = Response(stream_with_context(unit_events(bc)), mimetype="text/event-stream",
                            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        response.call_on_close(release)
        return response

    @bp.get("/push/units/snapshot")
    def units_snapshot():
        """The same snapshot as one plain JSON answer: a page behind a proxy that blocks
        event streams asks for it every few seconds (assets/live_units.js), so units
        still show, only less often."""
        return Response(json.dumps(bc.snapshot_body(refresh=True)[0], separators=(",", ":")), mimetype="application/json",
                        headers={"Cache-Control": "no-store"})

    return bp
