"""Live coverage: where an available joint unit can reach (7/15/30 min by road), and
the share of the last hour's incidents that had one within 7 minutes.

Which units count: those the suggestions would offer now (joint, available, full
crew, fresh fix, not committed, not in hospital handover).

The share: of the incidents opened in the last hour of feed time, those that had
an available unit within 7 minutes (road-model ETA) when it mattered. "When it
mattered" is, in order: the decision record (the suggested unit's ETA when the
incident was assigned: the unit sent may be one that does not count), else the available
units at the first look that saw the incident (a screen asks every 10 s), else,
for an incident first seen already assigned or closed (page opened later,
replay seek), the available units now.

Cost: the polygons are cached by rounded unit positions in core/coverage.py
(~0.1-1 s uncached); the share is one ETA call per incident not yet judged.
"""
from __future__ import annotations

import threading

import shapely
from shapely.geometry import shape

from dashboard.core.areas import AreaIndex
from dashboard.core.coverage import FIRST_BAND_S
from dashboard.core.picture import Picture
from dashboard.service.clock import FeedClock
from dashboard.service.decisions import DecisionLog
from dashboard.service.eta import Eta

WITHIN_S = FIRST_BAND_S   # the share's threshold is the map's first band, not a figure of its own
WINDOW_S = 3600.0


class Coverage:
    def __init__(self, picture: Picture, clock: FeedClock, eta: Eta, areas: AreaIndex, decisions: DecisionLog):
        self.picture, self.clock, self.eta, self.areas, self.decisions = picture, clock, eta, areas, decisions
        self._clip: shapely.Geometry | None = None
        self._seen: dict[tuple[str, float], bool] = {}   # (incident, opened) -> covered when first judged
        self._lock = threading.Lock()

    def available_points(self, now: float) -> list[tuple[float, float]]:
        """(lon, lat) of every unit the suggestions would offer now."""
        committed = self.picture.committed_units()
        return [(u.lon, u.lat) for u in self.picture.units_list() if self.eta.can_go(u, now, committed)]

    def districts_union(self) -> shapely.Geometry:
        if self._clip is None:
            self._clip = shapely.union_all([shape(f["geometry"]) for f in self.areas.to_geojson(0)["features"]])
        return self._clip

    def bands(self, units: list[tuple[float, float]]) -> dict[int, shapely.Geometry]:
        """Band (s) -> the area these units reach within it, inside the districts."""
        return self.eta.reach(units, self.districts_union())

    def share_last_hour(self, now: float, units: list[tuple[float, float]]) -> tuple[float | None, int]:
        """(share of last-hour incidents that had a unit within 7 min, how many incidents)."""
        verdicts = []
        with self._lock:   # two screens must not judge (and cache) the same incident twice
            for inc in self.picture.incidents_list():
                if not now - WINDOW_S <= inc.opened_ts <= now:
                    continue
                key = (inc.incident, inc.opened_ts)
                d = self.decisions.for_incident(inc.incident)
                if d is not None:    # the fastest unit the suggestions offered then (the one sent may not count)
                    verdicts.append(d.suggested_eta_s is not None and d.suggested_eta_s <= WITHIN_S)
                    continue
                if key not in self._seen:
                    self._seen[key] = self.eta.covered((inc.lon, inc.lat), units, WITHIN_S)
                verdicts.append(self._seen[key])
            for key in [k for k in self._seen if k[1] < now - 2 * WINDOW_S]:
                del self._seen[key]
        return (sum(verdicts) / len(verdicts) if verdicts else None), len(verdicts)
