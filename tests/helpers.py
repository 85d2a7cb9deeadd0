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


def answers(client) -> bool:
    """Whether Redis answers now (a paused or stopped one raises)."""
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
