"""Report on the shipped data files: each loads, says where it comes from, and agrees with the rest.

Used by `python -m dashboard.geodata check` (no path) and the tests. Cost: ~0.3 s
(reading every file; the postcode/boundary comparison is one vectorised lookup).
"""
from __future__ import annotations

import time
from collections import Counter
from typing import TextIO

import numpy as np

from dashboard.core.areas import AreaIndex
from dashboard.core.boundary_files import load_boundaries
from dashboard.core.place_names import load_place_names
from dashboard.core.places import load_places
from dashboard.core.postcodes import Postcodes, load_postcodes
from dashboard.core.sources import GEODATA, REQUIRED, load_manifest


def missing_records(manifest: dict) -> list[str]:
    """Files in the manifest that are absent, or lack a source, date or licence."""
    bad = []
    for rel, rec in manifest["files"].items():
        if not (GEODATA / rel).exists():
            bad.append(f"{rel}: file missing")
        bad += [f"{rel}: no {k}" for k in REQUIRED if not rec.get(k)]
    return bad


def postcode_agreement(pc: Postcodes, districts: AreaIndex) -> tuple[float, list[str]]:
    """Share of postcodes whose centroid lies in the postcode's own district, and the others
    ('ME12 1AB: Swale, point in none'): a few on the coast sit just outside the clipped shore."""
    got = np.array(districts.areas_of(pc.lon, pc.lat), dtype=object)
    same = got == pc.district
    others = [f"{c}: {d}, point in {g or 'none'}" for c, d, g in zip(pc.code[~same], pc.district[~same], got[~same])]
    return float(same.mean()), others


def report(out: TextIO) -> int:
    """Print the shipped files' report; returns how many problems were found (0 = all good)."""
    manifest = load_manifest()
    problems = missing_records(manifest)
    print(f"Shipped files:     {len(manifest['files'])} in geodata/sources.json", file=out)
    for rel, rec in manifest["files"].items():
        print(f"  {rel:<36} {rec.get('date', '?')}; {rec.get('licence', '?')}", file=out)
    places = load_places()
    kinds = Counter(p.kind for p in places)
    approx = sum(p.approximate for p in places)
    print(f"Places:            {len(places)} ({', '.join(f'{k} {n}' for k, n in kinds.items())}); "
          f"{approx} approximate", file=out)
    names = load_place_names()
    per = Counter(n.district or "outside" for n in names)
    print(f"Place names:       {len(names)} ({', '.join(f'{k} {n}' for k, n in sorted(per.items()))})", file=out)
    t0 = time.perf_counter()
    pc = load_postcodes()
    ms = (time.perf_counter() - t0) * 1000
    per = Counter(pc.district.tolist())
    print(f"Postcodes:         {len(pc)} ({', '.join(f'{k} {n}' for k, n in sorted(per.items()))}); "
          f"loaded in {ms:.0f} ms", file=out)
    share, others = postcode_agreement(pc, AreaIndex(load_boundaries()))
    print(f"Postcode district agrees with the boundaries: {share:.2%} ({len(others)} differ)", file=out)
    for line in others[:20]:
        print(f"  {line}", file=out)
    for p in problems:
        print(f"PROBLEM: {p}", file=out)
    return len(problems)
