"""Panel: the map legend (unit status colours, stale, incident urgency and type icons).

A fold ("Key"): on a laptop screen it covers a district (Dartford), so it starts folded on a
short window (assets/legend.js) and the officer opens it when needed.
"""
from __future__ import annotations

from dash import html

from dashboard.core.targets import CATEGORY_TARGET_S, OTHER_URGENCY_CLASS, URGENCY_CLASS, URGENCY_ORDER
from dashboard.ui.style import STALE_COLOUR, STATUS_COLOUR, STATUS_LABEL, TYPE_ICON, TYPE_LABEL


def urgency_swatches() -> tuple[tuple[str, str], ...]:
    """(CSS class, label) per urgency class, from core/targets.py's table: ("urgency-3", "C3-C4 / scheduled")."""
    rows = []
    for c in sorted(set(URGENCY_CLASS.values())):
        names = sorted((n for n, k in URGENCY_CLASS.items() if k == c), key=URGENCY_ORDER.__getitem__)
        cats = [n for n in names if n in CATEGORY_TARGET_S]    # ambulance categories, else police grades
        grades = [n for n in names if n not in CATEGORY_TARGET_S]
        span = f"{cats[0]}-{cats[-1]}" if len(cats) > 1 else "".join(cats)
        rows.append((f"urgency-{c}", " / ".join(x for x in (span, "/".join(grades)) if x)))
    # named, not "other": the key lists the incident type "Other" just below it
    rest = [n for n in URGENCY_ORDER if n not in URGENCY_CLASS]   # resolution
    return (*rows, (f"urgency-{OTHER_URGENCY_CLASS}", " / ".join([*rest, "none stated"])))


URGENCY_SWATCH = urgency_swatches()


def legend() -> html.Div:
    units = [html.Div([html.Span(className="legend-swatch", style={"background": c}), STATUS_LABEL[s]])
             for s, c in STATUS_COLOUR.items()]
    units.append(html.Div([html.Span(className="legend-swatch", style={"background": STALE_COLOUR,
                                                                       "borderStyle": "dashed"}), "Stale fix"]))
    urgency = [html.Div([html.Span(className=f"legend-swatch legend-square incident-icon {c}",
                                   style={"display": "inline-block"}), label]) for c, label in URGENCY_SWATCH]
    types = [html.Div([html.I(className=f"bi {TYPE_ICON[t]} me-2"), TYPE_LABEL[t]]) for t in TYPE_ICON]
    return html.Details([html.Summary("Key"), html.Strong("Units", className="d-block"), *units,
                         html.Strong("Incidents", className="d-block mt-1"), *urgency, *types],
                        open=True, className="map-legend over-map", id="legend")
