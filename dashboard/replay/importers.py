"""Import incident files into the feed: a plain CSV, or data.police.uk street-level crimes.

Each row becomes an `open` event at its time (and `assigned` with its unit, if
the file names one) and a `closed` event 20-90 minutes later (stable per row).
Awkward rows are normal in real exports and never fatal: each kind is counted
in `ImportReport.counts` and reported at the end. A file that cannot be read
at all (not text/CSV, required columns missing, a time that does not parse or
is no moment in 1970..9999, such as nan or 1e300) raises `BadFile` naming the row and column.

Formats (detected from the header):
- plain: time (time/datetime/timestamp/date_time/ts), lat (lat/latitude),
  lon (lon/lng/long/longitude), optional type, id, unit, summary. Times are
  ISO 8601 or Unix seconds; a time without offset is taken as UK local time.
- police: the data.police.uk columns (Crime ID, Month, Reported by, Falls
  within, Longitude, Latitude, Location, LSOA code, LSOA name, Crime type,
  Last outcome category, Context). Month is YYYY-MM: rows are spread over the
  month by a hash of the row, so the same file always gives the same times.

Cost: parsing ~10 us a row (csv module); the area check ~20 us a row.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dashboard.core import times
from dashboard.core.contract import CALL_SIGN_RE, INCIDENT_ID_RE, INCIDENT_TYPES, TS_MAX
from dashboard.core.times import UK_ZONE

BULK_CHUNK = 10_000   # events per progress step when writing as fast as possible
PACED_MAX = 5000      # events per tick at most when paced
TIME_NAMES = ("time", "datetime", "timestamp", "date_time", "ts", "date")
LAT_NAMES = ("lat", "latitude")
LON_NAMES = ("lon", "lng", "long", "longitude")
POLICE_REQUIRED = ("Month", "Longitude", "Latitude", "Crime type")
POLICE_TYPES = {"Violence and sexual offences": "assault", "Public order": "disorder",
                "Anti-social behaviour": "disorder"}
TYPE_SYNONYMS = {"rta": "rtc", "collision": "rtc", "road traffic collision": "rtc",
                 "mental health": "mental_health", "mental-health": "mental_health",
                 "violence": "assault", "public order": "disorder", "asb": "disorder"}
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
CLOSE_MAX_S = 90 * 60  # an incident's last event: closed 20-90 minutes after it opened


class BadFile(ValueError):
    """The file cannot be imported; the message names the row and column when it can."""


@dataclass
class ImportReport:
    """What an import read and did; `counts` holds each kind of awkward row."""
    path: str
    fmt: str = ""
    rows: int = 0
    incidents: int = 0
    events: int = 0
    counts: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [f"{self.path}: {self.fmt} format, {self.rows} rows, {self.incidents} incidents, "
               f"{self.events} events"]
        out += [f"  {k.replace('_', ' ')}: {v}" for k, v in sorted(self.counts.items())]
        return out


def _stable_hash(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).hexdigest()


def _open_text(path: Path) -> list[str]:
    """The file as text lines; binary or non-text content is a BadFile."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadFile(f"{path}: cannot read ({exc.strerror})") from None
    if b"\x00" in raw[:4096]:
        raise BadFile(f"{path}: not a CSV file (binary content)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # old exports: still text, just not UTF-8
    if not text.strip():
        raise BadFile(f"{path}: empty file (expected a CSV header row)")
    return text.splitlines()


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    low = [h.strip().lower() for h in header]
    for name in names:
        if name in low:
            return low.index(name)
    return None


def parse_time(text: str) -> tuple[float, bool]:
    """(Unix seconds, was naive): naive times in a file are UK local time."""
    return times.parse_time(text, UK_ZONE)


def _location(lat_text: str, lon_text: str) -> tuple[float, float] | None:
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return lat, lon


def _check_time(ts: float, path: Path, line: int, col: str, text: str) -> float:
    """ts, if it and the events made from it are contract times; else BadFile naming the row.

    float() takes 'nan', 'inf' and '1e300': written as given they were rejected by every reader,
    or held a paced import's clock at -inf for good."""
    if not (math.isfinite(ts) and 0.0 <= ts and ts + CLOSE_MAX_S < TS_MAX):
        raise BadFile(f"{path}: row {line}, column '{col}': time '{text[:40]}' is not a moment in "
                      "1970-01-01..9999-12-31 UTC")
    return ts


def _area_check():
    try:
        from dashboard.core.areas import AreaIndex
        from dashboard.core.boundary_files import load_boundaries
        return AreaIndex(load_boundaries())
    except Exception:
        return None


def _normal_type(text: str, counts: Counter) -> str:
    t = text.strip().lower()
    t = TYPE_SYNONYMS.get(t, t)
    if t in INCIDENT_TYPES:
        return t
    counts["types_mapped_to_other"] += 1
    return "other"


def _month_time(month: str, key: str) -> float:
    """A stable moment inside month YYYY-MM (UK local), chosen by the row's hash."""
    m = MONTH_RE.match(month.strip())
    if not m:
        raise ValueError(month)
    y, mo = int(m.group(1)), int(m.group(2))
    t0 = datetime(y, mo, 1, tzinfo=UK_ZONE).timestamp()
    t1 = datetime(y + (mo == 12), mo % 12 + 1, 1, tzinfo=UK_ZONE).timestamp()
    frac = int(_stable_hash(key)[:8], 16) / 0x100000000
    return t0 + frac * (t1 - t0)


def read_incidents(path: str | Path) -> tuple[list[tuple[float, dict]], ImportReport]:
    """Parse a file into sorted (ts, fields) incident events and a report. Raises BadFile."""
    path = Path(path)
    lines = _open_text(path)
    try:
        rows = csv.reader(io.StringIO("\n".join(lines)))
        header = next(rows)
    except csv.Error as exc:
        raise BadFile(f"{path}: not a CSV file ({exc})") from None
    report = ImportReport(str(path))
    police = all(c in [h.strip() for h in header] for c in ("Month", "Crime type"))
    if police:
        cols = {c: [h.strip() for h in header].index(c) if c in [h.strip() for h in header] else None
                for c in ("Crime ID", "Month", "Longitude", "Latitude", "Location", "Crime type")}
        missing = [c for c in POLICE_REQUIRED if cols[c] is None]
        report.fmt = "data.police.uk"
    else:
        cols = {"time": _find(header, TIME_NAMES), "lat": _find(header, LAT_NAMES),
                "lon": _find(header, LON_NAMES), "type": _find(header, ("type", "incident_type")),
                "id": _find(header, ("id", "incident", "incident_id")), "unit": _find(header, ("unit",)),
                "summary": _find(header, ("summary", "description"))}
        missing = [f"{k} (one of: {', '.join(n)})" for k, n in
                   (("time", TIME_NAMES), ("latitude", LAT_NAMES), ("longitude", LON_NAMES))
                   if cols[{"latitude": "lat", "longitude": "lon"}.get(k, k)] is None]
        report.fmt = "plain CSV"
    if missing:
        shown = ", ".join(h.strip() for h in header[:12]) or "(nothing)"
        raise BadFile(f"{path}: row 1 (header) is missing required column(s): {', '.join(missing)}; "
                      f"found: {shown}")
    areas = _area_check()
    if areas is None:
        report.counts["area_check_unavailable"] = 1
    events: list[tuple[float, int, dict]] = []
    seen: Counter = Counter()
    for row in rows:
        line = rows.line_num
        if not any(c.strip() for c in row):
            continue
        report.rows += 1

        def cell(name: str) -> str:
            i = cols.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""
        key = "\x1e".join(row)
        if police:
            loc = _location(cell("Latitude"), cell("Longitude"))
            try:
                ts = _month_time(cell("Month"), key)
            except ValueError:
                raise BadFile(f"{path}: row {line}, column 'Month': '{cell('Month')[:40]}' is not YYYY-MM") from None
            _check_time(ts, path, line, "Month", cell("Month"))
            kind = POLICE_TYPES.get(cell("Crime type"), "other")
            raw_id, unit = cell("Crime ID"), ""
            summary = ": ".join(x for x in (cell("Crime type"), cell("Location")) if x)
        else:
            loc = _location(cell("lat"), cell("lon"))
            try:
                ts, naive = parse_time(cell("time"))
            except ValueError:
                col = header[cols["time"]].strip()
                raise BadFile(f"{path}: row {line}, column '{col}': cannot read time "
                              f"'{cell('time')[:40]}' (ISO 8601 or Unix seconds)") from None
            _check_time(ts, path, line, header[cols["time"]].strip(), cell("time"))
            report.counts["times_without_offset_taken_as_uk"] += naive
            kind = _normal_type(cell("type"), report.counts) if cols["type"] is not None else "other"
            raw_id, unit, summary = cell("id"), cell("unit"), cell("summary")
        if loc is None:
            report.counts["skipped_no_location"] += 1
            continue
        seen[key] += 1
        if not raw_id:
            report.counts["generated_ids"] += 1
            inc_id = f"H{_stable_hash(key, str(seen[key]))}"
        elif not INCIDENT_ID_RE.match(raw_id):
            report.counts["ids_replaced_bad_characters"] += 1
            inc_id = f"H{_stable_hash(raw_id)}"
        else:
            inc_id = raw_id
        if unit and not CALL_SIGN_RE.match(unit):
            report.counts["units_dropped_bad_call_sign"] += 1
            unit = ""
        if areas is not None and areas.area_of(loc[1], loc[0]) is None:
            report.counts["outside_boundaries_area_null"] += 1
        report.incidents += 1
        open_f = {"incident": inc_id, "ts": round(ts, 1), "status": "open", "lat": loc[0], "lon": loc[1],
                  "type": kind, "summary": summary[:500] or None}
        events.append((ts, len(events), open_f))
        if unit:
            events.append((ts + 60, len(events), {"incident": inc_id, "ts": round(ts + 60, 1),
                                                  "status": "assigned", "unit": unit}))
        t_close = ts + 60 * (20 + int(_stable_hash(inc_id, "close")[:4], 16) % 71)
        events.append((t_close, len(events), {"incident": inc_id, "ts": round(t_close, 1), "status": "closed"}))
    events.sort(key=lambda e: (e[0], e[1]))
    report.events = len(events)
    return [(ts, f) for ts, _, f in events], report


def write_events(settings, events: list[tuple[float, dict]], *, speed: float | None = None,
                 progress: bool = False, stop=None) -> int:
    """Write (ts, fields) incident events: as fast as possible when `speed` is None
    (pipelines, dashboard/feed/bulk.py), else paced by wall clock at `speed` with the
    replay clock kept (and its epoch, so a running dashboard does not rebuild)."""
    import threading
    import time

    from tqdm import tqdm

    from dashboard.feed.bulk import write_batch
    from dashboard.feed.clock import ClockState, current_epoch
    from dashboard.replay.pacing import Pacer

    client = settings.client()
    stop = stop or threading.Event()
    bar = tqdm(total=len(events), unit="ev", disable=not progress, mininterval=0.5)
    written = 0
    try:
        if speed is None:
            for i in range(0, len(events), BULK_CHUNK):   # a chunk at a time: the bar moves
                written += write_batch(client, settings.keys, incidents=[f for _, f in events[i:i + BULK_CHUNK]])
                bar.update(len(events[i:i + BULK_CHUNK]))
            return written
        if not events:
            return 0
        epoch = current_epoch(client, settings.keys)
        pace = Pacer(events[0][0], speed)
        while written < len(events) and not stop.is_set():
            wall = time.time()
            now = pace.target(wall)
            n0 = written
            while written < len(events) and events[written][0] <= now and written - n0 < PACED_MAX:
                written += 1
            write_batch(client, settings.keys, incidents=[f for _, f in events[n0:written]],
                        clock=ClockState(now, speed, wall, epoch))
            bar.update(written - n0)
            stop.wait(0.1)
        return written
    finally:
        bar.close()
        client.close()


def import_file(settings, path: str | Path, *, speed: float | None = None,
                progress: bool = False) -> ImportReport:
    """Parse and write a file (speed None = max). Raises BadFile before writing anything."""
    events, report = read_incidents(path)
    write_events(settings, events, speed=speed, progress=progress)
    return report
