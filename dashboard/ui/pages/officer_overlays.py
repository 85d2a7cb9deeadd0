"""Officer map overlays (layers control): Places, Coverage (7/15/30 min), Beats; and the
"7-min coverage" share panel.

`overlay_layers(rt)` goes into `north_kent_map(..., overlays=...)`; `overlay_panel()`
into the officer layout; `register(app, rt)` adds the one callback, which runs every
COVERAGE_MS and draws the coverage polygons only while the Coverage overlay is
ticked (dash-leaflet's LayersControl reports ticked overlays in its `overlays` prop).
Which units count and what the share means: dashboard/service/coverage.py.
"""
from __future__ import annotations

import dash_leaflet as dl
from dash import Input, Output, dcc, html

from dashboard.core.coverage import BANDS_S, FIRST_BAND_S, band_minutes
from dashboard.runtime import Runtime
from dashboard.ui.layers.beats import beats_layer
from dashboard.ui.layers.common import collection
from dashboard.ui.layers.coverage import coverage_geojson, coverage_layer
from dashboard.ui.layers.places import places_layer
from dashboard.ui.style import COVERAGE_COLOUR

COVERAGE_MS = 10_000
PLACES, BEATS = "Places", "Beats"
COVERAGE = f"Coverage ({'/'.join(str(band_minutes(b)) for b in BANDS_S)} min)"   # also how the callback finds it ticked
FIRST_MIN = band_minutes(FIRST_BAND_S)   # the share's threshold, as the text names it


def overlay_layers(rt: Runtime, id: str = "map") -> list[dl.Overlay]:
    """The three overlays, all off to start with."""
    return [dl.Overlay(places_layer(rt.places, id=f"{id}-places"), name=PLACES, checked=False),
            # own pane under the districts and suggestion lines (overlayPane is z-index 400)
            dl.Overlay(dl.Pane(coverage_layer(id=f"{id}-coverage"), name="coverage", style={"zIndex": 390}),
                       name=COVERAGE, checked=False),
            dl.Overlay(beats_layer(rt.beats, rt.areas, id=f"{id}-beats"), name=BEATS, checked=False)]


def overlay_panel() -> html.Div:
    """The coverage-share text box (filled by the callback) and its timer."""
    return html.Div([html.Div(id="coverage-share", className="coverage-share over-map"),
                     dcc.Interval(id="coverage-tick", interval=COVERAGE_MS)])


def share_text(share: float | None, n: int, with_legend: bool, available: int = 1) -> list:
    """The share line; with the overlay on, its key, or when no joint unit is available (`available`) a note
    saying so: an empty overlay read as if it had not drawn yet."""
    if share is None:
        text = f"{FIRST_MIN}-min coverage: no incidents in the last hour"
    else:
        text = (f"{FIRST_MIN}-min coverage: {100 * share:.0f}% of incidents in the last hour "
                f"({n} incident{'s' * (n != 1)})")
    out: list = [html.Span(text, title="Share of the incidents opened in the last hour that had an available "
                                       f"joint unit within {FIRST_MIN} minutes by road when they came in")]
    if with_legend and not available:
        out.append(html.Strong(" · No joint unit available now: no area is covered", className="text-danger"))
    elif with_legend:
        for m, c in COVERAGE_COLOUR.items():
            out += [html.Span(className="coverage-swatch", style={"background": c, "opacity": 0.7}), f"{m}"]
        out.append(" min")
    return out


def overlays_view(rt: Runtime, coverage_on: bool) -> tuple:
    """(the coverage polygons, or an empty layer when the overlay is off; the share text)."""
    now, _ = rt.clock.now()
    units = rt.coverage.available_points(now)
    data = coverage_geojson(rt.coverage.bands(units)) if coverage_on else collection([])
    share, n = rt.coverage.share_last_hour(now, units)
    return data, share_text(share, n, coverage_on, len(units))


def register(app, rt: Runtime) -> None:
    @app.callback(Output("map-coverage", "data"), Output("coverage-share", "children"),
                  Input("coverage-tick", "n_intervals"), Input("map-layers", "overlays"))
    def refresh_overlays(_, overlays):
        return overlays_view(rt, COVERAGE in (overlays or []))
