from dashboard.core.clock import ReplayClock, feed_now


def test_wall_clock_without_a_replay():
    assert feed_now(None, wall_now=1000.0) == (1000.0, False)


def test_fresh_replay_clock_runs_at_its_speed():
    clock = ReplayClock(ts=500.0, speed=60.0, wall=1000.0)
    assert feed_now(clock, wall_now=1002.0) == (620.0, True)


def test_paused_replay_holds_still():
    assert feed_now(ReplayClock(500.0, 0.0, 1000.0), wall_now=1001.0) == (500.0, True)


def test_forgotten_replay_clock_falls_back_to_wall_time():
    assert feed_now(ReplayClock(500.0, 1.0, 1000.0), wall_now=1100.0) == (1100.0, False)


def test_a_replay_clock_last_read_fresh_runs_on_while_the_feed_is_lost():
    clock = ReplayClock(500.0, 10.0, 1000.0)   # read at 1000.5, then Redis went away
    assert feed_now(clock, wall_now=1100.0, seen_wall=1000.5) == (1500.0, True)
    # read and found stale (the replay stopped, Redis still answers): the wall clock
    assert feed_now(clock, wall_now=1100.0, seen_wall=1099.5) == (1100.0, False)


def test_a_replay_clock_in_any_contract_time_is_read():
    """jru:clock's times follow the contract's time rule: ISO 8601 or Unix milliseconds were read as
    no clock at all, and every replayed unit showed stale against the wall clock."""
    from dashboard.feed.clock import parse_clock
    iso, _ = parse_clock({"ts": "2026-11-25T21:05:00Z", "speed": "10", "wall": "2026-12-06T22:00:00+00:00"})
    ms, _ = parse_clock({"ts": "1795640700000", "speed": "10", "wall": "1796594400000"})
    assert iso == ms == ReplayClock(1795640700.0, 10.0, 1796594400.0)
    assert parse_clock({"ts": "yesterday", "wall": "1796594400"}) == (None, None)


def test_a_replay_clock_with_a_speed_that_is_no_speed_is_no_clock():
    """`speed` "nan" made feed time NaN on every screen (units all stale, ages "nan"); "-1" ran it
    backwards. Such a clock is unreadable: the wall clock stands, as for any broken clock."""
    from dashboard.feed.clock import parse_clock
    fields = {"ts": "1795640700", "wall": "1796594400"}
    for bad in ("nan", "inf", "-1", "1e3", "fast", ""):
        assert parse_clock({**fields, "speed": bad}) == (None, None), bad
    assert parse_clock({**fields, "speed": "0"})[0].speed == 0.0                # paused
    assert parse_clock({**fields, "speed": " 60.0 "})[0].speed == 60.0
