"""The ETA model behind one lock, and the ranking options written once.

The road model's caches are not thread-safe, so every use of the model in this
process goes through `Eta` (screens, the API, the feed reader's decision
replay, coverage). Ranking one incident among 2,000 units costs ~1 ms plus the
model's path searches; `rank_all` each incident's fastest units (`nearest_s`:
~12 / 30 ms for 100 new incidents x 2,000 units on the shipped network / a 59,000-node
grid, ~10 / 16 ms on the next refresh).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import shapely

from dashboard.core.coverage import BANDS_S, coverage_polygons, coverage_share
from dashboard.core.eta import EtaModel
from dashboard.core.picture import Incident, Unit
from dashboard.core.places import Place
from dashboard.core.ranking import SHOWN, Ranking, eta_spread_s, rank_all, rank_units, why_left_out


@dataclass(frozen=True)
class RankRules:
    """What decides who may go and how urgent it is: the same for every ranking."""
    staleness_s: float
    grade_targets: dict[str, float]
    places: list[Place] = field(default_factory=list)   # hospitals (handover rule)


class Eta:
    def __init__(self, model: EtaModel, rules: RankRules):
        self.model, self.rules = model, rules
        self._lock = threading.Lock()

    def rank(self, incident: Incident, units: list[Unit], now: float, committed: dict[str, str],
             limit: int = SHOWN) -> Ranking:
        with self._lock:
            return rank_units(incident, units, now, self.model, staleness_s=self.rules.staleness_s, limit=limit,
                              committed=committed, grade_targets=self.rules.grade_targets, places=self.rules.places)

    def rank_all(self, incidents: list[Incident], units: list[Unit], now: float,
                 committed: dict[str, str]) -> dict[str, Ranking]:
        with self._lock:
            return rank_all(incidents, units, now, self.model, staleness_s=self.rules.staleness_s,
                            committed=committed, grade_targets=self.rules.grade_targets, places=self.rules.places)

    def eta_s(self, unit: Unit | None, incident: Incident) -> float | None:
        """One unit's ETA to the incident (None without a fix)."""
        if unit is None or unit.lat is None:
            return None
        with self._lock:
            return float(self.model.eta_s(np.array([unit.lon]), np.array([unit.lat]), incident.lon, incident.lat)[0])

    def eta_and_spread(self, unit: Unit | None, incident: Incident, now: float) -> tuple[float, float] | None:
        """One unit's ETA to the incident and how far off it may be, as a suggestion's ± (None without a fix)."""
        if unit is None or unit.lat is None:
            return None
        at, to = (np.array([unit.lon]), np.array([unit.lat])), (np.array([incident.lon]), np.array([incident.lat]))
        with self._lock:
            eta = self.model.eta_s(*at, incident.lon, incident.lat)
            undrawn = float(self.model.undrawn_s(*at, *to, eta)[0])
        return float(eta[0]), eta_spread_s(float(eta[0]), unit.fix_age_s(now) or 0.0, self.model.p90_error, undrawn)

    def route_line(self, unit: Unit, incident: Incident) -> list[tuple[float, float]]:
        """The way the unit's ETA was timed along (the ranking's searches make it cheap after)."""
        with self._lock:
            return self.model.route_line(unit.lon, unit.lat, incident.lon, incident.lat)

    def can_go(self, unit: Unit, now: float, committed: dict[str, str]) -> bool:
        """Would the suggestions offer this unit now (to any incident)?"""
        return unit.lon is not None and why_left_out(unit, now, self.rules.staleness_s, committed, "",
                                                     self.rules.places) is None

    def reach(self, units: list[tuple[float, float]], clip: shapely.Geometry) -> dict[int, shapely.Geometry]:
        """Where these (lon, lat) units reach within each coverage band (s -> area)."""
        return coverage_polygons(self.model, units, clip, BANDS_S, guard=self._lock)  # lock: model calls only

    def covered(self, point: tuple[float, float], units: list[tuple[float, float]], within_s: float) -> bool:
        with self._lock:
            return coverage_share([point], units, self.model, within_s) == 1.0
