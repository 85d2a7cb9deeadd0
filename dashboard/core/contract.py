"""The feed contract's rules for one entry: parse and validate, or say why not.

Pure functions from a stream entry's fields (all strings) to typed reports.
Anything that breaks the contract raises `ContractError` with a reason a
person integrating an AVL or CAD system can act on; the feed reader turns that
into a `jru:rejects` entry. No Redis here: the rules are testable on their own.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

from dashboard.core.times import DECIMAL_RE, MS_THRESHOLD   # a plain number above this is milliseconds

CALL_SIGN_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}\Z")  # \Z: "$" would accept a trailing newline
INCIDENT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")

UNIT_STATUSES = ("available", "en_route", "on_scene", "unavailable", "off_duty")
UNIT_KINDS = ("joint", "police", "ambulance")
INCIDENT_STATUSES = ("open", "assigned", "on_scene", "closed")
INCIDENT_TYPES = ("rtc", "medical", "assault", "mental_health", "disorder", "other")
CATEGORIES = ("C1", "C2", "C3", "C4")
GRADES = ("immediate", "priority", "scheduled", "resolution")
SUMMARY_MAX = 500
POSTCODE_MAX = 16   # a UK postcode is at most 8 characters; room for odd spacing, not for essays
BY_MAX = 64   # who accepted: a user name (dashboard/auth/users.py allows 1-64 characters)
TS_MAX = 253402300800.0  # 10000-01-01T00:00:00Z: later times cannot be shown (or stored as ISO)


class ContractError(ValueError):
    """An entry that breaks the feed contract; the message is the reject reason."""


@dataclass(frozen=True, slots=True)
class UnitReport:
    unit: str
    ts: float                     # Unix seconds, UTC
    lat: float | None = None
    lon: float | None = None
    status: str | None = None
    kind: str | None = None
    officers: int | None = None
    paramedics: int | None = None

    @property
    def has_fix(self) -> bool:
        return self.lat is not None


@dataclass(frozen=True, slots=True)
class Assignment:
    """One `jru:assignments` entry: a duty officer accepted a suggestion."""
    incident: str
    unit: str
    ts: float
    by: str = ""

    def as_dispatch(self) -> IncidentEvent:
        """The incident event an Accept amounts to: the decision replay and the arrivals time it as a dispatch."""
        return IncidentEvent(self.incident, self.ts, status="assigned", unit=self.unit)


def feed_ts(ts: float) -> float:
    """A time as the feed writes it, to the millisecond: what a process applies before writing must
    equal what every other process reads back, or the pictures differ."""
    return round(ts, 3)


@dataclass(frozen=True, slots=True)
class IncidentEvent:
    incident: str
    ts: float
    lat: float | None = None
    lon: float | None = None
    status: str | None = None
    type: str | None = None
    category: str | None = None
    grade: str | None = None
    summary: str | None = None
    unit: str | None = None
    postcode: str | None = None   # v1.1: as given; placed by the picture when there is no lat/lon


def decode_fields(raw: Mapping) -> dict[str, str]:
    """A stream entry as Redis holds it (bytes names and values) -> str fields.

    Strict UTF-8 per field: one bad byte anywhere rejects the entry (reason
    `not UTF-8`, contract v1.1) rather than guessing an encoding. str input
    passes through, so tests and tools may hand in decoded entries."""
    fields: dict[str, str] = {}
    for name, value in raw.items():
        try:
            key = name.decode("utf-8") if isinstance(name, bytes) else str(name)
            fields[key] = value.decode("utf-8") if isinstance(value, bytes) else str(value)
        except UnicodeDecodeError:
            raise ContractError("not UTF-8") from None
    return fields


def escaped_fields(raw: Mapping) -> dict[str, str]:
    """The entry for a reject's `raw`: bad bytes shown as \\xNN, never dropped."""
    def text(x) -> str:
        return x.decode("utf-8", errors="backslashreplace") if isinstance(x, bytes) else str(x)
    return {text(k): text(v) for k, v in raw.items()}


def _text(fields: Mapping, name: str) -> str | None:
    """A field's value as str, or None when absent or empty."""
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise ContractError(f"field '{name}' is not valid UTF-8") from None
    value = str(value)
    return value if value.strip() != "" else None


def parse_ts(value: str) -> float:
    """Contract time -> Unix seconds. ISO 8601 needs an offset or Z; numbers are
    seconds, or milliseconds above 10^11."""
    text = value.strip()
    number = float(text) if DECIMAL_RE.match(text) else None
    if number is not None:
        if not math.isfinite(number) or number < 0:
            raise ContractError(f"bad time '{value}': not a finite positive number")
        return _in_range(number / 1000.0 if number > MS_THRESHOLD else number, value)
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise ContractError(f"bad time '{value}': not ISO 8601 or Unix seconds") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ContractError(f"bad time '{value}': ISO time without offset or Z (naive times are rejected)")
    return _in_range(parsed.timestamp(), value)


def _in_range(ts: float, value: str) -> float:
    if not 0.0 <= ts < TS_MAX:
        raise ContractError(f"bad time '{value[:40]}': outside 1970-01-01..9999-12-31 UTC")
    return ts


def _number(fields: Mapping, name: str) -> float | None:
    text = _text(fields, name)
    if text is None:
        return None
    text = text.strip()
    if not DECIMAL_RE.match(text):
        raise ContractError(f"bad number in '{name}': '{text[:40]}' (a plain decimal like 51.3842)")
    number = float(text)
    if not math.isfinite(number):
        raise ContractError(f"bad number in '{name}': '{text[:40]}'")
    return number


def _count(fields: Mapping, name: str) -> int | None:
    text = _text(fields, name)
    if text is None:
        return None
    if not re.fullmatch(r"[0-9]{1,3}", text.strip()):
        raise ContractError(f"bad count in '{name}': '{text[:40]}' (a whole number 0-999)")
    return int(text)


def _position(fields: Mapping) -> tuple[float | None, float | None]:
    lat, lon = _number(fields, "lat"), _number(fields, "lon")
    if (lat is None) != (lon is None):
        raise ContractError("'lat' and 'lon' must come as a pair")
    if lat is not None:
        if not -90.0 <= lat <= 90.0:
            raise ContractError(f"latitude {lat} outside -90..90")
        if not -180.0 <= lon <= 180.0:
            raise ContractError(f"longitude {lon} outside -180..180")
    return lat, lon


def _choice(fields: Mapping, name: str, allowed: tuple[str, ...]) -> str | None:
    text = _text(fields, name)
    if text is None:
        return None
    if text not in allowed:
        raise ContractError(f"unknown {name} '{text[:40]}' (one of: {', '.join(allowed)})")
    return text


def _required(fields: Mapping, name: str) -> str:
    text = _text(fields, name)
    if text is None:
        raise ContractError(f"missing required field '{name}'")
    return text


def parse_unit_report(fields: Mapping) -> UnitReport:
    """Validate one `jru:units` entry. Raises ContractError with the reason."""
    unit = _required(fields, "unit")
    if not CALL_SIGN_RE.match(unit):
        raise ContractError(f"bad call sign '{unit[:40]}' (1-32 of A-Z a-z 0-9 _ -)")
    ts = parse_ts(_required(fields, "ts"))
    lat, lon = _position(fields)
    return UnitReport(
        unit=unit, ts=ts, lat=lat, lon=lon,
        status=_choice(fields, "status", UNIT_STATUSES),
        kind=_choice(fields, "kind", UNIT_KINDS),
        officers=_count(fields, "officers"),
        paramedics=_count(fields, "paramedics"),
    )


def parse_incident_event(fields: Mapping) -> IncidentEvent:
    """Validate one `jru:incidents` entry (stateless rules only; the 'first event
    needs a location' rule is applied by the picture, which knows what it holds)."""
    incident = _required(fields, "incident")
    if not INCIDENT_ID_RE.match(incident):
        raise ContractError(f"bad incident id '{incident[:40]}' (1-64 of A-Z a-z 0-9 _ -)")
    ts = parse_ts(_required(fields, "ts"))
    lat, lon = _position(fields)
    summary = _text(fields, "summary")
    if summary is not None and len(summary) > SUMMARY_MAX:
        raise ContractError(f"summary is {len(summary)} characters (at most {SUMMARY_MAX})")
    unit = _text(fields, "unit")
    if unit is not None and not CALL_SIGN_RE.match(unit):
        raise ContractError(f"bad call sign in 'unit': '{unit[:40]}'")
    postcode = _text(fields, "postcode")
    if postcode is not None:     # kept as given, its spaces tidied (a CR-LF or a tab is no postcode's)
        postcode = " ".join(postcode.split())
        if len(postcode) > POSTCODE_MAX or not postcode.isprintable():
            # text no postcode can be: with coordinates they win and it is dropped; without, the picture
            # finds it unknown (a reject on a first event, nothing moved on a later one)
            postcode = None if lat is not None else postcode[:POSTCODE_MAX + 1]
    return IncidentEvent(
        incident=incident, ts=ts, lat=lat, lon=lon,
        status=_choice(fields, "status", INCIDENT_STATUSES),
        type=_choice(fields, "type", INCIDENT_TYPES),
        category=_choice(fields, "category", CATEGORIES),
        grade=_choice(fields, "grade", GRADES),
        summary=summary, unit=unit, postcode=postcode,
    )


def parse_assignment(fields: Mapping) -> Assignment:
    """Validate one `jru:assignments` entry (v1.1: like an inbound stream, since a
    bad one would freeze an incident 'assigned' and its unit 'en route')."""
    incident = _required(fields, "incident")
    if not INCIDENT_ID_RE.match(incident):
        raise ContractError(f"bad incident id '{incident[:40]}' (1-64 of A-Z a-z 0-9 _ -)")
    unit = _required(fields, "unit")
    if not CALL_SIGN_RE.match(unit):
        raise ContractError(f"bad call sign '{unit[:40]}' (1-32 of A-Z a-z 0-9 _ -)")
    ts = parse_ts(_required(fields, "ts"))
    by = _text(fields, "by") or ""
    if len(by) > BY_MAX or not by.isprintable():
        raise ContractError(f"bad 'by': at most {BY_MAX} printable characters")
    for name in ("rank", "eta_s", "distance_m"):
        value = _number(fields, name)
        if value is not None and value < 0:
            raise ContractError(f"bad number in '{name}': negative")
    return Assignment(incident=incident, unit=unit, ts=ts, by=by)
