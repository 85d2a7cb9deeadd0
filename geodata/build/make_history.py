"""Build the demo history shipped in geodata/demo_history/ (seeded, reproducible).

    .venv/bin/python geodata/build/make_history.py [--seed N] [--out DIR]

Generates 2018-03 .. 2026-10 with `dashboard.replay.history.generate_history`,
keeping jittered incident points inside their district when the boundary file
and `dashboard.core.areas` are available, writes incidents.csv.gz and
shifts.csv.gz (gzip mtime fixed: same seed -> same bytes) and prints the
measured shares that geodata/DEMO_HISTORY.md quotes. Drives are timed over the road
model (`travel_s` with `roads`). Takes ~2 min (a Dijkstra per job that starts on the way back).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dashboard.replay.history import DEFAULT_DIR, DEFAULT_SEED, generate_history, save_history  # noqa: E402


def _inside_check():
    """(lon, lat, district) -> bool using the project's boundaries, or None if unavailable."""
    try:
        from dashboard.core.areas import AreaIndex
        from dashboard.core.boundary_files import load_boundaries
        index = AreaIndex(load_boundaries())
    except Exception as exc:
        print(f"boundaries not available ({exc}); points are not checked against districts")
        return None
    return lambda lon, lat, district: index.area_of(lon, lat) == district


def shares(incidents: pd.DataFrame, shifts: pd.DataFrame) -> dict[str, object]:
    """The calibration figures quoted in DEMO_HISTORY.md (local UK time)."""
    local = pd.to_datetime(incidents["opened"], utc=True).dt.tz_convert("Europe/London")
    hour, dow = local.dt.hour, local.dt.day_of_week
    night = (hour >= 18) | (hour < 2)
    shift_day = (local - pd.Timedelta(hours=2)).dt.day_of_week  # 01:30 Sat belongs to Friday night
    joint = shifts[shifts["kind"] == "joint"]
    years = local.dt.year
    pilot = incidents[(local < pd.Timestamp("2020-03-01", tz="Europe/London"))]
    return {
        "incidents": len(incidents), "joint shifts": len(joint),
        "jobs per joint shift": round(len(incidents) / len(joint), 2),
        "share 18:00-02:00": round(float(night.mean()), 3),
        "of those, Fri/Sat/Sun nights": round(float(shift_day[night].isin([4, 5, 6]).mean()), 3),
        "share Fri+Sat+Sun": round(float(dow.isin([4, 5, 6]).mean()), 3),
        "by weekday Mon..Sun": [round(float(x), 3) for x in
                                dow.value_counts(normalize=True).sort_index().reindex(range(7), fill_value=0)],
        "by type": incidents["type"].value_counts(normalize=True).round(3).to_dict(),
        "by category": incidents["category"].value_counts(normalize=True).sort_index().round(3).to_dict(),
        "by grade": incidents["grade"].value_counts(normalize=True).round(3).to_dict(),
        "by district": incidents["district"].value_counts(normalize=True).round(3).to_dict(),
        "Medway+Swale per year, pilot (2019)": int(((years == 2019)).sum()),
        "per year 2021..2025 (mean)": int(years.between(2021, 2025).sum() / 5),
        "pilot districts": sorted(pilot["district"].unique().tolist()),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, default=DEFAULT_DIR)
    args = ap.parse_args()
    from dashboard.core.roads import RoadModel
    # drives timed over the road model (the replay routes units along it too)
    incidents, shifts = generate_history(args.seed, inside=_inside_check(), roads=RoadModel.load())
    paths = save_history(incidents, shifts, args.out)
    for p in paths:
        print(f"wrote {p} ({p.stat().st_size / 1e6:.2f} MB)")
    for k, v in shares(incidents, shifts).items():
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
