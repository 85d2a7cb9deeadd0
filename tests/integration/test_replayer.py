"""The replayer against a real Redis: pacing by wall clock, pause, step, seek with epoch reset."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import numpy as np
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
        # a duty officer's Accept in the replayed evening: a week earlier it never happened
        redis_client.xadd(keys.assignments, {"incident": "SW-LATER", "unit": "JRU-SW-1", "ts": f"{start:.1f}"})
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
        accepts = [f for _, f in redis_client.xrange(keys.assignments)]
    print(f"\nseek (command to epoch visible in Redis): {took * 1000:.0f} ms")
    assert target <= clock.ts <= target + 3 * SPEED
    # only the snapshot and newer: nothing from the week after
    assert all(target - 3600 <= u.ts <= clock.ts for u in units)
    assert all(i.ts <= clock.ts for i in incidents)
    active = {history.incidents.at[int(i), "id"] for i in history.active_incidents(target)}
    assert active and active <= {i.incident for i in incidents if i.status == "open"}
    on_shift = {history.shifts.at[int(r), "unit"] for r in history.shifts_between(target, target)}
    assert on_shift <= {u.unit for u in units}
    assert all(a["incident"] != "SW-LATER" and float(a["ts"]) <= clock.ts for a in accepts)   # the week after: gone


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
    _, events, _ = Replayer(redis_settings, history, router=straight).snapshot(t)
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


def test_a_seek_brings_the_incidents_closed_within_the_days_the_statistics_show(redis_settings, history):
    """After a seek (the demo's start too) /stats had no closed incident: the snapshot held only
    those open at that moment, so the response times and shares were empty for the first hours."""
    from dashboard.core.picture import Picture
    from dashboard.settings import CLOSED_KEEP_S
    t = busy_evening(history)
    _, events, _ = Replayer(redis_settings, history, router=straight).snapshot(t)
    picture = Picture()
    for fields in events:
        picture.apply_incident(parse_incident_event(fields))
    opened = history.times[:, 0]
    recent = (opened > t - CLOSED_KEEP_S) & (opened <= t) & (history.times[:, 3] <= t)
    closed = {i.incident: i for i in picture.incidents_list() if i.status == "closed"}
    assert len(closed) == int(recent.sum()) > 300
    for i in map(int, np.flatnonzero(recent)[:50]):
        inc = closed[history.incidents.at[i, "id"]]
        assert (inc.opened_ts, inc.closed_ts) == pytest.approx((history.times[i][0], history.times[i][3]), abs=1)
    assert min(i.opened_ts for i in closed.values()) > t - CLOSED_KEEP_S


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of the test's own: made to refuse writes, which would hit other tests on the shared one."""
    from dashboard.feed.server import EmbeddedRedis
    from dashboard.feed.settings import RedisSettings
    with EmbeddedRedis(tmp_path / "redis") as url:
        settings = RedisSettings.from_url(url, prefix="full:")
        client = settings.client()
        yield settings, client
        client.close()


def _command_then_full(client, keys, field: str, value) -> None:
    """Queue a replay command and make Redis refuse every write (noeviction at 1 byte), in one MULTI:
    the replayer takes the command (a read and a DEL are still allowed) and its writes fail."""
    pipe = client.pipeline(transaction=True)
    (pipe.hincrby if field == "step" else pipe.hset)(keys.replay_control, field, value)
    pipe.hincrby(keys.replay_control, "seq", 1)
    pipe.config_set("maxmemory-policy", "noeviction")
    pipe.config_set("maxmemory", 1)
    pipe.execute()


def _paused_at_start(client, keys) -> float:
    assert _wait(lambda: read_status(client, keys).get("epoch") == "1", timeout=10)
    send_command(client, keys, "pause")
    assert _wait(lambda: read_status(client, keys).get("paused") == "1")
    return _clock(client, keys)[0].ts


def test_a_refused_write_loses_no_event(own_redis, history):
    """Redis full while 30 minutes fall due: once it takes writes again, every incident event of those
    minutes is in the stream (the position used to move before the write, so they were skipped for good)."""
    settings, client = own_redis
    keys = settings.keys
    with running(settings, history, speed=SPEED, start=busy_evening(history, weeks_back=1)):   # 19:00 on
        held = _paused_at_start(client, keys)
        _command_then_full(client, keys, "step", 30)
        time.sleep(1.5)   # the replayer takes the step and its writes are refused
        assert _clock(client, keys)[0].ts == held
        client.config_set("maxmemory", 0)
        assert _wait(lambda: _clock(client, keys)[0].ts == pytest.approx(held + 1800, abs=1e-3), timeout=5)
    sl = history.events_between(held, held + 1800)
    due = {(history.incidents.at[int(i), "id"], int(k)) for i, k in zip(history.ev_inc[sl], history.ev_kind[sl])}
    kinds = {"open": 0, "assigned": 1, "on_scene": 2, "closed": 3}
    written = {(f["incident"], kinds[f["status"]]) for _, f in client.xrange(keys.incidents)}
    assert len(due) > 5 and due <= written


def test_a_refused_seek_is_retried(own_redis, history):
    """A seek whose MULTI Redis refuses stays pending and lands once Redis takes writes: the streams hold
    the picture at the moment sought, not the later one (it used to carry on at the new moment on top of
    the old streams, under the new epoch)."""
    settings, client = own_redis
    keys = settings.keys
    start = busy_evening(history)
    with running(settings, history, speed=SPEED, start=start):
        held = _paused_at_start(client, keys)
        send_command(client, keys, "step", 60)
        assert _wait(lambda: _clock(client, keys)[0].ts == pytest.approx(held + 3600, abs=1e-3))
        target = start - 7 * 86400 + 1800
        _command_then_full(client, keys, "seek", f"{target:.3f}")
        time.sleep(1.5)
        assert _clock(client, keys)[1] == 1   # refused: nothing changed in Redis
        client.config_set("maxmemory", 0)
        assert _wait(lambda: _clock(client, keys)[1] == 2, timeout=5)
        clock, _ = _clock(client, keys)
        units = [parse_unit_report(f) for _, f in client.xrange(keys.units)]
        incidents = [parse_incident_event(f) for _, f in client.xrange(keys.incidents)]
    assert clock.ts == pytest.approx(target, abs=1e-3)
    assert units and all(u.ts <= target for u in units)
    assert incidents and all(i.ts <= target for i in incidents)
    active = {history.incidents.at[int(i), "id"] for i in history.active_incidents(target)}
    assert active and active <= {i.incident for i in incidents if i.status == "open"}


# ---- backup: the history's second unit goes out as an Accept would ---------------------------------------

def _a_backup(history, *, on_scene_for: float = 600.0) -> int:
    """The latest incident whose backup unit is on scene for a while before the close."""
    ok = [int(i) for i in history.bk_inc if history.times[int(i), 3] - history.backup[int(i), 1] > on_scene_for]
    assert ok
    return ok[-1]


def _accepts(client, keys, incident: str) -> list[dict]:
    return [f for _, f in client.xrange(keys.assignments) if f["incident"] == incident]


def test_the_backup_unit_is_sent_through_the_assignments_stream_when_its_time_comes(redis_settings, redis_client,
                                                                                   history):
    """Replaying forwards, the entry comes once replayed time passes the backup's assignment, not before,
    and a dashboard reading the feed lists both units for the incident, the backup en route."""
    from dashboard.core.attending import unit_names
    from dashboard.core.picture import Picture
    from dashboard.feed.reader import FeedReader
    keys = redis_settings.keys
    i = _a_backup(history)
    incident, first, backup = (history.incidents.at[i, c] for c in ("id", "unit", "backup_unit"))
    sent = float(history.backup[i, 0])
    with running(redis_settings, history, speed=SPEED, start=sent - 1200):
        held = _paused_at_start(redis_client, keys)
        assert held < sent and not _accepts(redis_client, keys, incident)
        picture = Picture()
        reader = FeedReader(redis_settings, picture, block_ms=100).start()
        try:
            send_command(redis_client, keys, "step", int((sent - held) // 60))      # up to the last minute before
            assert _wait(lambda: _clock(redis_client, keys)[0].ts > sent - 60)
            time.sleep(0.3)
            assert not _accepts(redis_client, keys, incident)
            send_command(redis_client, keys, "step", 1)
            assert _wait(lambda: _accepts(redis_client, keys, incident))
            [entry] = _accepts(redis_client, keys, incident)
            assert (entry["unit"], float(entry["ts"]), entry["by"]) == (backup, round(sent, 1), "demo control room")
            # every field the contract lists for an Accept: rank, ETA (the drive planned), distance
            assert entry["rank"] == "1" and int(entry["eta_s"]) == round(float(history.backup[i, 1]) - sent)
            assert 0 < int(entry["distance_m"]) < 60_000
            assert _wait(lambda: incident in picture.incidents
                         and unit_names(picture.incidents[incident]) == [first, backup])
            assert picture.units[backup].status == "en_route"
        finally:
            reader.stop()


def test_a_seek_sends_the_backup_of_the_incidents_it_shows(redis_settings, redis_client, history):
    """After a seek into an incident's backup on scene, the snapshot holds the Accept, and a dashboard that
    was following the feed (its reader waiting on the streams as the seek lands) lists both units; so it
    does for an incident closed within the days the statistics show."""
    from dashboard.core.attending import unit_names
    from dashboard.core.picture import Picture
    from dashboard.feed.reader import FeedReader
    keys = redis_settings.keys
    i = _a_backup(history)
    incident, first, backup = (history.incidents.at[i, c] for c in ("id", "unit", "backup_unit"))
    target = float(history.backup[i, 1]) + 300
    units, events, accepts = Replayer(redis_settings, history, router=straight).snapshot(target)
    [sent] = [a for a in accepts if a["incident"] == incident]
    assert (sent["unit"], sent["ts"], sent["by"], sent["rank"]) == (backup, round(float(history.backup[i, 0]), 1),
                                                                    "demo control room", 1)
    assert sent["eta_s"] > 0 and sent["distance_m"] > 0
    active = {history.incidents.at[int(k), "id"] for k in history.active_incidents(target)}
    assert {a["incident"] for a in accepts} <= {e["incident"] for e in events}
    # and those closed within the days /stats shows: their CSV names both units
    closed = [a["incident"] for a in accepts if a["incident"] not in active]
    assert closed
    with running(redis_settings, history, speed=SPEED, start=target - 7 * 86400):
        _paused_at_start(redis_client, keys)
        picture = Picture()
        reader = FeedReader(redis_settings, picture, block_ms=2000).start()   # long blocks: the seek lands in one
        try:
            assert reader.caught_up.wait(5)
            time.sleep(0.3)
            send_command(redis_client, keys, "seek", target)
            assert _wait(lambda: _clock(redis_client, keys)[1] == 2)
            assert _wait(lambda: [a["unit"] for a in _accepts(redis_client, keys, incident)] == [backup])
            assert _wait(lambda: incident in picture.incidents
                         and unit_names(picture.incidents[incident]) == [first, backup], timeout=5)
            inc = picture.incidents[incident]
            assert inc.status == "on_scene" and picture.units[backup].status == "on_scene"
            earlier = picture.incidents[closed[0]]
            assert earlier.status == "closed" and len(unit_names(earlier)) == 2
        finally:
            reader.stop()
