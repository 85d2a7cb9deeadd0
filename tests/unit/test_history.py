"""The demo history is calibrated on what is known about the JRU scheme, and reproducible."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.replay.history import DEFAULT_DIR, DEFAULT_SEED, generate_history
from dashboard.replay.history_index import BadHistory, History, load_history


@pytest.fixture(scope="module")
def shipped():
    h = load_history()
    return h.incidents, h.shifts


def _local(incidents: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(incidents["opened"], utc=True).dt.tz_convert("Europe/London")


def test_evening_share_about_40_percent_mostly_weekends(shipped):
    incidents, _ = shipped
    local = _local(incidents)
    night = (local.dt.hour >= 18) | (local.dt.hour < 2)
    assert 0.35 <= night.mean() <= 0.45
    night_of = (local[night] - pd.Timedelta(hours=2)).dt.day_of_week  # 01:00 Sat is Friday night
    assert night_of.isin([4, 5, 6]).mean() > 0.6


def test_weekend_heavy(shipped):
    dow = _local(shipped[0]).dt.day_of_week.value_counts(normalize=True)
    assert dow[[4, 5, 6]].sum() > 0.6
    assert min(dow[4], dow[5], dow[6]) > max(dow[0], dow[1], dow[2])
    assert len(dow) == 7  # seven days a week after 2020


def test_types_categories_grades_plausibly_mixed(shipped):
    incidents, _ = shipped
    types = incidents["type"].value_counts(normalize=True)
    assert set(types.index) == {"rtc", "medical", "assault", "mental_health", "disorder", "other"}
    assert 0.2 <= types["medical"] <= 0.3 and 0.1 <= types["rtc"] <= 0.2
    assert all(0.05 <= v <= 0.3 for v in types)
    cats = incidents["category"].value_counts(normalize=True)
    assert 0.03 <= cats["C1"] <= 0.12 and cats["C2"] == cats.max()
    assert set(incidents["grade"]) == {"immediate", "priority", "scheduled", "resolution"}


def test_districts_scaled_by_population(shipped):
    incidents, _ = shipped
    recent = incidents[_local(incidents) >= pd.Timestamp("2021-01-01", tz="Europe/London")]
    share = recent["district"].value_counts(normalize=True)
    pop = {"Medway": 280, "Swale": 150, "Dartford": 115, "Gravesham": 107}
    for district, p in pop.items():
        assert abs(share[district] - p / sum(pop.values())) < 0.05, district


def test_about_seven_jobs_per_eight_hour_shift(shipped):
    incidents, shifts = shipped
    joint = shifts[shifts["kind"] == "joint"]
    planned_h = (pd.to_datetime(joint["end"]) - pd.to_datetime(joint["start"])).dt.total_seconds() / 3600
    assert planned_h.min() >= 8
    per_shift = incidents.groupby("shift").size().reindex(joint["shift"], fill_value=0)
    assert 5 <= per_shift.mean() <= 9
    assert set(incidents["unit"]) <= set(joint["unit"])


def test_pilot_two_days_a_week_medway_and_swale_about_1000_a_year(shipped):
    incidents, shifts = shipped
    start = pd.to_datetime(shifts["start"], utc=True).dt.tz_convert("Europe/London")
    pilot = shifts[(start < pd.Timestamp("2020-03-01", tz="Europe/London")) & (shifts["kind"] == "joint")]
    assert set(pilot["district"]) == {"Medway", "Swale"}
    pstart = start[pilot.index]
    assert pstart.min() >= pd.Timestamp("2018-03-01", tz="Europe/London")
    assert set(pstart.dt.day_of_week) == {4, 5}
    later = shifts[(start >= pd.Timestamp("2020-03-01", tz="Europe/London")) & (shifts["kind"] == "joint")]
    assert set(later["district"]) == {"Medway", "Swale", "Dartford", "Gravesham"}
    assert set(start[later.index].dt.day_of_week) == set(range(7))
    y2019 = _local(incidents).dt.year == 2019
    assert 800 <= y2019.sum() <= 1300
    assert set(shifts["kind"]) == {"joint", "police", "ambulance"}
    assert shifts.loc[shifts["kind"] == "joint", "unit"].str.fullmatch(r"JRU-(MW|SW|DA|GR)-\d").all()


def test_timeline_consistent(shipped):
    incidents, _ = shipped
    assert (incidents["assigned_s"] > 0).all()
    assert (incidents["on_scene_s"] > incidents["assigned_s"]).all()
    assert (incidents["closed_s"] > incidents["on_scene_s"]).all()
    assert incidents["id"].is_unique


def test_reproducible_with_seed():
    span = dict(start=date(2020, 2, 1), end=date(2020, 5, 1))
    a_inc, a_sh = generate_history(DEFAULT_SEED, **span)
    b_inc, b_sh = generate_history(DEFAULT_SEED, **span)
    pd.testing.assert_frame_equal(a_inc, b_inc)
    pd.testing.assert_frame_equal(a_sh, b_sh)
    c_inc, _ = generate_history(DEFAULT_SEED + 1, **span)
    assert not a_inc["opened"].equals(c_inc["opened"])


def test_shipped_files_small():
    from dashboard.replay.history import DEFAULT_DIR
    assert sum(p.stat().st_size for p in DEFAULT_DIR.iterdir()) < 5_000_000


def test_shipped_shift_ids_unique_and_each_job_on_its_units_shift():
    """Read as shipped (not through History.build, which now refuses a clash): shift ids once clashed
    (single-service shifts renumbered into joint ones' ids), so a unit sat at base during its own jobs."""
    shifts = pd.read_csv(DEFAULT_DIR / "shifts.csv.gz", keep_default_na=False)
    incidents = pd.read_csv(DEFAULT_DIR / "incidents.csv.gz", keep_default_na=False)
    assert shifts["shift"].is_unique
    on = incidents.merge(shifts, on="shift", how="left", suffixes=("", "_shift"), validate="many_to_one")
    assert (on["unit"] == on["unit_shift"]).all() and (on["kind"] == "joint").all()
    assigned = pd.to_datetime(on["opened"]) + pd.to_timedelta(on["assigned_s"], unit="s")
    closed = pd.to_datetime(on["opened"]) + pd.to_timedelta(on["closed_s"], unit="s")
    assert (assigned >= pd.to_datetime(on["start"])).all() and (closed <= pd.to_datetime(on["end"])).all()


def test_generated_shift_ids_unique():
    incidents, shifts = generate_history(DEFAULT_SEED, start=date(2026, 10, 26), end=date(2026, 11, 1))
    assert shifts["shift"].is_unique and set(shifts["kind"]) == {"joint", "police", "ambulance"}
    unit_of = dict(zip(shifts["shift"], shifts["unit"]))
    assert [unit_of[s] for s in incidents["shift"]] == incidents["unit"].tolist()


def _tiny():
    incidents, shifts = generate_history(DEFAULT_SEED, start=date(2026, 10, 30), end=date(2026, 11, 1))
    return incidents, shifts


def test_build_refuses_clashing_shift_ids():
    incidents, shifts = _tiny()
    shifts.loc[shifts["unit"] == "AMB-MW-31", "shift"] = int(shifts["shift"].iloc[0])
    with pytest.raises(BadHistory, match="shift ids must be unique"):
        History.build(incidents, shifts)


def test_build_refuses_a_job_on_another_units_shift():
    incidents, shifts = _tiny()
    incidents.loc[0, "unit"] = "JRU-GR-1" if incidents.loc[0, "unit"] != "JRU-GR-1" else "JRU-MW-1"
    with pytest.raises(BadHistory, match="on another unit's shift"):
        History.build(incidents, shifts)
    History.build(*_tiny())   # as generated: fine


def test_an_empty_history_folder_is_a_bad_history(tmp_path):
    incidents, shifts = _tiny()
    incidents.head(0).to_csv(tmp_path / "incidents.csv", index=False)
    shifts.head(0).to_csv(tmp_path / "shifts.csv", index=False)
    with pytest.raises(BadHistory, match="no shifts"):
        load_history(tmp_path)
