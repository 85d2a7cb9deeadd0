"""An incident's status is the CAD's latest statement of one, by ts, apart from its other fields; an Accept
made since it was stated open makes it assigned (dashboard/core/incident_status.py)."""
import itertools

from dashboard.core.contract import IncidentEvent, UnitReport
from dashboard.core.picture import Assignment, Picture


def _held(entries):
    p = Picture()
    p.apply_unit(UnitReport("JRU-MW-1", ts=50, lat=51.38, lon=0.52, status="available"))
    for e in entries:
        (p.apply_assignment if isinstance(e, Assignment) else p.apply_incident)(e)
    return p


OPENED = IncidentEvent("INC-1", ts=100, lat=51.39, lon=0.54, type="assault")


def test_an_accept_a_little_older_than_a_summary_update_still_assigns_the_incident():
    """A dashboard clock 20 s behind the CAD's: the duty officer's Accept is stamped 140, after the CAD's
    summary update of 150 was read. The incident stayed open, its unit listed but not committed, so the
    unit was suggested for the next incident while driving to this one."""
    p = _held([OPENED, IncidentEvent("INC-1", ts=150, summary="two males fighting"),
               Assignment("INC-1", "JRU-MW-1", ts=140)])
    inc = p.incidents["INC-1"]
    assert (inc.status, inc.unit, inc.assigned_ts, inc.summary) == ("assigned", "JRU-MW-1", 140, "two males fighting")
    assert p.committed_units() == {"JRU-MW-1": "INC-1"}


def test_a_summary_update_a_little_older_than_an_accept_is_not_lost():
    """The Accept says nothing of the summary: a CAD update stamped before it, read after it, still shows."""
    p = _held([OPENED, Assignment("INC-1", "JRU-MW-1", ts=200), IncidentEvent("INC-1", ts=150, grade="immediate")])
    inc = p.incidents["INC-1"]
    assert (inc.status, inc.grade, inc.unit) == ("assigned", "immediate", "JRU-MW-1")


def test_a_late_on_scene_applies_when_newer_than_the_status_held():
    """Only the summary came between: the on-scene report is still the latest word on the status."""
    p = _held([OPENED, IncidentEvent("INC-1", ts=120, status="assigned", unit="JRU-MW-1"),
               IncidentEvent("INC-1", ts=190, summary="update"),
               IncidentEvent("INC-1", ts=180, status="on_scene")])
    inc = p.incidents["INC-1"]
    assert (inc.status, inc.on_scene_ts, inc.summary) == ("on_scene", 180, "update")


def test_a_status_stated_after_the_accept_wins_whichever_was_read_first():
    """Closed by the CAD at 300: an Accept of 250 read after it neither reopens nor assigns it."""
    closed = IncidentEvent("INC-1", ts=300, status="closed")
    for order in ([closed, Assignment("INC-1", "JRU-MW-1", ts=250)], [Assignment("INC-1", "JRU-MW-1", ts=250), closed]):
        inc = _held([OPENED, *order]).incidents["INC-1"]
        assert (inc.status, inc.closed_ts) == ("closed", 300)


def test_the_status_is_the_same_whatever_order_the_entries_are_read_in():
    """A live process and a restarted one (or one whose reader lagged) hold the same incident."""
    entries = [IncidentEvent("INC-1", ts=150, summary="s"), Assignment("INC-1", "JRU-MW-1", ts=140),
               IncidentEvent("INC-1", ts=130, category="C2")]
    assert _every_order(entries) == {("assigned", ("JRU-MW-1",), 140, None, None)}


def test_an_older_status_than_the_one_held_moves_nothing_back():
    p = _held([OPENED, IncidentEvent("INC-1", ts=200, status="on_scene", unit="JRU-MW-1"),
               IncidentEvent("INC-1", ts=150, status="assigned")])
    assert p.incidents["INC-1"].status == "on_scene"


def _every_order(entries, first=OPENED) -> set:
    """What the incident is after reading `entries` in every order: (status, units, assigned, on scene, closed)."""
    from dashboard.core.attending import unit_names
    held = set()
    for order in itertools.permutations(entries):
        inc = _held([first, *order]).incidents["INC-1"]
        held.add((inc.status, tuple(unit_names(inc)), inc.assigned_ts, inc.on_scene_ts, inc.closed_ts))
    return held


def _accept(unit: str, ts: float) -> Assignment:
    return Assignment("INC-1", unit, ts)


def _two_units(p: Picture) -> Picture:
    p.apply_unit(UnitReport("JRU-SW-1", ts=50, lat=51.34, lon=0.73, status="available"))
    return p


def test_a_cad_on_scene_stamped_just_before_a_backup_s_accept_still_puts_the_incident_on_scene():
    """The CAD's clock a little behind: the first crew's arrival (150) read after a backup's Accept (160). The
    incident stayed assigned, and the statistics lost the arrival."""
    entries = [IncidentEvent("INC-1", ts=120, status="assigned", unit="JRU-MW-1"), _accept("JRU-SW-1", 160),
               IncidentEvent("INC-1", ts=150, status="on_scene")]
    assert _every_order(entries) == {("on_scene", ("JRU-MW-1", "JRU-SW-1"), 120, 150, None)}


def test_a_cad_close_stamped_just_before_an_accept_closes_the_incident():
    """Closed by the CAD at 190, a backup accepted at 200 on a screen that had not heard: the incident stayed on
    scene for ever, its units committed and never suggested again."""
    entries = [IncidentEvent("INC-1", ts=150, status="on_scene", unit="JRU-MW-1"), _accept("JRU-SW-1", 200),
               IncidentEvent("INC-1", ts=190, status="closed")]
    held = _every_order(entries)
    assert {h[0] for h in held} == {"closed"} and {h[4] for h in held} == {190}


def test_the_earliest_assignment_and_arrival_count_whatever_order_they_are_read_in():
    entries = [IncidentEvent("INC-1", ts=130, status="assigned", unit="JRU-MW-1"), _accept("JRU-SW-1", 120),
               IncidentEvent("INC-1", ts=170, status="on_scene"), IncidentEvent("INC-1", ts=180, status="on_scene")]
    assert {h[2:4] for h in _every_order(entries)} == {(120, 170)}


def test_a_first_event_without_a_status_does_not_make_an_older_assignment_late():
    """The incident's summary reached Redis before the event that assigned it: the assignment still counts."""
    first = IncidentEvent("INC-1", ts=200, lat=51.39, lon=0.54, summary="update")
    assert _every_order([IncidentEvent("INC-1", ts=150, status="assigned", unit="JRU-MW-1")], first=first) == {
        ("assigned", ("JRU-MW-1",), 150, None, None)}
    p = _held([first, IncidentEvent("INC-1", ts=150, status="assigned", unit="JRU-MW-1")])
    assert (p.incidents["INC-1"].status, p.incidents["INC-1"].summary) == ("assigned", "update")


def test_a_reopening_after_an_accept_leaves_the_incident_open_and_one_before_it_assigned():
    """Reopened: `open` after the CAD said the incident was attended (or closed, or named a unit)."""
    attended = IncidentEvent("INC-1", ts=120, status="assigned", unit="JRU-SW-1")
    reopened_after = [attended, _accept("JRU-MW-1", 140), IncidentEvent("INC-1", ts=150, status="open")]
    assert _every_order(reopened_after) == {("open", (), 120, None, None)}
    reopened_before = [attended, IncidentEvent("INC-1", ts=130, status="open"), _accept("JRU-MW-1", 140),
                       IncidentEvent("INC-1", ts=150, summary="update")]
    assert _every_order(reopened_before) == {("assigned", ("JRU-MW-1",), 120, None, None)}


def test_an_accept_stamped_just_before_the_cad_s_opening_event_is_not_undone_by_it():
    """The CAD's clock 20 s ahead of the dashboard's: the incident's first event says `open` at 150, the duty
    officer's Accept is stamped 140. The `open` counted as a reopening: the unit dropped off the incident, the
    incident stayed in the open queue, and the unit, en route by the Accept, could not be accepted again. A CAD
    restating `open` on a later update, having said nothing else, reopens nothing either."""
    first = IncidentEvent("INC-1", ts=150, lat=51.39, lon=0.54, status="open", type="assault")
    restated = IncidentEvent("INC-1", ts=200, status="open", summary="update")
    assert _every_order([_accept("JRU-MW-1", 140), restated], first=first) == {
        ("assigned", ("JRU-MW-1",), 140, None, None)}
    assert _held([first, _accept("JRU-MW-1", 140)]).committed_units() == {"JRU-MW-1": "INC-1"}


def test_the_category_of_an_incident_s_first_event_read_after_its_update_still_counts():
    """Both reached Redis within a moment, the update first: the cardiac arrest kept no category, grade or
    type, so no target and no urgency on any screen."""
    first = IncidentEvent("INC-1", ts=100, lat=51.39, lon=0.54, type="medical", category="C1", grade="immediate",
                          summary="cardiac arrest")
    update = IncidentEvent("INC-1", ts=105, lat=51.39, lon=0.54, summary="not breathing")
    for order in itertools.permutations([first, update]):
        inc = _held(order).incidents["INC-1"]
        assert (inc.type, inc.category, inc.grade, inc.summary) == ("medical", "C1", "immediate", "not breathing")


def test_a_category_is_the_latest_stated_whatever_order_the_events_are_read_in():
    """Opened as a C1, downgraded to C3 at 150, then a summary update at 200. The downgrade read last (a lagging
    reader, a restart reading the stream after a trim) was dropped as older than the incident: the incident
    stayed a C1 on that screen, with a C1's target, while every other screen showed a C3."""
    first = IncidentEvent("INC-1", ts=100, lat=51.39, lon=0.54, type="medical", category="C1", summary="fall")
    downgraded = IncidentEvent("INC-1", ts=150, category="C3", grade="scheduled")
    update = IncidentEvent("INC-1", ts=200, summary="patient talking")
    for order in itertools.permutations([downgraded, update]):
        inc = _held([first, *order]).incidents["INC-1"]
        assert (inc.category, inc.grade, inc.summary) == ("C3", "scheduled", "patient talking")


def test_a_late_reopening_that_drops_a_unit_is_a_change_the_screens_hear_of():
    """The units list changed though the status held is newer: a screen fed by changes must be told."""
    p = _two_units(_held([OPENED, IncidentEvent("INC-1", ts=103, status="assigned", unit="JRU-SW-1"),
                          _accept("JRU-MW-1", 105), IncidentEvent("INC-1", ts=130, status="on_scene"),
                          IncidentEvent("INC-1", ts=200, summary="update")]))
    before = p.versions().incidents
    assert p.apply_incident(IncidentEvent("INC-1", ts=110, status="open")) is True
    assert p.incidents["INC-1"].sent == () and p.incidents["INC-1"].status == "on_scene"
    assert p.versions().incidents > before and p.incident_change["INC-1"] > before


def test_random_feeds_read_in_every_order_give_the_same_incident():
    """Every process holds the same incident whatever order it read the entries in (a restart, a lagging
    reader, the accepting process): status, units and their order, response times, which units are committed.
    Random sets of CAD events (status, unit, summary, now and then a category) and Accepts at distinct times: before the status had
    its own time and the units their facts (45eed78), 2,695 sets in 3,000 came out differently in some order."""
    import random

    from dashboard.core.attending import unit_names
    rng = random.Random(20261207)

    def held(entries) -> tuple:
        p = _two_units(Picture())
        p.apply_unit(UnitReport("JRU-MW-1", ts=50, lat=51.38, lon=0.52, status="available"))
        for e in [OPENED, *entries]:
            (p.apply_assignment if isinstance(e, Assignment) else p.apply_incident)(e)
        i = p.incidents["INC-1"]
        return (i.status, i.assigned_ts, i.on_scene_ts, i.closed_ts, i.opened_ts, tuple(unit_names(i)), i.summary,
                i.category, tuple(sorted(p.committed_units().items())))
    for _ in range(400):
        entries = []
        for ts in rng.sample([110, 120, 130, 140, 150, 160], rng.choice([2, 3, 4])):
            if rng.random() < 0.35:
                entries.append(_accept(rng.choice(["JRU-MW-1", "JRU-SW-1"]), ts))
            else:
                status = rng.choice([None, None, "open", "assigned", "on_scene", "closed"])
                unit = rng.choice([None, "JRU-MW-1", "JRU-SW-1"]) if status in ("assigned", "on_scene") else None
                category = rng.choice([None, None, "C1", "C2", "C3"])   # stated now and then, as a CAD does
                entries.append(IncidentEvent("INC-1", ts=ts, status=status, unit=unit, summary=f"s{ts}",
                                             category=category))
        results = {held(order) for order in itertools.permutations(entries)}
        assert len(results) == 1, (entries, results)
