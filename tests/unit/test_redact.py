"""Issue 13.6: every secret a URL can carry is masked; feed text is cut."""
from dashboard.core.redact import REASON_MAX, mask_url, public_health, short_text


def test_every_secret_a_url_can_carry_is_masked():
    cases = {
        "redis://:pw1@h:6379/0": "redis://:***@h:6379/0",
        "redis://alice:pw2@h/0": "redis://alice:***@h/0",
        "rediss://pw3@h/0": "rediss://***@h/0",                       # a lone password, written as a user
        "unix:///run/redis.sock?password=pw4&db=2": "unix:///run/redis.sock?password=***&db=2",
        "redis+sentinel://:pw5@a:26379,b:26379/mymaster/0": "redis+sentinel://:***@a:26379,b:26379/mymaster/0",
        "redis://h/0?sentinel_password=pw6&socket_timeout=3": "redis://h/0?sentinel_password=***&socket_timeout=3",
        "redis://h/0?ssl_keyfile_password=pw7": "redis://h/0?ssl_keyfile_password=***",
        "redis://h:6379/0": "redis://h:6379/0",
    }
    for url, masked in cases.items():
        assert mask_url(url) == masked, url
    assert mask_url(None) is None


def test_reasons_are_cut_and_control_characters_blanked():
    assert short_text("fine") == "fine"
    cut = short_text("x" * 1_000_000)
    assert len(cut) <= REASON_MAX + 10 and cut.endswith("(cut)")
    assert "\n" not in short_text("a\nb\x1b[31m")


def test_public_health_keeps_what_a_load_balancer_needs():
    body = {"status": "ok", "redis": {"reachable": True, "url": "redis://:***@h", "error": None},
            "feed": {"caught_up": True, "reader_stuck": False, "last_entry_age_s": 1.0, "lag_s": 0.1},
            "recent_rejects": [{"reason": "bad"}], "warnings": ["w"]}
    assert public_health(body) == {"status": "ok", "redis": {"reachable": True},
                                   "feed": {"caught_up": True, "reader_stuck": False, "last_entry_age_s": 1.0}}
