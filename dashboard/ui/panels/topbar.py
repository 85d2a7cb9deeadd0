"""Panel: the top bar: product name, view, clock, DEMO/REPLAY banner, feed health."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def topbar(view: str) -> dbc.Navbar:
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand([html.I(className="bi bi-shield-plus me-2"), "North Kent Joint Response"], className="fw-bold"),
        html.Span(view, className="text-white-50 me-3"),
        html.Div(id="replay-banner"),
        html.Div(id="feed-health", className="d-flex align-items-center flex-wrap text-white ms-auto me-3"),
        dbc.Nav([dbc.NavLink("Officer", href="/", external_link=True),
                 dbc.NavLink("Wall", href="/wall", external_link=True),
                 dbc.NavLink("Stats", href="/stats", external_link=True)], navbar=True),
    ], fluid=True), color="dark", dark=True, className="py-1")
