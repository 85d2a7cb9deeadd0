"""Hostile bytes through a real Redis and the real FeedReader (contract v1.1):
an entry that is not UTF-8 is rejected with reason `not UTF-8` and never holds
back the entries after it, in any stream, nor after a restart."""
from __future__ import annotations

import json
import random
import threading
import time

from hypothesis import given, settings, strategies as st

from dashboard.core.picture import Picture
from dashboard.feed.reader import FeedReader
from tests.helpers import eventually


def _raw_client(redis_settings):
    return redis_settings.client(decode=False)


def test_a_unit_entry_that_is_not_utf8_is_rejected_and_the_feed_goes_on(redis_settings, writer, redis_client):
    raw = _raw_client(redis_settings)
    now = time.time()
    bad_id = raw.xadd(redis_settings.keys.units, {b"unit": b"BAD-\xff\xfe", b"ts": str(now).encode(),
                                                 b"lat": b"51.4", b"lon": b"0.5"}).decode()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now + 1, "lat": 51.38, "lon": 0.52, "status": "available"})
    writer.incident_event({"incident": "INC-1", "ts": now + 1, "lat": 51.4, "lon": 0.53, "type": "rtc"})
    picture = Picture()
    reader = FeedReader(redis_settings, picture)
    reader.catch_up()
    assert "JRU-MW-1" in picture.units and "INC-1" in picture.incidents   # later entries, both streams
    rejects = redis_client.xrange(redis_settings.keys.rejects)
    assert [(f["entry"], f["reason"]) for _, f in rejects] == [(bad_id, "not UTF-8")]
    assert json.loads(rejects[0][1]["raw"])["unit"] == "BAD-\\xff\\xfe"   # the bad bytes shown escaped
    assert reader.recent_rejects[-1].reason == "not UTF-8"

    restarted = Picture()   # a restart reads the same bad entry again and must not freeze either
    FeedReader(redis_settings, restarted).catch_up()
    assert "JRU-MW-1" in restarted.units and len(redis_client.xrange(redis_settings.keys.rejects)) == 1


def test_a_latin1_summary_is_rejected_not_guessed(redis_settings, writer, redis_client):
    raw = _raw_client(redis_settings)
    now = time.time()
    raw.xadd(redis_settings.keys.incidents, {b"incident": b"INC-CAFE", b"ts": str(now).encode(),
                                             b"lat": b"51.4", b"lon": b"0.5", b"summary": "Café".encode("latin-1")})
    raw.xadd(redis_settings.keys.incidents, {"incident": "INC-OK", "ts": str(now), "lat": "51.4", "lon": "0.5",
                                             "summary": "Café".encode("utf-8")})
    picture = Picture()
    FeedReader(redis_settings, picture).catch_up()
    assert "INC-CAFE" not in picture.incidents
    assert picture.incidents["INC-OK"].summary == "Café"
    (_, reject), = redis_client.xrange(redis_settings.keys.rejects)
    assert reject["reason"] == "not UTF-8" and json.loads(reject["raw"])["summary"] == "Caf\\xe9"


def test_a_field_name_that_is_not_utf8_is_rejected(redis_settings, writer, redis_client):
    raw = _raw_client(redis_settings)
    raw.xadd(redis_settings.keys.units, {b"unit": b"JRU-1", b"ts": str(time.time()).encode(), b"\xc3(": b"x"})
    picture = Picture()
    FeedReader(redis_settings, picture).catch_up()
    assert "JRU-1" not in picture.units
    assert redis_client.xrange(redis_settings.keys.rejects)[0][1]["reason"] == "not UTF-8"


def test_the_running_reader_keeps_applying_after_a_bad_entry(redis_settings, writer):
    """The live thread (not catch_up): the entry after the bad one reaches the picture."""
    picture = Picture()
    reader = FeedReader(redis_settings, picture, block_ms=100).start()
    try:
        _raw_client(redis_settings).xadd(redis_settings.keys.units, {b"unit": b"\xff", b"ts": b"1"})
        writer.unit_report({"unit": "AFTER", "ts": time.time(), "lat": 51.4, "lon": 0.5})
        eventually(lambda: "AFTER" in picture.units, timeout=5)
        assert reader.error is None and reader.rejected == 1 and not reader.stuck()
    finally:
        reader.stop()


def test_a_bug_on_one_entry_skips_it_rather_than_retrying_it_for_ever(redis_settings, writer, redis_client):
    """If applying an entry raises something unexpected, that entry is rejected
    (reason says so) and the next ones are applied."""
    def boom(event):
        if event.incident == "INC-BUG":
            raise RuntimeError("a bug in a hook")
    now = time.time()
    writer.incident_event({"incident": "INC-BUG", "ts": now, "lat": 51.4, "lon": 0.5})
    writer.incident_event({"incident": "INC-NEXT", "ts": now, "lat": 51.4, "lon": 0.5})
    picture = Picture()
    reader = FeedReader(redis_settings, picture, before_incident=boom)
    reader.catch_up()
    assert "INC-NEXT" in picture.incidents and reader.failed == 1
    assert "internal error" in redis_client.xrange(redis_settings.keys.rejects)[0][1]["reason"]


def test_health_says_when_the_reader_is_stuck(redis_settings, writer):
    """A reader that stops completing reads (here: an apply that hangs) is reported
    as stuck, not 'ok', while Redis itself answers."""
    release = threading.Event()
    picture = Picture()
    reader = FeedReader(redis_settings, picture, block_ms=100,
                        before_incident=lambda e: release.wait(30), stuck_after_s=0.5)
    reader.start()
    try:
        eventually(lambda: reader.last_step_wall is not None, timeout=5)
        assert not reader.stuck()
        writer.incident_event({"incident": "INC-HANG", "ts": time.time(), "lat": 51.4, "lon": 0.5})
        eventually(reader.stuck, timeout=5)
        release.set()
        eventually(lambda: "INC-HANG" in picture.incidents and not reader.stuck(), timeout=5)
    finally:
        release.set()
        reader.stop()


field_bytes = st.binary(min_size=0, max_size=12)


@settings(max_examples=60, deadline=None)
@given(entries=st.lists(st.dictionaries(field_bytes, field_bytes, min_size=1, max_size=5), min_size=1, max_size=8),
       seed=st.integers(0, 2**16))
def test_fuzz_raw_bytes_never_hold_back_valid_entries(redis_url, entries, seed):
    """Random raw bytes in random fields of both streams, with a valid entry after
    each: every valid one is applied, every garbage one is rejected or harmless."""
    from dashboard.feed.settings import RedisSettings
    rs = RedisSettings.from_url(redis_url, prefix=f"fz{seed}-{time.monotonic_ns()}:")
    raw = rs.client(decode=False)
    rnd = random.Random(seed)
    now = time.time()
    expected_units, expected_incidents = set(), set()
    for i, fields in enumerate(entries):
        stream = rnd.choice([rs.keys.units, rs.keys.incidents])
        raw.xadd(stream, fields)
        raw.xadd(rs.keys.units, {"unit": f"OK-{i}", "ts": str(now), "lat": "51.4", "lon": "0.5"})
        raw.xadd(rs.keys.incidents, {"incident": f"OK-{i}", "ts": str(now), "lat": "51.4", "lon": "0.5"})
        expected_units.add(f"OK-{i}")
        expected_incidents.add(f"OK-{i}")
    picture = Picture()
    reader = FeedReader(rs, picture)
    reader.catch_up()
    assert expected_units <= set(picture.units) and expected_incidents <= set(picture.incidents)
    assert reader.failed == 0   # garbage is a contract reject, never an internal error
    assert reader.entries_read == 3 * len(entries)
    raw.close()
