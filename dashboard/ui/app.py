"""The Dash application: pages, assets, and the JSON API on the same server."""
from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, dcc, html

from dashboard.api import api_blueprint
from dashboard.auth import install_auth
from dashboard.push import push_blueprint
from dashboard.runtime import Runtime
from dashboard.security import install_security
from dashboard.ui.layers.incidents import incident_feature
from dashboard.ui.pages import officer, officer_overlays, stats, wall
from dashboard.ui.panels import place_search

ASSETS = Path(__file__).parent / "assets"


def create_dash(rt: Runtime) -> dash.Dash:
    app = dash.Dash(__name__, assets_folder=str(ASSETS), title="North Kent JRU",
                    serve_locally=True, suppress_callback_exceptions=True, update_title=None)
    app.server.register_blueprint(api_blueprint(rt))
    install_security(app, rt.settings); install_auth(app.server, rt.settings)   # headers, CSRF, sign-in
    app.server.register_blueprint(push_blueprint(rt, incident_feature))   # screens draw incidents as the map does
    pages = {"/": officer.layout, "/wall": wall.layout, "/stats": stats.layout}
    app.layout = html.Div([dcc.Location(id="url"), html.Div(id="page")])

    @app.callback(Output("page", "children"), Input("url", "pathname"))
    def route(path):
        return pages.get(path or "/", officer.layout)(rt)

    officer.register(app, rt)
    officer_overlays.register(app, rt)
    wall.register(app, rt)
    stats.register(app, rt)
    place_search.register(app)
    return app
