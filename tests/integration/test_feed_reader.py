"""The reader against a real Redis: ordering, rejects once, restart, outage."""
import json
import time

from dashboard.core.picture import Picture
from dashboard.feed.reader import FeedReader
from tests.helpers import eventually


def test_reports_reach_the_picture(redis_settings, writer):
    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.38, "lon": 0.52, "status": "available"})
    writer.incident_event({"incident": "INC-1", "ts": time.time(), "lat": 51.4, "lon": 0.53, "type": "rtc"})
    picture = Picture()
    FeedReader(redis_settings, picture).catch_up()
    assert picture.units["JRU-MW-1"].lat == 51.38 and picture.incidents["INC-1"].type == "rtc"


def test_a_bad_entry_is_rejected_once_however_many_readers(redis_settings, writer, redis_client):
    bad_id = writer.unit_report({"unit": "JRU-1", "ts": "2026-11-25T12:00:00", "lat": 51.4, "lon": 0.5})
    writer.unit_report({"unit": "JRU-2", "ts": time.time(), "lat": 51.4, "lon": 0.5})
    readers = [FeedReader(redis_settings, Picture()) for _ in range(3)]
    for r in readers:
        r.catch_up()
    rejects = redis_client.xrange(redis_settings.keys.rejects)
    assert len(rejects) == 1
    fields = rejects[0][1]
    assert fields["stream"] == redis_settings.keys.units and fields["entry"] == bad_id
    assert "naive" in fields["reason"] and json.loads(fields["raw"])["unit"] == "JRU-1"
    assert all(r.rejected == 1 and "JRU-2" in r.picture.units and "JRU-1" not in r.picture.units for r in readers)


def test_restart_rebuilds_the_same_picture_from_the_streams(redis_settings, writer):
    t = time.time()
    for i in range(50):
        writer.unit_report({"unit": f"U{i % 5}", "ts": t + i, "lat": 51.3 + i / 1000, "lon": 0.5})
    writer.incident_event({"incident": "I1", "ts": t, "lat": 51.4, "lon": 0.5})
    writer.incident_event({"incident": "I1", "ts": t + 5, "status": "closed"})
    first, second = Picture(), Picture()
    FeedReader(redis_settings, first).catch_up()
    FeedReader(redis_settings, second).catch_up()   # "after a restart"
    snapshot = lambda p: sorted((u.unit, u.lat, u.status) for u in p.units_list())
    assert snapshot(first) == snapshot(second) and len(snapshot(first)) == 5
    assert second.incidents["I1"].status == "closed"
    assert second.units["U4"].lat == 51.3 + 49 / 1000


def test_reader_recovers_after_redis_restart_and_loses_nothing(embedded_redis, redis_settings, writer):
    picture = Picture()
    reader = FeedReader(redis_settings, picture, block_ms=100).start()
    try:
        writer.unit_report({"unit": "BEFORE", "ts": time.time(), "lat": 51.4, "lon": 0.5})
        eventually(lambda: "BEFORE" in picture.units)
        embedded_redis.stop()
        eventually(lambda: not reader.connected, timeout=10)
        assert "Redis unreachable" in reader.error and "BEFORE" in picture.units  # nothing received is lost
        embedded_redis.restart()
        eventually(lambda: reader.connected, timeout=10)
        from dashboard.feed.writer import FeedWriter
        FeedWriter(redis_settings.client(), redis_settings.keys).unit_report(
            {"unit": "AFTER", "ts": time.time(), "lat": 51.4, "lon": 0.5})
        eventually(lambda: "AFTER" in picture.units)
        assert "BEFORE" in picture.units
    finally:
        reader.stop()



def test_replayed_time_runs_on_while_redis_is_away(embedded_redis, redis_settings, redis_client):
    """A demo whose Redis goes away must not jump to today's date: every replayed incident would
    read as weeks overdue and every unit as gone."""
    from dashboard.core.clock import REPLAY_FRESH_S
    from dashboard.feed.clock import ClockState, write_clock
    from dashboard.service.clock import FeedClock
    replayed = time.time() - 30 * 86400   # a month ago, at 10x
    pipe = redis_client.pipeline()
    write_clock(pipe, redis_settings.keys, ClockState(ts=replayed, speed=10.0, wall=time.time(), epoch=1))
    pipe.execute()
    reader = FeedReader(redis_settings, Picture(), block_ms=100).start()
    clock = FeedClock(reader)
    try:
        eventually(lambda: clock.now()[1])
        embedded_redis.stop()
        eventually(lambda: not reader.connected, timeout=10)
        time.sleep(REPLAY_FRESH_S + 1)   # longer than a replay clock stays fresh
        now, is_replay = clock.now()
        assert is_replay and now < replayed + 86400   # still the replayed evening
    finally:
        embedded_redis.restart()
        reader.stop()

def test_a_report_dated_far_ahead_is_rejected_so_it_cannot_freeze_the_unit(redis_settings, writer, redis_client):
    now = time.time()
    writer.unit_report({"unit": "U1", "ts": now + 86400, "lat": 51.0, "lon": 0.1})    # "tomorrow"
    writer.unit_report({"unit": "U1", "ts": now + 60, "lat": 51.4, "lon": 0.5})       # a minute of skew is fine
    picture = Picture()
    FeedReader(redis_settings, picture).catch_up()
    assert picture.units["U1"].lat == 51.4
    reason = redis_client.xrange(redis_settings.keys.rejects)[0][1]["reason"]
    assert "ahead of the feed clock" in reason


def test_an_assignment_from_the_future_is_rejected_not_frozen_in(redis_settings, writer, redis_client):
    """An entry in jru:assignments with ts 9999-12-31 used to freeze the incident
    'assigned' and its unit 'en route' for good; bad ids went through."""
    now = time.time()
    writer.unit_report({"unit": "JRU-1", "ts": now, "lat": 51.4, "lon": 0.5, "status": "available"})
    writer.incident_event({"incident": "INC-1", "ts": now, "lat": 51.4, "lon": 0.5})
    keys = redis_settings.keys
    redis_client.xadd(keys.assignments, {"incident": "INC-1", "unit": "JRU-1", "ts": "9999-12-31T00:00:00Z"})
    redis_client.xadd(keys.assignments, {"incident": "INC 1;DROP", "unit": "JRU-1", "ts": str(now)})
    picture = Picture()
    FeedReader(redis_settings, picture).catch_up()
    assert picture.incidents["INC-1"].status == "open" and picture.units["JRU-1"].status == "available"
    reasons = [f["reason"] for _, f in redis_client.xrange(keys.rejects)]
    assert len(reasons) == 2 and "ahead of the feed clock" in reasons[0] and "incident id" in reasons[1]
    writer.unit_report({"unit": "JRU-1", "ts": now + 5, "status": "available"})   # later news still applies
    redis_client.xadd(keys.assignments, {"incident": "INC-1", "unit": "JRU-1", "ts": str(now + 10), "by": "sgt"})
    FeedReader(redis_settings, picture2 := Picture()).catch_up()
    assert picture2.incidents["INC-1"].status == "assigned" and picture2.units["JRU-1"].status == "en_route"


def test_an_accept_read_back_after_a_restart_still_assigns_its_incident(redis_settings, writer, redis_client):
    """A restart read the streams one after another, a batch each: with more incident events before
    INC-42 than one batch holds, the accept was read before INC-42 existed and was dropped. The
    unit then showed available and was suggested again."""
    now = time.time()
    pipe = redis_client.pipeline(transaction=False)
    for i in range(30):          # an evening's other traffic, more than one batch of it
        writer.incident_event({"incident": f"OLD-{i}", "ts": now - 300 + i, "lat": 51.38, "lon": 0.52,
                               "status": "closed"}, pipe=pipe)
        writer.unit_report({"unit": f"OTHER-{i % 5}", "ts": now - 300 + i, "lat": 51.38, "lon": 0.52}, pipe=pipe)
    pipe.execute()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now - 60, "lat": 51.385, "lon": 0.521, "status": "available"})
    time.sleep(0.002)     # each its own millisecond: within one, the streams' order is a convention
    writer.incident_event({"incident": "INC-42", "ts": now - 30, "lat": 51.38, "lon": 0.53, "type": "assault"})
    time.sleep(0.002)
    writer.assignment(incident="INC-42", unit="JRU-MW-1", ts=now - 10, by="sgt.jones", rank=1,
                      eta_s=300, distance_m=1200)
    time.sleep(0.002)
    writer.unit_report({"unit": "JRU-MW-1", "ts": now - 5, "lat": 51.382, "lon": 0.525})   # on its way
    picture = Picture()
    reader = FeedReader(redis_settings, picture, batch=10)
    assert reader.catch_up() == 30 + 30 + 4
    assert picture.incidents["INC-42"].status == "assigned" and picture.incidents["INC-42"].unit == "JRU-MW-1"
    assert picture.units["JRU-MW-1"].status == "en_route" and picture.units["JRU-MW-1"].lat == 51.382
    assert redis_client.xlen(redis_settings.keys.rejects) == 0 and reader.caught_up.is_set()


def test_an_entry_dated_just_beyond_the_limit_is_judged_as_of_its_arrival(redis_settings, writer, redis_client):
    """A report 10 min 3 s ahead was rejected by the process reading it at once and applied by one
    started 5 s later, which then held the unit "off duty" for ten minutes whatever it reported."""
    now = time.time()
    writer.unit_report({"unit": "U1", "ts": now, "lat": 51.4, "lon": 0.5, "status": "available"})
    writer.unit_report({"unit": "U1", "ts": now + 603, "status": "off_duty"})
    first, later = Picture(), Picture()
    FeedReader(redis_settings, first).catch_up()
    time.sleep(5)
    FeedReader(redis_settings, later).catch_up()
    assert first.units["U1"].status == later.units["U1"].status == "available"
    assert redis_client.xlen(redis_settings.keys.rejects) == 1


def test_the_reader_is_not_caught_up_while_a_stream_has_a_backlog(redis_settings, writer):
    """/healthz's caught_up (and the decision replay, which waits for it) said yes after the first
    batch of a restart's backlog when only one stream had entries."""
    now = time.time()
    for i in range(25):
        writer.unit_report({"unit": f"U{i}", "ts": now, "lat": 51.4, "lon": 0.5})
    reader = FeedReader(redis_settings, picture := Picture(), batch=10)
    assert reader.step(block=False) == 10 and not reader.caught_up.is_set() and len(picture.units) == 10
    reader.catch_up()
    assert reader.caught_up.is_set() and len(picture.units) == 25


def test_a_seek_read_before_its_new_epoch_keeps_the_backup_it_sent(redis_settings, redis_client):
    """A replay's seek rewrites the three streams, the Accepts (the demo's backup) too, under a new epoch. A
    reader that reads the new entries before it sees the new epoch applies them to the old picture, then
    clears it: it must read every stream again, or the backup is gone from the picture until a restart."""
    from dashboard.core.attending import unit_names
    from dashboard.feed.bulk import write_batch
    from dashboard.feed.clock import ClockState, write_clock
    keys, t = redis_settings.keys, time.time() - 7 * 86400

    def clock(epoch: int) -> None:
        pipe = redis_client.pipeline()
        write_clock(pipe, keys, ClockState(ts=t, speed=1.0, wall=time.time(), epoch=epoch))
        pipe.execute()
    clock(1)
    write_batch(redis_client, keys, incidents=[{"incident": "INC-WEEK-ON", "ts": t - 60, "lat": 51.4, "lon": 0.5}])
    reader = FeedReader(redis_settings, Picture())
    reader.catch_up()
    write_batch(redis_client, keys, reset=True,   # the seek's snapshot, read before its clock
                incidents=[{"incident": "INC-S", "ts": t - 600, "lat": 51.4, "lon": 0.53},
                           {"incident": "INC-S", "ts": t - 300, "status": "on_scene", "unit": "JRU-MW-1"}],
                units=[{"unit": u, "ts": t, "lat": 51.4, "lon": 0.53} for u in ("JRU-MW-1", "JRU-GR-1")],
                assignments=[{"incident": "INC-S", "unit": "JRU-GR-1", "ts": t - 120, "by": "demo control room"}])
    reader.catch_up()
    clock(2)
    reader.catch_up()
    assert set(reader.picture.incidents) == {"INC-S"}      # the old evening's incident went with the seek
    assert unit_names(reader.picture.incidents["INC-S"]) == ["JRU-MW-1", "JRU-GR-1"]


def test_a_seek_landing_between_the_clock_and_the_streams_read_never_mixes_two_evenings(redis_settings,
                                                                                         redis_client):
    """The replayer writes a seek's snapshot and its new epoch in one MULTI. A reader that read the clock just
    before it, then the streams just after, applied the new evening's incidents to the old picture: the queue
    mixed both (a click landed on another incident), and with the reader caught up, every dispatch in the
    snapshot was noted as happening now (the replay bar counted 1, then 66, then 367) until the next round."""
    from dashboard.feed.bulk import write_batch
    from dashboard.feed.clock import ClockState
    keys, t = redis_settings.keys, time.time() - 7 * 86400
    write_batch(redis_client, keys, incidents=[{"incident": "INC-OLD", "ts": t, "lat": 51.4, "lon": 0.5}],
                clock=ClockState(ts=t, speed=1.0, wall=time.time(), epoch=1))
    seen_now = []   # (incident, whether the reader took it as happening now)

    class SeekMidRound(FeedReader):
        """The outside replayer's seek lands once between this reader's two reads (the timing, not a fake)."""
        seeks = 0

        def _xread(self, block):
            if self.seeks:
                self.seeks -= 1
                write_batch(redis_client, keys, reset=True,
                            incidents=[{"incident": "INC-NEW", "ts": t - 600, "lat": 51.4, "lon": 0.53},
                                       {"incident": "INC-NEW", "ts": t - 300, "status": "assigned",
                                        "unit": "JRU-MW-1"}],
                            clock=ClockState(ts=t, speed=1.0, wall=time.time(), epoch=2))
            return super()._xread(block)
    reader = SeekMidRound(redis_settings, Picture(),
                          before_incident=lambda e: seen_now.append((e.incident, reader.caught_up.is_set())))
    reader.catch_up()
    assert set(reader.picture.incidents) == {"INC-OLD"} and reader.caught_up.is_set()
    reader.seeks = 1
    reader.step(block=False)   # the seek lands mid-round: that round reads the new evening from its start
    assert set(reader.picture.incidents) == {"INC-NEW"}
    assert ("INC-NEW", True) not in seen_now   # the snapshot's dispatch was never taken as happening now
    assert [i for i, _ in seen_now].count("INC-NEW") == 2   # each of its events applied once
