"""Beats: the finer layer nested in the districts; incidents get `area` and `area_fine`."""
import csv
import json
from pathlib import Path

import pytest
import shapely

from dashboard.core.areas import AreaIndex
from dashboard.core.boundary_files import load_boundaries
from dashboard.core.contract import IncidentEvent
from dashboard.core.picture import Picture
from dashboard.settings import from_env, parse_args

GEO = Path(__file__).resolve().parents[2] / "geodata"
BEATS = GEO / "north_kent_beats.geojson"


def towns():
    rows = csv.DictReader(ln for ln in (GEO / "places" / "towns.csv").read_text().splitlines()
                          if not ln.startswith("#"))
    return [(r["name"], float(r["lon"]), float(r["lat"]), r["expected_district"]) for r in rows]


@pytest.fixture(scope="module")
def beats():
    return AreaIndex(load_boundaries(BEATS))


@pytest.fixture(scope="module")
def districts():
    return AreaIndex(load_boundaries())


def test_towns_land_in_their_own_beat_in_the_right_district(beats, districts):
    for name, lon, lat, district in towns():
        if district:
            assert beats.area_of(lon, lat) == name
            assert districts.area_of(lon, lat) == district
        else:
            assert beats.area_of(lon, lat) is None, name


def test_each_beat_lies_inside_its_district_and_they_tile_it():
    # compared in lon/lat, the files' own coordinates; 1 deg² ~ 7.7e9 m² at 51.4°N
    beats = load_boundaries(BEATS)
    dist = dict(zip(*[load_boundaries()[c] for c in ("name", "geometry")]))
    m2 = 111_320 ** 2 * 0.624
    of = {f["properties"]["name"]: f["properties"]["district"] for f in json.loads(BEATS.read_text())["features"]}
    for name, g in zip(beats["name"], beats.geometry):
        assert g.difference(dist[of[name]]).area * m2 < 10, name      # m²: coordinate rounding only
    for d, g in dist.items():
        tiles = shapely.union_all([b for n, b in zip(beats["name"], beats.geometry) if of[n] == d])
        assert tiles.symmetric_difference(g).area < 0.0001 * g.area, d
    # Sheppey's beats never reach across the Swale channel to the mainland (marsh islands
    # in the channel join the nearest town's beat, so a beat may hold more than Sheppey).
    sittingbourne = shapely.Point(0.7328, 51.3413)
    mainland = next(p for p in shapely.get_parts(dist["Swale"]) if p.contains(sittingbourne))
    for n in ("Sheerness", "Minster-on-Sea", "Queenborough", "Eastchurch", "Leysdown-on-Sea"):
        assert beats.geometry[list(beats["name"]).index(n)].intersection(mainland).area * m2 < 10


def test_every_incident_gets_area_and_area_fine(beats, districts):
    pic = Picture(area_of=districts.area_of, fine_area_of=beats.area_of)
    for k, (name, lon, lat, district) in enumerate(t for t in towns() if t[3]):
        pic.apply_incident(IncidentEvent(incident=f"I{k}", ts=1000.0 + k, lat=lat + 0.001, lon=lon + 0.001))
    for inc in pic.incidents_list():
        assert inc.area is not None and inc.area_fine is not None
        assert beats.area_of(inc.lon, inc.lat) == inc.area_fine
    # moved: both are recomputed
    pic.apply_incident(IncidentEvent(incident="I0", ts=5000.0, lat=51.441, lon=0.760))
    inc = next(i for i in pic.incidents_list() if i.incident == "I0")
    assert (inc.area, inc.area_fine) == ("Swale", "Sheerness")


def test_beats_setting_env_and_flag():
    assert from_env({}).beats is None
    assert from_env({"JRU_BEATS": "/x/wards.gpkg"}).beats == "/x/wards.gpkg"
    assert parse_args(["--beats", "/y/b.geojson"], env={}).beats == "/y/b.geojson"
