"""Statistics over incidents and units, for the stats page. Pure code: no Dash, no Redis.

Input is what the views serve: incident dicts as from `Views.incidents()` (service/views.py)
(ISO times `opened` and `ts`, `status`, `area`, `type`, `category`, `grade`,
`target_s`, `unit`), unit dicts as from `Views.units()`, and the
`Decision` records of the decision replay.

Times: when an incident opened (`opened`), when a unit was first assigned
(`assigned_at`) and first on scene (`on_scene_at`), as the feed reported them;
an incident that skipped a status has the time it was first seen past it.
"""
from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from datetime import date, datetime, time as clock, timedelta
from zoneinfo import ZoneInfo

from dashboard.core.records import ACTIVE_INCIDENT, ATTENDED
from dashboard.core.targets import CATEGORY_TARGET_S, URGENCY_ORDER
from dashboard.core.times import from_iso as ts_of   # the one reader of the ISO text the views write

LONDON = ZoneInfo("Europe/London")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PERIODS = {"24h": 24 * 3600, "7d": 7 * 24 * 3600, "30d": 30 * 24 * 3600, "all": None}
PERIOD_LABEL = {"24h": "Last 24 h", "7d": "Last 7 days", "30d": "Last 30 days", "all": "All held",
                "dates": "Dates"}
OUTSIDE = "Outside the districts"
CSV_FIELDS = ("incident", "opened", "ts", "status", "type", "category", "grade", "area", "unit",
              "units", "lat", "lon", "target_s", "summary")   # units: every unit sent, space-separated


def period_start(period: str, now: float) -> float | None:
    """Start of a preset period ending at `now` (feed time); None for 'all'."""
    span = PERIODS.get(period)
    return None if span is None else now - span


def date_range(first: str | None, last: str | None, now: float) -> tuple[float | None, float]:
    """Unix seconds from the start of the UK day `first` to the end of the UK day `last`
    (ISO dates, as a date input gives them; either may be missing: unbounded, or now),
    never past `now`. Swapped dates are put in order. Raises ValueError on a bad date."""
    day = lambda v: date.fromisoformat(v) if v else None   # noqa: E731
    a, b = day(first), day(last)
    if a and b and a > b:
        a, b = b, a
    start = datetime.combine(a, clock(0), LONDON).timestamp() if a else None
    end = datetime.combine(b + timedelta(days=1), clock(0), LONDON).timestamp() - 0.001 if b else now
    return start, min(end, now)


def in_period(incidents: list[dict], start: float | None, end: float | None = None) -> list[dict]:
    """Incidents opened within [start, end] (None = unbounded)."""
    out = []
    for i in incidents:
        t = ts_of(i.get("opened"))
        if t is not None and (start is None or t >= start) and (end is None or t <= end):
            out.append(i)
    return out


def attended(incidents: list[dict]) -> list[dict]:
    """Incidents a unit went to (assigned, on scene, or closed with a unit)."""
    return [i for i in incidents if i.get("unit") or i.get("status") in ATTENDED]


def count_by(incidents: list[dict], key: str, order: list[str] | None = None, missing: str = "unknown") -> dict:
    """{value: count}; the values in `order` first (with 0s), then the rest by count."""
    counts = Counter((i.get(key) or missing) for i in incidents)
    out = {k: counts.pop(k, 0) for k in (order or [])}
    out.update(dict(counts.most_common()))
    return out


def by_district(incidents: list[dict], districts: list[str]) -> dict:
    return count_by(incidents, "area", order=list(districts), missing=OUTSIDE)


def by_type(incidents: list[dict]) -> dict:
    return count_by(incidents, "type", missing="other")


def hour_of_week(incidents: list[dict], tz: ZoneInfo = LONDON) -> list[list[int]]:
    """7 x 24 counts of incidents by local day of week (Mon first) and hour opened."""
    grid = [[0] * 24 for _ in range(7)]
    for i in incidents:
        t = ts_of(i.get("opened"))
        if t is None:
            continue
        local = datetime.fromtimestamp(t, tz)
        grid[local.weekday()][local.hour] += 1
    return grid


def response_times(incidents: list[dict], decisions: list | None = None, now: float | None = None) -> list[dict]:
    """Per incident: time to dispatch (from the decision replay) and time to on scene
    (when the latest event is the on-scene one), each against the incident's target. One still
    waiting for a unit at `now`, past its target, has missed it already (left out, a C1 waiting
    two hours never counted against the share within target); one closed with no arrival is
    not judged (cancelled, or dealt with by phone: the feed does not say)."""
    dispatched = {}
    for d in decisions or []:
        dispatched.setdefault(d.incident, d.ts)   # the first assignment counts
    rows = []
    for i in incidents:
        opened = ts_of(i.get("opened"))
        if opened is None:
            continue
        dispatch = ts_of(i.get("assigned_at")) or dispatched.get(i["incident"])
        dispatch_s = None if dispatch is None else max(0.0, dispatch - opened)
        arrived = ts_of(i.get("on_scene_at")) or (ts_of(i.get("ts")) if i.get("status") == "on_scene" else None)
        on_scene_s = None if arrived is None else max(0.0, arrived - opened)
        target = i.get("target_s")
        overdue = (on_scene_s is None and target is not None and now is not None
                   and i.get("status") in ACTIVE_INCIDENT and now - opened > target)
        if dispatch_s is None and on_scene_s is None and not overdue:
            continue
        within = False if overdue else None if target is None or on_scene_s is None else on_scene_s <= target
        rows.append({"incident": i["incident"], "urgency": urgency_group(i.get("category"), i.get("grade"), target),
                     "target_s": target, "dispatch_s": dispatch_s, "on_scene_s": on_scene_s,
                     "within_target": within})
    return rows


def urgency_group(category: str | None, grade: str | None, target: float | None = None) -> str:
    """A label for grouping: the one whose target the incident is judged by (`target`, the stricter
    of the two), so a group's incidents share its target: a C3 with an immediate grade was shown
    in C3, against 120 min, and counted as missed at 40. Else the category, the grade, 'ungraded'."""
    if category and grade and target is not None and CATEGORY_TARGET_S.get(category) != target:
        return grade
    return category or grade or "ungraded"


def response_summary(rows: list[dict]) -> dict:
    """Counts and medians over `response_times` rows, overall and per urgency group."""
    def summary(rs: list[dict]) -> dict:
        on = [r["on_scene_s"] for r in rs if r["on_scene_s"] is not None]
        disp = [r["dispatch_s"] for r in rs if r["dispatch_s"] is not None]
        judged = [r["within_target"] for r in rs if r["within_target"] is not None]
        targets = Counter(r["target_s"] for r in rs if r["target_s"] is not None)
        return {"n_on_scene": len(on), "median_on_scene_s": statistics.median(on) if on else None,
                "n_dispatch": len(disp), "median_dispatch_s": statistics.median(disp) if disp else None,
                "n_judged": len(judged), "within_share": (sum(judged) / len(judged)) if judged else None,
                "target_s": targets.most_common(1)[0][0] if targets else None}   # the group's, as judged
    groups = sorted({r["urgency"] for r in rows}, key=_urgency_order)
    return {"all": summary(rows), "groups": {g: summary([r for r in rows if r["urgency"] == g]) for g in groups}}


_ORDER = list(URGENCY_ORDER)   # most urgent first, as targets.py lists them (C1 before immediate)


def _urgency_order(label: str) -> tuple:
    return (_ORDER.index(label) if label in _ORDER else len(_ORDER), label)


def unit_utilisation(units: list[dict], statuses: list[str]) -> dict:
    """Share of units in each status now ({status: share}, shares sum to 1; empty -> 0s)."""
    counts = Counter(u.get("status") for u in units)
    n = len(units)
    out = {s: (counts.pop(s, 0) / n if n else 0.0) for s in statuses}
    out.update({s: c / n for s, c in counts.items() if s})
    return out


def both_services(incidents: list[dict]) -> dict:
    """How many incidents needed both services: an ambulance category and a police grade."""
    n = len(incidents)
    both = sum(1 for i in incidents if i.get("category") and i.get("grade"))
    return {"incidents": n, "both": both, "share": both / n if n else None}


def incidents_csv(incidents: list[dict]) -> str:
    """The incidents as CSV text (one header row, CSV_FIELDS columns)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for i in sorted(incidents, key=lambda i: (i.get("opened") or "", i["incident"])):
        w.writerow({k: _cell(i.get(k)) for k in CSV_FIELDS})
    return buf.getvalue()


def _cell(value) -> str:
    """Feed text is untrusted: a cell a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    value = " ".join(value) if isinstance(value, list) else value    # an incident's units (call signs)
    text = str(value)
    return "'" + text if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
