"""The 7-minute coverage share (dashboard/service/coverage.py): of the last hour's incidents,
those that had a unit the suggestions would offer within 7 minutes when it mattered."""
from __future__ import annotations

import threading

from dashboard.core.contract import parse_incident_event, parse_unit_report
from dashboard.core.eta import StraightLineModel
from dashboard.core.picture import Picture
from dashboard.service.coverage import Coverage
from dashboard.service.decisions import DecisionLog
from dashboard.service.eta import Eta, RankRules

T0 = 1.8e9


class Clock:
    def now(self) -> tuple[float, bool]:
        return T0, False

    def speed(self) -> float:
        return 1.0


def test_a_police_car_sent_from_next_door_does_not_make_the_incident_covered():
    """The decision record's min(suggested, sent) counted the unit sent, though a police-only car
    is never one the suggestions offer: the incident flipped from 0% to 100% covered at dispatch
    (found by review). No joint unit was within 7 minutes."""
    pic = Picture()
    pic.apply_unit(parse_unit_report({"unit": "POLICE-1", "ts": str(T0 - 5), "lat": "51.381", "lon": "0.521",
                                      "kind": "police"}))
    pic.apply_unit(parse_unit_report({"unit": "JRU-FAR", "ts": str(T0 - 5), "lat": "51.44", "lon": "0.90"}))
    eta = Eta(StraightLineModel(), RankRules(120.0, {}, []))
    caught_up = threading.Event()
    caught_up.set()
    log = DecisionLog(pic, Clock(), eta, caught_up)
    opened = parse_incident_event({"incident": "I1", "ts": str(T0 - 30), "lat": "51.38", "lon": "0.52"})
    log.note(opened)
    pic.apply_incident(opened)
    coverage = Coverage(pic, Clock(), eta, None, log)
    units = coverage.available_points(T0)
    assert coverage.share_last_hour(T0, units) == (0.0, 1)
    sent = parse_incident_event({"incident": "I1", "ts": str(T0 - 20), "status": "assigned", "unit": "POLICE-1"})
    log.note(sent)
    pic.apply_incident(sent)
    assert log.for_incident("I1").actual_eta_s < 420 < log.for_incident("I1").suggested_eta_s
    assert coverage.share_last_hour(T0, units) == (0.0, 1)
    assert Coverage(pic, Clock(), eta, None, log).share_last_hour(T0, units) == (0.0, 1)   # a screen opened after
