"""The replayer against a real Redis: pacing by wall clock, pause, step, seek with epoch reset."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest

from dashboard.core.clock import ReplayClock
from dashboard.core.contract import parse_incident_event, parse_unit_report
from dashboard.feed.replay_control import read_status, send_command
from dashboard.replay.demo import busy_evening
from dashboard.replay.history_index import load_history
from dashboard.replay.replayer import Replayer
from dashboard.replay.tracks import straight

SPEED = 600.0


@pytest.fixture(scope="module")
def history():
    return load_history()


@contextmanager
def running(settings, history, **kw):
    replayer = Replayer(settings, history, router=straight, **kw)
    stop = threading.Event()
    t_started = time.time()
    thread = threading.Thread(target=replayer.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield replayer, t_started
    finally:
        stop.set()
        thread.join(5)


def _clock(client, keys) -> tuple[ReplayClock, int]:
    raw = client.hgetall(keys.clock)
    return ReplayClock(float(raw["ts"]), float(raw["speed"]), float(raw["wall"])), int(raw["epoch"])


def _wait(predicate, timeout=3.0):
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_clock_paced_by_wall_and_entries_in_replayed_time(redis_settings, redis_client, history):
    keys = redis_settings.keys
    start = busy_evening(history)
    with running(redis_settings, history, speed=SPEED, start=start) as (_, t_started):
        time.sleep(2.0)
        wall = time.time()
        clock, epoch = _clock(redis_client, keys)
        expected = start + (wall - t_started) * SPEED
        assert clock.speed == SPEED and epoch >= 1
        assert abs(clock.now(wall) - expected) <= 1.0 * SPEED
        assert clock.is_fresh(wall)
        units = [parse_unit_report(f) for _, f in redis_client.xrange(keys.units)]
        incidents = [parse_incident_event(f) for _, f in redis_client.xrange(keys.incidents)]
    assert len({u.unit for u in units}) >= 4
    assert all(start - 3600 <= u.ts <= clock.now(wall) + 1 for u in units)
    assert max(u.ts for u in units) >= clock.now(wall) - 2 * SPEED  # reports follow the clock
    assert {u.kind for u in units} == {"joint", "police", "ambulance"}
    assert {u.status for u in units} & {"en_route", "on_scene"}  # units at work, not parked
    assert incidents and all(i.ts <= clock.now(wall) + 1 for i in incidents)
    assert any(i.ts > start for i in incidents)  # events written as replayed time passes


def test_pause_holds_and_step_advances_one_minute(redis_settings, redis_client, history):
    keys = redis_settings.keys
    with running(redis_settings, history, speed=SPEED, start=busy_evening(history)):
        assert _wait(lambda: read_status(redis_client, keys).get("epoch") == "1")
        send_command(redis_client, keys, "pause")
        assert _wait(lambda: read_status(redis_client, keys).get("paused") == "1")
        first, _ = _clock(redis_client, keys)
        time.sleep(1.0)
        held, _ = _clock(redis_client, keys)
        assert held.speed == 0 and held.ts == first.ts
        assert time.time() - held.wall < 0.6  # refreshed at least twice a second while paused
        assert ReplayClock(held.ts, held.speed, held.wall).now(time.time()) == held.ts
        send_command(redis_client, keys, "step")
        assert _wait(lambda: abs(_clock(redis_client, keys)[0].ts - (held.ts + 60)) < 1e-3)
        send_command(redis_client, keys, "step", 2)
        assert _wait(lambda: abs(_clock(redis_client, keys)[0].ts - (held.ts + 180)) < 1e-3)
        send_command(redis_client, keys, "resume")
        assert _wait(lambda: _clock(redis_client, keys)[0].speed == SPEED)
        send_command(redis_client, keys, "speed", 1200)
        assert _wait(lambda: read_status(redis_client, keys).get("speed") == "1200")


def test_seek_backwards_bumps_epoch_and_resets_streams(redis_settings, redis_client, history):
    keys = redis_settings.keys
    start = busy_evening(history)
    with running(redis_settings, history, speed=SPEED, start=start):
        time.sleep(1.0)
        _, epoch0 = _clock(redis_client, keys)
        target = start - 7 * 86400 + 1800  # the Friday before, 19:30
        t0 = time.perf_counter()
        send_command(redis_client, keys, "seek", target)
        assert _wait(lambda: _clock(redis_client, keys)[1] == epoch0 + 1)
        took = time.perf_counter() - t0
        send_command(redis_client, keys, "pause")
        assert _wait(lambda: read_status(redis_client, keys).get("paused") == "1")
        clock, _ = _clock(redis_client, keys)
        units = [parse_unit_report(f) for _, f in redis_client.xrange(keys.units)]
        incidents = [parse_incident_event(f) for _, f in redis_client.xrange(keys.incidents)]
    print(f"\nseek (command to epoch visible in Redis): {took * 1000:.0f} ms")
    assert target <= clock.ts <= target + 3 * SPEED
    # only the snapshot and newer: nothing from the week after
    assert all(target - 3600 <= u.ts <= clock.ts for u in units)
    assert all(i.ts <= clock.ts for i in incidents)
    active = {history.incidents.at[int(i), "id"] for i in history.active_incidents(target)}
    assert active and active <= {i.incident for i in incidents if i.status == "open"}
    on_shift = {history.shifts.at[int(r), "unit"] for r in history.shifts_between(target, target)}
    assert on_shift <= {u.unit for u in units}


def test_seek_is_fast_and_deterministic(redis_settings, history):
    replayer = Replayer(redis_settings, history, router=straight)
    lo, hi = history.span
    times = []
    for k in range(10):
        times.append(replayer.seek(lo + (hi - lo) * (k + 0.5) / 10))
    print(f"\nseek median {sorted(times)[5] * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")
    a = replayer.snapshot(lo + (hi - lo) * 0.75)
    b = Replayer(redis_settings, history, router=straight).snapshot(lo + (hi - lo) * 0.75)
    assert a == b


def test_a_seek_keeps_when_each_incident_was_dispatched_and_reached(redis_settings, history):
    """A replay that starts (or seeks) while an incident is on scene: the statistics' opened-to-dispatch
    time is the history's, not the moment the unit got there (the snapshot used to send the opening
    and the latest event only, so both times were the on-scene one)."""
    from dashboard.core.picture import Picture
    t = busy_evening(history)
    _, events = Replayer(redis_settings, history, router=straight).snapshot(t)
    picture = Picture()
    for fields in events:
        picture.apply_incident(parse_incident_event(fields))
    on_scene = [int(i) for i in history.active_incidents(t) if history.times[int(i)][2] <= t]
    assert on_scene
    for i in on_scene:
        inc = picture.incidents[history.incidents.at[i, "id"]]
        opened, dispatched, reached = (float(x) for x in history.times[i][:3])
        assert (inc.opened_ts, inc.assigned_ts, inc.on_scene_ts) == pytest.approx((opened, dispatched, reached), abs=1)
        assert dispatched < reached
