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


def sendings(i: Incident) -> dict[str, float]:
    """Each unit the incident was ever sent, with when it was last sent anew (a CAD repeating its unit
    does not send it again), kept after its list started afresh or the CAD replaced it: a unit sent here
    left its earlier incidents, whatever became of this one."""
    out = dict(i.ever_sent)
    for u, ts in units_sent(i):        # an incident made with only a `unit` (no facts)
        out[u] = max(out.get(u, ts), ts)
    return out


Latest = dict[str, tuple[float, Incident]]   # by call sign: (when sent anew, the incident) it was sent to last


def latest_sent(incidents: Iterable[Incident]) -> Latest:
    """Each unit's incident it was sent to last, whatever its status now (reopened, closed, or sent another
    in its place; the first held, at equal times). O(units sent): of the incidents no longer attended (a
    month of closed ones), only those touched since the oldest sending still attended are looked into."""
    held = incidents if isinstance(incidents, list) else list(incidents)
    latest: Latest = {}
    for i in [i for i in held if i.status in ATTENDED]:
        _note_sendings(latest, i)
    first = min((ts for ts, _ in latest.values()), default=None)
    for i in held if first is not None else ():
        # no sending is later than the incident's last event or Accept
        if (i.ts > first or i.accepted_ts > first) and i.status not in ATTENDED and (i.unit or i.ever_sent):
            _note_sendings(latest, i)
    return latest


def _note_sendings(latest: Latest, i: Incident) -> None:
    for u, ts in sendings(i).items():
        if u not in latest or ts > latest[u][0]:
            latest[u] = (ts, i)


def _sent_since(incident: Incident, name: str, sent_here: float, latest: Latest) -> Incident | None:
    """The incident the unit was sent to after `sent_here` (when last sent anew to this one), if any
    (equal times: none)."""
    ts, other = latest.get(name, (None, None))
    if other is None or other.incident == incident.incident or ts <= sent_here:
        return None
    return other


def _apart_m(incident: Incident, unit: Unit) -> float:
    return float(haversine_m(unit.lon, unit.lat, incident.lon, incident.lat))


def _back_at(incident: Incident, unit: Unit | None) -> bool:
    """The unit reports it is on scene here: back from the incident it was sent to since, now done with."""
    return (unit is not None and unit.status == "on_scene" and unit.lat is not None
            and _apart_m(incident, unit) <= AT_SCENE_M)


def backup_on_its_way(incident: Incident, unit: Unit | None) -> bool:
    """A unit of an incident already on scene that says it is en route and is not there yet: backup still
    coming. An Accept sets a unit en route, and a crew that never says it arrived stays so: one within
    AT_SCENE_M is taken to be there ("backup about 0 s away" named the crew at the scene)."""
    return (incident.status == "on_scene" and unit is not None and unit.status == "en_route" and unit.lat is not None
            and _apart_m(incident, unit) > AT_SCENE_M)


Split = tuple[list[str], list[str]]   # an incident on scene: (its units there, its backup on its way)


def scene_split(incident: Incident, attendance: list[tuple[str, str | None]], unit_of: UnitOf) -> Split | None:
    """For an incident on scene: (its units there, its backup still on its way), each sure to be coming,
    by the units' own reports (on scene, or within AT_SCENE_M; en route). None when there is no such split
    to tell, none there yet or none on its way: the screens then name the units as the CAD has them
    (a crew whose AVL has not caught up with the CAD's "on scene" is not "backup")."""
    if incident.status != "on_scene":
        return None
    there, coming = [], []
    for name, why in attendance:
        unit = unit_of(name)
        if why is not None or unit is None:
            continue
        if unit.status == "en_route" and (unit.lat is None or backup_on_its_way(incident, unit)):
            coming.append(name)
        elif unit.status in ("on_scene", "en_route"):   # en route, but within AT_SCENE_M: there
            there.append(name)
    return (there, coming) if there and coming else None


def _free_on_its_way(incident: Incident, sent: float, unit: Unit | None) -> bool:
    """The unit says it is free since it was sent, before reaching the scene: on its way only (a unit
    that clears a scene reports available before the incident is closed); backup sent to a scene
    already attended (since it was last reopened: a crew clearing a scene it reached is not on its way) counts
    as on its way."""
    scene = incident.on_scene_since
    on_its_way = incident.status == "assigned" or (scene is not None and sent > scene)
    return (unit is not None and on_its_way and unit.status in FREE and unit.status_since is not None
            and unit.status_since > sent)


def _unit_doubt(incident: Incident, name: str, sent: float, sent_here: float, unit: Unit | None,
                latest: Latest) -> str | None:
    """Why this one unit of the incident may not be coming, given what each unit was sent to last
    (`sent`: when first sent here; `sent_here`: when last sent here anew)."""
    if unit is None:
        return None
    other = _sent_since(incident, name, sent_here, latest)
    if other is not None and other.status in ATTENDED and name in unit_names(other):
        return f"{name} has been sent to {other.incident} since: check who is going here"
    if other is not None and not _back_at(incident, unit):
        if other.status == "closed":
            return f"{name} was sent to {other.incident} since (now closed): check it came back"
        return f"{name} has been sent to {other.incident} since: check who is going here"
    if other is None and _free_on_its_way(incident, sent, unit):
        return f"{name} reports {unit.status.replace('_', ' ')} since it was sent: check it is still going"
    return None


def committed(incidents: Iterable[Incident], unit_of: UnitOf) -> dict[str, str]:
    """Unit call sign -> the active incident it is committed to: of those it is listed on, the one it was
    sent to last (not whichever came last, which kept a re-tasked unit on its first incident). None if
    it was sent elsewhere since (that one since closed, reopened or sent another in its place: it is not
    committed back to the first, unless it reports on scene there), nor if it says it is free since, on
    its way (stood down: it can be suggested again, and the incident warns). O(units sent)."""
    held = list(incidents)
    latest, listed = latest_sent(held), {}
    for i in held:
        if i.status in ATTENDED:
            anew = sendings(i)
            for u, first_sent in units_sent(i):
                if u not in listed or anew[u] > listed[u][0]:
                    listed[u] = (anew[u], first_sent, i)
    out = {}
    for name, (anew, first_sent, i) in listed.items():   # on the ranking's path: no copies per unit
        unit = unit_of(name)
        if _sent_since(i, name, anew, latest) is not None:
            if _back_at(i, unit):
                out[name] = i.incident
        elif unit is None or unit.status not in FREE or not _free_on_its_way(i, first_sent, unit):
            out[name] = i.incident
    return out


def _attendance(incident: Incident, unit_of: UnitOf, latest: Latest) -> list[tuple[str, str | None]]:
    if incident.status not in ATTENDED:
        return []
    anew = sendings(incident)
    return [(u, _unit_doubt(incident, u, ts, anew[u], unit_of(u), latest)) for u, ts in units_sent(incident)]


def no_unit_coming(attendance: list[tuple[str, str | None]]) -> str | None:
    """In doubt only when no unit is sure to be coming; the latest sent is named first."""
    if not attendance or any(why is None for _, why in attendance):
        return None
    whys = [why for _, why in reversed(attendance)]
    return whys[0] if len(whys) == 1 else f"No unit sent is sure to be coming: {'; '.join(whys)}"


def attendance(incident: Incident, unit_of: UnitOf, others: Iterable[Incident]) -> list[tuple[str, str | None]]:
    """Each unit sent to the incident, in the order sent, with why it may not be coming (None: it is
    taken to be coming). Empty unless the incident is assigned or on scene. `others`: every incident held."""
    return _attendance(incident, unit_of, latest_sent(others))


def attending_doubt(incident: Incident, unit_of: UnitOf, others: Iterable[Incident]) -> str | None:
    """Why the incident may have no unit coming, in a control room's words; None when one is coming
    (or none was sent). `others`: every incident held."""
    return no_unit_coming(attendance(incident, unit_of, others))


def attendances(incidents: Iterable[Incident], unit_of: UnitOf,
                of: Iterable[str] | None = None) -> dict[str, list[tuple[str, str | None]]]:
    """`attendance` of every incident sent a unit (only the incidents `of` when given: a screen's rows),
    by incident, in one pass. O(units sent)."""
    held = list(incidents)
    latest, wanted = latest_sent(held), None if of is None else set(of)
    return {i.incident: _attendance(i, unit_of, latest) for i in held
            if i.unit and i.status in ATTENDED and (wanted is None or i.incident in wanted)}


def attending_doubts(incidents: Iterable[Incident], unit_of: UnitOf, of: Iterable[str] | None = None) -> dict[str, str]:
    """By incident, why it may have no unit coming, for those with a doubt (only the incidents `of`
    when given). O(units sent)."""
    return doubts_of(attendances(incidents, unit_of, of))


def unsure_of(attending: dict[str, list[tuple[str, str | None]]]) -> dict[str, list[str]]:
    """By incident, the units sent that may not be coming where another is sure to be, from `attendances`'
    answer (where none is, the incident's doubt says so: `doubts_of`). The screens name them apart: the wall
    listed a backup sent on to another incident among the crew on scene."""
    found = {k: [u for u, why in a if why is not None] for k, a in attending.items()
             if any(why is None for _, why in a)}
    return {k: names for k, names in found.items() if names}


def doubts_of(attending: dict[str, list[tuple[str, str | None]]]) -> dict[str, str]:
    """By incident, why it may have no unit coming, for those with a doubt, from `attendances`' answer."""
    found = ((k, no_unit_coming(a)) for k, a in attending.items())
    return {k: why for k, why in found if why}
