"""What each shipped data file is: source, date, licence, attribution (geodata/sources.json).

Pure module; reading the manifest is one small JSON parse (~0.1 ms). The map's
attribution line and `python -m dashboard.geodata check` both come from here, so
a licence's wording is written once (in the manifest).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GEODATA: Path = Path(__file__).resolve().parents[2] / "geodata"
MANIFEST: Path = GEODATA / "sources.json"
REQUIRED = ("source", "date", "licence")


def load_manifest(path: str | Path | None = None) -> dict[str, Any]:
    """The manifest as a dict: `files` (path relative to geodata/ -> record) and `attributions`."""
    return json.loads(Path(path or MANIFEST).read_text(encoding="utf-8"))


def _keys(m: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(rec["attribution"] for rec in m["files"].values() if rec.get("attribution")))


def attributions(manifest: dict[str, Any] | None = None) -> list[str]:
    """The full attribution each shipped file's licence asks for, once each, in manifest order."""
    m = manifest or load_manifest()
    return [m["attributions"][k]["full"] for k in _keys(m)]


def attribution_line(manifest: dict[str, Any] | None = None) -> str:
    """Short form for the map's attribution line (plain text, ' | ' between sources)."""
    m = manifest or load_manifest()
    return " | ".join(m["attributions"][k]["short"] for k in _keys(m))
