"""An incident's status is the latest statement of one (an event's `status`, or an Accept), by ts,
apart from its other fields (dashboard/core/incident_status.py)."""
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
    held = set()
    for order in itertools.permutations(entries):
        inc = _held([OPENED, *order]).incidents["INC-1"]
        held.add((inc.status, inc.status_ts, inc.unit, inc.assigned_ts))
    assert held == {("assigned", 140, "JRU-MW-1", 140)}


def test_an_older_status_than_the_one_held_moves_nothing_back():
    p = _held([OPENED, IncidentEvent("INC-1", ts=200, status="on_scene", unit="JRU-MW-1"),
               IncidentEvent("INC-1", ts=150, status="assigned")])
    assert p.incidents["INC-1"].status == "on_scene"
