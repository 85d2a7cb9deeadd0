"""Contract v1.1 placement by postcode, and the words that say where each incident is."""
from __future__ import annotations

from functools import partial

import pytest

from dashboard.core.areas import AreaIndex
from dashboard.core.boundary_files import load_boundaries
from dashboard.core.contract import ContractError, parse_incident_event
from dashboard.core.picture import Picture
from dashboard.core.whereabouts import load_gazetteer, near_text, postcode_position


@pytest.fixture(scope="module")
def gz():
    return load_gazetteer()


@pytest.fixture
def picture(gz):
    return Picture(area_of=AreaIndex(load_boundaries()).area_of,
                   postcode_at=partial(postcode_position, gz), near_of=partial(near_text, gz))


def ev(**fields):
    return parse_incident_event({"incident": "I1", "ts": "1000", **fields})


def test_contract_keeps_the_postcode_as_given_with_spaces_tidied(picture) -> None:
    assert ev(postcode="  me7   5ny ").postcode == "me7 5ny"
    assert ev(postcode="ME7\t5NY\r\n").postcode == ev(postcode="ME7\u00a05NY").postcode == "ME7 5NY"
    assert ev(lat="51.4", lon="0.5").postcode is None
    with pytest.raises(ContractError, match="^unknown postcode$"):
        picture.apply_incident(ev(postcode="x" * 40))
    # with coordinates they win: text no postcode can be is dropped, the event applies (it was a reject)
    assert ev(postcode="ME7 5NY Gillingham", lat="51.4", lon="0.5").lat == 51.4
    assert ev(postcode="ME7 5NY Gillingham", lat="51.4", lon="0.5").postcode is None


def test_postcode_without_coordinates_places_the_incident(picture, gz) -> None:
    picture.apply_incident(ev(postcode="ME7 5NY"))
    inc = picture.incidents["I1"]
    assert (inc.lon, inc.lat) == postcode_position(gz, "ME75NY")
    assert inc.location_source == "postcode" and inc.area == "Medway" and inc.postcode == "ME7 5NY"
    assert inc.near.startswith("near ME7 5NY, ") and inc.near.endswith("(Medway)")


def test_unknown_postcode_is_a_reject_and_nothing_is_held(picture) -> None:
    with pytest.raises(ContractError, match="^unknown postcode$"):
        picture.apply_incident(ev(postcode="ZZ9 9ZZ"))
    assert picture.incidents == {}


def test_coordinates_win_over_a_postcode(picture) -> None:
    picture.apply_incident(ev(postcode="ME12 1HS", lat="51.4435", lon="0.2196"))
    inc = picture.incidents["I1"]
    assert inc.location_source == "lat_lon" and inc.area == "Dartford" and inc.postcode == "ME12 1HS"


def test_a_later_postcode_moves_it_and_the_words_follow(picture) -> None:
    picture.apply_incident(ev(lat="51.4435", lon="0.2196"))
    assert picture.incidents["I1"].near.endswith("Dartford")
    picture.apply_incident(parse_incident_event({"incident": "I1", "ts": "1001", "postcode": "ME10 4AA"}))
    inc = picture.incidents["I1"]
    assert inc.area == "Swale" and inc.location_source == "postcode" and inc.near.startswith("near ME10 4AA, ")


def test_the_same_postcode_repeated_leaves_an_incident_where_its_coordinates_put_it(picture) -> None:
    """CAD repeats every field on every event: the repeated postcode moved the incident 2.2 km from
    its exact coordinates to the postcode's centroid; an unknown one rejected the closing event."""
    picture.apply_incident(ev(postcode="ME7 5NY", lat="51.3800", lon="0.5500"))
    picture.apply_incident(parse_incident_event({"incident": "I1", "ts": "1001", "postcode": "me75ny",
                                                 "status": "assigned", "unit": "JRU-MW-1"}))
    inc = picture.incidents["I1"]
    assert (inc.lat, inc.lon, inc.location_source, inc.status) == (51.38, 0.55, "lat_lon", "assigned")
    picture.apply_incident(parse_incident_event({"incident": "I1", "ts": "1002", "postcode": "ZZ9 9ZZ",
                                                 "status": "on_scene"}))
    assert (inc.lat, inc.lon, inc.status, inc.postcode) == (51.38, 0.55, "on_scene", "ME7 5NY")
    garbled = "ME7 5NY" + " " * 10 + "x" * 9                 # no postcode at all: the event still applies
    picture.apply_incident(parse_incident_event({"incident": "I1", "ts": "1003", "postcode": garbled,
                                                 "status": "closed"}))
    assert (inc.lat, inc.lon, inc.status, inc.postcode) == (51.38, 0.55, "closed", "ME7 5NY")


def test_without_a_gazetteer_the_v1_rule_holds() -> None:
    with pytest.raises(ContractError, match="no lat/lon"):
        Picture().apply_incident(ev(postcode="ME7 5NY"))
