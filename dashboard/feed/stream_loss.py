"""Whether Redis still holds what this process has read: a Redis restarted without its data (no
persistence, a failover to an empty replica) comes back answering, and the screens said LIVE while
every other dashboard process, and this one after a restart, would show only what came since.

Checked when the reader connects again (one XINFO STREAM per stream read so far); the loss is kept
until the process restarts, when it rebuilds from what Redis holds.
"""
from __future__ import annotations

import redis


def _id(entry_id: str | bytes) -> tuple[int, int]:
    text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    ms, _, seq = text.partition("-")
    return int(ms), int(seq or 0)


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
        if newest is None or _id(newest) < _id(last):
            gone.append(stream)
    if not gone:
        return None
    return (f"Redis no longer holds what this dashboard read from {', '.join(sorted(gone))} (restarted "
            "without its data?): this screen still shows it, a restarted or other dashboard will not")
