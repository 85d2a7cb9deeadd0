"""Replay controls and status over Redis: the screens drive a replayer anywhere.

Keys (see `Keys`): `jru:replay:control` (hash of pending commands, written by
any screen, taken atomically by the replayer each tick), `jru:replay:status`
(hash the replayer refreshes several times a second, expiring when it stops).
The replay clock itself (`jru:clock`, with its epoch) is dashboard/feed/clock.py.

Commands (`send_command(client, keys, cmd, value)`):
- `speed`  value 1..3600 (x real time)
- `pause`, `resume` (no value)
- `step`   value = minutes (default 1): pause and advance that much replayed time
- `seek`   value = ISO 8601 with offset/Z, or Unix seconds

Pending commands live in one hash, one field per kind, so a burst of clicks
between two polls collapses to the latest speed/seek/pause and the summed
steps; nothing waits in a list that a dead replayer would never drain.
Every call is one round trip.
"""
from __future__ import annotations

from typing import Any, Mapping

import redis

from dashboard.core.contract import Assignment, ContractError, decode_fields, parse_assignment, parse_ts
from dashboard.feed.keys import Keys
from dashboard.feed.writer import to_fields

COMMANDS = ("speed", "pause", "resume", "step", "seek")
SPEED_MIN, SPEED_MAX = 1.0, 3600.0
STATUS_TTL_S = 10


class CommandError(ValueError):
    """A control command the replayer could not act on (message says why)."""


def send_command(client: redis.Redis, keys: Keys, cmd: str, value: Any = None) -> None:
    """Queue a command for the replayer on these keys. Raises CommandError on a bad value."""
    if cmd not in COMMANDS:
        raise CommandError(f"unknown replay command '{cmd}' (one of: {', '.join(COMMANDS)})")
    pipe = client.pipeline(transaction=True)
    if cmd == "speed":
        pipe.hset(keys.replay_control, "speed", str(parse_speed(value)))
    elif cmd in ("pause", "resume"):
        pipe.hset(keys.replay_control, "paused", "1" if cmd == "pause" else "0")
    elif cmd == "step":
        minutes = 1 if value in (None, "") else int(value)
        if not 1 <= minutes <= 24 * 60:
            raise CommandError(f"step of {minutes} minutes: give 1..1440")
        pipe.hincrby(keys.replay_control, "step", minutes)
    else:
        pipe.hset(keys.replay_control, "seek", f"{parse_moment(value):.3f}")
    pipe.hincrby(keys.replay_control, "seq", 1)
    pipe.execute()


def parse_speed(value: Any) -> float:
    try:
        speed = float(value)
    except (TypeError, ValueError):
        raise CommandError(f"speed '{value}' is not a number (1..3600)") from None
    if not SPEED_MIN <= speed <= SPEED_MAX:
        raise CommandError(f"speed {speed:g} outside {SPEED_MIN:g}..{SPEED_MAX:g}")
    return speed


def parse_moment(value: Any) -> float:
    """ISO 8601 (with offset or Z) or Unix seconds -> Unix seconds."""
    try:
        return parse_ts(str(value))
    except ContractError as exc:
        raise CommandError(f"seek: {exc}") from None


def take_commands(client: redis.Redis, keys: Keys) -> dict[str, str]:
    """The replayer's side: read and clear pending commands atomically (MULTI HGETALL DEL)."""
    pipe = client.pipeline(transaction=True)
    pipe.hgetall(keys.replay_control)
    pipe.delete(keys.replay_control)
    got, _ = pipe.execute()
    return got or {}


def take_accepts(client: redis.Redis, keys: Keys, after: str, *, count: int = 100) -> tuple[list[Assignment], str]:
    """The replayer's side: the Accepts written after entry id `after`, and the id to read on from.
    One that breaks the contract is left out (the dashboards report it)."""
    got = client.xread({keys.assignments: after}, count=count)
    accepts: list[Assignment] = []
    for _, entries in got or ():
        for entry_id, raw in entries:
            after = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
            try:
                accepts.append(parse_assignment(decode_fields(raw)))
            except (ContractError, KeyError):
                continue
    return accepts, after


def write_status(pipe, keys: Keys, status: Mapping[str, Any]) -> None:
    """The replayer's state for the controls; expires if the replayer stops refreshing it."""
    pipe.hset(keys.replay_status, mapping=to_fields(status))
    pipe.expire(keys.replay_status, STATUS_TTL_S)


def reset_streams(pipe, keys: Keys) -> None:
    """Seek: drop the streams so only the snapshot and newer entries remain; the Accepts too (the
    replayed backup, and any a duty officer made in the replayed world before the seek)."""
    pipe.delete(keys.units, keys.incidents, keys.assignments)


def trim_units(pipe, keys: Keys, maxlen: int) -> None:
    """Bound a long replay's unit stream (approximate trim: O(1) amortised)."""
    pipe.xtrim(keys.units, maxlen=maxlen, approximate=True)


def read_status(client: redis.Redis, keys: Keys) -> dict[str, str]:
    """The replayer's last published state ({} when no replayer is running)."""
    return client.hgetall(keys.replay_status) or {}
