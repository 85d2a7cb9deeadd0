"""One feed entry into the picture: decode it, parse it by the contract, check
its time, apply it. An entry to reject raises ContractError (or KeyError for a
missing field); what a failure means is the reader's business.

Cost: parsing and applying is ~10 us per entry in Python, so one core applies
tens of thousands a second.
"""
from __future__ import annotations

from typing import Callable

from dashboard.core.clock import ReplayClock, feed_now
from dashboard.core.contract import (ContractError, decode_fields, parse_assignment,
                                     parse_incident_event, parse_unit_report)
from dashboard.core.picture import Picture
from dashboard.feed.keys import Keys

FUTURE_LIMIT_S = 600.0   # clock skew tolerated between a feeding system and the feed clock
ARRIVAL_KEPT_S = 40 * 86400.0   # entry ids older than any stream keeps (feed/retention.py) are not arrival times

ClockReader = Callable[[], ReplayClock | None]


def apply_entry(keys: Keys, picture: Picture, stream: str, raw: dict, *, clock: ReplayClock | None,
                read_clock: ClockReader, before_incident: Callable | None = None,
                arrived: float | None = None) -> None:
    """Apply one entry of `stream`, as Redis gave it (bytes), to the picture.
    `clock` is the feed clock last read; `read_clock` reads it again (one Redis
    call, made only for an entry dated far ahead); `arrived`: when the entry reached Redis
    (its id), wall seconds. `before_incident` sees each incident event before it applies,
    and an accepted assignment as the "assigned" event it amounts to."""
    fields = decode_fields(raw)
    if stream == keys.units:
        report = parse_unit_report(fields)
        not_future(report.ts, clock, read_clock, arrived)
        picture.apply_unit(report)
    elif stream == keys.incidents:
        event = parse_incident_event(fields)
        not_future(event.ts, clock, read_clock, arrived)
        if before_incident is not None:
            before_incident(event)
        picture.apply_incident(event)
    elif stream == keys.assignments:
        assignment = parse_assignment(fields)
        not_future(assignment.ts, clock, read_clock, arrived)
        if before_incident is not None:    # an accepted suggestion is a dispatch (decision replay, arrivals)
            before_incident(assignment.as_dispatch())
        picture.apply_assignment(assignment)


def not_future(ts: float, clock: ReplayClock | None, read_clock: ClockReader, arrived: float | None = None) -> None:
    """A report dated well ahead of feed time would freeze its unit or incident
    until then ("latest ts wins"): reject it as a bad time. A live entry is judged as of
    when it arrived, not when it is read: a process started later (or restarted) would
    otherwise apply what the first rejected, and the two would show different pictures."""
    limit = FUTURE_LIMIT_S + (2 * clock.speed if clock else 0.0)
    if ts <= _feed_time(clock, arrived) + limit:
        return
    ahead = ts - _feed_time(read_clock(), arrived)   # a replay may have just moved its clock (a seek forward)
    if ahead > limit:
        raise ContractError(f"bad time: {ahead:.0f} s ahead of the feed clock (more than {limit:.0f} s)")


def _feed_time(clock: ReplayClock | None, arrived: float | None) -> float:
    now, replay = feed_now(clock)
    if replay or arrived is None or arrived < now - ARRIVAL_KEPT_S:   # an id a sender chose, not a time
        return now
    return min(arrived, now)
