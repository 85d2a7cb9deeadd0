"""Times as the dashboard writes and reads them: the one home for ISO text.

Unix seconds inside; ISO 8601 UTC with a Z (whole seconds) on the way out
(API, CSV, demo history). People read and type UK local time (GMT, BST in
summer), named, as the control room's own clocks: `UK_ZONE`, `uk_clock`. The
feed contract's own strict rule for inbound times (offset required, range
checked) is `contract.parse_ts`; files imported for replay are read more
leniently by `parse_time` here.
Every function is O(1).
"""
from __future__ import annotations

import re
from datetime import date, datetime, time as clock, timezone, tzinfo
from zoneinfo import ZoneInfo

MS_THRESHOLD = 1e11   # a number above this is milliseconds (1e11 s is the year 5138)
# Plain ASCII decimals only: float() would also take "5_1.3" (as 51.3), Arabic-Indic
# digits, "1e2" and "nan"; a feeding system that sends those has a bug worth a reject.
DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
UK_ZONE = ZoneInfo("Europe/London")   # every clock a person reads: the wall, the replay bar, unit history, /stats


def uk_clock(ts: float, form: str = "%H:%M:%S") -> str:
    """Unix seconds -> UK local time as `form` (strftime; "%Z" names it GMT or BST)."""
    return datetime.fromtimestamp(ts, UK_ZONE).strftime(form)


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


UK_DATES = ("%d/%m/%Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d")   # day first: 03/11 is the 3rd of November


def uk_date(text: str | None) -> date | None:
    """A date as typed in the UK: "03/11/2026" (day first), "3 Nov 2026", or ISO "2026-11-03"; None if blank.
    Raises ValueError on anything else (never month first). A browser's own date box follows its locale
    (mm/dd/yyyy in an en-US one), so the screens take text."""
    text = (text or "").strip()
    if not text:
        return None
    for form in UK_DATES:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            pass
    raise ValueError(f"not a date: {text!r}")


def uk_moment(text: str | None) -> str:
    """A UK local time as typed: a `uk_date` and "HH:MM[:SS]" ("14/06/2025 21:30", BST then), or ISO
    "2025-06-14T21:30" -> '2025-06-14T20:30:00Z'. In the hour the clocks go back, the first (BST) is meant.
    Raises ValueError, in words a duty officer can act on, on anything else."""
    text = (text or "").strip().replace("T", " ")
    day, _, hour = text.rpartition(" ")
    try:
        when = datetime.combine(uk_date(day) or date.min, clock.fromisoformat(hour))
        if not day:
            raise ValueError
    except ValueError:
        raise ValueError(f"Not a time: {text[:40]!r}. Type it as dd/mm/yyyy hh:mm (UK time).") from None
    return iso(when.replace(tzinfo=UK_ZONE).timestamp())
