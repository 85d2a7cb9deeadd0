"""Times as the dashboard writes and reads them: the one home for ISO text.

Unix seconds inside; ISO 8601 UTC with a Z (whole seconds) on the way out
(API, screens, CSV, demo history). The feed contract's own strict rule for
inbound times (offset required, range checked) is `contract.parse_ts`; files
imported for replay are read more leniently by `parse_time` here.
Every function is O(1).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo

MS_THRESHOLD = 1e11   # a number above this is milliseconds (1e11 s is the year 5138)
# Plain ASCII decimals only: float() would also take "5_1.3" (as 51.3), Arabic-Indic
# digits, "1e2" and "nan"; a feeding system that sends those has a bug worth a reject.
DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")


def iso(ts: float | None) -> str | None:
    """Unix seconds -> '2026-03-01T18:04:05Z' (truncated to the second); None stays None."""
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def from_iso(value: str | float | None) -> float | None:
    """What `iso` wrote (or any ISO 8601 with an offset, or a number) -> Unix seconds."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def parse_time(text: str, naive_zone: tzinfo) -> tuple[float, bool]:
    """A time in an imported file -> (Unix seconds, was naive). Numbers are seconds,
    or milliseconds above MS_THRESHOLD; ISO 8601 without an offset is taken as
    `naive_zone` local time. Raises ValueError when it is not a time."""
    t = text.strip()
    if DECIMAL_RE.match(t):   # the contract's numbers: float() alone took 'nan', 'inf', '1e300' and '5_1'
        number = float(t)
        return (number / 1000.0 if number > MS_THRESHOLD else number), False
    parsed = datetime.fromisoformat(t.replace("z", "Z").replace(" Z", "Z"))
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=naive_zone).timestamp(), True
    return parsed.timestamp(), False
