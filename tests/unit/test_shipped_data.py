"""Every shipped data file loads and says where it comes from; the files agree with each other."""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from dashboard.core.areas import AreaIndex
from dashboard.core.boundary_files import load_boundaries
from dashboard.core.place_names import load_place_names
from dashboard.core.places import load_places
from dashboard.core.postcodes import load_postcodes
from dashboard.core.sources import GEODATA, attribution_line, attributions, load_manifest
from dashboard.geodata import main
from dashboard.geodata.shipped import missing_records, postcode_agreement

DATA_SUFFIXES = (".geojson", ".csv", ".npz", ".gz")


def test_every_data_file_in_geodata_is_recorded_with_source_date_and_licence() -> None:
    manifest = load_manifest()
    on_disk = {str(p.relative_to(GEODATA)) for p in GEODATA.rglob("*")
               if p.is_file() and p.name.endswith(DATA_SUFFIXES) and "build" not in p.parts}
    assert on_disk == set(manifest["files"]), "a data file without a record, or a record without a file"
    assert missing_records(manifest) == []
    for rel, rec in manifest["files"].items():
        if rec["attribution"]:
            assert rec["attribution"] in manifest["attributions"], rel


@pytest.mark.parametrize("rel", [r for r in load_manifest()["files"] if r.endswith(".geojson")])
def test_every_geojson_loads(rel: str) -> None:
    data = json.loads((GEODATA / rel).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) > 0


def test_official_files_carry_the_licence_attribution_the_licence_asks_for() -> None:
    full = " ".join(attributions())
    assert "Office for National Statistics" in full and "Open Government Licence" in full
    assert "Royal Mail copyright" in full and "GeoNames" in full
    line = attribution_line()
    assert "ONS" in line and "GeoNames" in line and "Royal Mail" in line
    for rel in ("north_kent_districts.geojson", "context_districts.geojson", "land.geojson"):
        meta = json.loads((GEODATA / rel).read_text(encoding="utf-8"))["metadata"]
        assert meta["date"] == "2024-05" and "Open Government Licence" in meta["licence"]
    assert (GEODATA / "postcodes" / "CODEPOINT_LICENCE.txt").exists()


def test_all_loaders_read_the_shipped_files() -> None:
    assert load_boundaries()["name"].tolist() == ["Dartford", "Gravesham", "Medway", "Swale"]
    assert len(load_places()) > 40
    names = load_place_names()
    assert {"Sheerness", "Gillingham", "Sittingbourne", "Gravesend", "Dartford"} <= {n.name for n in names}
    pc = load_postcodes()
    assert len(pc) == 14_938
    assert list(pc.code) == sorted(pc.code)


def test_place_names_carry_their_official_district() -> None:
    idx = AreaIndex(load_boundaries())
    for n in load_place_names():
        assert idx.area_of(n.lon, n.lat) == n.district, n.name


def test_postcode_districts_agree_with_the_boundaries() -> None:
    pc = load_postcodes()
    share, others = postcode_agreement(pc, AreaIndex(load_boundaries()))
    print(f"postcode district agrees with the boundaries: {share:.2%}; differ: {others}")
    # a few centroids on the coast fall just outside the clipped shore (measured 99.90%, 15 of 14,938)
    assert share >= 0.995
    assert len(others) == round((1 - share) * len(pc))


def test_official_districts_beat_the_hand_drawn_ones_on_real_locations() -> None:
    """Postcode centroids are where addresses are: the share placed in their own district."""
    pc = load_postcodes()
    hand = Path(__file__).resolve().parents[1] / "fixtures" / "hand_drawn_districts.geojson"
    official, _ = postcode_agreement(pc, AreaIndex(load_boundaries()))
    drawn, _ = postcode_agreement(pc, AreaIndex(load_boundaries(hand)))
    assert official > drawn and drawn < 0.99


def test_check_without_a_path_reports_the_shipped_files() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["check"], out=out, err=err) == 0
    text = out.getvalue()
    assert "Postcodes:         14938" in text and "Places:" in text and "approximate" in text
    assert "Postcode district agrees with the boundaries: 99." in text
    assert "PROBLEM" not in text


def test_postcode_columns_are_plain_numbers_in_north_kent() -> None:
    pc = load_postcodes()
    assert pc.lon.dtype == np.float64 and np.all((pc.lat > 51.2) & (pc.lat < 51.5))
