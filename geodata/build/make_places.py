"""Build geodata/places.geojson: hospitals with an emergency department, police and ambulance stations.

Positions are approximate (placed by the project from public knowledge in 2026,
typically within a few hundred metres; no downloaded data). Good enough for
"nearest hospital" hints on a demo dashboard; check them before real use.

Run: .venv/bin/python geodata/build/make_places.py
"""
from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "places.geojson"
SOURCE = "approximate position from public knowledge, project-made, 2026"

# (name, kind, lon, lat)
PLACES: list[tuple[str, str, float, float]] = [
    # Hospitals with a type 1 emergency department serving North Kent and neighbours.
    # (Kent and Canterbury Hospital is left out: it has no full ED.)
    ("Medway Maritime Hospital, Gillingham", "hospital_ed", 0.5375, 51.3780),
    ("Darent Valley Hospital, Dartford", "hospital_ed", 0.2600, 51.4335),
    ("Maidstone Hospital", "hospital_ed", 0.4810, 51.2790),
    ("William Harvey Hospital, Ashford", "hospital_ed", 0.9160, 51.1420),
    ("Queen Elizabeth The Queen Mother Hospital, Margate", "hospital_ed", 1.3890, 51.3780),
    ("Queen Elizabeth Hospital, Woolwich", "hospital_ed", 0.0481, 51.4784),
    # Kent Police stations
    ("Medway Police Station, Gillingham", "police_station", 0.5420, 51.3925),
    ("North Kent Police Station, Northfleet (covers Dartford and Gravesham)", "police_station", 0.3380, 51.4390),
    ("Gravesend Police Station", "police_station", 0.3700, 51.4405),
    ("Sittingbourne Police Station", "police_station", 0.7350, 51.3410),
    ("Sheerness Police Station", "police_station", 0.7620, 51.4400),
    ("Faversham Police Station", "police_station", 0.8890, 51.3160),
    # South East Coast Ambulance Service (SECAmb) make-ready centres / ambulance stations
    ("Medway Make Ready Centre, Gillingham", "ambulance_station", 0.5650, 51.3720),
    ("Dartford Ambulance Station", "ambulance_station", 0.2300, 51.4400),
    ("Gravesend Ambulance Station", "ambulance_station", 0.3500, 51.4300),
    ("Sittingbourne Ambulance Station", "ambulance_station", 0.7400, 51.3420),
    ("Sheerness Ambulance Station", "ambulance_station", 0.7650, 51.4350),
    ("Faversham Ambulance Station", "ambulance_station", 0.8950, 51.3120),
]

KINDS = ("hospital_ed", "police_station", "ambulance_station")


def feature_collection() -> dict:
    """GeoJSON FeatureCollection of Points (WGS84 lon/lat)."""
    feats = []
    for name, kind, lon, lat in PLACES:
        assert kind in KINDS, kind
        feats.append({
            "type": "Feature",
            "properties": {"name": name, "kind": kind, "source": SOURCE},
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        })
    return {"type": "FeatureCollection", "name": "north_kent_places", "features": feats}


def main() -> None:
    OUT.write_text(json.dumps(feature_collection(), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(PLACES)} places to {OUT}")


if __name__ == "__main__":
    main()
