"""The demo history's calibration: where the units work, when, what they are sent to, how fast they drive.

Constants and the drive time (`travel_s`) shared by the generator (history.py), the backup it sends
(backup.py) and the replayed tracks (tracks.py): what builds the history and what replays it must agree.
The figures are explained in geodata/DEMO_HISTORY.md.
"""
from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np

DEFAULT_SEED = 20180302  # the pilot's first Friday
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "geodata" / "demo_history"
PILOT_START = date(2018, 3, 1)
EXPANSION = date(2020, 3, 1)
HISTORY_END = date(2026, 11, 1)  # exclusive: the history covers up to 2026-10-31
SHIFT_H = 8

POPULATION = {"Medway": 280_000, "Swale": 150_000, "Dartford": 115_000, "Gravesham": 107_000}
CODE = {"Medway": "MW", "Swale": "SW", "Dartford": "DA", "Gravesham": "GR"}
# Town centres (lon, lat, approximate population): incidents are placed in towns
# weighted by population, with ~400 m of jitter.
TOWNS: dict[str, list[tuple[str, float, float, int]]] = {
    "Medway": [("Chatham", 0.527, 51.380, 70_000), ("Gillingham", 0.549, 51.389, 60_000),
               ("Rochester", 0.506, 51.388, 50_000), ("Rainham", 0.610, 51.362, 40_000),
               ("Strood", 0.495, 51.393, 35_000), ("Walderslade", 0.528, 51.344, 15_000),
               ("Hoo St Werburgh", 0.564, 51.417, 10_000)],
    "Swale": [("Sittingbourne", 0.733, 51.340, 65_000), ("Faversham", 0.890, 51.315, 20_000),
              ("Minster-on-Sea", 0.810, 51.421, 17_000), ("Sheerness", 0.760, 51.441, 12_000),
              ("Queenborough", 0.746, 51.416, 8_000)],
    "Dartford": [("Dartford", 0.217, 51.446, 60_000), ("Greenhithe", 0.282, 51.450, 15_000),
                 ("Swanscombe", 0.309, 51.447, 12_000), ("Stone", 0.265, 51.447, 10_000),
                 ("Wilmington", 0.197, 51.433, 8_000)],
    "Gravesham": [("Gravesend", 0.370, 51.4415, 65_000), ("Northfleet", 0.337, 51.443, 25_000),
                  ("Meopham", 0.357, 51.364, 7_000), ("Higham", 0.466, 51.414, 4_000)],
}
# Where each district's units start and end their shifts (approximate positions).
BASES = {"Medway": ("Medway police station, Gillingham", 0.5460, 51.3860),
         "Swale": ("Sittingbourne police station", 0.7345, 51.3410),
         "Dartford": ("Dartford police station", 0.2180, 51.4465),
         "Gravesham": ("North Kent police station, Northfleet", 0.3320, 51.4445)}
# Rota: (district, weekday 0=Mon, local start hour, unit number). 8-hour shifts.
PILOT_ROTA = [("Medway", 4, 14, 1), ("Medway", 5, 18, 1), ("Swale", 5, 14, 1)]
ROTA = [("Medway", d, 10, 1) for d in (0, 1, 2)] + [
    ("Medway", 3, 12, 1), ("Medway", 4, 18, 1), ("Medway", 5, 18, 1), ("Medway", 5, 12, 2),
    ("Medway", 6, 10, 1),
    ("Swale", 3, 10, 1), ("Swale", 4, 18, 1), ("Swale", 5, 14, 1), ("Swale", 6, 10, 1),
    ("Dartford", 4, 18, 1), ("Dartford", 5, 14, 1), ("Dartford", 6, 10, 1),
    ("Gravesham", 4, 14, 1), ("Gravesham", 5, 18, 1), ("Gravesham", 6, 10, 1)]
# Single-service units shadowing a district's unit-1 shifts, so the exclusions show.
SHADOWS = [("POL-MW-21", "police", 2, 0, "Medway"), ("AMB-MW-31", "ambulance", 0, 2, "Medway"),
           ("POL-DA-21", "police", 2, 0, "Dartford"), ("AMB-SW-31", "ambulance", 0, 2, "Swale")]
TYPES = ("rtc", "medical", "assault", "mental_health", "disorder", "other")
TYPE_MIX_DAY = (0.16, 0.30, 0.12, 0.20, 0.10, 0.12)
TYPE_MIX_NIGHT = (0.10, 0.20, 0.26, 0.16, 0.20, 0.08)
CATEGORY_MIX = {  # C1..C4 by type
    "rtc": (0.15, 0.55, 0.25, 0.05), "medical": (0.12, 0.48, 0.28, 0.12),
    "assault": (0.06, 0.50, 0.34, 0.10), "mental_health": (0.04, 0.40, 0.38, 0.18),
    "disorder": (0.02, 0.30, 0.45, 0.23), "other": (0.03, 0.32, 0.40, 0.25)}
GRADE_MIX = {  # immediate, priority, scheduled, resolution by type
    "rtc": (0.55, 0.35, 0.08, 0.02), "medical": (0.25, 0.45, 0.22, 0.08),
    "assault": (0.55, 0.35, 0.08, 0.02), "mental_health": (0.35, 0.45, 0.15, 0.05),
    "disorder": (0.45, 0.40, 0.12, 0.03), "other": (0.15, 0.40, 0.30, 0.15)}
GRADES = ("immediate", "priority", "scheduled", "resolution")
SCENE_MIN = {"rtc": 30, "medical": 26, "assault": 22, "mental_health": 35, "disorder": 18, "other": 20}
GAP_MIN, GAP_MIN_WEEKEND_NIGHT = 33.0, 21.0  # mean idle minutes between jobs
DISPATCH_S = {"C1": (60, 180), "C2": (120, 420), "C3": (300, 1200), "C4": (600, 1800)}
SUMMARIES = {
    "rtc": ("Two-vehicle collision, driver with neck pain", "Car v pedestrian, pedestrian conscious",
            "Single vehicle into barrier, driver shaken", "Moped rider off, leg injury"),
    "medical": ("Male collapsed in street, breathing", "Elderly female fallen at home",
                "Intoxicated male unresponsive", "Chest pain, caller anxious"),
    "assault": ("Fight outside licensed premises, head injury", "Domestic assault, victim injured",
                "Male stabbed, conscious and talking", "Assault on door staff"),
    "mental_health": ("Person in crisis on bridge", "Concern for welfare, threats of self-harm",
                      "Distressed female, known to services", "Male in crisis, barricaded"),
    "disorder": ("Large group fighting, one injured", "Disorder at takeaway, bottle thrown",
                 "Drunk and abusive male, bleeding", "Youths causing damage, one hurt"),
    "other": ("Sudden death, police and paramedic needed", "Person trapped in lift",
              "Fire alarm, occupant with smoke inhalation", "Missing person found, hypothermic"),
}
DRIVE_BLUE_MPS = 48_000 / 3600   # as the straight-line ETA model: blue-light average
DRIVE_BACK_MPS = 36_000 / 3600   # returning to base, no blue lights
DETOUR = 1.35
MOBILISE_S = 60.0   # the history's crews took a minute to get moving (fixed: the history is data, not a setting)


def _dist_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Equirectangular distance: plenty for a few km and ~10x faster than haversine in a loop."""
    kx = 111_320.0 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110_574.0)


def travel_s(lon1: float, lat1: float, lon2: float, lat2: float, *, blue: bool, roads=None) -> float:
    """Drive time used both when building the history and when replaying it (must agree).

    With `roads` (a RoadModel) the drive goes over the roads: the blue-light time
    is its ETA, the drive back the same route at the back/blue speed ratio; so
    a replayed unit never crosses a river faster than the roads allow.
    """
    if roads is not None:
        # roads are undirected: the end that is usually a base goes in the model's cached-row slot
        a, b = ((lon2, lat2), (lon1, lat1)) if blue else ((lon1, lat1), (lon2, lat2))
        drive = float(roads.eta_s(np.array([a[0]]), np.array([a[1]]), *b)[0]) - roads.start_s
        return MOBILISE_S + drive if blue else drive * DRIVE_BLUE_MPS / DRIVE_BACK_MPS
    d = _dist_m(lon1, lat1, lon2, lat2) * DETOUR
    return MOBILISE_S + d / DRIVE_BLUE_MPS if blue else d / DRIVE_BACK_MPS
