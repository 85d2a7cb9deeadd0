"""Decision replay's rules (core/decisions.py): what counts as a saving."""
from dashboard.core.decisions import Decision, summarise


def test_a_suggestion_faster_by_less_than_its_etas_error_saved_nothing():
    """A suggestion 20 s quicker on a 10 min drive, whose ETA may be 48 s off, counted 20 s "saved":
    a near-tie the model cannot call was put down against the officer who chose."""
    tie = Decision("I1", 0.0, "SENT", 620.0, "SUGGESTED", 600.0, suggested_spread_s=48.0)
    clear = Decision("I2", 1.0, "SENT", 900.0, "SUGGESTED", 600.0, suggested_spread_s=48.0)
    agreed = Decision("I3", 2.0, "SAME", 300.0, "SAME", 300.0, suggested_spread_s=30.0)
    assert tie.differs and tie.saving_s == 0
    assert clear.saving_s == 300          # beyond the error: the whole difference
    summary = summarise([tie, clear, agreed])
    assert (summary["decisions"], summary["differ"], summary["faster"], summary["saved_total_s"]) == (3, 2, 1, 300)
    assert tie.as_json()["suggested_spread_s"] == 48 and tie.as_json()["saving_s"] == 0
