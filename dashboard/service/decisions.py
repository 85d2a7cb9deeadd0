"""Decision replay: when the feed says a unit went to an open incident (or a duty officer
accepted one), record what we would have suggested beside it (one ranking, ~1 ms plus path
searches, on the feed reader's thread), and later how long it took to be on scene.

Shared and kept (feed/decision_records.py): the process that notes a dispatch writes it to Redis
once, and every process shows what Redis holds, read on its first incident event (before a rebuild
re-reads the on-scene events of dispatches noted earlier) and every second after; so a restarted
process or another gunicorn worker shows the same decisions. Only while Redis refuses a write is a
decision held in this process alone. In memory, the latest 20,000. The reader writes while screens
read (coverage asks for each incident of the last hour every refresh), so both go through one
lock, and an index finds an incident's latest decision at once instead of a scan of them all."""
from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import replace
from typing import Callable

from dashboard.core.attending import unit_names
from dashboard.core.contract import IncidentEvent
from dashboard.core.decisions import Decision, arrivals as arrivals_of, summarise
from dashboard.core.picture import Picture
from dashboard.core.records import ATTENDED, Unit
from dashboard.feed.decision_records import Arrival, SharedDecisions, dispatch_key
from dashboard.feed.settings import REDIS_ERRORS
from dashboard.service.clock import FeedClock
from dashboard.service.eta import Eta

log = logging.getLogger(__name__)
KEPT = 20_000
FOLLOW_S = 1.0   # how often each process reads what the others noted
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
    def __init__(self, picture: Picture, clock: FeedClock, eta: Eta, caught_up: threading.Event, kept: int = KEPT,
                 shared: SharedDecisions | None = None):
        """`shared`: where the decisions are kept for every process (dashboard/runtime.py: the Redis the
        feed reader follows); None: this process only."""
        self.picture, self.clock, self.eta, self.caught_up = picture, clock, eta, caught_up
        self.shared = shared
        self._decisions: deque[Decision] = deque(maxlen=kept)
        self._latest: dict[str, Decision] = {}   # incident -> its latest decision still kept
        self._lock = threading.Lock()
        self._reading = threading.Lock()   # one read of Redis at a time, taken in in the order written
        self._epoch_read: str | None = None   # the replay epoch whose records are held (None: none read yet)
        self._follower: threading.Thread | None = None
        self._said: str | None = None

    def note(self, event: IncidentEvent) -> None:
        """The feed reader calls this before it applies an incident event (an accepted assignment
        as its "assigned" event), and the accepting screen before it marks its Accept."""
        self._follow(load=True)
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
            if self._held(decision):
                return    # the accepting screen and the feed reader noted the same Accept at once
        if not self._shared(lambda: self.shared.add(decision)):
            with self._lock:
                self._keep(decision)

    def _held(self, d: Decision) -> bool:
        kept = self._latest.get(d.incident)
        return kept is not None and dispatch_key(kept.incident, kept.actual_unit, kept.ts) == dispatch_key(
            d.incident, d.actual_unit, d.ts)

    def _keep(self, decision: Decision) -> None:
        if self._held(decision):
            return   # written here while Redis refused, and read back from it since
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
        if not self._shared(lambda: self.shared.add_arrival(d, ts - d.ts)):
            with self._lock:
                self._set_arrival(Arrival(d.incident, d.actual_unit, d.ts, ts - d.ts))

    def _set_arrival(self, arrival: Arrival) -> None:
        d = self._latest.get(arrival.incident)
        sent_on = dispatch_key(arrival.incident, arrival.unit, arrival.ts)
        if d is None or d.arrived_s is not None or dispatch_key(d.incident, d.actual_unit, d.ts) != sent_on:
            return   # another dispatch of the incident's, or told already
        done = replace(d, arrived_s=arrival.arrived_s)
        self._latest[arrival.incident] = done
        for i in range(len(self._decisions) - 1, -1, -1):   # the newest end: a drive takes minutes
            if self._decisions[i] is d:
                self._decisions[i] = done
                break

    # -- shared through Redis ------------------------------------------------------------
    def _shared(self, write: Callable[[], bool]) -> bool:
        """Write to Redis and read back what it holds (this write, or the same dispatch as another
        process noted it first); False if Redis could not take it (held here only, and said)."""
        if self.shared is None:
            return False
        try:
            write()
            self.refresh()
        except REDIS_ERRORS as exc:
            self._say(f"decision replay not shared: Redis refused a record ({type(exc).__name__}: "
                      f"{str(exc)[:120]}); held by this process only")
            return False
        return True

    def refresh(self) -> None:
        """Take in what every process has noted since the last read, this one's own too. Records of
        another replay epoch are not this timeline's: a new epoch starts the log afresh from Redis."""
        if self.shared is None:
            return
        with self._reading:
            epoch = self.shared.epoch()
            if epoch != self._epoch_read:
                self.shared.rewind()
                with self._lock:
                    self._clear()
            records = self.shared.read_new()
            self._epoch_read = epoch
            with self._lock:
                for noted_in, record in records:
                    if noted_in != epoch:
                        continue
                    if isinstance(record, Arrival):
                        self._set_arrival(record)
                    else:
                        self._keep(record)

    def _follow(self, load: bool = False) -> None:
        """Start following Redis (once). `load`: read what it holds first, on this thread (the feed
        reader's first event: the on-scene events a rebuild re-reads then find their dispatches)."""
        if self.shared is None:
            return
        if load and self._epoch_read != self.shared.epoch():
            try:
                self.refresh()
            except REDIS_ERRORS as exc:
                self._say(f"decision replay not read from Redis: {type(exc).__name__}")
        if self._follower is None:
            with self._lock:
                if self._follower is not None:
                    return
                self._follower = threading.Thread(target=self._following, name="decision-log", daemon=True)
            self._follower.start()

    def _following(self) -> None:
        until = self.shared.until or threading.Event()
        while not until.wait(FOLLOW_S):
            try:
                self.refresh()
                self._said = None
            except REDIS_ERRORS as exc:
                self._say(f"decision replay not read from Redis: {type(exc).__name__}")
            except Exception:   # a bug must not end the following: said once, tried again
                if self._said != "bug":
                    log.exception("decision replay: reading Redis failed")
                    self._said = "bug"

    def _say(self, problem: str) -> None:
        if problem != self._said:
            log.warning(problem)
            self._said = problem

    # -- what the screens ask ------------------------------------------------------------
    def forget(self) -> None:
        """A replay seek: the dispatches of the timeline left behind are no longer the replay's (after a
        seek to 2018 the bar counted seven of 2026). The new epoch's are read from Redis afresh."""
        with self._lock:
            self._clear()
            self._epoch_read = None

    def _clear(self) -> None:
        self._decisions.clear()
        self._latest.clear()

    def all(self) -> list[Decision]:
        self._follow()
        with self._lock:
            return list(self._decisions)

    def recent(self, n: int) -> list[Decision]:
        return self.all()[-n:]

    def summary(self, start: float | None = None, end: float | None = None) -> dict:
        return summarise(self.all(), start, end)

    def arrivals(self, start: float | None = None, end: float | None = None) -> dict:
        return arrivals_of(self.all(), start, end)

    def for_incident(self, incident_id: str) -> Decision | None:
        self._follow()
        with self._lock:
            return self._latest.get(incident_id)
