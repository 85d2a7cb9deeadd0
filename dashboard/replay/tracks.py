"""Where each unit is at any replayed moment, derived from the compact history.

Position reports are generated, not stored: a shift's track is a list of legs
(drive to the job, on scene, drive back to base) built from its incidents'
assigned / on-scene / closed times, those it went to as backup too (on scene until
the close). The same inputs always give the same positions, so a seek lands exactly
where a straight replay would have been.

Routes come from the road model (`dashboard.core.roads.RoadModel.route_line`)
when it loads, else a straight line. Route polylines are computed lazily per
leg (only legs actually replayed cost a routing call) and kept with the track.
"""
from __future__ import annotations

import bisect
import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

from dashboard.replay.calibration import travel_s
from dashboard.replay.history_index import History

if TYPE_CHECKING:
    from dashboard.core.roads import RoadModel

log = logging.getLogger(__name__)
Router = Callable[[float, float, float, float], list[tuple[float, float]]]
PATROL_RADIUS_DEG = (0.009, 0.006)  # single-service units circle their base (~600 m)
PATROL_PERIOD_S = 2400.0


def straight(lon1: float, lat1: float, lon2: float, lat2: float) -> list[tuple[float, float]]:
    return [(lon1, lat1), (lon2, lat2)]


@dataclass(frozen=True)
class RoadRouter:
    """Routes along the road model (a straight line where it has none); its `roads` also time a unit's
    drive back to base, over the same roads as the history's drives were timed."""
    roads: RoadModel

    def __call__(self, lon1: float, lat1: float, lon2: float, lat2: float) -> list[tuple[float, float]]:
        try:
            line = [(float(x), float(y)) for x, y in self.roads.route_line(lon1, lat1, lon2, lat2)]
        except Exception:
            return straight(lon1, lat1, lon2, lat2)
        return [(lon1, lat1), *line, (lon2, lat2)] if line else straight(lon1, lat1, lon2, lat2)


def roads_of(router: Router) -> RoadModel | None:
    """The road model a router drives on (None: straight lines)."""
    return router.roads if isinstance(router, RoadRouter) else None


def load_router() -> tuple[Router, str]:
    """The road model's route_line if it loads, else straight lines; (router, name)."""
    try:
        from dashboard.core.roads import RoadModel
        model = RoadModel.load()
    except Exception as exc:  # not built yet, or its data missing: straight lines still replay
        log.info("road model not available for replay routes (%s); straight lines", exc)
        return straight, "straight-line"
    return RoadRouter(model), "roads"


@dataclass
class Leg:
    """One movement (or stay) from a to b over [t0, t0 + dur), cut short at `t1` if re-tasked."""
    t0: float
    t1: float
    dur: float
    status: str
    a: tuple[float, float]
    b: tuple[float, float]
    _path: list[tuple[float, float]] | None = field(default=None, repr=False)
    _cum: list[float] | None = field(default=None, repr=False)

    def at(self, t: float, router: Router) -> tuple[float, float]:
        if self.a == self.b or self.dur <= 0:
            return self.b
        f = min(1.0, max(0.0, (t - self.t0) / self.dur))
        if self._path is None:
            self._path = router(*self.a, *self.b)
            cum = [0.0]
            for (x0, y0), (x1, y1) in zip(self._path, self._path[1:]):
                cum.append(cum[-1] + math.hypot((x1 - x0) * 0.623, y1 - y0))  # cos(51.4 deg)
            self._cum = cum
        total = self._cum[-1]
        if total <= 0:
            return self.b
        d = f * total
        i = max(0, min(len(self._cum) - 2, bisect.bisect_right(self._cum, d) - 1))
        seg = self._cum[i + 1] - self._cum[i]
        g = 0.0 if seg <= 0 else (d - self._cum[i]) / seg
        (x0, y0), (x1, y1) = self._path[i], self._path[i + 1]
        return x0 + (x1 - x0) * g, y0 + (y1 - y0) * g


Stint = tuple[float, float, float, tuple[float, float]]   # (sent, on scene, closed, where the incident is)


class ShiftTrack:
    """A unit's whole shift: `state(t)` -> (lon, lat, status). ~14 legs for a JRU shift.

    `extra`: jobs besides the history's (a duty officer's Accept in the demo, orders.py). A job
    that starts while the unit is on another takes it from where it is (the earlier is cut short);
    an incident that closes before the unit gets there stands it down where it is."""

    def __init__(self, history: History, row: int, router: Router, extra: Sequence[Stint] = ()):
        s = history.shifts.iloc[row]
        self.row = row
        self.unit, self.kind = str(s["unit"]), str(s["kind"])
        self.officers, self.paramedics = int(s["officers"]), int(s["paramedics"])
        self.start, self.end = float(history.shift_start[row]), float(history.shift_end[row])
        self.base = (float(s["base_lon"]), float(s["base_lat"]))
        self.router = router
        self.legs: list[Leg] = []
        self._starts: list[float] = []
        inc = history.incidents
        stints = [(ta, tos, tc, (float(inc.at[i, "lon"]), float(inc.at[i, "lat"])))
                  for ta, tos, tc, i in history.stints(row)]
        for ta, tos, tc, target in sorted([*stints, *extra]) if extra else stints:
            self._add(ta, tos, tc, target)

    def _add(self, ta: float, tos: float, tc: float, target: tuple[float, float]) -> None:
        while self.legs and self.legs[-1].t0 > ta:   # sent on before a leg of the last job began: drop it
            self.legs.pop()
            self._starts.pop()
        origin = self._where(ta)[:2]
        if self.legs and self.legs[-1].t1 > ta:
            self.legs[-1].t1 = ta
        self.legs.append(Leg(ta, min(tos, tc), tos - ta, "en_route", origin, target))
        self._starts.append(ta)
        if tc > tos:
            self.legs.append(Leg(tos, tc, tc - tos, "on_scene", target, target))
            self._starts.append(tos)
        where = target if tc >= tos else self.legs[-1].at(tc, self.router)
        back = travel_s(*where, *self.base, blue=False, roads=roads_of(self.router))
        self.legs.append(Leg(tc, tc + back, back, "available", where, self.base))
        self._starts.append(tc)

    def _where(self, t: float) -> tuple[float, float, str]:
        if t >= self.end:
            return (*self.base, "off_duty")
        i = bisect.bisect_right(self._starts, t) - 1
        if i >= 0 and t < self.legs[i].t1:
            leg = self.legs[i]
            return (*leg.at(t, self.router), leg.status)
        if self.kind != "joint":
            a = 2 * math.pi * (t - self.start) / PATROL_PERIOD_S
            return (self.base[0] + PATROL_RADIUS_DEG[0] * math.sin(a),
                    self.base[1] + PATROL_RADIUS_DEG[1] * (math.cos(a) - 1), "available")
        return (*self.base, "available")

    def state(self, t: float) -> tuple[float, float, str]:
        """Position and status at replayed time t (off_duty at base from the shift's end)."""
        return self._where(t)

    def moving(self, t: float) -> bool:
        if self.kind != "joint":
            return True
        i = bisect.bisect_right(self._starts, t) - 1
        return i >= 0 and t < self.legs[i].t1 and self.legs[i].status != "on_scene"

    def report(self, t: float) -> dict:
        """A contract unit report at t (every field, so one report restores the unit)."""
        lon, lat, status = self.state(t)
        return {"unit": self.unit, "ts": round(t, 1), "lat": round(lat, 6), "lon": round(lon, 6),
                "status": status, "kind": self.kind, "officers": self.officers, "paramedics": self.paramedics}
