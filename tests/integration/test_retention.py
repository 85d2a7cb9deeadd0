"""Retention against the real Redis: streams stay bounded, the current picture
survives a trim and a rebuild, trimming is idempotent from several processes,
and the keys work with a Redis Cluster hash-tag prefix."""
from __future__ import annotations

import threading
import time

import pytest
from redis.crc import key_slot

from dashboard.core.picture import Picture
from dashboard.feed.keys import Keys
from dashboard.feed.reader import FeedReader
from dashboard.feed.retention import RetentionPolicy, maybe_trim, policy_for, trim_streams
from dashboard.feed.settings import RedisSettings
from dashboard.feed.writer import FeedWriter


def _xadd_at(client, key, ms: int, seq: int, fields: dict) -> str:
    """XADD with an explicit id, to put entries 'in the past'."""
    return client.xadd(key, fields, id=f"{ms}-{seq}")


def _picture(settings) -> Picture:
    p = Picture()
    FeedReader(settings, p).catch_up()
    return p


def test_units_trimmed_by_age_keep_the_current_picture(redis_settings, redis_client):
    keys, now = redis_settings.keys, time.time()
    now_ms = int(now * 1000)
    day_ms = 24 * 3600 * 1000
    # 48 h of history: 40 units report every ~3 minutes; "OLD-*" units went silent 30 h ago
    seq = 0
    for i in range(0, 48 * 20):
        ms = now_ms - 2 * day_ms + i * 180_000
        for u in range(40):
            if u < 5 and ms > now_ms - 30 * 3600 * 1000:
                continue
            name = f"OLD-{u}" if u < 5 else f"U-{u}"
            seq += 1
            _xadd_at(redis_client, keys.units, ms, u, {"unit": name, "ts": str(ms / 1000), "lat": str(51 + i / 1e4),
                                                       "lon": "0.5", "kind": "joint", "officers": "2", "paramedics": "1"})
    _xadd_at(redis_client, keys.incidents, now_ms - 40 * day_ms, 0, {"incident": "ANCIENT", "ts": str(now - 40 * 86400),
                                                                     "lat": "51.4", "lon": "0.5"})
    _xadd_at(redis_client, keys.incidents, now_ms - 3600_000, 0, {"incident": "OPEN", "ts": str(now - 3600),
                                                                  "lat": "51.4", "lon": "0.5"})
    before = _picture(redis_settings)
    n_before = redis_client.xlen(keys.units)

    removed = trim_streams(redis_client, keys, now=now, approximate=False)
    after_len = redis_client.xlen(keys.units)
    assert removed[keys.units] == n_before - after_len > 0
    oldest_ms = int(redis_client.xrange(keys.units, count=1)[0][0].split("-")[0])
    assert oldest_ms >= now_ms - day_ms                     # nothing older than the window is left
    assert after_len <= 24 * 20 * 35 + 35                   # ~one day of reports, bounded

    after = _picture(redis_settings)                        # "a rebuild after the trim"
    current = {k: (u.ts, u.lat, u.lon, u.kind) for k, u in before.units.items() if not k.startswith("OLD-")}
    assert {k: (u.ts, u.lat, u.lon, u.kind) for k, u in after.units.items()} == current
    assert set(after.incidents) == {"OPEN"}                 # the 40-day-old incident aged out (window 35 days)
    print(f"\nunits stream {n_before} -> {after_len} entries; units {len(before.units)} -> {len(after.units)} "
          "(the 5 silent for 30 h dropped)")

    # idempotent: a second trim (another process) removes nothing more
    assert trim_streams(redis_client, keys, now=now, approximate=False)[keys.units] == 0


def test_outbound_streams_capped_and_approximate_trim_bounded(redis_settings, redis_client):
    keys = redis_settings.keys
    w = FeedWriter(redis_client, keys)
    pipe = redis_client.pipeline(transaction=False)
    for i in range(30_000):
        pipe.xadd(keys.rejects, {"stream": keys.units, "entry": f"{i}-0", "reason": "x", "raw": "{}"})
        pipe.xadd(keys.units, {"unit": f"U{i % 100}", "ts": str(time.time()), "lat": "51", "lon": "0.5"})
    pipe.execute()
    w.assignment(incident="I", unit="U1", ts=time.time(), by="x", rank=1, eta_s=1, distance_m=1)
    policy = RetentionPolicy(rejects_maxlen=10_000, assignments_maxlen=10_000)
    mem_before = redis_client.memory_usage(keys.rejects)
    trim_streams(redis_client, keys, policy=policy)
    n = redis_client.xlen(keys.rejects)
    assert 10_000 <= n < 10_200                             # approximate: whole nodes only, a little over
    assert redis_client.xlen(keys.units) == 30_000          # fresh unit reports are never trimmed by count
    assert redis_client.xlen(keys.assignments) == 1
    print(f"\nrejects 30000 -> {n} entries, {mem_before} -> {redis_client.memory_usage(keys.rejects)} bytes")


def test_trimming_from_several_processes_at_once_is_safe(redis_settings, redis_client):
    keys, now = redis_settings.keys, time.time()
    now_ms = int(now * 1000)
    for i in range(5000):
        _xadd_at(redis_client, keys.units, now_ms - 48 * 3600_000 + i * 34_560, 0,
                 {"unit": f"U{i % 50}", "ts": str(now - 48 * 3600 + i * 34.56), "lat": "51", "lon": "0.5"})
    errors = []

    def trim():
        try:
            trim_streams(redis_settings.client(), keys, now=now, approximate=False)
        except Exception as exc:   # noqa: BLE001
            errors.append(exc)
    threads = [threading.Thread(target=trim) for _ in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors
    first_ms = int(redis_client.xrange(keys.units, count=1)[0][0].split("-")[0])
    assert first_ms >= now_ms - 24 * 3600_000 and redis_client.xlen(keys.units) == 2500
    # maybe_trim: one process per interval does the work
    results = [maybe_trim(redis_client, keys, now=now) for _ in range(3)]
    assert results[0] is not None and results[1:] == [None, None]


def test_reject_guards_outlive_every_entry_the_read_streams_keep(redis_settings, redis_client):
    """A rebuilding reader must never re-reject an entry still in a stream: after a trim no entry of a
    stream the reader reads (units, incidents, assignments) is older than a reject guard lives.
    Assignments were kept by count alone (months), their guards 36 days."""
    keys, now = redis_settings.keys, time.time()
    policy = policy_for(40 * 86400.0)
    for stream in keys.inbound:
        for days in (400, 100, 43, 1):   # oldest first: ids only grow
            redis_client.xadd(stream, {"n": str(days)}, id=f"{int((now - days * 86400) * 1000)}-0")
    trim_streams(redis_client, keys, policy=policy, now=now, approximate=False)
    for stream in keys.inbound:
        oldest_ms = int(redis_client.xrange(stream, count=1)[0][0].split("-")[0])
        assert (now - oldest_ms / 1000) < policy.reject_guard_ttl_s, stream


def test_the_streams_keep_incident_events_as_long_as_the_closed_incidents_are_held(redis_settings, redis_client):
    """JRU_CLOSED_KEEP_S=60d held 60 days on screen while Redis was trimmed at 35: after a restart
    /stats lost 25 days. The streams now keep what the setting holds, and the reject guards outlive it."""
    keys, now = redis_settings.keys, time.time()
    kept = policy_for(60 * 86400.0)
    for days in (70, 50):   # oldest first: ids only grow
        arrived_ms = int((now - days * 86400) * 1000)
        redis_client.xadd(keys.incidents, {"incident": f"OLD-{days}", "ts": "0"}, id=f"{arrived_ms}-0")
    trim_streams(redis_client, keys, policy=kept, now=now, approximate=False)
    assert [f["incident"] for _, f in redis_client.xrange(keys.incidents)] == ["OLD-50"]
    writer = FeedWriter(redis_client, keys, reject_guard_ttl_s=kept.reject_guard_ttl_s)
    assert writer.reject(keys.incidents, "1-0", "bad", {"x": "1"})
    assert redis_client.ttl(keys.reject_seen(keys.incidents, "1-0")) > 60 * 86400


def test_cluster_hash_tag_prefix_puts_every_key_in_one_slot():
    keys = Keys("{jru}:")
    every = [keys.units, keys.incidents, keys.assignments, keys.rejects, keys.clock, keys.replay_control,
             keys.replay_status, keys.reject_seen(keys.units, "1-0"), keys.assignment_guard("INC-1", "JRU-1"),
             f"{keys.prefix}retention:lock", keys.held]
    assert len({key_slot(k.encode()) for k in every}) == 1
    assert len({key_slot(k.encode()) for k in (Keys().units, Keys().rejects)}) == 2   # plain 'jru:' does not


def test_hash_tag_prefix_works_end_to_end(redis_url):
    settings = RedisSettings.from_url(redis_url, prefix=f"{{jrut{time.monotonic_ns()}}}:")
    client = settings.client()
    w = FeedWriter(client, settings.keys)
    w.unit_report({"unit": "JRU-1", "ts": time.time() - 10, "lat": 51.4, "lon": 0.5})
    w.unit_report({"unit": "JRU-2", "ts": "naive 2026-11-25T12:00:00"})
    w.incident_event({"incident": "I1", "ts": time.time() - 10, "lat": 51.4, "lon": 0.5})
    assert w.assignment(incident="I1", unit="JRU-1", ts=time.time(), by="t", rank=1, eta_s=60, distance_m=500)
    p = _picture(settings)
    assert p.units["JRU-1"].status == "en_route" and p.incidents["I1"].status == "assigned"
    assert client.xlen(settings.keys.rejects) == 1
    trim_streams(client, settings.keys)
    assert client.xlen(settings.keys.units) == 2


@pytest.mark.parametrize("approximate", [True, False])
def test_trim_of_missing_streams_is_harmless(redis_settings, redis_client, approximate):
    assert set(trim_streams(redis_client, redis_settings.keys, approximate=approximate).values()) == {0}


def test_housekeeping_ends_with_the_feed_reader(redis_settings):
    """A stopped dashboard leaves no thread calling a Redis that may be gone (tests stop many)."""
    from dashboard.runtime import build_runtime
    from dashboard.settings import Settings
    before = {t.ident for t in threading.enumerate() if t.name == "housekeeping"}
    rt = build_runtime(Settings(redis_url=redis_settings.url, prefix=redis_settings.prefix, demo=False,
                                eta_model="straight"), redis_settings.url)
    ours = [t for t in threading.enumerate() if t.name == "housekeeping" and t.ident not in before]
    assert len(ours) == 1 and ours[0].is_alive()
    rt.reader.stop()
    ours[0].join(timeout=5)
    assert not ours[0].is_alive()


def test_a_crew_stated_once_survives_the_trim_of_the_report_that_stated_it(redis_settings, redis_client):
    """The contract lets an AVL gateway state a unit's kind and crew once. Two days on, the trim had removed
    that report, and a restarted dashboard took the police-only car for a joint unit with an unknown crew,
    and suggested it. The crew is now kept before each trim, and a rebuilt picture starts from it."""
    from dashboard.core.crews import crews_of
    keys, now = redis_settings.keys, time.time()
    now_ms = int(now * 1000)
    _xadd_at(redis_client, keys.units, now_ms - 48 * 3600_000, 0, {
        "unit": "POL-MW-21", "ts": str(now - 48 * 3600), "lat": "51.38", "lon": "0.52", "kind": "police",
        "officers": "2", "paramedics": "0"})
    for k in range(1, 10):     # position only since, the last within the day
        ms = now_ms - 48 * 3600_000 + k * 5 * 3600_000
        _xadd_at(redis_client, keys.units, ms, 0, {"unit": "POL-MW-21", "ts": str(ms / 1000),
                                                    "lat": str(51.38 + k / 1000), "lon": "0.52"})
    running = _picture(redis_settings)               # a dashboard that has run all along
    assert running.units["POL-MW-21"].kind == "police"
    trim_streams(redis_client, keys, now=now, approximate=False, crews=lambda: crews_of(running.units_list()))
    assert redis_client.xlen(keys.units) < 10        # the report that stated the crew is gone
    rebuilt = _picture(redis_settings)               # the restart
    unit = rebuilt.units["POL-MW-21"]
    assert (unit.kind, unit.officers, unit.paramedics, unit.lat) == ("police", 2, 0, 51.389)
    # what the unit's own reports state since wins over what was kept
    FeedWriter(redis_client, keys).unit_report({"unit": "POL-MW-21", "ts": now, "kind": "joint", "paramedics": 1})
    again = _picture(redis_settings)
    assert (again.units["POL-MW-21"].kind, again.units["POL-MW-21"].paramedics) == ("joint", 1)
    # without the kept crews (the trim before this change) the restart lost them
    redis_client.delete(keys.units_crews)
    assert _picture(redis_settings).units["POL-MW-21"].officers is None
