"""Panel: the search box over the officer map: a postcode (full or partial, any spelling) or a
place name (typos forgiven). `/` focuses it, arrows and Enter pick (assets/place_search.js),
and the map flies there and marks it, all in the browser. The server only answers the list:
dashboard.core.place_search.search, well under a millisecond a keystroke.
"""
from __future__ import annotations

from dash import Input, Output, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.core import postcodes as pcs
from dashboard.core.place_search import MAX_QUERY, Hit, search
from dashboard.core.whereabouts import shipped_gazetteer

MAX_HITS = 8
# The closest the map flies in: ~3 km across (15), the units and incidents around the place in view, to
# answer "who is near this address". A postcode's own 17 was a ~50 m scale bar, no street or unit in sight.
CLOSEST_ZOOM = 15


def search_box() -> html.Div:
    return html.Div([
        html.Label("Search a postcode or place", htmlFor="place-search", className="visually-hidden"),
        dcc.Input(id="place-search", type="search", debounce=False, autoComplete="off", spellCheck=False,
                  maxLength=MAX_QUERY, placeholder="Postcode or place   ( / )",
                  className="form-control form-control-sm"),
        html.Div(id="place-search-results", className="place-search-results list-group", role="listbox"),
    ], className="place-search over-map", id="place-search-box")


def hit_item(h: Hit, i: int) -> html.Button:
    # Where to fly travels in data-* attributes: the browser moves the map without asking the server.
    return html.Button([html.Span(h.label, className="fw-bold"), " ",
                        html.Small(h.detail, className="text-body-secondary")],
                       type="button", role="option", className="list-group-item list-group-item-action place-search-hit"
                       + (" active" if i == 0 else ""),
                       **{"data-lon": f"{h.lon:.6f}", "data-lat": f"{h.lat:.6f}",
                          "data-zoom": str(min(h.zoom, CLOSEST_ZOOM)), "data-label": h.label, "data-kind": h.kind})


def no_match_text(text: str, pc: pcs.Postcodes) -> str:
    """What the list says when nothing matches (it stayed hidden: the officer could not tell a miss from a
    slow answer). A postcode outside the shipped list is told apart: only North Kent's are known."""
    q = " ".join(text.split())[:MAX_QUERY]
    code = pcs.normalise(q)
    outward = code.split()[0] if code else None   # "A2" alone is as likely a road as a postcode district
    if outward and len(set(pcs.prefix_range(pc, outward + " "))) == 1:   # no row in that postcode district
        return f"No postcode matches “{code or outward}”: only North Kent postcodes are known"
    return f"No postcode matches “{code}”" if code else f"No place or postcode matches “{q}”"


def no_match(text: str, pc: pcs.Postcodes) -> html.Div:
    # no .place-search-hit: the arrows and Enter skip it; an option that cannot be chosen, as a listbox holds
    return html.Div(no_match_text(text, pc), role="option", id="place-search-none",
                    className="list-group-item py-1 px-2 small text-body-secondary",
                    **{"aria-disabled": "true", "aria-selected": "false"})


def register(app) -> None:
    @app.callback(Output("place-search-results", "children"), Input("place-search", "value"),
                  prevent_initial_call=True)
    def answer(text):
        if text is not None and not isinstance(text, str):
            raise PreventUpdate   # a forged request
        gz = shipped_gazetteer()
        hits = search(text or "", gz.postcodes, gz.names, MAX_HITS)
        if not hits and pcs.squash(text or ""):   # blank or punctuation only: nothing asked, nothing said
            return [no_match(text, gz.postcodes)]
        return [hit_item(h, i) for i, h in enumerate(hits)]
