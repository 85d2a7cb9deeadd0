"""Units and incidents as the JSON API and the screens show them (one shape for both).

Each call copies what it shows from the Picture under its lock: O(units) or
O(incidents log incidents) for the sorted lists, O(1) for one record.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dashboard.core.attending import (Split, attendance, attendances, attending_doubt, attending_doubts, scene_split,
                                      unit_names)
from dashboard.core.geo import haversine_m
from dashboard.core.picture import Incident, Picture, Unit
from dashboard.core.records import NEVER
from dashboard.core.targets import target_s, urgency_rank
from dashboard.core.times import iso
from dashboard.service.clock import FeedClock


ALSO_HERE_M = 50.0   # units this close share a station or a scene: drawn as one dot at any zoom the wall uses


def unit_json(u: Unit, now: float, staleness_s: float) -> dict:
    age = u.fix_age_s(now)
    return {"unit": u.unit, "lat": u.lat, "lon": u.lon, "status": u.status, "kind": u.kind,
            "ts": iso(u.ts), "fix_ts": iso(u.fix_ts),
            "age_s": None if age is None else round(age, 1),
            "stale": u.is_stale(now, staleness_s),
            "officers": u.officers, "paramedics": u.paramedics,
            "status_since": iso(u.status_since)}


def incident_json(i: Incident, now: float, grade_targets: dict[str, float]) -> dict:
    return {"incident": i.incident, "lat": i.lat, "lon": i.lon, "status": i.status, "type": i.type,
            "category": i.category, "grade": i.grade, "summary": i.summary, "unit": i.unit,
            "units": unit_names(i), "area": i.area, "area_fine": i.area_fine, "near": i.near, "postcode": i.postcode,
            "location_source": i.location_source, "ts": iso(max(i.ts, i.accepted_ts)), "opened": iso(i.opened_ts),
            "assigned_at": iso(i.assigned_ts), "on_scene_at": iso(i.on_scene_ts), "closed_at": iso(i.closed_ts),
            "age_s": round(max(0.0, now - i.opened_ts)), "target_s": target_s(i.category, i.grade, grade_targets),
            "urgency": urgency_rank(i.category, i.grade)}


def queue_order(i: Incident) -> tuple:
    """Most urgent first, then oldest: the API's order, and the screens' within waiting and attended."""
    return urgency_rank(i.category, i.grade), i.opened_ts


def waiting_first(i: Incident, doubted: set[str] | frozenset = frozenset()) -> tuple:
    """The screens' order: incidents still waiting for a unit first (a new C1 came in fourth, under
    incidents already on scene, and out of a short queue's view), with them those `doubted`: no unit sent
    is sure to be coming (a C1 whose only unit went elsewhere sat under every open C4, off the wall); each
    part by `queue_order`; closed ones last, the latest closed first (the closed filter began with
    September's)."""
    if i.status == "closed":
        return 2, -(i.closed_ts or i.ts)
    return int(i.status != "open" and i.incident not in doubted), *queue_order(i)


class Views:
    def __init__(self, picture: Picture, clock: FeedClock, staleness_s: float, grade_targets: dict[str, float]):
        self.picture, self.clock = picture, clock
        self.staleness_s, self.grade_targets = staleness_s, grade_targets

    def unit(self, u: Unit, now: float) -> dict:
        return unit_json(u, now, self.staleness_s)

    def incident(self, i: Incident, now: float) -> dict:
        return incident_json(i, now, self.grade_targets)

    def incident_by_id(self, incident_id: str | None) -> dict | None:
        """One incident as the API shows it (None if not held)."""
        inc = self.picture.incident(incident_id)
        return None if inc is None else self.incident(inc, self.clock.now()[0])

    def attendance(self, incident_id: str) -> list[tuple[str, str | None]]:
        """Each unit sent to the incident with why it may not be coming (None: coming); core/attending.py.
        O(units sent)."""
        inc = self.picture.incident(incident_id)
        return [] if inc is None else attendance(inc, self.picture.unit, self.picture.incidents_list())

    def attending_doubt(self, incident_id: str) -> str | None:
        """Why the incident may have no unit coming (core/attending.py); O(units sent)."""
        inc = self.picture.incident(incident_id)
        return None if inc is None else attending_doubt(inc, self.picture.unit, self.picture.incidents_list())

    def attendances(self, incident_ids: list[str]) -> dict[str, list[tuple[str, str | None]]]:
        """`attendance` for a screen's rows at once, by incident (those sent a unit); O(units sent)."""
        return attendances(self.picture.incidents_list(), self.picture.unit, of=incident_ids)

    def scene_splits(self, attending: dict[str, list[tuple[str, str | None]]]) -> dict[str, Split]:
        """By incident on scene with backup on its way: (its units there, the backup), core/attending.py
        `scene_split`. `attending`: `attendances` of a screen's rows."""
        found = {}
        for k, sent in attending.items():
            inc = self.picture.incident(k)
            split = None if inc is None else scene_split(inc, sent, self.picture.unit)
            if split:
                found[k] = split
        return found

    def units_by_name(self, names: list[str]) -> dict[str, dict]:
        """Just these units, as the API shows them."""
        now, _ = self.clock.now()
        found = (self.picture.unit(n) for n in names)
        return {u.unit: self.unit(u, now) for u in found if u is not None}

    def units(self) -> list[dict]:
        now, _ = self.clock.now()
        return [self.unit(u, now) for u in sorted(self.picture.units_list(), key=lambda u: u.unit)]

    def incidents(self, status: str | None = None, order: Callable[[Incident], tuple] = queue_order) -> list[dict]:
        """`status` None: all held; "active": open, assigned or on scene; else that status. `order`:
        `queue_order` (the API), or `waiting_first` (the queue and the wall)."""
        now, _ = self.clock.now()
        incidents = [i for i in self.picture.incidents_list()
                     if status is None or i.status == status or (status == "active" and i.is_active)]
        incidents.sort(key=order)
        return [self.incident(i, now) for i in incidents]

    def stats_incidents(self) -> list[dict]:
        """`incidents`, each with what /stats judges a reopened one by (core/response.py): `reopened_at`, when
        its list of units last started afresh (reopened, or sent for again after closing), and
        `on_scene_again_at`, its first unit on scene since (null when never reopened)."""
        now, _ = self.clock.now()
        return [{**self.incident(i, now), "reopened_at": iso(i.units_since) if i.units_since != NEVER else None,
                 "on_scene_again_at": iso(i.on_scene_since) if i.units_since != NEVER else None}
                for i in sorted(self.picture.incidents_list(), key=queue_order)]

    def committed_units(self) -> dict[str, str]:
        """Unit call sign -> the active incident it is committed to (core/attending.py `committed`)."""
        return self.picture.committed_units()

    def queue(self, status: str | None = None) -> list[dict]:
        """`incidents` in the screens' order (`waiting_first`), with the doubts of every incident held worked
        out once (O(units sent))."""
        doubted = set(attending_doubts(self.picture.incidents_list(), self.picture.unit))
        return self.incidents(status, order=lambda i: waiting_first(i, doubted))

    def unit_details(self, name: str) -> tuple[dict | None, list, str | None]:
        """(the unit as shown, with `near`: where its fix is in words, its status history, the incident it is
        committed to) for the details panel."""
        u = self.picture.unit(name)
        if u is None:
            return None, [], None
        near_of = self.picture.near_of
        now = self.clock.now()[0]
        shown = {**self.unit(u, now),
                 "near": near_of(u.lon, u.lat, None, None) if near_of and u.lat is not None else None,
                 "here": self._also_here(u, now)}
        return shown, list(u.history), self.picture.committed_units().get(name)

    def _also_here(self, u: Unit, now: float) -> list[dict]:
        """The other units whose fix is within ALSO_HERE_M of this one's, by call sign: on the map their
        dots lie on one another (a station, a scene), so only one can be clicked. One pass over the units."""
        others = [o for o in self.picture.units_list() if o.unit != u.unit and o.lat is not None]
        if u.lat is None or not others:
            return []
        apart = haversine_m(u.lon, u.lat, np.array([o.lon for o in others]), np.array([o.lat for o in others]))
        return [self.unit(o, now) for o, d in sorted(zip(others, apart), key=lambda p: p[0].unit) if d <= ALSO_HERE_M]
