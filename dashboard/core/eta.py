"""Drive-time (ETA) models behind the suggestions.

Every model answers the same question, vectorised: how long would each of
these units take to drive to this point? The ranking code only sees the
`EtaModel` protocol, so the straight-line model and the road model
(`dashboard.core.roads.RoadModel`) are interchangeable by setting.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from dashboard.core.geo import haversine_m


class EtaModel(Protocol):
    """What the ranking needs from a drive-time model."""

    name: str

    def eta_s(self, unit_lon: np.ndarray, unit_lat: np.ndarray, lon: float, lat: float) -> np.ndarray:
        """Estimated drive time in seconds from each unit to (lon, lat)."""
        ...

    def eta_matrix_s(self, unit_lon: np.ndarray, unit_lat: np.ndarray,
                     inc_lon: np.ndarray, inc_lat: np.ndarray) -> np.ndarray:
        """Drive times, shape (n_incidents, n_units)."""
        ...

    def route_note(self, unit_lon: float, unit_lat: float, lon: float, lat: float) -> str:
        """A few words on the route, for the suggestion's reason ('' when nothing to say)."""
        ...


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

    def eta_s(self, unit_lon, unit_lat, lon, lat):
        d = haversine_m(unit_lon, unit_lat, lon, lat)
        return self.start_s + d * self.detour / self.speed_mps

    def eta_matrix_s(self, unit_lon, unit_lat, inc_lon, inc_lat):
        d = haversine_m(np.asarray(unit_lon)[None, :], np.asarray(unit_lat)[None, :],
                        np.asarray(inc_lon)[:, None], np.asarray(inc_lat)[:, None])
        return self.start_s + d * self.detour / self.speed_mps

    def route_note(self, unit_lon, unit_lat, lon, lat):
        return ""
