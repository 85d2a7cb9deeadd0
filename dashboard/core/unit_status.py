"""A unit's status and crew as its reports state them, and what an Accept and its incident's close do to
them. Pure rules, no Dash, no Redis: the picture (core/picture.py) calls them under its lock.

Each field is the latest that stated it, by `ts` (docs/feed.md, "Latest by ts wins"): the fix, the status
and each of kind, officers and paramedics, so a report read late still applies what it is the latest word
on. An Accept sets its unit en route (`sent_to`: the incident) until the unit states a status of its own, or
that incident closes after it (or was closed when it was made): a unit that reports no status stayed en route
for good, never suggested again.
"""
from __future__ import annotations

from dashboard.core.contract import UnitReport
from dashboard.core.crews import CREW_FIELDS
from dashboard.core.records import NEVER, Incident, Unit


def set_status(unit: Unit, status: str, ts: float, why: str, stated: bool) -> None:
    """`stated`: the status was said (not the default of a unit's first report). O(1)."""
    if status != unit.status or unit.status_since is None:
        # a unit's first report is not a change: nothing is known of what it did before
        unit.status_before = unit.status if unit.status_since is not None else None
        unit.status, unit.status_since = status, ts
        unit.history.append((ts, status, why))
    if stated:
        unit.status_ts, unit.sent_to = ts, None


def state_crew(unit: Unit, report: UnitReport) -> bool:
    """The kind and crew counts the report states that are newer than what is held of each (they stick: a
    police car's `kind` read after its next fix-only report still counts). True if any."""
    found = [n for n in CREW_FIELDS if getattr(report, n) is not None and report.ts >= unit.crew_ts.get(n, NEVER)]
    for name in found:
        setattr(unit, name, getattr(report, name))
        unit.crew_ts[name] = report.ts
    return bool(found)


def apply_older(unit: Unit, report: UnitReport) -> tuple[bool, bool]:
    """A report older than the unit's latest: only what is newer than what is held of it applies.
    (moved, status or crew restated)."""
    moved = report.has_fix and (unit.fix_ts is None or report.ts >= unit.fix_ts)
    restated = report.status is not None and (unit.status_ts is None or report.ts >= unit.status_ts)
    crew = state_crew(unit, report)
    if moved:
        unit.lat, unit.lon, unit.fix_ts = report.lat, report.lon, report.ts
    if restated:
        set_status(unit, report.status, report.ts, "report", True)
    if not (moved or restated or crew):
        unit.history.append((report.ts, report.status or unit.status, "older report, not applied"))
    return moved, restated or crew


def sent_by_accept(unit: Unit, incident: str, ts: float, by: str | None) -> bool:
    """A duty officer's Accept at `ts` sets the unit en route to `incident`, unless the unit stated a status
    since. True if it did (once: the accepting process reads its own Accept back)."""
    note = (ts, "en_route", f"assigned to {incident} by {by or 'duty officer'}")
    if note in unit.history or (unit.status_ts is not None and ts < unit.status_ts):   # not only the newest
        return False
    unit.status_before, unit.sent_to = unit.status, incident
    unit.ts, unit.status, unit.status_since, unit.status_ts = max(unit.ts, ts), "en_route", ts, ts
    unit.history.append(note)
    return True


def stood_down(unit: Unit, incident: Incident) -> bool:
    """The incident closed at or after the Accept (reopened since or not) ends the en route that Accept gave
    the unit: available, unless the unit stated a status since. The status stays dated by the Accept, not
    the close: a report the unit made between the two, read late, is still its latest word. An Accept made
    while the CAD had the incident closed (its close stamped a moment before, by a clock behind ours) ends
    at once: a unit that sends fixes only stayed en route to a closed incident for good, never suggested.
    A reopening between that close and the Accept, read late, puts the unit back en route. True if the
    status changed. Order-independent: the closes, reopenings and the Accept's time decide (core/sending.py
    works them out in time order), whichever was read first."""
    if incident.closed_ts is None or unit.status_ts is None:
        return False
    accept = (incident.incident, unit.status_ts)
    moot = (unit.unit, unit.status_ts) in incident.sent_to_closed
    if unit.sent_to == incident.incident and unit.status == "en_route":
        if not moot and incident.closed_ts < unit.status_ts:
            return False
        set_status(unit, "available", unit.status_ts if moot else incident.closed_ts,
                   f"{incident.incident} closed", False)
        unit.sent_to, unit.freed = None, accept
        return True
    if unit.freed == accept and unit.status == "available" and not moot and incident.closed_ts < unit.status_ts:
        set_status(unit, "en_route", unit.status_ts, f"{incident.incident} reopened before the Accept", False)
        unit.sent_to, unit.freed = incident.incident, None
        return True
    return False
