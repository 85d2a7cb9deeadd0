"""Postcodes (OS Code-Point Open centroids): normalise any spelling, look up, prefix, nearest.

Pure module. Costs, measured on this project's 2-core machine:
- `load_postcodes` reads the columnar .npz (14,938 rows) and builds a k-d tree: ~15 ms, once.
- `normalise` ~2 us; `find` (binary search on the sorted codes) ~5 us;
  `prefix_range` ~10 us; `nearest` (k-d tree) ~30 us.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

DEFAULT_POSTCODES: Path = Path(__file__).resolve().parents[2] / "geodata" / "postcodes" / "codepoint_north_kent.npz"
# Degrees of longitude are shorter than degrees of latitude at 51.4 N: scale before the k-d tree.
_COS_LAT = float(np.cos(np.radians(51.4)))
_M_PER_DEG = 111_320.0
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


@dataclass(frozen=True)
class Postcodes:
    code: np.ndarray       # official spelling "ME7 5NY", sorted
    compact: np.ndarray    # "ME75NY", same order
    lon: np.ndarray
    lat: np.ndarray
    district: np.ndarray   # district name per postcode
    tree: cKDTree

    def __len__(self) -> int:
        return len(self.code)


def load_postcodes(path: str | Path | None = None) -> Postcodes:
    """Read the .npz written by geodata/build/make_postcodes.py. Cost: ~15 ms (read + k-d tree)."""
    with np.load(Path(path) if path is not None else DEFAULT_POSTCODES, allow_pickle=False) as z:
        code, lon, lat = z["postcode"], z["lon"], z["lat"]
        district = z["districts"][z["district"]]
    compact = np.char.replace(code, " ", "")
    tree = cKDTree(np.column_stack([lon * _COS_LAT, lat]))
    return Postcodes(code, compact, lon, lat, district, tree)


def squash(text: str) -> str:
    """Upper case without spaces or punctuation: 'me7  5ny' -> 'ME75NY'."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def normalise(text: str) -> str | None:
    """The official spelling of a full postcode written any way ('me75ny' -> 'ME7 5NY'), else None."""
    m = _FULL.match(squash(text))
    return f"{m.group(1)} {m.group(2)}" if m else None


def find(pc: Postcodes, text: str) -> int | None:
    """Row of the full postcode `text` (any spelling), or None if it is not a known postcode."""
    code = normalise(text)
    if code is None:
        return None
    i = int(np.searchsorted(pc.code, code))
    return i if i < len(pc.code) and pc.code[i] == code else None


def prefix_range(pc: Postcodes, prefix: str) -> tuple[int, int]:
    """Rows [lo, hi) whose official spelling starts with `prefix` (already spelled officially)."""
    lo = int(np.searchsorted(pc.code, prefix, side="left"))
    hi = int(np.searchsorted(pc.code, prefix + "\uffff", side="left"))
    return lo, hi


def nearest(pc: Postcodes, lon: float, lat: float) -> tuple[int, float]:
    """(row, distance in metres, approximately) of the postcode centroid nearest to (lon, lat)."""
    d, i = pc.tree.query([lon * _COS_LAT, lat])
    return int(i), float(d) * _M_PER_DEG
