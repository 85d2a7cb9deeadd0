"""The demo history's drives are timed over the roads, and the replay drives back the same way.

A unit's first job of a shift starts at its base, so its drive time in the
shipped history must be the road model's ETA from the base: a Hoo job from the
Gillingham base pays the way round by the Medway Tunnel, not the 2 km across
the water.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.core.roads import RoadModel
from dashboard.replay.history import BASES, travel_s
from dashboard.replay.history_index import load_history
from dashboard.replay.tracks import ShiftTrack, load_router


@pytest.fixture(scope="module")
def roads() -> RoadModel:
    return RoadModel.load()


@pytest.fixture(scope="module")
def history():
    return load_history()


def _first_jobs(history) -> pd.DataFrame:
    """Each shift's first job: the unit starts its shift at base, so it drives from there."""
    inc = history.incidents.copy()
    inc["t_assigned"] = pd.to_datetime(inc["opened"], utc=True) + pd.to_timedelta(inc["assigned_s"], unit="s")
    return inc.sort_values("t_assigned").groupby("shift", sort=False).head(1)


def test_first_drive_of_a_shift_is_the_road_eta_from_base(history, roads):
    first = _first_jobs(history).sample(150, random_state=1)
    for _, r in first.iterrows():
        _, blon, blat = BASES[r["district"]]
        drive = r["on_scene_s"] - r["assigned_s"]
        assert drive == pytest.approx(travel_s(blon, blat, r["lon"], r["lat"], blue=True, roads=roads), abs=1.0)


def test_hoo_jobs_from_gillingham_pay_the_way_round(history, roads):
    first = _first_jobs(history)
    hoo = first[(first["district"] == "Medway") & (first["lat"] > 51.41) & (first["lon"].between(0.53, 0.62))]
    assert len(hoo) > 5
    drive = (hoo["on_scene_s"] - hoo["assigned_s"]).to_numpy()
    _, blon, blat = BASES["Medway"]
    straight = np.array([travel_s(blon, blat, x, y, blue=True) for x, y in zip(hoo["lon"], hoo["lat"])])
    assert np.median(drive / straight) > 1.15    # the Medway is in the way (straight lines gave 1.0)


def test_replayed_drive_back_is_timed_over_the_roads(history, roads):
    router, name = load_router()
    assert name == "roads"
    row = int(np.flatnonzero(history.shifts["kind"].to_numpy() == "joint")[100])
    track = ShiftTrack(history, row, router)
    back = [leg for leg in track.legs if leg.status == "available"][0]
    assert back.dur == pytest.approx(travel_s(*back.a, *back.b, blue=False, roads=roads), rel=1e-6)
