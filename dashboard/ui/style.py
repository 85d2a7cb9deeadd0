"""How things look on every screen, written once: colours, icons, labels and the
drawing thresholds. The browser gets the same values from assets/00_style.js,
which is generated from this module (`python -m dashboard.ui.style` rewrites it;
tests/unit/test_style.py fails when it is out of date).
"""
from __future__ import annotations

import json
from pathlib import Path

from dashboard.core.coverage import BANDS_S, band_minutes

ASSET = Path(__file__).parent / "assets" / "00_style.js"   # 00_: Dash loads assets by name, this one first

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STATUS_COLOUR = {"available": "#009E73", "en_route": "#0072B2", "on_scene": "#E69F00",
                 "unavailable": "#CC79A7", "off_duty": "#6b6b6b"}
STALE_COLOUR = "#a0a0a0"
STATUS_LABEL = {"available": "Available", "en_route": "En route", "on_scene": "On scene",
                "unavailable": "Unavailable", "off_duty": "Off duty"}
TYPE_LABEL = {"rtc": "Road collision", "medical": "Medical", "assault": "Assault",
              "mental_health": "Mental health", "disorder": "Disorder", "other": "Other"}
TYPE_ICON = {"rtc": "bi-car-front-fill", "medical": "bi-heart-pulse-fill", "assault": "bi-person-exclamation",
             "mental_health": "bi-chat-heart-fill", "disorder": "bi-megaphone-fill", "other": "bi-exclamation-lg"}
DOUBT_ICON = "bi-exclamation-diamond-fill"   # an incident's unit may not be coming (not the overdue triangle)
URGENCY_FILL = {1: "#D55E00", 2: "#E69F00", 3: "#F0E442", 4: "#ffffff"}   # C1 / immediate .. routine
SELECTED_COLOUR = "#0072B2"                                # the selected incident, its best suggestion
OTHER_SUGGESTION_COLOUR = "#56B4E9"
DISTRICT_COLOUR = ["#56B4E9", "#009E73", "#E69F00", "#CC79A7", "#0072B2", "#D55E00", "#F0E442"]
# ColorBrewer "Blues": one hue, light to dark, safe for colour-vision deficiencies; 30 min lightest.
# One colour and fill opacity per band of BANDS_S, innermost first (strict: a new band needs its own).
COVERAGE_COLOUR = {band_minutes(b): c for b, c in zip(BANDS_S, ("#08519c", "#4292c6", "#9ecae1"), strict=True)}
COVERAGE_OPACITY = {band_minutes(b): o for b, o in zip(BANDS_S, (0.35, 0.3, 0.25), strict=True)}

DENSE_INCIDENTS = 400   # above this many, incidents are drawn on a canvas (no DOM element each)
UNIT_LABEL_LIMIT = 300  # above this many units, call signs are not drawn (hover shows them)


def browser_values() -> dict:
    """What the browser's drawing code reads as window.jru.style."""
    return {"STATUS_COLOUR": STATUS_COLOUR, "STATUS_LABEL": STATUS_LABEL, "STALE_COLOUR": STALE_COLOUR, "TYPE_ICON": TYPE_ICON,
            "URGENCY_FILL": URGENCY_FILL, "DISTRICT_COLOUR": DISTRICT_COLOUR,
            "SELECTED_COLOUR": SELECTED_COLOUR, "OTHER_SUGGESTION_COLOUR": OTHER_SUGGESTION_COLOUR, "COVERAGE_COLOUR": COVERAGE_COLOUR,
            "DENSE_INCIDENTS": DENSE_INCIDENTS, "UNIT_LABEL_LIMIT": UNIT_LABEL_LIMIT}


def asset_text() -> str:
    return ("/* Generated from dashboard/ui/style.py by `python -m dashboard.ui.style`: edit that, not this. */\n"
            "window.jru = window.jru || {};\n"
            f"window.jru.style = {json.dumps(browser_values(), indent=1, sort_keys=True)};\n")


if __name__ == "__main__":
    ASSET.write_text(asset_text())
    print(f"wrote {ASSET}")
