"""Contract v1.1: an incident sent with a postcode and no lat/lon, as a CAD system would (XADD, then the API)."""
import time

from dashboard.core.postcodes import find, load_postcodes
from tests.helpers import eventually


def _incidents(api):
    return {i["incident"]: i for i in api.get("/api/incidents").get_json()["incidents"]}


def _rejects(redis_client, redis_settings):
    def text(x):
        return x.decode() if isinstance(x, bytes) else x
    return [{text(k): text(v) for k, v in f.items()} for _, f in redis_client.xrange(redis_settings.keys.rejects)]


def test_postcode_places_the_incident_and_says_so(api, writer):
    pc = load_postcodes()
    i = find(pc, "ME12 1HS")
    now = time.time()
    writer.incident_event({"incident": "BYPC", "ts": now, "postcode": "me121hs", "type": "medical"})
    writer.incident_event({"incident": "BYLATLON", "ts": now, "lat": 51.3800, "lon": 0.5270})
    writer.incident_event({"incident": "BOTH", "ts": now, "lat": 51.4440, "lon": 0.2180, "postcode": "ME12 1HS"})
    got = eventually(lambda: len(b := _incidents(api)) == 3 and b)
    by_pc = got["BYPC"]
    assert (by_pc["lat"], by_pc["lon"]) == (float(pc.lat[i]), float(pc.lon[i]))
    assert by_pc["location_source"] == "postcode" and by_pc["area"] == "Swale"
    assert by_pc["near"].startswith("near ME12 1HS, ") and by_pc["near"].endswith("(Swale)")
    assert got["BYLATLON"]["location_source"] == "lat_lon" and got["BYLATLON"]["near"].endswith("(Medway)")
    both = got["BOTH"]   # coordinates win; the postcode is kept as given
    assert both["location_source"] == "lat_lon" and both["area"] == "Dartford" and both["postcode"] == "ME12 1HS"


def test_unknown_postcode_without_coordinates_is_a_reject(api, writer, redis_client, redis_settings):
    now = time.time()
    writer.incident_event({"incident": "NOWHERE", "ts": now, "postcode": "ZZ9 9ZZ"})
    writer.incident_event({"incident": "LONDON", "ts": now, "postcode": "SW1A 1AA"})   # real, not North Kent
    writer.incident_event({"incident": "AFTER", "ts": now, "postcode": "DA11 0BS"})     # the feed goes on
    eventually(lambda: "AFTER" in _incidents(api))
    rejects = eventually(lambda: len(r := _rejects(redis_client, redis_settings)) == 2 and r)
    assert [r["reason"] for r in rejects] == ["unknown postcode", "unknown postcode"]
    assert set(_incidents(api)) == {"AFTER"}
    assert _incidents(api)["AFTER"]["area"] == "Gravesham"
