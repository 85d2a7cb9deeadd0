"""Whether the unit an incident has is still coming: pure rules, no Dash, no Redis.

An incident shows "assigned: JRU-DA-1" for as long as the feed says nothing else of the incident;
but the unit's own reports, or another incident, may say it went elsewhere (a CAD that re-tasked
it, an AVL status the dispatch system did not mirror). The control room then thinks a unit is
coming that is not. One pass over the incidents, for one incident or all of them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from dashboard.core.records import ATTENDED, Incident, Unit

FREE = ("available", "off_duty", "unavailable")   # a unit saying one of these since it was sent is not coming


def _sent(i: Incident) -> float:
    """When the incident's unit was sent: its own time, not the first unit's (`assigned_ts`)."""
    return i.unit_ts if i.unit_ts is not None else i.assigned_ts if i.assigned_ts is not None else i.ts


def last_sent_to(incidents: Iterable[Incident]) -> dict[str, Incident]:
    """Each unit's attended incident it was sent to last (the first held, at equal times). O(incidents)."""
    last: dict[str, Incident] = {}
    for i in incidents:
        if i.status in ATTENDED and i.unit and (i.unit not in last or _sent(i) > _sent(last[i.unit])):
            last[i.unit] = i
    return last


def _doubt(incident: Incident, unit: Unit | None, last: Incident | None) -> str | None:
    """The rule, given what the unit was sent to last (`last_sent_to`)."""
    if incident.status not in ATTENDED or not incident.unit or unit is None:
        return None
    sent = _sent(incident)
    if last is not None and last.incident != incident.incident and _sent(last) > sent:
        return f"{unit.unit} has been sent to {last.incident} since: check who is going here"
    # on its way only: a unit that clears a scene reports available before the incident is closed
    if (incident.status == "assigned" and unit.status in FREE and unit.status_since is not None
            and unit.status_since > sent):
        return f"{unit.unit} reports {unit.status.replace('_', ' ')} since it was sent: check it is still going"
    return None


def attending_doubt(incident: Incident, unit: Unit | None, others: Iterable[Incident]) -> str | None:
    """Why the incident's unit may not be coming, in a control room's words; None when nothing says so.
    `unit`: the incident's unit as held (None: not heard of); `others`: every incident held."""
    if not incident.unit:
        return None
    return _doubt(incident, unit, last_sent_to(others).get(incident.unit))


def attending_doubts(incidents: Iterable[Incident], unit_of: Callable[[str], Unit | None],
                     of: Iterable[str] | None = None) -> dict[str, str]:
    """By incident, why its unit may not be coming, for those with a doubt (only the incidents `of`
    when given: a screen's rows). `unit_of`: a unit as held by call sign. O(incidents)."""
    held = list(incidents)
    last, wanted = last_sent_to(held), None if of is None else set(of)
    found = ((i.incident, _doubt(i, unit_of(i.unit), last.get(i.unit))) for i in held
             if i.unit and (wanted is None or i.incident in wanted))
    return {k: why for k, why in found if why}
