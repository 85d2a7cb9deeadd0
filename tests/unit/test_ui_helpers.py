"""The screens' pure helpers: what a duty officer or the wall would see go wrong if they broke."""

import numpy as np
from shapely.geometry import box

from dashboard.ui.layers.suggestions import attending_line, suggestion_lines
from dashboard.ui.pages.officer_overlays import share_text
from dashboard.ui.layers.district_names import TOWN_CLEARANCE_LAT, label_places, label_point, lon_clearance
from dashboard.ui.pages.wall import MIN_SPAN, fit_bounds, is_public
from dashboard.ui.panels.queue_filters import apply_filters
from dashboard.ui.panels.replay_controls import replay_command_for, replay_state, speed_options
from dashboard.ui.panels.ticker import ticker_rows
from dashboard.ui.panels.wall_counts import OUTSIDE, district_counts, unit_counts

NORTH_KENT = (0.2, 51.25, 0.95, 51.5)   # minlon, minlat, maxlon, maxlat


def inc(incident, area="Medway", type_="medical", status="open", target_s=900, age_s=300):
    return {"incident": incident, "area": area, "type": type_, "status": status, "target_s": target_s,
            "age_s": age_s}


# -- wall map ------------------------------------------------------------------------------------

def test_fit_bounds_shows_all_of_north_kent_when_nothing_is_inside():
    assert fit_bounds([], NORTH_KENT) == [[51.25, 0.2], [51.5, 0.95]]
    assert fit_bounds([(-3.0, 50.0)], NORTH_KENT) == [[51.25, 0.2], [51.5, 0.95]]   # a fix far away is ignored


def test_fit_bounds_never_zooms_in_closer_than_a_few_km_and_stays_inside_north_kent():
    (s, w), (n, e) = fit_bounds([(0.52, 51.38)], NORTH_KENT)
    assert n - s >= MIN_SPAN[0] - 1e-9 and e - w >= MIN_SPAN[1] - 1e-9
    assert s <= 51.38 <= n and w <= 0.52 <= e
    (s, w), (n, e) = fit_bounds([(0.201, 51.251), (0.949, 51.499)], NORTH_KENT)
    assert (s, w, n, e) == (51.25, 0.2, 51.5, 0.95)                                  # clipped to the districts


def test_fit_bounds_does_not_move_for_a_small_move():
    before = fit_bounds([(0.525, 51.371), (0.605, 51.405)], NORTH_KENT)
    assert fit_bounds([(0.5255, 51.3713), (0.6054, 51.4051)], NORTH_KENT) == before   # snapped to a grid
    assert fit_bounds([(0.525, 51.371), (0.705, 51.405)], NORTH_KENT) != before       # a real change moves it


def test_a_wall_is_public_by_query_or_by_setting():
    class S: wall_public = False
    class Rt: settings = S()
    assert is_public(Rt, "?public=1") and is_public(Rt, "?public=yes") and not is_public(Rt, "?public=0")
    assert not is_public(Rt, "")
    S.wall_public = True
    assert is_public(Rt, "")


# -- counts and ticker ---------------------------------------------------------------------------

def test_unit_counts_has_every_status_and_the_stale_ones_on_duty():
    units = [{"status": "available", "stale": False}, {"status": "available", "stale": True},
             {"status": "on_scene", "stale": False}, {"status": "off_duty", "stale": True}]
    counts = unit_counts(units)
    assert counts["available"] == 2 and counts["on_scene"] == 1 and counts["en_route"] == 0
    assert counts["off_duty"] == 1
    assert counts["stale"] == 1   # the off-duty unit that stopped reporting is not a stale fix to chase


def test_the_available_tile_says_how_many_are_joint_units_when_not_all():
    """The wall said "Available 6" while the officer page said no unit was available: four of the six
    were police or ambulance cars, which are never suggested for a joint response."""
    from dashboard.ui.panels.wall_counts import wall_counts
    units = [{"status": "available", "stale": False, "kind": k} for k in ("joint", "joint", "police", "ambulance")]
    counts = unit_counts(units)
    assert (counts["available"], counts["available_joint"]) == (4, 2)
    tile = wall_counts(counts, {})[1].children[0]
    assert [c.children for c in tile.children[1:]] == ["4", "2 joint"]
    only_joint = wall_counts(unit_counts(units[:2]), {})[1].children[0]
    assert only_joint.children[2] is None         # all joint: nothing more to say


def test_district_counts_active_and_waiting_with_outside_the_districts():
    incidents = [inc("A"), inc("B", status="assigned"), inc("C", status="closed"), inc("D", area=None)]
    counts = district_counts(incidents, ["Medway", "Swale"])
    assert counts == {"Medway": (2, 1), "Swale": (0, 0), OUTSIDE: (1, 1)}


def test_ticker_rows_time_left_and_overdue():
    rows = {r["incident"]: r for r in ticker_rows([inc("LATE", age_s=1000), inc("OK"), inc("THERE", status="on_scene"),
                                                   inc("NOTARGET", target_s=None), inc("DONE", status="closed")])}
    assert set(rows) == {"LATE", "OK", "THERE", "NOTARGET"}
    assert rows["LATE"]["overdue"] and rows["LATE"]["time_left_s"] == -100
    assert rows["OK"]["time_left_s"] == 600 and not rows["OK"]["overdue"]
    assert rows["THERE"]["time_left_s"] is None and rows["NOTARGET"]["time_left_s"] is None


# -- officer queue and replay bar ----------------------------------------------------------------

def test_apply_filters_by_district_and_type_and_all_means_no_filter():
    incidents = [inc("A"), inc("B", area="Swale"), inc("C", type_="rtc")]
    assert [i["incident"] for i in apply_filters(incidents, "Medway", "all")] == ["A", "C"]
    assert [i["incident"] for i in apply_filters(incidents, "", "rtc")] == ["C"]
    assert [i["incident"] for i in apply_filters(incidents, None, None)] == ["A", "B", "C"]


def test_replay_command_for_each_control():
    status = {"paused": "0", "speed": "60", "span_start": "1000", "span_end": "2000"}
    assert replay_command_for("replay-pause", status, speed=None, timeline=None, seek_at=None) == ("pause", None)
    assert replay_command_for("replay-pause", {**status, "paused": "1"}, speed=None, timeline=None,
                              seek_at=None) == ("resume", None)
    assert replay_command_for("replay-step", status, speed=None, timeline=None, seek_at=None) == ("step", 1)
    assert replay_command_for("replay-speed", status, speed="60", timeline=None, seek_at=None) is None   # the refresh set it
    assert replay_command_for("replay-speed", status, speed="600", timeline=None, seek_at=None) == ("speed", "600")
    assert replay_command_for("replay-timeline", status, speed=None, timeline=250, seek_at=None) == ("seek", 1250.0)
    at = {**status, "ts": "1800"}   # the refresh put the thumb where the replay is: no seek (to the start)
    assert replay_command_for("replay-timeline", at, speed=None, timeline=800, seek_at=None) is None
    # the refresh read a status a second old, from before the user's seek to 800: it put the thumb back at
    # 300; judged against the fresh status, that was a seek back
    placed = {"speed": "60", "position": 300}
    assert replay_command_for("replay-timeline", at, speed=None, timeline=300, seek_at=None, placed=placed) is None
    assert replay_command_for("replay-speed", {**at, "speed": "600"}, speed="60", timeline=None, seek_at=None,
                              placed=placed) is None
    assert replay_command_for("replay-timeline", at, speed=None, timeline=500, seek_at=None,
                              placed=placed) == ("seek", 1500.0)
    assert replay_command_for("replay-seek-go", status, speed=None, timeline=None,
                              seek_at="2025-11-01T18:30") == ("seek", "2025-11-01T18:30:00Z")   # GMT then
    assert replay_command_for("replay-seek-go", status, speed=None, timeline=None, seek_at="") is None


def test_a_replay_time_is_typed_day_first_and_one_it_cannot_read_says_how_to_type_it():
    """The bar's date box followed the browser's locale: "mm/dd/yyyy" in an en-US one, in a UK control room's
    product (the README's picture showed it). It is text now, read day first."""
    from dashboard.ui.panels.replay_controls import replay_command_for
    go = lambda text: replay_command_for("replay-seek-go", {"ts": "1000"}, speed=None, timeline=None,  # noqa: E731
                                         seek_at=text)
    assert go("03/11/2025 18:30") == go("3 Nov 2025 18:30") == ("seek", "2025-11-03T18:30:00Z")
    assert go("11/23/2025 18:30") == ("unreadable",
                                      "Not a time: '11/23/2025 18:30'. Type it as dd/mm/yyyy hh:mm (UK time).")
    assert go("03/11/2025")[0] == "unreadable"   # no time of day: not guessed as midnight


def test_the_replay_bar_reads_and_shows_uk_time_named_as_the_wall_does():
    """The bar was in UTC while the wall and unit history were in UK time: in summer a duty officer typing the
    wall's 21:30 into the bar landed an hour late, and the two clocks side by side read an hour apart."""
    from dashboard.ui.panels.replay_controls import replay_command_for
    go = lambda text: replay_command_for("replay-seek-go", {"ts": "1000"}, speed=None, timeline=None,  # noqa: E731
                                         seek_at=text)
    assert go("14/06/2025 21:30") == go("2025-06-14T21:30") == ("seek", "2025-06-14T20:30:00Z")   # BST
    assert go("14/01/2025 21:30") == ("seek", "2025-01-14T21:30:00Z")                              # GMT
    assert go("26/10/2025 01:30") == ("seek", "2025-10-26T00:30:00Z")   # the hour the clocks go back: BST's
    summer, winter = 1792175040.0, 1796342400.0   # 2026-10-16 18:24 UTC, 2026-12-04 00:00 UTC
    assert replay_state({"ts": str(summer)}, {})[1] == "Fri 16 Oct 2026 19:24:00 BST"
    assert replay_state({"ts": str(winter), "paused": "1"}, {})[1] == "Fri 04 Dec 2026 00:00:00 GMT  (paused)"


def test_the_replay_timeline_names_the_span_it_seeks_over():
    """A drag to the middle went to 2022 with no dates shown (a newcomer's demo run)."""
    from dashboard.ui.panels.replay_controls import timeline_title
    span = {"span_start": "1519862400", "span_end": "1793404800"}   # 2018-03-01, 2026-10-31 UTC
    assert timeline_title(span) == "Drag to seek, 01 Mar 2018 to 31 Oct 2026 (UK time)"
    assert timeline_title({}) == "Drag to seek"


def test_replay_state_hides_the_bar_without_a_replayer_and_says_paused():
    assert replay_state({}, {})[0] == "d-none"
    bar, clock, icon, speed, decided, error, position = replay_state(
        {"paused": "1", "ts": "1700000000", "speed": "60", "span_start": "1600000000", "span_end": "1800000000"},
        {"decisions": 4, "differ": 2, "faster": 1, "saved_total_s": 300})
    assert "d-none" not in bar and clock.endswith("(paused)") and icon == "bi bi-play-fill" and speed == "60"
    assert "2 of 4" in decided and "in 1: 5 min" in decided and error == "" and position == 500
    assert [o["label"] for o in speed_options("30")] == ["1x", "10x", "30x", "60x", "600x", "3600x"]


def test_coverage_share_text():
    assert "no incidents" in share_text(None, 0, False)[0].children
    text = share_text(0.5, 4, True)
    assert "50% of incidents in the last hour (4 incidents)" in text[0].children and " min" in text
    # no joint unit available: the overlay draws nothing, and says why rather than look as if still loading
    bare = share_text(0.5, 4, True, available=0)
    assert " min" not in bare and "No joint unit available now" in bare[-1].children
    assert "No joint unit" not in str(share_text(0.5, 4, False, available=0))   # overlay off: the line alone


def test_queue_rows_say_who_would_go_or_who_went_and_how_many_more():
    from dashboard.ui.panels.incident_queue import QUEUE_ROWS, queue_data

    def row(incident, status="open", unit=None, summary=None, age_s=125):
        units = unit if isinstance(unit, list) else [unit] if unit else []
        return {"incident": incident, "status": status, "unit": units[-1] if units else None, "units": units,
                "type": "rtc", "category": "C1", "grade": None,
                "urgency": 0, "age_s": age_s, "target_s": 420, "area": None, "summary": summary}
    tops = {"OK": {"unit": "JRU-1", "eta_s": 300, "within_target": True},
            "LATE": {"unit": "JRU-2", "eta_s": 1200, "within_target": False}, "NONE": None}
    data = queue_data([row("OK", summary="<b>not html</b>"), row("LATE", age_s=600), row("NONE"),
                       row("GONE", status="assigned", unit="JRU-3"), row("THERE", status="on_scene", unit="JRU-4"),
                       row("THREE", status="on_scene", unit=["JRU-5", "JRU-6", "JRU-7"])], tops)
    rows = {r["id"]: r for r in data["rows"]}
    assert rows["OK"]["note"] == "JRU-1 · 5 min" and "text-primary" in rows["OK"]["note_class"]
    assert rows["LATE"]["note"] == "JRU-2 · 20 min · misses target" and "target-missed" in rows["LATE"]["note_class"]
    assert rows["NONE"]["note"] == "no unit available"
    assert rows["GONE"]["note"] == "assigned: JRU-3"
    assert rows["THREE"]["note"] == "on scene: JRU-5, JRU-6 +1"     # backup: every unit sent, in a row's words
    # backup still on its way is named apart from the crew at the scene
    coming = queue_data([row("THREE", status="on_scene", unit=["JRU-5", "JRU-6", "JRU-7"])], {},
                        splits={"THREE": (["JRU-5"], ["JRU-6", "JRU-7"])})["rows"][0]
    assert coming["note"] == "on scene: JRU-5 · backup JRU-6, JRU-7 on their way"
    assert rows["OK"]["age"] == "2 min" and rows["OK"]["area"] == "outside the districts"
    # the response target (C1: 7 min), as the wall says it; none once a unit is on scene
    assert (rows["OK"]["left"], rows["OK"]["overdue"]) == ("5 min left", False)
    assert (rows["LATE"]["left"], rows["LATE"]["overdue"]) == ("OVERDUE 3 min", True)
    assert rows["GONE"]["left"] == "5 min left" and rows["THERE"]["left"] is None
    assert rows["OK"]["summary"] == "<b>not html</b>" and rows["OK"]["badge"] == "C1" and data["more"] is None
    many = queue_data([row(f"I{n}") for n in range(QUEUE_ROWS + 7)], {})
    assert len(many["rows"]) == QUEUE_ROWS and many["more"].startswith("7 more")


def test_a_district_name_keeps_clear_of_its_towns_names() -> None:
    district = box(0.0, 51.0, 0.4, 51.2)
    x, y = label_point(district, np.empty((0, 3)))
    assert district.contains(box(x - 0.01, y - 0.01, x + 0.01, y + 0.01))   # no towns: the middle
    clear = lon_clearance("Swale", "Sittingbourne")
    town = np.array([[x, y, clear]])
    lx, ly = label_point(district, town)
    assert district.contains(box(lx - 0.004, ly - 0.004, lx + 0.004, ly + 0.004))
    assert abs(lx - x) >= clear or abs(ly - y) >= TOWN_CLEARANCE_LAT
    assert abs(ly - y) < 0.04 and abs(lx - x) < 0.01    # just above or below it, not off in a corner
    beside = np.array([[x, y + 0.1, clear]])   # a town level with nowhere near: ignored
    assert np.allclose(label_point(district, beside), (x, y))
    crowded = np.array([[a, b, clear] for a in np.arange(0, 0.41, 0.05) for b in np.arange(51.0, 51.21, 0.02)])
    assert np.allclose(label_point(district, crowded), (x, y))   # nowhere clear: the middle all the same


def test_a_longer_name_needs_more_room() -> None:
    assert lon_clearance("Swale", "Sittingbourne") > lon_clearance("Swale", "Grays") > 0
    assert lon_clearance("Gravesham", "Grays") > lon_clearance("Swale", "Grays")


def test_a_district_name_has_a_place_in_each_big_part_of_it_clear_of_the_towns() -> None:
    district = box(0.0, 51.0, 0.6, 51.3)
    town = (0.1, 51.25)
    towns = np.array([[*town, lon_clearance("Swale", "Sittingbourne")]])
    places = label_places(district, towns)
    assert places[:5] == label_places(district, towns, depth=1)
    assert places[0] == label_point(district, towns) and len(places[:5]) == 5   # the best, then one a quarter
    bx, by = places[0]
    quarters = {(x < bx, y < by) for x, y in places[1:5]}
    assert len(quarters) == 4
    # then one in each quarter of each quarter: a view of any sixteenth of it has a place near
    assert len(places) == 21
    centre = {(x < bx, y < by): (x, y) for x, y in places[1:5]}   # each quarter's own place

    def sixteenth(x: float, y: float) -> tuple:
        qx, qy = centre[(x < bx, y < by)]
        return x < bx, y < by, x < qx, y < qy
    assert len({sixteenth(x, y) for x, y in places[5:]}) == 16
    for x, y in places:
        assert abs(x - town[0]) >= towns[0, 2] or abs(y - town[1]) >= TOWN_CLEARANCE_LAT
    assert min(np.hypot(a[0] - b[0], a[1] - b[1]) for i, a in enumerate(places) for b in places[i + 1:]) >= 0.03
    # a place would hide the town wherever it went: no other place, only the best
    crowded = np.array([[a, b, 1.0] for a in np.arange(0, 0.61, 0.05) for b in np.arange(51.0, 51.31, 0.02)])
    assert label_places(district, crowded) == [label_point(district, crowded)]


def test_suggestion_lines_follow_the_route_where_known() -> None:
    incident = {"lon": 0.56, "lat": 51.42}
    units = {"A": {"lon": 0.55, "lat": 51.40}, "B": {"lon": 0.50, "lat": 51.40}, "C": {"lon": None, "lat": None}}
    suggestions = [{"unit": u, "rank": i + 1, "eta_s": 600} for i, u in enumerate("ABC")]
    route = [(0.55, 51.40), (0.52, 51.39), (0.50, 51.41), (0.56, 51.42)]
    fc = suggestion_lines(incident, suggestions, units, {"A": route})
    lines = {f["properties"]["unit"]: f["geometry"]["coordinates"] for f in fc["features"]}
    assert lines["A"] == [list(p) for p in route]                    # round by the road
    assert lines["B"] == [[0.50, 51.40], [0.56, 51.42]]              # no route known: unit to incident
    assert "C" not in lines                                          # no fix, no line


def test_an_attended_incidents_lines_are_for_another_unit_and_its_own_unit_is_drawn_en_route() -> None:
    incident = {"lon": 0.56, "lat": 51.42}
    units = {"A": {"lon": 0.55, "lat": 51.40}}
    suggestions = [{"unit": "A", "rank": 1, "eta_s": 600}]
    assert not suggestion_lines(incident, suggestions, units)["features"][0]["properties"]["standby"]
    assert suggestion_lines(incident, suggestions, units, standby=True)["features"][0]["properties"]["standby"]
    sent = attending_line("JRU-MW-1", 389.0, [(0.5, 51.4), (0.56, 51.42)])
    assert sent["properties"]["attending"] and sent["properties"]["label"] == "JRU-MW-1 en route 6 min"
    assert sent["geometry"]["coordinates"] == [[0.5, 51.4], [0.56, 51.42]]


def test_the_decision_replay_figure_says_so_when_there_is_nothing_to_compare() -> None:
    from dashboard.core import stats
    from dashboard.core.decisions import arrivals, summarise
    from dashboard.core.response import response_summary
    from dashboard.ui.pages.stats import kpis

    def said(decisions: dict) -> str:
        cards = kpis([], response_summary([]), stats.both_services([]), decisions, arrivals([]))
        return str(cards[-2].to_plotly_json()) + str(cards[-1].to_plotly_json())
    assert "no dispatch to compare with its suggestion" in said(summarise([]))
    assert "no unit sent has reached its scene yet" in said(summarise([]))
    assert "saved" not in said(summarise([]))


def test_only_the_selected_incidents_known_folds_open() -> None:
    from dashboard.ui.panels.suggestions import opened_folds
    assert opened_folds({"incident": "I1", "open": ["left-out", "send-another"]}, "I1") == ["send-another", "left-out"]
    assert opened_folds({"incident": "I2", "open": ["send-another"]}, "I1") == []      # another incident's
    for forged in (None, 5, "x", {"incident": "I1", "open": 5}, {"incident": "I1", "open": ["<script>", {"a": 1}]}):
        assert opened_folds(forged, "I1") == []


def test_the_type_chart_splits_attended_as_the_district_chart_does_in_the_same_colours() -> None:
    """Each type had a colour of its own: the second type's was the district chart's "No unit" one."""
    from dashboard.ui.pages.stats import district_figure, type_figure
    incidents = [{"type": "assault", "area": "Dartford", "unit": "JRU-DA-1"},
                 {"type": "mental_health", "area": "Gravesham", "status": "on_scene", "unit": "JRU-GR-1"},
                 {"type": "mental_health", "area": "Medway", "status": "open"}]
    by_type, by_district = type_figure(incidents), district_figure(incidents, ["Dartford", "Gravesham", "Medway"])
    assert [(b.name, b.marker.color) for b in by_type.data] == [(b.name, b.marker.color) for b in by_district.data]
    bars = {b.name: dict(zip(b.x, b.y)) for b in by_type.data}
    # the assault's unit never said it was on scene: sent, not reached (it read "Attended")
    assert bars == {"Reached": {"Mental health": 1, "Assault": 0},
                    "Unit sent, not reached": {"Mental health": 0, "Assault": 1},
                    "No unit sent yet": {"Mental health": 1, "Assault": 0}}


def test_a_suggestion_whose_target_lies_inside_its_etas_spread_says_just_within_or_just_misses() -> None:
    from dashboard.ui.panels.suggestions import target_label
    assert target_label({"within_target": True, "near_target": False}) == ("within target", "text-success")
    assert target_label({"within_target": True, "near_target": True})[0] == "just within target"
    assert target_label({"within_target": False, "near_target": True})[1] == "text-warning-emphasis"
    assert target_label({"within_target": None}) == ("", "")


def test_the_target_line_of_an_overdue_incident_says_by_how_much() -> None:
    """An incident 35 min past its 18-min target said "(18 min; 0 s left)", as if it were on time."""
    from dashboard.ui.panels.suggestions import _target_line
    def text(c) -> str:
        return " ".join(str(x) for x in (c.children if isinstance(c.children, list) else [c.children]))
    late = _target_line({"target_s": 1080, "time_left_s": -2100, "reachable_in_time": False})
    assert "(18 min; overdue by 35 min)" in text(late) and "0 s left" not in text(late)
    on_time = _target_line({"target_s": 1080, "time_left_s": 300, "reachable_in_time": True})
    assert text(on_time) == "Target 18 min, 5 min left"
    assert text(_target_line({"target_s": 1080, "time_left_s": None, "reachable_in_time": None})) == "Target 18 min"


# -- urgency classes -------------------------------------------------------------------------------

def test_each_category_and_grade_has_its_colour_class_and_the_more_urgent_of_the_two_wins():
    from dashboard.core.targets import URGENCY_CLASS, URGENCY_ORDER, urgency_rank
    from dashboard.ui.layers.common import urgency_class
    expected = {"C1": 1, "immediate": 1, "C2": 2, "priority": 2, "C3": 3, "scheduled": 3, "C4": 3,
                "resolution": 4, None: 4, "unknown": 4}
    assert {n: urgency_class(urgency_rank(n, None)) for n in expected} == expected
    assert {n: urgency_class(urgency_rank(None, n)) for n in expected} == expected
    assert urgency_class(urgency_rank("C4", "immediate")) == 1 and urgency_class(urgency_rank("C2", "scheduled")) == 2
    # the class goes by rank on screen: names sharing a rank must share a class
    assert all(urgency_class(URGENCY_ORDER[n]) == c for n, c in URGENCY_CLASS.items())


def test_the_legend_has_one_row_per_urgency_class_each_styled():
    from pathlib import Path

    from dashboard.core.targets import OTHER_URGENCY_CLASS, URGENCY_CLASS
    from dashboard.ui.panels.legend import URGENCY_SWATCH
    assert URGENCY_SWATCH == (("urgency-1", "C1 / immediate"), ("urgency-2", "C2 / priority"),
                              ("urgency-3", "C3-C4 / scheduled"), ("urgency-4", "resolution / none stated"))
    assert [c for c, _ in URGENCY_SWATCH] == [f"urgency-{n}" for n in sorted({*URGENCY_CLASS.values(),
                                                                              OTHER_URGENCY_CLASS})]
    css = (Path(__file__).resolve().parents[2] / "dashboard/ui/assets/app.css").read_text()
    assert all(f".incident-icon.{c} " in css for c, _ in URGENCY_SWATCH)


# -- unit details --------------------------------------------------------------------------------

def _texts(component) -> list[str]:
    """Every string in a Dash component tree, in order."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, (list, tuple)):
        return [t for c in component for t in _texts(c)]
    return _texts(getattr(component, "children", None) or [])


def test_a_units_history_is_in_uk_time_an_hour_ahead_of_utc_in_summer():
    from datetime import datetime, timezone

    from dashboard.ui.panels.unit_details import unit_details
    unit = {"unit": "JRU-MW-1", "status": "en_route", "kind": "joint", "officers": 2, "paramedics": 1,
            "lat": 51.38, "lon": 0.52, "age_s": 12, "stale": False}
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc).timestamp()   # BST: 13:00 on the control room's clock
    winter = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc).timestamp()  # GMT: 12:00
    panel = unit_details(unit, [(winter, "available", "report"), (summer, "en_route", "assigned")], None)
    history = next(c for c in panel if getattr(c, "id", None) == "unit-history")
    assert _texts(history) == ["13:00:00 En route - assigned", "12:00:00 Available"]
    assert "Status history (UK time)" in _texts(panel)


# -- an incident with several units (backup) -----------------------------------------------------

def _text(component) -> str:
    """All the words a component shows, as one string (spaces collapsed, as a browser shows them)."""
    if component is None:
        return ""
    if isinstance(component, str):
        return " ".join(component.split())
    kids = getattr(component, "children", None)
    kids = kids if isinstance(kids, list) else [kids]
    return " ".join(t for t in (_text(k) for k in kids) if t)


def _buttons(component) -> list:
    """The ids of the buttons in a Dash component tree, in order."""
    if isinstance(component, (list, tuple)):
        return [b for c in component for b in _buttons(c)]
    if component is None or isinstance(component, str):
        return []
    here = [component.id] if type(component).__name__ == "Button" else []
    return here + _buttons(getattr(component, "children", None))


def test_the_panel_lists_each_unit_sent_with_its_eta_or_why_it_may_not_be_coming():
    from dashboard.ui.panels.suggestions import assigned_alerts, send_another_label
    incident = {"incident": "RV2-1", "status": "assigned", "unit": "JRU-GR-1", "units": ["JRU-DA-1", "JRU-GR-1"]}
    both = [("JRU-DA-1", None), ("JRU-GR-1", None)]
    alert, warning = assigned_alerts(incident, both, {"JRU-GR-1": 290.0})
    assert _text(alert) == "Assigned: 2 units JRU-DA-1 JRU-GR-1 · en route, about 5 min away"
    # each call sign opens its unit's details: on the map a unit at the scene is under the incident's pin
    assert _buttons(alert) == [{"type": "unit-sent", "unit": u} for u in ("JRU-DA-1", "JRU-GR-1")]
    assert "alert-success" in alert.className and warning is None
    assert alert.role == "status"      # polite: redrawn as the ETA ticks down, it must not interrupt
    assert send_another_label(both) == "Send another unit (backup for JRU-DA-1, JRU-GR-1)"
    one_gone = [("JRU-DA-1", "JRU-DA-1 reports available since it was sent: check it is still going"),
                ("JRU-GR-1", None)]
    alert, warning = assigned_alerts(incident, one_gone, {})
    assert "JRU-DA-1 reports available since it was sent" in _text(alert) and "alert-success" in alert.className
    assert [b["unit"] for b in _buttons(alert)] == ["JRU-DA-1", "JRU-GR-1"]
    assert warning is None and send_another_label(one_gone) == "Send another unit (backup for JRU-GR-1)"
    none_sure = [(u, f"{u} has been sent elsewhere") for u in ("JRU-DA-1", "JRU-GR-1")]
    alert, warning = assigned_alerts(incident, none_sure, {"JRU-GR-1": 290.0})
    assert "en route" not in _text(alert) and "alert-warning" in alert.className
    assert _text(warning).startswith("No unit sent is sure to be coming: JRU-GR-1 has been sent elsewhere")
    assert send_another_label(none_sure) == "Send another unit (JRU-DA-1, JRU-GR-1 may not be coming)"


def test_on_scene_the_panel_tells_the_crew_there_from_the_backup_on_its_way():
    """"On scene: 2 units" read as both crews there while the backup was 9 min off."""
    from dashboard.ui.panels.suggestions import assigned_alerts
    incident = {"incident": "MW-3", "status": "on_scene", "unit": "JRX-MW-1", "units": ["JRU-MW-1", "JRX-MW-1"]}
    both = [("JRU-MW-1", None), ("JRX-MW-1", None)]
    alert, _ = assigned_alerts(incident, both, {"JRX-MW-1": 540.0}, (["JRU-MW-1"], ["JRX-MW-1"]))
    assert _text(alert) == ("On scene: 1 unit there, 1 backup on its way JRU-MW-1 · there "
                            "JRX-MW-1 · backup · en route, about 9 min away")
    alert, _ = assigned_alerts(incident, both, {"JRX-MW-1": 540.0})   # no split to tell: as before
    assert _text(alert).startswith("On scene: 2 units JRU-MW-1 JRX-MW-1")
    # backup reporting available since it was sent (the demo's history does): not counted as there
    doubted = [("JRU-MW-1", None),
               ("JRX-MW-1", "JRX-MW-1 reports available since it was sent: check it is still going")]
    alert, _ = assigned_alerts(incident, doubted, {})
    assert _text(alert).startswith("On scene: 1 unit, and 1 sent that may not be coming JRU-MW-1 JRX-MW-1 reports")


def test_one_unit_reads_as_before_and_the_wall_names_every_unit_sent():
    from dashboard.ui.panels.suggestions import assigned_alerts
    from dashboard.ui.panels.ticker import ticker_row
    incident = {"incident": "RV2-1", "status": "assigned", "unit": "JRU-DA-1", "units": ["JRU-DA-1"]}
    alert, _ = assigned_alerts(incident, [("JRU-DA-1", None)], {"JRU-DA-1": 290.0})
    assert _text(alert) == "Assigned: JRU-DA-1 · en route, about 5 min away"
    row = ticker_rows([{**inc("RV2-1", status="on_scene"), "category": "C2", "grade": None, "summary": None,
                        "urgency": 1,
                        "units": ["JRU-DA-1", "JRU-GR-1"], "unit": "JRU-GR-1"}])[0]
    assert " ".join(_text(ticker_row(row, show_summary=False)).split()).endswith("on scene · JRU-DA-1, JRU-GR-1")


def test_the_wall_says_how_far_the_unit_coming_is_and_on_scene_which_is_backup():
    """On scene, "JRU-DA-1, JRU-GR-1 · backup about 13 min away" read as both there: the backup is
    named apart from the crew at the scene."""
    from dashboard.ui.panels.ticker import ticker_row
    base = {"category": "C2", "grade": None, "summary": None, "urgency": 1, "units": ["JRU-DA-1", "JRU-GR-1"],
            "unit": "JRU-GR-1"}
    three = {**base, "units": ["JRU-DA-1", "JRU-GR-1", "JRU-SW-1"]}
    assigned, on_scene, nearest, no_fix, no_crew = ticker_rows(
        [{**inc("RV2-1", status="assigned"), **base}, {**inc("RV2-2", status="on_scene"), **base},
         {**inc("RV2-3", status="on_scene"), **three}, {**inc("RV2-4", status="on_scene"), **base},
         {**inc("RV2-5", status="on_scene"), **base}],
        away_s={"RV2-1": 290.0, "RV2-2": 780.0, "RV2-3": 300.0, "RV2-5": 300.0},
        splits={"RV2-2": (["JRU-DA-1"], ["JRU-GR-1"]), "RV2-3": (["JRU-DA-1"], ["JRU-GR-1", "JRU-SW-1"]),
                "RV2-4": (["JRU-DA-1"], ["JRU-GR-1"])})
    said = {k: " ".join(_text(ticker_row(r, show_summary=False)).split()) for k, r in
            (("assigned", assigned), ("on_scene", on_scene), ("nearest", nearest), ("no_fix", no_fix),
             ("no_crew", no_crew))}
    assert said["assigned"].endswith("assigned · JRU-DA-1, JRU-GR-1 · about 5 min away")
    assert said["on_scene"].endswith("on scene · JRU-DA-1 · backup JRU-GR-1 about 13 min away")
    assert said["nearest"].endswith("on scene · JRU-DA-1 · backup JRU-GR-1, JRU-SW-1, the nearest about 5 min away")
    assert said["no_fix"].endswith("on scene · JRU-DA-1 · backup JRU-GR-1 on its way")      # no fix: no ETA
    # the CAD says on scene, no crew there by its own reports: not called backup, nor timed
    assert said["no_crew"].endswith("on scene · JRU-DA-1, JRU-GR-1")


def test_the_panel_opens_with_the_incident_it_is_about_whatever_its_status():
    """The panel's first part names the incident (its heading): a change once put the suggestion table's
    column heads there in its place, and the officer saw suggestions for no named incident."""
    from dashboard.ui.panels.suggestions import suggestion_panel
    suggestion = {"unit": "JRU-MW-1", "rank": 1, "eta_s": 300.0, "eta_spread_s": 30.0, "distance_m": 2500.0,
                  "reason": "nearest available joint unit", "fix_age_s": 5.0, "within_target": True,
                  "near_target": False, "route": "", "also_top_for": None}
    ranking = {"suggestions": [suggestion], "excluded": []}
    for status, units in (("open", []), ("assigned", ["JRU-GR-1"]), ("on_scene", ["JRU-GR-1"])):
        incident = {**inc("RV2-1", status=status), "category": "C2", "grade": None, "summary": "Fall",
                    "urgency": 1, "units": units, "unit": units[-1] if units else None}
        panel = suggestion_panel(incident, ranking, attending=[(u, None) for u in units])
        first = panel[0]
        assert first.children[0].__class__.__name__ == "H2" and "RV2-1" in _text(first.children[0]), status
        assert "JRU-MW-1" in " ".join(_texts(panel)), status


def test_the_feed_health_badge_says_no_reports_or_not_reading_rather_than_live():
    """A wall said LIVE in green through four minutes of nothing on the streams, and through a stuck reader."""
    from dashboard.ui.panels.feed_health import feed_state

    def health(age, *, stuck=False, replay=False, reachable=True):
        return {"redis": {"reachable": reachable}, "clock": {"replay": replay},
                "feed": {"lag_s": 0.0, "last_entry_age_s": age, "reader_stuck": stuck}}
    assert feed_state(health(4.0)) == "live"
    assert feed_state(health(240.0)) == "quiet" and feed_state(health(None)) == "quiet"
    assert feed_state(health(240.0, replay=True)) == "live"   # a paused replay writes nothing, rightly
    assert feed_state(health(4.0, stuck=True)) == "stuck"
    assert feed_state(health(4.0, stuck=True, reachable=False)) == "lost"
    from dashboard.ui.panels.feed_health import feed_health_strip   # amber with dark text: white on it is 1.6:1
    quiet = {**health(240.0), "counts": {"rejects": 0}}
    badge = feed_health_strip(quiet)[0]
    assert (badge.children, badge.color, badge.text_color) == ("NO REPORTS", "warning", "dark")


def test_a_closed_incident_says_when_it_closed_not_how_long_it_has_been_open():
    """A closed incident read "Chatham · open 754 h 01 · closed (JRU-MW-1)": as if still open a month on."""
    from dashboard.ui.panels.suggestions import suggestion_panel

    def head(**fields):
        incident = {**inc("OLD-1", status="closed"), "category": "C3", "grade": None, "summary": "", "urgency": 3,
                    "units": ["JRU-MW-1"], "unit": "JRU-MW-1", "near": "Chatham", **fields}
        return _text(suggestion_panel(incident, None)[0].children[1])
    opened = "2026-03-01T10:00:00Z"
    # the feed's now is opened + age_s: 2 h after opening, closed 12 min before that
    line = head(opened=opened, closed_at="2026-03-01T11:48:00Z", age_s=7200)
    assert "closed 12 min ago" in line and "open" not in line and "(JRU-MW-1)" in line
    assert "closed 3 days ago" in head(opened=opened, closed_at="2026-03-01T11:00:00Z", age_s=3 * 86400 + 3600)
    assert "open" not in head(opened=opened, age_s=754 * 3600)          # no closing time known: just "closed"
    assert "open 5 min · assigned" in head(status="assigned", opened=opened, age_s=300)
    assert "open 5 min · no unit yet" in head(status="open", opened=opened, age_s=300)   # was "open 5 min · open"


def test_the_decision_tile_says_when_the_period_had_dispatches_it_did_not_see() -> None:
    """The demo's 7 days read "0 of 1 differed · the suggested unit was sent in 1 dispatch" beside 138
    incidents dispatched: the replay compares only dispatches seen live, and now says so."""
    from dashboard.ui.pages.stats import unseen_words
    one = {"decisions": 1, "no_suggestion": 0}
    assert "138 incidents were dispatched in this period" in unseen_words(one, 138)
    assert unseen_words(one, 1) == "" and unseen_words({"decisions": 2, "no_suggestion": 1}, 3) == ""


def test_the_wall_clock_names_its_zone() -> None:
    """The wall showed 19:24 unlabelled beside an officer's bar saying 18:24 UTC (a newcomer's demo run; the bar
    is in UK time too now)."""
    from types import SimpleNamespace

    from dashboard.ui.pages.wall import clock_text
    summer = SimpleNamespace(clock=SimpleNamespace(now=lambda: (1792175040.0, False)))   # 2026-10-16 18:24 UTC
    winter = SimpleNamespace(clock=SimpleNamespace(now=lambda: (1796342400.0, False)))   # 2026-12-04 00:00 UTC
    assert [_text(x) for x in clock_text(summer)[:2]] == ["19:24:00", "BST · Fri 16 Oct"]
    assert [_text(x) for x in clock_text(winter)[:2]] == ["00:00:00", "GMT · Fri 04 Dec"]
