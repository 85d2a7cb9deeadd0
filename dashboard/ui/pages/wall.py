"""Wall display (`/wall`): read-only, for the big screen across the control room.

Dark, large type, no controls. The map follows the action (it fits the active
incidents and the units, never wider than North Kent) until someone moves it;
then it stays put and a big "Resume following" button shows (assets/wall.js
tells user moves from programmatic ones). Beside it: units by status, open
incidents by district, the ticker of active incidents and the feed-health strip.

`/wall?public=1` (or the setting `wall_public`, env JRU_WALL_PUBLIC, when the
settings have it) leaves incident summaries out: they are never sent to the browser.

Runs for days: everything is replaced, never appended (nothing grows in the
browser). The panels are asked for only when the change counters pushed with
the units say something changed (assets/feed_stamp.js), and every 5 s of feed
time (plus up to 2 s, staggered between screens); the clock is a light callback every second, and assets/wall.js
reloads the page if the clock has not ticked for 60 s and the server answers again.
"""
from __future__ import annotations

import time
from datetime import datetime
from functools import lru_cache
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import dash_bootstrap_components as dbc
import dash_leaflet as dl
import numpy as np
import shapely
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update
from dash_extensions.javascript import Namespace
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from dashboard.core.place_names import load_place_names
from dashboard.runtime import Runtime
from dashboard.ui.layers.common import collection, point
from dashboard.ui.layers.incidents import incidents_geojson
from dashboard.ui.map import north_kent_map
from dashboard.ui.panels.feed_health import feed_health_strip
from dashboard.ui.panels.ticker import ticker, ticker_rows
from dashboard.ui.panels.wall_counts import district_counts, unit_counts, wall_counts

REFRESH_MS = 1000
LONDON = ZoneInfo("Europe/London")
MIN_SPAN = (0.06, 0.10)    # degrees lat, lon: never zoom in closer than a few km across
GRID = (0.02, 0.03)        # fit bounds snap outward to this grid so small moves do not re-fly the map
wall_js = Namespace("jru", "wall")


def layout(rt: Runtime) -> html.Div:
    the_map = north_kent_map(rt.areas, id="wall-map", tiles=rt.settings.tiles, live_units=True,
                             extra=[dl.GeoJSON(id="wall-map-district-labels", data=district_labels(rt.areas),
                                               pointToLayer=wall_js("labelToLayer"))])
    for child in the_map.children:   # bigger markers on big screens (assets/wall.js scales by window width)
        if getattr(child, "id", None) == "wall-map-incidents":
            child.pointToLayer = wall_js("incidentToLayer")
    return html.Div([
        html.Header([
            html.Div([html.I(className="bi bi-shield-plus me-2"), "North Kent Joint Response"], className="wall-title"),
            html.Div(id="wall-public-tag"),
            html.Div(id="wall-feed-health", className="wall-health"),
            html.Div(id="wall-clock", className="wall-clock"),
        ], className="wall-header"),
        html.Div([
            html.Div([the_map,
                      dbc.Button([html.I(className="bi bi-crosshair me-2"), "Resume following"], id="wall-resume",
                                 color="warning", n_clicks=0, className="wall-resume over-map", style={"display": "none"})],
                     className="wall-map-box"),
            html.Div([html.Div(id="wall-counts"),
                      html.H2("Active incidents", className="wall-h"),
                      html.Div(id="wall-ticker", className="wall-ticker")], className="wall-side"),
        ], className="wall-body"),
        dcc.Store(id="wall-fit"), dcc.Store(id="feed-stamp"),
        html.Div(id="wall-beat", hidden=True),
        dcc.Interval(id="wall-tick", interval=REFRESH_MS),
    ], className="wall", id="wall", **{"data-bs-theme": "dark"})


# A district's name is wide and large: it keeps clear of a town's name, which would otherwise give
# way to it (assets/basemap.js). Across, the two names' half-widths at the whole-area view (~75 m a
# pixel = 0.0011 degrees of longitude; a district's letter ~14 px, a town's ~9 px) plus a margin;
# up and down, ~3 km (both names are one line).
DEG_LON_PER_PX = 0.0011
TOWN_CLEARANCE_LAT = 0.025
_STEP = 0.005   # candidate spacing, degrees (~0.4 km)


DISTRICT_LETTER_PX, TOWN_LETTER_PX = 14, 9


def lon_clearance(district: str, other: str, other_letter_px: float = TOWN_LETTER_PX) -> float:
    """How far apart (degrees of longitude) a district's name and a town's (or with
    DISTRICT_LETTER_PX another district's) must be not to touch."""
    return (len(district) * DISTRICT_LETTER_PX / 2 + len(other) * other_letter_px / 2 + 8) * DEG_LON_PER_PX


def label_point(area: BaseGeometry, towns: np.ndarray) -> tuple[float, float]:
    """Where a district's name goes: the point of a grid inside it (~0.5 km from its edge) nearest
    its middle with no town closer than its clearance; its representative point if there is none.
    `towns`: rows of (lon, lat, longitude clearance in degrees: lon_clearance)."""
    middle = area.representative_point()
    inner = area.buffer(-_STEP)
    inner = area if inner.is_empty else inner
    x0, y0, x1, y1 = inner.bounds
    xs, ys = np.meshgrid(np.arange(x0, x1, _STEP), np.arange(y0, y1, _STEP))
    cand = np.column_stack([xs.ravel(), ys.ravel()])
    cand = cand[shapely.contains_xy(inner, cand[:, 0], cand[:, 1])]
    if len(towns) and len(cand):
        near = ((np.abs(cand[:, None, 0] - towns[None, :, 0]) < towns[None, :, 2])
                & (np.abs(cand[:, None, 1] - towns[None, :, 1]) < TOWN_CLEARANCE_LAT)).any(axis=1)
        cand = cand[~near]
    if not len(cand):
        return middle.x, middle.y
    best = cand[np.argmin(np.hypot(cand[:, 0] - middle.x, cand[:, 1] - middle.y))]
    return float(best[0]), float(best[1])


@lru_cache(maxsize=4)
def _label_points(areas) -> dict:
    towns = [n for n in load_place_names() if n.rank == 1]
    feats, placed = [], []   # placed: (lon, lat, name) of the district names already placed
    for f in areas.to_geojson()["features"]:
        name = f["properties"]["name"]
        clear = [(n.lon, n.lat, lon_clearance(name, n.name)) for n in towns]
        clear += [(x, y, lon_clearance(name, other, DISTRICT_LETTER_PX)) for x, y, other in placed]
        x, y = label_point(shape(f["geometry"]), np.array(clear).reshape(-1, 3))
        placed.append((x, y, name))
        feats.append(point(x, y, {"name": name}))
    return collection(feats)


def district_labels(areas) -> dict:
    """A point inside each district, for its name on the map."""
    return _label_points(areas)


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
    local = datetime.fromtimestamp(now, LONDON)
    return [html.Span(local.strftime("%H:%M:%S"), id="wall-time"),
            html.Span(local.strftime(" %a %d %b"), className="wall-date"),
            html.Span("REPLAY", className="wall-replay ms-3") if replay else None]


def wall_view(rt: Runtime, public: bool, map_incidents: bool = True) -> tuple:
    """The panels, and the map's incidents when `map_incidents` (else no_update: with
    push they come with the units, dashboard/web/push/)."""
    units = rt.views.units()
    incidents = rt.views.incidents("active")
    health, _ = rt.health.report()
    points = [(u["lon"], u["lat"]) for u in units
              if u["lat"] is not None and not u["stale"] and u["status"] != "off_duty"]
    points += [(i["lon"], i["lat"]) for i in incidents]
    tag = html.Span("PUBLIC VIEW", className="wall-public", id="wall-public") if public else None
    return (incidents_geojson(incidents) if map_incidents else no_update,
            wall_counts(unit_counts(units), district_counts(incidents, list(rt.areas.names))),
            ticker(ticker_rows(incidents), show_summary=not public), feed_health_strip(health),
            {"bounds": fit_bounds(points, rt.areas.bounds())}, tag)


def register(app, rt: Runtime) -> None:
    app.clientside_callback(ClientsideFunction("jru_feed", "stamp"), Output("feed-stamp", "data"),
                            Input("wall-tick", "n_intervals"), State("feed-stamp", "data"))

    @app.callback(Output("wall-map-incidents", "data"),
                  Output("wall-counts", "children"), Output("wall-ticker", "children"),
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
