"""Ordering rules: the latest report by ts wins; older ones move nothing back."""
import pytest

from dashboard.core.contract import ContractError, IncidentEvent, UnitReport
from dashboard.core.picture import Assignment, Picture


def test_latest_report_by_ts_wins_even_if_it_arrives_first():
    p = Picture()
    p.apply_unit(UnitReport("U1", ts=200, lat=51.4, lon=0.5, status="en_route"))
    assert p.apply_unit(UnitReport("U1", ts=100, lat=51.0, lon=0.1, status="available")) is False
    u = p.units["U1"]
    assert (u.lat, u.lon, u.status) == (51.4, 0.5, "en_route")
    assert any("older report" in h[2] for h in u.history)


def test_equal_ts_later_entry_wins():
    p = Picture()
    p.apply_unit(UnitReport("U1", ts=100, lat=51.4, lon=0.5, status="available"))
    p.apply_unit(UnitReport("U1", ts=100, lat=51.5, lon=0.6, status="en_route"))
    assert (p.units["U1"].lat, p.units["U1"].status) == (51.5, "en_route")


def test_status_only_report_keeps_the_fix_and_its_age():
    p = Picture()
    p.apply_unit(UnitReport("U1", ts=100, lat=51.4, lon=0.5))
    p.apply_unit(UnitReport("U1", ts=160, status="on_scene"))
    u = p.units["U1"]
    assert (u.lat, u.fix_ts, u.status, u.fix_age_s(200)) == (51.4, 100, "on_scene", 100)


def test_a_late_fix_newer_than_the_held_one_moves_the_unit_but_not_its_status():
    """The contract: a unit's fix is its last report with lat/lon. An AVL fix that arrives after a
    newer status-only report was dropped whole: the unit kept a 3-minute-old fix and showed stale."""
    p = Picture()
    p.apply_unit(UnitReport("U1", ts=100, lat=51.4, lon=0.5, status="en_route"))
    p.apply_unit(UnitReport("U1", ts=295, status="on_scene"))
    p.apply_unit(UnitReport("U1", ts=290, lat=51.41, lon=0.51, status="en_route"))   # late, from the AVL
    u = p.units["U1"]
    assert (u.lat, u.lon, u.fix_ts, u.fix_age_s(300), u.status) == (51.41, 0.51, 290, 10, "on_scene")
    p.apply_unit(UnitReport("U1", ts=200, lat=51.0, lon=0.1))      # older than the fix held: nothing
    assert (u.lat, u.fix_ts) == (51.41, 290)


def test_the_same_reports_in_either_order_give_the_same_unit():
    """An Accept and a newer fix-only AVL report in one millisecond: a live process read the Accept
    first (en route), a restarted one the report first and then ignored the Accept as older, so it
    showed the unit available. The status is now the latest said, by ts, as the fix is."""
    entries = [Assignment("INC-1", "U1", 200.0, "sgt"), UnitReport("U1", ts=200.5, lat=51.41, lon=0.51)]
    seen = []
    for order in (entries, entries[::-1]):
        p = Picture()
        p.apply_unit(UnitReport("U1", ts=100, lat=51.4, lon=0.5, status="available"))
        p.apply_incident(IncidentEvent("INC-1", ts=150, lat=51.4, lon=0.5))
        for e in order:
            p.apply_assignment(e) if isinstance(e, Assignment) else p.apply_unit(e)
        u = p.units["U1"]
        seen.append((u.status, u.lat, u.fix_ts, u.ts, p.incidents["INC-1"].status))
    assert seen[0] == seen[1] == ("en_route", 51.41, 200.5, 200.5, "assigned")


def test_an_older_report_s_status_applies_when_newer_than_the_status_held():
    p = Picture()
    p.apply_unit(UnitReport("U1", ts=100, lat=51.4, lon=0.5, status="en_route"))
    p.apply_unit(UnitReport("U1", ts=300, lat=51.41, lon=0.51))                 # fix only, newest
    p.apply_unit(UnitReport("U1", ts=290, status="on_scene"))                   # status, late
    p.apply_unit(UnitReport("U1", ts=200, status="available"))                  # older than both: nothing
    u = p.units["U1"]
    assert (u.status, u.status_since, u.status_before, u.fix_ts) == ("on_scene", 290, "en_route", 300)


def test_unit_before_first_fix_has_no_position():
    p = Picture()
    p.apply_unit(UnitReport("U1", ts=100, status="available"))
    assert p.units["U1"].lat is None and p.units["U1"].fix_ts is None


def test_incident_first_event_needs_a_location():
    p = Picture()
    with pytest.raises(ContractError, match="first event"):
        p.apply_incident(IncidentEvent("I1", ts=100, status="open"))


def test_incident_gets_its_area_and_defaults_to_open():
    p = Picture(area_of=lambda lon, lat: "Medway" if lon > 0.4 else None)
    p.apply_incident(IncidentEvent("I1", ts=100, lat=51.4, lon=0.5, type="rtc"))
    p.apply_incident(IncidentEvent("I2", ts=100, lat=51.4, lon=0.1))
    assert (p.incidents["I1"].status, p.incidents["I1"].area, p.incidents["I2"].area) == ("open", "Medway", None)


def test_old_event_does_not_reopen_a_closed_incident():
    p = Picture()
    p.apply_incident(IncidentEvent("I1", ts=100, lat=51.4, lon=0.5))
    p.apply_incident(IncidentEvent("I1", ts=300, status="closed"))
    p.apply_incident(IncidentEvent("I1", ts=200, status="open"))
    assert p.incidents["I1"].status == "closed"


def test_assignment_marks_unit_en_route_and_incident_assigned():
    p = Picture()
    p.apply_unit(UnitReport("U1", ts=100, lat=51.4, lon=0.5, status="available"))
    p.apply_incident(IncidentEvent("I1", ts=100, lat=51.4, lon=0.5))
    p.apply_assignment(Assignment("I1", "U1", ts=110, by="sgt"))
    assert p.units["U1"].status == "en_route"
    assert (p.incidents["I1"].status, p.incidents["I1"].unit) == ("assigned", "U1")
    assert p.committed_units() == {"U1": "I1"}


def test_an_accept_read_back_from_the_stream_is_in_the_unit_s_history_once():
    """The accepting process applies its own Accept, then reads the same entry back: the unit's
    details listed "assigned to I1 by sgt" twice, and its status before as en route."""
    p = Picture()
    p.apply_unit(UnitReport("U1", ts=100, lat=51.4, lon=0.5, status="available"))
    p.apply_incident(IncidentEvent("I1", ts=100, lat=51.4, lon=0.5))
    accepted = Assignment("I1", "U1", ts=110, by="sgt")
    p.apply_assignment(accepted)
    p.apply_assignment(accepted)            # read back
    u = p.unit("U1")
    assert list(u.history) == [(100, "available", "report"), (110, "en_route", "assigned to I1 by sgt")]
    assert (u.status, u.status_before) == ("en_route", "available")
    p.apply_assignment(Assignment("I1", "U1", ts=500, by="sgt"))   # sent again later: that is news
    assert [h[0] for h in p.unit("U1").history] == [100, 110, 500]


def test_the_accepting_process_and_a_reader_hold_the_same_unit_when_a_report_comes_between():
    """A status report dated just before the Accept, read after the accepting process applied it,
    came between its Accept and the read-back: the read-back applied it again (twice in the history,
    status before "en route"), while a process that only read the stream held it once."""
    def base() -> Picture:
        p = Picture()
        p.apply_unit(UnitReport("U1", ts=100, lat=51.4, lon=0.5, status="available"))
        p.apply_incident(IncidentEvent("I1", ts=100, lat=51.4, lon=0.5))
        return p
    accepted, between = Assignment("I1", "U1", ts=110, by="sgt"), UnitReport("U1", ts=109.5, status="available")
    accepting, reading = base(), base()
    accepting.apply_assignment(accepted)
    accepting.apply_unit(between)
    accepting.apply_assignment(accepted)   # read back
    reading.apply_unit(between)
    reading.apply_assignment(accepted)
    held = [(u.status, u.status_before, [h for h in u.history if h[1] == "en_route"])
            for u in (accepting.unit("U1"), reading.unit("U1"))]
    assert held[0] == held[1] == ("en_route", "available", [(110, "en_route", "assigned to I1 by sgt")])


def test_a_unit_is_committed_to_the_incident_it_was_sent_to_last():
    """JRU-DA-1 was sent to RV2-1, then re-tasked to DA-3 (opened first, so earlier in the picture's
    dict): it stayed "committed to RV2-1" in its details and in the rankings."""
    p = Picture()
    p.apply_unit(UnitReport("JRU-DA-1", ts=90, lat=51.44, lon=0.22, status="available"))
    p.apply_incident(IncidentEvent("DA-3", ts=80, lat=51.44, lon=0.21))
    p.apply_incident(IncidentEvent("RV2-1", ts=95, lat=51.43, lon=0.25))
    p.apply_assignment(Assignment("RV2-1", "JRU-DA-1", 100.0, "sgt"))
    p.apply_incident(IncidentEvent("DA-3", ts=150, status="assigned", unit="JRU-DA-1"))
    assert p.committed_units() == {"JRU-DA-1": "DA-3"}
    p.apply_assignment(Assignment("RV2-1", "JRU-DA-1", 200.0, "sgt"))   # and sent back
    assert p.committed_units() == {"JRU-DA-1": "RV2-1"}


def test_prune_forgets_only_incidents_closed_long_ago():
    p = Picture()
    p.apply_incident(IncidentEvent("old", ts=100, lat=51.4, lon=0.5))
    p.apply_incident(IncidentEvent("old", ts=200, status="closed"))
    p.apply_incident(IncidentEvent("new", ts=100, lat=51.4, lon=0.5))
    p.apply_incident(IncidentEvent("new", ts=5000, status="closed"))
    p.prune_closed(now=6000, keep_s=3600)
    assert set(p.incidents) == {"new"}


def test_units_unheard_for_the_retention_period_are_dropped_and_screens_start_again():
    p = Picture()
    for i in range(2000):   # call signs used once, e.g. a test feed left running
        p.apply_unit(UnitReport(f"ONCE-{i}", ts=1000, lat=51.4, lon=0.5))
    p.apply_unit(UnitReport("JRU-MW-1", ts=90_000, lat=51.4, lon=0.5))
    reset_before = p.reset_version
    assert p.prune_unheard(now=90_100, keep_s=86_400) == 2000
    assert list(p.units) == ["JRU-MW-1"] and p.reset_version > reset_before
    assert p.prune_unheard(now=90_100, keep_s=86_400) == 0


def test_readers_take_their_copies_under_the_picture_lock():
    """Issue 13.8: /healthz and the unit history read the picture's dicts without its
    lock ('dictionary changed size during iteration' 108 times in 960 reads under
    load). Now every reader goes through Picture's copying methods, which wait for
    the lock: while the feed holds it, a reader waits instead of iterating."""
    import threading
    p = Picture()
    p.apply_unit(UnitReport("U0", ts=1, lat=51.4, lon=0.5, status="available"))
    got = []
    with p.lock:   # the feed is applying
        reader = threading.Thread(target=lambda: got.append((p.counts(), p.unit("U0"), p.incidents_list())),
                                  daemon=True)
        reader.start()
        reader.join(0.3)
        assert got == []            # waited for the lock
    reader.join(5)
    assert got and got[0][0]["units"] == 1 and got[0][1].unit == "U0"


def test_no_service_or_screen_iterates_the_pictures_dicts():
    """The other half of the same rule: outside core/picture.py nothing reads
    `picture.units` / `picture.incidents` directly (they change under the feed)."""
    import pathlib
    import re
    root = pathlib.Path(__file__).resolve().parents[2] / "dashboard"
    direct = re.compile(r"picture\.(units|incidents)\b(?!_)")
    offenders = [f"{f.relative_to(root)}:{n}" for f in root.rglob("*.py") if f.name != "picture.py"
                 for n, line in enumerate(f.read_text().splitlines(), 1) if direct.search(line)]
    assert offenders == []
