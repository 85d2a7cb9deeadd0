"""Places file and nearest-place lookups."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.core.areas import AreaIndex
from dashboard.core.boundary_files import load_boundaries
from dashboard.core.places import DEFAULT_PLACES, KINDS, Place, load_places, nearest_place


@pytest.fixture(scope="module")
def places() -> list[Place]:
    return load_places()


def test_places_file_has_every_kind_with_source_date_and_licence(places: list[Place]) -> None:
    assert {p.kind for p in places} == set(KINDS)
    raw = json.loads(DEFAULT_PLACES.read_text())
    for f in raw["features"]:
        props = f["properties"]
        assert props["source"] and props["date"] and props["licence"], props["name"]
        assert "open, close" in props["note"]
        # only the ambulance stations are the project's approximations (no open list exists)
        assert props["approximate"] is (props["kind"] == "ambulance_station"), props["name"]
        assert ("project-made" in props["source"]) is props["approximate"]
    assert all(-6 < p.lon < 2 and 50 < p.lat < 52 for p in places)
    assert [p.approximate for p in places] == [f["properties"]["approximate"] for f in raw["features"]]


def test_named_hospitals_are_present(places: list[Place]) -> None:
    names = " | ".join(p.name for p in places if p.kind == "hospital_ed")
    for want in ("Medway Maritime", "Darent Valley", "Maidstone"):
        assert want in names
    assert len([p for p in places if p.kind == "fire_station"]) >= 15


@pytest.mark.parametrize("lon,lat,kind,expected", [
    (0.5270, 51.3800, "hospital_ed", "Medway Maritime"),      # Chatham
    (0.2170, 51.4460, "hospital_ed", "Darent Valley"),        # Dartford
    (0.7600, 51.4410, "hospital_ed", "Medway Maritime"),      # Sheerness
    (0.5290, 51.2720, "hospital_ed", "Maidstone"),            # Maidstone
    (0.7600, 51.4410, "police_station", "Sittingbourne"),     # Sheerness: 2018 list has no station there
    (0.5490, 51.3890, "police_station", "Medway"),
    (0.3700, 51.4415, "police_station", "North Kent"),
    (0.7600, 51.4410, "fire_station", "Sheppey"),
    (0.2170, 51.4460, "fire_station", "Dartford"),
    (0.7330, 51.3400, "ambulance_station", "Sittingbourne"),
])
def test_nearest_place(places: list[Place], lon: float, lat: float, kind: str, expected: str) -> None:
    found = nearest_place(places, lon, lat, kind)
    assert found.kind == kind and expected in found.name


def test_stations_sit_in_their_districts(places: list[Place]) -> None:
    idx = AreaIndex(load_boundaries())
    where = {p.name: idx.area_of(p.lon, p.lat) for p in places}
    assert where["Sittingbourne Police Station"] == "Swale"
    assert where["Medway Police Station, Gillingham"] == "Medway"
    assert where["North Kent Police Station, Gravesend"] == "Gravesham"
    assert where["Darent Valley Hospital, Dartford"] == "Dartford"
    assert where["Medway Maritime Hospital, Gillingham"] == "Medway"
    assert where["Sheppey Fire Station"] == "Swale"
    assert where["Maidstone Hospital"] is None


def test_unknown_kind_is_an_error(places: list[Place]) -> None:
    with pytest.raises(ValueError, match="lifeboat_station"):
        nearest_place(places, 0.5, 51.4, "lifeboat_station")


def test_bad_places_file_names_the_feature(tmp_path: Path) -> None:
    p = tmp_path / "bad.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "X", "kind": "pub"},
         "geometry": {"type": "Point", "coordinates": [0.5, 51.4]}}]}))
    with pytest.raises(ValueError, match="feature 0"):
        load_places(p)
