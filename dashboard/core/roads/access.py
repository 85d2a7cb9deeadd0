"""The access leg: how a point gets to the nearest road of the network (road ETA model).

Helper for `dashboard.core.roads.RoadModel`. Pure numpy/shapely.

A point joins the single nearest road (`roads.snap`). How long the straight gap
to it takes depends on what the gap is:

- up to `NEAR_ROAD_M` (500 m): a track, a yard, a field: x 1.3 at 20 km/h;
- beyond that, over land: roads the network does not draw (the shipped network
  draws streets only in the four districts, and corridors beyond them), taken
  as an A road (the fitted `a_road` speed, x 1.3) up to `FAR_LIMIT_M` (50 km).
  Until 2026-12-06 any gap was walked at 20 km/h up to 3 km, and beyond 3 km
  the whole ETA fell back to the straight line: a unit at a hospital the roads
  do not reach looked ~1.7-2.3x as far as it is (bench/off_network.py);
- a gap whose straight way crosses water (or a point at sea): as before, up to
  `max_snap_m` (3 km) at 20 km/h, beyond it the straight line for the whole
  ETA (`off`), unless the undrawn grid gives the point joins over land
  (`roads.joins`: Southend goes round by Thurrock, not across the estuary). Water is what the land mask (geodata/land.geojson: the coast
  and the estuaries, 500 m-generalised beyond the districts) leaves out, less
  rivers under `RIVER_M` wide (London's bridged Thames), so an Essex point 9 km
  from Sheppey across the estuary is not timed as 9 km of road. Outside the
  mask's box nothing is known: a point there, or the part of a way beyond the
  box's edge (a road south of Romney Marsh), counts as over land.

The ETA's ± takes the straight line's error on the undrawn part (`Access.undrawn_s`,
`ranking.eta_spread_s`): it is a straight-line guess.

Cost: O(points); the land tests (shapely, prepared) run only for points more
than 500 m from any road: ~0.2 us a point, ~1 us a gap line (2-core VM);
reading the mask, once a process, ~0.1 s.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely

from dashboard.core.geo import haversine_m
from dashboard.core.roads.graph import CLASS_SPEED_KPH

ACCESS_DETOUR = 1.3
ACCESS_SPEED_MPS = 20_000 / 3600
NEAR_ROAD_M = 500.0
UNDRAWN_MPS = CLASS_SPEED_KPH["a_road"] / 3.6
FAR_LIMIT_M = 50_000.0
RIVER_M = 500.0      # water narrower than this is crossed by an undrawn way (the Dartford Crossing's Thames is ~800 m)


@dataclass(frozen=True, slots=True)
class Access:
    """Per point: seconds to the road, metres of it taken as undrawn road, and whether the
    point is off the network (its ETAs are the straight line's)."""

    seconds: np.ndarray
    undrawn_m: np.ndarray
    off: np.ndarray

    @property
    def undrawn_s(self) -> np.ndarray:
        """Seconds of the legs taken as undrawn road (a straight-line guess: its error is the straight line's)."""
        return self.undrawn_m * ACCESS_DETOUR / UNDRAWN_MPS


@lru_cache(maxsize=4)
def read_land(path: str | Path, grow_m: float = RIVER_M / 2) -> shapely.Geometry:
    """The land mask (lon/lat), prepared (read once): a polygon file's features, grown by
    `grow_m`: by default so that a river narrower than `RIVER_M` counts as land (London's Thames
    has bridges every few hundred metres; a hospital on its bank is on land) while estuaries stay
    water. `grow_m=0`: the coast as drawn (the Swale and the Medway's estuary are water)."""
    import geopandas as gpd     # only to read the file

    frame = gpd.read_file(path)
    metric = frame.estimate_utm_crs()
    grown = frame.to_crs(metric).buffer(grow_m).to_crs(4326)
    land = shapely.union_all(grown.values)
    shapely.prepare(land)
    return land


class AccessRule:
    """Seconds from points to their snapped road points (module docstring for the rule)."""

    def __init__(self, land: shapely.Geometry | None, *, access_mps: float = ACCESS_SPEED_MPS,
                 max_snap_m: float = 3000.0) -> None:
        self.land = land
        self.access_mps = float(access_mps)
        self.max_snap_m = float(max_snap_m)
        self._box = None if land is None else shapely.box(*shapely.bounds(land))
        # beyond the mask's box nothing is known: a way that leaves the box over land (to a road south
        # of the mask, in Sussex) stays on land; one that reaches the box edge over the sea does not.
        # The unknown starts ~0.5 km inside the box edge, so a grown mask's rim (projected back to
        # lon/lat, not quite straight) leaves no sliver of "water" along a clipped edge.
        self._land_or_unknown = None
        if land is not None:
            unknown = shapely.difference(shapely.box(-180, -90, 180, 90), self._box.buffer(-0.005, join_style="mitre"))
            self._land_or_unknown = shapely.union(land, unknown)
            shapely.prepare(self._land_or_unknown)

    def over_land(self, lonlat: np.ndarray, road_lonlat: np.ndarray) -> np.ndarray:
        """Whether each point's straight way to its road stays on land (True outside the mask's box:
        nothing is known there; True with no mask)."""
        if self.land is None or not len(lonlat):
            return np.ones(len(lonlat), bool)
        known = shapely.contains_xy(self._box, lonlat[:, 0], lonlat[:, 1])
        ok = ~known
        on = known & shapely.contains_xy(self.land, lonlat[:, 0], lonlat[:, 1])
        if on.any():
            legs = shapely.linestrings(np.stack([lonlat[on], road_lonlat[on]], axis=1))
            ok[on] = shapely.covers(self._land_or_unknown, legs)
        return ok

    def __call__(self, lonlat: np.ndarray, road_lonlat: np.ndarray, gap_m: np.ndarray) -> Access:
        """The access legs of points (lon/lat, k x 2) joined to road points `road_lonlat` `gap_m` away."""
        gap = np.asarray(gap_m, float)
        undrawn = np.zeros(len(gap))
        off = gap > self.max_snap_m
        far = np.flatnonzero(gap > NEAR_ROAD_M)
        if far.size:
            land_way = self.over_land(lonlat[far], road_lonlat[far]) & (gap[far] <= FAR_LIMIT_M)
            undrawn[far[land_way]] = gap[far[land_way]] - NEAR_ROAD_M
            off[far[land_way]] = False
        seconds = ((gap - undrawn) / self.access_mps + undrawn / UNDRAWN_MPS) * ACCESS_DETOUR
        return Access(seconds, undrawn, off)

    def with_access_mps(self, access_mps: float) -> "AccessRule":
        return AccessRule(self.land, access_mps=access_mps, max_snap_m=self.max_snap_m)


def go_direct(t: np.ndarray, units: tuple, incidents: tuple, start_s: float) -> None:
    """Where a unit and an incident are both beyond the drawn roads, the straight way between them
    over the same undrawn roads, when quicker (in place on `t`, incidents x units). `units` and
    `incidents`: (lon, lat, Access)."""
    ulon, ulat, uway = units
    ilon, ilat, iway = incidents
    both = np.flatnonzero(iway.undrawn_m > 0), np.flatnonzero(uway.undrawn_m > 0)
    if both[0].size and both[1].size:   # rare: a few off-area units and incidents at most
        i, u = np.ix_(*both)
        direct = haversine_m(ulon[u], ulat[u], ilon[i], ilat[i]) * ACCESS_DETOUR / UNDRAWN_MPS + start_s
        t[i, u] = np.minimum(t[i, u], direct)


def beyond_note(*snaps, km: float = 0.0) -> list[str]:
    """The route note's part for ends beyond the drawn roads: the ETA takes that part as roads
    not drawn, so it is rougher (snaps of one point each; `km` more by `roads.joins`' grid)."""
    beyond = sum(float(sn.gap_m[0]) for sn in snaps if sn.way.undrawn_m[0] > 0) + 1000 * km
    return [f"{beyond / 1000:.1f} km beyond the mapped roads"] if beyond else []
