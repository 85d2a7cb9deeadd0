"""The demo history: a seeded, reproducible record of what the JRUs did, 2018-03 to 2026-10.

Compact on disk (`geodata/demo_history/`): one row per incident (where, what,
which unit went, when it was assigned / on scene / closed) and one row per unit
shift. Position reports are NOT stored: `dashboard.replay.tracks` derives them
deterministically at replay time. Calibration (its figures in calibration.py; see
geodata/DEMO_HISTORY.md):

- pilot from March 2018 in Medway and Swale, two days a week (Fri, Sat); from
  March 2020 seven days a week at peak times, extended to Dartford and Gravesham;
- about 1,000 joint incidents a year in Medway and Swale in the pilot; later
  volume follows the rota (units per district scaled by population);
- ~7 jobs per 8-hour shift (more on Friday/Saturday nights), ~40 % of jobs
  between 18:00 and 02:00 (UK local time), mostly at weekends;
- now and then a second unit sent as backup to a serious incident (backup.py).

Costs: `generate_history` for the full span (~45k incidents) takes ~2 s (a
Python loop per job); `load_history` (history_index.py) ~0.2 s.
"""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from dashboard.core.times import UK_ZONE, iso
from dashboard.replay.backup import Job, Shift, pick_backups, renumber_moved
from dashboard.replay.calibration import (
    BASES, CATEGORY_MIX, CODE, DEFAULT_DIR, DEFAULT_SEED, DISPATCH_S, EXPANSION, GAP_MIN,
    GAP_MIN_WEEKEND_NIGHT, GRADES, GRADE_MIX, HISTORY_END, PILOT_ROTA, PILOT_START, ROTA, SCENE_MIN,
    SHADOWS, SHIFT_H, SUMMARIES, TOWNS, TYPES, TYPE_MIX_DAY, TYPE_MIX_NIGHT, travel_s)


def _utc(local: datetime) -> float:
    return local.replace(tzinfo=UK_ZONE).timestamp()


def iso_z(ts: float) -> str:
    return iso(round(ts))


def _is_night(ts: float) -> bool:
    h = datetime.fromtimestamp(ts, UK_ZONE).hour
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
    jobs: list[Job] = []
    joint: list[Shift] = []
    day_seq: dict[str, int] = {}
    for district, no, t0, t1 in _shift_rows(start, end):
        base_name, blon, blat = BASES[district]
        unit = f"JRU-{CODE[district]}-{no}"
        local0 = datetime.fromtimestamp(t0, UK_ZONE)
        weekend_night = local0.weekday() in (4, 5) and local0.hour >= 18
        gap_mean = GAP_MIN_WEEKEND_NIGHT if weekend_night else GAP_MIN
        crew_short = float(rng.random()) < 0.04
        shift_id = len(shift_rows)
        free_at, last_lon, last_lat, back_s = t0, blon, blat, 0.0
        stints: list = []   # (assigned, job index, None): backup.py adds the backup jobs
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
            key = f"{CODE[district]}{datetime.fromtimestamp(t_open, UK_ZONE):%y%m%d}"
            day_seq[key] = day_seq.get(key, 0) + 1
            town_text = SUMMARIES[kind][int(rng.integers(4))]
            stints.append((t_assigned, len(jobs), None))
            jobs.append(Job(district, kind, grade, unit, lon, lat, t_open, t_assigned, t_closed, back_s, f >= 1.0,
                            shift_id))
            inc_rows.append({
                "id": f"{key}-{day_seq[key]:02d}", "opened": iso_z(t_open), "lat": lat, "lon": lon,
                "type": kind, "category": cat, "grade": grade, "district": district,
                "summary": town_text, "unit": unit, "shift": shift_id,
                "assigned_s": round(t_assigned - t_open), "on_scene_s": round(t_scene - t_open),
                "closed_s": round(t_closed - t_open)})
        actual_end = max(t1, free_at + back_s)
        joint.append(Shift(shift_id, unit, district, t0, actual_end, stints))
        crew = (1, 1) if crew_short else (2, 1)
        shift_rows.append({"shift": shift_id, "unit": unit, "kind": "joint", "officers": crew[0],
                           "paramedics": crew[1], "district": district, "start": iso_z(t0),
                           "end": iso_z(actual_end), "base": base_name, "base_lon": blon, "base_lat": blat})
        for call, kind_, off, para, sdist in SHADOWS:
            if sdist == district and no == 1:
                shift_rows.append({"shift": len(shift_rows), "unit": call, "kind": kind_, "officers": off,
                                   "paramedics": para, "district": district, "start": iso_z(t0),
                                   "end": iso_z(t1), "base": base_name, "base_lon": blon, "base_lat": blat})
    backups = pick_backups(jobs, joint, seed, roads)   # moves a backup unit's later jobs on, and its shift's end
    for s in joint:
        shift_rows[s.shift]["end"] = iso_z(s.end)
    incidents = _with_backup(pd.DataFrame(inc_rows), backups, jobs)
    renumber_moved(incidents)
    return incidents, pd.DataFrame(shift_rows)


def _with_backup(incidents: pd.DataFrame, backups: list, jobs: list) -> pd.DataFrame:
    """The backup columns, empty where none was sent; times in seconds after `opened`, as the first unit's."""
    incidents["opened"] = [iso_z(j.opened) for j in jobs]
    t0 = [round(j.opened) for j in jobs]   # `opened` as written (to the second)
    cols = {"backup_unit": [b[0] if b else "" for b in backups],
            "backup_shift": [b[1] if b else None for b in backups],
            "backup_assigned_s": [round(b[2] - t) if b else None for b, t in zip(backups, t0)],
            "backup_on_scene_s": [round(b[3] - t) if b else None for b, t in zip(backups, t0)]}
    for name, values in cols.items():
        incidents[name] = values if name == "backup_unit" else pd.array(values, dtype="Int64")
    return incidents


def save_history(incidents: pd.DataFrame, shifts: pd.DataFrame, folder: Path = DEFAULT_DIR) -> list[Path]:
    """Write gzip CSVs with a fixed gzip mtime, so the same seed gives the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, df in (("incidents", incidents), ("shifts", shifts)):
        path = folder / f"{name}.csv.gz"
        df.to_csv(path, index=False, compression={"method": "gzip", "mtime": 0}, lineterminator="\n")
        out.append(path)
    return out
