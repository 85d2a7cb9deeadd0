"""Which units an incident has, and whether each is still coming (core/attending.py)."""
from dashboard.core.attending import attendance, attending_doubt, attending_doubts, unit_names
from dashboard.core.contract import IncidentEvent, UnitReport
from dashboard.core.picture import Assignment, Picture


def scene() -> Picture:
    """RV2-1 assigned JRU-DA-1 at 100; the unit is on its way."""
    p = Picture()
    p.apply_unit(UnitReport("JRU-DA-1", ts=90, lat=51.44, lon=0.22, status="available"))
    p.apply_incident(IncidentEvent("RV2-1", ts=95, lat=51.43, lon=0.25))
    p.apply_assignment(Assignment("RV2-1", "JRU-DA-1", 100.0, "sgt"))
    return p


def doubt(p: Picture, incident: str = "RV2-1") -> str | None:
    return attending_doubt(p.incident(incident), p.unit, p.incidents_list())


def units(p: Picture, incident: str = "RV2-1") -> list[tuple[str, str | None]]:
    return attendance(p.incident(incident), p.unit, p.incidents_list())


def test_a_unit_on_its_way_raises_no_doubt():
    p = scene()
    p.apply_unit(UnitReport("JRU-DA-1", ts=130, lat=51.435, lon=0.23))
    assert doubt(p) is None


def test_a_unit_sent_to_another_incident_since_is_flagged_on_the_first():
    """The demo put JRU-DA-1 on scene elsewhere while RV2-1 still said "assigned, about 18 min away"."""
    p = scene()
    p.apply_incident(IncidentEvent("DA261030-03", ts=120, lat=51.44, lon=0.21))
    p.apply_incident(IncidentEvent("DA261030-03", ts=150, status="on_scene", unit="JRU-DA-1"))
    assert doubt(p) == "JRU-DA-1 has been sent to DA261030-03 since: check who is going here"
    assert doubt(p, "DA261030-03") is None          # the later one has it


def test_a_unit_that_reports_available_on_its_way_is_flagged_but_not_one_that_cleared_a_scene():
    p = scene()
    p.apply_unit(UnitReport("JRU-DA-1", ts=160, status="available"))
    assert doubt(p) == "JRU-DA-1 reports available since it was sent: check it is still going"
    p.apply_incident(IncidentEvent("RV2-1", ts=170, status="on_scene", unit="JRU-DA-1"))
    p.apply_unit(UnitReport("JRU-DA-1", ts=180, status="available"))   # done, the incident not closed yet
    assert doubt(p) is None


def test_the_doubts_of_every_incident_at_once_agree_with_each_one_asked_alone():
    """The wall and the queue ask for all their rows in one pass; the officer's panel asks for one."""
    p = scene()
    p.apply_unit(UnitReport("JRU-GR-1", ts=90, lat=51.42, lon=0.35, status="available"))
    p.apply_incident(IncidentEvent("GR-2", ts=96, lat=51.42, lon=0.36))
    p.apply_assignment(Assignment("GR-2", "JRU-GR-1", 101.0, "sgt"))
    p.apply_incident(IncidentEvent("DA261030-03", ts=120, lat=51.44, lon=0.21))
    p.apply_incident(IncidentEvent("DA261030-03", ts=150, status="on_scene", unit="JRU-DA-1"))
    p.apply_unit(UnitReport("JRU-GR-1", ts=160, status="unavailable"))
    everything = attending_doubts(p.incidents_list(), p.unit)
    assert everything == {"RV2-1": "JRU-DA-1 has been sent to DA261030-03 since: check who is going here",
                          "GR-2": "JRU-GR-1 reports unavailable since it was sent: check it is still going"}
    assert everything == {i: doubt(p, i) for i in ("RV2-1", "GR-2", "DA261030-03") if doubt(p, i)}
    assert attending_doubts(p.incidents_list(), p.unit, of=["GR-2", "DA261030-03"]) == {"GR-2": everything["GR-2"]}


def test_a_second_unit_sent_is_judged_from_when_it_was_sent_not_the_first():
    """RV2-1's first unit went elsewhere and another was sent: the warning goes, and the second unit's
    own earlier "available" (before it was sent) is no reason to doubt it."""
    p = scene()
    p.apply_unit(UnitReport("JRU-GR-1", ts=105, lat=51.42, lon=0.35, status="available"))
    p.apply_incident(IncidentEvent("DA261030-03", ts=120, lat=51.44, lon=0.21))
    p.apply_incident(IncidentEvent("DA261030-03", ts=150, status="on_scene", unit="JRU-DA-1"))
    assert doubt(p) is not None
    p.apply_assignment(Assignment("RV2-1", "JRU-GR-1", 200.0, "sgt"))
    assert doubt(p) is None
    assert p.incident("RV2-1").assigned_ts == 100.0   # the response time still counts from the first unit
    p.apply_incident(IncidentEvent("RV2-1", ts=210, status="on_scene", unit="JRU-GR-1"))   # CAD repeats it
    assert p.incident("RV2-1").sent[-1] == ("JRU-GR-1", 200.0)


def test_a_unit_sent_back_to_the_incident_it_had_is_judged_from_the_re_send():
    """JRU-DA-1 went to DA261030-03, then the officer sent it back to RV2-1: RV2-1 has it again
    (no warning there) and the other incident is the one it may not be coming to."""
    p = scene()
    p.apply_incident(IncidentEvent("DA261030-03", ts=120, lat=51.44, lon=0.21))
    p.apply_incident(IncidentEvent("DA261030-03", ts=150, status="assigned", unit="JRU-DA-1"))
    assert doubt(p) is not None
    p.apply_assignment(Assignment("RV2-1", "JRU-DA-1", 200.0, "sgt"))
    assert doubt(p) is None
    assert doubt(p, "DA261030-03") == "JRU-DA-1 has been sent to RV2-1 since: check who is going here"


def test_a_unit_sent_as_backup_joins_the_first_and_both_are_coming():
    """An assault needing two crews: the second unit sent is backup, not a replacement, and the
    first stays committed to the incident (it is not suggested elsewhere)."""
    p = scene()
    p.apply_unit(UnitReport("JRU-GR-1", ts=105, lat=51.42, lon=0.35, status="available"))
    p.apply_assignment(Assignment("RV2-1", "JRU-GR-1", 200.0, "sgt"))
    assert unit_names(p.incident("RV2-1")) == ["JRU-DA-1", "JRU-GR-1"]
    assert p.incident("RV2-1").unit == "JRU-GR-1"          # the contract's `unit`: the last sent
    assert units(p) == [("JRU-DA-1", None), ("JRU-GR-1", None)]
    assert p.committed_units() == {"JRU-DA-1": "RV2-1", "JRU-GR-1": "RV2-1"}
    assert doubt(p) is None


def test_the_incident_is_in_doubt_only_when_none_of_its_units_is_sure_to_be_coming():
    p = scene()
    p.apply_unit(UnitReport("JRU-GR-1", ts=105, lat=51.42, lon=0.35, status="available"))
    p.apply_assignment(Assignment("RV2-1", "JRU-GR-1", 200.0, "sgt"))
    p.apply_unit(UnitReport("JRU-DA-1", ts=210, status="available"))     # stood down by radio, say
    assert units(p) == [("JRU-DA-1", "JRU-DA-1 reports available since it was sent: check it is still going"),
                        ("JRU-GR-1", None)]
    assert doubt(p) is None                                     # JRU-GR-1 is still coming
    p.apply_incident(IncidentEvent("DA261030-03", ts=220, lat=51.44, lon=0.21))
    p.apply_incident(IncidentEvent("DA261030-03", ts=230, status="assigned", unit="JRU-GR-1"))
    assert doubt(p) == ("No unit sent is sure to be coming: JRU-GR-1 has been sent to DA261030-03 since: check who "
                        "is going here; JRU-DA-1 reports available since it was sent: check it is still going")
    assert attending_doubts(p.incidents_list(), p.unit) == {"RV2-1": doubt(p)}


def test_backup_sent_to_an_incident_on_scene_leaves_it_on_scene():
    p = scene()
    p.apply_incident(IncidentEvent("RV2-1", ts=150, status="on_scene"))
    p.apply_unit(UnitReport("JRU-GR-1", ts=105, lat=51.42, lon=0.35, status="available"))
    p.apply_assignment(Assignment("RV2-1", "JRU-GR-1", 200.0, "sgt"))
    inc = p.incident("RV2-1")
    assert (inc.status, unit_names(inc)) == ("on_scene", ["JRU-DA-1", "JRU-GR-1"])
    assert p.unit("JRU-GR-1").status == "en_route"


def test_a_unit_the_cad_names_replaces_the_cad_s_last_one_but_not_the_officer_s_backup():
    """The contract's `unit` is "the unit attending": a CAD naming another unit has replaced its first,
    which must be free to be suggested again (it stayed committed until the incident closed)."""
    p = Picture()
    p.apply_unit(UnitReport("A", ts=90, lat=51.44, lon=0.22, status="available"))
    p.apply_incident(IncidentEvent("RV2-1", ts=95, lat=51.43, lon=0.25))
    p.apply_incident(IncidentEvent("RV2-1", ts=100, status="assigned", unit="A"))
    p.apply_assignment(Assignment("RV2-1", "OFFICER-B", 110.0, "sgt"))         # backup, from the dashboard
    p.apply_incident(IncidentEvent("RV2-1", ts=120, status="assigned", unit="C"))
    assert unit_names(p.incident("RV2-1")) == ["OFFICER-B", "C"]
    assert "A" not in p.committed_units()
    p.apply_incident(IncidentEvent("RV2-1", ts=130, status="assigned", unit="A"))   # and back to A
    assert unit_names(p.incident("RV2-1")) == ["OFFICER-B", "A"]
    p.apply_incident(IncidentEvent("RV2-1", ts=140, status="open"))
    inc = p.incident("RV2-1")
    assert (inc.unit, unit_names(inc), units(p)) == (None, [], [])
    assert p.committed_units() == {}


def test_a_cad_repeating_its_unit_does_not_send_it_again():
    """A went available on its way, the backup too: nobody is coming. The CAD's next routine event named
    A again, which counted as sending it anew, and the warning went."""
    p = scene()
    p.apply_incident(IncidentEvent("RV2-1", ts=101, status="assigned", unit="JRU-DA-1"))   # CAD mirrors it
    p.apply_unit(UnitReport("JRU-DA-1", ts=110, status="available"))
    p.apply_unit(UnitReport("JRU-GR-1", ts=105, lat=51.42, lon=0.35, status="available"))
    p.apply_assignment(Assignment("RV2-1", "JRU-GR-1", 120.0, "sgt"))
    p.apply_unit(UnitReport("JRU-GR-1", ts=130, status="available"))
    assert doubt(p) is not None
    p.apply_incident(IncidentEvent("RV2-1", ts=140, status="assigned", unit="JRU-DA-1", summary="update"))
    assert doubt(p) is not None


def test_a_unit_stood_down_on_its_way_is_free_for_other_incidents():
    """DA-1 reported available on its way while the backup went on: it stayed "busy (committed to RV2-1)"
    for every other incident until RV2-1 closed."""
    p = scene()
    p.apply_unit(UnitReport("JRU-GR-1", ts=105, lat=51.42, lon=0.35, status="available"))
    p.apply_assignment(Assignment("RV2-1", "JRU-GR-1", 200.0, "sgt"))
    assert p.committed_units() == {"JRU-DA-1": "RV2-1", "JRU-GR-1": "RV2-1"}
    p.apply_unit(UnitReport("JRU-DA-1", ts=210, status="available"))
    assert p.committed_units() == {"JRU-GR-1": "RV2-1"}


def test_backup_that_goes_available_on_its_way_to_a_scene_is_doubted():
    p = scene()
    p.apply_incident(IncidentEvent("RV2-1", ts=150, status="on_scene"))
    p.apply_unit(UnitReport("JRU-GR-1", ts=105, lat=51.42, lon=0.35, status="available"))
    p.apply_assignment(Assignment("RV2-1", "JRU-GR-1", 200.0, "sgt"))
    p.apply_unit(UnitReport("JRU-GR-1", ts=210, status="available"))   # never went
    assert dict(units(p))["JRU-GR-1"].startswith("JRU-GR-1 reports available since it was sent")
    assert dict(units(p))["JRU-DA-1"] is None                        # the first is there
    p.apply_unit(UnitReport("JRU-DA-1", ts=220, status="available"))    # cleared the scene: not doubted
    assert doubt(p) is None


def test_an_incident_closed_and_sent_for_again_starts_with_the_new_unit_only():
    p = scene()
    p.apply_incident(IncidentEvent("RV2-1", ts=150, status="closed"))
    p.apply_incident(IncidentEvent("RV2-1", ts=160, status="assigned", unit="JRU-SW-4"))
    assert unit_names(p.incident("RV2-1")) == ["JRU-SW-4"]


def test_a_crew_clearing_a_reopened_scene_it_reached_is_not_doubted_nor_freed():
    """Closed, then reopened and attended again: the first on scene was the first visit's, so the crew that
    reached the scene again and reported available on clearing it read as stood down on its way."""
    p = scene()
    for ts, status in ((120, "on_scene"), (150, "closed"), (200, "open")):
        p.apply_incident(IncidentEvent("RV2-1", ts=ts, status=status))
    p.apply_unit(UnitReport("JRU-SW-1", ts=200, lat=51.42, lon=0.3, status="available"))
    p.apply_incident(IncidentEvent("RV2-1", ts=210, status="assigned", unit="JRU-SW-1"))
    p.apply_unit(UnitReport("JRU-SW-1", ts=215, status="en_route"))
    p.apply_incident(IncidentEvent("RV2-1", ts=240, status="on_scene"))
    p.apply_unit(UnitReport("JRU-SW-1", ts=245, status="on_scene"))
    p.apply_unit(UnitReport("JRU-SW-1", ts=260, status="available"))   # done, the incident not closed yet
    assert doubt(p) is None and p.committed_units() == {"JRU-SW-1": "RV2-1"}


def _read(entries) -> Picture:
    p = Picture()
    p.apply_incident(IncidentEvent("RV2-1", ts=95, lat=51.43, lon=0.25))
    for e in entries:
        (p.apply_assignment if isinstance(e, Assignment) else p.apply_incident)(e)
    return p


def test_the_units_are_the_same_whatever_order_the_entries_are_read_in():
    """The accepting process applies its Accept at once, before it reads a CAD event that reached Redis
    just before it: it listed only the officer's unit (the CAD's, older, was dropped) while every other
    process, and a restart, listed both, and they disagreed on who was committed and on the warning."""
    for cad_ts in (99.0, 100.2):     # the CAD's event timed before the Accept, or (clocks apart) after
        cad = IncidentEvent("RV2-1", ts=cad_ts, status="assigned", unit="A")
        accept = Assignment("RV2-1", "B", 100.0, "sgt")
        stream, accepting = _read([cad, accept]), _read([accept, cad])
        assert unit_names(stream.incident("RV2-1")) == unit_names(accepting.incident("RV2-1")) == (
            ["A", "B"] if cad_ts < 100 else ["B", "A"])
        assert stream.committed_units() == accepting.committed_units() == {"A": "RV2-1", "B": "RV2-1"}
        assert stream.incident("RV2-1").unit == accepting.incident("RV2-1").unit


def test_an_older_cad_event_does_not_bring_back_a_unit_the_cad_replaced_nor_one_before_a_reopening():
    p = _read([IncidentEvent("RV2-1", ts=100, status="assigned", unit="A"),
               IncidentEvent("RV2-1", ts=120, status="assigned", unit="C"),
               IncidentEvent("RV2-1", ts=110, status="assigned", unit="A")])    # sent out of order: older
    assert unit_names(p.incident("RV2-1")) == ["C"]
    p.apply_incident(IncidentEvent("RV2-1", ts=130, status="open"))
    p.apply_assignment(Assignment("RV2-1", "B", 125.0, "sgt"))                 # an Accept from before it
    p.apply_incident(IncidentEvent("RV2-1", ts=126, status="assigned", unit="D"))
    assert unit_names(p.incident("RV2-1")) == [] and p.incident("RV2-1").status == "open"


def test_a_late_cad_event_does_not_replace_the_unit_the_cad_has_named_since():
    """A named at 100 and again at 300 (on scene); an event of 200 naming B arrived late. It replaced A,
    which was then free to be suggested elsewhere while on scene."""
    p = _read([IncidentEvent("RV2-1", ts=100, status="assigned", unit="A"),
               IncidentEvent("RV2-1", ts=300, status="on_scene", unit="A"),
               IncidentEvent("RV2-1", ts=200, status="assigned", unit="B")])
    inc = p.incident("RV2-1")
    assert (inc.unit, unit_names(inc), inc.status) == ("A", ["A"], "on_scene")
    assert p.committed_units() == {"A": "RV2-1"}


def test_a_reopening_read_after_the_accept_that_followed_it_still_drops_the_units_before_it():
    reopen_then_accept = [IncidentEvent("RV2-1", ts=100, status="assigned", unit="A"),
                          IncidentEvent("RV2-1", ts=200, status="open"), Assignment("RV2-1", "U", 210.0, "sgt")]
    stream, accepting = _read(reopen_then_accept), _read([reopen_then_accept[i] for i in (0, 2, 1)])
    for p in (stream, accepting):
        assert unit_names(p.incident("RV2-1")) == ["U"] and p.committed_units() == {"U": "RV2-1"}
        assert p.incident("RV2-1").status == "assigned"


def re_tasked() -> Picture:
    """JRU-DA-1 on scene at RV2-1, then sent by the CAD to DA261030-03 (assigned at 210, on scene at 300)."""
    p = scene()
    p.apply_incident(IncidentEvent("RV2-1", ts=150, status="on_scene", unit="JRU-DA-1"))
    p.apply_incident(IncidentEvent("DA261030-03", ts=200, lat=51.44, lon=0.21))
    p.apply_incident(IncidentEvent("DA261030-03", ts=210, status="assigned", unit="JRU-DA-1"))
    p.apply_incident(IncidentEvent("DA261030-03", ts=300, status="on_scene"))
    assert p.committed_units() == {"JRU-DA-1": "DA261030-03"}
    return p


def test_a_unit_re_tasked_from_a_scene_is_not_committed_back_to_it_when_the_second_incident_closes():
    """Once DA261030-03 closed, the unit counted as committed to RV2-1 again (its last incident still
    open), so it was never suggested until RV2-1 closed, and RV2-1 showed it there without a doubt."""
    p = re_tasked()
    p.apply_incident(IncidentEvent("DA261030-03", ts=400, status="closed"))
    p.apply_unit(UnitReport("JRU-DA-1", ts=410, lat=51.44, lon=0.21, status="available"))
    assert p.committed_units() == {}
    assert doubt(p) == "JRU-DA-1 was sent to DA261030-03 since (now closed): check it came back"
    p.apply_assignment(Assignment("RV2-1", "JRU-DA-1", 500.0, "sgt"))   # sent back
    assert p.committed_units() == {"JRU-DA-1": "RV2-1"} and doubt(p) is None


def test_a_re_tasked_unit_that_reports_on_scene_back_at_the_first_is_committed_there_again():
    p = re_tasked()
    p.apply_incident(IncidentEvent("DA261030-03", ts=400, status="closed"))
    p.apply_unit(UnitReport("JRU-DA-1", ts=500, lat=51.4301, lon=0.2501, status="on_scene"))   # RV2-1's spot
    assert p.committed_units() == {"JRU-DA-1": "RV2-1"} and doubt(p) is None
    # a CAD repeating its unit on RV2-1 is not a new sending: the unit's own report decides
    p.apply_unit(UnitReport("JRU-DA-1", ts=520, lat=51.44, lon=0.21, status="on_scene"))     # elsewhere
    p.apply_incident(IncidentEvent("RV2-1", ts=530, status="on_scene", unit="JRU-DA-1", summary="update"))
    assert p.committed_units() == {} and doubt(p).startswith("JRU-DA-1 was sent to DA261030-03 since")


def test_a_second_incident_reopened_or_given_another_unit_does_not_commit_the_unit_back_to_the_first():
    """The second incident's list of units starts afresh when it is reopened, or the CAD names another
    unit in its place: the unit was still sent there, after the first, and is not committed back."""
    for later in (IncidentEvent("DA261030-03", ts=400, status="open"),
                  IncidentEvent("DA261030-03", ts=400, status="on_scene", unit="JRU-GR-1")):
        p = re_tasked()
        p.apply_incident(later)
        assert "JRU-DA-1" not in p.committed_units(), later
        assert doubt(p) == "JRU-DA-1 has been sent to DA261030-03 since: check who is going here", later


def test_an_incident_on_scene_tells_its_crew_there_from_backup_on_its_way_by_the_units_own_reports():
    """The wall and the queue name backup apart (core/attending.py `scene_split`): only a unit sure to be
    coming counts, a unit with no fix yet that says en route is backup too, and with no crew there by its
    own reports there is no split (a crew whose AVL lags the CAD's "on scene" is not "backup")."""
    from dashboard.core.attending import scene_split
    p = scene()
    p.apply_incident(IncidentEvent("RV2-1", ts=150, status="on_scene", unit="JRU-DA-1"))
    p.apply_unit(UnitReport("JRU-DA-1", ts=150, lat=51.4302, lon=0.2502))               # there (en route, 30 m)
    p.apply_unit(UnitReport("JRU-GR-1", ts=105, lat=51.42, lon=0.35, status="available"))
    p.apply_assignment(Assignment("RV2-1", "JRU-GR-1", 200.0, "sgt"))                 # backup, 7 km off
    p.apply_unit(UnitReport("JRU-SW-1", ts=105, status="available"))                  # no fix yet
    p.apply_assignment(Assignment("RV2-1", "JRU-SW-1", 210.0, "sgt"))

    def split():
        return scene_split(p.incident("RV2-1"), units(p), p.unit)
    assert split() == (["JRU-DA-1"], ["JRU-GR-1", "JRU-SW-1"])
    p.apply_unit(UnitReport("JRU-SW-1", ts=220, status="available"))                  # stood down: neither
    assert split() == (["JRU-DA-1"], ["JRU-GR-1"])
    p.apply_unit(UnitReport("JRU-GR-1", ts=230, lat=51.4301, lon=0.2501, status="on_scene"))
    assert split() is None                                                           # all there: nothing to split
    p.apply_unit(UnitReport("JRU-DA-1", ts=240, lat=51.39, lon=0.10))                 # the first crew away, GR-1 there
    p.apply_unit(UnitReport("JRU-GR-1", ts=250, lat=51.42, lon=0.35, status="en_route"))
    assert split() is None                                    # nobody there by their reports: the CAD's list stands


def test_a_unit_that_may_not_be_coming_is_named_apart_where_another_is_sure_to_be():
    """The wall listed a backup sent on to another incident among the crew on scene ("on scene · JRU-MW-1,
    JRU-GR-1"): the room counted two units there. Where one is sure to be coming, the others are named apart."""
    from dashboard.core.attending import unsure_of
    p = scene()
    p.apply_unit(UnitReport("JRU-GR-1", ts=105, lat=51.42, lon=0.35, status="available"))
    p.apply_assignment(Assignment("RV2-1", "JRU-GR-1", 200.0, "sgt"))
    assert unsure_of({"RV2-1": units(p)}) == {}                        # both coming
    p.apply_unit(UnitReport("JRU-DA-1", ts=210, status="available"))
    assert unsure_of({"RV2-1": units(p)}) == {"RV2-1": ["JRU-DA-1"]}
    p.apply_incident(IncidentEvent("DA261030-03", ts=220, lat=51.44, lon=0.21))
    p.apply_incident(IncidentEvent("DA261030-03", ts=230, status="assigned", unit="JRU-GR-1"))
    assert unsure_of({"RV2-1": units(p)}) == {}                        # none sure: the incident's doubt says it
    assert doubt(p)
