"""Build geodata/postcodes/codepoint_north_kent.npz: the 14,938 postcodes of the four districts, columnar.

Input: OS Code-Point Open 2025.2.0 subset in /work/shared/data/postcodes (see its README).
Columns (numpy arrays, one row per postcode, sorted by postcode): `postcode` (unicode, the
official spelling "ME7 5NY"), `lon`, `lat` (float64, WGS84 centroid), `district` (int8 index
into `districts`), `pq` (int8 positional quality, 10 = within the building). Loading takes a
few milliseconds (np.load, no CSV parsing at start-up); `np.savez_compressed` keeps it ~200 KB.

Run: .venv/bin/python geodata/build/make_postcodes.py [--data /work/shared/data]
"""
from __future__ import annotations

import argparse
import csv
import io
import zipfile
from pathlib import Path

import numpy as np

GEO = Path(__file__).resolve().parents[1]
OUT = GEO / "postcodes" / "codepoint_north_kent.npz"
DISTRICTS = ("Dartford", "Gravesham", "Medway", "Swale")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    args = ap.parse_args()
    with (args.data / "postcodes" / "codepoint_open_2025_north_kent.csv").open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["postcode"])
    arrays = {
        "postcode": np.array([" ".join(r["postcode"].split()) for r in rows], dtype="U8"),
        "lon": np.array([float(r["lon"]) for r in rows]),
        "lat": np.array([float(r["lat"]) for r in rows]),
        "district": np.array([DISTRICTS.index(r["district_name"]) for r in rows], dtype=np.int8),
        "pq": np.array([int(r["pq"]) for r in rows], dtype=np.int8),
        "districts": np.array(DISTRICTS),
    }
    # Fixed member timestamps so the same input gives the same bytes.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, arr, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(2025, 4, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, member.getvalue())
    OUT.write_bytes(buf.getvalue())
    print(f"wrote {len(rows)} postcodes to {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
