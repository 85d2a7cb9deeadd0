"""Officer map overlays (layers control): Places, Coverage (7/15/30 min), Beats; and the
"7-min coverage" share panel.

`overlay_layers(rt)` goes into `north_kent_map(..., overlays=...)`; `overlay_panel()`
into the officer layout; `register(app, rt)` adds the one callback, which runs every
COVERAGE_MS and recomputes the coverage polygons only while the Coverage overlay is
ticked (dash-leaflet's LayersControl reports ticked overlays in its `overlays` prop).

Which units count: those the suggestions would offer now (`ranking.why_left_out`
is None: joint, available, full crew, fresh fix, not committed, not in hospital
handover).

The share ("7-min coverage: NN% of incidents in the last hour"): of the incidents
opened in the last hour of feed time, the share that had an available unit within
7 minutes (road-model ETA) when it mattered. "When it mattered" is, in order: the
decision record (the suggested or actual unit's ETA when the incident was
assigned, kept by the runtime for feed assignments), else the available units at
the first refresh that saw the incident open (<= COVERAGE_MS after it opened
while a page is showing), else, for an incident first seen already assigned or
closed (page opened later, replay seek), the available units now. The panel
says how many incidents it counts.
"""
from __future__ import annotations

import time

import dash_leaflet as dl
import shapely
from dash import Input, Output, dcc, html, no_update
from shapely.geometry import shape

from dashboard.core.coverage import BANDS_S, coverage_polygons, coverage_share
from dashboard.core.ranking import why_left_out
from dashboard.runtime import Runtime
from dashboard.ui.layers.beats import beats_layer
from dashboard.ui.layers.common import collection
from dashboard.ui.layers.coverage import coverage_geojson, coverage_layer
from dashboard.ui.layers.places import places_layer

COVERAGE_MS = 10_000
PLACES, COVERAGE, BEATS = "Places", "Coverage (7/15/30 min)", "Beats"
WITHIN_S = 420.0
WINDOW_S = 3600.0
SWATCH = {7: "#08519c", 15: "#4292c6", 30: "#9ecae1"}   # as assets/map.js coverageStyle

_clip: dict[int, shapely.Geometry] = {}                 # id(rt) -> union of the districts (lon/lat)
_seen: dict[tuple, bool] = {}                           # (id(rt), incident, opened_ts) -> covered when first seen


def overlay_layers(rt: Runtime, id: str = "map") -> list[dl.Overlay]:
    """The three overlays, all off to start with."""
    return [dl.Overlay(places_layer(rt.places, id=f"{id}-places"), name=PLACES, checked=False),
            # own pane under the districts and suggestion lines (overlayPane is z-index 400)
            dl.Overlay(dl.Pane(coverage_layer(id=f"{id}-coverage"), name="coverage", style={"zIndex": 390}),
                       name=COVERAGE, checked=False),
            dl.Overlay(beats_layer(rt.beats, rt.areas, id=f"{id}-beats"), name=BEATS, checked=False)]


def overlay_panel() -> html.Div:
    """The coverage-share text box (filled by the callback) and its timer."""
    return html.Div([html.Div(id="coverage-share", className="coverage-share"),
                     dcc.Interval(id="coverage-tick", interval=COVERAGE_MS)])


def available_points(rt: Runtime, now: float) -> list[tuple[float, float]]:
    committed = rt.picture.committed_units()
    return [(u.lon, u.lat) for u in rt.picture.units_list()
            if u.lon is not None and why_left_out(u, now, rt.settings.staleness_s, committed, "", rt.places) is None]


def districts_union(rt: Runtime) -> shapely.Geometry:
    if id(rt) not in _clip:
        _clip[id(rt)] = shapely.union_all([shape(f["geometry"]) for f in rt.areas.to_geojson(0)["features"]])
    return _clip[id(rt)]


def share_last_hour(rt: Runtime, now: float, units: list[tuple[float, float]]) -> tuple[float | None, int]:
    """(share of last-hour incidents that had a unit within 7 min, how many incidents); see the docstring."""
    recent = [i for i in rt.picture.incidents_list() if now - WINDOW_S <= i.opened_ts <= now]
    verdicts, todo = [], []
    for inc in recent:
        key = (id(rt), inc.incident, inc.opened_ts)
        d = rt.decision_for(inc.incident)
        etas = [e for e in ((d.suggested_eta_s, d.actual_eta_s) if d else ()) if e is not None]
        if etas:
            verdicts.append(min(etas) <= WITHIN_S)
        elif key in _seen:
            verdicts.append(_seen[key])
        else:
            todo.append((key, inc))
    for key, inc in todo:
        with rt._model_lock:
            ok = coverage_share([(inc.lon, inc.lat)], units, rt.eta_model, WITHIN_S) == 1.0
        _seen[key] = ok
        verdicts.append(ok)
    for key in [k for k in _seen if k[0] == id(rt) and k[2] < now - 2 * WINDOW_S]:
        del _seen[key]
    return (sum(verdicts) / len(verdicts) if verdicts else None), len(verdicts)


def share_text(share: float | None, n: int, with_legend: bool, ms: float | None = None) -> list:
    if share is None:
        text = "7-min coverage: no incidents in the last hour"
    else:
        text = f"7-min coverage: {100 * share:.0f}% of incidents in the last hour ({n} incident{'s' * (n != 1)})"
    out: list = [html.Span(text, title="Share of the incidents opened in the last hour that had an available "
                                       "joint unit within 7 minutes by road when they came in")]
    if with_legend:
        for m, c in SWATCH.items():
            out += [html.Span(className="coverage-swatch", style={"background": c, "opacity": 0.7}), f"{m}"]
        out.append(" min")
    return out


def register(app, rt: Runtime) -> None:
    @app.callback(Output("map-coverage", "data"), Output("coverage-share", "children"),
                  Input("coverage-tick", "n_intervals"), Input("map-layers", "overlays"))
    def refresh_overlays(_, overlays):
        on = COVERAGE in (overlays or [])
        now, _replay = rt.now()
        units = available_points(rt, now)
        data = no_update
        t0 = time.perf_counter()
        if on:
            with rt._model_lock:
                bands = coverage_polygons(rt.eta_model, units, districts_union(rt), BANDS_S)
            data = coverage_geojson(bands)
        else:
            data = collection([])
        share, n = share_last_hour(rt, now, units)
        return data, share_text(share, n, on, time.perf_counter() - t0)
