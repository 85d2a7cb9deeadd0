"""Decision replay: what the dashboard would have suggested against the unit that went."""
import time

from dashboard.core.times import from_iso
from tests.helpers import eventually


def _near_unit_suggested(writer, api, incident: str, far: bool = False) -> float:
    """A unit NEAR the new `incident` (and one FAR off), and the dashboard suggesting NEAR: the feed time."""
    now = time.time()
    writer.unit_report({"unit": "NEAR", "ts": now, "lat": 51.395, "lon": 0.525})
    if far:
        writer.unit_report({"unit": "FAR", "ts": now, "lat": 51.440, "lon": 0.370})
    writer.incident_event({"incident": incident, "ts": now, "lat": 51.400, "lon": 0.530})
    eventually(lambda: api.get(f"/api/incidents/{incident}/suggestions").get_json()["suggestions"][0]["unit"] == "NEAR")
    return now


def test_dispatch_of_a_farther_unit_is_recorded_with_both_etas(app, api, writer):
    now = _near_unit_suggested(writer, api, "D1", far=True)
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


def test_the_unit_sent_is_timed_from_dispatch_to_on_scene_against_its_eta(app, api, writer):
    """The control room's own check of the ETAs, on its own feed (/api/decisions "arrivals", and the
    statistics tile): one unit on scene in its ETA, one in twice it."""
    now = time.time()
    writer.unit_report({"unit": "A1", "ts": now, "lat": 51.395, "lon": 0.525})
    writer.unit_report({"unit": "B1", "ts": now, "lat": 51.430, "lon": 0.360})   # ~1.4 km off
    writer.incident_event({"incident": "R1", "ts": now, "lat": 51.400, "lon": 0.530})
    writer.incident_event({"incident": "R2", "ts": now, "lat": 51.441, "lon": 0.371})
    eventually(lambda: api.get("/api/incidents/R2/suggestions").get_json()["suggestions"][0]["unit"] == "B1")
    writer.incident_event({"incident": "R1", "ts": now + 5, "status": "assigned", "unit": "A1"})
    writer.incident_event({"incident": "R2", "ts": now + 5, "status": "assigned", "unit": "B1"})
    body = eventually(lambda: (b := api.get("/api/decisions").get_json())["summary"]["decisions"] == 2 and b)
    eta = {d["incident"]: d["actual_eta_s"] for d in body["decisions"]}
    assert body["arrivals"]["arrivals"] == 0 and all(d["arrived_s"] is None for d in body["decisions"])
    writer.incident_event({"incident": "R1", "ts": now + 5 + eta["R1"], "status": "on_scene", "unit": "A1"})
    writer.incident_event({"incident": "R2", "ts": now + 5 + 2 * eta["R2"], "status": "on_scene"})   # its unit's
    body = eventually(lambda: (b := api.get("/api/decisions").get_json())["arrivals"]["arrivals"] == 2 and b)
    assert {k: body["arrivals"][k] for k in ("within", "later", "sooner")} == {"within": 1, "later": 1, "sooner": 0}
    arrived = {d["incident"]: d["arrived_s"] for d in body["decisions"]}
    assert abs(arrived["R1"] - eta["R1"]) <= 1 and abs(arrived["R2"] - 2 * eta["R2"]) <= 1


def test_a_suggestion_accepted_on_the_dashboard_is_a_dispatch_and_its_arrival_is_timed(app, api, writer):
    """The duty officer's Accept writes jru:assignments and marks the incident assigned at once, so the
    feed's own "assigned" event (if the dispatch system echoes one) finds it no longer open: an accepted
    suggestion was neither a decision nor, once on scene, an arrival."""
    now = _near_unit_suggested(writer, api, "K1")
    assert app.runtime.assignments.accept("K1", "NEAR", by="sgt.smith")[0]
    body = eventually(lambda: (b := api.get("/api/decisions").get_json())["summary"]["decisions"] == 1 and b)
    sent = body["decisions"][0]
    assert (sent["incident"], sent["actual_unit"], sent["suggested_unit"]) == ("K1", "NEAR", "NEAR")
    assert sent["differs"] is False
    writer.incident_event({"incident": "K1", "ts": now + 2, "status": "assigned", "unit": "NEAR"})   # the echo
    writer.incident_event({"incident": "K1", "ts": now + 240, "status": "on_scene", "unit": "NEAR"})
    body = eventually(lambda: (b := api.get("/api/decisions").get_json())["arrivals"]["arrivals"] == 1 and b)
    assert body["summary"]["decisions"] == 1
    accepted = from_iso(sent["ts"])                                   # ISO, as every time the API gives
    assert abs(body["decisions"][0]["arrived_s"] - (now + 240 - accepted)) <= 2   # from the accept (ISO: whole s)


def test_the_accepting_dashboard_records_its_own_accept_whatever_its_reader_is_doing(app, api, writer):
    """The accepting process marks the incident assigned at once; its reader, reading the Accept back
    after that (busy with a batch of unit reports), found it no longer open and recorded nothing
    (found by review). With the reader stopped, the Accept is a decision all the same."""
    _near_unit_suggested(writer, api, "K2")
    app.runtime.reader.stop()
    assert app.runtime.assignments.accept("K2", "NEAR", by="sgt.smith")[0]
    kept = app.runtime.decisions.for_incident("K2")
    assert kept is not None and (kept.actual_unit, kept.suggested_unit) == ("NEAR", "NEAR")


def test_a_replay_seek_forgets_the_dispatches_of_the_timeline_it_left(app, api, writer, redis_client, redis_settings):
    """After seeking back to 2018 the replay bar said "the suggested unit was sent in all 7 dispatches", all seven
    from the 2026 evening it had left, and /stats and /api/decisions counted them too."""
    from dashboard.feed.clock import ClockState, write_clock

    def clock(epoch: int) -> None:
        pipe = redis_client.pipeline()
        write_clock(pipe, redis_settings.keys, ClockState(ts=time.time(), speed=1.0, wall=time.time(), epoch=epoch))
        pipe.execute()
    clock(1)
    now = _near_unit_suggested(writer, api, "D1")
    writer.incident_event({"incident": "D1", "ts": now + 5, "status": "assigned", "unit": "NEAR"})
    eventually(lambda: api.get("/api/decisions").get_json()["summary"]["decisions"] == 1)
    clock(2)   # the seek: the replayer rewrites the streams under a new epoch
    eventually(lambda: api.get("/api/decisions").get_json()["summary"]["decisions"] == 0)


def test_a_restarted_dashboard_and_a_second_one_show_the_decisions_noted_before(app, api, writer, redis_settings):
    """The decisions were kept in one process's memory: after a restart /api/decisions was empty and
    /stats said "no dispatch to compare", and each gunicorn worker answered with its own list."""
    from dashboard.web.app import create_app
    from dashboard.settings import Settings
    now = _near_unit_suggested(writer, api, "D1", far=True)
    writer.incident_event({"incident": "D1", "ts": now + 5, "status": "assigned", "unit": "FAR"})
    writer.incident_event({"incident": "D1", "ts": now + 300, "status": "on_scene", "unit": "FAR"})
    body = eventually(lambda: (b := api.get("/api/decisions").get_json())["arrivals"]["arrivals"] == 1 and b)
    # a process started now (a restart, or another worker) rebuilds: none of this is "now" to it
    again = create_app(Settings(redis_url=redis_settings.url, prefix=redis_settings.prefix, demo=False,
                                eta_model="straight"))
    try:
        assert eventually(lambda: again.server.test_client().get("/api/decisions").get_json() == body)
        assert body["decisions"][0]["arrived_s"] == 295 and api.get("/api/decisions").get_json() == body
    finally:
        again.runtime.reader.stop()
