"""Which unit should go: rank the units that can attend an incident by ETA.

A unit is suggested only when it is a joint unit, available, has a full crew
(at least one officer and one paramedic, when the feed gives the counts), has
a fresh fix, and is not already committed to another incident. Everyone else
is listed with the reason, in the control room's words.

Hospital handover rule (only when `places` is given): a unit that reports
`available` while its fix is within HANDOVER_RADIUS_M (150 m) of a hospital
with an ED, and whose status turned `available` from a busy one (en route, on
scene, unavailable) less than HANDOVER_S (10 min) ago, is taken as still handing
its patient over: left out as "busy", detail "at hospital handover (<hospital>)".
After 10 min available there, or when it was never seen busy (its first report,
or coming on duty there), it is taken at its word, e.g. standing by at the ED.

Cost: filtering is O(units) in Python; the ETA is one vectorised model call,
so ranking one incident among 2,000 units is dominated by the filter loop
(~1 ms). `rank_all` filters once and asks the model for each incident's
fastest units only (`nearest_s`): the road model searches just far enough.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dashboard.core.eta import EtaModel, StraightLineModel, fastest_k
from dashboard.core.geo import haversine_m
from dashboard.core.picture import Incident, Unit
from dashboard.core.places import Place
from dashboard.core.targets import target_s
from dashboard.core.text import duration

HANDOVER_RADIUS_M = 150.0   # fix this close to a hospital ED ...
HANDOVER_S = 600.0          # ... and available for less than this: still in handover
HANDED_OVER_FROM = ("en_route", "on_scene", "unavailable")   # ... after one of these
FIRST_CHOICE = "nearest available joint unit"   # why the first suggestion is first, in the reason and the panel
SHOWN = 5    # suggestions per incident on the panel and, by default, the API
NOTED = 5    # suggestions that get a route note (a path walk each): a longer list goes without
# Canonical reasons a unit is left out (the contract's words); `detail` says more.
OFF_DUTY, BUSY, NOT_JOINT, CREW, NO_FIX, STALE, COMMITTED = (
    "off duty", "busy", "not a joint unit", "crew incomplete", "no fix", "stale", "committed")


@dataclass(frozen=True, slots=True)
class Suggestion:
    unit: str
    rank: int
    distance_m: float     # straight line
    eta_s: float          # estimated drive time
    fix_age_s: float
    eta_spread_s: float   # how far the ETA may be off: the model's measured error, more as the fix ages
    reason: str
    within_target: bool | None
    route: str = ""       # how the way goes where it matters ("via Rochester Bridge"), else ""
    near_target: bool = False   # the target falls within the ETA's ±: within or not, it may go either way

    def as_json(self) -> dict:
        return {"unit": self.unit, "rank": self.rank, "distance_m": round(self.distance_m),
                "eta_s": round(self.eta_s), "fix_age_s": round(self.fix_age_s),
                "eta_spread_s": round(self.eta_spread_s), "reason": self.reason,
                "within_target": self.within_target, "near_target": self.near_target, "route": self.route}


@dataclass(frozen=True, slots=True)
class Exclusion:
    unit: str
    why: str
    detail: str

    def as_json(self) -> dict:
        return {"unit": self.unit, "why": self.why, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Ranking:
    incident: str
    suggestions: list[Suggestion]
    excluded: list[Exclusion]
    target_s: float | None
    time_left_s: float | None     # target minus time already waited
    reachable_in_time: bool | None  # False: no available unit can make the target

    def as_json(self) -> dict:
        return {"incident": self.incident,
                "suggestions": [s.as_json() for s in self.suggestions],
                "excluded": [e.as_json() for e in self.excluded],
                "target_s": self.target_s,
                "time_left_s": None if self.time_left_s is None else round(self.time_left_s),
                "reachable_in_time": self.reachable_in_time}


def why_left_out(unit: Unit, now: float, staleness_s: float,
                 committed: dict[str, str], incident_id: str,
                 places: list[Place] | None = None) -> Exclusion | None:
    """The reason this unit cannot be suggested, or None if it can."""
    if unit.status == "off_duty":
        return Exclusion(unit.unit, OFF_DUTY, "off duty")
    if unit.kind != "joint":
        return Exclusion(unit.unit, NOT_JOINT, f"not a joint unit ({unit.kind} only)")
    other = committed.get(unit.unit)
    if unit.status != "available":   # and where: "busy (en route)" left the officer to look for it
        where = f"{ {'en_route': ' to', 'on_scene': ' at'}.get(unit.status, ',')} {other}" if other else ""
        return Exclusion(unit.unit, BUSY, f"busy ({unit.status.replace('_', ' ')}{where})")
    if other and other != incident_id:
        return Exclusion(unit.unit, BUSY, f"busy (committed to {other})")
    hospital = at_handover(unit, now, places) if places else None
    if hospital:
        return Exclusion(unit.unit, BUSY, f"at hospital handover ({hospital})")
    missing = [w for w, n in (("officer", unit.officers), ("paramedic", unit.paramedics)) if n == 0]
    if missing:
        return Exclusion(unit.unit, CREW, f"crew incomplete (no {' or '.join(missing)})")
    if unit.fix_ts is None:
        return Exclusion(unit.unit, NO_FIX, "no fix yet")
    if unit.is_stale(now, staleness_s):   # the one staleness rule: the map's grey units use it too
        return Exclusion(unit.unit, STALE, f"stale (last fix {duration(unit.fix_age_s(now))} ago)")
    return None


def at_handover(unit: Unit, now: float, places: list[Place]) -> str | None:
    """The hospital's short name when the handover rule (module docstring) applies, else None."""
    if (unit.lon is None or unit.status_since is None or now - unit.status_since >= HANDOVER_S
            or unit.status_before not in HANDED_OVER_FROM):
        return None
    eds, lons, lats = _emergency_departments(tuple(places))
    if not eds:
        return None
    d = haversine_m(unit.lon, unit.lat, lons, lats)
    i = int(np.argmin(d))
    return eds[i].name.split(",")[0] if d[i] <= HANDOVER_RADIUS_M else None


@lru_cache(maxsize=8)
def _emergency_departments(places: tuple[Place, ...]) -> tuple[list[Place], np.ndarray, np.ndarray]:
    """The EDs among the places, with coordinate arrays built once (not per unit)."""
    eds = [p for p in places if p.kind == "hospital_ed"]
    return eds, np.array([p.lon for p in eds]), np.array([p.lat for p in eds])


MIN_SPREAD_S = 30.0   # the truth is in whole minutes: nothing finer than half a minute was measured


def eta_spread_s(eta_s: float, fix_age_s: float, p90_error: float, undrawn_s: float = 0.0) -> float:
    """How far off the ETA may be: the model's own error (9 in 10 real drives within
    `p90_error` of it, at least half a minute), the straight line's on the `undrawn_s` of it
    that is a straight-line guess (a unit beyond the drawn roads), plus how far the unit may
    have moved since its fix, as drive time (assume it moved at half speed)."""
    guess = min(max(undrawn_s, 0.0), eta_s)
    own = p90_error * (eta_s - guess) + StraightLineModel.p90_error * guess
    return max(own, MIN_SPREAD_S) + fix_age_s * 0.5


def _reason(rank: int, distance_m: float, eta_s: float, age_s: float, note: str, target: float | None,
            waited_s: float) -> str:
    parts = [FIRST_CHOICE if rank == 1 else f"option {rank}",
             f"{distance_m / 1000:.1f} km", f"ETA {eta_s / 60:.0f} min",
             f"fix {duration(age_s)} old"]
    if note:
        parts.append(note)
    if target is not None:
        left = target - waited_s - eta_s
        parts.append(f"{'within' if left >= 0 else 'misses'} target by {abs(left) / 60:.0f} min")
    return ", ".join(parts)


def split_units(units: list[Unit], now: float, *, staleness_s: float, committed: dict[str, str],
                incident_id: str, places: list[Place] | None) -> tuple[list[Unit], list[Exclusion]]:
    """(units that can go, units left out with why). O(units) in Python, ~1 ms per 2,000."""
    candidates, excluded = [], []
    for unit in units:
        why = why_left_out(unit, now, staleness_s, committed, incident_id, places)
        if why is None:
            candidates.append(unit)
        else:
            excluded.append(why)
    excluded.sort(key=lambda e: (e.why, e.unit))
    return candidates, excluded


def _ranking(incident: Incident, candidates: list[Unit], excluded: list[Exclusion], best: np.ndarray,
             eta: np.ndarray, dist: np.ndarray, guess: np.ndarray, now: float, model: EtaModel, *, notes: bool,
             grade_targets: dict[str, float] | None) -> Ranking:
    """The Ranking from one incident's fastest candidates: their indices, ETAs, straight distances and
    the seconds of each ETA that are a straight-line guess (`EtaModel.undrawn_s`)."""
    target = target_s(incident.category, incident.grade, **({"grade_targets": grade_targets} if grade_targets else {}))
    waited = max(0.0, now - incident.opened_ts)
    suggestions: list[Suggestion] = []
    for rank, j in enumerate(np.lexsort((dist, eta)), start=1):   # equal ETAs: the nearer first
        u, e, d = candidates[best[j]], float(eta[j]), float(dist[j])
        age = u.fix_age_s(now)
        note = model.route_note(u.lon, u.lat, incident.lon, incident.lat) if notes and rank <= NOTED else ""
        within = None if target is None else bool(waited + e <= target)
        spread = eta_spread_s(e, age, model.p90_error, float(guess[j]))
        near = target is not None and abs(target - waited - e) <= spread
        suggestions.append(Suggestion(u.unit, rank, d, e, age, spread, _reason(rank, d, e, age, note, target, waited),
                                      within, note, near_target=near))
    time_left = None if target is None else target - waited
    reachable = None if target is None else bool(suggestions and suggestions[0].within_target)
    return Ranking(incident.incident, suggestions, excluded, target, time_left, reachable)


def _positions(units: list[Unit]) -> tuple[np.ndarray, np.ndarray]:
    return (np.fromiter((u.lon for u in units), float, len(units)),
            np.fromiter((u.lat for u in units), float, len(units)))


def rank_units(incident: Incident, units: list[Unit], now: float, model: EtaModel, *,
               staleness_s: float, committed: dict[str, str] | None = None,
               limit: int = SHOWN, grade_targets: dict[str, float] | None = None,
               places: list[Place] | None = None) -> Ranking:
    """Suggestions (best first, by ETA) and exclusions for one incident."""
    if incident.status == "closed":
        target = target_s(incident.category, incident.grade,
                          **({"grade_targets": grade_targets} if grade_targets else {}))
        return Ranking(incident.incident, [], [], target, None, None)
    candidates, excluded = split_units(units, now, staleness_s=staleness_s, committed=committed or {},
                                       incident_id=incident.incident, places=places)
    lon, lat = _positions(candidates)
    # the whole row (not nearest_s): the road model's route notes need this incident's full searches anyway
    eta = np.asarray(model.eta_s(lon, lat, incident.lon, incident.lat), dtype=float) if candidates else lon
    (best,), (eta,) = fastest_k(eta[None, :], limit)
    dist = haversine_m(lon[best], lat[best], incident.lon, incident.lat)
    at = np.full(len(best), incident.lon), np.full(len(best), incident.lat)
    guess = model.undrawn_s(lon[best], lat[best], *at, eta) if candidates else eta
    return _ranking(incident, candidates, excluded, best, eta, dist, guess, now, model, notes=True,
                    grade_targets=grade_targets)


def rank_all(incidents: list[Incident], units: list[Unit], now: float, model: EtaModel, *,
             staleness_s: float, committed: dict[str, str] | None = None,
             grade_targets: dict[str, float] | None = None, places: list[Place] | None = None,
             limit: int = 1, notes: bool = False) -> dict[str, Ranking]:
    """Rankings for every open incident at once (the queue's top suggestions).

    Units are sorted into can-go / left-out once (no unit is committed to an
    open incident, so the answer is the same for all), and the model gives each
    incident's `limit` fastest units (`nearest_s`): 100 new incidents x 2,000
    units ~12 ms with the road model (~30 ms on a 59,000-node grid; bounded
    searches), ~10 ms again with the units moved (kept rows). Route notes (a
    path search each) only when `notes`.
    """
    open_ = [i for i in incidents if i.status == "open"]
    candidates, excluded = split_units(units, now, staleness_s=staleness_s, committed=committed or {},
                                       incident_id="", places=places)
    if not open_:
        return {}
    lon, lat = _positions(candidates)
    inc_lon = np.array([i.lon for i in open_])
    inc_lat = np.array([i.lat for i in open_])
    best, eta = model.nearest_s(lon, lat, inc_lon, inc_lat, limit)
    dist = haversine_m(lon[best], lat[best], inc_lon[:, None], inc_lat[:, None])
    at = np.broadcast_to(inc_lon[:, None], best.shape).ravel(), np.broadcast_to(inc_lat[:, None], best.shape).ravel()
    guess = (model.undrawn_s(lon[best].ravel(), lat[best].ravel(), *at, eta.ravel()).reshape(best.shape)
             if candidates else eta)
    return {inc.incident: _ranking(inc, candidates, excluded, best[n], eta[n], dist[n], guess[n], now, model,
                                   notes=notes, grade_targets=grade_targets)
            for n, inc in enumerate(open_)}
