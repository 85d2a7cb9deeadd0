"""Faults on a bad night: Redis stopped mid-feed, a burst of 100,000 reports,
the dashboard killed and restarted. Against the real embedded Redis."""
from __future__ import annotations

import os
import signal
import threading
import time

from dashboard.core.picture import Picture
from dashboard.feed.reader import FeedReader
from dashboard.feed.writer import FeedWriter
from dashboard.runtime import build_runtime
from dashboard.settings import Settings
from tests.helpers import eventually


def snapshot(picture: Picture):
    units = sorted((u.unit, u.ts, u.lat, u.lon, u.status, u.kind, u.fix_ts, u.officers, u.paramedics)
                   for u in picture.units_list())
    incidents = sorted((i.incident, i.ts, i.status, i.unit, i.lat, i.lon, i.type, i.area, i.closed_ts)
                       for i in picture.incidents_list())
    return units, incidents


def test_redis_stopped_mid_feed_and_restarted_loses_nothing(embedded_redis, redis_settings):
    picture = Picture()
    reader = FeedReader(redis_settings, picture, block_ms=100).start()
    written: list[str] = []
    stop_feed = threading.Event()
    failed_writes = [0]

    def feed():
        """A feeder that keeps going through the outage (its writes then fail and are retried)."""
        client, i = None, 0
        while not stop_feed.is_set():
            try:
                if client is None:
                    client = FeedWriter(redis_settings.client(), redis_settings.keys)
                client.unit_report({"unit": f"F-{i}", "ts": time.time(), "lat": 51.4, "lon": 0.5})
                written.append(f"F-{i}")
                i += 1
            except Exception:
                failed_writes[0] += 1
                client = None
                time.sleep(0.05)
            time.sleep(0.005)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        eventually(lambda: len(picture.units) >= 100, timeout=10)
        embedded_redis.stop()
        t_stop = time.monotonic()
        try:
            eventually(lambda: not reader.connected, timeout=5)
            t_lost = time.monotonic() - t_stop
            assert "Redis unreachable" in reader.error
            time.sleep(1.0)                      # an outage of a second or so
        finally:
            embedded_redis.restart()
        t_restart = time.monotonic()
        eventually(lambda: reader.connected, timeout=5)
        t_recovered = time.monotonic() - t_restart
        n_before_restart = len(written)
        eventually(lambda: len(written) >= n_before_restart + 100, timeout=10)  # the feed goes on
    finally:
        stop_feed.set()
        feeder.join(5)
    try:
        # every entry the feeder saw acknowledged (before and after the outage) is in the picture
        eventually(lambda: len(picture.units) == len(written), timeout=10)
        assert set(picture.units) == set(written)
        stream_len = redis_settings.client().xlen(redis_settings.keys.units)
        # The append-only file kept everything written before the stop. A write the server applied just
        # as it stopped, but never acknowledged, is retried by the feeder: it may stand twice, never zero times.
        assert len(written) <= stream_len <= len(written) + failed_writes[0]
    finally:
        reader.stop()
    print(f"\noutage: lost after {t_lost:.2f} s, recovered {t_recovered:.2f} s after restart; "
          f"{len(written)} entries acknowledged, {failed_writes[0]} writes failed during the outage")
    assert t_lost < 5 and t_recovered < 5


def test_burst_of_100000_reports_all_applied(redis_settings, redis_client):
    picture = Picture()
    reader = FeedReader(redis_settings, picture, block_ms=100).start()
    writer = FeedWriter(redis_client, redis_settings.keys)
    n, n_units, t0 = 100_000, 500, float(int(time.time()) - 200_000)   # in the past (future times are rejected)
    try:
        eventually(lambda: reader.connected, timeout=5)
        t = time.perf_counter()
        for start in range(0, n, 5000):
            pipe = redis_client.pipeline(transaction=False)
            for i in range(start, start + 5000):
                writer.unit_report({"unit": f"B-{i % n_units}", "ts": t0 + i, "lat": 51.0 + i / 1e6,
                                    "lon": 0.5, "status": "available"}, pipe)
            pipe.execute()
        t_written = time.perf_counter() - t
        eventually(lambda: picture.applied >= n, timeout=120, interval=0.01)
        t_applied = time.perf_counter() - t
    finally:
        reader.stop()
    print(f"\nburst: {n} reports XADDed (pipelined) in {t_written:.2f} s; reader applied all "
          f"{t_applied:.2f} s after the first write ({n / t_applied:,.0f}/s), lag then {reader.lag_s:.2f} s")
    assert reader.entries_read == n and picture.applied == n and reader.rejected == 0
    assert len(picture.units) == n_units
    for k in range(n_units):                      # each unit's last report is its position
        last = max(i for i in range(n - n_units, n) if i % n_units == k)
        u = picture.units[f"B-{k}"]
        assert (u.ts, u.lat) == (t0 + last, round(51.0 + last / 1e6, 6))


def test_dashboard_killed_and_restarted_rebuilds_an_identical_picture(redis_settings, redis_client):
    writer = FeedWriter(redis_client, redis_settings.keys)
    now = time.time()
    for i in range(2000):
        writer.unit_report({"unit": f"K-{i % 40}", "ts": now - 600 + i * 0.3, "lat": 51.3 + (i % 97) / 1000,
                            "lon": 0.4 + (i % 89) / 1000, "status": ("available", "en_route", "on_scene")[i % 3],
                            "kind": ("joint", "police")[i % 7 == 0], "officers": 2, "paramedics": 1})
    for j in range(30):
        writer.incident_event({"incident": f"KI-{j}", "ts": now - 500 + j, "lat": 51.38, "lon": 0.52 + j / 100,
                               "type": "medical", "category": "C2"})
        if j % 3 == 0:
            writer.incident_event({"incident": f"KI-{j}", "ts": now - 400 + j, "status": "closed"})
    writer.unit_report({"unit": "K-1", "ts": "not a time"})            # a reject survives restarts too
    settings = Settings(redis_url=redis_settings.url, prefix=redis_settings.prefix, eta_model="straight")
    first = build_runtime(settings, redis_settings.url)          # its reader thread runs, like a live process
    try:
        eventually(lambda: first.reader.entries_read >= 2041, timeout=20)
        first.assignments.accept("KI-1", "K-5", by="duty officer")           # an assignment written by this process
        eventually(lambda: first.reader.entries_read >= 2042, timeout=10)
        before = snapshot(first.picture)
    finally:
        first.reader.stop()                                      # "killed"
    second = build_runtime(settings, redis_settings.url)         # "restarted": a new process, same streams
    try:
        eventually(lambda: second.reader.entries_read >= 2042, timeout=20)   # all of it, the reject too
        eventually(lambda: snapshot(second.picture) == before, timeout=20)
        assert second.picture.incidents["KI-1"].status == "assigned"
        assert second.picture.units["K-5"].status == "en_route"
        assert second.reader.rejected == 1 and redis_client.xlen(redis_settings.keys.rejects) == 1
    finally:
        second.reader.stop()


def test_an_accept_that_times_out_is_not_called_unwritten(app, writer, redis_client, redis_settings):
    """Redis stalls (here: the server process stopped for 7 s) while an officer presses Accept: the
    dashboard gives up after 5 s, and Redis, going on, runs the write. The officer was told "nothing
    was written", and would send a second unit."""
    now = time.time()
    writer.incident_event({"incident": "ST-1", "ts": now, "lat": 51.40, "lon": 0.53})
    writer.unit_report({"unit": "ST-U", "ts": now, "lat": 51.395, "lon": 0.525})
    writer.incident_event({"incident": "ST-0", "ts": now, "lat": 51.30, "lon": 0.53})
    writer.unit_report({"unit": "ST-V", "ts": now, "lat": 51.30, "lon": 0.525})
    suggested = lambda inc: {s.unit for s in getattr(app.runtime.rankings.ranking(inc), "suggestions", [])}  # noqa: E731
    eventually(lambda: "ST-V" in suggested("ST-0") and "ST-U" in suggested("ST-1"))
    assert app.runtime.assignments.accept("ST-0", "ST-V", by="sgt.smith")[0]    # the writer's connection is open
    pid = int(redis_client.info("server")["process_id"])
    os.kill(pid, signal.SIGSTOP)
    threading.Timer(7.0, os.kill, (pid, signal.SIGCONT)).start()
    try:
        ok, message = app.runtime.assignments.accept("ST-1", "ST-U", by="sgt.smith")
    finally:
        eventually(lambda: redis_client.xlen(redis_settings.keys.assignments) == 2, timeout=10)   # it ran after all
    assert not ok and "nothing was written" not in message
    assert "may still be written" in message and "check whether the incident shows it assigned" in message


def test_a_redis_that_comes_back_without_its_data_is_said_so(redis_settings, redis_client):
    """Redis restarted without persistence answered again, and the screens said LIVE: this one still
    showed 14 incidents, a restarted or second dashboard process would show 1. Health now says so."""
    picture = Picture()
    reader = FeedReader(redis_settings, picture, block_ms=100, memory_check_s=0.2).start()
    try:
        writer = FeedWriter(redis_client, redis_settings.keys)
        writer.unit_report({"unit": "JRU-L-1", "ts": time.time(), "lat": 51.4, "lon": 0.5})
        writer.incident_event({"incident": "INC-L", "ts": time.time(), "lat": 51.41, "lon": 0.51})
        eventually(lambda: "INC-L" in picture.incidents and reader.connected)

        def drop_the_readers_connection() -> None:
            named = [c for c in redis_client.client_list() if c["name"] == f"{redis_settings.prefix}reader"]
            assert named
            redis_client.client_kill_filter(_id=named[0]["id"])
            eventually(lambda: [c for c in redis_client.client_list()
                                if c["name"] == f"{redis_settings.prefix}reader" and c["id"] != named[0]["id"]],
                       timeout=10)   # it came back

        drop_the_readers_connection()   # an outage that leaves the data: nothing to say
        time.sleep(0.6)   # a few checks
        assert reader.data_lost is None
        keys = redis_settings.keys
        redis_client.delete(keys.units, keys.incidents)   # what a restart without its data leaves
        drop_the_readers_connection()
        eventually(lambda: reader.data_lost is not None, timeout=10)
        assert keys.units in reader.data_lost and keys.incidents in reader.data_lost
        assert "INC-L" in picture.incidents   # this screen keeps what it had
    finally:
        reader.stop()


def test_a_redis_that_forgot_everything_is_said_so_even_once_the_feed_writes_again(redis_settings, redis_client):
    """After a restart without its data the feed writes again within a second, so each stream soon ends
    past what was read, and looks whole: the token the reader set is what tells."""
    picture = Picture()
    reader = FeedReader(redis_settings, picture, block_ms=100, memory_check_s=0.2).start()
    keys = redis_settings.keys
    try:
        writer = FeedWriter(redis_client, keys)
        writer.unit_report({"unit": "JRU-F-1", "ts": time.time(), "lat": 51.4, "lon": 0.5})
        eventually(lambda: "JRU-F-1" in picture.units and reader.connected)
        name = f"{redis_settings.prefix}reader"
        first = [c["id"] for c in redis_client.client_list() if c["name"] == name]
        redis_client.delete(keys.units, keys.incidents, keys.held)   # all this prefix's keys: a FLUSHALL
        writer.unit_report({"unit": "JRU-F-2", "ts": time.time(), "lat": 51.41, "lon": 0.51})   # the feed goes on
        redis_client.client_kill_filter(_id=first[0])
        eventually(lambda: reader.data_lost is not None, timeout=10)
        assert "JRU-F-1" in picture.units   # still shown here
    finally:
        reader.stop()
