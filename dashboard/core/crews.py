"""Each unit's crew (kind, officers, paramedics) kept apart from the units stream: pure rules.

The contract lets a feeder state a unit's kind and crew once: they stick until stated again. The
units stream is trimmed to a day (feed/retention.py), so after a restart a unit that stated them
earlier came back `joint` with an unknown crew, and a police-only car could be suggested for a joint
job. So the process that trims keeps each unit's crew, as held, beside the streams (feed/crews.py),
and a rebuilt picture starts each unit from it; what the unit's own reports state wins.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from dashboard.core.contract import UNIT_KINDS
from dashboard.core.records import Unit


CREW_FIELDS = ("kind", "officers", "paramedics")   # stated on a unit report, sticky


class Crew(NamedTuple):
    kind: str
    officers: int | None
    paramedics: int | None


def crews_of(units: Iterable[Unit]) -> dict[str, Crew]:
    """Each unit's crew as held, by call sign. O(units)."""
    return {u.unit: Crew(u.kind, u.officers, u.paramedics) for u in units}


def fill_crew(unit: Unit, crew: Crew | None) -> None:
    """A unit first heard of in a rebuilt picture starts with the crew kept for it (its reports then
    state what they state)."""
    if crew is not None:
        unit.kind, unit.officers, unit.paramedics = crew


def crew_text(crew: Crew) -> str:
    """As kept in Redis: "police|2|0" (an unknown count empty)."""
    return "|".join("" if v is None else str(v) for v in crew)


def crews_read(raw: Mapping) -> dict[str, Crew]:
    """The kept hash as Redis gave it (str or bytes) -> crews; a value that is not one is left out."""
    out = {}
    for name, text in raw.items():
        name = name.decode(errors="replace") if isinstance(name, bytes) else name
        text = text.decode(errors="replace") if isinstance(text, bytes) else text
        parts = text.split("|")
        if len(parts) != 3 or parts[0] not in UNIT_KINDS or not all(p == "" or p.isdigit() for p in parts[1:]):
            continue
        out[name] = Crew(parts[0], *(int(p) if p else None for p in parts[1:]))
    return out
