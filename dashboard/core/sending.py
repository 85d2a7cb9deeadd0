"""Which units an incident has been sent, worked out from what the CAD and the duty officers said: pure
rules, no Dash, no Redis.

The CAD names the unit attending on its events (a later naming replaces the unit it named before), and each
duty officer's Accept sends a unit as well (backup), replacing none. An `open` event after the CAD said the
incident was attended or closed, or named a unit (reopened), starts the list afresh, and so does an attended
status after `closed` (sent for again). Each of these is kept as a fact
(ts, what, call sign), and the list is worked out again from them in time order whenever one is added, so
every process holds the same list whatever order it read the entries in: a live process, a restarted one,
the process that applied its own Accept before it read what reached Redis just before it, and one that read
a CAD event late (docs/feed.md, "Several units per incident"). On equal `ts` the entry read later counts as
later, as everywhere in the feed.

Cost: O(f log f) per fact added, for the f facts of that incident (a handful: a summary-only event adds none).
"""
from __future__ import annotations

from typing import NamedTuple

from dashboard.core.records import NEVER, Incident

OPENED, CLOSED, ATTENDS, ON_SCENE, NAMED, ACCEPTED = "open", "closed", "attends", "on_scene", "named", "accepted"


class WorkedOut(NamedTuple):
    sent: dict[str, float]        # unit -> when sent, of the list as it stands
    cad: str | None               # the CAD's unit
    cad_ts: float                 # ... and when it named it
    since: float                  # when the list last started afresh
    on_scene: float | None        # the first on scene since then
    ever: dict[str, float]        # every unit ever sent -> when it was last sent anew
    to_closed: frozenset          # (unit, when) of the Accepts made while the CAD had the incident closed


def _work_out(facts: tuple[tuple[float, str, str | None], ...]) -> WorkedOut:
    """The units and their times, from the facts in time order."""
    sent: dict[str, float] = {}
    ever: dict[str, float] = {}   # kept when the list starts afresh or the CAD replaces the unit
    cad, cad_ts, since, said, scene = None, NEVER, NEVER, None, None
    to_closed = set()
    for ts, what, unit in sorted(facts, key=lambda f: f[0]):   # stable: at equal ts, in the order read
        attends = what in (ATTENDS, ON_SCENE)
        # `open` after the CAD said the incident was attended or closed, or named a unit, reopens it; said first,
        # or restated, it does not (an Accept stamped a moment before the CAD's opening event is not undone)
        if (what == OPENED and (said in (CLOSED, ATTENDS) or cad is not None)) or (attends and said == CLOSED):
            sent = {u: t for u, t in sent.items() if t >= ts}   # those sent at the same moment, read first, stay
            cad, cad_ts, since = (cad, cad_ts, ts) if cad_ts >= ts else (None, NEVER, ts)
            scene = None
        if what in (OPENED, CLOSED) or attends:
            said = ATTENDS if attends else what
            scene = ts if what == ON_SCENE and scene is None else scene
        elif what == NAMED:
            if unit != cad:
                sent.pop(cad, None)         # the CAD's unit is the one attending: another replaces it
                sent.setdefault(unit, ts)   # ...but a unit named again keeps the time it was first sent
                ever[unit] = ts             # a CAD repeating its unit does not send it anew
            cad, cad_ts = unit, ts
        elif what == ACCEPTED:
            sent[unit] = max(sent.get(unit, ts), ts)   # sent again: from then (it may have stood down since)
            ever[unit] = ts
            if said == CLOSED:   # the close stamped before the Accept (a CAD clock behind): nothing to go to
                to_closed.add((unit, ts))
    return WorkedOut(sent, cad, cad_ts, since, scene, ever, frozenset(to_closed))


def _note(incident: Incident, *facts: tuple[float, str, str | None]) -> bool:
    """Add the facts not already held (an Accept read back by the process that applied it) and work the
    units out again. True if the units changed."""
    new = tuple(f for f in facts if f not in incident.facts)
    if not new:
        return False
    incident.facts = (*incident.facts, *new)
    w = _work_out(incident.facts)
    incident.cad_unit, incident.cad_ts, incident.units_since = w.cad, w.cad_ts, w.since
    incident.on_scene_since = w.on_scene
    incident.ever_sent, sent, incident.sent_to_closed = tuple(w.ever.items()), w.sent, w.to_closed
    ordered = tuple(sorted(sent.items(), key=lambda p: p[1]))
    changed = ordered != incident.sent
    incident.sent, incident.unit = ordered, ordered[-1][0] if ordered else None
    return changed


def send(incident: Incident, unit: str, ts: float) -> bool:
    """A duty officer sent `unit` at `ts` (an Accept): it joins the units sent, as backup (unless the list
    started afresh, or the CAD named another unit in its place, after it). True if the units changed."""
    return _note(incident, (ts, ACCEPTED, unit))


def cad_said(incident: Incident, status: str | None, unit: str | None, ts: float) -> bool:
    """A CAD event at `ts`, read in any order: its status (reopened, closed, attended) and the unit it names.
    True if the units changed."""
    what = {"open": OPENED, "closed": CLOSED, "assigned": ATTENDS, "on_scene": ON_SCENE}.get(status)
    facts = ([(ts, what, None)] if what else []) + ([(ts, NAMED, unit)] if unit is not None else [])
    return _note(incident, *facts)
