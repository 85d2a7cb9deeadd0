"""Boundary loading and area lookup, as a control-room user would notice it."""
from __future__ import annotations

import csv
import itertools
import json
import math
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from dashboard.core.areas import AreaIndex
from dashboard.core.boundary_files import DEFAULT_BOUNDARIES, BoundaryError, load_boundaries
from tests.fixtures import make_boundary_fixtures as fx

REPO = Path(__file__).resolve().parents[2]
TOWNS_CSV = REPO / "geodata" / "places" / "towns.csv"
DISTRICTS = ["Dartford", "Gravesham", "Medway", "Swale"]


def read_towns() -> list[tuple[str, float, float, str | None]]:
    with TOWNS_CSV.open() as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    return [(r["name"], float(r["lon"]), float(r["lat"]), r["expected_district"] or None) for r in rows]


TOWNS = read_towns()


@pytest.fixture(scope="module")
def index() -> AreaIndex:
    return AreaIndex(load_boundaries())


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.write_all(tmp_path_factory.mktemp("boundaries"))


def assert_towns(index: AreaIndex) -> None:
    got = index.areas_of(np.array([t[1] for t in TOWNS]), np.array([t[2] for t in TOWNS]))
    wrong = [(t[0], t[3], g) for t, g in zip(TOWNS, got) if g != t[3]]
    assert not wrong, f"towns in the wrong district (name, expected, got): {wrong}"


# --- the project's own district file --------------------------------------------

def test_town_table_covers_every_district_and_outside_points() -> None:
    expected = {t[3] for t in TOWNS}
    assert expected == set(DISTRICTS) | {None}
    assert len(TOWNS) >= 45


def test_default_file_has_the_four_districts(index: AreaIndex) -> None:
    assert index.names == DISTRICTS
    g = load_boundaries()
    assert list(g.columns) == ["name", "geometry"]
    assert g.crs.to_epsg() == 4326
    assert DEFAULT_BOUNDARIES.exists()


@pytest.mark.parametrize("name,lon,lat,expected", TOWNS, ids=[t[0] for t in TOWNS])
def test_each_town_lands_in_its_district(index: AreaIndex, name: str, lon: float, lat: float,
                                         expected: str | None) -> None:
    assert index.area_of(lon, lat) == expected


def test_districts_share_borders_without_gaps_or_overlaps() -> None:
    g = load_boundaries().to_crs("EPSG:27700")
    geoms = dict(zip(g["name"], g.geometry))
    for a, b in itertools.combinations(DISTRICTS, 2):
        assert geoms[a].intersection(geoms[b]).area < 1.0, f"{a} and {b} overlap"
    for a, b in [("Dartford", "Gravesham"), ("Gravesham", "Medway"), ("Medway", "Swale")]:
        shared = geoms[a].boundary.intersection(geoms[b].boundary).length
        assert shared > 5_000, f"{a}/{b} share only {shared:.0f} m of border"
    # no slivers: neighbours' edges match exactly (a clean coverage) and the union has no holes
    assert bool(shapely.coverage_is_valid(g.geometry.values))
    union = shapely.union_all(g.geometry.values)
    assert sum(len(p.interiors) for p in shapely.get_parts(union)) == 0


def test_official_file_is_clipped_to_the_coast(index: AreaIndex) -> None:
    swale = load_boundaries().set_index("name").geometry["Swale"]
    assert swale.geom_type == "MultiPolygon"  # Sheppey (and marsh islands) apart from the mainland
    # The Swale channel, the Medway estuary and the Thames are water, outside every district
    assert index.area_of(0.780, 51.365) is None
    assert index.area_of(0.620, 51.410) is None
    assert index.area_of(0.430, 51.460) is None
    assert index.area_of(0.760, 51.440) == "Swale"   # Sheerness
    assert index.area_of(0.690, 51.450) == "Medway"  # Isle of Grain


def test_district_areas_are_the_official_ones() -> None:
    g = load_boundaries().to_crs("EPSG:27700")
    km2 = dict(zip(g["name"], g.area / 1e6))
    # ONS land areas (to mean high water): Dartford ~73, Gravesham ~99, Medway ~192, Swale ~373 km2
    for name, want in {"Dartford": 73, "Gravesham": 99, "Medway": 192, "Swale": 373}.items():
        assert abs(km2[name] - want) < 0.04 * want, (name, km2[name])


# --- lookups ----------------------------------------------------------------------

def test_outside_and_bad_points_give_none(index: AreaIndex) -> None:
    assert index.area_of(-0.1276, 51.5072) is None  # London
    assert index.area_of(float("nan"), 51.4) is None
    assert index.area_of(0.5, float("inf")) is None
    assert index.areas_of(np.array([np.nan, 0.527]), np.array([51.38, 51.38])) == [None, "Medway"]
    assert index.areas_of(np.array([]), np.array([])) == []


def test_areas_of_accepts_lists(index: AreaIndex) -> None:
    assert index.areas_of([0.2170, 0.3700], [51.4460, 51.4415]) == ["Dartford", "Gravesham"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0.15, 1.05), st.floats(51.2, 51.52)), min_size=1, max_size=50))
def test_vectorised_lookup_agrees_with_single_lookup(index: AreaIndex, pts: list[tuple[float, float]]) -> None:
    lon = np.array([p[0] for p in pts])
    lat = np.array([p[1] for p in pts])
    assert index.areas_of(lon, lat) == [index.area_of(x, y) for x, y in pts]


def test_100k_lookups_well_under_a_second(index: AreaIndex) -> None:
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(0.1, 1.1, 100_000), rng.uniform(51.2, 51.55, 100_000)
    index.areas_of(lon[:10], lat[:10])
    t0 = time.perf_counter()
    out = index.areas_of(lon, lat)
    assert time.perf_counter() - t0 < 0.5
    assert len(out) == 100_000 and set(out) == set(DISTRICTS) | {None}


def test_bounds(index: AreaIndex) -> None:
    minx, miny, maxx, maxy = index.bounds()
    assert 0.1 < minx < 0.25 and 1.05 >= maxx > 0.9
    assert 51.2 < miny < 51.3 and 51.45 < maxy < 51.55


# --- browser GeoJSON ---------------------------------------------------------------

def _simplified_geoms(gj: dict) -> list[shapely.Geometry]:
    return [shape(f["geometry"]) for f in gj["features"]]


@pytest.mark.parametrize("tolerance_m", [30, 300])
def test_to_geojson_simplifies_without_gaps_or_overlaps(index: AreaIndex, tolerance_m: float) -> None:
    gj = index.to_geojson(tolerance_m)
    json.dumps(gj)  # serialisable as-is
    assert gj["type"] == "FeatureCollection"
    assert [f["properties"] for f in gj["features"]] == [{"name": n} for n in DISTRICTS]
    _assert_clean_coverage(index, _simplified_geoms(gj))


def _assert_clean_coverage(index: AreaIndex, simple: list[shapely.Geometry]) -> None:
    orig = index._geoms
    u0 = shapely.union_all(orig).area
    u1 = shapely.union_all(simple).area
    assert abs(u1 - u0) / u0 < 0.01
    smallest = min(g.area for g in orig)
    for a, b in itertools.combinations(simple, 2):
        assert a.intersection(b).area < 1e-4 * smallest
    # no new gaps between neighbours: the simplified union has no more holes than the original
    holes = lambda g: sum(len(p.interiors) for p in shapely.get_parts(g))  # noqa: E731
    assert holes(shapely.union_all(simple)) <= holes(shapely.union_all(orig))


def test_to_geojson_rounds_coordinates(index: AreaIndex) -> None:
    coords = shapely.get_coordinates(_simplified_geoms(index.to_geojson()))
    assert np.allclose(coords, np.round(coords, 5), atol=1e-12)


def test_to_geojson_on_a_national_style_coverage(tmp_path: Path) -> None:
    """Many detailed neighbours (Voronoi cells with wiggly shared edges) stay gap-free."""
    from bench.geodata import synthetic_boundaries

    g = synthetic_boundaries(n=60, seed=3, segment_deg=0.02)
    idx = AreaIndex(g)
    _assert_clean_coverage(idx, _simplified_geoms(idx.to_geojson(500)))


# --- other people's files ------------------------------------------------------------

@pytest.mark.parametrize("key,field,crs", [
    ("shapefile_27700", "LAD23NM", "EPSG:27700"),
    ("geojson_legacy_crs", "NAME", "EPSG:27700"),
    ("geopackage_3857", "district", "EPSG:3857"),
    ("topojson", "name", None),
])
def test_common_formats_and_crs_give_the_same_answers(files: dict[str, Path], key: str, field: str,
                                                      crs: str | None) -> None:
    g = load_boundaries(files[key])
    rep = g.attrs["report"]
    assert rep["name_field"] == field
    assert rep["crs_found"] == crs
    assert rep["features"] == 4 and rep["repaired"] == 0
    assert list(g.columns) == ["name", "geometry"] and g.crs.to_epsg() == 4326
    assert_towns(AreaIndex(g))


def test_bow_tie_polygon_is_repaired(files: dict[str, Path]) -> None:
    g = load_boundaries(files["bowtie"])
    assert g.attrs["report"]["repaired"] == 1
    assert g.geometry.is_valid.all()
    assert set(g.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    idx = AreaIndex(g)
    assert idx.areas_of([0.03, 0.17, 0.35, 0.1], [51.1, 51.1, 51.05, 51.15]) == ["Bow", "Bow", "Square", None]


def test_no_crs_asks_for_one_then_works_with_it(files: dict[str, Path]) -> None:
    with pytest.raises(BoundaryError) as e:
        load_boundaries(files["no_crs"])
    msg = str(e.value)
    assert "lad_27700.shp" in msg and "--boundaries-crs" in msg and "EPSG:27700" in msg
    g = load_boundaries(files["no_crs"], crs="EPSG:27700")
    assert g.attrs["report"]["crs_found"] is None
    assert_towns(AreaIndex(g))


def test_metre_coordinates_without_crs_member_are_caught(files: dict[str, Path]) -> None:
    with pytest.raises(BoundaryError, match="not longitude/latitude"):
        load_boundaries(files["metres_no_crs"])
    assert_towns(AreaIndex(load_boundaries(files["metres_no_crs"], crs="EPSG:27700")))


def test_bad_crs_text_is_explained(files: dict[str, Path]) -> None:
    with pytest.raises(BoundaryError, match="not a CRS"):
        load_boundaries(files["no_crs"], crs="British grid please")


def test_missing_name_field_lists_the_columns(files: dict[str, Path]) -> None:
    with pytest.raises(BoundaryError) as e:
        load_boundaries(files["no_name_field"])
    assert "LAD23CD, FID, STATUS" in str(e.value) and "--name-field" in str(e.value)
    with pytest.raises(BoundaryError, match="no field 'LAD23NM'.*LAD23CD"):
        load_boundaries(files["no_name_field"], name_field="LAD23NM")
    g = load_boundaries(files["no_name_field"], name_field="lad23cd")  # case-insensitive
    assert list(g["name"]) == ["E1", "E2", "E3", "E4"]


def test_ward_file_uses_per_feature_names_and_merges_on_request(files: dict[str, Path]) -> None:
    wards = load_boundaries(files["wards_like"])
    assert wards.attrs["report"]["name_field"] == "WD23NM" and len(wards) == 8
    lads = load_boundaries(files["wards_like"], name_field="LAD23NM")
    assert list(lads["name"]) == DISTRICTS
    assert lads.attrs["report"]["merged_duplicates"] == 4
    assert_towns(AreaIndex(lads))


@pytest.mark.parametrize("key,words", [
    ("empty", "no features"),
    ("zero_bytes", "empty"),
    ("garbage", "cannot be read"),
    ("points", "Point"),
])
def test_bad_files_name_the_problem(files: dict[str, Path], key: str, words: str) -> None:
    with pytest.raises(BoundaryError) as e:
        load_boundaries(files[key])
    assert words in str(e.value) and files[key].name in str(e.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BoundaryError, match="does not exist"):
        load_boundaries(tmp_path / "nope.geojson")


def test_boundary_error_is_a_value_error() -> None:
    assert issubclass(BoundaryError, ValueError)


def test_a_point_just_off_the_coast_belongs_to_the_nearest_district(index: AreaIndex) -> None:
    """The districts are clipped to the coast: an incident by Gravesend's riverside (a pier, a boat) was counted
    "outside" on the wall while its words said "Gravesend (Gravesham)". Out in the Thames it stays outside."""
    assert index.area_of(0.3706, 51.4465) is None
    assert index.area_near(0.3706, 51.4465) == "Gravesham"          # ~100 m off the bank
    assert index.area_near(0.3706, 51.4445) == "Gravesham"          # on land: as area_of
    assert index.area_near(0.3706, 51.4520) is None                # ~700 m out, near the Essex bank
    assert index.area_near(float("nan"), 51.4) is None


def test_off_the_coast_the_nearest_district_is_measured_in_metres() -> None:
    """Between two banks: "Eastshire" 100 m east, "Northshire" 150 m north. Nearest in degrees (one of longitude
    is 0.62 of one of latitude here) named Northshire."""
    import geopandas
    from shapely.geometry import box
    lat0, lon0, per_lat = 51.44, 0.55, 111_320.0
    per_lon = per_lat * math.cos(math.radians(lat0))
    east = box(lon0 + 100 / per_lon, lat0 - 5000 / per_lat, lon0 + 5000 / per_lon, lat0 + 100 / per_lat)
    north = box(lon0 - 5000 / per_lon, lat0 + 150 / per_lat, lon0 + 50 / per_lon, lat0 + 5000 / per_lat)
    two = AreaIndex(geopandas.GeoDataFrame({"name": ["Northshire", "Eastshire"]}, geometry=[north, east],
                                           crs="EPSG:4326"))
    assert two.area_of(lon0, lat0) is None and two.area_near(lon0, lat0) == "Eastshire"
    assert two.area_near(lon0, lat0, within_m=90) is None
