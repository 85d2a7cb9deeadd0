"""Response targets: how long an incident may wait for a unit.

Ambulance categories follow NHS England's Ambulance Response Programme standards (`STANDARDS`): C1 a mean of
7 min and a 90th centile of 15; C2 a mean of 18 min (the constitutional standard; the 2024-25 recovery aim of
30 min is not used) and a 90th centile of 40; C3 and C4 90th centiles of 120 and 180 min. Each is a figure
over many incidents; an incident's own target (the time the queue counts down, `target_s`) is its category's
first standard. Police grades have no national figure; the defaults are Kent-style limits for each incident
(immediate 15 min, priority 60 min) and can be changed by setting (JRU_GRADE_TARGETS, e.g.
"immediate=900,priority=3600"). An incident with both takes the stricter.
"""
from __future__ import annotations

MEAN, CENTILE_90, MEDIAN = "mean", "90th centile", "median"   # the statistics /stats shows against a target
STANDARDS = {"C1": ((MEAN, 7 * 60), (CENTILE_90, 15 * 60)), "C2": ((MEAN, 18 * 60), (CENTILE_90, 40 * 60)),
             "C3": ((CENTILE_90, 120 * 60),), "C4": ((CENTILE_90, 180 * 60),)}
CATEGORY_TARGET_S = {c: figures[0][1] for c, figures in STANDARDS.items()}
DEFAULT_GRADE_TARGET_S = {"immediate": 15 * 60, "priority": 60 * 60}
# Listed most urgent first: the value sorts the queues, the listing order breaks ties on /stats.
URGENCY_ORDER = {"C1": 0, "immediate": 0, "C2": 1, "priority": 2, "C3": 3, "scheduled": 4, "C4": 4, "resolution": 5}
# The screens' four colour classes (CSS urgency-1..4, the legend's rows); anything else
# (resolution, no category or grade) is OTHER_URGENCY_CLASS. Names of one rank share a class.
URGENCY_CLASS = {"C1": 1, "immediate": 1, "C2": 2, "priority": 2, "C3": 3, "scheduled": 3, "C4": 3}
OTHER_URGENCY_CLASS = 4
_CLASS_OF_RANK = {URGENCY_ORDER[name]: c for name, c in URGENCY_CLASS.items()}


def parse_grade_targets(text: str | None) -> dict[str, float]:
    """'immediate=900,priority=3600' -> {'immediate': 900.0, ...} on top of the defaults."""
    targets = dict(DEFAULT_GRADE_TARGET_S)
    for part in (text or "").split(","):
        if "=" in part:
            name, _, value = part.partition("=")
            targets[name.strip()] = float(value)
    return targets


def target_s(category: str | None, grade: str | None,
             grade_targets: dict[str, float] = DEFAULT_GRADE_TARGET_S) -> float | None:
    """Seconds allowed from the incident opening to a unit arriving, or None."""
    found = [t for t in (CATEGORY_TARGET_S.get(category or ""), grade_targets.get(grade or "")) if t]
    return min(found) if found else None


def urgency_rank(category: str | None, grade: str | None) -> int:
    """0 = most urgent; used to sort queues (then by age)."""
    return min(URGENCY_ORDER.get(category or "", 9), URGENCY_ORDER.get(grade or "", 9))


def urgency_class(rank: int) -> int:
    """The colour class (1 = C1 / immediate .. 4 = other) of an `urgency_rank`."""
    return _CLASS_OF_RANK.get(rank, OTHER_URGENCY_CLASS)


def time_left_s(target: float | None, age_s: float, status: str) -> float | None:
    """Seconds until the response target runs out (negative: overdue), or None when the incident has
    no target or a unit is on scene (the target is met or missed by then)."""
    return None if target is None or status in ("on_scene", "closed") else target - age_s
