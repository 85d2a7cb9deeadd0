"""The districts' names on the wall map: where each goes, clear of the towns' names.

A district's name is wide and large, and the base map's names give way to it (assets/basemap.js),
so it is placed where it hides none of the big towns. The wall follows the action and often shows
part of a district only: each name has places all over it (best first, then in each quarter, then
in each quarter's quarters; then places that may hide a town's name), and the browser shows it at
the first one wholly in view and clear of what is drawn over the map (assets/wall.js). Computed
once per area set (~30 ms for the four districts).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from dashboard.core.place_names import load_place_names
from dashboard.ui.layers.common import collection, point

# Across, two names keep their half-widths apart at the whole-area view (~75 m a pixel = 0.0011
# degrees of longitude; a district's letter ~14 px, a town's ~9 px) plus a margin; up and down,
# ~3 km (both names are one line).
DEG_LON_PER_PX = 0.0011
DISTRICT_LETTER_PX, TOWN_LETTER_PX = 14, 9
TOWN_CLEARANCE_LAT = 0.025
_STEP = 0.005          # candidate spacing, degrees (~0.4 km)
_MIN_PART = 1 / 6      # a quarter of a district smaller than this share of it gets no place of its own
_APART = 0.03          # places closer than this (degrees, ~2-3 km) are one place


def lon_clearance(district: str, other: str, other_letter_px: float = TOWN_LETTER_PX) -> float:
    """How far apart (degrees of longitude) a district's name and a town's (or with
    DISTRICT_LETTER_PX another district's) must be not to touch."""
    return (len(district) * DISTRICT_LETTER_PX / 2 + len(other) * other_letter_px / 2 + 8) * DEG_LON_PER_PX


def label_point(area: BaseGeometry, towns: np.ndarray, anyway: bool = True) -> tuple[float, float] | None:
    """Where a district's name goes: the point of a grid inside it (~0.5 km from its edge) nearest
    its middle with no town closer than its clearance; if there is none, its representative point
    (`anyway`) or None. `towns`: rows of (lon, lat, longitude clearance in degrees: lon_clearance)."""
    middle = area.representative_point()
    inner = area.buffer(-_STEP)
    inner = area if inner.is_empty else inner
    x0, y0, x1, y1 = inner.bounds
    xs, ys = np.meshgrid(np.arange(x0, x1, _STEP), np.arange(y0, y1, _STEP))
    cand = np.column_stack([xs.ravel(), ys.ravel()])
    cand = cand[shapely.contains_xy(inner, cand[:, 0], cand[:, 1])]
    if len(towns) and len(cand):
        near = ((np.abs(cand[:, None, 0] - towns[None, :, 0]) < towns[None, :, 2])
                & (np.abs(cand[:, None, 1] - towns[None, :, 1]) < TOWN_CLEARANCE_LAT)).any(axis=1)
        cand = cand[~near]
    if not len(cand):
        return (middle.x, middle.y) if anyway else None
    best = cand[np.argmin(np.hypot(cand[:, 0] - middle.x, cand[:, 1] - middle.y))]
    return float(best[0]), float(best[1])


def label_places(area: BaseGeometry, towns: np.ndarray, depth: int = 2) -> list[tuple[float, float]]:
    """A district name's places, best first: label_point for the whole district, then one for each
    quarter of it (split at that point) holding at least a sixth of it, then (`depth` 2) one for
    each quarter of those quarters holding a sixth of its quarter, each clear of the towns and of
    the other places. Breadth first, so a bigger part's place comes before a smaller part's."""
    places = [label_point(area, towns)]
    parts = [(area, places[0], 1)]
    while parts:
        part, (px, py), level = parts.pop(0)
        if level > depth:
            continue
        x0, y0, x1, y1 = part.bounds
        for quarter in (box(x0, py, px, y1), box(px, py, x1, y1), box(x0, y0, px, py), box(px, y0, x1, py)):
            piece = part.intersection(quarter)
            if piece.is_empty or piece.area < part.area * _MIN_PART:
                continue
            p = label_point(piece, towns, anyway=False)   # a place that hides a town is no place
            if p is None:
                continue
            if all(np.hypot(p[0] - q[0], p[1] - q[1]) >= _APART for q in places):
                places.append(p)
            parts.append((piece, p, level + 1))
    return places


@lru_cache(maxsize=4)
def _district_names(areas) -> dict:
    towns = [n for n in load_place_names() if n.rank == 1]
    feats, placed = [], []   # placed: (lon, lat, name) of the district names already placed
    for f in areas.to_geojson()["features"]:
        name = f["properties"]["name"]
        clear = [(n.lon, n.lat, lon_clearance(name, n.name)) for n in towns]
        clear += [(x, y, lon_clearance(name, other, DISTRICT_LETTER_PX)) for x, y, other in placed]
        area = shape(f["geometry"])
        places = label_places(area, np.array(clear).reshape(-1, 3))
        placed.append((*places[0], name))
        # last, places that may hide a town's name: in a small district whose places above are all
        # under units (Dartford has one), hiding "Swanscombe" beats printing "DART" under a call sign
        places += [p for p in label_places(area, np.empty((0, 3)))
                   if all(np.hypot(p[0] - q[0], p[1] - q[1]) >= _APART for q in places)]
        # other places as [lat, lon], the order Leaflet takes
        feats.append(point(*places[0], {"name": name, "alts": [[round(y, 6), round(x, 6)] for x, y in places[1:]]}))
    return collection(feats)


def district_names(areas) -> dict:
    """Each district's name at its best place, with its other places (`alts`), for the wall map."""
    return _district_names(areas)
