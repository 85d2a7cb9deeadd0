"""Panel: the map legend (unit status colours, stale, incident urgency and type icons).

A fold ("Key"): on a laptop screen it covers a district (Dartford), so it starts folded on a
short window (assets/legend.js) and the officer opens it when needed.
"""
from __future__ import annotations

from dash import html

from dashboard.ui.style import STALE_COLOUR, STATUS_COLOUR, STATUS_LABEL, TYPE_ICON, TYPE_LABEL

URGENCY_SWATCH = (("urgency-1", "C1 / immediate"), ("urgency-2", "C2 / priority"),
                  ("urgency-3", "C3-C4 / scheduled"), ("urgency-4", "other"))


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
