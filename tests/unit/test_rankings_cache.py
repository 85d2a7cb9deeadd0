"""The suggestions' cache (dashboard/service/rankings.py): shared by screens, and small for days.

Its keys carry a 2-second slice of feed time, so a key of a past slice is never asked again.
Until 2026-12-06 the cache was one dict cleared at 2,000 entries: with 20 open incidents and one
screen it held ~25 MB of such dead rankings before each clear.
"""
from __future__ import annotations

from dashboard.core.contract import parse_incident_event, parse_unit_report
from dashboard.core.eta import StraightLineModel
from dashboard.core.picture import Picture
from dashboard.service.eta import Eta, RankRules
from dashboard.service.rankings import KEEP_S, Rankings

T0 = 1.8e9


class Clock:
    """Feed time, moved by the test."""

    def __init__(self) -> None:
        self.t = T0

    def now(self) -> tuple[float, bool]:
        return self.t, False


class CountingEta(Eta):
    def __init__(self) -> None:
        super().__init__(StraightLineModel(), RankRules(120.0, {}, []))
        self.ranked = 0

    def rank(self, *args, **kwargs):
        self.ranked += 1
        return super().rank(*args, **kwargs)


def picture(open_incidents: int = 20) -> Picture:
    pic = Picture()
    for i in range(12):
        pic.apply_unit(parse_unit_report({"unit": f"JRU-{i}", "ts": str(T0 - 5), "lat": f"{51.33 + i * 0.01:.4f}",
                                          "lon": f"{0.25 + i * 0.04:.4f}", "status": "available"}))
    for k in range(open_incidents):
        pic.apply_incident(parse_incident_event({"incident": f"INC-{k}", "ts": str(T0 - 60), "category": "C2",
                                                 "lat": f"{51.35 + k * 0.004:.4f}", "lon": f"{0.3 + k * 0.02:.4f}"}))
    return pic


def test_screens_asking_in_the_same_slice_share_one_ranking():
    wall = [0.0]
    eta, clock = CountingEta(), Clock()
    rankings = Rankings(picture(), clock, eta, wall=lambda: wall[0])
    first = rankings.suggestions_json("INC-3")
    for _ in range(9):                       # nine more screens, same second
        assert rankings.suggestions_json("INC-3") == first
    assert eta.ranked == 1
    clock.t += 2.0                           # the next slice: worked out afresh
    rankings.suggestions_json("INC-3")
    assert eta.ranked == 2


def test_a_screen_refreshing_for_hours_leaves_only_seconds_of_results():
    wall = [0.0]
    clock = Clock()
    rankings = Rankings(picture(), clock, CountingEta(), wall=lambda: wall[0])
    sizes = []
    for step in range(3 * 3600):             # 3 h of a screen refreshing every second
        rankings.suggestions_json(f"INC-{step % 20}")
        rankings.queue_tops([f"INC-{k}" for k in range(8)])
        wall[0] += 1.0
        clock.t += 1.0
        sizes.append(rankings.cached_entries())
    # each second asks 3 results (the incident's ranking, the open ones', the queue rows'); a
    # generation keeps KEEP_S seconds of them, and the one before is kept too
    assert max(sizes) <= 3 * 2 * (KEEP_S + 1)
    # and what it serves is what a fresh computation gives
    fresh = Rankings(rankings.picture, clock, CountingEta(), wall=lambda: wall[0])
    assert rankings.suggestions_json("INC-5") == fresh.suggestions_json("INC-5")


def test_also_top_for_names_the_most_urgent_other_incident_the_unit_is_first_for():
    """Built from the queue in order, the last incident overwrote the first: the panel warned
    "also top for MINOR-C4" and hid the clash with a C1 cardiac arrest (found by review)."""
    pic = Picture()
    pic.apply_unit(parse_unit_report({"unit": "JRU-1", "ts": str(T0 - 5), "lat": "51.40", "lon": "0.53"}))
    pic.apply_unit(parse_unit_report({"unit": "JRU-FAR", "ts": str(T0 - 5), "lat": "51.30", "lon": "0.90"}))
    for inc, cat, dlon in (("SELECTED", "C2", 0.000), ("CARDIAC-C1", "C1", 0.004), ("MINOR-C4", "C4", 0.008)):
        pic.apply_incident(parse_incident_event({"incident": inc, "ts": str(T0 - 60), "category": cat,
                                                 "lat": "51.401", "lon": f"{0.531 + dlon:.3f}"}))
    also = {s["unit"]: s["also_top_for"] for s in Rankings(pic, Clock(), CountingEta()).suggestions_json(
        "SELECTED")["suggestions"]}
    assert also == {"JRU-1": "CARDIAC-C1", "JRU-FAR": None}


def test_a_change_while_a_ranking_is_worked_out_is_not_cached_under_the_new_version():
    """The incident was read before the version that keys the cache: a close applied between
    left the open incident's suggestions cached as the answer for the closed one (review).

    The feed gets in through the clock the service is given: `ranking` reads feed time after
    the incident, so a close applied while the clock is read lands after the incident read and,
    in the old order, before the version read (in the fixed order, after both)."""
    pic = picture(open_incidents=1)

    class FeedMovesWhileTheClockIsRead(Clock):
        closes: str | None = "INC-0"

        def now(self) -> tuple[float, bool]:
            if self.closes is not None:    # once: the reader's write, between the service's reads
                pic.apply_incident(parse_incident_event({"incident": self.closes, "ts": str(T0 + 1),
                                                         "status": "closed"}))
                self.closes = None
            return super().now()

    eta = CountingEta()
    rankings = Rankings(pic, FeedMovesWhileTheClockIsRead(), eta)
    first = rankings.ranking("INC-0")
    assert pic.incident("INC-0").status == "closed"          # the write did happen during the call
    assert first is not None and first.suggestions           # worked out for the incident as it was read
    again = rankings.ranking("INC-0")
    assert eta.ranked == 2 and again.suggestions == []        # a new key: the closed incident suggests nobody
