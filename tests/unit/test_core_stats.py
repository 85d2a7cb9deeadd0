"""dashboard/core/stats.py: the numbers behind /stats."""
import csv
import io
from datetime import datetime, timezone

import pytest

from dashboard.core import stats, times
from dashboard.core.response import reach, response_summary, response_times
from dashboard.core.decisions import Decision

T0 = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc).timestamp()   # a Monday, 08:30 UK (GMT)


def iso(ts):
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def inc(id, opened, ts=None, status="open", area="Medway", type="rtc", category=None, grade=None, unit=None,
        target_s=None, summary=None, **times):
    """`times`: assigned_at, on_scene_at, closed_at, reopened_at, on_scene_again_at as Unix seconds."""
    return {"incident": id, "opened": iso(opened), "ts": iso(ts or opened), "status": status, "area": area,
            "type": type, "category": category, "grade": grade, "unit": unit, "target_s": target_s,
            "lat": 51.4, "lon": 0.5, "summary": summary, **{k: iso(v) for k, v in times.items()}}


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
    assert stats.by_type(incidents + [inc("D", T0, type=None)]) == {"rtc": 3, "Not stated": 1}


def test_an_incident_with_no_type_is_not_stated_apart_from_type_other():
    """A5 (no type) was added into the "Other" bar with A13 (type `other`)."""
    from dashboard.ui.panels.stats_charts import type_figure
    fig = type_figure([inc("A5", T0, type=None), inc("A13", T0, type="other"), inc("A1", T0, type="medical")])
    totals = {x: sum(dict(zip(b.x, b.y)).get(x, 0) for b in fig.data) for x in fig.data[0].x}
    assert totals == {"Not stated": 1, "Other": 1, "Medical": 1}


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
    rows = {r["incident"]: r for r in response_times(incidents, decisions)}
    assert set(rows) == {"A", "B", "C"}
    assert rows["A"]["on_scene_s"] == 600 and rows["A"]["dispatch_s"] == 60 and rows["A"]["within_target"] is True
    assert rows["B"]["within_target"] is False and rows["B"]["dispatch_s"] is None
    assert rows["C"]["on_scene_s"] is None and rows["C"]["within_target"] is None and rows["C"]["urgency"] == "immediate"
    summary = response_summary(list(rows.values()))
    assert summary["all"]["n_on_scene"] == 2 and summary["all"]["median_on_scene_s"] == 750
    assert summary["all"]["within_share"] == 0.5 and summary["all"]["n_dispatch"] == 2
    assert list(summary["groups"]) == ["C1", "immediate", "C2"]


def test_an_incident_still_waiting_past_its_target_counts_as_missed():
    """A C1 waiting two hours for a unit never counted against the share within target: only
    arrivals were judged."""
    incidents = [inc("A", T0, ts=T0 + 300, status="on_scene", category="C1", unit="U1", target_s=420),
                 inc("W", T0, category="C1", target_s=420),                                  # still waiting
                 inc("S", T0 + 7000, category="C1", target_s=420)]                           # waiting, within
    rows = {r["incident"]: r for r in response_times(incidents, [], now=T0 + 7200)}
    assert set(rows) == {"A", "W"} and rows["W"]["within_target"] is False and rows["W"]["on_scene_s"] is None
    summary = response_summary(list(rows.values()))
    assert summary["all"]["within_share"] == 0.5 and summary["all"]["n_judged"] == 2
    assert summary["all"]["n_on_scene"] == 1 and summary["all"]["median_on_scene_s"] == 300


def test_closing_an_incident_nobody_reached_in_time_keeps_it_missed():
    """Review finding 1: a C1 left 30 min unreached then closed, and a C2 sent a unit that never arrived, closed
    after 40 min, dropped out of the misses when they closed ("44%" became "57%"). One closed before its target
    ran out with nobody there is still not judged (cancelled, or dealt with by phone)."""
    now = T0 + 3600
    incidents = [inc("A1", T0, ts=T0 + 300, status="on_scene", category="C1", unit="U1", target_s=420,
                     on_scene_at=T0 + 300),
                 inc("A3", T0, status="closed", category="C1", target_s=420, closed_at=T0 + 1800),
                 inc("A11", T0, status="closed", category="C2", target_s=1080, unit="U2", assigned_at=T0 + 120,
                     closed_at=T0 + 2400),
                 inc("X", T0, status="closed", category="C2", target_s=1080, closed_at=T0 + 300)]
    rows = {r["incident"]: r for r in response_times(incidents, [], now=now)}
    assert (rows["A3"]["within_target"], rows["A11"]["within_target"]) == (False, False)
    assert "X" not in rows
    summary = response_summary(list(rows.values()))["all"]
    assert (summary["n_within"], summary["n_judged"], summary["n_missed_unreached"]) == (1, 3, 2)


def test_a_reopened_incident_waiting_past_its_target_is_not_within_target():
    """Review finding 7: A10, reached in 10 min, closed, reopened 50 min ago and waiting, counted as "within
    target" by its first response and was never overdue. Reopened and reached again in time, it stays within."""
    now = T0 + 7200
    waiting = inc("A10", T0, status="open", category="C2", target_s=1080, assigned_at=T0 + 60,
                  on_scene_at=T0 + 600, closed_at=T0 + 1200, reopened_at=now - 3000)
    again = inc("A14", T0, status="on_scene", category="C2", target_s=1080, on_scene_at=T0 + 600,
                reopened_at=now - 3000, on_scene_again_at=now - 2800)
    rows = {r["incident"]: r for r in response_times([waiting, again], [], now=now)}
    assert rows["A10"]["within_target"] is False and rows["A10"]["on_scene_s"] == 600   # first response kept
    assert rows["A14"]["within_target"] is True
    assert reach(waiting) == "No unit sent yet" and reach(again) == "Reached"


def test_the_reach_split_names_each_incident_honestly():
    """Review finding 7: A13 (the CAD's on_scene event named no unit) read "No unit (yet)"; A12 (sent a unit that
    never arrived, closed) read "Attended"; A4 (closed, no unit) said "(yet)"."""
    from dashboard.ui.panels.stats_charts import district_figure
    incidents = [inc("A13", T0, status="closed", on_scene_at=T0 + 600, closed_at=T0 + 1200),
                 inc("A12", T0, status="closed", unit="U2", assigned_at=T0 + 60, closed_at=T0 + 3000),
                 inc("A4", T0, status="closed", closed_at=T0 + 600),
                 inc("A6", T0, status="assigned", unit="U3", assigned_at=T0 + 60),
                 inc("A7", T0, status="open")]
    assert [reach(i) for i in incidents] == ["Reached", "Unit sent, not reached", "No unit sent",
                                                   "Unit sent, not reached yet", "No unit sent yet"]
    bars = {b.name: dict(zip(b.x, b.y))["Medway"] for b in district_figure(incidents, ["Medway"]).data}
    assert bars == {"Reached": 1, "Unit sent, not reached yet": 1, "No unit sent yet": 1,
                    "Unit sent, not reached": 1, "No unit sent": 1}


def test_each_group_is_the_target_its_incidents_are_judged_by():
    """A C3 with an immediate grade is judged by the 15 min (the stricter): it was shown in C3, whose
    chart marker said 120 min, while counted as missed at 40. The chart's marker is now the group's."""
    incidents = [inc("A", T0, ts=T0 + 2400, status="on_scene", category="C3", grade="immediate", target_s=600),
                 inc("B", T0, ts=T0 + 2400, status="on_scene", category="C3", target_s=7200),
                 inc("C", T0, ts=T0 + 300, status="on_scene", category="C1", grade="immediate", target_s=420)]
    rows = {r["incident"]: r for r in response_times(incidents, [])}
    assert (rows["A"]["urgency"], rows["B"]["urgency"], rows["C"]["urgency"]) == ("immediate", "C3", "C1")
    groups = response_summary(list(rows.values()))["groups"]
    assert {g: (v["target_s"], v["within_share"]) for g, v in groups.items()} == {
        "C1": (420, 1.0), "immediate": (600, 0.0), "C3": (7200, 1.0)}    # 600: a configured immediate target


def test_a_unit_committed_to_an_incident_is_busy_whatever_it_reports():
    """Review finding 6: the chart said 100% Available while the suggestions left U2-U4 out as "busy (committed
    to A5/A6/A8)"."""
    from dashboard.ui.panels.stats_charts import utilisation_figure
    units = [{"unit": "U1", "status": "available"}, {"unit": "U2", "status": "available"},
             {"unit": "U3", "status": "available"}, {"unit": "U4", "status": "on_scene"}]
    fig = utilisation_figure(units, {"U2": "A5", "U3": "A6", "U4": "A8"})
    shown = dict(zip(fig.data[0].x, fig.data[0].text))
    assert shown["Available"] == "25%" and shown["Committed (says available)"] == "50%" and shown["On scene"] == "25%"


def test_utilisation_percents_add_up_to_100_and_the_top_label_is_not_clipped():
    """Shares of 12.5, 12.5 and 75 read 12%, 12%, 75%; a 100% label sat above a 0-100 axis, cut off."""
    from dashboard.ui.panels.stats_charts import utilisation_figure
    assert stats.whole_percents([0.125, 0.125, 0.75]) in ([13, 12, 75], [12, 13, 75])
    assert sum(stats.whole_percents([1 / 3] * 3)) == 100 and stats.whole_percents([0.0, 0.0]) == [0, 0]
    units = [{"unit": f"U{n}", "status": s} for n, s in enumerate(["available", "en_route"] + ["on_scene"] * 6)]
    assert sum(int(t[:-1]) for t in utilisation_figure(units, {}).data[0].text) == 100
    full = utilisation_figure([{"unit": "U1", "status": "available"}], {})
    assert full.layout.yaxis.range[1] >= 110 and full.data[0].cliponaxis is False


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


def test_the_csv_carries_the_times_the_response_figures_are_built_from():
    """Review finding 14: no assigned_at, on_scene_at or closed_at, so the page's times could not be checked."""
    one = inc("A", T0, status="closed", assigned_at=T0 + 60, on_scene_at=T0 + 449, closed_at=T0 + 1800)
    row = next(csv.DictReader(io.StringIO(stats.incidents_csv([one]))))
    assert (row["opened"], row["assigned_at"], row["on_scene_at"], row["closed_at"]) == (
        "2026-11-23T08:30:00Z", "2026-11-23T08:31:00Z", "2026-11-23T08:37:29Z", "2026-11-23T09:00:00Z")


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


def test_dates_are_typed_and_read_day_first():
    """Review finding 13: the date boxes showed mm/dd/yyyy in an en-US browser, where 03/11 is ambiguous."""
    from datetime import date
    assert times.uk_date("03/11/2026") == times.uk_date("3 Nov 2026") == date(2026, 11, 3)
    assert times.uk_date("2026-11-03") == date(2026, 11, 3)
    assert times.uk_date(" ") is None
    with pytest.raises(ValueError):
        times.uk_date("11/23/2026")   # month first: not a UK date


def test_stats_groups_come_in_the_queues_order_of_urgency():
    """/stats lists its urgency groups as core/targets.py lists URGENCY_ORDER (most urgent first,
    C1 before immediate, scheduled before C4); a name it does not know comes last, by name."""
    from dashboard.core.targets import URGENCY_ORDER
    assert list(URGENCY_ORDER) == sorted(URGENCY_ORDER, key=URGENCY_ORDER.get)   # listed by rank
    labels = ["resolution", "ungraded", "C4", "scheduled", "C3", "priority", "C2", "immediate", "C1"]
    rows = [{"urgency": g, "on_scene_s": None, "dispatch_s": None, "within_target": None, "target_s": None}
            for g in labels]
    assert list(response_summary(rows)["groups"]) == [
        "C1", "immediate", "C2", "priority", "C3", "scheduled", "C4", "resolution", "ungraded"]


def _reached(id, seconds, category="C1", target_s=420, grade=None):
    return inc(id, T0, ts=T0 + seconds, status="on_scene", category=category, grade=grade, unit="U1",
               target_s=target_s, on_scene_at=T0 + seconds, assigned_at=T0 + 60)


def _chart(incidents, now=T0 + 7200):
    from dashboard.ui.panels.stats_charts import response_figure
    fig = response_figure(response_summary(response_times(incidents, [], now=now)))
    measured, target = fig.data[0], fig.data[1]
    return {x.replace("<br>", " "): (v, t) for x, v, t in zip(measured.x, measured.text, target.text)}, fig


def test_each_category_shows_the_statistic_its_standard_names():
    """Review finding 3: C1 on scene at 5, 6 and 30 min showed a median of 6 under the 7-min line, while the
    standard is a mean (13 min 40 s here) and a 90th centile of 15 min. C3 is a 90th centile; a police grade
    (a limit per incident) keeps its median, named as one."""
    shown, _ = _chart([_reached("A1", 300), _reached("A2", 360), _reached("A9", 1800),
                       _reached("B1", 3000, "C3", 7200), _reached("B2", 4000, "C3", 7200),
                       _reached("P1", 600, None, 900, "immediate"), _reached("P2", 800, None, 900, "immediate")])
    assert shown == {"C1 mean": ("13:40", "7:00"), "C1 90th centile": ("25:12", "15:00"),
                     "immediate median": ("11:40", "15:00"), "C3 90th centile": ("1:05:00", "2:00:00")}


def test_a_time_beside_its_target_is_never_rounded_into_a_met_target():
    """Review finding 4: a C1 on scene at 7 min 29 s read "7 min" on the tile and "7" on its bar, beside a
    7-minute target and "0% within target"; 18 min 30 s read "18" (Python rounds halves to even)."""
    from dashboard.core.decisions import arrivals, summarise
    from dashboard.ui.pages.stats import kpis
    shown, _ = _chart([_reached("R1", 449), _reached("R2", 1110, "C2", 1080)])
    assert shown["C1 mean"] == ("7:29", "7:00") and shown["C2 mean"] == ("18:30", "18:00")
    response = response_summary(response_times([_reached("R1", 449)], [], now=T0 + 7200))
    tile = str(kpis([], response, stats.both_services([]), summarise([]), arrivals([]))[2].to_plotly_json())
    assert "7:29" in tile and "0 of 1 within target (0%)" in tile


def test_the_on_scene_tile_says_what_each_of_its_numbers_counts():
    """Review finding 5: "8 measured · 44% within target": the 44% was 4 of 9 judged, the 9 including incidents
    no unit reached and leaving out one with no target, so no one could rebuild it."""
    from dashboard.ui.pages.stats import within_words
    incidents = [_reached("A", 300), _reached("B", 600), _reached("C", 900, target_s=None),
                 inc("W", T0, category="C1", target_s=420)]                 # waiting past its target
    a = response_summary(response_times(incidents, [], now=T0 + 3600))["all"]
    assert within_words(a) == ("3 first arrivals measured · 1 of 3 within target (33%); "
                               "the 3 include 1 no unit reached in time")


def test_a_one_minute_bar_has_height_and_an_empty_chart_says_so():
    """Review finding 13: a 1-minute bar sat at the foot of the log axis with no height; an empty chart drew a
    meaningless -1..6 axis."""
    import math
    from dashboard.ui.panels.stats_charts import response_figure
    _, fig = _chart([_reached("Q", 60, "C2", 1080)])
    low, high = fig.layout.yaxis.range
    assert low < math.log10(1) - 0.2
    empty = response_figure(response_summary([]))
    assert empty.layout.annotations[0].text == "No unit reached an incident in this period"
    assert empty.layout.xaxis.visible is False and empty.data == ()


def test_the_page_says_when_the_period_reaches_past_the_closed_incident_hold():
    """Review finding 11: with --closed-keep-s 3600 Last 7 days silently lost 5 closed incidents, and the note
    said "32 days by default"."""
    from dashboard.ui.pages.stats import period_note, response_note
    now = T0 + 30 * 86400
    short = period_note("7d", now - 7 * 86400, now, False, 3600, now)
    assert short.startswith("Last 7 days to ") and "Closed incidents are held for 1 h 00" in short
    assert "held for" not in period_note("7d", now - 7 * 86400, now, False, 32 * 86400, now)
    assert "held for 1 h 00 (JRU_CLOSED_KEEP_S)" in response_note(3600) and "by default" not in response_note(3600)
    assert "held for 32 days" in response_note(32 * 86400)


def test_the_chart_keeps_a_short_bar_readable_beside_a_long_target_and_each_group_at_its_own_target():
    """The checks the median chart had (tests/unit/test_ui_helpers.py), on the chart of standards: C1's bars
    stand clear of the foot beside C4's three hours, 20 s reads "0:20" above the foot, and a configured grade
    target (immediate=600) is the one drawn."""
    import math
    shown, fig = _chart([_reached("A", 360), _reached("B", 9000, "C4", 10800), _reached("Q", 20, "C2", 1080),
                         _reached("P", 500, None, 600, "immediate")])
    low, high = fig.layout.yaxis.range
    height = lambda minutes: (math.log10(minutes) - low) / (high - low)   # noqa: E731  share of the plot
    assert height(6) > 0.25 and height(180) < 1 and height(20 / 60) > 0.05
    assert shown["C1 mean"] == ("6:00", "7:00") and shown["C4 90th centile"] == ("2:30:00", "3:00:00")
    assert shown["C2 mean"] == ("0:20", "18:00") and shown["immediate median"] == ("8:20", "10:00")
