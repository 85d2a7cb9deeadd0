"""The Dash screens: which layout each path shows, and every page's callbacks."""
from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, dcc, html

from dashboard.runtime import Runtime
from dashboard.ui.pages import officer, officer_overlays, stats, wall
from dashboard.ui.panels import place_search

ASSETS = Path(__file__).parent / "assets"
PAGES = {"/": officer.layout, "/wall": wall.layout, "/stats": stats.layout}


def install_screens(app: dash.Dash, rt: Runtime) -> None:
    app.layout = html.Div([dcc.Location(id="url"), html.Div(id="page")])

    @app.callback(Output("page", "children"), Input("url", "pathname"))
    def route(path):
        return PAGES.get(path or "/", officer.layout)(rt)

    officer.register(app, rt)
    officer_overlays.register(app, rt)
    wall.register(app, rt)
    stats.register(app, rt)
    place_search.register(app)
