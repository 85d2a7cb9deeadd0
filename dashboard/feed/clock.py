"""The replay clock in Redis (`jru:clock`): the one place it is read and written.

A hash {ts: replayed time at `wall`, speed (0 while paused), wall: wall time
written, epoch: bumped on a seek, "the streams were reset, rebuild your picture"}.
Writers: the replayer and a paced import (through feed/bulk.py); reader: the
feed reader (core/clock.py says when a clock counts as fresh). One round trip each.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import redis

from dashboard.core.clock import ReplayClock
from dashboard.core.contract import ContractError, feed_ts, parse_ts
from dashboard.core.times import DECIMAL_RE
from dashboard.feed.keys import Keys
from dashboard.feed.writer import to_fields


@dataclass(frozen=True, slots=True)
class ClockState:
    """What a replay writes each tick."""
    ts: float
    speed: float
    wall: float
    epoch: int


def write_clock(pipe, keys: Keys, state: ClockState) -> None:
    """Onto a pipeline, so the clock goes with the entries it dates."""
    pipe.hset(keys.clock, mapping=to_fields({"ts": feed_ts(state.ts), "speed": float(state.speed),
                                             "wall": feed_ts(state.wall), "epoch": int(state.epoch)}))


def parse_clock(raw: Mapping) -> tuple[ReplayClock | None, str | None]:
    """The hash as Redis gave it (str or bytes) -> (the clock, or None when there is
    none or it is unreadable; its epoch as written)."""
    fields = {(k.decode(errors="replace") if isinstance(k, bytes) else k):
              (v.decode(errors="replace") if isinstance(v, bytes) else v) for k, v in (raw or {}).items()}
    if not fields:
        return None, None
    try:   # times as the contract writes them anywhere: ISO 8601, Unix seconds or milliseconds
        clock = ReplayClock(parse_ts(fields["ts"]), _speed(fields.get("speed", "1")), parse_ts(fields["wall"]))
    except (KeyError, ValueError, ContractError):
        return None, None
    return clock, fields.get("epoch")


def _speed(text: str) -> float:
    """A plain decimal, 0 (paused) or more: "nan" made feed time NaN on every screen, "-1" ran it back."""
    speed = float(text) if DECIMAL_RE.match(text.strip()) else math.nan
    if not (math.isfinite(speed) and speed >= 0):
        raise ValueError(f"replay clock speed '{text[:20]}' is not a decimal of 0 or more")
    return speed


def read_clock(client: redis.Redis, keys: Keys) -> tuple[ReplayClock | None, str | None]:
    """One HGETALL: (the clock or None, its epoch)."""
    return parse_clock(client.hgetall(keys.clock))


def current_epoch(client: redis.Redis, keys: Keys) -> int:
    """The epoch a new replay continues from (0 when no clock was ever written)."""
    raw = client.hget(keys.clock, "epoch")
    try:
        return int(raw) if raw is not None else 0
    except ValueError:
        return 0
