"""Where an incident is, in words: "near ME7 5NY, Gillingham (Medway)".

Pure module. `near_text` is one k-d tree query over the postcodes (~30 us) and one
haversine over the place names (~20 us): cheap enough per incident, but callers
should compute it when an incident is placed, not on every screen refresh.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.core.place_names import PlaceName, load_place_names, nearest_name
from dashboard.core.postcodes import Postcodes, find, load_postcodes, nearest

NEAR_M = 1_000.0   # within this of a postcode centroid, "near" it; further (fields, water), "x km from"


@dataclass(frozen=True)
class Gazetteer:
    """Postcodes and place names, loaded together once (~15 ms)."""
    postcodes: Postcodes
    names: list[PlaceName]


def load_gazetteer(postcodes: str | Path | None = None, names: str | Path | None = None) -> Gazetteer:
    return Gazetteer(load_postcodes(postcodes), load_place_names(names))


@lru_cache(maxsize=1)
def shipped_gazetteer() -> Gazetteer:
    """The shipped files, loaded once per process (read-only afterwards, so safe to share)."""
    return load_gazetteer()


def near_text(gz: Gazetteer, lon: float, lat: float, district: str | None = None,
              postcode: str | None = None) -> str:
    """Nearest postcode (or `postcode`, when the incident was placed by it: two postcodes may
    share a centroid), then the nearest town or village (in `district` when given, the district
    the incident is in) and that district: "near ME7 5NY, Gillingham (Medway)"."""
    pc = gz.postcodes
    i, d = nearest(pc, lon, lat)
    given = find(pc, postcode) if postcode else None
    if given is not None:
        i, d = given, 0.0
    where = district or (str(pc.district[i]) if d <= NEAR_M else None)
    place = nearest_name(gz.names, lon, lat, where)
    where = where or place.district
    lead = f"near {pc.code[i]}" if d <= NEAR_M else f"{d / 1000:.1f} km from {pc.code[i]}"
    return f"{lead}, {place.name}" + (f" ({where})" if where and where != place.name else "")


def postcode_position(gz: Gazetteer, text: str) -> tuple[float, float] | None:
    """(lon, lat) of a postcode's centroid, any spelling; None when it is not a known postcode."""
    i = find(gz.postcodes, text)
    return None if i is None else (float(gz.postcodes.lon[i]), float(gz.postcodes.lat[i]))
