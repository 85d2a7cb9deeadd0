"""Decision replay: when the feed says a unit went to an open incident (or a duty officer
accepted one), record what we would have suggested beside it (one ranking, ~1 ms plus path
searches, on the feed reader's thread), and later how long it took to be on scene. Kept in
memory, the latest 20,000. The reader writes while screens read (coverage asks for each
incident of the last hour every refresh), so both go through one lock, and an index finds
an incident's latest decision at once instead of a scan of them all."""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import replace

from dashboard.core.attending import unit_names
from dashboard.core.contract import IncidentEvent
from dashboard.core.decisions import Decision, arrivals as arrivals_of, summarise
from dashboard.core.picture import Picture
from dashboard.core.records import ATTENDED, Unit
from dashboard.service.clock import FeedClock
from dashboard.service.eta import Eta

KEPT = 20_000
NOW_S = 120.0   # a dispatch older than this (plus two replay steps) is not "now": units have moved since
SENT = ("en_route", "on_scene")
SENT_WITHIN_S = 60.0   # a unit gone en route this long before a dispatch to it went for that one


def _as_when_sent(unit: Unit, event: IncidentEvent, committed: dict[str, str]) -> Unit:
    """The unit sent as it was when sent: its own "en route" may have been read first (the AVL
    ahead of the dispatch system, or one replay step holding both), and the ranking then left it
    out as busy and called the dispatch a difference. (Its position may have moved on already.)"""
    if (unit.unit == event.unit and unit.unit not in committed and unit.status_before is not None
            and unit.status in SENT and (unit.status_since or 0.0) >= event.ts - SENT_WITHIN_S):
        unit.status = unit.status_before
    return unit


class DecisionLog:
    def __init__(self, picture: Picture, clock: FeedClock, eta: Eta, caught_up: threading.Event, kept: int = KEPT):
        self.picture, self.clock, self.eta, self.caught_up = picture, clock, eta, caught_up
        self._decisions: deque[Decision] = deque(maxlen=kept)
        self._latest: dict[str, Decision] = {}   # incident -> its latest decision still kept
        self._lock = threading.Lock()

    def note(self, event: IncidentEvent) -> None:
        """The feed reader calls this before it applies an incident event (an accepted assignment
        as its "assigned" event), and the accepting screen before it marks its Accept."""
        inc = self.picture.incident(event.incident)
        if inc is not None and inc.status == "assigned" and event.status == "on_scene":
            # with no unit named: the first sent (the one the decision was about), not a backup sent since
            self._arrived(event.incident, event.unit or next(iter(unit_names(inc)), None), event.ts)
        if event.unit is None or event.status not in ATTENDED or inc is None or inc.status != "open":
            return
        # Only a dispatch happening now can be compared with where the units are now
        # (not one re-read after a restart or written in a replay's snapshot).
        now, _ = self.clock.now()
        if now - event.ts > NOW_S + 2 * self.clock.speed() or not self.caught_up.is_set():
            return
        committed = self.picture.committed_units()
        units = [_as_when_sent(u, event, committed) for u in self.picture.units_list()]
        ranking = self.eta.rank(inc, units, event.ts, committed)
        top = ranking.suggestions[0] if ranking.suggestions else None
        actual = self.eta.eta_and_spread(self.picture.unit(event.unit), inc, event.ts)
        decision = Decision(inc.incident, event.ts, event.unit, actual[0] if actual else None,
                            top.unit if top else None, top.eta_s if top else None, top.eta_spread_s if top else 0.0,
                            actual[1] if actual else 0.0)
        with self._lock:
            kept = self._latest.get(decision.incident)
            if kept is not None and (kept.ts, kept.actual_unit) == (decision.ts, decision.actual_unit):
                return    # the accepting screen and the feed reader noted the same Accept at once
            if len(self._decisions) == self._decisions.maxlen:   # the oldest is about to go
                oldest = self._decisions[0]
                if self._latest.get(oldest.incident) is oldest:
                    del self._latest[oldest.incident]
            self._decisions.append(decision)
            self._latest[decision.incident] = decision

    def _arrived(self, incident: str, unit: str | None, ts: float) -> None:
        """The unit sent is on scene: its decision learns how long it took (a unit sent at once
        on scene, with no assigned step before, drove no measured way and learns nothing)."""
        with self._lock:
            d = self._latest.get(incident)
            if d is None or d.actual_unit != unit or d.arrived_s is not None or ts < d.ts:
                return
            done = replace(d, arrived_s=ts - d.ts)
            self._latest[incident] = done
            for i in range(len(self._decisions) - 1, -1, -1):   # the newest end: a drive takes minutes
                if self._decisions[i] is d:
                    self._decisions[i] = done
                    break

    def forget(self) -> None:
        """A replay seek: the dispatches of the timeline left behind are no longer the replay's (after a
        seek to 2018 the bar counted seven of 2026)."""
        with self._lock:
            self._decisions.clear()
            self._latest.clear()

    def all(self) -> list[Decision]:
        with self._lock:
            return list(self._decisions)

    def recent(self, n: int) -> list[Decision]:
        return self.all()[-n:]

    def summary(self, start: float | None = None, end: float | None = None) -> dict:
        return summarise(self.all(), start, end)

    def arrivals(self, start: float | None = None, end: float | None = None) -> dict:
        return arrivals_of(self.all(), start, end)

    def for_incident(self, incident_id: str) -> Decision | None:
        with self._lock:
            return self._latest.get(incident_id)
