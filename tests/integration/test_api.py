"""An outside program that knows only the contract: XADD, then read the API."""
import time

from tests.helpers import eventually


def _get(api, path):
    response = api.get(path)
    return response.status_code, response.get_json()


def test_units_api_shape_and_staleness(api, writer):
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-1", "ts": now, "lat": 51.385, "lon": 0.52, "status": "available"})
    writer.unit_report({"unit": "JRU-SW-9", "ts": now - 600, "lat": 51.34, "lon": 0.73})
    units = eventually(lambda: (b := _get(api, "/api/units")[1]["units"]) and len(b) == 2 and b)
    by = {u["unit"]: u for u in units}
    assert set(by["JRU-MW-1"]) >= {"unit", "lat", "lon", "status", "kind", "ts", "age_s", "stale"}
    assert by["JRU-MW-1"]["stale"] is False and by["JRU-MW-1"]["kind"] == "joint"
    assert by["JRU-SW-9"]["stale"] is True and by["JRU-SW-9"]["age_s"] >= 599


def test_incidents_get_their_district_and_filter_by_status(api, writer):
    now = time.time()
    writer.incident_event({"incident": "CHATHAM", "ts": now, "lat": 51.3800, "lon": 0.5270, "type": "assault"})
    writer.incident_event({"incident": "SHEERNESS", "ts": now, "lat": 51.4400, "lon": 0.7600, "type": "medical"})
    writer.incident_event({"incident": "DARTFORD", "ts": now, "lat": 51.4440, "lon": 0.2180})
    writer.incident_event({"incident": "SOUTHEND", "ts": now, "lat": 51.5380, "lon": 0.7140})
    writer.incident_event({"incident": "DARTFORD", "ts": now + 1, "status": "closed"})
    everything = eventually(lambda: len(b := _get(api, "/api/incidents")[1]["incidents"]) == 4
                            and {i["incident"]: i["status"] for i in b}["DARTFORD"] == "closed" and b)
    areas = {i["incident"]: i["area"] for i in everything}
    assert areas == {"CHATHAM": "Medway", "SHEERNESS": "Swale", "DARTFORD": "Dartford", "SOUTHEND": None}
    open_ids = {i["incident"] for i in _get(api, "/api/incidents?status=open")[1]["incidents"]}
    assert open_ids == {"CHATHAM", "SHEERNESS", "SOUTHEND"}


def test_suggestions_rank_available_joint_units_and_explain_the_rest(api, writer):
    now = time.time()
    writer.incident_event({"incident": "INC-1", "ts": now, "lat": 51.40, "lon": 0.53, "category": "C2"})
    reports = [
        {"unit": "NEAR", "lat": 51.395, "lon": 0.525}, {"unit": "FAR", "lat": 51.44, "lon": 0.37},
        {"unit": "OFF", "lat": 51.40, "lon": 0.53, "status": "off_duty"},
        {"unit": "BUSY", "lat": 51.40, "lon": 0.53, "status": "on_scene"},
        {"unit": "COPS", "lat": 51.40, "lon": 0.53, "kind": "police"},
        {"unit": "NOMEDIC", "lat": 51.40, "lon": 0.53, "officers": 2, "paramedics": 0},
        {"unit": "NOFIX", "status": "available"},
        {"unit": "OLD", "lat": 51.40, "lon": 0.53, "ts": now - 300},
    ]
    for r in reports:
        writer.unit_report({"ts": now, **r})
    body = eventually(lambda: (b := _get(api, "/api/incidents/INC-1/suggestions")[1]) and len(b["excluded"]) == 6 and b)
    assert [s["unit"] for s in body["suggestions"]] == ["NEAR", "FAR"]
    near = body["suggestions"][0]
    assert 400 < near["distance_m"] < 1000 and near["eta_s"] > 0 and near["reason"]
    assert {e["unit"]: e["why"] for e in body["excluded"]} == {
        "OFF": "off duty", "BUSY": "busy", "COPS": "not a joint unit", "NOMEDIC": "crew incomplete",
        "NOFIX": "no fix", "OLD": "stale"}


def test_suggestions_list_five_by_default_and_every_available_unit_when_asked(api, writer):
    """An outside system timing each unit (e.g. one at each hospital) asks for all of them."""
    now = time.time()
    writer.incident_event({"incident": "INC-L", "ts": now, "lat": 51.38, "lon": 0.53})
    for i in range(7):                       # eastwards along the A2, each farther than the last
        writer.unit_report({"unit": f"U{i}", "ts": now, "lat": 51.37, "lon": 0.56 + 0.04 * i})
    seven = eventually(lambda: (b := _get(api, "/api/incidents/INC-L/suggestions?limit=7")[1])
                       and len(b["suggestions"]) == 7 and b)
    assert [s["unit"] for s in seven["suggestions"]] == [f"U{i}" for i in range(7)]
    assert [s["rank"] for s in seven["suggestions"]] == list(range(1, 8))
    etas = [s["eta_s"] for s in seven["suggestions"]]
    assert etas == sorted(etas) and seven["excluded"] == []
    status, five = _get(api, "/api/incidents/INC-L/suggestions")
    assert status == 200 and five["suggestions"] == seven["suggestions"][:5]
    for bad in ("0", "abc", "-3", "99999", "٣"):
        status, body = _get(api, f"/api/incidents/INC-L/suggestions?limit={bad}")
        assert status == 400 and "limit" in body["error"]


def test_unknown_incident_is_404_and_closed_has_no_suggestions(api, writer):
    now = time.time()
    assert api.get("/api/incidents/NOPE/suggestions").status_code == 404
    writer.unit_report({"unit": "U", "ts": now, "lat": 51.4, "lon": 0.5})
    writer.incident_event({"incident": "DONE", "ts": now, "lat": 51.4, "lon": 0.5, "status": "closed"})
    body = eventually(lambda: (r := api.get("/api/incidents/DONE/suggestions")).status_code == 200 and r.get_json())
    assert body["suggestions"] == []


def test_rejects_are_recorded_and_counted_on_healthz(api, writer, redis_client, redis_settings):
    writer.unit_report({"unit": "OK", "ts": time.time(), "lat": 51.4, "lon": 0.5})
    writer.incident_event({"incident": "I-X", "ts": time.time(), "lat": 95, "lon": 0.5})
    writer.incident_event({"incident": "I-Y", "ts": time.time(), "status": "open"})   # first event, no location
    health = eventually(lambda: (b := _get(api, "/healthz")[1])["counts"]["rejects"] == 2 and b)
    assert health["redis"]["reachable"] is True and health["counts"]["units"] == 1
    reasons = sorted(f["reason"] for _, f in redis_client.xrange(redis_settings.keys.rejects))
    assert "first event" in reasons[0] and "latitude" in reasons[1]


def test_healthz_is_503_while_redis_is_down(app, api, embedded_redis):
    eventually(lambda: api.get("/healthz").status_code == 200)
    embedded_redis.stop()
    try:
        body = eventually(lambda: (r := api.get("/healthz")).status_code == 503 and r.get_json(), timeout=10)
        assert body["redis"]["reachable"] is False and "Redis unreachable" in body["redis"]["error"]
    finally:
        embedded_redis.restart()
    eventually(lambda: api.get("/healthz").status_code == 200, timeout=10)


def test_accept_writes_one_assignment_and_reranks(app, api, writer, redis_client, redis_settings):
    now = time.time()
    writer.incident_event({"incident": "A1", "ts": now, "lat": 51.40, "lon": 0.53})
    writer.incident_event({"incident": "A2", "ts": now, "lat": 51.401, "lon": 0.531})
    writer.unit_report({"unit": "ONE", "ts": now, "lat": 51.395, "lon": 0.525, "officers": 2, "paramedics": 1})
    writer.unit_report({"unit": "TWO", "ts": now, "lat": 51.44, "lon": 0.37})
    eventually(lambda: _get(api, "/api/incidents/A2/suggestions")[1]["suggestions"][0]["unit"] == "ONE")
    rt = app.runtime
    assert rt.assignments.accept("A1", "ONE", by="sgt.smith")[0]
    assert rt.assignments.accept("A1", "ONE", by="sgt.smith")[0]          # a double click writes nothing more
    entries = redis_client.xrange(redis_settings.keys.assignments)
    assert len(entries) == 1
    fields = entries[0][1]
    assert (fields["incident"], fields["unit"], fields["by"], fields["rank"]) == ("A1", "ONE", "sgt.smith", "1")
    assert int(fields["eta_s"]) > 0 and int(fields["distance_m"]) > 0
    after = _get(api, "/api/incidents/A2/suggestions")[1]
    assert after["suggestions"][0]["unit"] == "TWO"
    assert {e["unit"]: e["why"] for e in after["excluded"]}["ONE"] == "busy"
    unit = next(u for u in _get(api, "/api/units")[1]["units"] if u["unit"] == "ONE")
    assert unit["status"] == "en_route"
    # a second officer, their panel a moment old, sends ONE to A2 too: refused, nothing written
    ok, message = rt.assignments.accept("A2", "ONE", by="sgt.jones")
    assert not ok and "ONE is busy (en route to A1)" in message and "Pick another unit" in message
    assert len(redis_client.xrange(redis_settings.keys.assignments)) == 1
    assert _get(api, "/api/incidents")[1]["incidents"][1]["status"] == "open"


def test_an_accept_another_screen_just_wrote_is_not_applied_twice(app, api, writer, redis_client, redis_settings):
    """Two officers accept the same unit for the same incident two seconds apart: the second is told
    it is already assigned and its process keeps the first Accept's time (applying its own later one
    made it ignore the unit's reports in between, unlike every other process)."""
    now = time.time()
    writer.incident_event({"incident": "B1", "ts": now, "lat": 51.40, "lon": 0.53})
    writer.unit_report({"unit": "ONE", "ts": now, "lat": 51.395, "lon": 0.525})
    eventually(lambda: _get(api, "/api/incidents/B1/suggestions")[1]["suggestions"])
    keys = redis_settings.keys
    redis_client.set(keys.assignment_guard("B1", "ONE"), "sgt.other", ex=30)   # the other screen's Accept
    ok, message = app.runtime.assignments.accept("B1", "ONE", by="sgt.smith")
    assert ok and "already assigned" in message
    assert redis_client.xlen(keys.assignments) == 0 and app.runtime.picture.incident("B1").status == "open"


def test_healthz_reports_a_non_utf8_entry_as_a_reject_and_stays_ok(api, writer, redis_settings):
    """The critical night: one entry with bytes that are not UTF-8. Health counts the
    reject, names the reason, and the reports after it still reach the API."""
    raw = redis_settings.client(decode=False)
    raw.xadd(redis_settings.keys.units, {b"unit": b"BAD-\xff\xfe", b"ts": str(time.time()).encode()})
    writer.unit_report({"unit": "JRU-AFTER", "ts": time.time(), "lat": 51.38, "lon": 0.52})
    units = eventually(lambda: (b := _get(api, "/api/units")[1]["units"]) and b)
    assert [u["unit"] for u in units] == ["JRU-AFTER"]
    status, health = _get(api, "/healthz")
    assert status == 200 and health["status"] == "ok" and health["feed"]["reader_stuck"] is False
    assert health["counts"]["rejects"] == 1 and health["recent_rejects"][0]["reason"] == "not UTF-8"
    raw.close()


def test_a_key_of_the_wrong_type_fails_only_itself_and_health_names_it(app, api, writer, redis_client,
                                                                        redis_settings):
    """`SET jru:rejects x` used to mark the dashboard down for good and lose the next
    reject; `SET jru:units x` stopped every stream. Now each key fails on its own."""
    keys = redis_settings.keys
    app.runtime.reader.key_problems.clear()
    redis_client.set(keys.units, "x")
    redis_client.set(keys.rejects, "x")
    writer.incident_event({"incident": "INC-1", "ts": time.time(), "lat": 51.4, "lon": 0.53})
    writer.incident_event({"incident": "INC-BAD", "ts": "yesterday"})
    eventually(lambda: _get(api, "/api/incidents")[1]["incidents"])   # incidents still flow
    status, health = eventually(lambda: (r := _get(api, "/healthz"))[1]["key_problems"].keys() >= {keys.units, keys.rejects} and r)
    assert status == 200 and health["status"] == "degraded"
    assert "not a stream" in health["key_problems"][keys.units]
    redis_client.delete(keys.units, keys.rejects)   # an operator fixes it
    writer.unit_report({"unit": "JRU-1", "ts": time.time(), "lat": 51.4, "lon": 0.5})
    eventually(lambda: _get(api, "/api/units")[1]["units"], timeout=15)
    rejects = eventually(lambda: redis_client.xrange(keys.rejects), timeout=15)   # the held reject, not lost
    assert [f["reason"] for _, f in rejects] == ["bad time 'yesterday': not ISO 8601 or Unix seconds"]
    assert eventually(lambda: (r := _get(api, "/healthz"))[1]["status"] == "ok" and r, timeout=15)[0] == 200


def test_an_unknown_status_is_400_naming_the_allowed_values(api, writer):
    writer.incident_event({"incident": "OPEN-1", "ts": time.time(), "lat": 51.38, "lon": 0.527})
    eventually(lambda: _get(api, "/api/incidents")[1]["incidents"])
    for bad in ("Open", "opened", "x" * 500):   # a typo used to look like a quiet night: 200, no incidents
        status, body = _get(api, f"/api/incidents?status={bad}")
        assert status == 400
        assert all(word in body["error"] for word in ("open", "assigned", "on_scene", "closed", "active"))
    for good in ("open", "assigned", "on_scene", "closed", "active", ""):
        assert api.get(f"/api/incidents?status={good}").status_code == 200, good
    assert [i["incident"] for i in _get(api, "/api/incidents?status=open")[1]["incidents"]] == ["OPEN-1"]


def test_a_limit_of_thousands_of_digits_is_400_not_a_server_error(api, writer):
    writer.incident_event({"incident": "INC-D", "ts": time.time(), "lat": 51.38, "lon": 0.53})
    eventually(lambda: api.get("/api/incidents/INC-D/suggestions").status_code == 200)
    for digits in ("9" * 5000, "1" * 5000, "0" * 4999 + "5"):
        status, body = _get(api, f"/api/incidents/INC-D/suggestions?limit={digits}")
        assert status == 400 and "limit" in body["error"]


def test_an_unknown_api_path_is_a_json_404_not_the_page(api):
    for path in ("/api/nope", "/api/incident/X", "/api/units/", "/api/", "/api/incidents/X/suggestions/more"):
        r = api.get(path)
        assert r.status_code == 404 and r.is_json and "error" in r.get_json(), path
    r = api.post("/api/units", headers={"Origin": "http://localhost"})   # read-only: a JSON answer too
    assert r.status_code == 405 and r.is_json
    assert api.get("/nope-page").status_code == 200   # outside /api/ Dash still answers with its page


def test_sending_a_unit_back_within_the_guard_says_it_did_not(app, api, writer, redis_settings, redis_client):
    """ONE sent, then TWO as well, ONE reports available, then ONE sent again within 30 s: the guard key of
    the first Accept stops the write, and the officer was told "already assigned" of a unit that may not
    be coming."""
    now = time.time()
    writer.incident_event({"incident": "G1", "ts": now, "lat": 51.40, "lon": 0.53})
    writer.unit_report({"unit": "ONE", "ts": now, "lat": 51.395, "lon": 0.525})
    writer.unit_report({"unit": "TWO", "ts": now, "lat": 51.39, "lon": 0.52})
    eventually(lambda: len(_get(api, "/api/incidents/G1/suggestions")[1]["suggestions"]) == 2)
    rt = app.runtime
    assert rt.assignments.accept("G1", "ONE", by="sgt.smith")[0]
    assert rt.assignments.accept("G1", "TWO", by="sgt.smith")[0]     # backup
    writer.unit_report({"unit": "ONE", "ts": time.time() + 1, "status": "available"})
    eventually(lambda: rt.picture.unit("ONE").status == "available")
    ok, message = rt.assignments.accept("G1", "ONE", by="sgt.smith")
    assert not ok and message.startswith("Not sent again: ONE was sent to G1 under 30 s ago and may not be coming")
    assert rt.picture.incident("G1").unit == "TWO" and redis_client.xlen(redis_settings.keys.assignments) == 2


def test_an_accept_of_a_unit_ranked_below_those_shown_carries_its_rank_eta_and_distance(app, api, writer,
                                                                                        redis_client, redis_settings):
    """The contract's Accept has `rank`, `eta_s` and `distance_m`; a unit sent from beyond the five shown
    (the API's `limit`, a keyboard, another screen's longer list) was written without them."""
    now = time.time()
    writer.incident_event({"incident": "B1", "ts": now, "lat": 51.40, "lon": 0.53})
    for k in range(7):      # JRU-7 is the seventh nearest: below the five the panel shows
        writer.unit_report({"unit": f"JRU-{k + 1}", "ts": now, "lat": 51.40 + 0.01 * (k + 1), "lon": 0.53})
    eventually(lambda: len(_get(api, "/api/incidents/B1/suggestions?limit=7")[1]["suggestions"]) == 7)
    assert app.runtime.assignments.accept("B1", "JRU-7", by="sgt.smith")[0]
    [(_, fields)] = redis_client.xrange(redis_settings.keys.assignments)
    assert (fields["unit"], fields["rank"]) == ("JRU-7", "7")
    assert int(fields["eta_s"]) > 0 and 7_000 < int(fields["distance_m"]) < 9_000
