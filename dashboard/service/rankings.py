"""Suggestions: for one incident (the panel, the API) and the queue's top ones.

Cached per 2-second slice of feed time so ten screens asking at once cost one
computation: one incident's ranking per picture version, the queue's per
incident and unit-status versions (not every move).

The cache keeps two generations, each `KEEP_S` of wall time: what was asked in
this one or the one before. A key of a past slice is never asked again, so until
2026-12-06, when the cache was one dict cleared at 2,000 entries, it held up to
~25 MB of dead rankings with 20 open incidents (~45 MB with 100, extrapolated) in
every worker before each clear (docs/reliability.md). Now it holds a few seconds'
worth.
"""
from __future__ import annotations

import threading
import time

from dashboard.core.attending import backup_on_its_way
from dashboard.core.picture import Picture
from dashboard.core.ranking import SHOWN, Ranking
from dashboard.service.clock import FeedClock
from dashboard.service.eta import Eta
from dashboard.service.views import queue_order

RANKED_OPEN = 150   # open incidents ranked at once for the queue and conflict checks
KEEP_S = 10.0       # wall seconds a cache generation lasts (longer than EN_ROUTE_S, so a kept way survives)
CACHE_MAX = 2000    # ... or entries: a generation that fills sooner ends sooner
EN_ROUTE_S = 5.0    # how often the way of a unit on its way is worked out again


class Rankings:
    def __init__(self, picture: Picture, clock: FeedClock, eta: Eta, *, wall=time.monotonic):
        self.picture, self.clock, self.eta = picture, clock, eta
        self._cache: dict[tuple, object] = {}     # this generation
        self._older: dict[tuple, object] = {}     # the one before: still served, and carried on when asked
        self._wall = wall
        self._began = wall()
        self._lock = threading.Lock()   # the first of several screens computes, the rest wait for it

    def _cached(self, key: tuple, compute):
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        with self._lock:
            if self._wall() - self._began >= KEEP_S or len(self._cache) >= CACHE_MAX:
                self._older, self._cache, self._began = self._cache, {}, self._wall()
            hit = self._cache.get(key)
            if hit is None:
                hit = self._older.get(key)
            if hit is None:
                hit = compute()
            self._cache[key] = hit
            return hit

    def cached_entries(self) -> int:
        """How many results the cache holds (both generations)."""
        return len(self._cache) + len(self._older)

    def ranking(self, incident_id: str, limit: int = SHOWN) -> Ranking | None:
        """Suggestions for one incident, the `limit` fastest (None if the incident is unknown)."""
        version = self.picture.versions().changes    # before the incident: a change between is a new key
        inc = self.picture.incident(incident_id)
        if inc is None:
            return None
        now = self.clock.now()[0]
        return self._cached((incident_id, limit, version, int(now // 2)), lambda: self.eta.rank(
            inc, self.picture.units_list(), now, self.picture.committed_units(), limit))

    def open_rankings(self, ids: list[str] | None = None) -> dict[str, Ranking]:
        """The top suggestion for open incidents, all in one ETA matrix.

        `ids`: just these incidents (the queue rows on screen); default the
        RANKED_OPEN most urgent and oldest, which is also the set "also top for"
        conflicts are checked in: thousands of open incidents would otherwise cost
        seconds a refresh.
        """
        now, _ = self.clock.now()

        def compute() -> dict[str, Ranking]:
            incidents = [i for i in self.picture.incidents_list() if i.status == "open"]
            if ids is None:
                incidents = sorted(incidents, key=queue_order)[:RANKED_OPEN]
            else:
                wanted = set(ids)
                incidents = [i for i in incidents if i.incident in wanted]
            return self.eta.rank_all(incidents, self.picture.units_list(), now, self.picture.committed_units())
        v = self.picture.versions()
        return self._cached(("*open*", tuple(ids) if ids is not None else None, v.incidents, v.unit_statuses,
                             int(now // 2)), compute)

    def queue_tops(self, ids: list[str]) -> dict[str, dict | None]:
        """Each of these open incidents' top suggestion as JSON (None: nobody can go)."""
        return {k: (r.suggestions[0].as_json() if r.suggestions else None) for k, r in self.open_rankings(ids).items()}

    def routes(self, incident_id: str, units: list[str]) -> dict[str, list[tuple[float, float]]]:
        """The way each of these units would drive to the incident, as the ETA timed it (the map's
        suggestion lines: round by the bridge, not across the river)."""
        version = self.picture.versions().changes    # before what it keys (as `ranking`)
        inc = self.picture.incident(incident_id)
        if inc is None:
            return {}
        found = [u for u in (self.picture.unit(n) for n in units) if u is not None and u.lat is not None]
        key = ("*routes*", incident_id, tuple(units), version)
        return self._cached(key, lambda: {u.unit: self.eta.route_line(u, inc) for u in found})

    def en_route(self, incident_id: str, coming: list[str]) -> list[tuple[str, float, list[tuple[float, float]]]]:
        """Of the units `coming` to the incident (core/attending.py), those on their way: (call sign,
        ETA s, route) each. Not one on scene, nor one without a fix or with a stale one (its ETA would stand
        still, "about 12 min away", while it goes unheard); with the incident on scene only
        backup still on its way (core/attending.py `backup_on_its_way`). A unit on its way
        reports every few seconds, so each is worked out at most every EN_ROUTE_S of feed time (one path
        search, ~7 ms on the shipped network: a wall with a dozen units on their way would otherwise pay
        it for each at every report); the line may start a few seconds' drive behind the dot."""
        inc = self.picture.incident(incident_id)
        if inc is None or inc.status not in ("assigned", "on_scene"):
            return []
        now = self.clock.now()[0]
        found = [u for u in map(self.picture.unit, coming) if u is not None and u.lat is not None
                 and not u.is_stale(now, self.eta.rules.staleness_s)
                 and u.status != "on_scene" and (inc.status == "assigned" or backup_on_its_way(inc, u))]
        when = int(now // EN_ROUTE_S)
        return [self._cached(("*en_route*", incident_id, u.unit, inc.lon, inc.lat, when),
                             lambda u=u: (u.unit, self.eta.eta_s(u, inc), self.eta.route_line(u, inc)))
                for u in found]

    def suggestions_json(self, incident_id: str, limit: int = SHOWN) -> dict | None:
        """One incident's suggestions, each saying which other open incident it is also the top for."""
        ranking = self.ranking(incident_id, limit)
        if ranking is None:
            return None
        out = ranking.as_json()
        tops: dict[str, str] = {}
        for k, r in self.open_rankings().items():     # queue order: the most urgent first, and it stays
            if r.suggestions and k != incident_id:
                tops.setdefault(r.suggestions[0].unit, k)
        for s in out["suggestions"]:
            s["also_top_for"] = tops.get(s["unit"])
        return out
