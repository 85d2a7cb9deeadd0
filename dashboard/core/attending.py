"""Which units an incident has, and whether each is still coming: pure rules, no Dash, no Redis.

An incident may have several units: the unit the CAD names on its events (a later one replaces it),
and each unit a duty officer sends (backup), which replaces none (worked out in core/sending.py, the
same whatever order the entries were read in). An incident shows "assigned: JRU-DA-1" for as long as
the feed says nothing else of it, but the unit's own reports, or another incident, may say it went
elsewhere (a CAD that re-tasked it, an AVL status the dispatch system did not mirror). The control room then thinks a
unit is coming that is not: the incident is in doubt when none of its units is sure to be coming.
One pass over the incidents, for one incident or all of them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from dashboard.core.geo import haversine_m
from dashboard.core.records import ATTENDED, Incident, Unit

FREE = ("available", "off_duty", "unavailable")   # a unit saying one of these since it was sent is not coming
AT_SCENE_M = 150.0   # a unit this close to an incident on scene is there, whatever its own status says

UnitOf = Callable[[str], "Unit | None"]           # a unit as held, by call sign (None: not heard of)


def units_sent(i: Incident) -> tuple[tuple[str, float], ...]:
    """(call sign, when sent) for each unit sent to the incident, in the order sent. An incident made
    with only a `unit` counts it as sent when first assigned."""
    if not i.unit or (i.sent and i.sent[-1][0] == i.unit):   # as core/sending.py keeps it: the usual case, at once
        return i.sent
    if not any(u == i.unit for u, _ in i.sent):
        return (*i.sent, (i.unit, i.assigned_ts if i.assigned_ts is not None else i.ts))
    return i.sent


def unit_names(i: Incident) -> list[str]:
    """The call signs of the units sent to the incident, in the order sent (the API's `units`)."""
    return [u for u, _ in units_sent(i)]


def _last_sent(incidents: Iterable[Incident]) -> dict[str, tuple[float, Incident]]:
    """Each unit's (when sent, incident) it was sent to last, closed ones included (the first held, at
    equal times): a unit re-tasked from a scene to an incident since closed is done with the first too."""
    last: dict[str, tuple[float, Incident]] = {}
    closed = []
    for i in incidents:
        if i.status in ATTENDED:
            _note_sent(last, i)
        elif i.status == "closed" and i.unit:
            closed.append(i)
    first = min((ts for ts, _ in last.values()), default=None)
    for i in closed if first is not None else ():   # a month of them: only one sent a unit since then counts
        if not i.sent or i.sent[-1][0] != i.unit or i.sent[-1][1] > first:   # as units_sent reads it, at once
            _note_sent(last, i)
    return last


def _note_sent(last: dict[str, tuple[float, Incident]], i: Incident) -> None:
    for u, ts in units_sent(i):
        if u not in last or ts > last[u][0]:
            last[u] = (ts, i)


def last_sent_to(incidents: Iterable[Incident]) -> dict[str, Incident]:
    """Each unit's incident it was sent to last, closed or not (the first held, at equal times). O(units
    sent)."""
    return {u: i for u, (_, i) in _last_sent(incidents).items()}


def backup_on_its_way(incident: Incident, unit: Unit | None) -> bool:
    """A unit of an incident already on scene that says it is en route and is not there yet: backup still
    coming. An Accept sets a unit en route, and a crew that never says it arrived stays so: one within
    AT_SCENE_M is taken to be there ("backup about 0 s away" named the crew at the scene)."""
    return (incident.status == "on_scene" and unit is not None and unit.status == "en_route" and unit.lat is not None
            and float(haversine_m(unit.lon, unit.lat, incident.lon, incident.lat)) > AT_SCENE_M)


def _free_on_its_way(incident: Incident, sent: float, unit: Unit | None) -> bool:
    """The unit says it is free since it was sent, before reaching the scene: on its way only (a unit
    that clears a scene reports available before the incident is closed); backup sent to a scene
    already attended counts as on its way."""
    on_its_way = incident.status == "assigned" or (incident.on_scene_ts is not None and sent > incident.on_scene_ts)
    return (unit is not None and on_its_way and unit.status in FREE and unit.status_since is not None
            and unit.status_since > sent)


def _unit_doubt(incident: Incident, name: str, sent: float, unit: Unit | None,
                last: dict[str, Incident]) -> str | None:
    """Why this one unit of the incident may not be coming, given what each unit was sent to last."""
    if unit is None:
        return None
    elsewhere = last.get(name)
    if (elsewhere is not None and elsewhere.incident != incident.incident
            and dict(units_sent(elsewhere)).get(name, sent) > sent):   # at equal times neither doubts
        return f"{name} has been sent to {elsewhere.incident} since: check who is going here"
    if _free_on_its_way(incident, sent, unit):
        return f"{name} reports {unit.status.replace('_', ' ')} since it was sent: check it is still going"
    return None


def committed(incidents: Iterable[Incident], unit_of: UnitOf) -> dict[str, str]:
    """Unit call sign -> the active incident it is committed to: the one it was sent to last (not
    whichever came last, which kept a re-tasked unit on its first incident), unless it says it is free
    since, on its way (stood down: it can be suggested again, and the incident warns). O(units sent)."""
    out = {}
    for name, (sent, i) in _last_sent(incidents).items():   # on the ranking's path: no copies per unit
        if i.status not in ATTENDED:
            continue                                         # its last incident is closed: done with them all
        unit = unit_of(name)
        if unit is None or unit.status not in FREE or not _free_on_its_way(i, sent, unit):
            out[name] = i.incident
    return out


def _attendance(incident: Incident, unit_of: UnitOf, last: dict[str, Incident]) -> list[tuple[str, str | None]]:
    if incident.status not in ATTENDED:
        return []
    return [(u, _unit_doubt(incident, u, ts, unit_of(u), last)) for u, ts in units_sent(incident)]


def no_unit_coming(attendance: list[tuple[str, str | None]]) -> str | None:
    """In doubt only when no unit is sure to be coming; the latest sent is named first."""
    if not attendance or any(why is None for _, why in attendance):
        return None
    whys = [why for _, why in reversed(attendance)]
    return whys[0] if len(whys) == 1 else f"No unit sent is sure to be coming: {'; '.join(whys)}"


def attendance(incident: Incident, unit_of: UnitOf, others: Iterable[Incident]) -> list[tuple[str, str | None]]:
    """Each unit sent to the incident, in the order sent, with why it may not be coming (None: it is
    taken to be coming). Empty unless the incident is assigned or on scene. `others`: every incident held."""
    return _attendance(incident, unit_of, last_sent_to(others))


def attending_doubt(incident: Incident, unit_of: UnitOf, others: Iterable[Incident]) -> str | None:
    """Why the incident may have no unit coming, in a control room's words; None when one is coming
    (or none was sent). `others`: every incident held."""
    return no_unit_coming(attendance(incident, unit_of, others))


def attendances(incidents: Iterable[Incident], unit_of: UnitOf,
                of: Iterable[str] | None = None) -> dict[str, list[tuple[str, str | None]]]:
    """`attendance` of every incident sent a unit (only the incidents `of` when given: a screen's rows),
    by incident, in one pass. O(units sent)."""
    held = list(incidents)
    last, wanted = last_sent_to(held), None if of is None else set(of)
    return {i.incident: _attendance(i, unit_of, last) for i in held
            if i.unit and i.status in ATTENDED and (wanted is None or i.incident in wanted)}


def attending_doubts(incidents: Iterable[Incident], unit_of: UnitOf, of: Iterable[str] | None = None) -> dict[str, str]:
    """By incident, why it may have no unit coming, for those with a doubt (only the incidents `of`
    when given). O(units sent)."""
    return doubts_of(attendances(incidents, unit_of, of))


def doubts_of(attending: dict[str, list[tuple[str, str | None]]]) -> dict[str, str]:
    """By incident, why it may have no unit coming, for those with a doubt, from `attendances`' answer."""
    found = ((k, no_unit_coming(a)) for k, a in attending.items())
    return {k: why for k, why in found if why}
