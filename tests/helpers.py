"""Small helpers shared by the integration and browser tests."""
from __future__ import annotations

import time

import redis


def eventually(check, timeout: float = 10.0, interval: float = 0.05):
    """Call check() until it returns something truthy; fail with its last value."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (AssertionError, KeyError, IndexError, TypeError, OSError) as exc:   # not there (or up) yet
            last = exc
        else:
            if last:
                return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s (last: {last!r})")


def settled_box(page, selector: str, quiet_s: float = 1.0, timeout: float = 10.0) -> tuple:
    """The first element's box (x, y, width, height) once it has stopped moving: the officer map's
    opening fit and the wall's fly-to animate for about a second after the first thing is drawn."""
    last = [None, time.monotonic()]

    def check():
        b = page.locator(selector).first.bounding_box()
        assert b is not None
        b = tuple(round(v) for v in (b["x"], b["y"], b["width"], b["height"]))
        if b != last[0]:
            last[:] = [b, time.monotonic()]
            return False
        return time.monotonic() - last[1] >= quiet_s and b
    return eventually(check, timeout=timeout, interval=0.1)


def answers(client) -> bool:
    """Whether Redis answers now (a paused or stopped one raises)."""
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


class StandingClock:
    """Feed time standing at `at`, live (the service's FeedClock reads it from the feed reader)."""

    def __init__(self, at: float) -> None:
        self.at = at

    def now(self) -> tuple[float, bool]:
        return self.at, False

    def speed(self) -> float:
        return 1.0
