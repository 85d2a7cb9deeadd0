"""The search box's answers: postcodes in any spelling, partial postcodes, place names with typos."""
from __future__ import annotations

import pytest

from dashboard.core.place_names import load_place_names
from dashboard.core.place_search import edit_distance, search
from dashboard.core.postcodes import find, load_postcodes, nearest, normalise
from dashboard.core.whereabouts import load_gazetteer, near_text


@pytest.fixture(scope="module")
def pc():
    return load_postcodes()


@pytest.fixture(scope="module")
def names():
    return load_place_names()


@pytest.mark.parametrize("typed", ["ME7 5NY", "me75ny", "ME7  5NY", " me7 5ny ", "Me7-5Ny"])
def test_a_full_postcode_in_any_spelling_finds_it(pc, names, typed: str) -> None:
    hits = search(typed, pc, names)
    assert [(h.label, h.kind, h.detail) for h in hits] == [("ME7 5NY", "postcode", "Medway")]
    # the map flies to the Code-Point centroid (Gillingham, by Medway Maritime Hospital)
    assert abs(hits[0].lon - 0.5404) < 0.005 and abs(hits[0].lat - 51.3790) < 0.005


def test_normalise_and_find() -> None:
    pc = load_postcodes()
    assert normalise("da11 0bs") == "DA11 0BS" and normalise("ME7") is None and normalise("") is None
    assert find(pc, "ZZ9 9ZZ") is None and find(pc, "SW1A 1AA") is None   # real, but not in North Kent
    i = find(pc, "me12 1hs")
    assert i is not None and pc.code[i] == "ME12 1HS" and pc.district[i] == "Swale"


def test_a_postcode_district_lists_it_first(pc, names) -> None:
    hits = search("ME7", pc, names)
    assert hits[0].label == "ME7" and hits[0].kind == "district" and "Medway" in hits[0].detail
    hits = search("ME12", pc, names)
    assert hits[0].label == "ME12" and "Swale" in hits[0].detail       # Sheppey before sector ME1 2
    assert any(h.label == "ME1 2" for h in hits)
    assert [h.label for h in search("ME1", pc, names)[:4]] == ["ME1", "ME10", "ME11", "ME12"]


@pytest.mark.parametrize("typed", ["ME7 5", "me75", "ME7 5N"])
def test_a_partial_postcode_lists_the_sector_then_its_postcodes(pc, names, typed: str) -> None:
    hits = search(typed, pc, names)
    assert hits[0].kind == "sector" and hits[0].label.replace(" ", "") == typed.upper().replace(" ", "")
    assert all(h.label.startswith(hits[0].label) for h in hits)
    assert any(h.kind == "postcode" for h in hits) and len(hits) <= 8


@pytest.mark.parametrize("typed,want", [
    ("sittingborne", "Sittingbourne"), ("Sittingbourne", "Sittingbourne"), ("sitt", "Sittingbourne"),
    ("gilingham", "Gillingham"), ("sheernes", "Sheerness"), ("faversam", "Faversham"),
    ("strood", "Strood"), ("roch", "Rochester"), ("hoo", "Hoo St Werburgh"), ("grain", "Isle of Grain"),
])
def test_place_names_with_typos(pc, names, typed: str, want: str) -> None:
    hits = search(typed, pc, names)
    assert hits and hits[0].label == want and hits[0].kind == "place"


def test_nothing_sensible_finds_nothing(pc, names) -> None:
    assert search("", pc, names) == [] and search("  ", pc, names) == []
    assert search("xyzzy", pc, names) == []
    assert search("ZZ9 9ZZ", pc, names) == []


def test_edit_distance() -> None:
    assert edit_distance("sittingborne", "sittingbourne") == 1
    assert edit_distance("", "abc") == 3 and edit_distance("kent", "kent") == 0


def test_nearest_postcode_is_the_one_at_the_point(pc) -> None:
    i = find(pc, "ME7 5NY")
    j, d = nearest(pc, float(pc.lon[i]), float(pc.lat[i]))
    assert j == i and d < 1


@pytest.mark.parametrize("lon,lat,district,expected", [
    (0.54863, 51.38914, "Medway", "near ME7 1DH, Gillingham (Medway)"),
    (0.54043, 51.37905, "Medway", "near ME7 5NY, Chatham (Medway)"),   # the hospital: Chatham's centre is nearer
    (0.76029, 51.43946, "Swale", ", Sheerness (Swale)"),
    (0.21964, 51.44352, "Dartford", ", Dartford"),            # the town is the district: said once
    (0.6200, 51.4100, None, "km from ME"),                    # in the Medway estuary: far from any postcode
])
def test_near_text(lon: float, lat: float, district, expected: str) -> None:
    text = near_text(load_gazetteer(), lon, lat, district)
    assert expected in text
    assert text.startswith("near ") or " km from " in text
