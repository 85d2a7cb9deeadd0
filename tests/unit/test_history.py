"""The demo history is calibrated on what is known about the JRU scheme, and reproducible."""
from __future__ import annotations

from datetime import date

import numpy as np
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


# ---- backup: now and then a second joint unit (dashboard/replay/backup.py) ----------------------------

def _serious(incidents: pd.DataFrame) -> pd.Series:
    from dashboard.replay.backup import SERIOUS_GRADES, SERIOUS_TYPES
    return incidents["type"].isin(SERIOUS_TYPES) & incidents["grade"].isin(SERIOUS_GRADES)


def test_backup_goes_to_a_few_serious_incidents_from_a_neighbouring_joint_unit(shipped):
    from dashboard.replay.backup import NEIGHBOURS
    incidents, shifts = shipped
    sent = incidents["backup_unit"] != ""
    share = sent[_serious(incidents)].mean()
    assert 0.05 <= share <= 0.10 and not sent[~_serious(incidents)].any()
    b = incidents[sent]
    unit_of = dict(zip(shifts["shift"], shifts["unit"]))
    district_of = dict(zip(shifts["shift"], shifts["district"]))
    assert (b["backup_unit"] != b["unit"]).all()
    assert [unit_of[int(s)] for s in b["backup_shift"]] == b["backup_unit"].tolist()
    assert all(district_of[int(s)] in NEIGHBOURS[d] for s, d in zip(b["backup_shift"], b["district"]))
    after = b["backup_assigned_s"].astype(int) - b["assigned_s"]
    assert after.between(59, 301).all()                                  # 1-5 min after the first unit
    assert (b["backup_on_scene_s"].astype(int) <= b["closed_s"] - 299).all()   # there before the close
    assert (b["backup_on_scene_s"].astype(int) > b["backup_assigned_s"].astype(int)).all()


def test_a_shipped_backup_job_overlaps_no_other_job_of_its_unit():
    h = load_history()
    assert len(h.bk_inc) > 300
    row_of = {int(s): r for r, s in enumerate(h.shifts["shift"])}
    for i in h.bk_inc:
        row = row_of[int(h.incidents.at[int(i), "backup_shift"])]
        assert h.shift_start[row] <= h.backup[i, 0] and h.times[i, 3] <= h.shift_end[row]
        for ta, _, tc, j in h.stints(row):
            assert j == i or tc <= h.backup[i, 0] or ta >= h.times[i, 3], (h.incidents.at[int(i), "id"], j)


@pytest.fixture(scope="module")
def generated():
    """Six months over straight lines (no road model): each drive can be timed again exactly."""
    return History.build(*generate_history(DEFAULT_SEED, start=date(2024, 7, 1), end=date(2025, 1, 1)))


def _track(h: History, i: int):
    from dashboard.replay.tracks import ShiftTrack, straight
    row = int(np.flatnonzero(h.shifts["shift"].to_numpy() == int(h.incidents.at[i, "backup_shift"]))[0])
    return row, ShiftTrack(h, row, straight)


def test_a_backup_unit_is_free_for_its_whole_backup_job(generated):
    """Free when sent (not driving to or at a scene), driven from where it was, no other job until the
    close and none of its own until it is back at base; that one starts from base, as the history timed it."""
    from dashboard.replay.history import travel_s
    h = generated
    assert len(h.bk_inc) > 20
    for i in map(int, h.bk_inc):
        row, track = _track(h, i)
        sent, reached = h.backup[i]
        closed, (lon, lat) = h.times[i, 3], (h.incidents.at[i, "lon"], h.incidents.at[i, "lat"])
        x, y, status = track.state(sent - 1)
        assert status == "available"
        assert reached - sent == pytest.approx(travel_s(x, y, lon, lat, blue=True), abs=2)
        back_at = closed + travel_s(lon, lat, *track.base, blue=False)
        stints, own = h.stints(row), set(h.jobs.get(row, ()))
        for ta, _, tc, j in stints:
            assert j == i or tc <= sent or ta >= closed, (i, j)
            assert j not in own or tc <= sent or ta >= back_at, (i, j)   # (another backup may come on its way back)
        nxt = [s for s in stints if s[0] > sent]
        if nxt and nxt[0][3] in own:   # its next job of its own: from base, as the history timed it
            assert track.state(nxt[0][0] - 1)[:2] == track.base


def test_a_backup_units_track_drives_there_stays_on_scene_until_the_close_and_drives_back(generated):
    h = generated
    for i in map(int, h.bk_inc[:40]):
        _, track = _track(h, i)
        sent, reached = h.backup[i]
        closed, at = h.times[i, 3], (h.incidents.at[i, "lon"], h.incidents.at[i, "lat"])
        assert track.state((sent + reached) / 2)[2] == "en_route"
        for t in np.linspace(reached, closed - 1, 6):
            assert track.state(t) == (*at, "on_scene")
        assert track.state(closed + 1)[2] == "available" and track.state(closed + 1)[:2] != at


def test_backup_is_reproducible_and_only_the_backup_draws_depend_on_it():
    span = dict(start=date(2024, 9, 1), end=date(2024, 10, 1))
    a, _ = generate_history(DEFAULT_SEED, **span)
    b, _ = generate_history(DEFAULT_SEED, **span)
    pd.testing.assert_frame_equal(a, b)
    assert (a["backup_unit"] != "").sum() > 3


def test_a_history_made_before_backup_still_loads(tmp_path):
    incidents, shifts = _tiny()
    incidents.drop(columns=[c for c in incidents if c.startswith("backup_")]).to_csv(tmp_path / "incidents.csv",
                                                                                    index=False)
    shifts.to_csv(tmp_path / "shifts.csv", index=False)
    h = load_history(tmp_path)
    assert len(h.incidents) == len(incidents) and len(h.bk_inc) == 0 and np.isnan(h.backup).all()


def test_build_refuses_a_backup_unit_on_another_units_shift():
    h = load_history()
    incidents, shifts = h.incidents.drop(columns="shift_row"), h.shifts.drop(columns=["start_ts", "end_ts"])
    i = int(h.bk_inc[0])
    incidents.loc[i, "backup_unit"] = incidents.loc[i, "unit"]
    with pytest.raises(BadHistory, match="backup units are not on the shift named"):
        History.build(incidents, shifts)


def test_the_demo_evening_is_a_recent_friday_that_sends_backup_early():
    """Backup goes to ~1 % of incidents: the latest Friday had none, so `make demo` never showed it."""
    from datetime import datetime, timedelta

    from dashboard.replay.demo import BACKUP_LEAD_S, BACKUP_WITHIN_S, busy_evening
    from dashboard.core.times import UK_ZONE
    h = load_history()
    latest, chosen = busy_evening(h, weeks_back=1), busy_evening(h)
    local = datetime.fromtimestamp(latest, UK_ZONE)
    assert (local.weekday(), local.hour, local.minute) == (4, 19, 0) and latest + 8 * 3600 <= h.span[1]
    evening = datetime.fromtimestamp(chosen, UK_ZONE).replace(hour=19, minute=0, second=0, microsecond=0).timestamp()
    assert datetime.fromtimestamp(evening, UK_ZONE).weekday() == 4 and latest - 8 * 7 * 86400 < evening <= latest
    assert evening <= chosen < evening + BACKUP_WITHIN_S
    assert len(h.backups_between(chosen, chosen + BACKUP_LEAD_S)) >= 1       # backup goes within two minutes
    assert not len(h.backups_between(evening, chosen))
    later = [latest - 7 * 86400 * k for k in range(8)]
    assert not any(len(h.backups_between(t, t + BACKUP_WITHIN_S)) for t in later if t > evening)   # the latest such
    assert datetime.fromtimestamp(latest, UK_ZONE).date() + timedelta(days=7) > datetime.fromtimestamp(
        h.span[1] - 8 * 3600, UK_ZONE).date()   # no whole Friday evening after the latest
