"""The screens' order of incidents (dashboard/service/views.py `waiting_first`)."""
from dashboard.core.contract import IncidentEvent, UnitReport
from dashboard.core.picture import Assignment, Picture
from dashboard.service.views import Views


class _Clock:
    def now(self):
        return 1000.0, None


def _views(p: Picture) -> Views:
    return Views(p, _Clock(), 120.0, {})


def test_an_incident_whose_unit_went_elsewhere_waits_with_the_open_ones_and_closed_ones_come_latest_first():
    """A C1 whose only unit was sent elsewhere since sat under every open incident, C4s included: off the wall's
    screen with 19 open. The closed filter began with September's closures, not tonight's."""
    p = Picture()
    p.apply_unit(UnitReport("JRU-1", ts=100, lat=51.38, lon=0.52, status="available"))
    p.apply_incident(IncidentEvent("C1-LEFT", ts=110, lat=51.39, lon=0.54, category="C1"))
    p.apply_assignment(Assignment("C1-LEFT", "JRU-1", 120.0, "sgt"))
    p.apply_incident(IncidentEvent("C2-FINE", ts=115, lat=51.39, lon=0.54, category="C2"))
    p.apply_assignment(Assignment("C2-FINE", "JRU-2", 125.0, "sgt"))
    p.apply_incident(IncidentEvent("C4-OPEN", ts=130, lat=51.39, lon=0.54, category="C4"))
    p.apply_incident(IncidentEvent("OTHER", ts=140, lat=51.4, lon=0.5, status="on_scene", unit="JRU-1"))
    for name, closed in (("SEPT", 200), ("TONIGHT", 900)):
        p.apply_incident(IncidentEvent(name, ts=150, lat=51.4, lon=0.5, category="C1"))
        p.apply_incident(IncidentEvent(name, ts=closed, status="closed"))
    order = [i["incident"] for i in _views(p).queue(None)]
    assert order == ["C1-LEFT", "C4-OPEN", "C2-FINE", "OTHER", "TONIGHT", "SEPT"]
    assert [i["incident"] for i in _views(p).queue("closed")] == ["TONIGHT", "SEPT"]
    assert _views(p).incident_by_id("TONIGHT")["closed_at"] is not None
