"""An incident's status: what the CAD's events state, and what a duty officer's Accept adds. Pure rules,
no Dash, no Redis.

The status is the CAD's latest statement of one by `ts`, apart from the incident's other fields: an event
that only updates the summary (no `status`) does not make a status sent a little before it "older". An
Accept states nothing of its own: it makes an incident the CAD last stated `open` assigned, when it was
made since (`accepted_ts` >= `status_ts`), and never hides a CAD statement stamped before or after it.
So a dashboard clock behind the CAD's no longer leaves an open incident open with its unit listed but not
committed, nor an Accept keeps an incident the CAD closed a moment before it on scene for ever; and every
process holds the same status whatever order it read the entries in (docs/feed.md, "Status, likewise").
The units sent follow their own order (core/sending.py).
"""
from __future__ import annotations

from dashboard.core.records import ATTENDED, Incident


def _first(held: float | None, ts: float) -> float:
    return ts if held is None else min(held, ts)


def _accepted_since_opened(incident: Incident) -> bool:
    """An incident the CAD last stated open, with an Accept made since, is assigned. True if it changed."""
    if incident.status != "open" or incident.accepted_ts < incident.status_ts:
        return False
    incident.status = "assigned"
    return True


def state_status(incident: Incident, status: str, ts: float) -> bool:
    """The CAD states `status` at `ts`: applied unless it stated a later one (on equal `ts` the later entry
    wins). Keeps the times the screens and statistics use: first assigned and first on scene (the
    earliest stated, whatever order read), closed (the latest said). True if the status applied. O(1).
    The units it starts afresh: core/sending.py."""
    # the statistics' times are the earliest said, even by a statement a later one outranks
    if status in ATTENDED:
        incident.assigned_ts = _first(incident.assigned_ts, ts)
    if status == "on_scene":
        incident.on_scene_ts = _first(incident.on_scene_ts, ts)
    if status == "closed":   # the latest close said: the one held when closed is the latest statement
        incident.closed_ts = ts if incident.closed_ts is None else max(incident.closed_ts, ts)
    if ts < incident.status_ts:
        return False
    incident.status, incident.status_ts = status, ts
    _accepted_since_opened(incident)
    return True


def accepted(incident: Incident, ts: float) -> bool:
    """A duty officer's Accept at `ts` (its unit joins through core/sending.py `send`): an open incident
    becomes assigned unless the CAD stated it open since; one assigned or on scene stays so. True if the
    status changed (the first-assigned time may move too, and is not reported)."""
    incident.accepted_ts = max(incident.accepted_ts, ts)
    incident.assigned_ts = _first(incident.assigned_ts, ts)   # a unit was sent then, whatever the CAD said since
    return _accepted_since_opened(incident)
