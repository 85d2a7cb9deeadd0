"""The access leg (core/roads/access.py): how a point beyond the drawn roads gets to them.

The shipped network draws streets only in the four districts, and beyond them Kent's A roads.
A unit on the North Downs at Biggin Hill is ~6 km from the nearest of them. Until 2026-12-06 such
a unit (then the Princess Royal at Orpington, 6.5 km off before the A21 there was drawn) was
timed as if it walked to the road at 20 km/h up to 3 km, and beyond 3 km by the straight line
for the whole trip (bench/off_network.py measures both against real routes).
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from dashboard.core.eta import StraightLineModel
from dashboard.core.roads.access import ACCESS_DETOUR, ACCESS_SPEED_MPS, NEAR_ROAD_M, UNDRAWN_MPS
from dashboard.core.roads.graph import CLASS_SPEED_KPH
from dashboard.core.roads.grid import JOIN_FROM_M
from dashboard.core.roads.joins import joins_of
from dashboard.core.roads import RoadModel

FAR = (0.0330, 51.3120)            # Biggin Hill, on the North Downs: ~6 km beyond the drawn roads
DARTFORD = (0.2170, 51.4460)
SHEERNESS = (0.7600, 51.4400)
SOUTHEND = (0.6870, 51.5530)       # Essex: 9 km from Sheppey across the Thames estuary
NORTH_SEA = (0.95, 51.60)


@pytest.fixture(scope="module")
def model() -> RoadModel:
    return RoadModel.load()


def eta_min(m: RoadModel, unit: tuple[float, float], at: tuple[float, float]) -> float:
    return float(m.eta_s(np.array([unit[0]]), np.array([unit[1]]), *at)[0]) / 60


def nearest_join_min(m: RoadModel, unit: tuple[float, float], at: tuple[float, float]) -> float:
    """The ETA by the nearest drawn road alone (the access rule; `roads.joins` may find better)."""
    return float(m._matrix(np.array([unit[0]]), np.array([unit[1]]), np.array([at[0]]), np.array([at[1]]))[0, 0]) / 60


def test_a_unit_beyond_the_drawn_roads_drives_the_gap_at_the_a_road_speed(model):
    snap = model._snap(np.array([FAR[0]]), np.array([FAR[1]]))[0]
    gap = float(snap.gap_m[0])
    assert 5000 < gap < 7000
    leg_s = (NEAR_ROAD_M / ACCESS_SPEED_MPS + (gap - NEAR_ROAD_M) / UNDRAWN_MPS) * ACCESS_DETOUR
    from_road = eta_min(model, tuple(snap.lonlat[0]), DARTFORD)
    assert nearest_join_min(model, FAR, DARTFORD) == pytest.approx(from_road + leg_s / 60, abs=1 / 60)
    assert UNDRAWN_MPS * 3.6 == CLASS_SPEED_KPH["a_road"]
    # before: the straight line for the whole trip, 24 min; by the nearest road 18; by the best
    # of the undrawn grid's joins (road_joins) 17 (the real drive is ~20)
    assert eta_min(model, FAR, DARTFORD) <= nearest_join_min(model, FAR, DARTFORD)
    assert eta_min(model, FAR, DARTFORD) < StraightLineModel().eta_s(*FAR, *DARTFORD) / 60 - 4
    assert re.fullmatch(r"\d+\.\d km beyond the mapped roads", model.route_note(*FAR, *DARTFORD))


def test_moving_away_from_the_roads_adds_time_smoothly(model):
    """From the road out to Biggin Hill: no jump where the old rule gave up at 3 km."""
    start = model._snap(np.array([FAR[0]]), np.array([FAR[1]]))[0].lonlat[0]
    way = start + np.linspace(0.02, 1.0, 60)[:, None] * (np.array(FAR) - start)
    gaps = model._snap(way[:, 0], way[:, 1])[0].gap_m
    to = np.array([DARTFORD[0]]), np.array([DARTFORD[1]])
    by_nearest_road = model._matrix(way[:, 0], way[:, 1], *to)[0]
    assert gaps.max() > 5500 and np.all(np.diff(gaps) > 0)
    assert np.all(np.diff(by_nearest_road) > 0)
    # each ~120 m adds at most its leg time, never the minutes a change of rule would
    leg_s = 120 * ACCESS_DETOUR / ACCESS_SPEED_MPS + 1
    assert np.abs(np.diff(by_nearest_road)).max() < leg_s
    # with the undrawn grid's joins (road_joins) a step out also brings the grid's ways nearer, so
    # the ETA may fall, by up to a minute a step (the way into a grid node over 1.5 km off costs
    # 0.6 s a metre more): until 2026-12-06 it fell 3.6 min in one step where the joins began
    # (500 m out) and 2.2 min where another join became its direction's quickest
    with_joins = model.eta_matrix_s(way[:, 0], way[:, 1], *to)[0]
    assert gaps[0] > JOIN_FROM_M
    assert np.all(with_joins <= by_nearest_road + 1e-3)
    assert np.diff(with_joins).max() < leg_s
    assert np.diff(with_joins).min() > -75
    assert with_joins[-1] < by_nearest_road[-1] - 5 * 60


def test_a_place_across_the_estuary_is_not_joined_to_kent_by_an_undrawn_road(model):
    """Southend's nearest drawn road is on Sheppey, across 9 km of the Thames estuary: no road there.
    By its nearest road alone it takes the straight line (23 min to Sheerness, a lie too); the
    undrawn grid's joins (road_joins) take it round by Thurrock and the Dartford Crossing."""
    sheppey_by_undrawn_road = 9 * 1000 * ACCESS_DETOUR / UNDRAWN_MPS / 60      # what it would have been
    straight = StraightLineModel().eta_s(*SOUTHEND, *SHEERNESS) / 60
    assert nearest_join_min(model, SOUTHEND, SHEERNESS) == pytest.approx(straight)
    t = eta_min(model, SOUTHEND, SHEERNESS)
    assert t > 2 * straight and t > 2 * sheppey_by_undrawn_road      # the real drive: ~65 min
    assert model.route_note(*SOUTHEND, *SHEERNESS).startswith("via Dartford Crossing, ")
    assert "straight-line" in model.route_note(*NORTH_SEA, *SHEERNESS)   # at sea: as before
    assert eta_min(model, NORTH_SEA, SHEERNESS) == pytest.approx(StraightLineModel().eta_s(*NORTH_SEA, *SHEERNESS) / 60)


def test_the_edge_of_the_land_mask_is_not_a_coast(model):
    """The land mask stops at ~51.05 N, and the A259 at Dymchurch runs south of it. A place on
    Romney Marsh whose nearest drawn road is there is timed by that road, not by the straight
    line as if the way crossed water (it did, until 2026-12-06)."""
    marsh, medway_maritime = (0.9800, 51.0700), (0.5420, 51.3799)
    snap = model._snap(np.array([marsh[0]]), np.array([marsh[1]]))[0]
    assert snap.lonlat[0][1] < 51.047 and snap.gap_m[0] > 3000      # beyond the mask, and far
    straight = StraightLineModel().eta_s(*marsh, *medway_maritime) / 60
    assert nearest_join_min(model, marsh, medway_maritime) < straight - 20
    assert "straight-line" not in model.route_note(*marsh, *medway_maritime)
    # and a point at sea inside the mask's box still is not on the roads' land
    assert "straight-line" in model.route_note(*NORTH_SEA, *medway_maritime)


def test_two_places_beyond_the_roads_go_straight_to_each_other(model):
    """A unit at Biggin Hill and an incident 1 km away, both far from the drawn roads:
    not 13 km to the road and back."""
    near = (FAR[0] + 0.014, FAR[1])
    t = eta_min(model, FAR, near)
    assert t < 2 and t == pytest.approx(1.0 * ACCESS_DETOUR / UNDRAWN_MPS * 1000 / 60, rel=0.05)


def test_a_unit_beyond_the_drawn_roads_says_its_eta_is_rougher(model):
    """Its gap is a straight-line guess, off by up to 30% for 9 in 10 drives, not the 8% of a
    road ETA: the panel's ± widens with it (the unit on the drawn roads keeps 8%)."""
    from dashboard.core.picture import Incident, Unit
    from dashboard.core.ranking import rank_all, rank_units
    from dashboard.settings import Settings

    now, stale_s = 10_000.0, Settings.model_fields["staleness_s"].default
    swanley = Incident("I1", ts=now, opened_ts=now, lat=51.3980, lon=0.1730, category="C2")
    units = [Unit(unit=name, ts=now - 2, fix_ts=now - 2, lat=lat, lon=lon)
             for name, lat, lon in (("BIGGIN-HILL", *FAR[::-1]), ("GRAVESEND", 51.4410, 0.3700))]
    eta_s = model.eta_s(np.array([FAR[0]]), np.array([FAR[1]]), swanley.lon, swanley.lat)
    guess_s = model.undrawn_s(*(np.array([c]) for c in (*FAR, swanley.lon, swanley.lat)), eta_s)[0]
    # the drive leaves Biggin Hill by a grid join northwards (road_joins): all of that way is a guess
    joins = joins_of(model, [FAR[0]], [FAR[1]], units=False)
    leaves_by = model.route_line(*FAR, swanley.lon, swanley.lat)[1]
    taken = np.flatnonzero(np.hypot(*(joins.lonlat - np.array(leaves_by)).T) < 1e-9)
    assert taken.size == 1 and guess_s == pytest.approx(joins.extra_s[taken[0]])
    gap_m = float(model._snap(np.array([FAR[0]]), np.array([FAR[1]]))[0].gap_m[0])
    assert guess_s > (gap_m - NEAR_ROAD_M) * ACCESS_DETOUR / UNDRAWN_MPS      # its own way out, unused: less
    for ranking in (rank_units(swanley, units, now, model, staleness_s=stale_s),
                    rank_all([swanley], units, now, model, limit=2, staleness_s=stale_s)["I1"]):
        by_unit = {s.unit: s for s in ranking.suggestions}
        far, near = by_unit["BIGGIN-HILL"], by_unit["GRAVESEND"]
        assert far.eta_spread_s == pytest.approx(0.08 * (far.eta_s - guess_s) + 0.30 * guess_s + 1, abs=1)
        assert near.eta_spread_s == pytest.approx(0.08 * near.eta_s + 1, abs=1)
        assert far.eta_spread_s > 1.5 * near.eta_spread_s
