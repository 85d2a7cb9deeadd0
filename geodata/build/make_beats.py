"""Build geodata/north_kent_beats.geojson: approximate "beats" nested inside the four districts.

A beat here is the part of a district nearer (straight line, in British
National Grid metres) to one town of `places/place_names.csv` than to any other town
of the same district: a Voronoi cell around the town, clipped to its district.
Cells are made per polygon part of a district (Sheppey apart from the Swale
mainland), so no beat straddles the Swale channel, and a part with no town in
it (none today) would join the beat of the nearest town. Every beat therefore
lies inside exactly one district, the beats of a district tile it with no gaps
or overlaps, and each town lies in its own beat.

Project-made from the town and village names (GeoNames, and the project's own
table where GeoNames lacks a place) inside the official ONS districts: NOT the
real police beats or wards. Each feature has `name`
(the town), `district` and `source`.

Run: .venv/bin/python geodata/build/make_beats.py
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import mapping

ROOT = Path(__file__).resolve().parents[1]
TOWNS = ROOT / "places" / "place_names.csv"
DISTRICTS = ROOT / "north_kent_districts.geojson"
OUT = ROOT / "north_kent_beats.geojson"
METRIC = "EPSG:27700"
SOURCE = ("project-made Voronoi cells around the towns of places/place_names.csv (GeoNames, CC BY 4.0), "
          "clipped to the ONS LAD May 2024 districts (OGL v3), 2026")


def read_towns() -> list[tuple[str, float, float, str]]:
    lines = [ln for ln in TOWNS.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    rows = csv.DictReader(lines)
    return [(r["name"], float(r["lon"]), float(r["lat"]), r["district"])
            for r in rows if r["district"]]


def build() -> geopandas.GeoDataFrame:
    """Cells are drawn in metres, then clipped in longitude/latitude against the district file's
    own vertices, so every beat edge on a district border is exactly that border."""
    districts_ll = geopandas.read_file(DISTRICTS)
    districts = districts_ll.to_crs(METRIC)
    towns = read_towns()
    pts = geopandas.GeoSeries(geopandas.points_from_xy([t[1] for t in towns], [t[2] for t in towns]),
                              crs="EPSG:4326").to_crs(METRIC)
    names, dists, geoms = [], [], []
    to_ll = Transformer.from_crs(METRIC, "EPSG:4326", always_xy=True)
    for dname, dgeom, dgeom_ll in zip(districts["name"], districts.geometry, districts_ll.geometry):
        parts_ll = list(shapely.get_parts(dgeom_ll))
        idx = [i for i, t in enumerate(towns) if t[3] == dname]
        cells: dict[int, list] = {i: [] for i in idx}
        for k, part in enumerate(shapely.get_parts(dgeom)):
            part_ll = parts_ll[k]
            inside = [i for i in idx if part.covers(pts.iloc[i])]
            if not inside:  # a part with no town joins the nearest town's beat
                nearest = min(idx, key=lambda i: part.distance(pts.iloc[i]))
                cells[nearest].append(part_ll)
                continue
            if len(inside) == 1:
                cells[inside[0]].append(part_ll)
                continue
            seeds = shapely.MultiPoint([pts.iloc[i] for i in inside])
            vor = shapely.voronoi_polygons(seeds, extend_to=part.buffer(5000))
            for cell in shapely.get_parts(vor):
                owner = next(i for i in inside if cell.covers(pts.iloc[i]))
                cell_ll = shapely.transform(cell, lambda c: np.column_stack(to_ll.transform(c[:, 0], c[:, 1])))
                piece = cell_ll.intersection(part_ll)
                if not piece.is_empty:
                    cells[owner].append(piece)
        for i, pieces in cells.items():
            g = shapely.union_all(pieces)
            g = shapely.MultiPolygon([p for p in shapely.get_parts(g) if p.geom_type == "Polygon"]) \
                if g.geom_type not in ("Polygon", "MultiPolygon") else g
            names.append(towns[i][0])
            dists.append(dname)
            geoms.append(g)
    return geopandas.GeoDataFrame({"name": names, "district": dists}, geometry=geoms, crs="EPSG:4326")


def main() -> None:
    gdf = build()
    feats = []
    for name, district, g in zip(gdf["name"], gdf["district"], gdf.geometry):
        g = shapely.transform(g, lambda c: np.round(c, 7))
        g = shapely.orient_polygons(g, exterior_cw=False)
        feats.append({"type": "Feature", "properties": {"name": name, "district": district, "source": SOURCE},
                      "geometry": mapping(g)})
    OUT.write_text(json.dumps({"type": "FeatureCollection", "name": "north_kent_beats", "features": feats},
                              separators=(",", ":")).replace("},{\"type\"", "},\n{\"type\"") + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(feats)} beats)")


if __name__ == "__main__":
    main()
