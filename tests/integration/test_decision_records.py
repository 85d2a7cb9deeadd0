"""The decision replay kept in Redis (feed/decision_records.py) and read by every process
(service/decisions.py): two processes show the same decisions, a restarted one shows what the
old one noted, a dispatch noted by several is one record, and bad records are skipped."""
from __future__ import annotations

import logging
import threading
import time

import pytest

from dashboard.core.contract import parse_incident_event, parse_unit_report
from dashboard.core.eta import StraightLineModel
from dashboard.core.picture import Picture
from dashboard.feed.decision_records import SharedDecisions
from dashboard.feed.retention import RetentionPolicy
from dashboard.service.decisions import DecisionLog
from dashboard.service.eta import Eta, RankRules
from tests.helpers import StandingClock, eventually

NOW = time.time()


@pytest.fixture
def stopped():
    """The processes' feeds stop at the end of the test: their following ends with them."""
    event = threading.Event()
    yield event
    event.set()


def a_process(redis_settings, stopped, *, caught_up: bool = True, near: bool = True,
              epoch: str | None = None, **shared) -> tuple[DecisionLog, Picture]:
    """One dashboard process's decision log: its own picture (a unit near Chatham unless `near` is
    False, and one farther off), on the shared Redis."""
    picture = Picture()
    for unit, lon in (("JRU-MW-1", 0.52), ("JRU-SW-1", 0.73))[0 if near else 1:]:
        picture.apply_unit(parse_unit_report({"unit": unit, "ts": str(NOW), "lat": "51.38", "lon": str(lon),
                                              "status": "available"}))
    ready = threading.Event()
    if caught_up:
        ready.set()
    store = SharedDecisions(redis_settings, epoch=lambda: epoch, until=stopped, **shared)
    return DecisionLog(picture, StandingClock(NOW), Eta(StraightLineModel(), RankRules(300.0, {})), ready,
                       shared=store), picture


def read(log: DecisionLog, picture: Picture, fields: dict) -> None:
    """The process's feed reader reading one incident event."""
    event = parse_incident_event({k: str(v) for k, v in fields.items()})
    log.note(event)
    picture.apply_incident(event)


def dispatch(log, picture, incident: str = "I1", unit: str = "JRU-SW-1") -> None:
    read(log, picture, {"incident": incident, "ts": NOW, "status": "open", "lat": 51.38, "lon": 0.53})
    read(log, picture, {"incident": incident, "ts": NOW, "status": "assigned", "unit": unit})


def seen(log: DecisionLog) -> list[tuple]:
    return [(d.incident, d.actual_unit, d.suggested_unit, d.arrived_s) for d in log.all()]


def test_two_processes_noting_one_dispatch_keep_one_record_and_show_the_same(redis_settings, redis_client, stopped):
    """Each gunicorn worker kept its own list: the API's answer depended on the worker. Process B's picture
    lacks the nearest unit, so its own suggestion would differ: both show the first one's."""
    a, pa = a_process(redis_settings, stopped)
    b, pb = a_process(redis_settings, stopped, near=False)
    dispatch(a, pa)
    dispatch(b, pb)
    assert seen(a) == seen(b) == [("I1", "JRU-SW-1", "JRU-MW-1", None)]
    assert redis_client.xlen(redis_settings.keys.decisions) == 1
    read(b, pb, {"incident": "I1", "ts": NOW + 300, "status": "on_scene", "unit": "JRU-SW-1"})
    read(a, pa, {"incident": "I1", "ts": NOW + 300, "status": "on_scene", "unit": "JRU-SW-1"})
    assert seen(a) == seen(b) == [("I1", "JRU-SW-1", "JRU-MW-1", 300.0)]
    assert a.arrivals() == b.arrivals() and a.summary() == b.summary()
    assert redis_client.xlen(redis_settings.keys.decisions) == 2      # one dispatch, one arrival


def test_a_process_that_did_not_note_a_dispatch_shows_it_all_the_same(redis_settings, stopped):
    """A worker still catching up notes no dispatch (not "now" to it): it reads the one that did."""
    a, pa = a_process(redis_settings, stopped)
    b, pb = a_process(redis_settings, stopped, caught_up=False)
    assert b.all() == []                                  # following from now on
    dispatch(a, pa)
    dispatch(b, pb)
    assert eventually(lambda: seen(b) == seen(a) == [("I1", "JRU-SW-1", "JRU-MW-1", None)], timeout=5)
    read(a, pa, {"incident": "I1", "ts": NOW + 200, "status": "on_scene", "unit": "JRU-SW-1"})
    assert eventually(lambda: b.for_incident("I1").arrived_s == 200.0, timeout=5)


def test_a_restarted_process_shows_what_the_old_one_noted(redis_settings, stopped):
    """After a restart /api/decisions was empty and /stats said "no dispatch to compare"."""
    old, pic = a_process(redis_settings, stopped)
    dispatch(old, pic, "I1")
    dispatch(old, pic, "I2", unit="JRU-MW-1")
    read(old, pic, {"incident": "I1", "ts": NOW + 400, "status": "on_scene", "unit": "JRU-SW-1"})
    before = old.all()
    new, new_pic = a_process(redis_settings, stopped, caught_up=False)   # rebuilding: nothing is "now"
    dispatch(new, new_pic, "I1")                                         # the rebuild re-reads the events
    assert new.all() == before and new.for_incident("I1").arrived_s == 400.0
    assert new.summary() == old.summary() and new.arrivals()["arrivals"] == 1


def test_a_replay_epoch_shows_only_its_own_dispatches(redis_settings, stopped):
    """A seek rewrites the streams under a new epoch: the old timeline's records stay in Redis until
    trimmed, but are not the new one's (and the same dispatch replayed again is noted again)."""
    first, pic = a_process(redis_settings, stopped, epoch="1")
    dispatch(first, pic)
    again, pic2 = a_process(redis_settings, stopped, epoch="2")
    assert again.all() == []
    dispatch(again, pic2)
    assert seen(again) == [("I1", "JRU-SW-1", "JRU-MW-1", None)] and len(first.all()) == 1


def test_a_malformed_record_is_skipped_with_a_log_line(redis_settings, redis_client, stopped, caplog):
    key = redis_settings.keys.decisions
    good = {"kind": "sent", "epoch": "", "incident": "I9", "unit": "JRU-SW-1", "ts": str(NOW), "eta_s": "600.0",
            "spread_s": "40.0", "suggested": "JRU-MW-1", "suggested_eta_s": "60.0", "suggested_spread_s": "30.0"}
    redis_client.xadd(key, {**good, "incident": b"BAD-\xff\xfe"})                 # not UTF-8
    redis_client.xadd(key, {k: v for k, v in good.items() if k != "unit"})        # a field missing
    redis_client.xadd(key, {**good, "eta_s": "soon"})                             # not a number
    redis_client.xadd(key, {**good, "kind": "guess"})                             # not a kind written here
    redis_client.xadd(key, {"hello": "world"})                                    # someone else's writes
    redis_client.xadd(key, good)
    log, _ = a_process(redis_settings, stopped)
    with caplog.at_level(logging.WARNING, logger="dashboard.feed.decision_records"):
        log.refresh()
    assert seen(log) == [("I9", "JRU-SW-1", "JRU-MW-1", None)]
    assert log.for_incident("I9").saving_s == 540.0
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(skipped) == 5 and all(key in m for m in skipped)
    assert any("not UTF-8" in m for m in skipped) and any("missing field 'unit'" in m for m in skipped)


def test_a_key_of_another_type_is_said_and_the_decisions_are_held_here(redis_settings, redis_client, stopped,
                                                                         caplog):
    redis_client.set(redis_settings.keys.decisions, "someone else's")
    log, pic = a_process(redis_settings, stopped)
    with caplog.at_level(logging.WARNING):
        dispatch(log, pic)
        assert log.summary()["decisions"] == 1                         # held by this process, not lost
    assert "is not a stream" in caplog.text and "held by this process only" in caplog.text


def test_the_records_are_trimmed_by_the_feeds_age_and_the_guards_expire(redis_settings, redis_client, stopped):
    key = redis_settings.keys.decisions
    old_ms = int((NOW - 40 * 86400) * 1000)
    for n in range(500):                           # trims are approximate: whole nodes of 100 entries go
        redis_client.xadd(key, {"kind": "sent"}, id=f"{old_ms + n}-0")
    log, pic = a_process(redis_settings, stopped, retention=RetentionPolicy(incidents_max_age_s=35 * 86400.0))
    dispatch(log, pic)
    assert redis_client.xlen(key) < 100
    guards = redis_client.keys(redis_settings.keys.decision_guard("*"))
    assert len(guards) == 1 and 35 * 86400 < redis_client.ttl(guards[0]) <= 36 * 86400
