"""Several ways onto the drawn roads for a place well beyond them (core/road_joins.py).

A place 15 km beyond the drawn roads used to join the single nearest one, whichever way it
led: Tenterden, in the Weald, joined near Ashford and drove to Tunbridge Wells by the M20
(bench/kent_wide.py measures it against real routes from all of Kent).
"""
from __future__ import annotations

import numpy as np
import pytest

from dashboard.core.eta import fastest_k
from dashboard.core.geo import haversine_m
from dashboard.core.postcodes import DEFAULT_POSTCODES
from dashboard.core.road_joins import joins_of
from dashboard.core.roads import RoadModel

TENTERDEN = (0.687, 51.069)            # the Weald: 16 km from the nearest drawn road
TUNBRIDGE_WELLS_HOSPITAL = (0.3070, 51.1490)
WILLIAM_HARVEY = (0.9160, 51.1420)     # Ashford
PRUH = (0.0567, 51.3675)               # Orpington: 6.5 km beyond
SOUTHEND = (0.6870, 51.5530)           # Essex: its nearest drawn road is across the estuary


@pytest.fixture(scope="module")
def model() -> RoadModel:
    return RoadModel.load()


def minutes(m: RoadModel, a: tuple[float, float], b: tuple[float, float], *, joins: bool = True) -> float:
    if joins:
        return float(m.eta_s(np.array([a[0]]), np.array([a[1]]), *b)[0]) / 60
    return float(m._matrix(np.array([a[0]]), np.array([a[1]]), np.array([b[0]]), np.array([b[1]]))[0, 0]) / 60


def test_a_place_in_the_weald_leaves_by_the_roads_that_lead_where_it_is_going(model):
    to_pembury = minutes(model, TENTERDEN, TUNBRIDGE_WELLS_HOSPITAL)
    by_the_nearest_road = minutes(model, TENTERDEN, TUNBRIDGE_WELLS_HOSPITAL, joins=False)
    assert by_the_nearest_road > 55                  # by way of Ashford and the M20
    assert to_pembury < by_the_nearest_road - 15     # westwards, through the undrawn grid
    assert to_pembury > haversine_m(*TENTERDEN, *TUNBRIDGE_WELLS_HOSPITAL) / 1000 / 70 * 60   # no faster than 70 km/h as the crow flies
    # towards Ashford the nearest road was already the right one: the same ETA
    assert minutes(model, TENTERDEN, WILLIAM_HARVEY) == pytest.approx(
        minutes(model, TENTERDEN, WILLIAM_HARVEY, joins=False), abs=1 / 60)


def test_the_route_leaves_by_the_join_it_is_timed_by(model):
    line = model.route_line(*TENTERDEN, *TUNBRIDGE_WELLS_HOSPITAL)
    joins = joins_of(model, [TENTERDEN[0]], [TENTERDEN[1]], units=False)
    assert line[0] == TENTERDEN and line[-1] == TUNBRIDGE_WELLS_HOSPITAL
    hit = np.hypot(*(joins.lonlat - np.array(line[1])).T).min()
    assert hit < 1e-9                                 # straight to one of its joins, then the roads
    gap_km = haversine_m(*TENTERDEN, *line[1]) / 1000
    assert gap_km > 20                                # not the nearest road's 16 km: that way is Ashford
    assert model.route_note(*TENTERDEN, *TUNBRIDGE_WELLS_HOSPITAL) == f"{gap_km:.1f} km beyond the mapped roads"


def test_north_kent_is_timed_on_the_drawn_roads_alone(model):
    """Every postcode of the four districts lies on the drawn streets: no grid joins, and the
    ETAs are the network's own (to float32 rounding: rows come from caches in any order)."""
    pc = np.load(DEFAULT_POSTCODES)
    pick = np.random.default_rng(7).choice(len(pc["lon"]), 300, replace=False)
    lon, lat = pc["lon"][pick], pc["lat"][pick]
    assert joins_of(model, lon, lat, units=False).owner.size == 0
    sites = np.array([TUNBRIDGE_WELLS_HOSPITAL, WILLIAM_HARVEY, (0.5420, 51.3799)])
    np.testing.assert_allclose(model.eta_matrix_s(lon, lat, sites[:, 0], sites[:, 1]),
                               model._matrix(lon, lat, sites[:, 0], sites[:, 1]), atol=1e-3)


def test_the_suggestions_find_the_same_fastest_units_with_units_far_beyond_the_roads(model):
    pc = np.load(DEFAULT_POSTCODES)
    rng = np.random.default_rng(11)
    units = rng.choice(len(pc["lon"]), 40, replace=False)
    anywhere = rng.uniform((-0.2, 51.05), (1.4, 51.6), (60, 2))     # the map's box: Essex, the Weald, the sea
    ulon = np.r_[pc["lon"][units], TENTERDEN[0], PRUH[0], SOUTHEND[0], anywhere[:, 0]]
    ulat = np.r_[pc["lat"][units], TENTERDEN[1], PRUH[1], SOUTHEND[1], anywhere[:, 1]]
    assert len(joins_of(model, ulon, ulat, units=True).void) >= 1      # Southend, at least
    assert np.unique(joins_of(model, ulon, ulat, units=True).owner).size >= 10
    inc = rng.choice(len(pc["lon"]), 15, replace=False)
    ilon, ilat = np.r_[pc["lon"][inc], TUNBRIDGE_WELLS_HOSPITAL[0]], np.r_[pc["lat"][inc], TUNBRIDGE_WELLS_HOSPITAL[1]]
    idx, eta = model.nearest_s(ulon, ulat, ilon, ilat, 3)
    want_idx, want_eta = fastest_k(model.eta_matrix_s(ulon, ulat, ilon, ilat), 3)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_allclose(eta, want_eta, atol=1e-3)
    # and the joins did decide something here: Tenterden's unit to Pembury
    by_nearest_road = model._matrix(ulon, ulat, ilon, ilat)
    assert model.eta_matrix_s(ulon, ulat, ilon, ilat)[-1, 40] < by_nearest_road[-1, 40] - 15 * 60
    idx, eta = model.nearest_s(ulon, ulat, ilon[-1:], ilat[-1:], len(ulon))
    assert list(idx[0]).index(40) < list(fastest_k(by_nearest_road[-1:], len(ulon))[0][0]).index(40)


def test_a_unit_whose_way_out_is_undrawn_says_its_eta_is_rougher(model):
    """Southend's nearest drawn road is across the estuary; its joins run ~25 km over undrawn roads
    to Thurrock. That part is a straight-line guess: the ± takes the straight line's error on it
    (ranking.eta_spread_s), where before it had none (the straight line was the whole ETA)."""
    southend, gravesend = SOUTHEND, (0.3700, 51.4410)
    guess = model.undrawn_s(np.array([southend[0], gravesend[0]]), np.array([southend[1], gravesend[1]])) / 60
    assert guess[0] > 20 and guess[1] == 0
    assert guess[0] < minutes(model, southend, gravesend)         # the rest: the Dartford Crossing
