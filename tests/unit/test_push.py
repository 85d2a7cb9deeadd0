"""What screens are sent: full records for new or changed units, small moves
otherwise; one encoding per tick for every screen; a screen that fell behind
gets the latest state, not its backlog."""
import json
from dashboard.core.contract import IncidentEvent, UnitReport
from dashboard.core.picture import Picture, Unit
from dashboard.web.push.broadcaster import RING, Broadcaster
from dashboard.web.push.encoding import UnitEncoder, merge


def u(name, lat, lon, status="available", kind="joint"):
    return Unit(unit=name, ts=0, lat=lat, lon=lon, status=status, kind=kind, fix_ts=0)


def decode_move(base, m):
    return base[0] + m[0] / 1e5, base[1] + m[1] / 1e5


def test_new_units_go_whole_then_moves_go_as_small_integers_and_changes_whole_again():
    enc = UnitEncoder()
    full, moves = enc.update([(u("A", 51.38, 0.52), False), (u("B", 51.44, 0.76), False),
                              (Unit(unit="NOFIX", ts=0), False)])
    assert sorted(full) == ["A", "B"] and moves == {}                  # a unit with no fix cannot be drawn
    assert [r[0] for r in enc.snapshot()["units"]] == ["A", "B"]
    full, moves = enc.update([(u("A", 51.39123, 0.53456), False), (u("B", 51.44, 0.76, status="en_route"), False),
                              (u("C", 51.30, 0.40), False)])
    assert list(moves) == [0] and all(isinstance(x, int) for x in moves[0])
    lat, lon = decode_move(enc.base, moves[0])
    assert abs(lat - 51.39123) < 1e-5 and abs(lon - 0.53456) < 1e-5
    assert sorted(full) == ["B", "C"] and full["B"][3] == "en_route"
    assert full["C"][6] == 2 and full["B"][6] == 1                     # indexes are fixed once given
    full, _ = enc.update([(u("B", 51.44, 0.76, status="en_route"), True)])
    assert full["B"][4] == 1                                           # now stale: whole record again
    assert enc.update([]) == ({}, {})


def test_a_move_is_much_smaller_than_a_full_record():
    enc = UnitEncoder()
    enc.update([(u(f"JRU-MW-{i}", 51.3 + i / 1000, 0.5), False) for i in range(100)])
    _, moves = enc.update([(u(f"JRU-MW-{i}", 51.3 + i / 1000 + 0.0013, 0.5012), False) for i in range(100)])
    full = [[f"JRU-MW-{i}", 51.30013, 0.5012, "available", 0, "joint", i] for i in range(100)]
    assert len(json.dumps([[i, a, b] for i, (a, b) in moves.items()], separators=(",", ":"))) \
        < 0.5 * len(json.dumps(full, separators=(",", ":")))


class Screens:
    """The broadcaster over a real Picture, with a feed clock the test moves."""

    def __init__(self, now=None, **options):
        self.picture = Picture()
        self.clock = 1000.0
        self.bc = Broadcaster(self.picture, now=now or (lambda: (self.clock, False)), staleness_s=120, **options,
                              incident_feature=lambda inc, now: {"properties": {"incident": inc.incident,
                                                                                "status": inc.status}})
        self.bc.tick()                          # first tick: the starting snapshot

    def unit(self, name, lat, lon, status="available", ts=None):
        self.picture.apply_unit(UnitReport(unit=name, ts=ts or self.clock, lat=lat, lon=lon, status=status,
                                           kind="joint"))


def test_every_screen_is_sent_the_same_message_encoded_once():
    s = Screens()
    s.unit("A", 51.38, 0.52)
    _, epoch, seq = s.bc.snapshot()
    msg = s.bc.tick()
    screens = [s.bc.wait_after(epoch, seq, 0) for _ in range(10)]
    assert all(got == [msg] and got[0].text is msg.text for got in screens)
    body = json.loads(msg.text.split("data: ", 1)[1])
    assert [r[0] for r in body["u"]] == ["A"] and body["p"]["s"] == s.picture.unit_status_version
    assert s.bc.tick() is None                  # nothing changed: nothing sent
    assert s.bc.wait_after(epoch, msg.seq, 0) == []


def test_a_screen_that_fell_behind_gets_each_units_latest_state_in_one_message():
    s = Screens()
    s.unit("A", 51.38, 0.52)
    s.unit("B", 51.40, 0.60)
    _, epoch, seq = s.bc.snapshot()
    first = s.bc.tick()
    s.unit("A", 51.381, 0.521)                  # A moves, then moves again; B turns en route, then moves
    s.unit("B", 51.40, 0.60, status="en_route")
    s.bc.tick()
    s.unit("A", 51.382, 0.522)
    s.unit("B", 51.401, 0.601, status="en_route")
    s.unit("C", 51.30, 0.40)
    s.bc.tick()
    missed = s.bc.wait_after(epoch, first.seq, 0)
    assert len(missed) == 2
    one = merge(missed)
    body = json.loads(one.text.split("data: ", 1)[1])
    records = {r[0]: r for r in body["u"]}
    assert sorted(records) == ["B", "C"]
    assert records["B"][1:4] == [51.401, 0.601, "en_route"]         # the record, at its latest place
    (index, dlat, dlon), = body["m"]
    assert index == 0 and abs(decode_move(body["b"], (dlat, dlon))[0] - 51.382) < 1e-5


def test_a_screen_too_far_behind_or_a_cleared_picture_starts_again_from_a_snapshot():
    s = Screens()
    _, epoch, seq = s.bc.snapshot()
    for i in range(RING + 5):
        s.unit("A", 51.38 + i / 10000, 0.52)
        s.bc.tick()
    assert s.bc.wait_after(epoch, seq, 0) is None               # missed more than the ring holds
    text, epoch, seq = s.bc.snapshot()
    assert '"A"' in text
    s.picture.clear()                                           # a replay seek
    s.bc.tick()
    assert s.bc.wait_after(epoch, seq, 0) is None
    text, _, _ = s.bc.snapshot()
    assert json.loads(text.split("data: ", 1)[1])["units"] == []


def test_counters_move_for_incidents_and_statuses_but_not_for_moves():
    s = Screens()
    s.unit("A", 51.38, 0.52)
    s.bc.tick()
    before = dict(s.bc.picture_state)
    s.clock += 1
    s.unit("A", 51.39, 0.53)
    msg = s.bc.tick()
    assert msg.picture is None and msg.moves                    # a move alone: the panels need not ask
    s.unit("A", 51.39, 0.53, status="unavailable")
    assert s.bc.tick().picture["s"] > before["s"]
    s.picture.apply_incident(IncidentEvent(incident="I1", ts=s.clock, lat=51.4, lon=0.5, status="open"))
    assert s.bc.tick().picture["i"] > before["i"]
    s.clock += 10                                               # the clock alone moves `t` every 5 s
    assert s.bc.tick().picture["t"] == int(s.clock // 5)


def test_a_unit_going_stale_is_sent_whole_with_its_stale_flag():
    s = Screens(stale_check_s=0)                # staleness looked at on every tick
    s.unit("A", 51.38, 0.52)
    s.bc.tick()
    s.clock += 200                              # past staleness (120 s) with no new report
    msg = s.bc.tick()
    assert msg.full["A"][4] == 1


def test_incidents_go_once_when_new_or_changed_and_leave_when_closed():
    s = Screens()
    s.picture.apply_incident(IncidentEvent(incident="I1", ts=s.clock, lat=51.4, lon=0.5, status="open"))
    s.picture.apply_incident(IncidentEvent(incident="I2", ts=s.clock, lat=51.3, lon=0.6, status="open"))
    msg = s.bc.tick()
    assert sorted(msg.incidents) == ["I1", "I2"] and not msg.gone
    s.unit("A", 51.38, 0.52)
    assert s.bc.tick().incidents == {}                          # unit news alone: no incident is re-sent
    s.picture.apply_incident(IncidentEvent(incident="I1", ts=s.clock + 1, status="on_scene"))
    s.picture.apply_incident(IncidentEvent(incident="I2", ts=s.clock + 1, status="closed"))
    msg = s.bc.tick()
    assert msg.incidents["I1"]["properties"]["status"] == "on_scene" and msg.gone == {"I2"}
    body = json.loads(msg.text.split("data: ", 1)[1])
    assert body["g"] == ["I2"] and [f["properties"]["incident"] for f in body["i"]] == ["I1"]
    text, _, _ = s.bc.snapshot()                                # a new screen gets only what is active
    assert [f["properties"]["incident"] for f in json.loads(text.split("data: ", 1)[1])["i"]] == ["I1"]


def test_a_screen_that_fell_behind_gets_the_net_incident_changes():
    s = Screens()
    _, epoch, seq = s.bc.snapshot()
    s.picture.apply_incident(IncidentEvent(incident="I1", ts=s.clock, lat=51.4, lon=0.5, status="open"))
    s.bc.tick()
    s.picture.apply_incident(IncidentEvent(incident="I1", ts=s.clock + 1, status="closed"))
    s.picture.apply_incident(IncidentEvent(incident="I3", ts=s.clock + 1, lat=51.2, lon=0.4, status="open"))
    s.bc.tick()
    one = merge(s.bc.wait_after(epoch, seq, 0))
    assert list(one.incidents) == ["I3"] and one.gone == {"I1"}


def test_a_failing_moment_does_not_stop_the_screens_updates():
    calls = {"n": 0}

    def flaky_now():
        calls["n"] += 1
        if 2 <= calls["n"] <= 3:                # the first call is the starting snapshot
            raise RuntimeError("clock unreadable")
        return (1000.0, False)

    s = Screens(now=flaky_now)
    s.bc.tick_s = 0.01
    _, epoch, seq = s.bc.snapshot()
    s.unit("A", 51.38, 0.52)
    with s.bc.screen():                                         # starts the broadcaster's thread
        got = s.bc.wait_after(epoch, seq, 5.0)
    assert got and "A" in got[-1].full and calls["n"] > 3


def test_the_stream_sends_a_screen_that_fell_behind_one_merged_message():
    from dashboard.web.push.routes import unit_events
    s = Screens()
    stream = unit_events(s.bc, max_s=5.0)
    assert next(stream).startswith("retry")
    assert next(stream).startswith("event: snapshot")
    for lat in (51.30, 51.31, 51.32):                     # three ticks before the screen reads again
        s.unit("A", lat, 0.5)
        s.bc.tick()
    text = next(stream)
    body = json.loads(text.split("data: ", 1)[1])
    assert text.startswith("event: delta") and [r[0] for r in body["u"]] == ["A"] and body["u"][0][1] == 51.32
    stream.close()
