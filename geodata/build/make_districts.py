"""Build geodata/north_kent_districts.geojson: approximate North Kent districts.

The polygons are project-made from hand-placed vertices (general geographic
knowledge, no downloaded data), accurate to roughly 0.5-1.5 km: good enough to
label incidents on a demo dashboard, NOT for legal or statistical use. Replace
them with the ONS Local Authority District boundaries for real use (see
geodata/README.md, section "Districts").

How gaps and overlaps are avoided: every border is written once as a chain of
vertices (below), the chains are noded and polygonized into faces, and each
face is labelled by the district seed point it contains. Neighbours therefore
share exactly the same edge vertices.

Choices: the Medway estuary water (between the Hoo peninsula and
Gillingham/Rainham, up to the Sheppey shore) is INSIDE Medway; the Thames and
The Swale channel (between Sheppey and the mainland) are outside every district.
Isle of Sheppey is a separate part of the Swale MultiPolygon.

Run: .venv/bin/python geodata/build/make_districts.py   (well under a second)
"""
from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import LineString, Point, mapping
from shapely.ops import polygonize, unary_union

OUT = Path(__file__).resolve().parents[1] / "north_kent_districts.geojson"

Coord = tuple[float, float]

# --- Junction nodes (lon, lat), shared by several chains -------------------
A = (0.212, 51.477)          # Thames at the Darent mouth: Dartford / Bexley (London)
DG_N = (0.322, 51.455)       # Thames at Ebbsfleet: Dartford / Gravesham
GM_N = (0.468, 51.466)       # Thames near Cliffe Fort: Gravesham / Medway
GRAIN = (0.730, 51.452)      # Grain, east tip of the Hoo peninsula
GARRISON = (0.748, 51.448)   # Garrison Point, Sheerness (Medway mouth, Sheppey side)
QBORO = (0.738, 51.418)      # Queenborough, where the West Swale leaves the Medway
CHETNEY = (0.712, 51.406)    # Chetney marshes tip (mainland Swale)
SEASALTER = (0.990, 51.343)  # coast at Seasalter: Swale / Canterbury
DG_S = (0.330, 51.392)       # Dartford / Gravesham / Sevenoaks
GM_S = (0.425, 51.335)       # Gravesham / Medway / Tonbridge & Malling
MS_S = (0.625, 51.325)       # Medway / Swale / Maidstone

# --- Chains: each border written exactly once --------------------------------
CHAINS: dict[str, list[Coord]] = {
    # Thames south bank, west to east (outer edge of Dartford)
    "thames_dartford": [A, (0.235, 51.470), (0.258, 51.466), (0.275, 51.459), (0.290, 51.462),
                        (0.300, 51.470), (0.315, 51.463), DG_N],
    # Thames, Gravesham frontage (Northfleet, Gravesend, Shorne marshes)
    "thames_gravesham": [DG_N, (0.340, 51.449), (0.370, 51.447), (0.395, 51.445), (0.430, 51.452),
                         (0.455, 51.462), GM_N],
    # Thames / Sea Reach round the Hoo peninsula to Grain
    "thames_hoo": [GM_N, (0.475, 51.480), (0.480, 51.495), (0.520, 51.490), (0.560, 51.488),
                   (0.600, 51.482), (0.640, 51.480), (0.680, 51.476), (0.705, 51.470),
                   (0.725, 51.462), GRAIN],
    # Across the Medway mouth (water, inside Medway to the south of it)
    "medway_mouth": [GRAIN, GARRISON],
    # Sheppey west shore, shared by Medway (estuary) and Swale (Sheppey)
    "sheppey_west": [GARRISON, (0.745, 51.442), (0.742, 51.432), QBORO],
    # Across the mouth of the West Swale
    "west_swale_mouth": [QBORO, CHETNEY],
    # Medway / Swale (mainland): Stangate Creek, Funton, Otterham, then south
    "medway_swale": [CHETNEY, (0.690, 51.395), (0.670, 51.385), (0.650, 51.378), (0.638, 51.368),
                     (0.634, 51.350), (0.628, 51.335), MS_S],
    # Mainland Swale coast along The Swale channel, Iwade to Seasalter
    "swale_coast": [CHETNEY, (0.725, 51.398), (0.730, 51.388), (0.738, 51.378), (0.745, 51.365),
                    (0.765, 51.360), (0.790, 51.356), (0.815, 51.350), (0.845, 51.345),
                    (0.875, 51.338), (0.900, 51.335), (0.930, 51.330), (0.960, 51.335), SEASALTER],
    # Dartford / Gravesham (Ebbsfleet, west of Istead Rise)
    "dartford_gravesham": [DG_N, (0.325, 51.440), (0.330, 51.425), (0.335, 51.405), DG_S],
    # Gravesham / Medway (Cliffe marshes, Higham-Strood, Cobham-Cuxton, Luddesdown-Halling)
    "gravesham_medway": [GM_N, (0.478, 51.440), (0.485, 51.420), (0.470, 51.398), (0.440, 51.385),
                         (0.425, 51.365), (0.420, 51.345), GM_S],
    # Outer land edge, Dartford against Bexley and Sevenoaks
    "outer_dartford": [A, (0.205, 51.465), (0.195, 51.452), (0.188, 51.440), (0.180, 51.430),
                       (0.183, 51.418), (0.200, 51.405), (0.225, 51.400), (0.255, 51.403),
                       (0.280, 51.398), (0.295, 51.391), (0.315, 51.390), DG_S],
    # Gravesham against Sevenoaks and Tonbridge & Malling
    "outer_gravesham": [DG_S, (0.335, 51.375), (0.330, 51.350), (0.335, 51.330), (0.335, 51.315),
                        (0.365, 51.312), (0.390, 51.320), (0.410, 51.325), GM_S],
    # Medway against Tonbridge & Malling and Maidstone
    "outer_medway": [GM_S, (0.445, 51.338), (0.470, 51.342), (0.495, 51.335), (0.520, 51.322),
                     (0.555, 51.320), (0.590, 51.325), MS_S],
    # Swale against Maidstone, Ashford and Canterbury
    "outer_swale": [MS_S, (0.635, 51.300), (0.660, 51.280), (0.700, 51.260), (0.760, 51.245),
                    (0.830, 51.240), (0.900, 51.250), (0.950, 51.265), (0.985, 51.285),
                    (1.000, 51.310), (0.995, 51.330), SEASALTER],
    # Isle of Sheppey, the rest of its shore (Sheerness, Minster, Leysdown,
    # Shell Ness, Harty, Elmley, Kingsferry) back to Queenborough
    "sheppey_shore": [GARRISON, (0.770, 51.443), (0.800, 51.435), (0.830, 51.428), (0.870, 51.418),
                      (0.905, 51.407), (0.935, 51.398), (0.948, 51.380), (0.958, 51.360),
                      (0.930, 51.355), (0.895, 51.353), (0.860, 51.360), (0.820, 51.367),
                      (0.785, 51.375), (0.755, 51.385), (0.738, 51.394), (0.741, 51.405), QBORO],
}

# Seed points: a face containing one of these belongs to that district.
SEEDS: dict[str, list[Coord]] = {
    "Dartford": [(0.217, 51.446)],
    "Gravesham": [(0.370, 51.4415)],
    "Medway": [(0.527, 51.380)],
    "Swale": [(0.733, 51.340), (0.760, 51.441)],  # Sittingbourne, Sheerness
}


def build_districts() -> dict[str, shapely.Geometry]:
    """Polygonize the border chains and label the faces; raises if any face is unlabelled."""
    lines = unary_union([LineString(c) for c in CHAINS.values()])
    faces = list(polygonize(lines))
    result: dict[str, list[shapely.Geometry]] = {name: [] for name in SEEDS}
    for face in faces:
        owners = [name for name, pts in SEEDS.items() if any(face.contains(Point(p)) for p in pts)]
        if len(owners) != 1:
            raise RuntimeError(f"face {face.representative_point()} has owners {owners}")
        result[owners[0]].append(face)
    return {name: unary_union(parts) for name, parts in result.items()}


def to_feature_collection(districts: dict[str, shapely.Geometry]) -> dict:
    """GeoJSON FeatureCollection (RFC 7946, WGS84 lon/lat), one feature per district."""
    feats = []
    for name, geom in districts.items():
        geom = shapely.orient_polygons(geom, exterior_cw=False)  # RFC 7946 right-hand rule
        feats.append({"type": "Feature", "properties": {"name": name}, "geometry": mapping(geom)})
    return {
        "type": "FeatureCollection",
        "name": "north_kent_districts",
        "features": feats,
    }


def main() -> None:
    districts = build_districts()
    fc = to_feature_collection(districts)
    OUT.write_text(json.dumps(fc, separators=(",", ":")) + "\n")
    for name, geom in districts.items():
        print(f"{name:10s} {geom.geom_type:13s} parts={shapely.get_num_geometries(geom)}")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
