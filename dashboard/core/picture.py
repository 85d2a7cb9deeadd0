"""The current picture: every unit and incident, built from feed reports.

Applies the contract's ordering rules (the latest report by `ts` wins; on equal `ts` the later entry
wins; an older report is kept in the history but moves nothing back), field by field: a unit's fix and
status, an incident's status (core/incident_status.py) and units (core/sending.py), so every process
holds the same picture whatever order it read the entries in. Pure Python, no Redis: the feed reader
calls `apply_*` in stream order, and readers take consistent copies under `lock`.

Cost: a unit report O(1), an incident entry O(f log f) for its f facts (a handful); `units_list` /
`incidents_list` copy O(n) records.
"""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import replace
from typing import Callable

from dashboard.core.attending import committed
from dashboard.core.contract import Assignment, ContractError, IncidentEvent, UnitReport  # noqa: F401 (Assignment: re-exported)
from dashboard.core.crews import Crew, crews_of, fill_crew
from dashboard.core.incident_status import accepted, settle, state_status
from dashboard.core.postcodes import squash
from dashboard.core.records import ACTIVE_INCIDENT, HISTORY_LEN, NEVER, TOLD, Incident, Unit, Versions  # noqa: F401 (re-exported)
from dashboard.core.sending import cad_said, send
from dashboard.core.unit_status import apply_older, sent_by_accept, set_status, state_crew, stood_down


class Picture:
    """Units and incidents as the feed has told them, plus a change counter.

    `area_of(lon, lat)` (optional) names the district of each new incident;
    `fine_area_of` (optional) its beat, the finer layer, into `area_fine`.
    `postcode_at(text)` (optional) places an incident sent with a postcode and no lat/lon ((lon, lat) or
    None: unknown); `near_of(lon, lat, district, postcode)` says where it is in words, into `near` (both
    dashboard/core/whereabouts.py).
    `version` goes up on every applied change so screens can skip no-op updates.
    """

    def __init__(self, area_of: Callable[[float, float], str | None] | None = None,
                 fine_area_of: Callable[[float, float], str | None] | None = None,
                 postcode_at: Callable[[str], tuple[float, float] | None] | None = None,
                 near_of: Callable[[float, float, str | None, str | None], str] | None = None):
        self.units: dict[str, Unit] = {}
        self.incidents: dict[str, Incident] = {}
        self.crews_held: dict[str, Crew] = {}   # crews kept through the streams' trims (core/crews.py): a start
        self.area_of = area_of
        self.fine_area_of = fine_area_of
        self.postcode_at = postcode_at
        self.near_of = near_of
        self.lock = threading.RLock()
        self.version = 0
        self.applied = 0
        self.unit_version: dict[str, int] = {}   # version at which each unit last changed (for deltas)
        self.reset_version = 0                   # version of the last clear(): screens start again
        self.incident_version = 0                # version of the last change to any incident
        self.incident_change: dict[str, int] = {}   # version at which each incident last changed (for deltas)
        self.unit_status_version = 0             # ... to a unit's anything but its position (new, status, crew)
        self.ignored_older = 0

    # -- applying reports -------------------------------------------------
    def apply_unit(self, report: UnitReport) -> bool:
        """Apply a unit report; False when it is older than what is held. The fix is the latest
        report with lat/lon and the status the latest with a status (or an Accept), each by ts:
        a late AVL fix still moves the unit, and every process holds the same picture whatever
        order the entries of one millisecond were read in."""
        with self.lock:
            unit = self.units.get(report.unit)
            before = None
            if unit is None:
                unit = self.units[report.unit] = Unit(unit=report.unit, ts=report.ts)
                fill_crew(unit, self.crews_held.get(report.unit))
            elif report.ts < unit.ts:
                return self._apply_older(unit, report)
            else:
                before = (unit.status, unit.kind, unit.officers, unit.paramedics, unit.fix_ts is None)
            unit.ts = report.ts
            if report.has_fix:
                unit.lat, unit.lon, unit.fix_ts = report.lat, report.lon, report.ts
            state_crew(unit, report)
            if report.status is not None or unit.status_since is None:
                set_status(unit, report.status or unit.status, report.ts, "report", report.status is not None)
            self._changed()
            self.unit_version[unit.unit] = self.version
            if before != (unit.status, unit.kind, unit.officers, unit.paramedics, unit.fix_ts is None):
                self.unit_status_version = self.version
            return True

    def _apply_older(self, unit: Unit, report: UnitReport) -> bool:
        moved, restated = apply_older(unit, report)
        if restated:
            self.unit_status_version = self.version + 1
        if moved or restated:
            self._changed()
            self.unit_version[unit.unit] = self.version
        self.ignored_older += 1
        return False

    def apply_incident(self, event: IncidentEvent) -> bool:
        """Apply an incident event; raises ContractError when the incident's
        first event has no location; False when older than what is held."""
        with self.lock:
            inc = self.incidents.get(event.incident)
            lon, lat, source = self._where(event, inc)
            if inc is None:
                if lat is None:
                    raise ContractError(f"first event of incident '{event.incident}' has no lat/lon")
                # a first event without a status is "open" by default, not a statement: an older one read late counts
                inc = self.incidents[event.incident] = Incident(
                    incident=event.incident, ts=event.ts, opened_ts=event.ts, lat=lat, lon=lon, postcode=event.postcode)
                self._place(inc, lon, lat, source)
            elif event.ts < inc.ts:   # older: its status, if newer than the status held, and its units still count
                self.ignored_older += 1
                inc.opened_ts = min(inc.opened_ts, event.ts)   # the first event read late: as old as it is
                stated = event.status is not None and state_status(inc, event.status, event.ts)
                changed = [cad_said(inc, event.status, event.unit, event.ts), stated, self._tell(inc, event),
                           settle(inc)]
                self._stand_down(inc)
                return any(changed) and self._incident_changed(inc)
            inc.ts = event.ts
            if event.postcode is not None and (event.lat is not None or source == "postcode"):
                inc.postcode = event.postcode    # an unknown one on a later event is not kept
            if lat is not None and (lat, lon) != (inc.lat, inc.lon):
                self._place(inc, lon, lat, source)
            self._tell(inc, event)
            if event.status is not None:
                state_status(inc, event.status, event.ts)   # unless the CAD stated one since (late summary)
            cad_said(inc, event.status, event.unit, event.ts)   # the units it names or reopens (core/sending.py)
            settle(inc)
            self._stand_down(inc)
            return self._incident_changed(inc)

    @staticmethod
    def _tell(inc: Incident, event: IncidentEvent) -> bool:
        """The type, category, grade and summary the event states, each unless an event stated it later (on equal
        ts the later entry wins): a C1 upgrade read before an older C3 event kept the C3, and a cardiac arrest's
        first event read after its update kept no category, so no target. True if any applied."""
        found = [n for n in TOLD if getattr(event, n) is not None and event.ts >= inc.told_ts.get(n, NEVER)]
        for name in found:
            setattr(inc, name, getattr(event, name))
            inc.told_ts[name] = event.ts
        return bool(found)

    def _stand_down(self, inc: Incident) -> None:
        for name, _ in inc.ever_sent if inc.closed_ts is not None else ():
            unit = self.units.get(name)
            if unit is not None and stood_down(unit, inc):
                self.unit_version[name] = self.unit_status_version = self.version + 1

    def _incident_changed(self, inc: Incident) -> bool:
        self._changed()
        self.incident_version = self.incident_change[inc.incident] = self.version
        return True

    def _where(self, event: IncidentEvent, inc: Incident | None) -> tuple[float | None, float | None, str]:
        """(lon, lat, source) of an event: its coordinates, else its postcode's centroid
        (contract v1.1); an unknown postcode without coordinates is a reject on a first event.
        A later event's postcode moves the incident only when it is another postcode (a
        correction): CAD repeating the postcode on every event moved an incident placed by its
        exact coordinates to the postcode's centroid. An unknown one there moves nothing (it
        rejected the event that closed the incident)."""
        if event.lat is not None or event.postcode is None or self.postcode_at is None:
            return event.lon, event.lat, "lat_lon"
        if inc is not None and inc.postcode is not None and squash(inc.postcode) == squash(event.postcode):
            return None, None, "same postcode"
        found = self.postcode_at(event.postcode)
        if found is None:
            if inc is not None:
                return None, None, "unknown postcode"
            raise ContractError("unknown postcode")
        return found[0], found[1], "postcode"

    def _place(self, inc: Incident, lon: float, lat: float, source: str) -> None:
        """Put an incident at (lon, lat): district, beat and words follow it."""
        inc.lat, inc.lon, inc.location_source = lat, lon, source
        inc.area = self.area_of(lon, lat) if self.area_of else None
        inc.area_fine = self.fine_area_of(lon, lat) if self.fine_area_of else None
        placed_by = inc.postcode if source == "postcode" else None
        inc.near = self.near_of(lon, lat, inc.area, placed_by) if self.near_of else None

    def apply_assignment(self, a: Assignment) -> bool:
        """A duty officer's accepted assignment: the unit joins the incident's units and is en route, and an
        open incident is assigned (one on scene stays so: the unit is backup), unless either has newer news
        already (core/sending.py, core/incident_status.py)."""
        with self.lock:
            inc, unit = self.incidents.get(a.incident), self.units.get(a.unit)
            # backup joins the units it has, whenever read (closed meanwhile too: in the order sent it came
            # first); a re-send is a sending too (core/sending.py)
            changed = inc is not None and send(inc, a.unit, a.ts)
            if inc is not None:
                accepted(inc, a.ts)
                changed = settle(inc) or changed   # open -> assigned, unless reopened since
            if changed:
                self.incident_change[inc.incident] = self.version + 1
            if unit is not None and sent_by_accept(unit, a.incident, a.ts, a.by):   # once, by ts
                if inc is not None:
                    stood_down(unit, inc)   # closed after the Accept, that close read first
                changed = True
                self.unit_version[unit.unit] = self.version + 1
            if changed:
                self._changed()
                self.incident_version = self.unit_status_version = self.version
            return changed

    def clear(self) -> None:
        """Forget everything (a replay seek starts a new picture)."""
        with self.lock:
            self.units.clear()
            self.incidents.clear()
            self.unit_version.clear()
            self.incident_change.clear()
            self._changed()
            self.reset_version = self.incident_version = self.unit_status_version = self.version

    def prune_closed(self, now: float, keep_s: float) -> int:
        """Forget incidents closed more than keep_s ago (bounded memory)."""
        with self.lock:
            old = [k for k, i in self.incidents.items()
                   if i.status == "closed" and i.closed_ts is not None and now - i.closed_ts > keep_s]
            for k in old:
                del self.incidents[k]
                self.incident_change.pop(k, None)
            if old:
                self._changed()
                self.incident_version = self.version
            return len(old)

    def prune_unheard(self, now: float, keep_s: float) -> int:
        """Forget units not heard from for keep_s (the units stream's retention:
        a restart would not rebuild them either). Without this, call signs used
        once stay for ever (20,000 of them: a 5 MB /api/units, 1 s rankings).
        Screens get a fresh snapshot, since a delta cannot say 'gone'."""
        with self.lock:
            old = [k for k, u in self.units.items() if now - u.ts > keep_s]
            for k in old:   # its crew is kept, as a restart keeps it (core/crews.py)
                self.crews_held[k] = crews_of([self.units.pop(k)])[k]
                self.unit_version.pop(k, None)
            if old:
                self._changed()
                self.reset_version = self.unit_status_version = self.version
            return len(old)

    def _changed(self) -> None:
        self.version += 1
        self.applied += 1

    # -- reading ----------------------------------------------------------
    def units_list(self) -> list[Unit]:
        """Copies of every unit (safe to use outside the lock)."""
        with self.lock:
            return [replace(u, history=deque(u.history, maxlen=HISTORY_LEN)) for u in self.units.values()]

    def incidents_list(self) -> list[Incident]:
        with self.lock:
            return [replace(i) for i in self.incidents.values()]

    def unit(self, name: str) -> Unit | None:
        """A copy of one unit (with its status history), or None."""
        with self.lock:
            u = self.units.get(name)
            return None if u is None else replace(u, history=deque(u.history, maxlen=HISTORY_LEN))

    def incident(self, incident_id: str | None) -> Incident | None:
        """A copy of one incident, or None."""
        with self.lock:
            i = self.incidents.get(incident_id)
            return None if i is None else replace(i)

    def incident_ids(self) -> set[str]:
        with self.lock:
            return set(self.incidents)

    def has_unit(self, name: str) -> bool:
        with self.lock:
            return name in self.units

    def versions(self) -> Versions:
        with self.lock:
            return Versions(self.version, self.incident_version, self.unit_status_version, self.reset_version)

    def counts(self) -> dict[str, int]:
        """How many units, incidents and open incidents are held (O(incidents))."""
        with self.lock:
            return {"units": len(self.units), "incidents": len(self.incidents),
                    "open_incidents": sum(1 for i in self.incidents.values() if i.status == "open")}

    def units_changed_since(self, version: int) -> list[Unit]:
        """Copies of the units changed after `version` (O(units) scan, ~0.1 ms per 2,000)."""
        with self.lock:
            return [replace(self.units[k], history=deque()) for k, v in self.unit_version.items() if v > version]

    def incidents_changed_since(self, version: int) -> list[Incident]:
        """Copies of the incidents changed after `version` (O(incidents) scan)."""
        with self.lock:
            return [replace(self.incidents[k]) for k, v in self.incident_change.items() if v > version]

    def committed_units(self) -> dict[str, str]:
        """Unit call sign -> the active incident it is committed to (core/attending.py `committed`)."""
        with self.lock:
            return committed(self.incidents.values(), self.units.get)
