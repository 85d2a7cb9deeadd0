"""Fixed places (hospitals with an ED, police, fire and ambulance stations) and "nearest of a kind".

Pure module. Loading reads a small GeoJSON with the standard library (~1 ms);
`nearest_place` is one vectorised haversine over the places (~20 us for dozens).
Each place says where it comes from and when (`source`, `date`); `approximate`
marks the project's own positions (ambulance stations: no open list exists).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dashboard.core.geo import haversine_m

DEFAULT_PLACES: Path = Path(__file__).resolve().parents[2] / "geodata" / "places.geojson"
KINDS: tuple[str, ...] = ("hospital_ed", "police_station", "fire_station", "ambulance_station")


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    lon: float
    lat: float
    approximate: bool = False
    date: str = ""


def load_places(path: str | Path | None = None) -> list[Place]:
    """Read Point features with `name` and `kind` properties; raises ValueError naming a bad feature."""
    p = Path(path) if path is not None else DEFAULT_PLACES
    data = json.loads(p.read_text(encoding="utf-8"))
    places = []
    for i, feat in enumerate(data.get("features", [])):
        geom = feat.get("geometry") or {}
        props = feat.get("properties") or {}
        if geom.get("type") != "Point" or not props.get("name") or props.get("kind") not in KINDS:
            raise ValueError(f"{p}: feature {i} is not a Point with a name and a kind in {KINDS}")
        lon, lat = (float(c) for c in geom["coordinates"][:2])
        places.append(Place(str(props["name"]), str(props["kind"]), lon, lat,
                            bool(props.get("approximate", False)), str(props.get("date", ""))))
    return places


def nearest_place(places: list[Place], lon: float, lat: float, kind: str) -> Place:
    """The place of `kind` nearest (straight line) to (lon, lat); ValueError if there is none of that kind."""
    of_kind = [pl for pl in places if pl.kind == kind]
    if not of_kind:
        raise ValueError(f"no place of kind {kind!r} (kinds present: {sorted({pl.kind for pl in places})})")
    d = haversine_m(lon, lat, np.array([pl.lon for pl in of_kind]), np.array([pl.lat for pl in of_kind]))
    return of_kind[int(np.argmin(d))]
