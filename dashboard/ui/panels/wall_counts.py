"""Panel (wall display): counts of units by status and of active incidents by district.

Example: `wall_counts(unit_counts(units), district_counts(incidents, areas.names))`.
"""
from __future__ import annotations

from collections import Counter

from dash import html

from dashboard.ui.style import STALE_COLOUR, STATUS_COLOUR, STATUS_LABEL

OUTSIDE = "Outside"


def unit_counts(units: list[dict]) -> dict:
    """{status: n} in the legend's order, plus 'stale': units on duty whose fix is too old (already
    counted under their status; an off-duty unit that stopped reporting is no one's worry)."""
    counts = Counter(u["status"] for u in units)
    out = {s: counts.get(s, 0) for s in STATUS_COLOUR}
    out["stale"] = sum(1 for u in units if u["stale"] and u["status"] != "off_duty")
    # only joint units are suggested: "Available 6" beside "no unit available" on the officer page
    # read as a contradiction when four of the six were police or ambulance cars
    out["available_joint"] = sum(1 for u in units if u["status"] == "available" and u.get("kind", "joint") == "joint")
    return out


def district_counts(incidents: list[dict], districts: list[str]) -> dict:
    """{district: (active, waiting for a unit)}; incidents outside every district under 'Outside'."""
    out = {d: [0, 0] for d in districts}
    for i in incidents:
        if i["status"] == "closed":
            continue
        row = out.setdefault(i["area"] or OUTSIDE, [0, 0])
        row[0] += 1
        row[1] += i["status"] == "open"
    return {k: tuple(v) for k, v in out.items()}


def _tile(label, value, *, swatch: str | None = None, sub: str | None = None, key: str = "") -> html.Div:
    return html.Div([
        html.Div([html.Span(className="wall-swatch", style={"background": swatch}) if swatch else None, label],
                 className="wall-tile-label"),
        html.Div(str(value), className="wall-tile-value"),
        html.Div(sub, className="wall-tile-sub") if sub else None,
    ], className="wall-tile", **({"id": f"wall-count-{key}"} if key else {}))


def wall_counts(units: dict, districts: dict) -> list:
    joint = units.get("available_joint", units["available"])
    unit_tiles = [_tile(STATUS_LABEL[s], units[s], swatch=STATUS_COLOUR[s], key=s,
                        sub=f"{joint} joint" if s == "available" and joint != units[s] else None)
                  for s in STATUS_COLOUR]
    if units.get("stale"):
        unit_tiles.append(_tile("Stale fix", units["stale"], swatch=STALE_COLOUR, key="stale",
                                sub="of those on duty"))
    district_tiles = [_tile(d, active, sub=f"{waiting} waiting" if waiting else None, key=f"district-{d}")
                      for d, (active, waiting) in districts.items() if d != OUTSIDE or active]
    return [html.H2("Units", className="wall-h"), html.Div(unit_tiles, className="wall-tiles", id="wall-unit-counts"),
            html.H2("Active incidents by district", className="wall-h"),   # "open" is a status too
            html.Div(district_tiles, className="wall-tiles", id="wall-district-counts")]
