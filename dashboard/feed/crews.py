"""The units' crews kept beside the streams (`jru:units:crews`, a hash: call sign -> "kind|officers|
paramedics"; core/crews.py says why): written by the process that trims, before it trims, read by a
reader that (re)builds its picture. One round trip each."""
from __future__ import annotations

import redis

from dashboard.core.crews import Crew, crew_text, crews_read
from dashboard.feed.keys import Keys


def keep_crews(pipe, keys: Keys, crews: dict[str, Crew]) -> None:
    """Onto a pipeline, ahead of the trim: every unit's crew as this process holds it. Units no longer
    held keep their last entry (a unit back after days starts with its crew)."""
    if crews:
        pipe.hset(keys.units_crews, mapping={name: crew_text(c) for name, c in crews.items()})


def read_crews(client: redis.Redis, keys: Keys) -> dict[str, Crew]:
    """The kept crews ({} when none are kept, or the key is not a hash)."""
    try:
        return crews_read(client.hgetall(keys.units_crews) or {})
    except redis.ResponseError:     # WRONGTYPE: someone else's key; the streams still rebuild the rest
        return {}
