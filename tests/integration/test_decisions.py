"""Decision replay: what the dashboard would have suggested against the unit that went."""
import time

from tests.helpers import eventually


def test_dispatch_of_a_farther_unit_is_recorded_with_both_etas(app, api, writer):
    now = time.time()
    writer.unit_report({"unit": "NEAR", "ts": now, "lat": 51.395, "lon": 0.525})
    writer.unit_report({"unit": "FAR", "ts": now, "lat": 51.440, "lon": 0.370})
    writer.incident_event({"incident": "D1", "ts": now, "lat": 51.400, "lon": 0.530})
    eventually(lambda: api.get("/api/incidents/D1/suggestions").get_json()["suggestions"][0]["unit"] == "NEAR")
    writer.incident_event({"incident": "D1", "ts": now + 30, "status": "assigned", "unit": "FAR"})
    writer.unit_report({"unit": "NEAR", "ts": now + 1, "lat": 51.395, "lon": 0.525})
    writer.incident_event({"incident": "D2", "ts": now + 2, "lat": 51.441, "lon": 0.371})
    writer.incident_event({"incident": "D2", "ts": now + 40, "status": "assigned", "unit": "NEAR"})  # FAR is busy on D1
    body = eventually(lambda: (b := api.get("/api/decisions").get_json())["summary"]["decisions"] == 2 and b)
    d1 = next(d for d in body["decisions"] if d["incident"] == "D1")
    assert (d1["actual_unit"], d1["suggested_unit"], d1["differs"]) == ("FAR", "NEAR", True)
    assert d1["actual_eta_s"] > d1["suggested_eta_s"] and d1["saving_s"] == d1["actual_eta_s"] - d1["suggested_eta_s"]
    d2 = next(d for d in body["decisions"] if d["incident"] == "D2")
    assert d2["differs"] is False and d2["saving_s"] == 0
    summary = body["summary"]
    assert summary["differ"] == 1 and summary["saved_total_s"] == d1["saving_s"]
