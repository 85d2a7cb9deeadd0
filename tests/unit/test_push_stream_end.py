"""The event stream asks `allowed()` (the session, in production) before sending once a heartbeat
has passed, even while messages flow without a pause, and ends when it says no."""
from __future__ import annotations

import time

from dashboard.web.push.routes import unit_events
from tests.unit.test_push import Screens


def test_a_busy_stream_ends_within_a_heartbeat_of_the_session_ending():
    s = Screens()
    signed_in = {"yes": True}
    asked = []
    stream = unit_events(s.bc, max_s=30, heartbeat_s=0.3, allowed=lambda: asked.append(1) or signed_in["yes"])
    assert next(stream).startswith("retry") and next(stream).startswith("event: snapshot")
    ended_at = None
    for i in range(200):                                   # a message every 10 ms: never a heartbeat
        if i == 50:
            signed_in["yes"], ended_at = False, time.monotonic()
        s.unit("A", 51.30 + i / 1000, 0.5)
        s.bc.tick()
        try:
            next(stream)
        except StopIteration:
            break
        time.sleep(0.01)
    else:
        raise AssertionError("the stream kept sending after the session ended")
    assert ended_at is not None and time.monotonic() - ended_at < 0.3 + 0.5
    assert len(asked) >= 2                                  # asked while busy, not only at heartbeats
