"""Statistics (`/stats`): incidents by district, type and hour of the week, response
times against targets, unit utilisation, both services, the decision replay, and a
CSV of the incidents in the period. "Now" is feed time, so a replay gives the
statistics of the replayed days. The numbers come from dashboard/core/stats.py.
"""
from __future__ import annotations

import math
from datetime import datetime

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.core import stats
from dashboard.core.decisions import arrivals_in_words, in_words
from dashboard.runtime import Runtime
from dashboard.settings import CLOSED_KEEP_S
from dashboard.ui.style import OKABE_ITO, STATUS_COLOUR, STATUS_LABEL, TYPE_LABEL
from dashboard.ui.panels.topbar import topbar
from dashboard.core.text import duration

REFRESH_MS = 30_000
GRAPHS = ("stats-district", "stats-type", "stats-heatmap", "stats-response", "stats-utilisation")
RESPONSE_NOTE = ("Response times run from the incident opening to the first report of a unit assigned "
                 "(dispatch) and on scene, as the feed reported them. Closed incidents are held for "
                 f"JRU_CLOSED_KEEP_S ({CLOSED_KEEP_S / 86400:.0f} days by default), so \"all held\" is what the "
                 "dashboard still holds, "
                 "not the whole history.")


def _graph(id: str, title: str) -> dbc.Col:
    graph = dcc.Graph(id=id, config={"displaylogo": False}, style={"height": "300px"})
    return dbc.Col(dbc.Card(dbc.CardBody([html.H2(title, className="h6"), graph])),
                   lg=6, className="mb-3")


def layout(rt: Runtime) -> html.Div:
    return html.Div([
        topbar("Statistics"),
        html.Main(dbc.Container([
            html.Div([
                dbc.RadioItems(id="stats-period", value="7d", inline=True, className="btn-group flex-wrap",
                               inputClassName="btn-check", labelClassName="btn btn-outline-primary text-nowrap",
                               labelCheckedClassName="active",
                               options=[{"label": v, "value": k} for k, v in stats.PERIOD_LABEL.items()]),
                html.Span([html.Label("From (UK date)", htmlFor="stats-from", className="visually-hidden"),
                           dbc.Input(id="stats-from", type="date", size="sm", debounce=True),
                           html.Label("to", htmlFor="stats-to", className="mx-1"),
                           dbc.Input(id="stats-to", type="date", size="sm", debounce=True)],
                          className="d-inline-flex align-items-center ms-2", style={"width": "22rem"}),
                dbc.Button([html.I(className="bi bi-download me-2"), "Incidents CSV"], id="stats-csv-btn",
                           color="secondary", className="ms-3"),
                dcc.Download(id="stats-download"),
                html.Span(id="stats-note", className="ms-3 text-body-secondary"),
            ], className="d-flex align-items-center flex-wrap my-3"),
            dbc.Row(id="stats-kpis", className="mb-2 g-2"),
            dbc.Row([_graph("stats-district", "Incidents by district"), _graph("stats-type", "Incidents by type"),
                     _graph("stats-heatmap", "Incidents by hour of the week (opened, UK time)"),
                     _graph("stats-response", "Response times against targets (median, minutes)"),
                     _graph("stats-utilisation", "Unit utilisation now (share of units by status)")]),
            dbc.Alert(RESPONSE_NOTE, color="secondary", className="small", id="stats-response-note"),
        ], fluid=True)),
        dcc.Interval(id="stats-tick", interval=REFRESH_MS),
    ])


def _layout(fig: go.Figure, **kw) -> go.Figure:
    fig.update_layout(template="plotly_white", margin=dict(l=10, r=10, t=10, b=10), font=dict(size=14),
                      legend=dict(orientation="h", y=-0.15), **kw)
    return fig


def _count_ticks(top: float) -> dict:
    """Ticks for a count of incidents: whole numbers only (plotly puts "0.5 incidents" on a small axis)."""
    return dict(tick0=0, dtick=1) if top <= 10 else dict(tickformat=",d")


def _attended_figure(labels: list[str], every: list[int], done: list[int]) -> go.Figure:
    """Bars of incidents, attended and not (yet): one colour means one thing on every chart."""
    fig = go.Figure([go.Bar(name="Attended", x=labels, y=done, marker_color=OKABE_ITO[0]),
                     go.Bar(name="No unit (yet)", x=labels, y=[e - d for e, d in zip(every, done)],
                            marker_color=OKABE_ITO[1])])
    return _layout(fig, barmode="stack", yaxis=_count_ticks(max(every, default=0)))


def district_figure(incidents: list[dict], districts: list[str]) -> go.Figure:
    done = stats.by_district(stats.attended(incidents), districts)
    every = stats.by_district(incidents, districts)
    return _attended_figure(list(every), list(every.values()), [done.get(n, 0) for n in every])


def type_figure(incidents: list[dict]) -> go.Figure:
    """By type, split as the districts are (before 2026-12-06 each type had its own colour, so a
    type in the second colour read as "no unit" beside the district chart)."""
    every, done = stats.by_type(incidents), stats.by_type(stats.attended(incidents))
    return _attended_figure([TYPE_LABEL.get(k, k) for k in every], list(every.values()),
                            [done.get(k, 0) for k in every])


def heatmap_figure(incidents: list[dict]) -> go.Figure:
    z = stats.hour_of_week(incidents)
    return _layout(go.Figure(go.Heatmap(z=z, x=list(range(24)), y=list(stats.DAYS), colorscale="Cividis",
                                        colorbar=_count_ticks(max(map(max, z), default=0)),
                                        hovertemplate="%{y} %{x}:00 · %{z}<extra></extra>")),
                   yaxis=dict(autorange="reversed"), xaxis=dict(dtick=2, title="hour"))


def response_figure(summary: dict) -> go.Figure:
    groups = list(summary["groups"])
    minutes = lambda s: None if s is None else round(s / 60, 1)   # noqa: E731
    def bar(name: str, key: str, colour: str) -> go.Bar:
        seconds = [summary["groups"][g][key] for g in groups]
        text = [None if s is None else duration(s) if s < 60 else f"{s / 60:.0f}" for s in seconds]
        # a log axis has no 0: a median of 0 (dispatched at once) is drawn at 6 s, and says "0 s"
        y = [None if s is None else max(minutes(s), 0.1) for s in seconds]
        return go.Bar(name=name, x=groups, y=y, text=text, marker_color=colour, textposition="outside",
                      cliponaxis=False)
    fig = go.Figure([
        bar("Opened to dispatch", "median_dispatch_s", OKABE_ITO[4]),
        bar("Opened to on scene", "median_on_scene_s", OKABE_ITO[0]),
        # each group's target as its incidents are judged (JRU_GRADE_TARGETS included)
        go.Scatter(name="Target", x=groups, y=[minutes(summary["groups"][g]["target_s"]) for g in groups],
                   mode="markers",
                   marker=dict(symbol="line-ew", size=30, line=dict(width=4, color=OKABE_ITO[5]))),
    ])
    # log minutes: C1's 7-min target and C4's 3 hours both readable; from 1 min, lower for a median
    # under a minute
    shown = [v for t in fig.data for v in t.y if v is not None]
    low, top = math.log10(min(shown + [1.0])), math.log10(max(shown, default=10))
    return _layout(fig, barmode="group", yaxis=dict(title="minutes (log scale)", type="log",
                                                    range=[low - (0.2 if low < 0 else 0), top + 0.2],
                                                    tickvals=[0.1, 0.5, 1, 2, 5, 10, 20, 60, 120, 240, 480]))


def utilisation_figure(units: list[dict]) -> go.Figure:
    shares = stats.unit_utilisation(units, list(STATUS_COLOUR))
    keys = list(shares)
    return _layout(go.Figure(go.Bar(x=[STATUS_LABEL.get(k, k) for k in keys], y=[round(100 * shares[k], 1) for k in keys],
                                    marker_color=[STATUS_COLOUR.get(k, "#999") for k in keys],
                                    text=[f"{100 * shares[k]:.0f}%" for k in keys], textposition="outside")),
                   yaxis=dict(title="% of units", range=[0, 100]))


def _kpi(label: str, value: str, sub: str = "", id: str | None = None) -> dbc.Col:
    body = dbc.CardBody([html.Div(label, className="small text-body-secondary"),
                         html.Div(value, className="fs-3 fw-bold", **({"id": id} if id else {})),
                         html.Div(sub, className="small text-body-secondary")])
    return dbc.Col(dbc.Card(body, className="h-100"), md=True)   # a row of tiles the same height


def kpis(incidents: list[dict], response: dict, both: dict, decisions: dict, arrivals: dict) -> list:
    share = lambda x: "-" if x is None else f"{100 * x:.0f}%"   # noqa: E731
    a = response["all"]
    return [
        _kpi("Incidents opened", str(len(incidents)), f"{len(stats.attended(incidents))} attended",
             id="stats-kpi-incidents"),
        _kpi("Both services needed", share(both["share"]), f"{both['both']} with a category and a police grade"),
        _kpi("Median opened to on scene", duration(a["median_on_scene_s"]),
             f"{a['n_on_scene']} measured · {share(a['within_share'])} within target"),
        _kpi("Median opened to dispatch", duration(a["median_dispatch_s"]), f"{a['n_dispatch']} measured"),
        _kpi("Decision replay",
             f"{decisions['differ']} of {decisions['decisions']} differed" if decisions["decisions"] else "-",
             in_words(decisions), id="stats-kpi-decisions"),
        _kpi("ETAs held on arrival", f"{arrivals['within']} of {arrivals['arrivals']}" if arrivals["arrivals"] else "-",
             arrivals_in_words(arrivals), id="stats-kpi-arrivals"),
    ]


def period_incidents(rt: Runtime, period: str, first: str | None = None,
                     last: str | None = None) -> tuple[list[dict], float | None, float]:
    """The incidents opened in a preset period, or between two UK dates (`period` "dates")."""
    now, _ = rt.clock.now()
    if period == "dates":
        start, end = stats.date_range(first, last, now)
    else:
        start, end = stats.period_start(period, now), now
    return stats.in_period(rt.views.incidents(), start, end), start, end


def period_note(period: str, start: float | None, end: float, replay: bool) -> str:
    at = lambda t: f"{datetime.fromtimestamp(t, stats.LONDON):%d %b %Y %H:%M}"   # noqa: E731
    what = f"{at(start) if start else 'Everything held'}" if period == "dates" else stats.PERIOD_LABEL[period]
    return f"{what} to {at(end)} ({'replay' if replay else 'live'} feed time)"


def stats_view(rt: Runtime, period: str, first: str | None = None, last: str | None = None) -> tuple:
    incidents, start, now = period_incidents(rt, period, first, last)
    response = stats.response_summary(stats.response_times(incidents, rt.decisions.all(), now))
    decisions, arrivals = rt.decisions.summary(start, now), rt.decisions.arrivals(start, now)
    _, replay = rt.clock.now()
    note = period_note(period, start, now, replay)
    return (district_figure(incidents, list(rt.areas.names)), type_figure(incidents), heatmap_figure(incidents),
            response_figure(response), utilisation_figure(rt.views.units()),
            kpis(incidents, response, stats.both_services(incidents), decisions, arrivals), note)


def period_asked(period, first, last) -> bool:
    """Whether the page's inputs are ones it can send: a period it offers (none: the default), dates as text."""
    offered = not period or (isinstance(period, str) and period in stats.PERIOD_LABEL)
    return offered and all(d is None or isinstance(d, str) for d in (first, last))


def register(app, rt: Runtime) -> None:
    @app.callback(*[Output(g, "figure") for g in GRAPHS], Output("stats-kpis", "children"),
                  Output("stats-note", "children"), Input("stats-period", "value"), Input("stats-from", "value"),
                  Input("stats-to", "value"), Input("stats-tick", "n_intervals"))
    def refresh(period, first, last, _):
        if not period_asked(period, first, last):
            raise PreventUpdate   # a forged request
        try:
            return stats_view(rt, period or "7d", first, last)
        except ValueError:   # a date the browser let through but is not one
            return (*([no_update] * (len(GRAPHS) + 1)), "Dates not understood: use the date pickers")

    @app.callback(Output("stats-period", "value"), Input("stats-from", "value"), Input("stats-to", "value"),
                  prevent_initial_call=True)
    def dates_chosen(first, last):   # picking a date means "these dates"
        if not (first or last):
            raise PreventUpdate
        return "dates"

    @app.callback(Output("stats-download", "data"), Input("stats-csv-btn", "n_clicks"), State("stats-period", "value"),
                  State("stats-from", "value"), State("stats-to", "value"), prevent_initial_call=True)
    def download(n, period, first, last):
        if not n or not period_asked(period, first, last):
            raise PreventUpdate
        incidents, _, now = period_incidents(rt, period or "7d", first, last)
        name = f"jru-incidents-{period}-{datetime.fromtimestamp(now, stats.LONDON):%Y%m%d-%H%M}.csv"
        return dcc.send_string(stats.incidents_csv(incidents), name)
