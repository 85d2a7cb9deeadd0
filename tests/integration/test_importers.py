"""Importers against a real Redis: awkward data.police.uk rows are counted, never fatal."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.core.contract import parse_incident_event
from dashboard.replay.importers import BadFile, import_file, read_incidents

POLICE_HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                 "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"]
ROOT = Path(__file__).resolve().parents[2]


def _police_csv(path: Path) -> Path:
    rows = [
        ["a" * 64, "2024-03", "Kent Police", "Kent Police", "0.5270", "51.3800", "On or near High Street",
         "E01016000", "Medway 001A", "Violence and sexual offences", "Under investigation", ""],
        ["b" * 64, "2024-03", "Kent Police", "Kent Police", "0.7330", "51.3400", "On or near Station Road",
         "E01024000", "Swale 002B", "Public order", "Status update unavailable", ""],
        # empty Crime ID (anti-social behaviour rows have none): stable generated id
        ["", "2024-03", "Kent Police", "Kent Police", "0.2170", "51.4460", "On or near Park",
         "E01024100", "Dartford 003C", "Anti-social behaviour", "", ""],
        # the same awkward row twice: two incidents, two distinct ids
        ["", "2024-03", "Kent Police", "Kent Police", "0.3700", "51.4415", "On or near Parking Area",
         "E01024200", "Gravesham 004D", "Anti-social behaviour", "", ""],
        ["", "2024-03", "Kent Police", "Kent Police", "0.3700", "51.4415", "On or near Parking Area",
         "E01024200", "Gravesham 004D", "Anti-social behaviour", "", ""],
        # no location at all (published as 'No Location'): skipped
        ["c" * 64, "2024-03", "Kent Police", "Kent Police", "", "", "No Location",
         "", "", "Burglary", "Investigation complete; no suspect identified", ""],
        ["d" * 64, "2024-03", "Kent Police", "Kent Police", "", "", "No Location",
         "", "", "Shoplifting", "", ""],
        # a point in Essex (Basildon), outside every boundary: replayed with area null
        ["e" * 64, "2024-03", "Essex Police", "Essex Police", "0.4600", "51.5760", "On or near Town Square",
         "E01021200", "Basildon 010A", "Criminal damage and arson", "", ""],
    ]
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(POLICE_HEADER)
        w.writerows(rows)
    return path


def test_police_csv_awkward_rows_counted_and_written(tmp_path, redis_settings, redis_client):
    path = _police_csv(tmp_path / "2024-03-kent-street.csv")
    report = import_file(redis_settings, path)  # speed max
    assert report.fmt == "data.police.uk"
    assert report.rows == 8
    assert report.incidents == 6
    assert report.counts["skipped_no_location"] == 2
    assert report.counts["generated_ids"] == 3
    if "area_check_unavailable" not in report.counts:
        assert report.counts["outside_boundaries_area_null"] == 1
    entries = redis_client.xrange(redis_settings.keys.incidents)
    assert len(entries) == 12  # open + closed per incident
    events = [parse_incident_event(f) for _, f in entries]  # all pass the contract
    opens = [e for e in events if e.status == "open"]
    assert len({e.incident for e in opens}) == 6
    # Month-only dates spread inside March 2024 (UK local), stable per row
    assert all(1709251200 - 3600 <= e.ts < 1711929600 for e in opens)
    types = {e.incident: e.type for e in opens}
    assert types["a" * 64] == "assault" and types["b" * 64] == "disorder" and types["e" * 64] == "other"
    closes = {e.incident: e.ts for e in events if e.status == "closed"}
    assert all(20 * 60 <= closes[e.incident] - e.ts <= 90 * 60 for e in opens)
    # same file again -> same ids and times
    events2, _ = read_incidents(path)
    assert sorted(f["incident"] for _, f in events2 if f["status"] == "open") == sorted(types)


def test_plain_csv_header_spellings(tmp_path, redis_settings, redis_client):
    path = tmp_path / "plain.csv"
    path.write_text("Timestamp,Lat,Lng,Type,ID,unit\n"
                    "2025-06-06T21:15:00Z,51.38,0.527,assault,X1,JRU-MW-1\n"
                    "2025-06-06 21:20:00,51.34,0.733,Mental Health,,\n"
                    "1749245000,,,medical,X3,\n")
    report = import_file(redis_settings, path)
    assert report.incidents == 2 and report.counts["skipped_no_location"] == 1
    assert report.counts["times_without_offset_taken_as_uk"] == 1
    events = [parse_incident_event(f) for _, f in redis_client.xrange(redis_settings.keys.incidents)]
    assert [e.status for e in events if e.incident == "X1"] == ["open", "assigned", "closed"]
    assert {e.type for e in events if e.status == "open"} == {"assault", "mental_health"}


@pytest.mark.parametrize("content, needle", [
    ("time,lat,lon,type\n2025-01-01T00:00:00Z,51.4,0.5,rtc\nyesterday,51.4,0.5,rtc\n", "row 3, column 'time'"),
    ("when,where\n2025-01-01,Chatham\n", "row 1 (header) is missing required column(s): time"),
    ("Crime ID,Month,Longitude,Latitude,Crime type\nx,March 2024,0.5,51.4,Burglary\n", "row 2, column 'Month'"),
    # float() reads these; not moments (a reader rejects each event, '-inf' held a paced import's clock for good)
    *[(f"time,lat,lon\n2025-01-01T00:00:00Z,51.4,0.5\n{t},51.4,0.5\n", "row 3, column 'time'")
      for t in ("nan", "inf", "-inf", "1e300", "-5", "9999-12-31T23:59:00Z")],
    ("Crime ID,Month,Longitude,Latitude,Crime type\nx,0001-01,0.5,51.4,Burglary\n", "row 2, column 'Month'"),
])
def test_bad_file_names_row_and_column(tmp_path, content, needle):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(BadFile) as err:
        read_incidents(path)
    assert needle in str(err.value)


def test_cli_bad_file_exit_code_2_and_binary(tmp_path, redis_url):
    path = tmp_path / "not.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    run = subprocess.run([sys.executable, "-m", "dashboard.replay", str(path), "--redis-url", redis_url],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "not a CSV file" in run.stderr


def test_cli_imports_with_progress(tmp_path, redis_url):
    path = _police_csv(tmp_path / "street.csv")
    run = subprocess.run([sys.executable, "-m", "dashboard.replay", str(path), "--speed", "max",
                          "--redis-url", redis_url, "--prefix", "cli:"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "skipped no location: 2" in run.stdout and "generated ids: 3" in run.stdout


def test_cli_empty_history_folder_exit_code_2(tmp_path, redis_url):
    """A demo-history folder with header rows only: a clear message and exit 2, not an IndexError."""
    (tmp_path / "incidents.csv").write_text("id,opened,lat,lon,type,category,grade,district,summary,unit,shift,"
                                            "assigned_s,on_scene_s,closed_s\n")
    (tmp_path / "shifts.csv").write_text("shift,unit,kind,officers,paramedics,district,start,end,base,"
                                         "base_lon,base_lat\n")
    run = subprocess.run([sys.executable, "-m", "dashboard.replay", str(tmp_path), "--redis-url", redis_url,
                          "--prefix", "empty:"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "no shifts" in run.stderr and "Traceback" not in run.stderr
