"""Town and village names (geodata/places/place_names.csv): load, and the nearest one.

Pure module. Loading parses ~90 CSV rows (~1 ms); `nearest_name` is one vectorised
haversine over them (~20 us); `postcodes_served` one k-d tree query of ~15,000 points (~10 ms).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from dashboard.core.geo import haversine_m

DEFAULT_PLACE_NAMES: Path = Path(__file__).resolve().parents[2] / "geodata" / "places" / "place_names.csv"


@dataclass(frozen=True)
class PlaceName:
    name: str
    lon: float
    lat: float
    district: str | None   # official district of the point, None outside the four
    rank: int              # 1: town (label from zoom 10), 2: village (from zoom 12)


def load_place_names(path: str | Path | None = None) -> list[PlaceName]:
    """Rows of the place-name table (lines starting with # are comments)."""
    p = Path(path) if path is not None else DEFAULT_PLACE_NAMES
    with p.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))
    return [PlaceName(r["name"], float(r["lon"]), float(r["lat"]), r["district"] or None, int(r["rank"]))
            for r in rows]


def nearest_name(names: list[PlaceName], lon: float, lat: float, district: str | None = None) -> PlaceName:
    """The nearest place; when `district` is given, the nearest one in that district if it has any
    (so a point in Rainham near the Swale border is 'Rainham (Medway)', not 'Newington (Medway)')."""
    pool = [n for n in names if district is not None and n.district == district] or names
    d = haversine_m(lon, lat, np.array([n.lon for n in pool]), np.array([n.lat for n in pool]))
    return pool[int(np.argmin(d))]


def postcodes_served(names: list[PlaceName], lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """For each name, how many of the points (postcode centroids) lie nearer to it than to any
    other name: the size of the place the name stands for, where no population is at hand."""
    k = np.cos(np.radians(51.4))   # degrees of longitude are shorter here: scale before the tree
    tree = cKDTree(np.array([(n.lon * k, n.lat) for n in names]))
    _, nearest = tree.query(np.column_stack([np.asarray(lon) * k, np.asarray(lat)]))
    return np.bincount(nearest, minlength=len(names))
