"""Whether the unit an incident has is still coming: pure rules, no Dash, no Redis.

An incident shows "assigned: JRU-DA-1" for as long as the feed says nothing else of the incident;
but the unit's own reports, or another incident, may say it went elsewhere (a CAD that re-tasked
it, an AVL status the dispatch system did not mirror). The control room then thinks a unit is
coming that is not. O(incidents) for one incident.
"""
from __future__ import annotations

from collections.abc import Iterable

from dashboard.core.records import ATTENDED, Incident, Unit

FREE = ("available", "off_duty", "unavailable")   # a unit saying one of these since it was sent is not coming


def attending_doubt(incident: Incident, unit: Unit | None, others: Iterable[Incident]) -> str | None:
    """Why the incident's unit may not be coming, in a control room's words; None when nothing says so.
    `unit`: the incident's unit as held (None: not heard of); `others`: every incident held."""
    if incident.status not in ATTENDED or not incident.unit or unit is None:
        return None
    sent = incident.assigned_ts if incident.assigned_ts is not None else incident.ts
    later = [i for i in others if i.incident != incident.incident and i.unit == unit.unit and i.status in ATTENDED
             and (i.assigned_ts if i.assigned_ts is not None else i.ts) > sent]
    if later:
        newest = max(later, key=lambda i: i.assigned_ts if i.assigned_ts is not None else i.ts)
        return f"{unit.unit} has been sent to {newest.incident} since: check who is going here"
    # on its way only: a unit that clears a scene reports available before the incident is closed
    if (incident.status == "assigned" and unit.status in FREE and unit.status_since is not None
            and unit.status_since > sent):
        return f"{unit.unit} reports {unit.status.replace('_', ' ')} since it was sent: check it is still going"
    return None
