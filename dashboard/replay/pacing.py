"""Pacing by wall clock, for the replayer and a paced import: replayed time =
anchor_ts + (wall - anchor_wall) * speed, held while paused, never past `end`.
Re-anchored on every speed change, pause, step and seek. O(1)."""
from __future__ import annotations

import time


class Pacer:
    def __init__(self, start_ts: float, speed: float, end: float = float("inf")):
        self.speed, self.end, self.paused = float(speed), end, False
        self.anchor_ts, self.anchor_wall = start_ts, time.time()

    def target(self, wall: float) -> float:
        """Where replayed time should be at this wall time."""
        if self.paused:
            return self.anchor_ts
        return min(self.end, self.anchor_ts + (wall - self.anchor_wall) * self.speed)

    def anchor(self, ts: float) -> None:
        self.anchor_ts, self.anchor_wall = ts, time.time()

    def set_speed(self, speed: float) -> None:
        self.anchor(self.target(time.time()))
        self.speed = speed

    def pause(self) -> None:
        if not self.paused:
            self.anchor(self.target(time.time()))
            self.paused = True

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            self.anchor(self.anchor_ts)

    def step(self, seconds: float) -> None:
        """Pause (if running) and move replayed time on."""
        self.pause()
        self.anchor_ts = min(self.end, self.anchor_ts + seconds)

    def hold_at_end(self, ts: float) -> None:
        self.paused, self.anchor_ts = True, ts
