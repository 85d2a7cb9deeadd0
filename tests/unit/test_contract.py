"""The feed contract's per-entry rules."""
from datetime import datetime, timezone

import pytest

from dashboard.core.contract import ContractError, parse_assignment, parse_incident_event, parse_ts, parse_unit_report

T0 = datetime(2026, 11, 25, 12, 0, 5, tzinfo=timezone.utc).timestamp()


@pytest.mark.parametrize("text", ["2026-11-25T12:00:05Z", "2026-11-25T12:00:05+00:00",
                                  "2026-11-25T13:00:05+01:00", "1795608005", "1795608005000"])
def test_times_in_every_contract_form_agree(text):
    assert parse_ts(text) == pytest.approx(T0)


def test_fractional_unix_seconds():
    assert parse_ts("1764072005.2") == pytest.approx(1764072005.2)


@pytest.mark.parametrize("text, words", [("2026-11-25T12:00:05", "naive"), ("yesterday", "not ISO"),
                                         ("nan", "Unix seconds"), ("1_764_072_005", "Unix seconds"), ("-5", "positive")])
def test_bad_times_are_rejected_with_a_reason(text, words):
    with pytest.raises(ContractError, match=words):
        parse_ts(text)


def test_full_unit_report():
    r = parse_unit_report({"unit": "JRU-MW-1", "ts": "2026-11-25T12:00:05Z", "lat": "51.38", "lon": "0.52",
                           "status": "en_route", "kind": "joint", "officers": "2", "paramedics": "1"})
    assert (r.unit, r.lat, r.lon, r.status, r.kind, r.officers, r.paramedics) == (
        "JRU-MW-1", 51.38, 0.52, "en_route", "joint", 2, 1)
    assert r.ts == pytest.approx(T0)


def test_status_only_unit_report_has_no_fix():
    r = parse_unit_report({"unit": "JRU-SW-1", "ts": "1795608005", "status": "off_duty"})
    assert not r.has_fix and r.status == "off_duty"


@pytest.mark.parametrize("fields, words", [
    ({"ts": "1795608005"}, "missing required field 'unit'"),
    ({"unit": "JRU-1"}, "missing required field 'ts'"),
    ({"unit": "JRU 1", "ts": "1795608005"}, "bad call sign"),
    ({"unit": "X" * 33, "ts": "1795608005"}, "bad call sign"),
    ({"unit": "JRU-1", "ts": "1795608005", "lat": "51.3"}, "as a pair"),
    ({"unit": "JRU-1", "ts": "1795608005", "lat": "91", "lon": "0.5"}, "latitude"),
    ({"unit": "JRU-1", "ts": "1795608005", "lat": "51", "lon": "181"}, "longitude"),
    ({"unit": "JRU-1", "ts": "1795608005", "lat": "north", "lon": "0.5"}, "bad number"),
    ({"unit": "JRU-1", "ts": "1795608005", "status": "asleep"}, "unknown status"),
    ({"unit": "JRU-1", "ts": "1795608005", "kind": "fire"}, "unknown kind"),
    ({"unit": "JRU-1", "ts": "1795608005", "paramedics": "-1"}, "bad count"),
    ({"unit": "JRU-1", "ts": "1795608005", "officers": "\u0663"}, "bad count"),     # Arabic-Indic three
    ({"unit": "JRU-1", "ts": "1795608005", "paramedics": "\uff11"}, "bad count"),   # full-width one
])
def test_broken_unit_reports_say_why(fields, words):
    with pytest.raises(ContractError, match=words):
        parse_unit_report(fields)


def test_incident_event_fields():
    e = parse_incident_event({"incident": "INC-7", "ts": "1795608005", "lat": "51.4", "lon": "0.5", "type": "rtc",
                              "category": "C1", "grade": "immediate", "summary": "<script>x</script>",
                              "status": "assigned", "unit": "JRU-MW-1"})
    assert (e.type, e.category, e.grade, e.status, e.unit) == ("rtc", "C1", "immediate", "assigned", "JRU-MW-1")
    assert e.summary == "<script>x</script>"  # kept as text; the screens never render it as HTML


@pytest.mark.parametrize("fields, words", [
    ({"incident": "I-1", "ts": "1795608005", "type": "fire"}, "unknown type"),
    ({"incident": "I-1", "ts": "1795608005", "category": "C5"}, "unknown category"),
    ({"incident": "I-1", "ts": "1795608005", "grade": "urgent"}, "unknown grade"),
    ({"incident": "I-1", "ts": "1795608005", "status": "pending"}, "unknown status"),
    ({"incident": "I-1", "ts": "1795608005", "summary": "x" * 501}, "at most 500"),
    ({"incident": "I/1", "ts": "1795608005"}, "bad incident id"),
])
def test_broken_incident_events_say_why(fields, words):
    with pytest.raises(ContractError, match=words):
        parse_incident_event(fields)


@pytest.mark.parametrize("lat", ["5_1.3", "٥١.٣", "51.3e0", "0x33", "nan", "51,3", "５１.３"])
def test_only_plain_ascii_decimals_are_numbers(lat):
    """float() reads '5_1.3' as 51.3 and Arabic-Indic or full-width digits as numbers:
    a feed that sends those has a bug, and a unit must not be placed by a guess."""
    with pytest.raises(ContractError, match="bad number in 'lat'"):
        parse_unit_report({"unit": "JRU-1", "ts": "1764072005", "lat": lat, "lon": "0.5"})


@pytest.mark.parametrize("lat, expected", [("51.3842", 51.3842), ("+51.5", 51.5), ("-0.25", -0.25),
                                           (" 51.3 ", 51.3), ("51.", 51.0), (".5", 0.5)])
def test_plain_decimals_are_read(lat, expected):
    assert parse_unit_report({"unit": "JRU-1", "ts": "1764072005", "lat": lat, "lon": "0.5"}).lat == expected


def test_an_assignment_is_validated_like_an_inbound_entry():
    ok = parse_assignment({"incident": "INC-1", "unit": "JRU-MW-1", "ts": "1764072005", "by": "sgt.jones",
                           "rank": "1", "eta_s": "412", "distance_m": "3100"})
    assert (ok.incident, ok.unit, ok.ts, ok.by) == ("INC-1", "JRU-MW-1", 1764072005.0, "sgt.jones")
    for bad, words in [({"ts": "yesterday"}, "bad time"), ({"incident": "INC 1"}, "incident id"),
                       ({"unit": "JRU 1"}, "call sign"), ({"ts": "2026-11-25T12:00:00"}, "naive"),
                       ({"eta_s": "-3"}, "negative"), ({"by": "x\n"}, "'by'"), ({"rank": "one"}, "bad number")]:
        fields = {"incident": "INC-1", "unit": "JRU-MW-1", "ts": "1764072005", **bad}
        with pytest.raises(ContractError, match=words):
            parse_assignment(fields)
