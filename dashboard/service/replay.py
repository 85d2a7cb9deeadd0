"""The replay controls: the replayer may run in this process or another, so the
screens read its status and send it commands through Redis (one round trip each)."""
from __future__ import annotations

from dashboard.feed import replay_control
from dashboard.feed.settings import RedisSettings


class ReplayControls:
    def __init__(self, redis: RedisSettings):
        self.redis = redis
        self._client = None

    def _connection(self):
        if self._client is None:
            self._client = self.redis.client(role="control")
        return self._client

    def status(self) -> dict:
        """The replayer's state ({} when none runs or Redis is away)."""
        try:
            return replay_control.read_status(self._connection(), self.redis.keys)
        except Exception:
            return {}

    def command(self, cmd: str, value=None) -> str | None:
        """Send a control command; returns an error message or None."""
        try:
            replay_control.send_command(self._connection(), self.redis.keys, cmd, value)
        except replay_control.CommandError as exc:
            return str(exc)
        except Exception as exc:
            return f"replay control unavailable: {type(exc).__name__}"
        return None
