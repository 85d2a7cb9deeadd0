"""Which units an incident has been sent, worked out from what the CAD and the duty officers said: pure
rules, no Dash, no Redis.

The CAD names the unit attending on its events (a later naming replaces the unit it named before), and each
duty officer's Accept sends a unit as well (backup), replacing none. An `open` event (reopened) starts the
list afresh, and so does an attended status after `closed` (sent for again). Each of these is kept as a fact
(ts, what, call sign), and the list is worked out again from them in time order whenever one is added, so
every process holds the same list whatever order it read the entries in: a live process, a restarted one,
the process that applied its own Accept before it read what reached Redis just before it, and one that read
a CAD event late (docs/feed.md, "Several units per incident"). On equal `ts` the entry read later counts as
later, as everywhere in the feed.

Cost: O(f log f) per fact added, for the f facts of that incident (a handful: a summary-only event adds none).
"""
from __future__ import annotations

from dashboard.core.records import ATTENDED, NEVER, Incident

OPENED, CLOSED, ATTENDS, NAMED, ACCEPTED = "open", "closed", "attends", "named", "accepted"


def _work_out(facts: tuple[tuple[float, str, str | None], ...]
              ) -> tuple[dict[str, float], str | None, float, float, dict[str, float]]:
    """(unit -> when sent, the CAD's unit, when it named it, when the list last started afresh, and every
    unit ever sent -> when it was last sent anew), from the facts in time order."""
    sent: dict[str, float] = {}
    ever: dict[str, float] = {}   # kept when the list starts afresh or the CAD replaces the unit
    cad, cad_ts, since, said = None, NEVER, NEVER, None
    for ts, what, unit in sorted(facts, key=lambda f: f[0]):   # stable: at equal ts, in the order read
        if what == OPENED or (what == ATTENDS and said == CLOSED):
            sent = {u: t for u, t in sent.items() if t >= ts}   # those sent at the same moment, read first, stay
            cad, cad_ts, since = (cad, cad_ts, ts) if cad_ts >= ts else (None, NEVER, ts)
        if what in (OPENED, CLOSED, ATTENDS):
            said = what
        elif what == NAMED:
            if unit != cad:
                sent.pop(cad, None)         # the CAD's unit is the one attending: another replaces it
                sent.setdefault(unit, ts)   # ...but a unit named again keeps the time it was first sent
                ever[unit] = ts             # a CAD repeating its unit does not send it anew
            cad, cad_ts = unit, ts
        elif what == ACCEPTED:
            sent[unit] = max(sent.get(unit, ts), ts)   # sent again: from then (it may have stood down since)
            ever[unit] = ts
    return sent, cad, cad_ts, since, ever


def _note(incident: Incident, *facts: tuple[float, str, str | None]) -> bool:
    """Add the facts not already held (an Accept read back by the process that applied it) and work the
    units out again. True if the units changed."""
    new = tuple(f for f in facts if f not in incident.facts)
    if not new:
        return False
    incident.facts = (*incident.facts, *new)
    sent, incident.cad_unit, incident.cad_ts, incident.units_since, ever = _work_out(incident.facts)
    incident.ever_sent = tuple(ever.items())
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
    what = OPENED if status == "open" else CLOSED if status == "closed" else ATTENDS if status in ATTENDED else None
    facts = ([(ts, what, None)] if what else []) + ([(ts, NAMED, unit)] if unit is not None else [])
    return _note(incident, *facts)
