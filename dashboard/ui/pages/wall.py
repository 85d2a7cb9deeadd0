"""Wall display (`/wall`): read-only, for the big screen across the control room.

Dark, large type, no controls. The map follows the action (it fits the active
incidents and the units, never wider than North Kent) until someone moves it;
then it stays put and a big "Resume following" button shows (assets/wall.js
tells user moves from programmatic ones). Beside it: units by status, open
incidents by district, the ticker of active incidents (with a warning under one whose unit may
not be coming) and the feed-health strip.

`/wall?public=1` (or the setting `wall_public`, env JRU_WALL_PUBLIC, when the
settings have it) leaves incident summaries out: they are never sent to the browser.

Runs for days: everything is replaced, never appended (nothing grows in the
browser). The panels are asked for only when the change counters pushed with
the units say something changed (assets/feed_stamp.js), and every 5 s of feed
time (plus up to 2 s, staggered between screens); the clock is a light callback every second. assets/wall.js
greys the picture under a "NOT UPDATING" banner when the clock has not ticked for 10 s (server or network
down: the last picture would otherwise stay up, LIVE and all), and reloads the page if it has not ticked for
60 s and the server answers again.
"""
from __future__ import annotations

import time
from urllib.parse import parse_qs

import dash_bootstrap_components as dbc
import dash_leaflet as dl
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update
from dash_extensions.javascript import Namespace

from dashboard.core.attending import doubts_of, unsure_of
from dashboard.core.times import uk_clock
from dashboard.runtime import Runtime
from dashboard.ui.layers.district_names import district_names
from dashboard.ui.layers.incidents import incidents_geojson
from dashboard.ui.map import north_kent_map
from dashboard.ui.panels.feed_health import feed_health_strip
from dashboard.ui.panels.ticker import MAX_ROWS, ticker, ticker_rows, ticker_total
from dashboard.ui.panels.wall_counts import district_counts, unit_counts, wall_counts

REFRESH_MS = 1000
MIN_SPAN = (0.06, 0.10)    # degrees lat, lon: never zoom in closer than a few km across
GRID = (0.02, 0.03)        # fit bounds snap outward to this grid so small moves do not re-fly the map
wall_js = Namespace("jru", "wall")


def layout(rt: Runtime) -> html.Div:
    the_map = north_kent_map(rt.areas, id="wall-map", tiles=rt.settings.tiles, live_units=True,
                             extra=[dl.GeoJSON(id="wall-map-district-labels", data=district_names(rt.areas),
                                               pointToLayer=wall_js("labelToLayer"))])
    for child in the_map.children:   # bigger markers on big screens (assets/wall.js scales by window width)
        if getattr(child, "id", None) == "wall-map-incidents":
            child.pointToLayer = wall_js("incidentToLayer")
    return html.Div([
        html.Header([
            html.H1([html.I(className="bi bi-shield-plus me-2"), "North Kent Joint Response"], className="wall-title"),
            html.Div(id="wall-public-tag"),
            html.Div(id="wall-feed-health", className="wall-health"),
            html.Div(id="wall-clock", className="wall-clock"),
        ], className="wall-header"),
        html.Main([   # the page's main landmark
            html.Div([the_map,
                      dbc.Button([html.I(className="bi bi-crosshair me-2"), "Resume following"], id="wall-resume",
                                 color="warning", n_clicks=0, className="wall-resume over-map", style={"display": "none"})],
                     className="wall-map-box"),
            html.Div([html.Div(id="wall-counts"),
                      html.H2(["Active incidents", html.Span(id="wall-ticker-total")], className="wall-h"),
                      html.Div(id="wall-ticker", className="wall-ticker"),
                      # "N more not shown": written by assets/wall.js (only the browser knows how many rows fit)
                      html.Div(id="wall-ticker-more", className="wall-more", hidden=True)], className="wall-side"),
        ], className="wall-body"),
        dcc.Store(id="wall-fit"), dcc.Store(id="feed-stamp"),
        html.Div(id="wall-beat", hidden=True),
        dcc.Interval(id="wall-tick", interval=REFRESH_MS),
    ], className="wall", id="wall", **{"data-bs-theme": "dark"})


def is_public(rt: Runtime, search: str | None) -> bool:
    """Public screens hide incident summaries: the setting (if the settings have it) or ?public=1."""
    if getattr(rt.settings, "wall_public", False):
        return True
    values = parse_qs((search or "").lstrip("?")).get("public", [])
    return any(v.strip().lower() in ("1", "true", "yes", "on") for v in values)


def fit_bounds(points: list[tuple[float, float]], area_bounds: tuple[float, float, float, float]) -> list:
    """[[south, west], [north, east]] around the (lon, lat) points: clipped to the
    districts' bounds (never wider than North Kent), at least MIN_SPAN across,
    snapped outward to GRID; all of North Kent when there is nothing to show."""
    minlon, minlat, maxlon, maxlat = area_bounds
    inside = [(x, y) for x, y in points if minlon <= x <= maxlon and minlat <= y <= maxlat]
    if not inside:
        return [[minlat, minlon], [maxlat, maxlon]]
    xs, ys = [p[0] for p in inside], [p[1] for p in inside]
    s, n, w, e = min(ys), max(ys), min(xs), max(xs)
    for lo, hi, span, idx in ((s, n, MIN_SPAN[0], 0), (w, e, MIN_SPAN[1], 1)):
        if hi - lo < span:
            mid = (lo + hi) / 2
            lo, hi = mid - span / 2, mid + span / 2
        g = GRID[idx]
        lo, hi = (lo // g) * g, -((-hi) // g) * g
        if idx == 0:
            s, n = max(lo, minlat), min(hi, maxlat)
        else:
            w, e = max(lo, minlon), min(hi, maxlon)
    return [[round(s, 4), round(w, 4)], [round(n, 4), round(e, 4)]]


def clock_text(rt: Runtime) -> list:
    now, replay = rt.clock.now()
    return [html.Span(uk_clock(now), id="wall-time"),
            html.Span(uk_clock(now, " %Z · %a %d %b"), className="wall-date"),   # named: GMT or BST
            # not "REPLAY" again: the feed badge says that; this says the clock is not now
            html.Span("REPLAYED TIME", className="wall-replay ms-3") if replay else None]


def wall_view(rt: Runtime, public: bool, map_incidents: bool = True) -> tuple:
    """The panels, and the map's incidents when `map_incidents` (else no_update: with
    push they come with the units, dashboard/web/push/)."""
    units = rt.views.units()
    incidents = rt.views.queue("active")
    health, _ = rt.health.report()
    points = [(u["lon"], u["lat"]) for u in units
              if u["lat"] is not None and not u["stale"] and u["status"] != "off_duty"]
    points += [(i["lon"], i["lat"]) for i in incidents]
    tag = html.Span("PUBLIC VIEW", className="wall-public", id="wall-public") if public else None
    # how far each unit sent is (at most MAX_ROWS ETAs, each worked out at most every 5 s: Rankings.en_route)
    attending = rt.views.attendances([i["incident"] for i in incidents[:MAX_ROWS] if i["status"] != "open"])
    doubts = doubts_of(attending)
    # no "about 5 min away" for a unit that may not be coming (as the officer's panel); the nearest of several;
    # on scene, the nearest backup still on its way (Rankings.en_route)
    on_way = {k: rt.rankings.en_route(k, [u for u, why in a if why is None]) for k, a in attending.items()}
    away = {k: min(e[1] for e in found) for k, found in on_way.items() if found}
    rows = ticker_rows(incidents, away, doubts, rt.views.scene_splits(attending), unsure_of(attending))
    return (incidents_geojson(incidents) if map_incidents else no_update,
            wall_counts(unit_counts(units), district_counts(incidents, list(rt.areas.names))),
            ticker(rows, show_summary=not public), ticker_total(rows),
            feed_health_strip(health),
            {"bounds": fit_bounds(points, rt.areas.bounds())}, tag)


def register(app, rt: Runtime) -> None:
    app.clientside_callback(ClientsideFunction("jru_feed", "stamp"), Output("feed-stamp", "data"),
                            Input("wall-tick", "n_intervals"), State("feed-stamp", "data"))

    @app.callback(Output("wall-map-incidents", "data"),
                  Output("wall-counts", "children"), Output("wall-ticker", "children"),
                  Output("wall-ticker-total", "children"),
                  Output("wall-feed-health", "children"), Output("wall-fit", "data"), Output("wall-public-tag", "children"),
                  Input("feed-stamp", "data"), Input("url", "search"))
    def refresh(pushed, search):
        polling = bool(pushed) and pushed[0] == "poll"   # the map's incidents come with the units otherwise
        return wall_view(rt, is_public(rt, search), map_incidents=polling)

    @app.callback(Output("wall-clock", "children"), Output("wall-beat", "children"), Input("wall-tick", "n_intervals"))
    def clock(_):   # also the watchdog's heartbeat (assets/wall.js)
        return clock_text(rt), f"{time.time():.3f}"

    # Follow the action unless someone moved the map (decided in the browser: assets/wall.js).
    app.clientside_callback(ClientsideFunction("jru_wall", "follow"),
                            Output("wall-map", "viewport"), Output("wall-resume", "style"),
                            Input("wall-fit", "data"), Input("wall-resume", "n_clicks"), Input("wall-tick", "n_intervals"))
