"""Response times against targets, and whether a unit reached each incident, for /stats. Pure: no Dash, no Redis.

Input: incident dicts as `Views.stats_incidents()` gives them (the API's, with `reopened_at`: when the incident
was last reopened or sent for again after closing, and `on_scene_again_at`: its first unit on scene since then).

The rules, written here only:
- Measured: opening to the first unit on scene (`on_scene_at`, whether or not the CAD's event named the unit),
  as the national standards measure a response; a reopened incident keeps its first response.
- Judged against the incident's target (`target_s`, the time the queue counts down): within when the first
  unit on scene came within it; missed when it came later, or when none came before the target ran out: still
  waiting past it at `now`, or closed past it, whether a unit was sent or not. Closed with no unit on scene
  before its target ran out: not judged (cancelled, or dealt with by phone; the feed does not say).
- Reopened (after a unit reached it, or after it closed): its wait since then is judged the same way, and a miss
  there makes the incident missed: one waiting again past its target is not "within target".
- Reach (the district and type charts): "Reached" (a unit on scene), "Unit sent, not reached", "No unit sent";
  an active incident by its wait now (reopened and waiting: no unit yet), with "yet"; a closed one as it ended.
"""
from __future__ import annotations

import statistics
from collections import Counter

from dashboard.core.records import ACTIVE_INCIDENT
from dashboard.core.targets import CATEGORY_TARGET_S, CENTILE_90, MEAN, MEDIAN, STANDARDS, URGENCY_ORDER
from dashboard.core.times import from_iso as ts_of

REACHED, SENT, NONE_SENT = "Reached", "Unit sent, not reached", "No unit sent"
REACH = (REACHED, f"{SENT} yet", f"{NONE_SENT} yet", SENT, NONE_SENT)   # the charts' order, bottom up


def _reached_now(i: dict) -> float | None:
    """When a unit reached the wait the incident is in (a reopened one: since reopening)."""
    return ts_of(i.get("on_scene_again_at") if _waiting_again(i) else i.get("on_scene_at"))


def _waiting_again(i: dict) -> bool:
    """Reopened after its first wait ended (a unit on scene, or closed) and not closed since."""
    since, first = ts_of(i.get("reopened_at")), _first_wait_end(i)
    return since is not None and first is not None and first <= since and i.get("status") in ACTIVE_INCIDENT


def _first_wait_end(i: dict) -> float | None:
    return ts_of(i.get("on_scene_at")) or ts_of(i.get("closed_at"))


def reach(i: dict) -> str:
    """The incident's REACH category (module docstring)."""
    if _reached_now(i) is not None or i.get("status") == "on_scene":
        return REACHED
    if i.get("status") in ACTIVE_INCIDENT:
        return f"{SENT} yet" if i.get("status") == "assigned" else f"{NONE_SENT} yet"
    return SENT if i.get("assigned_at") or i.get("unit") or i.get("units") else NONE_SENT


def _wait(start: float, reached: float | None, end: float | None, target: float | None) -> bool | None:
    """One wait: within (True), missed (False), not judged (None). `end`: when it ended with no unit on scene
    (closed, or `now` while waiting)."""
    if target is None:
        return None
    if reached is not None:
        return reached - start <= target
    return False if end is not None and end - start > target else None


def judged(i: dict, now: float | None) -> bool | None:
    """Within target (True), missed (False) or not judged (None), by the module docstring's rules."""
    opened, target, active = ts_of(i.get("opened")), i.get("target_s"), i.get("status") in ACTIVE_INCIDENT
    closed = ts_of(i.get("closed_at")) or (None if active else ts_of(i.get("ts")))
    since, first_end = ts_of(i.get("reopened_at")), _first_wait_end(i)
    reopened = since is not None and first_end is not None and first_end <= since
    ended = now if active else closed            # a wait with no unit on scene ends now, or when it closed
    first = _wait(opened, _first_arrival(i), closed if reopened else ended, target)
    again = _wait(since, ts_of(i.get("on_scene_again_at")), ended, target) if reopened else None
    return False if False in (first, again) else True if True in (first, again) else None


def _first_arrival(i: dict) -> float | None:
    at = ts_of(i.get("on_scene_at"))
    return at if at is not None else ts_of(i.get("ts")) if i.get("status") == "on_scene" else None


def response_times(incidents: list[dict], decisions: list | None = None, now: float | None = None) -> list[dict]:
    """Per incident measured or judged: opened to dispatch (the first unit assigned; else the decision replay's
    first dispatch), opened to the first unit on scene, and `within_target` (`judged`)."""
    dispatched = {}
    for d in decisions or []:
        dispatched.setdefault(d.incident, d.ts)   # the first assignment counts
    rows = []
    for i in incidents:
        opened = ts_of(i.get("opened"))
        if opened is None:
            continue
        dispatch = ts_of(i.get("assigned_at")) or dispatched.get(i["incident"])
        arrived = _first_arrival(i)
        row = {"incident": i["incident"], "target_s": i.get("target_s"),
               "urgency": urgency_group(i.get("category"), i.get("grade"), i.get("target_s")),
               "dispatch_s": None if dispatch is None else max(0.0, dispatch - opened),
               "on_scene_s": None if arrived is None else max(0.0, arrived - opened),
               "within_target": judged(i, now)}
        if row["dispatch_s"] is not None or row["on_scene_s"] is not None or row["within_target"] is not None:
            rows.append(row)
    return rows


def urgency_group(category: str | None, grade: str | None, target: float | None = None) -> str:
    """A label for grouping: the one whose target the incident is judged by (`target`, the stricter
    of the two), so a group's incidents share its target: a C3 with an immediate grade was shown
    in C3, against 120 min, and counted as missed at 40. Else the category, the grade, 'ungraded'."""
    if category and grade and target is not None and CATEGORY_TARGET_S.get(category) != target:
        return grade
    return category or grade or "ungraded"


def centile_90(values: list[float]) -> float | None:
    """The 90th centile (linear between the values, as a spreadsheet's PERCENTILE.INC)."""
    if not values:
        return None
    return values[0] if len(values) == 1 else statistics.quantiles(values, n=10, method="inclusive")[8]


def _summary(rows: list[dict]) -> dict:
    on = [r["on_scene_s"] for r in rows if r["on_scene_s"] is not None]
    disp = [r["dispatch_s"] for r in rows if r["dispatch_s"] is not None]
    judged_ = [r for r in rows if r["within_target"] is not None]
    targets = Counter(r["target_s"] for r in rows if r["target_s"] is not None)
    return {"n_on_scene": len(on), "median_on_scene_s": statistics.median(on) if on else None,
            "mean_on_scene_s": statistics.fmean(on) if on else None, "centile_90_on_scene_s": centile_90(on),
            "n_dispatch": len(disp), "median_dispatch_s": statistics.median(disp) if disp else None,
            "n_judged": len(judged_), "n_within": sum(1 for r in judged_ if r["within_target"]),
            "n_missed_unreached": sum(1 for r in judged_ if r["on_scene_s"] is None),
            "within_share": (sum(r["within_target"] for r in judged_) / len(judged_)) if judged_ else None,
            "target_s": targets.most_common(1)[0][0] if targets else None}   # the group's, as judged


def response_summary(rows: list[dict]) -> dict:
    """Counts, medians, means and 90th centiles over `response_times` rows, overall and per urgency group."""
    groups = sorted({r["urgency"] for r in rows}, key=_urgency_order)
    return {"all": _summary(rows), "groups": {g: _summary([r for r in rows if r["urgency"] == g]) for g in groups}}


_STATISTIC_KEY = {MEAN: "mean_on_scene_s", CENTILE_90: "centile_90_on_scene_s", MEDIAN: "median_on_scene_s"}


def against_standards(summary: dict) -> list[dict]:
    """What the chart shows, per group: for an ambulance category each statistic its standard names (C1: the
    mean and the 90th centile) beside the standard's figure; for a police grade (a limit per incident, no
    national standard) the median beside the limit. Times over the incidents reached."""
    out = []
    for g, s in summary["groups"].items():
        figures = STANDARDS.get(g) or ((MEDIAN, s["target_s"]),)
        out += [{"group": g, "statistic": stat, "value_s": s[_STATISTIC_KEY[stat]], "target_s": target,
                 "n": s["n_on_scene"], "median_dispatch_s": s["median_dispatch_s"]} for stat, target in figures]
    return out


_ORDER = list(URGENCY_ORDER)   # most urgent first, as targets.py lists them (C1 before immediate)


def _urgency_order(label: str) -> tuple:
    return (_ORDER.index(label) if label in _ORDER else len(_ORDER), label)
