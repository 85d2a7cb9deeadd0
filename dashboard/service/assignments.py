"""A duty officer's Accept: write `jru:assignments` once and apply it here at once
(other processes see it through the stream). One Redis round trip."""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from dashboard.core.attending import attendance, units_sent
from dashboard.core.contract import IncidentEvent, feed_ts
from dashboard.core.picture import Assignment, Incident, Picture
from dashboard.core.records import ATTENDED
from dashboard.core.text import call_signs
from dashboard.feed.settings import REDIS_ERRORS, REDIS_TIMEOUTS, RedisSettings
from dashboard.feed.writer import ASSIGN_GUARD_TTL_S, FeedWriter
from dashboard.service.clock import FeedClock
from dashboard.service.rankings import Rankings

log = logging.getLogger(__name__)
NOT_CONFIRMED = "Not confirmed"   # an Accept whose write may or may not have landed (the toast says so)
READ_BACK_S = 1.0         # how long an Accept waits for this process's reader to apply it
READ_BACK_POLL_S = 0.005


class Assignments:
    def __init__(self, picture: Picture, clock: FeedClock, rankings: Rankings, redis: RedisSettings,
                 on_dispatch: Callable[[IncidentEvent], None] | None = None,
                 applied: Callable[[str], bool] | None = None, read_back_s: float = READ_BACK_S):
        """`on_dispatch`: told of each accepted assignment before this process applies it (the
        decision replay: the feed reader, reading it back, finds the incident no longer open).
        `applied(entry_id)`: whether this process's feed reader has applied that assignments entry;
        an Accept waits for it, `read_back_s` at most (None: no reader running, applied at once)."""
        self.picture, self.clock, self.rankings, self.redis = picture, clock, rankings, redis
        self.on_dispatch, self.applied, self.read_back_s = on_dispatch, applied, read_back_s
        self._writer: FeedWriter | None = None
        self._lock = threading.Lock()

    def accept(self, incident_id: str, unit: str, by: str, backup: bool | None = None) -> tuple[bool, str]:
        """(done, what to tell the officer). A unit the suggestions leave out (busy, committed to
        another incident, off duty, stale, not joint) is refused: an officer whose panel was a
        moment old could send the unit another officer had just sent to a C1. `backup` False: the
        officer's panel showed the incident with no unit, so one sent since refuses it (two officers on
        one C1 sent two units, the second told "as well as"); None: not said (the API)."""
        ranking = self.rankings.ranking(incident_id)
        if ranking is None:
            return False, f"unknown incident {incident_id}"
        inc = self.picture.incident(incident_id)
        if inc is None or inc.status == "closed":
            return False, f"incident {incident_id} is closed"
        if not self.picture.has_unit(unit):
            return False, f"unknown unit {unit}"
        attending = dict(self._attendance(inc))
        if unit in attending and attending[unit] is None:      # sent and taken to be coming
            return True, self._already(incident_id, unit, dict(units_sent(inc)).get(unit))
        coming = [u for u, why in attending.items() if why is None]
        if backup is False and coming:
            been = "has" if len(coming) == 1 else "have"
            return False, (f"Not assigned: {call_signs(coming)} {been} just been sent to {incident_id}. "
                           "To send backup as well, use \"Send another unit\".")
        left_out = next((e for e in ranking.excluded if e.unit == unit), None)
        if left_out is not None:
            other = any(s.unit != unit for s in ranking.suggestions)
            return False, (f"Not assigned: {unit} is {left_out.detail}. "
                           + ("Pick another unit." if other else "No other available joint unit can be suggested."))
        match = next((s for s in ranking.suggestions if s.unit == unit), None) or self._ranked(incident_id, unit)
        sent = Assignment(incident_id, unit, feed_ts(self.clock.now()[0]), by)   # as every process reads it back
        try:
            entry = self._write(sent, match)
        except REDIS_ERRORS as exc:
            log.warning("accept %s -> %s not confirmed: %s", unit, incident_id, type(exc).__name__)
            return False, _not_confirmed(exc)
        if entry is None:     # the same pair was accepted under 30 s ago (the guard key)
            return self._accepted_moments_ago(incident_id, unit)
        if self.on_dispatch is not None:
            self.on_dispatch(sent.as_dispatch())
        if not self._read_back(entry):
            self.picture.apply_assignment(sent)   # the reader lags: shown here at once all the same
        return True, self._assigned(incident_id, unit, attending)

    def _read_back(self, entry: str) -> bool:
        """Wait until this process's reader has applied the Accept (milliseconds: it blocks on the
        stream), so this process applies it after the entries that reached Redis before it, as every
        other process and a restart do (applied at once, an "on scene" read just after it was older and
        lost here). False when there is no reader, or it has not got there in `read_back_s`."""
        deadline = time.monotonic() + self.read_back_s
        while self.applied is not None and time.monotonic() < deadline:
            if self.applied(entry):
                return True
            time.sleep(READ_BACK_POLL_S)
        return False

    def _attendance(self, inc: Incident) -> list[tuple[str, str | None]]:
        """Each unit sent, with why it may not be coming: one that reports available since, or was sent
        elsewhere, is sent again when the officer asks (it was "already assigned", and nothing written,
        18 min after it had gone available)."""
        return attendance(inc, self.picture.unit, self.picture.incidents_list())

    def _already(self, incident_id: str, unit: str, sent_ts: float | None) -> str:
        """"moments ago" only when it was: said of a unit sent 18 min before, it read as a double click."""
        if sent_ts is not None and self.clock.now()[0] - sent_ts < ASSIGN_GUARD_TTL_S:
            return f"{unit} was already assigned to {incident_id} moments ago"
        return f"{unit} is already assigned to {incident_id}"

    def _assigned(self, incident_id: str, unit: str, before: dict[str, str | None]) -> str:
        """What the officer is told, given the units the incident had (each with why it may not be
        coming). A unit sent joins them as backup: nothing is replaced or stood down."""
        said = f"{unit} assigned to {incident_id}"
        if unit in before:
            return f"{said} again"
        coming = [u for u, why in before.items() if why is None]
        if coming:
            return f"{said} as well as {call_signs(coming)}"
        return f"{said} ({call_signs(list(before))} may not be coming)" if before else said

    def _accepted_moments_ago(self, incident_id: str, unit: str) -> tuple[bool, str]:
        """Another screen's Accept (or this one's) of the same pair is written: it is applied as it is
        read back. Unless the incident has gone to another unit since: then nothing happens now."""
        inc = self.picture.incident(incident_id)
        attending = dict(self._attendance(inc)) if inc is not None else {}
        if inc is not None and inc.status in ATTENDED and unit not in attending:   # reopened, sent another
            return False, (f"Not assigned: {unit} was sent to {incident_id} under {ASSIGN_GUARD_TTL_S} s ago "
                           f"and {inc.unit} since; to send {unit} again, try in half a minute.")
        if attending.get(unit) is not None:   # sent, then free (or sent elsewhere), within 30 s
            return False, (f"Not sent again: {unit} was sent to {incident_id} under {ASSIGN_GUARD_TTL_S} s ago "
                           "and may not be coming since; to send it again, try in half a minute.")
        return True, f"{unit} was already assigned to {incident_id} moments ago"

    def _ranked(self, incident_id: str, unit: str):
        """The unit's suggestion when it ranks below those shown: an Accept carries its rank, ETA and
        distance (the contract's fields) whichever place the officer sent it from. ~1 ranking of the fleet."""
        ranking = self.rankings.ranking(incident_id, limit=self.picture.counts()["units"])
        return next((s for s in ranking.suggestions if s.unit == unit), None) if ranking else None

    def _write(self, sent: Assignment, match) -> str | None:
        with self._lock:
            if self._writer is None:
                self._writer = FeedWriter(self.redis.client(role="writer"), self.redis.keys)
            return self._writer.assignment(
                incident=sent.incident, unit=sent.unit, ts=sent.ts, by=sent.by or "duty officer",
                rank=match.rank if match else None, eta_s=match.eta_s if match else None,
                distance_m=match.distance_m if match else None)


def _not_confirmed(exc: Exception) -> str:
    """A refused connection wrote nothing; a timeout may have: Redis can still run the command
    once it answers again (a stalled server), so the officer is told to look before sending again."""
    if isinstance(exc, REDIS_TIMEOUTS):
        return (f"{NOT_CONFIRMED}: Redis did not answer in time ({type(exc).__name__}). The assignment may "
                "still be written: check whether the incident shows it assigned before trying again.")
    return (f"Not assigned: Redis did not answer ({type(exc).__name__}); nothing was written. "
            "Try again in a few seconds.")
