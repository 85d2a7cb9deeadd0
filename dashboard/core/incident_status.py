"""An incident's status: what the CAD's events state, and what a duty officer's Accept adds. Pure rules,
no Dash, no Redis.

The status is the CAD's latest statement of one by `ts` (`stated`), apart from the incident's other fields:
an event that only updates the summary (no `status`) does not make a status sent a little before it "older".
An Accept states nothing of its own: it makes an incident the CAD last stated `open` assigned, unless the
CAD reopened it after the Accept (core/sending.py `units_since`: an `open` after an attended or closed
status, or a unit named; an `open` on the incident's first event, or restated, reopens nothing), and never
hides a CAD statement stamped before or after it. So a dashboard clock behind the CAD's no longer leaves an
open incident open with its unit listed but not committed, nor an Accept keeps an incident the CAD closed a
moment before it on scene for ever; and every process holds the same status whatever order it read the
entries in (docs/feed.md, "Status, likewise"). `settle` works the status out after each entry.
"""
from __future__ import annotations

from dashboard.core.records import ATTENDED, NEVER, Incident


def _first(held: float | None, ts: float) -> float:
    return ts if held is None else min(held, ts)


def settle(incident: Incident) -> bool:
    """The status held, from the CAD's statement and the Accepts (module docstring), once the units are worked
    out (core/sending.py, for `units_since`). True if it changed. O(1)."""
    made = incident.accepted_ts != NEVER and incident.accepted_ts >= incident.units_since
    status = "assigned" if incident.stated == "open" and made else incident.stated
    changed, incident.status = status != incident.status, status
    return changed


def state_status(incident: Incident, status: str, ts: float) -> bool:
    """The CAD states `status` at `ts`: applied unless it stated a later one (on equal `ts` the later entry
    wins). Keeps the times the screens and statistics use: first assigned and first on scene (the
    earliest stated, whatever order read), closed (the latest said). True if the status applied. O(1).
    The units it starts afresh: core/sending.py; then `settle`."""
    # the statistics' times are the earliest said, even by a statement a later one outranks
    if status in ATTENDED:
        incident.assigned_ts = _first(incident.assigned_ts, ts)
    if status == "on_scene":
        incident.on_scene_ts = _first(incident.on_scene_ts, ts)
    if status == "closed":   # the latest close said: the one held when closed is the latest statement
        incident.closed_ts = ts if incident.closed_ts is None else max(incident.closed_ts, ts)
    if ts < incident.status_ts:
        return False
    incident.stated, incident.status_ts = status, ts
    return True


def accepted(incident: Incident, ts: float) -> None:
    """A duty officer's Accept at `ts` (its unit joins through core/sending.py `send`; then `settle`: an open
    incident becomes assigned unless the CAD reopened it since; one assigned or on scene stays so)."""
    incident.accepted_ts = max(incident.accepted_ts, ts)
    incident.assigned_ts = _first(incident.assigned_ts, ts)   # a unit was sent then, whatever the CAD said since
