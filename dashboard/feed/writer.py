"""Writing to the feed streams: used by the demo replayer, importers, tests,
and by the dashboard for accepted assignments. Same contract as outside systems.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

import redis

from dashboard.core.contract import feed_ts
from dashboard.feed.keys import Keys
from dashboard.feed.retention import RETENTION

# Write the reject once however many dashboard processes read the stream. The guard
# is set only after the XADD succeeded: a script is not rolled back on error, so a
# failing XADD (the stream key of the wrong type) must not leave the guard behind.
_REJECT_ONCE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local id = redis.call('XADD', KEYS[2], '*', 'stream', ARGV[2], 'entry', ARGV[3], 'reason', ARGV[4], 'raw', ARGV[5])
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return id
"""
# Write an accepted assignment once, even on a double click or two officers at once.
_ASSIGN_ONCE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return id
"""
ASSIGN_GUARD_TTL_S = 30


def to_fields(values: Mapping[str, Any]) -> dict[str, str]:
    """Contract fields are plain strings; None means 'field absent'."""
    return {k: (f"{v:.6f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v))
            for k, v in values.items() if v is not None}


class FeedWriter:
    """XADDs to the contract's streams. `pipe` may be a pipeline for bulk writes."""

    def __init__(self, client: redis.Redis, keys: Keys | None = None, *,
                 reject_guard_ttl_s: int = RETENTION.reject_guard_ttl_s):
        self.client = client
        self.keys = keys or Keys()
        self.reject_guard_ttl_s = reject_guard_ttl_s   # past any entry the streams keep (feed/retention.py)
        self._reject = client.register_script(_REJECT_ONCE)
        self._assign = client.register_script(_ASSIGN_ONCE)

    def unit_report(self, fields: Mapping[str, Any], pipe=None) -> str | None:
        return (pipe or self.client).xadd(self.keys.units, to_fields(fields))

    def incident_event(self, fields: Mapping[str, Any], pipe=None) -> str | None:
        return (pipe or self.client).xadd(self.keys.incidents, to_fields(fields))

    def reject(self, stream: str, entry_id: str, reason: str, raw: Mapping[str, Any]) -> bool:
        """Record a contract breach once; True if this call wrote it."""
        raw_json = json.dumps(dict(raw), ensure_ascii=False, default=str)
        return bool(self._reject(keys=[self.keys.reject_seen(stream, entry_id), self.keys.rejects],
                                 args=[self.reject_guard_ttl_s, stream, entry_id, reason, raw_json]))

    def assignment(self, *, incident: str, unit: str, ts: float, by: str, rank: int | None,
                   eta_s: float | None, distance_m: float | None) -> str | None:
        """Write an accepted assignment once; returns the entry id, or None if
        the same incident+unit was accepted moments ago (already written)."""
        fields = to_fields({"incident": incident, "unit": unit, "ts": feed_ts(ts), "by": by,
                            "rank": rank, "eta_s": None if eta_s is None else round(eta_s),
                            "distance_m": None if distance_m is None else round(distance_m)})
        flat = [x for kv in fields.items() for x in kv]
        return self._assign(keys=[self.keys.assignment_guard(incident, unit), self.keys.assignments],
                            args=[by, ASSIGN_GUARD_TTL_S, *flat]) or None
