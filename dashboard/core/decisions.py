"""Decision replay: what the dashboard would have suggested against the unit
that actually went, and a summary over a period; and the control room's own check
of the ETAs: how long the unit sent took to be on scene, against its ETA. Pure code."""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from dashboard.core.text import duration
from dashboard.core.times import iso


@dataclass(frozen=True, slots=True)
class Decision:
    incident: str
    ts: float                    # when the unit was assigned (feed time)
    actual_unit: str
    actual_eta_s: float | None   # None: the unit that went had no usable fix
    suggested_unit: str | None
    suggested_eta_s: float | None
    suggested_spread_s: float = 0.0   # how far off the suggested ETA may be (the ranking's eta_spread_s)
    actual_spread_s: float = 0.0      # ... and the ETA of the unit that went
    arrived_s: float | None = None    # assigned -> on scene, once the unit that went is there (feed times)

    @property
    def differs(self) -> bool:
        return self.suggested_unit is not None and self.suggested_unit != self.actual_unit

    @property
    def saving_s(self) -> float:
        """Drive time the suggestion would have saved: 0 when it agreed, was slower, or was faster by
        no more than its ETA may be off (a near-tie the model cannot call, not a saving). Once the unit
        sent is on scene, its time is the smaller of its ETA and what it took: a unit there in 1 min 40 s
        on an ETA of 14 min cannot have lost 14 min, and a late one may have lost its time getting going,
        which the suggested unit would have taken too."""
        if not self.differs or self.actual_eta_s is None or self.suggested_eta_s is None:
            return 0.0
        sent_took = self.actual_eta_s if self.arrived_s is None else min(self.actual_eta_s, self.arrived_s)
        gain = sent_took - self.suggested_eta_s
        return gain if gain > self.suggested_spread_s else 0.0

    def as_json(self) -> dict:
        return {"incident": self.incident, "ts": iso(self.ts), "actual_unit": self.actual_unit,
                "actual_eta_s": None if self.actual_eta_s is None else round(self.actual_eta_s),
                "suggested_unit": self.suggested_unit,
                "suggested_eta_s": None if self.suggested_eta_s is None else round(self.suggested_eta_s),
                "suggested_spread_s": round(self.suggested_spread_s),
                "differs": self.differs, "saving_s": round(self.saving_s),
                "actual_spread_s": round(self.actual_spread_s),
                "arrived_s": None if self.arrived_s is None else round(self.arrived_s)}


def summarise(decisions: list[Decision], start: float | None = None, end: float | None = None) -> dict:
    """How often the suggestion differed from what was done; how often it was faster beyond its ETA's
    error (`faster`), and the time those would have saved."""
    period = _in_period(decisions, start, end)
    chosen = [d for d in period if d.suggested_unit is not None]   # no unit could be suggested: nothing to compare
    differ = [d for d in chosen if d.differs]
    savings = [d.saving_s for d in differ if d.saving_s > 0]
    return {"decisions": len(chosen), "no_suggestion": len(period) - len(chosen), "differ": len(differ),
            "faster": len(savings),
            "differ_share": (len(differ) / len(chosen)) if chosen else None,
            "saved_total_s": round(sum(savings)),
            "saved_mean_s": round(sum(savings) / len(savings)) if savings else 0}


def in_words(summary: dict) -> str:
    """The summary as one sentence (the replay bar and the statistics tile both say it): what
    differed, and what would have been saved only where the suggestion was faster beyond its ±."""
    n, differ, faster = summary["decisions"], summary["differ"], summary["faster"]
    dispatches = f"{n} dispatch{'es' if n > 1 else ''}"
    if not n:
        return "no dispatch to compare with its suggestion"
    if not differ:
        return f"the suggested unit was sent in {'all ' if n > 1 else ''}{dispatches}"
    said = f"the unit sent differed from the suggestion in {differ} of {dispatches} ({100 * differ / n:.0f}%); "
    if not faster:
        return said + "the suggestion was never faster by more than its ETA's ±: no driving would have been saved"
    return (said + f"the suggestion was faster beyond its ETA's ± in {faster}: "
            f"{duration(summary['saved_total_s'])} of driving could have been saved")


def arrivals(decisions: list[Decision], start: float | None = None, end: float | None = None) -> dict:
    """The ETAs against what happened: of the units sent (with an ETA) that have reached the
    scene, how many arrived within their ETA's ±, later, or sooner (and the share within), and the
    median of arrival time - ETA: one measure, so "late" and "early" cannot both be said (a median
    of arrival / ETA beside it once read "3.01 x the ETA, 6 min before it"). Arrival runs from the
    assignment to the on-scene event, so it includes how promptly that is reported and the crew's
    getting going (a steady lateness: `JRU_MOBILISE_S` adds it to every ETA)."""
    done = [d for d in _in_period(decisions, start, end) if d.arrived_s is not None and d.actual_eta_s]
    later = sum(d.arrived_s > d.actual_eta_s + d.actual_spread_s for d in done)
    sooner = sum(d.arrived_s < d.actual_eta_s - d.actual_spread_s for d in done)
    late = statistics.median(d.arrived_s - d.actual_eta_s for d in done) if done else None
    ratio = statistics.median(d.arrived_s / d.actual_eta_s for d in done) if done else None   # the API's, kept
    return {"arrivals": len(done), "within": len(done) - later - sooner, "later": later, "sooner": sooner,
            "within_share": (len(done) - later - sooner) / len(done) if done else None,
            "median_ratio": None if ratio is None else round(ratio, 2),
            "median_late_s": None if late is None else round(late)}


def _in_period(decisions: list[Decision], start: float | None, end: float | None) -> list[Decision]:
    return [d for d in decisions if (start is None or d.ts >= start) and (end is None or d.ts <= end)]


def arrivals_in_words(summary: dict) -> str:
    """The arrivals' summary in words, under the tile's "within of arrivals"."""
    n = summary["arrivals"]
    if not n:
        return "no unit sent has reached its scene yet"
    late = summary["median_late_s"]
    when = "on the ETA" if late == 0 else f"{duration(abs(late))} {'after' if late > 0 else 'before'} the ETA"
    return (f"on scene within their ETA's ±; {summary['later']} later, {summary['sooner']} sooner; "
            f"median arrival {when}")
