"""Accepting for an incident that already has a unit: the same unit again, or another as backup.

The review's night: JRU-MW-3 was sent to INC-1008 18 min ago and has reported available since;
the officer sent it again and was told it "was already assigned moments ago", with nothing written.
"""
import time

from tests.helpers import eventually

FIX = {"lat": 51.395, "lon": 0.525, "officers": 2, "paramedics": 1}


def _sent_18_min_ago(app, writer, redis_client, keys, unit="JRU-MW-3", incident="INC-1008"):
    """`incident` with `unit` sent to it 18 min ago (written as the Accept of a screen long closed:
    its guard key gone), the unit on its way since."""
    now = time.time()
    writer.unit_report({"unit": unit, "ts": now - 1300, "status": "available", **FIX})
    writer.incident_event({"incident": incident, "ts": now - 1200, "lat": 51.40, "lon": 0.53, "category": "C2"})
    eventually(lambda: app.runtime.picture.incident(incident))
    redis_client.xadd(keys.assignments, {"incident": incident, "unit": unit, "ts": f"{now - 1080:.3f}",
                                         "by": "sgt.earlier"})
    eventually(lambda: app.runtime.picture.unit(unit).status == "en_route")
    return now


def test_a_unit_that_reports_available_since_it_was_sent_is_sent_again(app, writer, redis_client, redis_settings):
    keys, rt = redis_settings.keys, app.runtime
    now = _sent_18_min_ago(app, writer, redis_client, keys)
    writer.unit_report({"unit": "JRU-MW-3", "ts": now - 300, "status": "available"})
    writer.unit_report({"unit": "JRU-MW-3", "ts": now, **FIX})          # a fresh fix: it can be suggested
    eventually(lambda: rt.views.attending_doubt("INC-1008")
               == "JRU-MW-3 reports available since it was sent: check it is still going")
    eventually(lambda: rt.picture.unit("JRU-MW-3").fix_ts > now - 1)

    ok, message = rt.assignments.accept("INC-1008", "JRU-MW-3", by="sgt.smith")
    assert (ok, message) == (True, "JRU-MW-3 assigned to INC-1008 again")
    entries = redis_client.xrange(keys.assignments)
    assert len(entries) == 2 and entries[1][1]["by"] == "sgt.smith"
    assert rt.picture.unit("JRU-MW-3").status == "en_route"             # on its way again: no warning
    assert rt.views.attending_doubt("INC-1008") is None
    # a double click is still written once
    assert rt.assignments.accept("INC-1008", "JRU-MW-3", by="sgt.smith") == (
        True, "JRU-MW-3 was already assigned to INC-1008 moments ago")
    assert redis_client.xlen(keys.assignments) == 2


def test_a_unit_on_its_way_is_already_assigned_and_not_moments_ago(app, writer, redis_client, redis_settings):
    keys, rt = redis_settings.keys, app.runtime
    now = _sent_18_min_ago(app, writer, redis_client, keys)
    writer.unit_report({"unit": "JRU-MW-3", "ts": now, **FIX})          # still en route, 18 min on
    eventually(lambda: rt.picture.unit("JRU-MW-3").fix_ts > now - 1)
    assert rt.assignments.accept("INC-1008", "JRU-MW-3", by="sgt.smith") == (
        True, "JRU-MW-3 is already assigned to INC-1008")
    assert redis_client.xlen(keys.assignments) == 1


def test_a_second_unit_sent_is_backup_both_are_listed_and_the_api_says_so(app, writer, redis_client,
                                                                          redis_settings):
    """The officer sent another unit to an incident whose first unit is on its way: it was taken as a
    replacement (the first dropped from the incident, though still driving to it)."""
    keys, rt = redis_settings.keys, app.runtime
    now = _sent_18_min_ago(app, writer, redis_client, keys, unit="JRU-MW-2", incident="INC-1001")
    writer.unit_report({"unit": "JRU-MW-2", "ts": now, **FIX})
    writer.unit_report({"unit": "JRU-GR-1", "ts": now, "lat": 51.44, "lon": 0.37})
    eventually(lambda: any(s.unit == "JRU-GR-1" for s in rt.rankings.ranking("INC-1001").suggestions))
    assert rt.assignments.accept("INC-1001", "JRU-GR-1", by="sgt.smith") == (
        True, "JRU-GR-1 assigned to INC-1001 as well as JRU-MW-2")
    assert rt.views.attendance("INC-1001") == [("JRU-MW-2", None), ("JRU-GR-1", None)]
    shown = app.server.test_client().get("/api/incidents?status=assigned").get_json()["incidents"]
    assert [(i["unit"], i["units"]) for i in shown if i["incident"] == "INC-1001"] == [
        ("JRU-GR-1", ["JRU-MW-2", "JRU-GR-1"])]
    # the first is still taken to be coming: asked to send it again, nothing is written
    assert rt.assignments.accept("INC-1001", "JRU-MW-2", by="sgt.smith") == (
        True, "JRU-MW-2 is already assigned to INC-1001")


def test_backup_for_a_unit_that_may_not_be_coming_says_so(app, writer, redis_client, redis_settings):
    keys, rt = redis_settings.keys, app.runtime
    now = _sent_18_min_ago(app, writer, redis_client, keys, unit="JRU-MW-2", incident="INC-1001")
    writer.unit_report({"unit": "JRU-MW-2", "ts": now, "status": "available", **FIX})   # 18 min after it was sent
    writer.unit_report({"unit": "JRU-GR-1", "ts": now, "lat": 51.44, "lon": 0.37})
    eventually(lambda: rt.views.attending_doubt("INC-1001") is not None)
    eventually(lambda: any(s.unit == "JRU-GR-1" for s in rt.rankings.ranking("INC-1001").suggestions))
    assert rt.assignments.accept("INC-1001", "JRU-GR-1", by="sgt.smith") == (
        True, "JRU-GR-1 assigned to INC-1001 (JRU-MW-2 may not be coming)")
    assert rt.views.attending_doubt("INC-1001") is None


def test_a_unit_free_again_within_the_double_click_guard_is_not_said_sent(app, writer, redis_client, redis_settings):
    """Sent, then "available" 10 s later, then sent again: the 30 s guard against double clicks held the
    second Accept back, and the officer was told it was "already assigned moments ago"."""
    keys, rt = redis_settings.keys, app.runtime
    now = time.time()
    writer.unit_report({"unit": "JRU-MW-4", "ts": now, "status": "available", **FIX})
    writer.incident_event({"incident": "INC-2001", "ts": now, "lat": 51.40, "lon": 0.53, "category": "C2"})
    eventually(lambda: rt.rankings.ranking("INC-2001") and rt.rankings.ranking("INC-2001").suggestions)
    assert rt.assignments.accept("INC-2001", "JRU-MW-4", by="sgt.smith")[0]
    writer.unit_report({"unit": "JRU-MW-4", "ts": time.time() + 0.5, "status": "available", **FIX})
    eventually(lambda: rt.views.attending_doubt("INC-2001") is not None)
    ok, message = rt.assignments.accept("INC-2001", "JRU-MW-4", by="sgt.smith")
    assert not ok and message.startswith("Not sent again: JRU-MW-4 was sent to INC-2001 under 30 s ago")
    assert redis_client.xlen(keys.assignments) == 1


def test_an_accept_from_a_panel_that_showed_no_unit_is_refused_once_another_officer_sent_one(
        app, writer, redis_client, redis_settings):
    """Two officers on one C1: A sent the top unit; B, a moment behind on the same panel, pressed Send on the
    second and was told "assigned ... as well as" the first. Two units went, and B never chose backup."""
    keys, rt = redis_settings.keys, app.runtime
    now = _sent_18_min_ago(app, writer, redis_client, keys)
    writer.unit_report({"unit": "JRU-MW-4", "ts": now, "status": "available", **FIX})
    eventually(lambda: rt.picture.unit("JRU-MW-4"))
    ok, message = rt.assignments.accept("INC-1008", "JRU-MW-4", by="sgt.b", backup=False)
    assert not ok and message == ('Not assigned: JRU-MW-3 has just been sent to INC-1008. '
                                  'To send backup as well, use "Send another unit".')
    assert redis_client.xlen(keys.assignments) == 1
    ok, message = rt.assignments.accept("INC-1008", "JRU-MW-4", by="sgt.b", backup=True)   # chosen as backup
    assert ok and message == "JRU-MW-4 assigned to INC-1008 as well as JRU-MW-3"


def test_a_unit_on_its_way_with_a_stale_fix_is_given_no_eta(app, writer, redis_client, redis_settings):
    """The wall said "assigned · JRU-GR-2 · about 12 min away" for a unit unheard for minutes: the ETA from its
    last fix stood still."""
    keys, rt = redis_settings.keys, app.runtime
    now = _sent_18_min_ago(app, writer, redis_client, keys)   # its last fix 21 min old
    writer.unit_report({"unit": "JRU-MW-3", "ts": now, "status": "en_route"})   # status only: the fix ages
    eventually(lambda: abs(rt.picture.unit("JRU-MW-3").status_ts - now) < 0.01)   # ts goes over the wire as text
    assert rt.rankings.en_route("INC-1008", ["JRU-MW-3"]) == []
    writer.unit_report({"unit": "JRU-MW-3", "ts": now + 1, **FIX})
    eventually(lambda: [u for u, *_ in rt.rankings.en_route("INC-1008", ["JRU-MW-3"])] == ["JRU-MW-3"])
