"""Words and numbers as the control room reads them: the one home of duration and
distance text (panels, suggestion reasons, exclusions). Pure, O(1)."""
from __future__ import annotations

import math


def duration(seconds: float | None) -> str:
    """'45 s', '6 min', '2 h 05'."""
    if seconds is None:
        return "-"
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if round(s / 60) < 60:   # 59 min 40 s read "60 min" beside "1 h 00"
        return f"{round(s / 60)} min"
    s = max(s, 3600)
    return f"{s // 3600} h {(s % 3600) // 60:02d}"


def clock_time(seconds: float | None) -> str:
    """'7:29', '1:05:00' (m:ss, h:mm:ss): for a time beside a target, where `duration`'s whole minutes
    read 7 min 29 s as "7 min" beside a 7-min target. Rounded up to the second, so a miss never reads as met."""
    if seconds is None:
        return "-"
    s = math.ceil(round(max(seconds, 0.0), 3))
    h, m = divmod(s // 60, 60)
    return f"{h}:{m:02d}:{s % 60:02d}" if h else f"{m}:{s % 60:02d}"


def distance(metres: float | None) -> str:
    if metres is None:
        return "-"
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def where(incident: dict, exact: bool = True) -> str:
    """Where an incident is, in words: "near ME7 5NY, Gillingham (Medway)" when `exact` and known,
    else its district. Public screens pass exact=False: a postcode can identify a home."""
    if exact and incident.get("near"):
        return incident["near"]
    return incident.get("area") or "outside the districts"


def call_signs(units: list[str], shown: int = 2) -> str:
    """An incident's units in a row's few words: 'JRU-MW-1', 'JRU-MW-1, JRU-SW-2', 'JRU-MW-1, JRU-SW-2 +1';
    '-' for none."""
    if not units:
        return "-"
    more = len(units) - shown
    return ", ".join(units[:shown]) + (f" +{more}" if more > 0 else "")
