"""Panel: the top bar: product name, view, clock, DEMO/REPLAY banner, feed health."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.auth.who import auth_enabled, signed_in


def topbar(view: str) -> html.Header:
    """The page's banner; the product's name is its one level-one heading (a screen reader's way in)."""
    return html.Header(dbc.Navbar(dbc.Container([
        html.H1([html.I(className="bi bi-shield-plus me-2"), "North Kent Joint Response"],
                className="navbar-brand fw-bold mb-0"),
        html.Span(view, className="text-white-50 me-3"),
        html.Div(id="replay-banner"),
        html.Div(id="feed-health", className="d-flex align-items-center flex-wrap text-white ms-auto me-3"),
        dbc.Nav([dbc.NavLink("Officer", href="/", external_link=True),
                 dbc.NavLink("Wall", href="/wall", external_link=True),
                 dbc.NavLink("Stats", href="/stats", external_link=True)], navbar=True),
        user_badge(),
    ], fluid=True), color="dark", dark=True, expand=True, className="py-1"))


def user_badge() -> html.Span:
    """Who is signed in, with a sign-out link (rendered per request)."""
    if not auth_enabled():
        return html.Span("sign-in off", className="small text-white-50 ms-3", id="signed-in-user")
    who = signed_in()
    name = "nobody" if who is None else ("wall display" if who.wall else f"{who.name} ({who.role})")
    return html.Span([html.I(className="bi bi-person-circle me-1"), html.Span(name, id="signed-in-user"),
                      html.Form(html.Button("Sign out", type="submit", id="sign-out",   # POST: 13.5
                                            className="btn btn-link link-light p-0 ms-2 small align-baseline"),
                                action="/logout", method="post", className="d-inline")],
                     className="small text-white ms-3 text-nowrap")
