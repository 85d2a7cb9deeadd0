"""Command-line tools for data files: `python -m dashboard.geodata check [PATH]`.

`check PATH` loads a boundary file exactly as the dashboard would and says what it
found, so an admin can try a new ONS file before restarting the dashboard.
`check` alone reports on the shipped files: districts, places, place names and
postcodes (sources, counts, and how many postcodes agree with the boundaries).
"""
from __future__ import annotations

import argparse
import sys
from typing import TextIO

import geopandas
from pyproj import Geod

from dashboard.core.boundary_files import DEFAULT_BOUNDARIES, BoundaryError, load_boundaries

_GEOD = Geod(ellps="WGS84")


def area_km2(gdf: geopandas.GeoDataFrame) -> list[float]:
    """Geodesic area of each shape on the WGS84 ellipsoid (works anywhere). Cost: ~ms per 10k vertices."""
    return [abs(_GEOD.geometry_area_perimeter(g)[0]) / 1e6 for g in gdf.geometry]


def check(path: str, crs: str | None, name_field: str | None, out: TextIO) -> None:
    """Load the file and print the report and each area's size; raises BoundaryError."""
    gdf = load_boundaries(path, crs=crs, name_field=name_field)
    rep = gdf.attrs["report"]
    crs_found = rep["crs_found"] or "none declared"
    if rep["crs_used"] != rep["crs_found"]:
        crs_found += f" (used {rep['crs_used']})"
    print(f"File:              {rep['path']}" + (f"  layer {rep['layer']}" if rep["layer"] else ""), file=out)
    print(f"Format:            {rep.get('driver') or 'unknown'}", file=out)
    print(f"CRS found:         {crs_found}", file=out)
    print(f"Features:          {rep['features']}", file=out)
    print(f"Name field:        {rep['name_field']}", file=out)
    print(f"Invalid repaired:  {rep['repaired']}", file=out)
    if rep["empty_dropped"]:
        print(f"Empty dropped:     {rep['empty_dropped']}", file=out)
    if rep["merged_duplicates"]:
        print(f"Same-name merged:  {rep['merged_duplicates']}", file=out)
    print(f"Areas:             {len(gdf)}", file=out)
    width = max(len(n) for n in gdf["name"])
    for name, km2 in zip(gdf["name"], area_km2(gdf)):
        print(f"  {name:<{width}}  {km2:10.1f} km²", file=out)


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """CLI entry point; returns the exit status (0 ok, 2 unusable file or bad arguments)."""
    out = out or sys.stdout
    err = err or sys.stderr
    ap = argparse.ArgumentParser(prog="python -m dashboard.geodata", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="load a boundary file and report what was found")
    c.add_argument("path", nargs="?", help="GeoJSON, TopoJSON, GeoPackage, Shapefile, ... "
                                           "(default: the shipped districts, then the other shipped files)")
    c.add_argument("--crs", help="CRS of the file's coordinates if it declares none, e.g. EPSG:27700")
    c.add_argument("--name-field", help="field holding the area names (default: detected)")
    args = ap.parse_args(argv)
    try:
        check(args.path or str(DEFAULT_BOUNDARIES), args.crs, args.name_field, out)
    except BoundaryError as exc:
        print(f"error: {exc}", file=err)
        return 2
    if args.path is None:
        from dashboard.geodata.shipped import report
        return 1 if report(out) else 0
    return 0
