"""The demo obeys a duty officer's Accept (dashboard/replay/orders.py), against a real Redis: the unit sent
drives to the incident, is on scene there until the history closes it, and drives back to base."""
from __future__ import annotations

import math

import numpy as np
import pytest

from dashboard.core.contract import parse_unit_report
from dashboard.replay.calibration import travel_s
from dashboard.replay.demo import busy_evening
from dashboard.replay.history_index import load_history
from dashboard.replay.replayer import BACKUP_BY, Replayer
from dashboard.replay.tracks import ShiftTrack, straight


@pytest.fixture(scope="module")
def history():
    return load_history()


def _metres(lon1, lat1, lon2, lat2) -> float:
    return math.hypot((lon2 - lon1) * 69_400, (lat2 - lat1) * 111_200)


def _free_unit_and_incident(history) -> tuple[float, int, int]:
    """From the demo's busy evening on, a moment t, a joint unit standing free at base then with nothing
    in the history for the next 90 min, and an open incident it can reach, be on scene at for 10 min and
    come back from within those 90 min."""
    for t in busy_evening(history) + 600.0 * np.arange(300):
        found = _free_at(history, float(t))
        if found:
            return float(t), *found
    raise AssertionError("no free joint unit in the demo history")


def _free_at(history, t: float) -> tuple[int, int] | None:
    inc = history.incidents
    for row in history.shifts_between(t, t + 5400):
        row = int(row)
        track = ShiftTrack(history, row, straight)
        free = track.kind == "joint" and track.state(t) == (*track.base, "available") and track.end > t + 5400
        if not free or any(t <= ta <= t + 5400 for ta, *_ in history.stints(row)):
            continue
        for i in history.active_incidents(t):
            scene = (inc.at[int(i), "lon"], inc.at[int(i), "lat"])
            drive = travel_s(*track.base, *scene, blue=True)
            back = travel_s(*scene, *track.base, blue=False)
            if _metres(*track.base, *scene) > 1000 and t + drive + 600 < history.times[int(i), 3] < t + 4800 - back:
                return row, int(i)
    return None


def _replayed(replayer: Replayer, minutes: int) -> None:
    """Step replayed time on a minute at a time (one report per unit per minute), as the replay bar's step."""
    for _ in range(minutes):
        replayer.pace.step(60.0)
        replayer.tick()


def _reports(client, keys, unit: str, after: float) -> list:
    reports = [parse_unit_report(f) for _, f in client.xrange(keys.units)]
    return [r for r in reports if r.unit == unit and r.ts > after]


def test_a_unit_a_duty_officer_sends_drives_there_stays_until_the_close_and_drives_back(
        redis_settings, redis_client, history):
    keys = redis_settings.keys
    t0, row, i = _free_unit_and_incident(history)
    unit, base = history.shifts.at[row, "unit"], ShiftTrack(history, row, straight).base
    incident, scene = history.incidents.at[i, "id"], (history.incidents.at[i, "lon"], history.incidents.at[i, "lat"])
    closes = float(history.times[i, 3])
    replayer = Replayer(redis_settings, history, router=straight, start=t0)
    replayer.pace.pause()
    replayer.seek(t0)
    redis_client.xadd(keys.assignments, {"incident": incident, "unit": unit, "ts": f"{t0:.1f}", "by": "Sgt Khan"})
    replayer.obey_accepts()
    drive, back = travel_s(*base, *scene, blue=True), travel_s(*scene, *base, blue=False)
    _replayed(replayer, int((closes + back - t0) // 60) + 3)
    seen = _reports(redis_client, keys, unit, t0)
    on_the_way = [r for r in seen if r.ts < t0 + drive - 1]
    assert on_the_way and {r.status for r in on_the_way} == {"en_route"}
    away = [_metres(r.lon, r.lat, *scene) for r in on_the_way]
    assert away == sorted(away, reverse=True) and away[0] < _metres(*base, *scene)   # nearer every minute
    there = [r for r in seen if t0 + drive + 1 < r.ts < closes]
    assert there and {r.status for r in there} == {"on_scene"}
    assert all(_metres(r.lon, r.lat, *scene) < 2 for r in there)
    after = [r for r in seen if r.ts > closes]
    assert after and {r.status for r in after} == {"available"}
    assert _metres(after[-1].lon, after[-1].lat, *base) < 2                       # back at base
    # without the Accept the history has it standing at base all that time
    plain = Replayer(redis_settings, history, router=straight, start=t0)
    assert {(r["status"], r["lon"], r["lat"]) for r in plain.unit_reports(t0, closes) if r["unit"] == unit} \
        == {("available", round(base[0], 6), round(base[1], 6))}


def test_bad_entries_and_the_demos_own_backup_leave_the_order_as_the_officer_gave_it(
        redis_settings, redis_client, history):
    keys = redis_settings.keys
    t0, row, i = _free_unit_and_incident(history)
    unit, incident = history.shifts.at[row, "unit"], history.incidents.at[i, "id"]
    raw = redis_settings.client(decode=False)
    replayer = Replayer(redis_settings, history, router=straight, start=t0)
    replayer.pace.pause()
    replayer.seek(t0)
    raw.xadd(keys.assignments, {b"incident": b"\xff\xfe", b"unit": unit.encode(), b"ts": str(t0).encode()})
    raw.xadd(keys.assignments, {b"unit": unit.encode(), b"ts": str(t0).encode()})               # no incident
    redis_client.xadd(keys.assignments, {"incident": "NOT-IN-HISTORY", "unit": unit, "ts": f"{t0:.1f}"})
    redis_client.xadd(keys.assignments, {"incident": incident, "unit": unit, "ts": f"{t0 - 86400:.1f}"})  # a day off
    replayer.obey_accepts()
    assert replayer.orders.by_row == {}
    redis_client.xadd(keys.assignments, {"incident": incident, "unit": unit, "ts": f"{t0:.1f}", "by": BACKUP_BY})
    replayer.obey_accepts()
    assert replayer.orders.by_row == {}
    redis_client.xadd(keys.assignments, {"incident": incident, "unit": unit, "ts": f"{t0:.1f}", "by": "Sgt Khan"})
    replayer.obey_accepts()
    _replayed(replayer, 2)
    assert [r.status for r in _reports(redis_client, keys, unit, t0)] == ["en_route", "en_route"]
    raw.close()


def test_a_seek_starts_the_units_again_from_the_history(redis_settings, redis_client, history):
    keys = redis_settings.keys
    t0, row, i = _free_unit_and_incident(history)
    unit, incident = history.shifts.at[row, "unit"], history.incidents.at[i, "id"]
    replayer = Replayer(redis_settings, history, router=straight, start=t0)
    replayer.pace.pause()
    replayer.seek(t0)
    redis_client.xadd(keys.assignments, {"incident": incident, "unit": unit, "ts": f"{t0:.1f}", "by": "Sgt Khan"})
    replayer.obey_accepts()
    _replayed(replayer, 3)
    assert _reports(redis_client, keys, unit, t0)[-1].status == "en_route"
    replayer.seek(t0 + 300)
    _replayed(replayer, 2)
    assert {r.status for r in _reports(redis_client, keys, unit, t0)} == {"available"}
