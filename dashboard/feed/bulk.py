"""Bulk writes to the feed streams: many entries, and the replay clock and status that
date them, in pipelines (the replayer and the importer; callers never hold a pipeline).
The replayer's assignments (the demo's backup units) go to `jru:assignments` as plain XADDs:
no 30 s guard as for an Accept (writer.py), since a seek writes them again at once.

Cost: one round trip per `chunk` entries (~1,000 entries in ~5 ms on a local Redis).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import redis

from dashboard.feed import replay_control
from dashboard.feed.clock import ClockState, write_clock
from dashboard.feed.keys import Keys
from dashboard.feed.writer import FeedWriter, to_fields

CHUNK = 1000


def write_batch(client: redis.Redis, keys: Keys, *, incidents: Iterable[Mapping[str, Any]] = (),
                units: Iterable[Mapping[str, Any]] = (), assignments: Iterable[Mapping[str, Any]] = (),
                clock: ClockState | None = None,
                status: Mapping[str, Any] | None = None, reset: bool = False, trim_units_to: int | None = None,
                chunk: int = CHUNK) -> int:
    """Incident events, then unit reports, then assignments, then the clock, the replayer's status
    and a trim of the units stream. With `reset` the inbound streams are dropped first and everything
    goes in one MULTI (no reader sees a half-reset picture); else pipelines of `chunk`.
    Returns how many entries were written."""
    writer = FeedWriter(client, keys)

    def assignment(fields: Mapping[str, Any], pipe) -> None:
        pipe.xadd(keys.assignments, to_fields(fields))

    pipe = client.pipeline(transaction=reset)
    if reset:
        replay_control.reset_streams(pipe, keys)
    n = 0
    for write, entries in ((writer.incident_event, incidents), (writer.unit_report, units),
                           (assignment, assignments)):
        for fields in entries:
            write(fields, pipe=pipe)
            n += 1
            if not reset and n % chunk == 0:
                pipe.execute()
    if clock is not None:
        write_clock(pipe, keys, clock)
    if status is not None:
        replay_control.write_status(pipe, keys, status)
    if trim_units_to is not None:
        replay_control.trim_units(pipe, keys, trim_units_to)
    pipe.execute()
    return n
