"""Statistics over incidents and units, for the stats page. Pure code: no Dash, no Redis.

Input is what the views serve: incident dicts as from `Views.stats_incidents()` (service/views.py)
(ISO times `opened`, `assigned_at`, `on_scene_at`, `closed_at` and `ts`, `status`, `area`, `type`, `category`,
`grade`, `target_s`, `unit`), unit dicts as from `Views.units()`, and the `Decision` records of the decision
replay. Response times, their judging against targets, and whether a unit reached an incident: core/response.py.
"""
from __future__ import annotations

import csv
import io
import math
from collections import Counter
from datetime import datetime, time as clock, timedelta, tzinfo

from dashboard.core.response import REACH, reach
from dashboard.core.times import from_iso as ts_of   # the one reader of the ISO text the views write
from dashboard.core.times import UK_ZONE, uk_date

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PERIODS = {"24h": 24 * 3600, "7d": 7 * 24 * 3600, "30d": 30 * 24 * 3600, "all": None}
PERIOD_LABEL = {"24h": "Last 24 h", "7d": "Last 7 days", "30d": "Last 30 days", "all": "All held",
                "dates": "Dates"}
OUTSIDE = "Outside the districts"
NOT_STATED = "Not stated"   # an incident the feed gave no type (type "other" is a type)
COMMITTED = "committed"     # a unit committed to an incident that reports itself available (unit_utilisation)
# the API's times (ISO 8601 UTC), so the page's response times can be rebuilt; units: every unit sent, space-separated
CSV_FIELDS = ("incident", "opened", "assigned_at", "on_scene_at", "closed_at", "ts", "status", "type", "category",
              "grade", "area", "unit", "units", "lat", "lon", "target_s", "summary")


def period_start(period: str, now: float) -> float | None:
    """Start of a preset period ending at `now` (feed time); None for 'all'."""
    span = PERIODS.get(period)
    return None if span is None else now - span


def date_range(first: str | None, last: str | None, now: float) -> tuple[float | None, float]:
    """Unix seconds from the start of the UK day `first` to the end of the UK day `last`
    (`uk_date` text; either may be missing: unbounded, or now),
    never past `now`. Swapped dates are put in order. Raises ValueError on a bad date."""
    a, b = uk_date(first), uk_date(last)
    if a and b and a > b:
        a, b = b, a
    start = datetime.combine(a, clock(0), UK_ZONE).timestamp() if a else None
    end = datetime.combine(b + timedelta(days=1), clock(0), UK_ZONE).timestamp() - 0.001 if b else now
    return start, min(end, now)


def in_period(incidents: list[dict], start: float | None, end: float | None = None) -> list[dict]:
    """Incidents opened within [start, end] (None = unbounded)."""
    out = []
    for i in incidents:
        t = ts_of(i.get("opened"))
        if t is not None and (start is None or t >= start) and (end is None or t <= end):
            out.append(i)
    return out


def by_reach(incidents: list[dict], counts_of) -> dict[str, dict]:
    """{REACH category (core/response.py): `counts_of` its incidents}, the stacks of the district and type charts."""
    return {r: counts_of([i for i in incidents if reach(i) == r]) for r in REACH}


def count_by(incidents: list[dict], key: str, order: list[str] | None = None, missing: str = "unknown") -> dict:
    """{value: count}; the values in `order` first (with 0s), then the rest by count."""
    counts = Counter((i.get(key) or missing) for i in incidents)
    out = {k: counts.pop(k, 0) for k in (order or [])}
    out.update(dict(counts.most_common()))
    return out


def by_district(incidents: list[dict], districts: list[str]) -> dict:
    return count_by(incidents, "area", order=list(districts), missing=OUTSIDE)


def by_type(incidents: list[dict]) -> dict:
    return count_by(incidents, "type", missing=NOT_STATED)


def hour_of_week(incidents: list[dict], tz: tzinfo = UK_ZONE) -> list[list[int]]:
    """7 x 24 counts of incidents by local day of week (Mon first) and hour opened."""
    grid = [[0] * 24 for _ in range(7)]
    for i in incidents:
        t = ts_of(i.get("opened"))
        if t is None:
            continue
        local = datetime.fromtimestamp(t, tz)
        grid[local.weekday()][local.hour] += 1
    return grid


def unit_utilisation(units: list[dict], statuses: list[str], committed: dict[str, str] | None = None) -> dict:
    """Share of units in each status now ({status: share}, shares sum to 1; empty -> 0s). A unit `committed`
    to an incident (core/attending.py) that reports itself available counts as COMMITTED: the suggestions
    leave it out as busy."""
    committed = committed or {}
    counts = Counter(COMMITTED if u.get("status") == "available" and u.get("unit") in committed else u.get("status")
                     for u in units)
    n = len(units)
    out = {s: (counts.pop(s, 0) / n if n else 0.0) for s in statuses}
    out.update({s: c / n for s, c in counts.items() if s})
    return out


def whole_percents(shares: list[float]) -> list[int]:
    """Shares (summing to 1) as whole percents that add up to 100, by largest remainder (12.5, 12.5 and 75
    read 12%, 12%, 75%). All 0 stays all 0."""
    raw = [100 * s for s in shares]
    out = [math.floor(r + 1e-9) for r in raw]
    short = round(sum(raw)) - sum(out)
    for k in sorted(range(len(raw)), key=lambda k: out[k] - raw[k])[:max(short, 0)]:
        out[k] += 1
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
