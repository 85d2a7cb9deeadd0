"""An incident's status, stated by a CAD event or a duty officer's Accept: pure rules, no Dash, no Redis.

The status is the latest statement of one by `ts`, apart from the incident's other fields: a CAD
event that only updates the summary (no `status`) does not make an Accept made a little before it
"older", nor an `on_scene` sent a little before it. Without this, an Accept stamped by a dashboard
clock behind the CAD's left an open incident open, its unit listed but not committed (docs/feed.md,
"Status, likewise"). The units sent follow their own order (core/attending.py).
"""
from __future__ import annotations

from dashboard.core.attending import units_afresh
from dashboard.core.records import ATTENDED, Incident


def state_status(incident: Incident, status: str, ts: float) -> bool:
    """Apply `status` stated at `ts` unless a later statement is held (on equal `ts` the later entry
    wins). Keeps the times the screens and statistics use: first assigned, first on scene, closed.
    An `open` starts the units afresh even when a later status is held. True if the status applied. O(units sent) when it starts the units afresh, else O(1)."""
    if status == "open":
        units_afresh(incident, ts)   # reopened: drops the units sent before it, whenever read (core/attending.py)
    if ts < incident.status_ts:
        return False
    if incident.status == "closed" and status in ATTENDED:
        units_afresh(incident, ts)   # sent for again after it closed: a new attendance
    incident.status, incident.status_ts = status, ts
    if status in ATTENDED and incident.assigned_ts is None:
        incident.assigned_ts = ts
    if status == "on_scene" and incident.on_scene_ts is None:
        incident.on_scene_ts = ts
    if status == "closed":
        incident.closed_ts = ts
    return True


def assigned_by_accept(incident: Incident, ts: float) -> bool:
    """A duty officer's Accept at `ts` states the incident assigned, or leaves it on scene (the unit is
    backup), unless a later statement is held. True if applied."""
    return state_status(incident, "on_scene" if incident.status == "on_scene" else "assigned", ts)
