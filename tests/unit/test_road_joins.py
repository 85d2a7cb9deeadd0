"""Several ways onto the drawn roads for a place well beyond them (core/roads/joins.py).

A place kilometres beyond the drawn roads used to join the single nearest one, whichever way it
led: Tenterden, in the Weald, joined near Ashford and drove to Tunbridge Wells by the M20
(bench/kent_wide.py measures it against real routes from all of Kent). Tenterden is on the
drawn A28 since 2026-12-06; Biggin Hill, on the North Downs, is ~6 km from the nearest drawn
road, the A25 at Westerham, which leads south, away from Dartford.
"""
from __future__ import annotations

import numpy as np
import pytest

from dashboard.core.eta import StraightLineModel, fastest_k
from dashboard.core.geo import haversine_m
from dashboard.core.postcodes import DEFAULT_POSTCODES
from dashboard.core.roads.joins import best_ends, joins_of
from dashboard.core.roads import RoadModel

BIGGIN_HILL = (0.0330, 51.3120)        # the North Downs: ~6 km from the nearest drawn road
DARENT_VALLEY = (0.2587, 51.4350)      # Darent Valley Hospital, Dartford
TUNBRIDGE_WELLS_HOSPITAL = (0.3070, 51.1490)
WILLIAM_HARVEY = (0.9160, 51.1420)     # Ashford
TENTERDEN = (0.687, 51.069)            # the Weald, on the A28
SOUTHEND = (0.6870, 51.5530)           # Essex: its nearest drawn road is across the estuary


@pytest.fixture(scope="module")
def model() -> RoadModel:
    return RoadModel.load()


def minutes(m: RoadModel, a: tuple[float, float], b: tuple[float, float], *, joins: bool = True) -> float:
    if joins:
        return float(m.eta_s(np.array([a[0]]), np.array([a[1]]), *b)[0]) / 60
    return float(m._matrix(np.array([a[0]]), np.array([a[1]]), np.array([b[0]]), np.array([b[1]]))[0, 0]) / 60


def test_a_place_on_the_downs_leaves_by_the_roads_that_lead_where_it_is_going(model):
    to_dartford = minutes(model, BIGGIN_HILL, DARENT_VALLEY)
    by_the_nearest_road = minutes(model, BIGGIN_HILL, DARENT_VALLEY, joins=False)
    assert by_the_nearest_road > 30                  # south to Westerham, then round by the M25
    assert to_dartford < by_the_nearest_road - 10    # north, through the undrawn grid to the A21
    crow_km = haversine_m(*BIGGIN_HILL, *DARENT_VALLEY) / 1000
    assert to_dartford > crow_km / 70 * 60          # no faster than 70 km/h as the crow flies
    # towards Tunbridge Wells the nearest road leads the right way: the joins may find a quicker
    # way (east over the Downs), never a slower one, and none faster than 70 km/h
    to_tw = minutes(model, BIGGIN_HILL, TUNBRIDGE_WELLS_HOSPITAL)
    assert to_tw <= minutes(model, BIGGIN_HILL, TUNBRIDGE_WELLS_HOSPITAL, joins=False) + 1e-6
    assert to_tw > haversine_m(*BIGGIN_HILL, *TUNBRIDGE_WELLS_HOSPITAL) / 1000 / 70 * 60


def test_the_route_leaves_by_the_join_it_is_timed_by(model):
    line = model.route_line(*BIGGIN_HILL, *DARENT_VALLEY)
    joins = joins_of(model, [BIGGIN_HILL[0]], [BIGGIN_HILL[1]], units=False)
    assert line[0] == BIGGIN_HILL and line[-1] == DARENT_VALLEY
    hit = np.hypot(*(joins.lonlat - np.array(line[1])).T).min()
    assert hit < 1e-9                                 # straight to one of its joins, then the roads
    gap_km = haversine_m(*BIGGIN_HILL, *line[1]) / 1000
    nearest_km = float(model._snap(np.array([BIGGIN_HILL[0]]), np.array([BIGGIN_HILL[1]]))[0].gap_m[0]) / 1000
    assert line[1][1] > BIGGIN_HILL[1] + 0.03 and gap_km > nearest_km   # northwards, not Westerham's way
    assert model.route_note(*BIGGIN_HILL, *DARENT_VALLEY) == f"{gap_km:.1f} km beyond the mapped roads"


def test_north_kent_is_timed_on_the_drawn_roads_alone(model):
    """The four districts' postcodes lie on the drawn streets: no grid joins (9 of 14,938 are
    over 100 m from one), and the ETAs are the network's own (to float32 rounding: rows come
    from caches in any order)."""
    pc = np.load(DEFAULT_POSTCODES)
    assert np.unique(joins_of(model, pc["lon"], pc["lat"], units=False).owner).size <= 9
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
    ulon = np.r_[pc["lon"][units], BIGGIN_HILL[0], TENTERDEN[0], SOUTHEND[0], anywhere[:, 0]]
    ulat = np.r_[pc["lat"][units], BIGGIN_HILL[1], TENTERDEN[1], SOUTHEND[1], anywhere[:, 1]]
    assert len(joins_of(model, ulon, ulat, units=True).void) >= 1      # Southend, at least
    assert np.unique(joins_of(model, ulon, ulat, units=True).owner).size >= 10
    inc = rng.choice(len(pc["lon"]), 15, replace=False)
    ilon, ilat = np.r_[pc["lon"][inc], DARENT_VALLEY[0]], np.r_[pc["lat"][inc], DARENT_VALLEY[1]]
    idx, eta = model.nearest_s(ulon, ulat, ilon, ilat, 3)
    want_idx, want_eta = fastest_k(model.eta_matrix_s(ulon, ulat, ilon, ilat), 3)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_allclose(eta, want_eta, atol=1e-3)
    # and the joins did decide something here: Biggin Hill's unit to Darent Valley
    by_nearest_road = model._matrix(ulon, ulat, ilon, ilat)
    assert model.eta_matrix_s(ulon, ulat, ilon, ilat)[-1, 40] < by_nearest_road[-1, 40] - 10 * 60
    idx, eta = model.nearest_s(ulon, ulat, ilon[-1:], ilat[-1:], len(ulon))
    assert list(idx[0]).index(40) < list(fastest_k(by_nearest_road[-1:], len(ulon))[0][0]).index(40)


def test_a_unit_whose_way_out_is_undrawn_says_its_eta_is_rougher(model):
    """Southend's nearest drawn road is across the estuary; its joins run ~25 km over undrawn roads
    to Thurrock. That part is a straight-line guess: the ± takes the straight line's error on it
    (ranking.eta_spread_s), where before it had none (the straight line was the whole ETA)."""
    southend, gravesend = SOUTHEND, (0.3700, 51.4410)
    ends = (np.array([southend[0], gravesend[0]]), np.array([southend[1], gravesend[1]]),
            np.array([gravesend[0], DARENT_VALLEY[0]]), np.array([gravesend[1], DARENT_VALLEY[1]]))
    guess = model.undrawn_s(*ends, np.diag(model.eta_matrix_s(*ends))) / 60
    assert guess[0] > 20 and guess[1] == 0
    assert guess[0] < minutes(model, southend, gravesend)         # the rest: the Dartford Crossing


def test_only_the_drives_that_leave_by_undrawn_roads_are_rougher(model):
    """A unit 430 m off the A25 near Westerham: east to Sevenoaks it drives the A25 (a road ETA,
    ± 8%); north to Bean it leaves by a grid join over ~5 km of undrawn roads, and that drive's ±
    takes the straight line's error on them. Until 2026-12-06 the ± was the unit's, the least over
    its ways out: a road ETA's for both."""
    from dashboard.core.picture import Incident, Unit
    from dashboard.core.ranking import rank_units
    from dashboard.settings import Settings

    lane, sevenoaks, bean = (0.0745, 51.2700), (0.1900, 51.2720), (0.2900, 51.4190)
    ends = (np.array([lane[0], lane[0]]), np.array([lane[1], lane[1]]),
            np.array([sevenoaks[0], bean[0]]), np.array([sevenoaks[1], bean[1]]))
    guess = model.undrawn_s(*ends, np.diag(model.eta_matrix_s(*ends)))
    assert guess[0] == 0 and guess[1] > 5 * 60
    now = 10_000.0
    unit = Unit(unit="JRU-WH-1", ts=now - 2, fix_ts=now - 2, lat=lane[1], lon=lane[0])
    for (lon, lat), g in zip((sevenoaks, bean), guess):
        s = rank_units(Incident("I1", ts=now, opened_ts=now, lat=lat, lon=lon), [unit], now, model,
                       staleness_s=Settings.model_fields["staleness_s"].default).suggestions[0]
        assert s.eta_spread_s == pytest.approx(0.08 * (s.eta_s - g) + 0.30 * g + 1, abs=1)
        assert (s.eta_spread_s > 0.12 * s.eta_s) == (g > 0)


def test_the_undrawn_part_is_that_of_the_way_the_route_line_takes(model):
    """The ranking's per-drive undrawn seconds (all drives at once) against the route's own choice
    of ends (`best_ends`, one drive at a time), for drives with ends near, beyond and far beyond
    the roads, across the water, and in North Kent."""
    rng = np.random.default_rng(5)
    pc = np.load(DEFAULT_POSTCODES)
    near = rng.choice(len(pc["lon"]), 20, replace=False)
    anywhere = rng.uniform((-0.2, 51.05), (1.4, 51.6), (60, 2))
    pts = np.r_[np.column_stack([pc["lon"][near], pc["lat"][near]]), anywhere,
                [BIGGIN_HILL, TENTERDEN, SOUTHEND, (0.0745, 51.2700), (0.145, 51.282), (0.035, 51.310)]]
    u, i = rng.integers(0, len(pts), 120), rng.integers(0, len(pts), 120)
    # and one drive as quick by the unit's own road as by a join: its ± is the own road's (it took the join's)
    u, i = np.r_[u, len(pts) - 2], np.r_[i, len(pts) - 1]
    ends = pts[u, 0], pts[u, 1], pts[i, 0], pts[i, 1]
    eta = np.diag(model.eta_matrix_s(*ends))
    got = model.undrawn_s(*ends, eta)
    want = np.array([best_ends(model, *(float(c[k]) for c in ends))[3] for k in range(len(u))])
    assert np.isfinite(want).sum() > 60 and (want > 0).sum() > 30      # the mix: roads, joins, water
    np.testing.assert_allclose(np.minimum(got, eta), np.minimum(want, eta), atol=1.0)


def test_a_place_beyond_the_roads_moved_20_m_keeps_its_eta_within_seconds(model):
    """200 random places in the Weald and on the Downs more than 120 m from the drawn roads, each moved
    20 m: while its nearest road stays the same, no ETA to six destinations moves by half a
    minute (a grid node coming into reach costs more the farther it is: roads.grid._FAR_NODE_S).
    A change of nearest road can still move it by minutes; the joins do not smooth that."""
    rng = np.random.default_rng(3)
    p = rng.uniform((0.0, 51.1), (1.2, 51.35), (400, 2))
    sn = model._snap(p[:, 0], p[:, 1])[0]
    p = p[(sn.gap_m > 120) & ~sn.way.off][:200]
    turn = rng.uniform(0, 2 * np.pi, len(p))
    q = p + np.c_[np.cos(turn) / np.cos(np.radians(51.3)), np.sin(turn)] * 20 / 111_000
    to = np.array([DARENT_VALLEY, TUNBRIDGE_WELLS_HOSPITAL, WILLIAM_HARVEY, (0.5525, 51.378), (1.087, 51.266),
                   (0.74, 51.34)])
    before = model.eta_matrix_s(p[:, 0], p[:, 1], to[:, 0], to[:, 1])
    after = model.eta_matrix_s(q[:, 0], q[:, 1], to[:, 0], to[:, 1])
    same = model._snap(p[:, 0], p[:, 1])[0].edge == model._snap(q[:, 0], q[:, 1])[0].edge
    assert len(p) == 200 and same.sum() > 180
    assert np.abs(after - before)[:, same].max() < 30


SOUTHEND_SEAFRONT = (0.7110, 51.5370)  # 2.4 km from Southend Hospital, its nearest drawn road also across the water
BASILDON_HOSPITAL = (0.4490, 51.5580)


def test_two_places_north_of_the_estuary_are_timed_over_land_not_round_by_thurrock(model):
    """Southend's nearest drawn road is across the estuary, so its straight line gave way to its
    grid joins for every drive, even to the next street: a unit and an incident at the same spot
    took 64 minutes, out to Thurrock and back, and an incident 1 km from a unit at Basildon
    Hospital went to a unit in Dartford. Over land the straight line stands; across the water
    it still gives way (test_road_access: Southend to Sheerness goes by the Dartford Crossing)."""
    assert minutes(model, SOUTHEND, SOUTHEND) == pytest.approx(0.0, abs=0.1)
    straight = StraightLineModel().eta_s(np.array([SOUTHEND[0]]), np.array([SOUTHEND[1]]), *SOUTHEND_SEAFRONT)[0] / 60
    assert minutes(model, SOUTHEND, SOUTHEND_SEAFRONT) == pytest.approx(straight, rel=0.01)
    assert model.route_line(*SOUTHEND, *SOUTHEND_SEAFRONT) == [SOUTHEND, SOUTHEND_SEAFRONT]   # the way it is timed
    incident = (BASILDON_HOSPITAL[0] + 0.0144, BASILDON_HOSPITAL[1])          # ~1 km east
    ulon, ulat = np.array([BASILDON_HOSPITAL[0], DARENT_VALLEY[0]]), np.array([BASILDON_HOSPITAL[1], DARENT_VALLEY[1]])
    idx, eta = model.nearest_s(ulon, ulat, np.array([incident[0]]), np.array([incident[1]]), 1)
    assert idx[0, 0] == 0 and eta[0, 0] / 60 < 3
    assert (model.eta_s(ulon, ulat, *incident)[0] - eta[0, 0]) == pytest.approx(0.0, abs=1.0)
    sheerness = (0.7600, 51.4410)
    assert minutes(model, SOUTHEND, sheerness) > 3 * StraightLineModel().eta_s(
        np.array([SOUTHEND[0]]), np.array([SOUTHEND[1]]), *sheerness)[0] / 60      # still not over the water


def test_a_network_with_no_grid_still_says_how_rough_a_far_drive_is():
    """With no land mask the grid has no ties; asking how much of a far unit's drive was undrawn
    raised AttributeError (the ties' tables were never made), which would fail a ranking."""
    from dashboard.core.roads.access import AccessRule
    from dashboard.core.roads.graph import build_graph
    from tests.unit.test_road_chains import _TO_LL, X0, Y0, _network
    m = RoadModel(build_graph(_network()), access=AccessRule(None))
    unit, incident = _TO_LL.transform(X0 + 1000, Y0 + 4000), _TO_LL.transform(X0 + 1000, Y0 + 1000)
    eta = m.eta_s(np.array([unit[0]]), np.array([unit[1]]), *incident)
    undrawn = m.undrawn_s(np.array([unit[0]]), np.array([unit[1]]), np.array([incident[0]]), np.array([incident[1]]), eta)
    assert 0 < undrawn[0] < eta[0]           # its ~2.5 km beyond the first 500 m, as undrawn road


def test_a_bogus_fix_far_abroad_is_ranked_last_not_a_failure(model):
    """A GPS fix at (90 E, 0 N) projects to infinity in the British grid: the grid's k-d query
    raised ValueError and the whole ranking with it."""
    ulon, ulat = np.array([90.0, DARENT_VALLEY[0]]), np.array([0.0, DARENT_VALLEY[1]])
    eta = model.eta_s(ulon, ulat, *BIGGIN_HILL)
    assert np.isfinite(eta).all() and eta[1] < eta[0]
    idx, _ = model.nearest_s(ulon, ulat, np.array([BIGGIN_HILL[0]]), np.array([BIGGIN_HILL[1]]), 2)
    assert idx[0].tolist() == [1, 0]
    assert np.isfinite(model.undrawn_s(ulon, ulat, np.full(2, BIGGIN_HILL[0]), np.full(2, BIGGIN_HILL[1]), eta)[1])
