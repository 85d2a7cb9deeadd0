"""dashboard/core/stats.py: the numbers behind /stats."""
import csv
import io
from datetime import datetime, timezone

import pytest

from dashboard.core import stats
from dashboard.core.decisions import Decision

T0 = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc).timestamp()   # a Monday, 08:30 UK (GMT)


def iso(ts):
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def inc(id, opened, ts=None, status="open", area="Medway", type="rtc", category=None, grade=None, unit=None,
        target_s=None, summary=None):
    return {"incident": id, "opened": iso(opened), "ts": iso(ts or opened), "status": status, "area": area,
            "type": type, "category": category, "grade": grade, "unit": unit, "target_s": target_s,
            "lat": 51.4, "lon": 0.5, "summary": summary}


def test_period_start_and_filter():
    now = T0 + 10 * 86400
    assert stats.period_start("24h", now) == now - 86400
    assert stats.period_start("all", now) is None
    incidents = [inc("A", now - 3600), inc("B", now - 3 * 86400), inc("C", now - 20 * 86400)]
    assert [i["incident"] for i in stats.in_period(incidents, stats.period_start("24h", now), now)] == ["A"]
    assert [i["incident"] for i in stats.in_period(incidents, stats.period_start("7d", now), now)] == ["A", "B"]
    assert len(stats.in_period(incidents, None, now)) == 3
    assert stats.in_period(incidents, None, now - 2 * 86400)[0]["incident"] == "B"


def test_counts_by_district_keep_every_district_in_order_and_outside_last():
    incidents = [inc("A", T0, area="Swale"), inc("B", T0, area="Swale"), inc("C", T0, area=None)]
    out = stats.by_district(incidents, ["Dartford", "Gravesham", "Medway", "Swale"])
    assert out == {"Dartford": 0, "Gravesham": 0, "Medway": 0, "Swale": 2, stats.OUTSIDE: 1}
    assert stats.by_type(incidents + [inc("D", T0, type=None)]) == {"rtc": 3, "other": 1}


def test_attended_means_a_unit_went():
    incidents = [inc("A", T0), inc("B", T0, status="assigned", unit="U1"), inc("C", T0, status="closed", unit="U2"),
                 inc("D", T0, status="closed")]
    assert [i["incident"] for i in stats.attended(incidents)] == ["B", "C"]


def test_hour_of_week_uses_uk_local_time():
    summer = datetime(2026, 7, 5, 23, 30, tzinfo=timezone.utc).timestamp()   # Sunday 23:30 UTC = Monday 00:30 BST
    grid = stats.hour_of_week([inc("A", T0), inc("B", T0 + 60), inc("C", summer)])
    assert len(grid) == 7 and all(len(r) == 24 for r in grid)
    assert grid[0][8] == 2 and grid[0][0] == 1 and sum(map(sum, grid)) == 3


def test_response_times_from_on_scene_and_decisions():
    incidents = [inc("A", T0, ts=T0 + 600, status="on_scene", category="C2", unit="U1", target_s=1080),
                 inc("B", T0, ts=T0 + 900, status="on_scene", category="C1", unit="U2", target_s=420),
                 inc("C", T0, ts=T0 + 100, status="assigned", grade="immediate", unit="U3", target_s=900),
                 inc("D", T0)]   # nothing known
    decisions = [Decision("C", T0 + 100, "U3", 300.0, "U3", 300.0), Decision("A", T0 + 60, "U1", 500.0, "U9", 400.0)]
    rows = {r["incident"]: r for r in stats.response_times(incidents, decisions)}
    assert set(rows) == {"A", "B", "C"}
    assert rows["A"]["on_scene_s"] == 600 and rows["A"]["dispatch_s"] == 60 and rows["A"]["within_target"] is True
    assert rows["B"]["within_target"] is False and rows["B"]["dispatch_s"] is None
    assert rows["C"]["on_scene_s"] is None and rows["C"]["within_target"] is None and rows["C"]["urgency"] == "immediate"
    summary = stats.response_summary(list(rows.values()))
    assert summary["all"]["n_on_scene"] == 2 and summary["all"]["median_on_scene_s"] == 750
    assert summary["all"]["within_share"] == 0.5 and summary["all"]["n_dispatch"] == 2
    assert list(summary["groups"]) == ["C1", "immediate", "C2"]


def test_an_incident_still_waiting_past_its_target_counts_as_missed():
    """A C1 waiting two hours for a unit never counted against the share within target: only
    arrivals were judged. One closed with no arrival is still not judged (the feed does not say why)."""
    incidents = [inc("A", T0, ts=T0 + 300, status="on_scene", category="C1", unit="U1", target_s=420),
                 inc("W", T0, category="C1", target_s=420),                                  # still waiting
                 inc("S", T0 + 7000, category="C1", target_s=420),                           # waiting, within
                 inc("X", T0, ts=T0 + 7200, status="closed", category="C1", target_s=420)]   # closed, no arrival
    rows = {r["incident"]: r for r in stats.response_times(incidents, [], now=T0 + 7200)}
    assert set(rows) == {"A", "W"} and rows["W"]["within_target"] is False and rows["W"]["on_scene_s"] is None
    summary = stats.response_summary(list(rows.values()))
    assert summary["all"]["within_share"] == 0.5 and summary["all"]["n_judged"] == 2
    assert summary["all"]["n_on_scene"] == 1 and summary["all"]["median_on_scene_s"] == 300


def test_each_group_is_the_target_its_incidents_are_judged_by():
    """A C3 with an immediate grade is judged by the 15 min (the stricter): it was shown in C3, whose
    chart marker said 120 min, while counted as missed at 40. The chart's marker is now the group's."""
    incidents = [inc("A", T0, ts=T0 + 2400, status="on_scene", category="C3", grade="immediate", target_s=600),
                 inc("B", T0, ts=T0 + 2400, status="on_scene", category="C3", target_s=7200),
                 inc("C", T0, ts=T0 + 300, status="on_scene", category="C1", grade="immediate", target_s=420)]
    rows = {r["incident"]: r for r in stats.response_times(incidents, [])}
    assert (rows["A"]["urgency"], rows["B"]["urgency"], rows["C"]["urgency"]) == ("immediate", "C3", "C1")
    groups = stats.response_summary(list(rows.values()))["groups"]
    assert {g: (v["target_s"], v["within_share"]) for g, v in groups.items()} == {
        "C1": (420, 1.0), "immediate": (600, 0.0), "C3": (7200, 1.0)}    # 600: a configured immediate target


def test_unit_utilisation_and_both_services():
    units = [{"status": "available"}, {"status": "available"}, {"status": "on_scene"}, {"status": "en_route"}]
    shares = stats.unit_utilisation(units, ["available", "en_route", "on_scene", "off_duty"])
    assert shares == {"available": 0.5, "en_route": 0.25, "on_scene": 0.25, "off_duty": 0.0}
    assert stats.unit_utilisation([], ["available"]) == {"available": 0.0}
    both = stats.both_services([inc("A", T0, category="C2", grade="priority"), inc("B", T0, category="C1"),
                                inc("C", T0, grade="immediate"), inc("D", T0)])
    assert both == {"incidents": 4, "both": 1, "share": 0.25}
    assert stats.both_services([])["share"] is None


def test_csv_has_every_incident_and_defuses_formulas():
    text = stats.incidents_csv([inc("B", T0 + 60, summary="=HYPERLINK(\"x\")"),
                                {**inc("A", T0, summary="Two cars, one trapped"), "unit": "JRU-2", "units": ["JRU-1", "JRU-2"]}])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["incident"] for r in rows] == ["A", "B"]
    assert rows[0]["summary"] == "Two cars, one trapped" and rows[0]["area"] == "Medway"
    assert rows[1]["summary"].startswith("'=")
    assert (rows[0]["unit"], rows[0]["units"], rows[1]["units"]) == ("JRU-2", "JRU-1 JRU-2", "")   # backup too
    assert list(rows[0]) == list(stats.CSV_FIELDS)


@pytest.mark.parametrize("value", ["2026-11-23T08:30:00Z", "2026-11-23T08:30:00+00:00", T0])
def test_ts_of(value):
    assert stats.ts_of(value) == T0


def test_a_date_range_runs_from_the_start_of_the_first_uk_day_to_the_end_of_the_last():
    from datetime import datetime, timezone
    utc = lambda *a: datetime(*a, tzinfo=timezone.utc).timestamp()   # noqa: E731
    now = utc(2026, 11, 25, 12)
    start, end = stats.date_range("2026-10-24", "2026-10-26", now)   # BST ends on 25 Oct 2026
    assert start == utc(2026, 10, 23, 23)                            # 00:00 BST
    assert abs(end - utc(2026, 10, 27, 0)) < 0.01                    # 24:00 GMT
    assert stats.date_range("2026-10-26", "2026-10-24", now) == (start, end)   # swapped: put in order
    assert stats.date_range("2026-11-20", "2026-12-31", now)[1] == now         # never past now
    assert stats.date_range(None, None, now) == (None, now)
    with pytest.raises(ValueError):
        stats.date_range("2026-13-01", None, now)


def test_stats_groups_come_in_the_queues_order_of_urgency():
    """/stats lists its urgency groups as core/targets.py lists URGENCY_ORDER (most urgent first,
    C1 before immediate, scheduled before C4); a name it does not know comes last, by name."""
    from dashboard.core.targets import URGENCY_ORDER
    assert list(URGENCY_ORDER) == sorted(URGENCY_ORDER, key=URGENCY_ORDER.get)   # listed by rank
    labels = ["resolution", "ungraded", "C4", "scheduled", "C3", "priority", "C2", "immediate", "C1"]
    rows = [{"urgency": g, "on_scene_s": None, "dispatch_s": None, "within_target": None, "target_s": None}
            for g in labels]
    assert list(stats.response_summary(rows)["groups"]) == [
        "C1", "immediate", "C2", "priority", "C3", "scheduled", "C4", "resolution", "ungraded"]
