"""Whether Redis still holds what this process has read: a Redis restarted without its data (no
persistence, a failover to an empty replica) comes back answering, and the screens said LIVE while
every other dashboard process, and this one after a restart, would show only what came since.

Checked every CHECK_EVERY_S of reading (a dropped connection may be made again inside redis-py,
unseen by the reader): a token the first reader sets (`Keys.held`) is gone or
another (the feed writes again within a second of a restart, so the streams themselves soon look
whole), or a stream ends before what was read from it (one XINFO STREAM each). The loss is kept
until the process restarts, when it rebuilds from what Redis holds.
"""
from __future__ import annotations

import secrets
import time

import redis

CHECK_EVERY_S = 10.0   # one GET, and one XINFO STREAM per stream read, this often


def entry_id_key(entry_id: str | bytes) -> tuple[int, int]:
    """A stream entry id as (ms, sequence), to compare: its first part is the Redis server's clock."""
    text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    ms, _, seq = text.partition("-")
    return int(ms), int(seq or 0)


class RedisMemory:
    """The token this process saw, to tell a Redis that forgot everything from one that did not."""

    def __init__(self, marker: str, every_s: float = CHECK_EVERY_S) -> None:
        self.marker, self.token, self.every_s, self._checked = marker, None, every_s, float("-inf")

    def maybe_check(self, client: redis.Redis, last_ids: dict[str, str]) -> str | None:
        """`check`, at most every `every_s` (monotonic clock); None in between."""
        now = time.monotonic()
        if now - self._checked < self.every_s:
            return None
        self._checked = now
        return self.check(client, last_ids)

    def check(self, client: redis.Redis, last_ids: dict[str, str]) -> str | None:
        """What Redis no longer holds, in words; None when nothing says so."""
        try:
            client.set(self.marker, secrets.token_hex(8), nx=True)
            held = client.get(self.marker)
        except redis.ResponseError:   # someone else's key of another type: the streams' own check still stands
            return streams_lost(client, last_ids)
        forgot = self.token is not None and held != self.token
        self.token = held
        if forgot:
            return _LOST.format(streams="the feed")
        return streams_lost(client, last_ids)


_LOST = ("Redis no longer holds what this dashboard read from {streams} (restarted without its data?): "
         "this screen still shows it, a restarted or other dashboard will not")


def streams_lost(client: redis.Redis, last_ids: dict[str, str]) -> str | None:
    """What Redis no longer holds of the streams as read up to `last_ids`, in the control room's
    words; None when it holds it all (or nothing was read yet)."""
    gone = []
    for stream, last in last_ids.items():
        if last == "0-0":
            continue
        try:
            info = client.xinfo_stream(stream)
        except redis.ResponseError as exc:
            if "no such key" in str(exc).lower():
                gone.append(stream)
            continue   # of the wrong type: the reader's key problems say so
        newest = info.get("last-generated-id") or info.get(b"last-generated-id")
        if newest is None or entry_id_key(newest) < entry_id_key(last):
            gone.append(stream)
    return _LOST.format(streams=", ".join(sorted(gone))) if gone else None
