"""Drive-time (ETA) models behind the suggestions.

Every model answers the same question, vectorised: how long would each of
these units take to drive to this point? The ranking code only sees the
`EtaModel` protocol, so the straight-line model and the road model
(`dashboard.core.roads.RoadModel`) are interchangeable by setting. The
suggestions keep only the k fastest units per incident (`nearest_s`), which
the road model answers without a search over the whole network.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

import numpy as np

from dashboard.core.geo import haversine_m


class EtaModel(Protocol):
    """What the ranking needs from a drive-time model."""

    name: str
    # How far off an ETA may be, as a share of it: 9 in 10 drives measured against real road times
    # came within this (docs/performance.md, "Truth": p90 |log error| on held-out sites).
    p90_error: float

    def eta_s(self, unit_lon: np.ndarray, unit_lat: np.ndarray, lon: float, lat: float) -> np.ndarray:
        """Estimated drive time in seconds from each unit to (lon, lat)."""
        ...

    def eta_matrix_s(self, unit_lon: np.ndarray, unit_lat: np.ndarray,
                     inc_lon: np.ndarray, inc_lat: np.ndarray) -> np.ndarray:
        """Drive times, shape (n_incidents, n_units)."""
        ...

    def nearest_s(self, unit_lon: np.ndarray, unit_lat: np.ndarray, inc_lon: np.ndarray, inc_lat: np.ndarray,
                  k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k fastest units per incident: (unit index, ETA), each (n_incidents, min(k, n_units)),
        fastest first as `fastest_k` orders them; the same as `fastest_k(eta_matrix_s(...), k)`."""
        ...

    def route_note(self, unit_lon: float, unit_lat: float, lon: float, lat: float) -> str:
        """A few words on the route, for the suggestion's reason ('' when nothing to say)."""
        ...

    def undrawn_s(self, unit_lon: np.ndarray, unit_lat: np.ndarray, lon: np.ndarray, lat: np.ndarray,
                  eta_s: np.ndarray) -> np.ndarray:
        """Per drive (unit i to point i, whose ETA is `eta_s[i]`), the seconds of it that are a
        straight-line guess (roads the network does not draw, on the way the ETA was timed by):
        they carry the straight line's error, not `p90_error` (inf: all of it)."""
        ...

    def route_line(self, unit_lon: float, unit_lat: float, lon: float, lat: float) -> list[tuple[float, float]]:
        """(lon, lat) vertices of the way the ETA was timed along, unit first, incident last."""
        ...


def fastest_k(eta: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row of an (n_incidents, n_units) ETA matrix, the k smallest: (unit index, ETA), each
    (n_incidents, min(k, n_units)), fastest first; equal ETAs by unit index, also at the k-th place.

    Cost: one argpartition (~1 ms for 100 x 2,000); a row with a tie at the k-th ETA is sorted whole.
    """
    eta = np.asarray(eta, dtype=float)
    m, n = eta.shape
    k = max(0, min(int(k), n))
    if k == 0:
        return np.empty((m, 0), np.intp), np.empty((m, 0))
    if k < n:
        best = np.argpartition(eta, k - 1, axis=1)[:, :k]
        kth = np.take_along_axis(eta, best, 1).max(axis=1)
        tied = (eta <= kth[:, None]).sum(axis=1) > k   # argpartition settles a tie at the k-th place anyhow
        if tied.any():
            best[tied] = np.argsort(eta[tied], axis=1, kind="stable")[:, :k]
    else:
        best = np.tile(np.arange(n), (m, 1))
    vals = np.take_along_axis(eta, best, 1)
    order = np.lexsort((best, vals))       # per row: by ETA, then by unit index
    return np.take_along_axis(best, order, 1), np.take_along_axis(vals, order, 1)


@dataclass(frozen=True)
class StraightLineModel:
    """Straight-line distance times a detour factor, at a blue-light average speed.

    Cheap (one haversine per unit) and blind to rivers: the fallback when no
    road model is loaded. Defaults: detour 1.35 (typical urban road/crow ratio),
    48 km/h average for an emergency drive in mixed urban and A-road traffic,
    plus `start_s` to get moving: 0 by default, because an available joint unit
    patrols in its vehicle (`JRU_MOBILISE_S` sets it for crews that start from a
    station). A constant there would also skew short trips: with 60 s, trips
    under 12 min came out 9% slow against real drive times (docs/performance.md).
    """

    detour: float = 1.35
    speed_mps: float = 48_000 / 3600
    start_s: float = 0.0
    name: str = "straight-line"
    p90_error: ClassVar[float] = 0.30   # bench/eta_truth.py, straight line, held out (0.301)

    def eta_s(self, unit_lon, unit_lat, lon, lat):
        d = haversine_m(unit_lon, unit_lat, lon, lat)
        return self.start_s + d * self.detour / self.speed_mps

    def eta_matrix_s(self, unit_lon, unit_lat, inc_lon, inc_lat):
        d = haversine_m(np.asarray(unit_lon)[None, :], np.asarray(unit_lat)[None, :],
                        np.asarray(inc_lon)[:, None], np.asarray(inc_lat)[:, None])
        return self.start_s + d * self.detour / self.speed_mps

    def nearest_s(self, unit_lon, unit_lat, inc_lon, inc_lat, k):
        return fastest_k(self.eta_matrix_s(unit_lon, unit_lat, np.atleast_1d(inc_lon), np.atleast_1d(inc_lat)), k)

    def undrawn_s(self, unit_lon, unit_lat, lon, lat, eta_s):
        return np.zeros(np.shape(unit_lon))   # all of it is the straight line, which p90_error already covers

    def route_note(self, unit_lon, unit_lat, lon, lat):
        return ""

    def route_line(self, unit_lon, unit_lat, lon, lat):
        return [(float(unit_lon), float(unit_lat)), (float(lon), float(lat))]
