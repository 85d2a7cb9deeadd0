"""Boundary (district) files: load any common GIS format into clean areas.

Pure module: no Dash, no Redis. Cost, measured on a laptop-class CPU:
`load_boundaries` reads the file (pyogrio, ~ms for a few districts, ~0.5 s for a
national file of a few hundred detailed polygons), repairs invalid shapes and
reprojects: done once at start-up. `core/areas.py` answers "which area is this
point in" over the result.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas
import numpy as np
import pandas as pd
import pyogrio
import shapely

DEFAULT_BOUNDARIES: Path = Path(__file__).resolve().parents[2] / "geodata" / "north_kent_districts.geojson"

_NAME_LIKE = ("name", "district", "area", "label", "title")
_POLYGONAL = {"Polygon", "MultiPolygon"}


class BoundaryError(ValueError):
    """A boundary file cannot be used; the message says which file, what is wrong, what to do."""


def load_boundaries(
    path: str | Path | None = None,
    *,
    crs: str | None = None,
    name_field: str | None = None,
) -> geopandas.GeoDataFrame:
    """Read a boundary file into a GeoDataFrame with columns exactly `name`, `geometry` (EPSG:4326).

    Reads anything pyogrio/GDAL reads (GeoJSON incl. the legacy `crs` member,
    Shapefile, GeoPackage, TopoJSON, FlatGeobuf, ...). `crs` is the CRS of the
    file's coordinates when the file declares none (or declares a wrong one).
    `name_field` picks the column holding area names; by default it is detected.
    Invalid polygons are repaired with shapely.make_valid; features sharing a
    name are merged into one (multi)polygon. `gdf.attrs["report"]` describes
    what was found. Cost: dominated by reading and reprojecting the file.
    """
    p = Path(path) if path is not None else DEFAULT_BOUNDARIES
    gdf, layer, driver = _read(p)
    report: dict[str, Any] = {"path": str(p), "driver": driver, "layer": layer, "features": len(gdf)}
    if len(gdf) == 0:
        raise BoundaryError(
            f"Boundary file {p} has no features (no areas in it). "
            "Check you exported the right layer, or use another boundary file."
        )
    crs_found = gdf.crs.to_string() if gdf.crs is not None else None
    report["crs_found"] = crs_found
    if crs is None and gdf.crs is None and driver == "TopoJSON":
        # TopoJSON carries no CRS member; like GeoJSON it is longitude/latitude by convention.
        # Projected (metre) coordinates are caught by the longitude/latitude check below.
        gdf = gdf.set_crs("EPSG:4326")
    if crs is not None:
        try:
            gdf = gdf.set_crs(crs, allow_override=True)
        except Exception as exc:  # pyproj.CRSError and friends
            raise BoundaryError(
                f"'{crs}' given as the CRS of {p} is not a CRS I recognise ({exc}). "
                "Use a code like EPSG:27700 (British National Grid) or EPSG:4326."
            ) from exc
    elif gdf.crs is None:
        raise BoundaryError(
            f"Boundary file {p} does not say which coordinate reference system (CRS) it uses "
            "(for a Shapefile, the .prj file is missing). Say it yourself: start the dashboard "
            "with --boundaries-crs EPSG:27700 for British National Grid metres, or EPSG:4326 "
            "for longitude/latitude (crs= in Python, --crs for `python -m dashboard.geodata check`)."
        )
    report["crs_used"] = gdf.crs.to_string()

    field = _pick_name_field(gdf, name_field, p)
    report["name_field"] = field

    geoms, dropped = _polygonal_only(gdf.geometry.values, p)
    report["empty_dropped"] = int(dropped.sum())
    gdf = gdf.loc[~dropped]
    if len(gdf) == 0:
        raise BoundaryError(f"Boundary file {p} has features but none has a shape (all geometries are empty).")
    names = gdf[field]
    if names.isna().any():
        bad = int(names.isna().sum())
        raise BoundaryError(
            f"Boundary file {p}: {bad} area(s) have no value in the name field '{field}'. "
            "Fill the names in, or choose another field with --name-field."
        )
    repaired_geoms, repaired = _repair(geoms[~dropped])
    report["repaired"] = repaired

    out = geopandas.GeoDataFrame(
        {"name": names.astype(str).str.strip().to_numpy()},
        geometry=geopandas.GeoSeries(repaired_geoms, crs=gdf.crs).to_numpy(),
        crs=gdf.crs,
    )
    out = _to_wgs84(out, p)
    out, merged = _merge_duplicate_names(out)
    report["merged_duplicates"] = merged
    report["areas"] = len(out)
    out.attrs["report"] = report
    return out


def _read(p: Path) -> tuple[geopandas.GeoDataFrame, str | None, str | None]:
    """Read the first polygon layer (GeoPackage/TopoJSON may hold several). Cost: file I/O."""
    if not p.exists():
        raise BoundaryError(f"Boundary file {p} does not exist. Check the path (--boundaries).")
    if p.is_file() and p.stat().st_size == 0:
        raise BoundaryError(f"Boundary file {p} is empty (0 bytes). Copy the boundary file again.")
    try:
        layers = pyogrio.list_layers(p)
    except Exception as exc:
        raise BoundaryError(
            f"Boundary file {p} cannot be read as a GIS file ({_short(exc)}). "
            "Use GeoJSON, TopoJSON, GeoPackage or a Shapefile with its .shx/.dbf/.prj files beside it."
        ) from exc
    layer: str | None = None
    if len(layers) > 1:
        polys = [str(n) for n, t in layers if t and "Polygon" in str(t)]
        layer = polys[0] if polys else str(layers[0][0])
    try:
        gdf = geopandas.read_file(p, layer=layer, engine="pyogrio")
    except Exception as exc:
        raise BoundaryError(f"Boundary file {p} cannot be read ({_short(exc)}). Is it complete and not corrupted?") from exc
    try:
        driver = str(pyogrio.read_info(p, layer=layer).get("driver"))
    except Exception:  # informative only
        driver = None
    return gdf, layer, driver


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__


def _pick_name_field(gdf: geopandas.GeoDataFrame, name_field: str | None, p: Path) -> str:
    """Name column: the one given, else *NM (ONS style), else name-like, else the only text column."""
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    if name_field is not None:
        if name_field in cols:
            return name_field
        ci = [c for c in cols if str(c).lower() == name_field.lower()]
        if len(ci) == 1:
            return ci[0]
        raise BoundaryError(
            f"Boundary file {p} has no field '{name_field}'. Its fields are: {', '.join(map(str, cols)) or '(none)'}. "
            "Pass one of them with --name-field."
        )
    text = [c for c in cols
            if (pd.api.types.is_string_dtype(gdf[c]) or gdf[c].dtype == object) and gdf[c].notna().any()]
    nm = [c for c in text if str(c).upper().endswith("NM")]
    if nm:  # e.g. ward files carry WD23NM and LAD23NM: the per-feature name has most distinct values
        return max(nm, key=lambda c: (gdf[c].nunique(), -nm.index(c)))
    for want in _NAME_LIKE:
        exact = [c for c in text if str(c).lower() == want]
        if exact:
            return exact[0]
    like = [c for c in text if "name" in str(c).lower()]
    if like:
        return like[0]
    if len(text) == 1:
        return text[0]
    raise BoundaryError(
        f"Boundary file {p}: cannot tell which field holds the area names. Its fields are: "
        f"{', '.join(map(str, cols)) or '(none)'}. Pass one with --name-field "
        "(e.g. LAD23NM in ONS district files)."
    )


def _polygonal_only(geoms: np.ndarray, p: Path) -> tuple[np.ndarray, np.ndarray]:
    """Check every shape is an area; returns (geoms, mask of empty/null ones to drop)."""
    geoms = np.asarray(geoms, dtype=object)
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    types = set(shapely.get_type_id(geoms[~empty]).tolist())
    names = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
             5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}
    bad = sorted(names[t] for t in types if t not in (3, 6, 7))
    if bad:
        raise BoundaryError(
            f"Boundary file {p} contains {', '.join(bad)} shapes, not areas. A boundary file must "
            "hold Polygon or MultiPolygon areas (e.g. district boundaries, not stations or roads)."
        )
    if 7 in types:  # collections: keep only their polygonal parts
        geoms = geoms.copy()
        for i in np.flatnonzero(shapely.get_type_id(geoms) == 7):
            geoms[i] = _polygon_parts(geoms[i])
        empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    return geoms, empty


def _polygon_parts(g: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of any geometry, as a Polygon/MultiPolygon (possibly empty)."""
    parts = [x for x in shapely.get_parts(g) if x.geom_type in _POLYGONAL]
    polys = [q for x in parts for q in shapely.get_parts(x)]
    if not polys:
        return shapely.Polygon()
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _repair(geoms: np.ndarray) -> tuple[np.ndarray, int]:
    """make_valid the invalid shapes, keeping polygonal parts. Cost: only invalid shapes are touched."""
    geoms = np.asarray(geoms, dtype=object).copy()
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    for i in invalid:
        geoms[i] = _polygon_parts(shapely.make_valid(geoms[i]))
    return geoms, int(len(invalid))


def _to_wgs84(gdf: geopandas.GeoDataFrame, p: Path) -> geopandas.GeoDataFrame:
    """Reproject to EPSG:4326 and check the result really is longitude/latitude."""
    try:
        out = gdf.to_crs("EPSG:4326")
    except Exception as exc:
        raise BoundaryError(f"Boundary file {p}: cannot convert from {gdf.crs} to longitude/latitude ({_short(exc)}).") from exc
    b = out.total_bounds
    if not (np.all(np.isfinite(b)) and -180 <= b[0] <= b[2] <= 180 and -90 <= b[1] <= b[3] <= 90):
        raise BoundaryError(
            f"Boundary file {p}: after converting from {gdf.crs.to_string()} the coordinates are not "
            f"longitude/latitude (bounds {tuple(round(float(x), 1) for x in b)}). The file's CRS is "
            "probably wrong or missing: pass the right one with --boundaries-crs (e.g. EPSG:27700 "
            "for British National Grid metres)."
        )
    return out


def _merge_duplicate_names(gdf: geopandas.GeoDataFrame) -> tuple[geopandas.GeoDataFrame, int]:
    """Several features with one name (e.g. an island as its own row) become one multipolygon."""
    dup = int(gdf["name"].duplicated().sum())
    if not dup:
        return gdf.reset_index(drop=True), 0
    order = list(dict.fromkeys(gdf["name"]))
    merged = gdf.dissolve(by="name", sort=False).reset_index()
    merged = merged.set_index("name").loc[order].reset_index()
    merged["geometry"] = [_polygon_parts(g) for g in merged.geometry]
    return geopandas.GeoDataFrame(merged[["name", "geometry"]], geometry="geometry", crs=gdf.crs), dup
