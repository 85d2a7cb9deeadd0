"""What a screen is sent: full records for new or changed units, small moves otherwise."""
from dashboard.core.picture import Unit
from dashboard.push import UnitEncoder


def u(name, lat, lon, status="available", kind="joint"):
    return Unit(unit=name, ts=0, lat=lat, lon=lon, status=status, kind=kind, fix_ts=0)


def decode_move(encoder_base, m):
    return encoder_base[0] + m[1] / 1e5, encoder_base[1] + m[2] / 1e5


def test_snapshot_then_moves_as_small_integers_and_changes_as_full_records():
    enc = UnitEncoder()
    snap = enc.snapshot([(u("A", 51.38, 0.52), False), (u("B", 51.44, 0.76), False),
                         (Unit(unit="NOFIX", ts=0), False)])
    assert [r[0] for r in snap["units"]] == ["A", "B"]            # a unit with no fix cannot be drawn
    delta = enc.delta([(u("A", 51.39123, 0.53456), False), (u("B", 51.44, 0.76, status="en_route"), False),
                       (u("C", 51.30, 0.40), False)])
    assert delta["m"][0][0] == 0 and all(isinstance(x, int) for x in delta["m"][0])
    lat, lon = decode_move(snap["base"], delta["m"][0])
    assert abs(lat - 51.39123) < 1e-5 and abs(lon - 0.53456) < 1e-5
    assert [r[0] for r in delta["u"]] == ["B", "C"] and delta["u"][0][3] == "en_route"
    assert enc.index == {"A": 0, "B": 1, "C": 2}                  # the client appends C in the same order
    assert enc.delta([(u("B", 51.44, 0.76, status="en_route"), True)])["u"][0][4] == 1   # now stale
    assert enc.delta([]) is None


def test_a_move_is_much_smaller_than_a_full_record():
    import json
    enc = UnitEncoder()
    enc.snapshot([(u(f"JRU-MW-{i}", 51.3 + i / 1000, 0.5), False) for i in range(100)])
    moved = enc.delta([(u(f"JRU-MW-{i}", 51.3 + i / 1000 + 0.0013, 0.5012), False) for i in range(100)])
    full = [[f"JRU-MW-{i}", 51.30013, 0.5012, "available", 0, "joint"] for i in range(100)]
    assert len(json.dumps(moved, separators=(",", ":"))) < 0.5 * len(json.dumps(full, separators=(",", ":")))
