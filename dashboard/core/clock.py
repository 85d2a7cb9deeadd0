"""Feed time: the wall clock, or the replay clock while a replayer keeps it fresh.

The replayer writes (ts = replayed time, speed, wall = wall time written) every
fraction of a second; ages, staleness and targets then follow replayed time.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

REPLAY_FRESH_S = 5.0  # a replay clock not refreshed for this long is ignored


@dataclass(frozen=True, slots=True)
class ReplayClock:
    ts: float      # replayed time at `wall`
    speed: float   # replay speed (0 while paused)
    wall: float    # wall time the clock was written

    def now(self, wall_now: float) -> float:
        return self.ts + max(0.0, wall_now - self.wall) * self.speed

    def is_fresh(self, wall_now: float) -> bool:
        return 0 <= wall_now - self.wall <= REPLAY_FRESH_S or (self.wall > wall_now and self.wall - wall_now < 1.0)


def feed_now(replay: ReplayClock | None, wall_now: float | None = None,
             seen_wall: float | None = None) -> tuple[float, bool]:
    """(feed time, is_replay). `seen_wall`: when the replay clock was last read (default: now).
    Its freshness is judged as of then, so while Redis is out of reach replayed time runs on at
    the replay's speed instead of jumping to the wall clock: a replayed evening's incidents would
    read as weeks overdue and every unit as long gone."""
    wall_now = time.time() if wall_now is None else wall_now
    seen = wall_now if seen_wall is None else min(seen_wall, wall_now)
    if replay is not None and replay.is_fresh(seen):
        return replay.now(wall_now), True
    return wall_now, False
