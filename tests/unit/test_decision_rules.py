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


def test_the_summary_in_words_claims_a_saving_only_where_there_was_one():
    """The stats tile said "0 of 1 differed ...; faster beyond its ETA's ± in 0: 0 s drive time it
    would have saved" when the officer sent the suggested unit; the replay bar said it another way."""
    from dashboard.core.decisions import in_words
    agreed = Decision("I1", 0.0, "SAME", 300.0, "SAME", 300.0, suggested_spread_s=30.0)
    tie = Decision("I2", 1.0, "SENT", 620.0, "SUGGESTED", 600.0, suggested_spread_s=48.0)
    clear = Decision("I3", 2.0, "SENT", 900.0, "SUGGESTED", 600.0, suggested_spread_s=48.0)
    assert in_words(summarise([])) == "no dispatch to compare with its suggestion"
    assert in_words(summarise([agreed])) == "the suggested unit was sent in 1 dispatch"
    assert in_words(summarise([agreed, agreed])) == "the suggested unit was sent in all 2 dispatches"
    near = in_words(summarise([agreed, tie]))
    assert near.startswith("the unit sent differed from the suggestion in 1 of 2 dispatches (50%)")
    assert "no driving would have been saved" in near and "could have been saved" not in near
    assert in_words(summarise([tie, clear, agreed])).endswith(
        "the suggestion was faster beyond its ETA's ± in 1: 5 min of driving could have been saved")


def test_arrivals_are_counted_against_each_sent_units_eta_and_its_spread():
    """The control room's own check of the ETAs: on scene within the ETA's ±, later, or sooner."""
    from dashboard.core.decisions import arrivals, arrivals_in_words
    sent = lambda i, eta, spread, arrived: Decision(f"I{i}", float(i), "SENT", eta, "SENT", eta,  # noqa: E731
                                                   suggested_spread_s=spread, actual_spread_s=spread,
                                                   arrived_s=arrived)
    held = [sent(0, 600.0, 48.0, 640.0), sent(1, 600.0, 48.0, 560.0), sent(2, 300.0, 30.0, 300.0)]
    late, early = sent(3, 600.0, 48.0, 700.0), sent(4, 600.0, 48.0, 500.0)
    on_the_way = sent(5, 600.0, 48.0, None)
    no_fix = Decision("I6", 6.0, "SENT", None, "OTHER", 300.0, arrived_s=400.0)   # no ETA to hold it to
    a = arrivals([*held, late, early, on_the_way, no_fix])
    assert (a["arrivals"], a["within"], a["later"], a["sooner"]) == (5, 3, 1, 1)
    assert a["within_share"] == 0.6
    assert a["median_late_s"] == 0
    assert arrivals_in_words(a) == ("on scene within their ETA's ±; 1 later, 1 sooner; "
                                    "median arrival on the ETA")
    assert arrivals_in_words(arrivals([late, late, early])).endswith("median arrival 2 min after the ETA")
    assert arrivals_in_words(arrivals([early])).endswith("median arrival 2 min before the ETA")
    assert arrivals([late, early], start=3.5)["arrivals"] == 1          # the period's dispatches only
    assert arrivals([on_the_way])["median_late_s"] is None and arrivals([on_the_way])["within_share"] is None
    assert arrivals_in_words(arrivals([])) == "no unit sent has reached its scene yet"
    assert late.as_json()["arrived_s"] == 700 and on_the_way.as_json()["arrived_s"] is None


def test_the_arrivals_say_late_or_early_one_way():
    """Review: "median arrival 3.01 x the ETA, 6 min before it": the median of the ratios said late and
    the median of the differences early. One sent on an ETA of 855 s there in 100 s, one on 9 s in 54 s."""
    from dashboard.core.decisions import arrivals, arrivals_in_words
    quick = Decision("D1", 0.0, "F1", 855.0, "F1", 855.0, actual_spread_s=60.0, arrived_s=100.0)
    slow = Decision("D2", 1.0, "N2", 9.0, "N2", 9.0, actual_spread_s=30.0, arrived_s=54.0)
    a = arrivals([quick, slow])
    assert (a["within"], a["later"], a["sooner"], a["within_share"], a["median_late_s"]) == (0, 1, 1, 0.0, -355)
    words = arrivals_in_words(a)
    assert words == "on scene within their ETA's ±; 1 later, 1 sooner; median arrival 6 min before the ETA"
    assert " x " not in words and "after" not in words


def test_no_saving_larger_than_the_time_the_unit_sent_took():
    """Review: "14 min of driving could have been saved", yet the unit sent was on scene in 1 min 40 s."""
    from dashboard.core.decisions import in_words
    sent = Decision("D1", 0.0, "F1", 855.0, "N1", 10.0, suggested_spread_s=30.0)
    assert sent.saving_s == 845.0                                      # on its way: the ETAs are all there is
    there = Decision("D1", 0.0, "F1", 855.0, "N1", 10.0, suggested_spread_s=30.0, arrived_s=100.0)
    assert there.saving_s == 90.0 and there.saving_s <= there.arrived_s   # what it took, less the suggestion's
    assert there.as_json()["saving_s"] == 90
    assert in_words(summarise([there])).endswith("in 1: 2 min of driving could have been saved")
    tie = Decision("D2", 0.0, "F1", 855.0, "N1", 60.0, suggested_spread_s=48.0, arrived_s=100.0)
    assert tie.saving_s == 0.0                                         # 40 s: within the suggestion's ±
    late = Decision("D3", 0.0, "F1", 855.0, "N1", 10.0, suggested_spread_s=30.0, arrived_s=1500.0)
    assert late.saving_s == 845.0   # a late arrival's getting going would have held the other unit up too
