"""A unit's status and crew are each the latest that stated them, whatever order the reports were read in,
and an Accept's en route ends with its incident (dashboard/core/unit_status.py)."""
import itertools

from dashboard.core.contract import IncidentEvent, UnitReport
from dashboard.core.eta import StraightLineModel
from dashboard.core.picture import Assignment, Picture
from dashboard.core.ranking import rank_units

INCIDENT = IncidentEvent("INC-1", ts=900, lat=51.39, lon=0.54, category="C1")


def _read(entries) -> Picture:
    p = Picture()
    for e in entries:
        {UnitReport: p.apply_unit, IncidentEvent: p.apply_incident, Assignment: p.apply_assignment}[type(e)](e)
    return p


def _verdict(p: Picture, incident: str = "INC-1", now: float = 1000.0) -> tuple[list[str], list[str]]:
    """(units suggested, why the others are left out) for the incident."""
    r = rank_units(p.incidents[incident], p.units_list(), now, StraightLineModel(), staleness_s=120,
                   committed=p.committed_units())
    return [s.unit for s in r.suggestions], [e.detail for e in r.excluded]


def test_a_police_car_s_kind_read_after_its_next_fix_still_keeps_it_off_joint_jobs():
    """A fix-only report (960) reached Redis before the one that said `police` (950): the car came back `joint`
    with an unknown crew and was suggested for a C1."""
    said = UnitReport("POL-7", ts=950, lat=51.38, lon=0.52, kind="police", officers=2, paramedics=0)
    fix = UnitReport("POL-7", ts=960, lat=51.381, lon=0.521)
    for order in itertools.permutations([said, fix]):
        p = _read([INCIDENT, *order])
        u = p.units["POL-7"]
        assert (u.kind, u.officers, u.paramedics, u.fix_ts) == ("police", 2, 0, 960)
        assert _verdict(p) == ([], ["not a joint unit (police only)"])


def test_a_crew_count_stated_before_a_later_one_does_not_undo_it():
    newer = UnitReport("JRU-1", ts=960, lat=51.38, lon=0.52, paramedics=1)
    older = UnitReport("JRU-1", ts=950, lat=51.38, lon=0.52, paramedics=0, officers=2)
    for order in itertools.permutations([older, newer]):
        u = _read(order).units["JRU-1"]
        assert (u.paramedics, u.officers) == (1, 2)


def test_a_unit_that_reports_no_status_is_free_again_once_the_incident_it_was_accepted_for_closes():
    """An AVL that sends fixes only: the Accept set the unit en route, and nothing ever said otherwise, so it
    stayed "busy (en route)", never suggested again, after its incident closed."""
    fixes = [UnitReport("JRU-1", ts=t, lat=51.38, lon=0.52) for t in (100, 400, 990)]
    entries = [fixes[0], INCIDENT, Assignment("INC-1", "JRU-1", 910.0, "sgt"), fixes[1],
               IncidentEvent("INC-1", ts=950, status="closed"), fixes[2],
               IncidentEvent("INC-2", ts=960, lat=51.4, lon=0.5)]
    p = _read(entries)
    u = p.units["JRU-1"]
    assert (u.status, u.status_before) == ("available", "en_route") and u.history[-1][2] == "INC-1 closed"
    assert _verdict(p, "INC-2") == (["JRU-1"], [])


def test_the_close_frees_the_unit_whether_read_before_or_after_the_accept():
    entries = [Assignment("INC-1", "JRU-1", 910.0, "sgt"), IncidentEvent("INC-1", ts=950, status="closed")]
    for order in itertools.permutations(entries):
        p = _read([UnitReport("JRU-1", ts=100, lat=51.38, lon=0.52), INCIDENT, *order])
        assert p.units["JRU-1"].status == "available"


def test_a_unit_sent_to_an_incident_the_cad_had_just_closed_is_free_again_whatever_the_reading_order():
    """The CAD's clock 20 s behind ours: the incident's close is stamped 940, the duty officer's Accept 950. The
    close came before the Accept by its stamp, so it did not end the Accept's en route: a unit that sends fixes
    only stayed "busy (en route)" to a closed incident for good. A reopening after the Accept keeps it free."""
    fix = UnitReport("JRU-1", ts=975, lat=51.38, lon=0.52)
    closed, sent = IncidentEvent("INC-1", ts=940, status="closed"), Assignment("INC-1", "JRU-1", 950.0, "sgt")
    reopened = IncidentEvent("INC-1", ts=970, status="open")
    for entries in ([closed, sent], [closed, sent, reopened]):
        for order in itertools.permutations(entries):
            p = _read([fix, INCIDENT, *order, IncidentEvent("INC-2", ts=980, lat=51.4, lon=0.5)])
            assert (p.units["JRU-1"].status, p.units["JRU-1"].status_since) == ("available", 950), order
            assert _verdict(p, "INC-2") == (["JRU-1"], [])


def test_a_unit_that_states_its_own_status_keeps_it_when_the_incident_closes():
    """On scene by its own report: the close leaves its status to the unit (its next report says it)."""
    p = _read([UnitReport("JRU-1", ts=100, lat=51.38, lon=0.52), INCIDENT, Assignment("INC-1", "JRU-1", 910.0, "sgt"),
               UnitReport("JRU-1", ts=930, status="on_scene"), IncidentEvent("INC-1", ts=950, status="closed")])
    assert p.units["JRU-1"].status == "on_scene"


def test_a_unit_unheard_for_a_day_comes_back_with_its_crew_as_a_restart_would_have_it():
    """The long-running process forgot the unit with its crew; a restarted one starts it from the crews kept
    beside the streams (core/crews.py): the police car was suggested for a joint job by one and not the other."""
    p = _read([UnitReport("POL-7", ts=1000, lat=51.38, lon=0.52, kind="police", officers=2, paramedics=0)])
    assert p.prune_unheard(now=1000 + 86_401, keep_s=86_400) == 1
    p.apply_unit(UnitReport("POL-7", ts=90_000, lat=51.38, lon=0.52))
    p.apply_incident(IncidentEvent("INC-1", ts=90_001, lat=51.39, lon=0.54))
    assert p.units["POL-7"].kind == "police"
    assert _verdict(p, now=90_010) == ([], ["not a joint unit (police only)"])


def test_random_feeds_read_in_every_order_give_each_unit_the_same_status():
    """Accepts, the incident's closes and reopenings, and the units' own reports, at distinct times, read in
    every order: each unit's status is the same (a close read before the Accept it followed, or after a
    reopening, left a unit en route for good; the stand-down dated by the close hid a report the unit made
    before it)."""
    import random
    rng = random.Random(20261207)
    fix = [UnitReport(u, ts=-10, lat=51.38, lon=0.52) for u in ("JRU-1", "JRU-2")]

    def held(entries) -> tuple:
        p = _read([*fix, IncidentEvent("INC-1", ts=0, lat=51.39, lon=0.54, category="C1"), *entries])
        return tuple((u.unit, u.status, u.status_ts) for u in sorted(p.units.values(), key=lambda u: u.unit))
    for _ in range(300):
        entries = []
        for ts in rng.sample(range(1, 40, 3), rng.choice([3, 4, 5])):
            kind, unit = rng.random(), rng.choice(["JRU-1", "JRU-2"])
            if kind < 0.35:
                entries.append(Assignment("INC-1", unit, float(ts), "sgt"))
            elif kind < 0.65:
                entries.append(IncidentEvent("INC-1", ts=ts, status=rng.choice(["closed", "closed", "open"])))
            else:
                entries.append(UnitReport(unit, ts=ts, lat=51.38, lon=0.52,
                                          status=rng.choice([None, "available", "on_scene", "en_route"])))
        results = {held(order) for order in itertools.permutations(entries)}
        assert len(results) == 1, (entries, results)
