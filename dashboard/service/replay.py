"""The replay controls: the replayer may run in this process or another, so the
screens read its status and send it commands through Redis (one round trip each;
the status at most once a second, shared by every screen of the process)."""
from __future__ import annotations

import threading
import time

from dashboard.feed import replay_control
from dashboard.feed.settings import RedisSettings

STATUS_EVERY_S = 1.0


class ReplayControls:
    def __init__(self, redis: RedisSettings):
        self.redis = redis
        self._client = None
        self._status: dict = {}
        self._status_read = float("-inf")   # monotonic time of the last read
        self._reading = threading.Lock()

    def _connection(self):
        if self._client is None:
            self._client = self.redis.client(role="control")
        return self._client

    def status(self) -> dict:
        """The replayer's state ({} when none runs); while Redis is away, the last state read, as
        the replay clock runs on (core/clock.py). Read by one caller at a time: while a Redis that
        has stopped answering holds that one for up to 5 s, every other screen gets the last state
        at once instead of queueing behind it."""
        if time.monotonic() - self._status_read < STATUS_EVERY_S or not self._reading.acquire(blocking=False):
            return self._status
        try:
            self._status = replay_control.read_status(self._connection(), self.redis.keys)
        except Exception:
            pass
        finally:
            self._status_read = time.monotonic()
            self._reading.release()
        return self._status

    def command(self, cmd: str, value=None) -> str | None:
        """Send a control command; returns an error message or None."""
        try:
            replay_control.send_command(self._connection(), self.redis.keys, cmd, value)
        except replay_control.CommandError as exc:
            return str(exc)
        except Exception as exc:
            return f"replay control unavailable: {type(exc).__name__}"
        return None
