"""`python -m dashboard.geodata check`: what an admin sees for good and bad boundary files."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.geodata import main
from tests.fixtures import make_boundary_fixtures as fx

REPO = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.write_all(tmp_path_factory.mktemp("cli"))


def test_check_default_districts_reports_everything() -> None:
    code, out, err = run("check", str(REPO / "geodata" / "north_kent_districts.geojson"))
    assert code == 0 and err == ""
    assert "CRS found:         EPSG:4326" in out
    assert "Features:          4" in out
    assert "Name field:        name" in out
    assert "Invalid repaired:  0" in out
    for name in ("Dartford", "Gravesham", "Medway", "Swale"):
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(name))
        km2 = float(line.split()[-2])
        assert 50 < km2 < 500, line


def test_check_shapefile_in_british_national_grid(files: dict[str, Path]) -> None:
    code, out, _ = run("check", str(files["shapefile_27700"]))
    assert code == 0 and "EPSG:27700" in out and "LAD23NM" in out and "ESRI Shapefile" in out


def test_check_no_crs_exits_2_then_works_with_crs(files: dict[str, Path]) -> None:
    code, out, err = run("check", str(files["no_crs"]))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "coordinate reference system" in err
    code, out, _ = run("check", str(files["no_crs"]), "--crs", "EPSG:27700")
    assert code == 0 and "none declared (used EPSG:27700)" in out


def test_check_reports_repairs(files: dict[str, Path]) -> None:
    code, out, _ = run("check", str(files["bowtie"]))
    assert code == 0 and "Invalid repaired:  1" in out


def test_check_name_field_option(files: dict[str, Path]) -> None:
    code, _, err = run("check", str(files["no_name_field"]))
    assert code == 2 and "LAD23CD, FID, STATUS" in err
    code, out, _ = run("check", str(files["no_name_field"]), "--name-field", "LAD23CD")
    assert code == 0 and "Name field:        LAD23CD" in out


@pytest.mark.parametrize("key", ["empty", "zero_bytes", "garbage", "points"])
def test_check_bad_files_exit_2_with_the_reason(files: dict[str, Path], key: str) -> None:
    code, out, err = run("check", str(files[key]))
    assert code == 2 and out == "" and files[key].name in err


def test_module_entry_point_runs() -> None:
    bad = subprocess.run([sys.executable, "-m", "dashboard.geodata", "check", str(REPO / "no-such-file.geojson")],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "does not exist" in bad.stderr
