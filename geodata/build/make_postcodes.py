"""Build geodata/postcodes/codepoint_north_kent.npz: the 14,938 postcodes of the four districts, columnar.

Input: OS Code-Point Open 2025.2.0 subset in /work/shared/data/postcodes (see its README).
Columns (numpy arrays, one row per postcode, sorted by postcode): `postcode` (unicode, the
official spelling "ME7 5NY"), `lon`, `lat` (float64, WGS84 centroid), `district` (int8 index
into `districts`), `pq` (int8 positional quality, 10 = within the building). Loading takes a
few milliseconds (np.load, no CSV parsing at start-up); `np.savez_compressed` keeps it ~200 KB.

Also writes geodata/built_up.geojson for the base map: where addresses cluster (each
postcode centroid buffered 150 m, the union shrunk back 60 m, simplified 30 m, blobs under
6 ha dropped), so towns show as shapes. Only the four districts have postcodes here.

Run: .venv/bin/python geodata/build/make_postcodes.py [--data /work/shared/data]
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import zipfile
from pathlib import Path

import geopandas
import numpy as np
import shapely
from shapely.geometry import mapping

GEO = Path(__file__).resolve().parents[1]
OUT = GEO / "postcodes" / "codepoint_north_kent.npz"
DISTRICTS = ("Dartford", "Gravesham", "Medway", "Swale")
BUILT_UP = GEO / "built_up.geojson"


def built_up(lon: np.ndarray, lat: np.ndarray) -> shapely.Geometry:
    """Address clusters as polygons (lon/lat), computed in British National Grid metres."""
    pts = geopandas.GeoSeries(geopandas.points_from_xy(lon, lat), crs="EPSG:4326").to_crs("EPSG:27700")
    area = shapely.union_all(pts.buffer(150, quad_segs=4).values).buffer(-60).simplify(30)
    area = shapely.MultiPolygon([p for p in shapely.get_parts(area) if p.area > 60_000])
    area = geopandas.GeoSeries([area], crs="EPSG:27700").to_crs("EPSG:4326").iloc[0]
    return shapely.orient_polygons(shapely.transform(area, lambda c: np.round(c, 4)), exterior_cw=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    args = ap.parse_args()
    with (args.data / "postcodes" / "codepoint_open_2025_north_kent.csv").open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["postcode"])
    arrays = {
        "postcode": np.array([" ".join(r["postcode"].split()) for r in rows], dtype="U8"),
        "lon": np.array([float(r["lon"]) for r in rows]),
        "lat": np.array([float(r["lat"]) for r in rows]),
        "district": np.array([DISTRICTS.index(r["district_name"]) for r in rows], dtype=np.int8),
        "pq": np.array([int(r["pq"]) for r in rows], dtype=np.int8),
        "districts": np.array(DISTRICTS),
    }
    # Fixed member timestamps so the same input gives the same bytes.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, arr, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(2025, 4, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, member.getvalue())
    OUT.write_bytes(buf.getvalue())
    meta = {"source": "derived from OS Code-Point Open 2025.2.0 postcode centroids (see postcodes/)",
            "date": "2025-04", "licence": "OS OpenData licence (OGL v3.0)",
            "note": "where addresses cluster, for the base map; only the four districts"}
    fc = {"type": "FeatureCollection", "name": "built_up", "metadata": meta, "features": [
        {"type": "Feature", "properties": {"kind": "built_up"},
         "geometry": mapping(built_up(arrays["lon"], arrays["lat"]))}]}
    BUILT_UP.write_text(json.dumps(fc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} postcodes to {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
