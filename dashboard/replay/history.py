"""The demo history: a seeded, reproducible record of what the JRUs did, 2018-03 to 2026-10.

Compact on disk (`geodata/demo_history/`): one row per incident (where, what,
which unit went, when it was assigned / on scene / closed) and one row per unit
shift. Position reports are NOT stored: `dashboard.replay.tracks` derives them
deterministically at replay time. Calibration (see geodata/DEMO_HISTORY.md):

- pilot from March 2018 in Medway and Swale, two days a week (Fri, Sat); from
  March 2020 seven days a week at peak times, extended to Dartford and Gravesham;
- about 1,000 joint incidents a year in Medway and Swale in the pilot; later
  volume follows the rota (units per district scaled by population);
- ~7 jobs per 8-hour shift (more on Friday/Saturday nights), ~40 % of jobs
  between 18:00 and 02:00 (UK local time), mostly at weekends.

Costs: `generate_history` for the full span (~45k incidents) takes ~2 s (a
Python loop per job); `load_history` (history_index.py) ~0.2 s.
"""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from dashboard.core.times import iso

LONDON = ZoneInfo("Europe/London")
DEFAULT_SEED = 20180302  # the pilot's first Friday
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "geodata" / "demo_history"
PILOT_START = date(2018, 3, 1)
EXPANSION = date(2020, 3, 1)
HISTORY_END = date(2026, 11, 1)  # exclusive: the history covers up to 2026-10-31
SHIFT_H = 8

POPULATION = {"Medway": 280_000, "Swale": 150_000, "Dartford": 115_000, "Gravesham": 107_000}
CODE = {"Medway": "MW", "Swale": "SW", "Dartford": "DA", "Gravesham": "GR"}
# Town centres (lon, lat, approximate population): incidents are placed in towns
# weighted by population, with ~400 m of jitter.
TOWNS: dict[str, list[tuple[str, float, float, int]]] = {
    "Medway": [("Chatham", 0.527, 51.380, 70_000), ("Gillingham", 0.549, 51.389, 60_000),
               ("Rochester", 0.506, 51.388, 50_000), ("Rainham", 0.610, 51.362, 40_000),
               ("Strood", 0.495, 51.393, 35_000), ("Walderslade", 0.528, 51.344, 15_000),
               ("Hoo St Werburgh", 0.564, 51.417, 10_000)],
    "Swale": [("Sittingbourne", 0.733, 51.340, 65_000), ("Faversham", 0.890, 51.315, 20_000),
              ("Minster-on-Sea", 0.810, 51.421, 17_000), ("Sheerness", 0.760, 51.441, 12_000),
              ("Queenborough", 0.746, 51.416, 8_000)],
    "Dartford": [("Dartford", 0.217, 51.446, 60_000), ("Greenhithe", 0.282, 51.450, 15_000),
                 ("Swanscombe", 0.309, 51.447, 12_000), ("Stone", 0.265, 51.447, 10_000),
                 ("Wilmington", 0.197, 51.433, 8_000)],
    "Gravesham": [("Gravesend", 0.370, 51.4415, 65_000), ("Northfleet", 0.337, 51.443, 25_000),
                  ("Meopham", 0.357, 51.364, 7_000), ("Higham", 0.466, 51.414, 4_000)],
}
# Where each district's units start and end their shifts (approximate positions).
BASES = {"Medway": ("Medway police station, Gillingham", 0.5460, 51.3860),
         "Swale": ("Sittingbourne police station", 0.7345, 51.3410),
         "Dartford": ("Dartford police station", 0.2180, 51.4465),
         "Gravesham": ("North Kent police station, Northfleet", 0.3320, 51.4445)}
# Rota: (district, weekday 0=Mon, local start hour, unit number). 8-hour shifts.
PILOT_ROTA = [("Medway", 4, 14, 1), ("Medway", 5, 18, 1), ("Swale", 5, 14, 1)]
ROTA = [("Medway", d, 10, 1) for d in (0, 1, 2)] + [
    ("Medway", 3, 12, 1), ("Medway", 4, 18, 1), ("Medway", 5, 18, 1), ("Medway", 5, 12, 2),
    ("Medway", 6, 10, 1),
    ("Swale", 3, 10, 1), ("Swale", 4, 18, 1), ("Swale", 5, 14, 1), ("Swale", 6, 10, 1),
    ("Dartford", 4, 18, 1), ("Dartford", 5, 14, 1), ("Dartford", 6, 10, 1),
    ("Gravesham", 4, 14, 1), ("Gravesham", 5, 18, 1), ("Gravesham", 6, 10, 1)]
# Single-service units shadowing a district's unit-1 shifts, so the exclusions show.
SHADOWS = [("POL-MW-21", "police", 2, 0, "Medway"), ("AMB-MW-31", "ambulance", 0, 2, "Medway"),
           ("POL-DA-21", "police", 2, 0, "Dartford"), ("AMB-SW-31", "ambulance", 0, 2, "Swale")]
TYPES = ("rtc", "medical", "assault", "mental_health", "disorder", "other")
TYPE_MIX_DAY = (0.16, 0.30, 0.12, 0.20, 0.10, 0.12)
TYPE_MIX_NIGHT = (0.10, 0.20, 0.26, 0.16, 0.20, 0.08)
CATEGORY_MIX = {  # C1..C4 by type
    "rtc": (0.15, 0.55, 0.25, 0.05), "medical": (0.12, 0.48, 0.28, 0.12),
    "assault": (0.06, 0.50, 0.34, 0.10), "mental_health": (0.04, 0.40, 0.38, 0.18),
    "disorder": (0.02, 0.30, 0.45, 0.23), "other": (0.03, 0.32, 0.40, 0.25)}
GRADE_MIX = {  # immediate, priority, scheduled, resolution by type
    "rtc": (0.55, 0.35, 0.08, 0.02), "medical": (0.25, 0.45, 0.22, 0.08),
    "assault": (0.55, 0.35, 0.08, 0.02), "mental_health": (0.35, 0.45, 0.15, 0.05),
    "disorder": (0.45, 0.40, 0.12, 0.03), "other": (0.15, 0.40, 0.30, 0.15)}
GRADES = ("immediate", "priority", "scheduled", "resolution")
SCENE_MIN = {"rtc": 30, "medical": 26, "assault": 22, "mental_health": 35, "disorder": 18, "other": 20}
GAP_MIN, GAP_MIN_WEEKEND_NIGHT = 33.0, 21.0  # mean idle minutes between jobs
DISPATCH_S = {"C1": (60, 180), "C2": (120, 420), "C3": (300, 1200), "C4": (600, 1800)}
SUMMARIES = {
    "rtc": ("Two-vehicle collision, driver with neck pain", "Car v pedestrian, pedestrian conscious",
            "Single vehicle into barrier, driver shaken", "Moped rider off, leg injury"),
    "medical": ("Male collapsed in street, breathing", "Elderly female fallen at home",
                "Intoxicated male unresponsive", "Chest pain, caller anxious"),
    "assault": ("Fight outside licensed premises, head injury", "Domestic assault, victim injured",
                "Male stabbed, conscious and talking", "Assault on door staff"),
    "mental_health": ("Person in crisis on bridge", "Concern for welfare, threats of self-harm",
                      "Distressed female, known to services", "Male in crisis, barricaded"),
    "disorder": ("Large group fighting, one injured", "Disorder at takeaway, bottle thrown",
                 "Drunk and abusive male, bleeding", "Youths causing damage, one hurt"),
    "other": ("Sudden death, police and paramedic needed", "Person trapped in lift",
              "Fire alarm, occupant with smoke inhalation", "Missing person found, hypothermic"),
}
DRIVE_BLUE_MPS = 48_000 / 3600   # as the straight-line ETA model: blue-light average
DRIVE_BACK_MPS = 36_000 / 3600   # returning to base, no blue lights
DETOUR = 1.35
MOBILISE_S = 60.0   # the history's crews took a minute to get moving (fixed: the history is data, not a setting)


def _dist_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Equirectangular distance: plenty for a few km and ~10x faster than haversine in a loop."""
    kx = 111_320.0 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110_574.0)


def travel_s(lon1: float, lat1: float, lon2: float, lat2: float, *, blue: bool, roads=None) -> float:
    """Drive time used both when building the history and when replaying it (must agree).

    With `roads` (a RoadModel) the drive goes over the roads: the blue-light time
    is its ETA, the drive back the same route at the back/blue speed ratio; so
    a replayed unit never crosses a river faster than the roads allow.
    """
    if roads is not None:
        # roads are undirected: the end that is usually a base goes in the model's cached-row slot
        a, b = ((lon2, lat2), (lon1, lat1)) if blue else ((lon1, lat1), (lon2, lat2))
        drive = float(roads.eta_s(np.array([a[0]]), np.array([a[1]]), *b)[0]) - roads.start_s
        return MOBILISE_S + drive if blue else drive * DRIVE_BLUE_MPS / DRIVE_BACK_MPS
    d = _dist_m(lon1, lat1, lon2, lat2) * DETOUR
    return MOBILISE_S + d / DRIVE_BLUE_MPS if blue else d / DRIVE_BACK_MPS


def _utc(local: datetime) -> float:
    return local.replace(tzinfo=LONDON).timestamp()


def iso_z(ts: float) -> str:
    return iso(round(ts))


def _is_night(ts: float) -> bool:
    h = datetime.fromtimestamp(ts, LONDON).hour
    return h >= 18 or h < 2


def _cum(p) -> np.ndarray:
    c = np.cumsum(np.asarray(p, float))
    return c / c[-1]


def _pick(rng: np.random.Generator, cum: np.ndarray) -> int:
    """Index drawn from a cumulative distribution: one uniform, ~20x cheaper than rng.choice."""
    return int(np.searchsorted(cum, rng.random(), "right"))


CATS = ("C1", "C2", "C3", "C4")
_CUM_DAY, _CUM_NIGHT = _cum(TYPE_MIX_DAY), _cum(TYPE_MIX_NIGHT)
_CUM_CAT = {k: _cum(v) for k, v in CATEGORY_MIX.items()}
_CUM_GRADE = {k: _cum(v) for k, v in GRADE_MIX.items()}
_CUM_TOWN = {d: _cum([t[3] for t in towns]) for d, towns in TOWNS.items()}


def _place(rng: np.random.Generator, district: str, inside: Callable[[float, float, str], bool] | None
           ) -> tuple[float, float]:
    """A point in a town of the district (weighted by population), jittered ~400 m.

    Always draws the same number of random numbers, so the history does not
    depend on whether a boundary check is available, only the chosen candidate."""
    town = TOWNS[district][_pick(rng, _CUM_TOWN[district])]
    cand = (rng.normal(0.0, 1.0, size=(6, 2)) * (0.0055, 0.0035)).tolist()
    for dx, dy in cand:
        lon, lat = town[1] + dx, town[2] + dy
        if inside is None or inside(lon, lat, district):
            return round(lon, 5), round(lat, 5)
    return town[1], town[2]


def _shift_rows(start: date, end: date) -> list[tuple[str, int, float, float]]:
    """(district, unit number, start ts, planned end ts) for every rota shift."""
    rows = []
    day = start
    while day < end:
        rota = PILOT_ROTA if day < EXPANSION else ROTA
        for district, dow, hour, no in rota:
            if day.weekday() == dow:
                t0 = _utc(datetime(day.year, day.month, day.day, hour))
                rows.append((district, no, t0, t0 + SHIFT_H * 3600))
        day += timedelta(days=1)
    return rows


def generate_history(seed: int = DEFAULT_SEED, start: date = PILOT_START, end: date = HISTORY_END,
                     inside: Callable[[float, float, str], bool] | None = None, roads=None
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(incidents, shifts) DataFrames in the on-disk layout. Same seed -> same history.

    Each JRU works its shifts from its district's base; jobs arrive as a
    Poisson number per shift (mean 6.5, 8.5 on Friday/Saturday nights) at
    uniform times; a job waits for the unit to be free, then the unit drives
    (blue lights) from where it is, spends a type-dependent time on scene and
    drives back towards base. `inside(lon, lat, district)` (e.g. an AreaIndex
    check) keeps jittered points in their district. `roads` (a RoadModel) times the
    drives over the roads (`travel_s`), else straight lines.
    """
    rng = np.random.default_rng(seed)
    inc_rows: list[dict] = []
    shift_rows: list[dict] = []
    day_seq: dict[str, int] = {}
    for district, no, t0, t1 in _shift_rows(start, end):
        base_name, blon, blat = BASES[district]
        unit = f"JRU-{CODE[district]}-{no}"
        local0 = datetime.fromtimestamp(t0, LONDON)
        weekend_night = local0.weekday() in (4, 5) and local0.hour >= 18
        gap_mean = GAP_MIN_WEEKEND_NIGHT if weekend_night else GAP_MIN
        crew_short = float(rng.random()) < 0.04
        shift_id = len(shift_rows)
        free_at, last_lon, last_lat, back_s = t0, blon, blat, 0.0
        while True:
            # The control room gives the unit its next job a while after it is free;
            # the job may have waited in the queue (C3/C4) before that.
            t_assigned = free_at + 30.0 + float(rng.exponential(gap_mean * 60.0))
            if t_assigned > t1 - 1800:
                break
            lon, lat = _place(rng, district, inside)
            kind = TYPES[_pick(rng, _CUM_NIGHT if _is_night(t_assigned) else _CUM_DAY)]
            cat = CATS[_pick(rng, _CUM_CAT[kind])]
            grade = GRADES[_pick(rng, _CUM_GRADE[kind])]
            lo, hi = DISPATCH_S[cat]
            t_open = t_assigned - float(rng.uniform(lo, hi))
            # Where is the unit when assigned: somewhere on its way back, or at base.
            f = min(1.0, (t_assigned - free_at) / back_s) if back_s > 0 else 1.0
            olon, olat = last_lon + (blon - last_lon) * f, last_lat + (blat - last_lat) * f
            t_scene = t_assigned + travel_s(olon, olat, lon, lat, blue=True, roads=roads)
            t_closed = t_scene + 60.0 * min(150.0, max(8.0, float(rng.lognormal(math.log(SCENE_MIN[kind]), 0.4))))
            free_at, last_lon, last_lat = t_closed, lon, lat
            back_s = travel_s(lon, lat, blon, blat, blue=False, roads=roads)
            key = f"{CODE[district]}{datetime.fromtimestamp(t_open, LONDON):%y%m%d}"
            day_seq[key] = day_seq.get(key, 0) + 1
            town_text = SUMMARIES[kind][int(rng.integers(4))]
            inc_rows.append({
                "id": f"{key}-{day_seq[key]:02d}", "opened": iso_z(t_open), "lat": lat, "lon": lon,
                "type": kind, "category": cat, "grade": grade, "district": district,
                "summary": town_text, "unit": unit, "shift": shift_id,
                "assigned_s": round(t_assigned - t_open), "on_scene_s": round(t_scene - t_open),
                "closed_s": round(t_closed - t_open)})
        actual_end = max(t1, free_at + back_s)
        crew = (1, 1) if crew_short else (2, 1)
        shift_rows.append({"shift": shift_id, "unit": unit, "kind": "joint", "officers": crew[0],
                           "paramedics": crew[1], "district": district, "start": iso_z(t0),
                           "end": iso_z(actual_end), "base": base_name, "base_lon": blon, "base_lat": blat})
        for call, kind_, off, para, sdist in SHADOWS:
            if sdist == district and no == 1:
                shift_rows.append({"shift": len(shift_rows), "unit": call, "kind": kind_, "officers": off,
                                   "paramedics": para, "district": district, "start": iso_z(t0),
                                   "end": iso_z(t1), "base": base_name, "base_lon": blon, "base_lat": blat})
    return pd.DataFrame(inc_rows), pd.DataFrame(shift_rows)


def save_history(incidents: pd.DataFrame, shifts: pd.DataFrame, folder: Path = DEFAULT_DIR) -> list[Path]:
    """Write gzip CSVs with a fixed gzip mtime, so the same seed gives the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, df in (("incidents", incidents), ("shifts", shifts)):
        path = folder / f"{name}.csv.gz"
        df.to_csv(path, index=False, compression={"method": "gzip", "mtime": 0}, lineterminator="\n")
        out.append(path)
    return out
