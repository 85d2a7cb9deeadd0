"""The records the picture holds: a unit, an incident, and the change counters.

Plain dataclasses (no behaviour beyond reading their own fields), so screens and
services can hold copies without touching the picture or its lock.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

HISTORY_LEN = 30  # status changes kept per unit, for the unit-details panel
ATTENDED = ("assigned", "on_scene")   # a unit has been sent: it is committed to the incident
ACTIVE_INCIDENT = ("open", *ATTENDED)
NEVER = float("-inf")
TOLD = ("type", "category", "grade", "summary")   # an incident's words, each the latest that stated it


@dataclass(slots=True)
class Unit:
    unit: str
    ts: float                         # time of the latest applied report
    kind: str = "joint"
    status: str = "available"         # a unit that never said otherwise is taken as available
    lat: float | None = None
    lon: float | None = None
    fix_ts: float | None = None       # time of the last report with a position
    officers: int | None = None
    paramedics: int | None = None
    status_since: float | None = None
    status_before: str | None = None  # the status it changed from (None: never seen to change)
    status_ts: float | None = None    # time of the report (or Accept) that said the status held
    sent_to: str | None = None        # the incident an Accept sent it to, while that Accept's en_route is held
    freed: tuple | None = None        # (incident, Accept's ts) whose close ended that en route (undone if it reopened
                                      # before the Accept, read late)
    crew_ts: dict = field(default_factory=dict)   # when kind, officers, paramedics were each last stated
    history: deque = field(default_factory=lambda: deque(maxlen=HISTORY_LEN))

    def fix_age_s(self, now: float) -> float | None:
        return None if self.fix_ts is None else max(0.0, now - self.fix_ts)

    def is_stale(self, now: float, staleness_s: float) -> bool:
        age = self.fix_age_s(now)
        return age is not None and age > staleness_s


@dataclass(slots=True)
class Incident:
    incident: str
    ts: float
    opened_ts: float
    lat: float
    lon: float
    status: str = "open"               # as held: `stated`, or assigned by an Accept (core/incident_status.py)
    stated: str = "open"               # the CAD's latest statement of a status
    status_ts: float = NEVER           # ... and when it stated it
    accepted_ts: float = NEVER         # the latest Accept (a duty officer's assignment) applied
    type: str | None = None
    category: str | None = None
    grade: str | None = None
    summary: str | None = None
    told_ts: dict = field(default_factory=dict)   # when type, category, grade, summary were each last stated
    unit: str | None = None
    area: str | None = None
    area_fine: str | None = None     # beat (finer layer), when one is loaded
    closed_ts: float | None = None
    assigned_ts: float | None = None   # first time a unit was assigned (response-time statistics)
    sent: tuple[tuple[str, float], ...] = ()   # (call sign, when sent), in the order sent: `unit` is the last.
    # Replaced, never changed in place: screens hold shallow copies of an incident. Worked out from `facts`
    # (core/sending.py), with:
    cad_unit: str | None = None        # the unit the CAD's own events name (the contract's "unit attending")
    cad_ts: float = NEVER              # ... and when it named it
    units_since: float = NEVER         # units sent before this (reopened, or sent for after closing) do not count
    on_scene_since: float | None = None   # the first on scene since then (on_scene_ts: the first ever)
    ever_sent: tuple[tuple[str, float], ...] = ()   # every unit ever sent, with when it was last sent anew
    sent_to_closed: frozenset = frozenset()   # (call sign, when) of Accepts made while the CAD had it closed
    facts: tuple[tuple[float, str, str | None], ...] = ()   # (ts, what, call sign) the CAD and the Accepts said
    on_scene_ts: float | None = None   # first time a unit was on scene
    postcode: str | None = None        # as the feed gave it (contract v1.1)
    location_source: str = "lat_lon"   # "postcode" when placed at a postcode's centroid
    near: str | None = None            # "near ME7 5NY, Gillingham (Medway)", when a gazetteer is loaded

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_INCIDENT


@dataclass(frozen=True, slots=True)
class Versions:
    """The change counters, read together: screens compare them to skip no-op refreshes."""
    changes: int          # any applied change
    incidents: int        # the last change to any incident
    unit_statuses: int    # ... to a unit's anything but its position
    reset: int            # the last clear() (a replay seek)
