"""Property tests of the feed parser and the picture under hostile input.

Over 100,000 generated entries in all (counted): valid ones from a strategy of
contract-valid fields, hostile ones (mutations of valid entries, arbitrary
field maps, odd Unicode, bytes, huge and non-finite numbers, naive times...).

Properties:
- nothing but ContractError ever escapes parse_* / Picture.apply_*;
- every entry is either applied or rejected with a non-empty reason;
- every valid entry is accepted, with the values it was written with;
- anything accepted obeys the contract (call sign / id pattern, lat/lon
  ranges, a time the API can render) so one entry can never break a screen;
- the picture ends where a model of "latest ts wins" says it must.
"""
from __future__ import annotations

import math
import random
import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dashboard.core.contract import (CATEGORIES, GRADES, INCIDENT_STATUSES, INCIDENT_TYPES, UNIT_KINDS,
                                     UNIT_STATUSES, ContractError, parse_incident_event, parse_unit_report)
from dashboard.core.picture import Picture
from dashboard.core.times import iso

ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
CALL_SIGN = re.compile(r"[A-Za-z0-9_-]{1,32}")
INCIDENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
FUZZ = settings(deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much, HealthCheck.large_base_example])
# Batches of 50 are slow to shrink (minutes); a failing batch is reported whole
# (feed() names the offending entry), single-entry tests still shrink.
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)
BATCH = 50
COUNTS = {"entries": 0}


# -- valid fields -------------------------------------------------------------------
def _ts_text(seconds: float, style: int, offset_min: int) -> str:
    if style == 0:
        return repr(round(seconds, 3))
    if style == 1:
        return str(int(seconds * 1000))                        # milliseconds
    tz = timezone(timedelta(minutes=offset_min))
    text = datetime.fromtimestamp(seconds, tz).isoformat()
    return text.replace("+00:00", "Z") if style == 3 else text


valid_ts = st.builds(_ts_text, st.floats(1.0e9, 2.5e9), st.integers(0, 3), st.integers(-14 * 60, 14 * 60))
lat = st.floats(-90, 90, allow_nan=False).map(lambda v: f"{v:.6f}")
lon = st.floats(-180, 180, allow_nan=False).map(lambda v: f"{v:.6f}")
call_sign = st.text(ID_CHARS, min_size=1, max_size=32)
small_call_sign = st.sampled_from([f"JRU-{i}" for i in range(12)])   # collisions: ordering matters
incident_id = st.text(ID_CHARS, min_size=1, max_size=64)
count = st.integers(0, 999).map(str)


@st.composite
def valid_unit(draw, units=small_call_sign):
    f = {"unit": draw(units), "ts": draw(valid_ts)}
    if draw(st.booleans()):
        f["lat"], f["lon"] = draw(lat), draw(lon)
    for name, strat in (("status", st.sampled_from(UNIT_STATUSES)), ("kind", st.sampled_from(UNIT_KINDS)),
                        ("officers", count), ("paramedics", count)):
        if draw(st.booleans()):
            f[name] = draw(strat)
    return f


@st.composite
def valid_incident(draw, ids=st.sampled_from([f"INC-{i}" for i in range(8)]), with_position=None):
    f = {"incident": draw(ids), "ts": draw(valid_ts)}
    if with_position if with_position is not None else draw(st.booleans()):
        f["lat"], f["lon"] = draw(lat), draw(lon)
    for name, strat in (("status", st.sampled_from(INCIDENT_STATUSES)), ("type", st.sampled_from(INCIDENT_TYPES)),
                        ("category", st.sampled_from(CATEGORIES)), ("grade", st.sampled_from(GRADES)),
                        ("summary", st.text(max_size=500).filter(lambda s: s.strip())),
                        ("unit", call_sign)):
        if draw(st.booleans()):
            f[name] = draw(strat)
    return f


# -- hostile fields -------------------------------------------------------------------
junk_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\n", "nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1", "-0", "1e300",
                     "99999999999999999", "0x10", "1_000", "١٢٣", "12\n", "\x00", "None", "null", "[]", "{}",
                     "2026-11-25T12:00:00", "2026-11-25", "0001-01-01T00:00:00+01:00",
                     "9999-12-31T23:59:59-14:00", "2026-13-40T25:61:61Z", "JRU-1\n", "JRU 1", "Ω", "a" * 33,
                     "a" * 65, "x" * 501, "<script>alert(1)</script>", "91", "-90.0000001", "180.5", "1e-400",
                     "available ", "AVAILABLE", "C5", "c1", "1000", "٣", "０", "¹"]),
    st.binary(max_size=12),
    st.floats().map(repr),
    st.integers(-10**20, 10**20).map(str),
)
FIELD_NAMES = ["unit", "incident", "ts", "lat", "lon", "status", "kind", "officers", "paramedics", "type",
               "category", "grade", "summary"]


@st.composite
def mutated(draw, base):
    """A valid entry with 1-3 fields replaced by junk or dropped."""
    f = dict(draw(base))
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(FIELD_NAMES))
        if draw(st.integers(0, 4)) == 0:
            f.pop(name, None)
        else:
            f[name] = draw(junk_text)
    return f


arbitrary = st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)), junk_text, max_size=8)
hostile_unit = st.one_of(mutated(valid_unit()), arbitrary)
hostile_incident = st.one_of(mutated(valid_incident()), arbitrary)


# -- the checks ---------------------------------------------------------------------------
def _check_accepted_unit(r) -> None:
    assert CALL_SIGN.fullmatch(r.unit), r
    assert math.isfinite(r.ts) and iso(r.ts), r
    assert (r.lat is None) == (r.lon is None)
    if r.lat is not None:
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180
    assert r.status in (None, *UNIT_STATUSES) and r.kind in (None, *UNIT_KINDS)


def _check_accepted_incident(e) -> None:
    assert INCIDENT_ID.fullmatch(e.incident), e
    assert math.isfinite(e.ts) and iso(e.ts), e
    assert e.unit is None or CALL_SIGN.fullmatch(e.unit), e
    assert e.summary is None or len(e.summary) <= 500
    if e.lat is not None:
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180


def feed(picture: Picture, stream: str, fields: dict) -> tuple[bool, object]:
    """What the reader does with one entry: (True, report) or (False, reason).
    Anything other than ContractError propagates and fails the test."""
    COUNTS["entries"] += 1
    try:
        if stream == "units":
            report = parse_unit_report(fields)
            _check_accepted_unit(report)
            picture.apply_unit(report)
        else:
            report = parse_incident_event(fields)
            _check_accepted_incident(report)
            picture.apply_incident(report)
        return True, report
    except ContractError as exc:
        reason = str(exc)
        assert reason.strip(), f"empty reason for {fields!r}"
        return False, reason


@pytest.fixture(scope="module", autouse=True)
def enough_entries():
    yield
    # at least 100,000 entries across the module (when it runs whole)
    if COUNTS["entries"]:
        print(f"\nfuzzed {COUNTS['entries']} entries")


@settings(FUZZ, max_examples=100, phases=NO_SHRINK)
@given(st.lists(valid_unit(), min_size=BATCH, max_size=BATCH))
def test_valid_units_are_always_accepted_and_latest_ts_wins(batch):
    picture, model = Picture(), {}
    for fields in batch:
        ok, r = feed(picture, "units", fields)
        assert ok, f"valid entry rejected: {r} for {fields!r}"
        assert r.unit == fields["unit"]
        if "lat" in fields:
            assert r.lat == float(fields["lat"]) and r.lon == float(fields["lon"])
        for name in ("status", "kind"):
            assert getattr(r, name) == fields.get(name)
        # latest ts wins, equal ts: the later entry; the fix and the status each by their own latest report
        m = model.setdefault(r.unit, {"ts": r.ts, "lat": None, "status": "available", "fix_ts": None, "status_ts": None})
        m["ts"] = max(m["ts"], r.ts)
        if r.lat is not None and (m["fix_ts"] is None or r.ts >= m["fix_ts"]):
            m["lat"], m["lon"], m["fix_ts"] = r.lat, r.lon, r.ts
        if r.status is not None and (m["status_ts"] is None or r.ts >= m["status_ts"]):
            m["status"], m["status_ts"] = r.status, r.ts
    assert set(picture.units) == set(model)
    for name, m in model.items():
        u = picture.units[name]
        assert (u.ts, u.lat, u.status) == (m["ts"], m["lat"], m["status"])


@settings(FUZZ, max_examples=60, phases=NO_SHRINK)
@given(st.lists(valid_incident(), min_size=BATCH, max_size=BATCH))
def test_valid_incidents_are_accepted(batch):
    picture = Picture()
    for fields in batch:
        first = fields["incident"] not in picture.incidents
        ok, r = feed(picture, "incidents", fields)
        if first and "lat" not in fields:
            assert not ok and "no lat/lon" in r          # the one stateful rule
        else:
            assert ok, f"valid entry rejected: {r} for {fields!r}"
            assert r.incident == fields["incident"] and r.summary == fields.get("summary")


@settings(FUZZ, max_examples=60, phases=NO_SHRINK)
@given(st.lists(st.one_of(hostile_unit, valid_unit()), min_size=BATCH, max_size=BATCH),
       st.lists(st.one_of(hostile_incident, valid_incident()), min_size=BATCH, max_size=BATCH))
def test_hostile_entries_are_applied_or_rejected_with_a_reason_never_crash(units, incidents):
    picture = Picture()
    applied = rejected = 0
    for stream, batch in (("units", units), ("incidents", incidents)):
        for fields in batch:
            ok, _ = feed(picture, stream, fields)
            applied += ok
            rejected += not ok
    assert applied + rejected == len(units) + len(incidents)
    # the picture still renders: every held time can be shown by the API
    for u in picture.units_list():
        iso(u.ts), iso(u.fix_ts), iso(u.status_since)
    for i in picture.incidents_list():
        iso(i.ts), iso(i.opened_ts)


@settings(FUZZ, max_examples=1500)
@given(st.one_of(st.dictionaries(st.text(max_size=6), st.text(max_size=20), max_size=5),
                 mutated(valid_unit(units=call_sign)), mutated(valid_incident(ids=incident_id))))
def test_single_hostile_entries_wide_search(fields):
    picture = Picture()
    feed(picture, "units", fields)
    feed(picture, "incidents", fields)


# -- volume: hypothesis draws a seed, plain Python expands it fast ----------------
JUNK = ["", " ", "nan", "inf", "-inf", "1e309", "-1", "1e300", "99999999999999999", "1_000", "١٢٣", "12\n",
        "\x00", "null", "2026-11-25T12:00:00", "2026-11-25", "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-14:00", "2026-02-30T12:00:00Z", "JRU-1\n", "JRU 1", "Ω", "a" * 33, "a" * 65,
        "x" * 501, "<img src=x onerror=alert(1)>", "91", "-90.0000001", "180.5", "AVAILABLE", "C5", "1000",
        "０", "¹", b"\xff\xfe", b"JRU-9", "1764072005", "2026-11-25T12:00:00+01:00", "51.4", "0.5"]


def _rand_text(rnd) -> str:
    return "".join(chr(rnd.choice((rnd.randrange(32, 127), rnd.randrange(0, 0x3000), rnd.randrange(0, 0x110000))))
                   for _ in range(rnd.randrange(0, 12))).encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def rand_entry(rnd, stream: str, names: list[str]) -> tuple[dict, bool]:
    """(fields, valid by construction)."""
    seconds = rnd.uniform(1.0e9, 2.5e9)
    ts = _ts_text(seconds, rnd.randrange(4), rnd.randrange(-14 * 60, 14 * 60 + 1))
    if stream == "units":
        f = {"unit": rnd.choice(names), "ts": ts}
        if rnd.random() < 0.8:
            f["lat"], f["lon"] = f"{rnd.uniform(-90, 90):.6f}", f"{rnd.uniform(-180, 180):.6f}"
        if rnd.random() < 0.5:
            f["status"] = rnd.choice(UNIT_STATUSES)
        if rnd.random() < 0.3:
            f["kind"], f["officers"], f["paramedics"] = rnd.choice(UNIT_KINDS), str(rnd.randrange(1000)), "1"
    else:
        f = {"incident": rnd.choice(names), "ts": ts, "lat": f"{rnd.uniform(-90, 90):.6f}",
             "lon": f"{rnd.uniform(-180, 180):.6f}"}
        if rnd.random() < 0.5:
            del f["lat"], f["lon"]
        for name, values in (("status", INCIDENT_STATUSES), ("type", INCIDENT_TYPES), ("category", CATEGORIES),
                             ("grade", GRADES)):
            if rnd.random() < 0.4:
                f[name] = rnd.choice(values)
        if rnd.random() < 0.2:
            f["summary"] = _rand_text(rnd) + "x"
        if rnd.random() < 0.2:
            f["unit"] = rnd.choice(["JRU-1", "JRU-MW-2", "a" * 32])
    if rnd.random() < 0.5:
        return f, True
    for _ in range(rnd.randrange(1, 4)):          # hostile: mutate, drop, add
        r = rnd.random()
        name = rnd.choice(FIELD_NAMES) if r < 0.9 else _rand_text(rnd)
        if r < 0.15:
            f.pop(name, None)
        else:
            f[name] = rnd.choice(JUNK) if rnd.random() < 0.6 else _rand_text(rnd)
    return f, False


@settings(FUZZ, max_examples=100, phases=NO_SHRINK)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40))
def test_volume_mixed_valid_and_hostile(seed, n_names):
    rnd = random.Random(seed)   # hypothesis picks (and reports) the seed; plain random expands it fast
    picture = Picture()
    names = [f"N-{i}" for i in range(n_names)]
    applied = rejected = 0
    for _ in range(2000):
        stream = "units" if rnd.random() < 0.7 else "incidents"
        fields, valid = rand_entry(rnd, stream, names)
        first_without_position = (stream == "incidents" and fields.get("incident") not in picture.incidents
                                  and "lat" not in fields)
        ok, r = feed(picture, stream, fields)
        if valid and not first_without_position:
            assert ok, f"valid entry rejected: {r} for {fields!r}"
        applied += ok
        rejected += not ok
    assert applied + rejected == 2000 and applied > 0 and rejected > 0


def test_known_hostile_cases():
    """Cases the fuzzing found, kept as plain regression checks."""
    p = Picture()
    for bad in ({"unit": "JRU-1\n", "ts": "1764072005"},              # '$' matched before a newline
                {"unit": "JRU-1", "ts": "99999999999999999"},          # year 3 million: the API could not render it
                {"unit": "JRU-1", "ts": "1e300"},
                {"unit": "JRU-1", "ts": "0001-01-01T00:00:00+01:00"},  # year 0 in UTC
                {"unit": "JRU-1", "ts": "9999-12-31T23:59:59-14:00"}):
        ok, reason = feed(p, "units", bad)
        assert not ok and reason, bad
    ok, reason = feed(p, "incidents", {"incident": "I-1\n", "ts": "1764072005", "lat": "51", "lon": "0.5"})
    assert not ok
    ok, reason = feed(p, "incidents", {"incident": "I-1", "ts": "1764072005", "lat": "51", "lon": "0.5",
                                       "unit": "JRU-1\n"})
    assert not ok


def test_total_entries_fuzzed_is_at_least_100000(request):
    """Runs last in this module (pytest keeps file order); skipped only when some of the fuzz
    tests were not selected, never for the count itself: a shrunken fuzz run fails."""
    fuzz = {name for name, test in globals().items() if getattr(test, "is_hypothesis_test", False)}
    selected = {item.name for item in request.session.items if getattr(item, "module", None) is request.module}
    if missing := sorted(fuzz - selected):
        pytest.skip(f"fuzz tests not selected ({', '.join(missing)}): run the whole module")
    assert COUNTS["entries"] >= 100_000, COUNTS
