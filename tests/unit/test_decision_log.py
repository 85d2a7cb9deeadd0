"""Decision replay's log (service/decisions.py): the feed reader writes, screens read at once."""
import sys
import threading
import time

import pytest

from dashboard.core.contract import IncidentEvent, parse_incident_event, parse_unit_report
from dashboard.core.eta import StraightLineModel
from dashboard.core.picture import Picture
from dashboard.service.decisions import DecisionLog
from dashboard.service.eta import Eta, RankRules
from tests.helpers import StandingClock

NOW = time.time()


def a_log(kept: int = 20_000) -> tuple[DecisionLog, Picture]:
    picture = Picture()
    for unit, lon in (("JRU-MW-1", 0.52), ("JRU-SW-1", 0.73)):
        picture.apply_unit(parse_unit_report({"unit": unit, "ts": str(NOW), "lat": "51.38", "lon": str(lon),
                                              "status": "available"}))
    caught_up = threading.Event()
    caught_up.set()
    return DecisionLog(picture, StandingClock(NOW), Eta(StraightLineModel(), RankRules(300.0, {})), caught_up, kept), picture


def dispatch(log: DecisionLog, picture: Picture, incident: str, unit: str = "JRU-SW-1") -> None:
    """An incident opens near Chatham and the control room sends `unit` (the suggestion is JRU-MW-1)."""
    picture.apply_incident(parse_incident_event({"incident": incident, "ts": str(NOW), "status": "open",
                                                 "lat": "51.38", "lon": "0.53"}))
    assigned = parse_incident_event({"incident": incident, "ts": str(NOW), "status": "assigned", "unit": unit})
    log.note(assigned)
    picture.apply_incident(assigned)


def test_an_incidents_decision_is_found_and_the_oldest_are_forgotten():
    log, picture = a_log(kept=3)
    for n in range(5):
        dispatch(log, picture, f"I{n}")
    d = log.for_incident("I4")
    assert (d.actual_unit, d.suggested_unit, d.differs) == ("JRU-SW-1", "JRU-MW-1", True)
    assert [d.incident for d in log.all()] == ["I2", "I3", "I4"]
    assert log.for_incident("I1") is None and log.for_incident("I2") is not None   # gone with the oldest
    assert log.summary()["decisions"] == 3


def test_screens_read_the_log_while_the_feed_reader_writes_it():
    """Coverage asks for each incident of the last hour on every refresh, from the web threads, while
    the feed reader notes dispatches: a read must never fail because a write came in the middle
    (it did once in a soak: "deque mutated during iteration", and the coverage panel got an error)."""
    log, picture = a_log()
    for n in range(5000):
        dispatch(log, picture, f"OLD{n}")
    errors, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                log.for_incident("NOT-DISPATCHED")
                log.summary()
            except RuntimeError as exc:
                errors.append(exc)
                return

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)   # threads take turns often, as on a busy server
    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(2000):
            dispatch(log, picture, f"NEW{n}")
    finally:
        stop.set()
        reader.join()
        sys.setswitchinterval(switch)
    assert errors == []
    assert log.for_incident("NEW1999").actual_unit == "JRU-SW-1"


def arrive(log: DecisionLog, picture: Picture, incident: str, unit: str, after_s: float) -> None:
    event = parse_incident_event({"incident": incident, "ts": str(NOW + after_s), "status": "on_scene", "unit": unit})
    log.note(event)
    picture.apply_incident(event)


def test_the_unit_sent_learns_how_long_it_took_to_be_on_scene():
    log, picture = a_log()
    dispatch(log, picture, "I1", unit="JRU-SW-1")
    sent = log.for_incident("I1")
    assert sent.actual_eta_s > 0 and sent.actual_spread_s >= 30 and sent.arrived_s is None
    arrive(log, picture, "I1", "JRU-SW-1", after_s=sent.actual_eta_s + 10 * 60)
    took = sent.actual_eta_s + 10 * 60
    assert log.for_incident("I1").arrived_s == pytest.approx(took, abs=1e-3)
    assert log.all()[-1].arrived_s == pytest.approx(took, abs=1e-3)   # the log's copy too, not only the index
    arrivals = log.arrivals()
    assert arrivals == {"arrivals": 1, "within": 0, "later": 1, "sooner": 0, "within_share": 0.0,
                        "median_ratio": round(took / sent.actual_eta_s, 2), "median_late_s": 600}
    arrive(log, picture, "I1", "JRU-SW-1", after_s=took + 10 * 60)   # said again: the first counts
    assert log.for_incident("I1").arrived_s == pytest.approx(took, abs=1e-3)


def test_on_scene_with_no_unit_named_is_the_first_unit_sent_not_the_backup():
    """Backup sent after the first unit: the incident's `unit` is now the backup, and an on-scene event
    naming no unit was taken as the backup's arrival (the first unit's drive went unmeasured)."""
    from dashboard.core.picture import Assignment
    log, picture = a_log()
    dispatch(log, picture, "I1", unit="JRU-SW-1")
    picture.apply_assignment(Assignment("I1", "JRU-MW-1", NOW + 30, "sgt"))
    assert picture.incident("I1").unit == "JRU-MW-1"
    event = parse_incident_event({"incident": "I1", "ts": str(NOW + 300), "status": "on_scene"})
    log.note(event)
    assert log.for_incident("I1").arrived_s == pytest.approx(300, abs=1e-3)


def test_another_unit_on_scene_or_a_unit_sent_straight_on_scene_measures_no_drive():
    log, picture = a_log()
    dispatch(log, picture, "I1", unit="JRU-SW-1")
    arrive(log, picture, "I1", "JRU-MW-1", after_s=120)          # not the unit sent
    assert log.for_incident("I1").arrived_s is None
    picture.apply_incident(parse_incident_event({"incident": "I2", "ts": str(NOW), "status": "open",
                                                 "lat": "51.38", "lon": "0.53"}))
    arrive(log, picture, "I2", "JRU-MW-1", after_s=0)             # came across it: on scene at once
    arrive(log, picture, "I2", "JRU-MW-1", after_s=60)
    assert log.for_incident("I2").actual_unit == "JRU-MW-1" and log.for_incident("I2").arrived_s is None
    assert log.arrivals()["arrivals"] == 0


def test_an_accept_noted_by_the_screen_and_by_the_reader_at_once_is_one_decision():
    """The accepting screen notes its Accept before marking the incident assigned; the feed reader,
    reading the same Accept back at that moment, finds it still open too: one dispatch, one decision."""
    log, picture = a_log()
    picture.apply_incident(parse_incident_event({"incident": "I1", "ts": str(NOW), "status": "open",
                                                 "lat": "51.38", "lon": "0.53"}))
    accepted = IncidentEvent("I1", round(NOW, 3), status="assigned", unit="JRU-MW-1")
    log.note(accepted)      # the screen
    log.note(accepted)      # the reader
    assert len(log.all()) == 1 and log.summary()["decisions"] == 1


def test_the_unit_sent_whose_en_route_was_read_first_is_not_called_busy():
    """The AVL's "en route" (or one replay step holding both) can be read before the dispatch's
    "assigned": the ranking then left the unit sent out as busy and called the dispatch a
    difference with the suggestion."""
    log, picture = a_log()
    picture.apply_incident(parse_incident_event({"incident": "I1", "ts": str(NOW), "status": "open",
                                                 "lat": "51.38", "lon": "0.53"}))
    picture.apply_unit(parse_unit_report({"unit": "JRU-MW-1", "ts": str(NOW), "status": "en_route"}))
    log.note(IncidentEvent("I1", NOW, status="assigned", unit="JRU-MW-1"))
    d = log.for_incident("I1")
    assert d.suggested_unit == "JRU-MW-1" and log.summary()["differ"] == 0


def test_a_unit_already_busy_elsewhere_is_still_not_suggested():
    log, picture = a_log()
    dispatch(log, picture, "I0", unit="JRU-MW-1")          # sent elsewhere a moment ago: busy
    picture.apply_unit(parse_unit_report({"unit": "JRU-MW-1", "ts": str(NOW), "status": "en_route"}))
    dispatch(log, picture, "I1", unit="JRU-MW-1")          # sent on anyway (the control room's call)
    assert log.for_incident("I1").suggested_unit == "JRU-SW-1"
