"""A duty officer's Accept in the demo: the unit sent drives there.

The history plans every unit's shift (tracks.py). An Accept that a person makes (an entry in
`jru:assignments` whose `by` is not the demo's own control room) adds a job to the unit's shift
from the moment it is read: the unit drives from where it is to the incident, taking the time the
history's own drives take (`travel_s`, over the roads), stays on scene until the incident closes in
the history, and drives back to base. If the incident closes first, it is stood down on its way.
The history's later jobs for the unit still come when the history has them: the CAD sends it on
from where it is. A seek forgets every order, as it starts the picture again from the history.

Cost: one drive time per Accept (a Dijkstra over the roads at most); the unit's track is rebuilt
once (its legs' routes are worked out again as they are replayed).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

from dashboard.core.contract import Assignment
from dashboard.replay.calibration import travel_s
from dashboard.replay.history_index import History
from dashboard.replay.tracks import Router, Stint, roads_of

log = logging.getLogger(__name__)
OTHER_MOMENT_S = 900.0   # an Accept dated further from the replay's clock was made before a seek
Where = Callable[[int, float], tuple[float, float, str]]   # (shift row, t) -> the unit's lon, lat, status then


@dataclass
class Orders:
    """The jobs duty officers gave the replayed units, by shift row."""
    history: History
    router: Router
    by_row: dict[int, list[Stint]] = field(default_factory=dict)
    _incident_row: dict[str, int] | None = None

    def stints(self, row: int) -> list[Stint]:
        return self.by_row.get(row, [])

    def forget(self) -> list[int]:
        """Drop every order (a seek); returns the shift rows whose tracks change back."""
        rows = list(self.by_row)
        self.by_row.clear()
        return rows

    def obey(self, accept: Assignment, now: float, where: Where) -> int | None:
        """Add the job `accept` gives, from `now` (replayed time written up to: what is written stays);
        returns the shift row whose track changes, or None when there is nothing to obey (logged)."""
        i = self._incident(accept.incident)
        row = self._shift_row(accept.unit, now)
        closes = float(self.history.times[i, 3]) if i is not None else now
        if i is None or row is None or closes <= now or abs(accept.ts - now) > OTHER_MOMENT_S:
            why = ("not in the history" if i is None else f"unit {accept.unit} not on shift" if row is None
                   else "closed" if closes <= now else "made at another moment of the replay")
            log.info("demo: Accept of %s for %s not replayed (%s)", accept.unit, accept.incident, why)
            return None
        inc = self.history.incidents
        target = (float(inc.at[i, "lon"]), float(inc.at[i, "lat"]))
        lon, lat, _ = where(row, now)
        drive = travel_s(lon, lat, *target, blue=True, roads=roads_of(self.router))
        self.by_row.setdefault(row, []).append((now, now + drive, closes, target))
        return row

    def _incident(self, incident: str) -> int | None:
        if self._incident_row is None:
            self._incident_row = {str(x): n for n, x in enumerate(self.history.incidents["id"])}
        return self._incident_row.get(incident)

    def _shift_row(self, unit: str, t: float) -> int | None:
        """The unit's shift running at t (its row), if any."""
        for row in self.history.shifts_between(t, t):
            on = self.history.shift_start[row] <= t < self.history.shift_end[row]
            if on and self.history.shifts.at[int(row), "unit"] == unit:
                return int(row)
        return None
