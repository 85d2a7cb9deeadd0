"""Who can go, who cannot and why, and the order of the suggestions."""
import pytest

from dashboard.core.eta import StraightLineModel
from dashboard.core.picture import Incident, Unit
from dashboard.core.ranking import rank_units
from dashboard.settings import Settings

NOW = 10_000.0
STALE_S = Settings.model_fields["staleness_s"].default   # the dashboard's own default
INC = Incident("I1", ts=NOW, opened_ts=NOW, lat=51.40, lon=0.53, category="C1")


def unit(name, lat=51.39, lon=0.52, **kw):
    kw.setdefault("fix_ts", NOW - 10)
    return Unit(unit=name, ts=NOW - 10, lat=lat, lon=lon, **kw)


def rank(units, **kw):
    kw.setdefault("staleness_s", STALE_S)
    return rank_units(INC, units, NOW, StraightLineModel(), **kw)


def test_nearest_available_joint_unit_ranks_first_with_distance_eta_and_reason():
    r = rank([unit("far", lat=51.30, lon=0.80), unit("near", lat=51.395, lon=0.525)])
    assert [s.unit for s in r.suggestions] == ["near", "far"]
    top = r.suggestions[0]
    assert 500 < top.distance_m < 1000 and top.eta_s > 60
    assert "nearest available joint unit" in top.reason and "fix 10 s old" in top.reason


@pytest.mark.parametrize("u, why, detail", [
    (unit("U", status="off_duty"), "off duty", "off duty"),
    (unit("U", status="on_scene"), "busy", "on scene"),
    (unit("U", kind="police"), "not a joint unit", "police"),
    (unit("U", paramedics=0, officers=2), "crew incomplete", "no paramedic"),
    (unit("U", officers=0, paramedics=1), "crew incomplete", "no officer"),
    (Unit(unit="U", ts=NOW), "no fix", "no fix"),
    (unit("U", fix_ts=NOW - 121), "stale", "2 min"),
])
def test_units_left_out_say_why(u, why, detail):
    r = rank([u])
    assert r.suggestions == []
    assert r.excluded[0].why == why and detail in r.excluded[0].detail


def test_crew_counts_absent_means_not_checked():
    assert rank([unit("U")]).suggestions[0].unit == "U"


def test_unit_committed_elsewhere_is_busy():
    r = rank([unit("U")], committed={"U": "I9"})
    assert r.excluded[0].why == "busy" and "I9" in r.excluded[0].detail


def test_staleness_limit_is_a_setting():
    assert rank([unit("U", fix_ts=NOW - 200)], staleness_s=300).suggestions[0].unit == "U"


def test_target_flag_when_nobody_can_make_it():
    r = rank([unit("far", lat=51.30, lon=0.95)])   # ~30 km away for a C1 (7 min)
    assert r.target_s == 420 and r.reachable_in_time is False
    assert r.suggestions[0].within_target is False and "misses target" in r.suggestions[0].reason


def test_a_target_inside_the_etas_spread_is_called_near():
    """C1, 7 min: a unit 6.6 min away was "within target" as surely as one 2 min away, though its
    ETA may be two minutes off."""
    by_unit = {s.unit: s for s in rank([unit("close", lat=51.4351, lon=0.53), unit("near", lat=51.409, lon=0.53),
                                        unit("far", lat=51.49, lon=0.53)]).suggestions}
    close, near, far = by_unit["close"], by_unit["near"], by_unit["far"]
    assert 380 < close.eta_s < 420 and close.within_target and close.near_target
    assert near.eta_s < 120 and near.within_target and not near.near_target
    assert far.eta_s > 900 and not far.within_target and not far.near_target
    assert close.as_json()["near_target"] is True


def test_a_fresh_fix_still_carries_the_models_own_error():
    """A fix 2 s old said "± 1 s", as if the ETA were right to the second; measured against real
    drives the straight line is off by up to 30% for 9 in 10 (bench/eta_truth.py)."""
    by_unit = {s.unit: s for s in rank([unit("far", fix_ts=NOW - 2, lat=51.45, lon=0.60),
                                        unit("near", fix_ts=NOW - 2, lat=51.4003, lon=0.5303)]).suggestions}
    far, near = by_unit["far"], by_unit["near"]
    assert far.eta_s > 600 and far.eta_spread_s >= 0.3 * far.eta_s      # minutes, not a second
    assert near.eta_s < 60 and near.eta_spread_s >= 30                  # never finer than the truth's minutes


def test_eta_spread_grows_with_fix_age():
    by_unit = {s.unit: s for s in rank([unit("a", fix_ts=NOW - 5), unit("b", fix_ts=NOW - 100)]).suggestions}
    assert by_unit["b"].eta_spread_s > by_unit["a"].eta_spread_s > 0


def test_closed_incident_has_no_suggestions():
    closed = Incident("I2", ts=NOW, opened_ts=NOW, lat=51.4, lon=0.5, status="closed")
    assert rank_units(closed, [unit("U")], NOW, StraightLineModel(), staleness_s=STALE_S).suggestions == []


# -- hospital handover (rule in dashboard/core/ranking.py's docstring) --------------------------------
from dashboard.core.places import load_places  # noqa: E402

MEDWAY_ED = next((p.lon, p.lat) for p in load_places() if p.name.startswith("Medway Maritime"))


@pytest.mark.parametrize("offset_deg, since_s, left_out", [
    (0.0005, 120, True),      # ~55 m from the ED, available for 2 min: still handing over
    (0.0005, 599, True),
    (0.0005, 601, False),     # available there for 10 min: taken at its word
    (0.0030, 120, False),     # ~330 m away: not at the ED
])
def test_unit_available_at_an_ed_is_in_handover_for_10_min(offset_deg, since_s, left_out):
    u = unit("AMB", lon=MEDWAY_ED[0] + offset_deg, lat=MEDWAY_ED[1], status_since=NOW - since_s,
             status_before="on_scene")
    r = rank([u], places=load_places())
    assert (r.suggestions == []) is left_out
    if left_out:
        assert r.excluded[0].why == "busy"
        assert r.excluded[0].detail == "at hospital handover (Medway Maritime Hospital)"


def test_handover_rule_needs_places_and_a_known_status_change():
    at_ed = dict(lon=MEDWAY_ED[0], lat=MEDWAY_ED[1])
    assert rank([unit("U", status_since=NOW - 60, **at_ed)]).suggestions[0].unit == "U"        # no places given
    assert rank([unit("U", status_since=None, **at_ed)], places=load_places()).suggestions[0].unit == "U"
    assert rank([unit("U", status_since=NOW - 60, status_before="off_duty", **at_ed)],
                places=load_places()).suggestions[0].unit == "U"     # came on duty at the hospital
    r = rank([unit("U", status="on_scene", status_since=NOW - 60, **at_ed)], places=load_places())
    assert r.excluded[0].detail == "busy (on scene)"       # a busy status says so itself


def test_rank_all_gives_each_open_incident_the_same_top_as_ranking_it_alone():
    import numpy as np
    rng = np.random.default_rng(3)
    units = [unit(f"U{i}", lat=51.3 + rng.random() * 0.2, lon=0.3 + rng.random() * 0.6) for i in range(60)]
    units += [unit("OFF", status="off_duty"), unit("COPS", kind="police")]
    incidents = [Incident(f"I{i}", ts=NOW, opened_ts=NOW - 60, lat=51.3 + rng.random() * 0.2,
                          lon=0.3 + rng.random() * 0.6, category="C2") for i in range(25)]
    incidents.append(Incident("DONE", ts=NOW, opened_ts=NOW, lat=51.4, lon=0.5, status="assigned", unit="U1"))
    from dashboard.core.ranking import rank_all
    together = rank_all(incidents, units, NOW, StraightLineModel(), committed={"U1": "DONE"}, staleness_s=STALE_S)
    assert set(together) == {f"I{i}" for i in range(25)}             # open incidents only
    for inc in incidents[:25]:
        alone = rank_units(inc, units, NOW, StraightLineModel(), committed={"U1": "DONE"}, staleness_s=STALE_S)
        assert together[inc.incident].suggestions[0].unit == alone.suggestions[0].unit
        assert together[inc.incident].suggestions[0].eta_s == pytest.approx(alone.suggestions[0].eta_s)
        assert {e.unit for e in together[inc.incident].excluded} == {"OFF", "COPS", "U1"}


def test_a_unit_first_heard_of_at_an_ed_is_suggested_but_one_back_from_a_job_is_in_handover():
    """What the feed says, through the picture: a unit that appears at the ED already available
    (a standby there, or an outside system placing units at hospitals) is suggested at once;
    one that was on scene and turns available there is handing over for 10 min."""
    from dashboard.core.contract import UnitReport
    from dashboard.core.picture import Picture
    p = Picture()
    lon, lat = MEDWAY_ED
    p.apply_unit(UnitReport("STANDBY", ts=NOW - 30, lat=lat, lon=lon, status="available"))
    p.apply_unit(UnitReport("BACK", ts=NOW - 900, lat=lat + 0.01, lon=lon, status="on_scene"))
    p.apply_unit(UnitReport("BACK", ts=NOW - 30, lat=lat, lon=lon, status="available"))
    for name in ("STANDBY", "BACK"):
        p.apply_unit(UnitReport(name, ts=NOW - 5, lat=lat, lon=lon))   # later fixes, no status change
    r = rank_units(INC, p.units_list(), NOW, StraightLineModel(), places=load_places(), staleness_s=STALE_S)
    assert [s.unit for s in r.suggestions] == ["STANDBY"]
    assert [(e.unit, e.detail) for e in r.excluded] == [("BACK", "at hospital handover (Medway Maritime Hospital)")]


def test_rank_all_on_the_road_network_gives_the_full_matrix_top_units():
    """The queue's rankings come from each incident's fastest units only (bounded searches on the
    road network): the same units, ETAs, distances, targets met or missed as the full ETA matrix."""
    import numpy as np

    from dashboard.core.geo import haversine_m
    from dashboard.core.ranking import rank_all
    from dashboard.core.roads import RoadModel
    road = RoadModel.load()
    rng = np.random.default_rng(8)
    units = [unit(f"U{i}", lat=51.3 + rng.random() * 0.15, lon=0.3 + rng.random() * 0.6) for i in range(150)]
    units.append(unit("BUSY", status="on_scene"))
    incidents = [Incident(f"I{i}", ts=NOW, opened_ts=NOW - rng.uniform(0, 900), lat=51.3 + rng.random() * 0.15,
                          lon=0.3 + rng.random() * 0.6, category=("C1", "C2")[i % 2]) for i in range(30)]
    ulon, ulat = np.array([u.lon for u in units[:-1]]), np.array([u.lat for u in units[:-1]])
    full = road.with_speeds({}).eta_matrix_s(ulon, ulat, [i.lon for i in incidents], [i.lat for i in incidents])
    for limit in (1, 5):
        got = rank_all(incidents, units, NOW, road.with_speeds({}), limit=limit, staleness_s=STALE_S)
        for n, inc in enumerate(incidents):
            r, order = got[inc.incident], np.argsort(full[n], kind="stable")[:limit]
            assert [s.unit for s in r.suggestions] == [f"U{i}" for i in order]
            assert [s.eta_s for s in r.suggestions] == pytest.approx(full[n, order].tolist(), abs=0.01)
            dist = haversine_m(ulon[order], ulat[order], inc.lon, inc.lat)
            assert [s.distance_m for s in r.suggestions] == pytest.approx(dist.tolist())
            waited = NOW - inc.opened_ts
            assert [s.within_target for s in r.suggestions] == [bool(waited + t <= r.target_s) for t in full[n, order]]
            assert r.reachable_in_time == bool(waited + full[n, order[0]] <= r.target_s)
            assert [e.unit for e in r.excluded] == ["BUSY"]
        assert {r.reachable_in_time for r in got.values()} == {True, False}   # both kinds among the 30


def test_a_suggestion_says_which_way_it_goes_where_that_matters():
    from dashboard.core.roads import RoadModel
    strood = Incident("I2", ts=NOW, opened_ts=NOW, lat=51.3950, lon=0.4935, category="C1")
    across = unit("across", lat=51.3835, lon=0.5250)   # Chatham by the river: round by the bridge
    top = rank_units(strood, [across], NOW, RoadModel.load(), staleness_s=STALE_S).suggestions[0]
    assert top.route == "via Rochester Bridge" and top.as_json()["route"] == "via Rochester Bridge"
    assert "via Rochester Bridge" in top.reason
    assert rank([unit("near", lat=51.395, lon=0.525)]).suggestions[0].as_json()["route"] == ""


@pytest.mark.parametrize("age", [0.0, 119.9, 120.0, 120.001, 500.0, None])
def test_ranking_leaves_out_as_stale_exactly_the_units_the_map_draws_stale(age):
    """One staleness rule (Unit.is_stale): a unit greyed on the map is never suggested, and one
    drawn fresh is not left out as stale (at the limit itself: still fresh)."""
    u = unit("U", fix_ts=None if age is None else NOW - age)
    r = rank([u], staleness_s=120.0)
    left_out_stale = bool(r.excluded) and r.excluded[0].why == "stale"
    assert left_out_stale == u.is_stale(NOW, 120.0) == (age is not None and age > 120)
