"""Statistics (`/stats`): incidents by district, type and hour of the week, response
times against targets, unit utilisation, both services, the decision replay, and a
CSV of the incidents in the period. "Now" is feed time, so a replay gives the
statistics of the replayed days. The numbers come from dashboard/core/stats.py.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.core import stats
from dashboard.core.decisions import arrivals_in_words, in_words
from dashboard.core.response import REACHED, reach, response_summary, response_times
from dashboard.core.text import clock_time, duration
from dashboard.core.times import uk_clock
from dashboard.runtime import Runtime
from dashboard.ui.panels.stats_charts import (district_figure, heatmap_figure, response_figure, type_figure,
                                              utilisation_figure)
from dashboard.ui.panels.topbar import topbar

REFRESH_MS = 30_000
GRAPHS = ("stats-district", "stats-type", "stats-heatmap", "stats-utilisation", "stats-response")
RESPONSE_TITLE = ("Response times against the standards (opened to first unit on scene, m:ss; C1, C2: mean and "
                  "90th centile; C3, C4: 90th centile; police grades: median against the limit per incident)")


def held_for(seconds: float) -> str:
    """The closed-incident hold in words: '32 days', '1 h 00'."""
    return f"{seconds / 86400:g} days" if seconds >= 86400 else duration(seconds)


def response_note(hold_s: float) -> str:
    return ("Response times run from the incident opening to the first report of a unit assigned (dispatch) and "
            "on scene, as the feed reported them (times in the CSV). \"Within target\" judges each incident against "
            "the time its queue counts down (C1 7 min, C2 18 min: the standards' means, so not their pass mark); one "
            "no unit reached before that ran out, open or closed, missed it; one reopened is judged on its wait "
            f"since too. Closed incidents are held for {held_for(hold_s)} (JRU_CLOSED_KEEP_S), so \"all held\" is "
            "what the dashboard still holds, not the whole history.")


def _graph(id: str, title: str, lg: int = 6) -> dbc.Col:
    graph = dcc.Graph(id=id, config={"displaylogo": False}, style={"height": "300px" if lg == 6 else "360px"})
    return dbc.Col(dbc.Card(dbc.CardBody([html.H2(title, className="h6"), graph])),
                   lg=lg, className="mb-3")


def _date_box(id: str, label: str) -> list:
    """Text, not a date input: that shows the browser's locale's order (mm/dd/yyyy in en-US); this is UK only."""
    return [html.Label(label, htmlFor=id, className="mx-1"),
            dbc.Input(id=id, type="text", size="sm", debounce=True, placeholder="dd/mm/yyyy", style={"width": "8rem"})]


def layout(rt: Runtime) -> html.Div:
    return html.Div([
        topbar("Statistics"),
        html.Main(dbc.Container([
            html.Div([
                dbc.RadioItems(id="stats-period", value="7d", inline=True, className="btn-group flex-wrap",
                               inputClassName="btn-check", labelClassName="btn btn-outline-primary text-nowrap",
                               labelCheckedClassName="active",
                               options=[{"label": v, "value": k} for k, v in stats.PERIOD_LABEL.items()]),
                html.Span([*_date_box("stats-from", "From"), *_date_box("stats-to", "to")],
                          className="d-inline-flex align-items-center ms-2"),
                dbc.Button([html.I(className="bi bi-download me-2"), "Incidents CSV"], id="stats-csv-btn",
                           color="secondary", className="ms-3"),
                dcc.Download(id="stats-download"),
                html.Span(id="stats-note", className="ms-3 text-body-secondary"),
            ], className="d-flex align-items-center flex-wrap my-3"),
            dbc.Row(id="stats-kpis", className="mb-2 g-2"),
            dbc.Row([_graph("stats-district", "Incidents by district"), _graph("stats-type", "Incidents by type"),
                     _graph("stats-heatmap", "Incidents by hour of the week (opened, UK time)"),
                     _graph("stats-utilisation", "Unit utilisation now (share of units by status)"),
                     _graph("stats-response", RESPONSE_TITLE, lg=12)]),
            dbc.Alert(response_note(rt.settings.closed_keep_s), color="secondary", className="small",
                      id="stats-response-note"),
        ], fluid=True)),
        dcc.Interval(id="stats-tick", interval=REFRESH_MS),
    ])


def _kpi(label: str, value: str, sub: str = "", id: str | None = None) -> dbc.Col:
    body = dbc.CardBody([html.Div(label, className="small text-body-secondary"),
                         html.Div(value, className="fs-3 fw-bold", **({"id": id} if id else {})),
                         html.Div(sub, className="small text-body-secondary")])
    return dbc.Col(dbc.Card(body, className="h-100"), md=True)   # a row of tiles the same height


def within_words(a: dict) -> str:
    """What the on-scene tile counts, each part named: the times measured are first arrivals; the share within
    target is of the incidents judged (core/response.py), which include those no unit reached in time."""
    arrivals = f"{a['n_on_scene']} first arrival{'' if a['n_on_scene'] == 1 else 's'} measured"
    if not a["n_judged"]:
        return f"{arrivals} · none judged against a target yet"
    unreached = a["n_missed_unreached"]
    return (f"{arrivals} · {a['n_within']} of {a['n_judged']} within target "
            f"({100 * a['within_share']:.0f}%)" + (f"; the {a['n_judged']} include {unreached} no unit reached "
                                                   "in time" if unreached else ""))


def unseen_words(decisions: dict, dispatched: int) -> str:
    """The replay compares only dispatches a dashboard saw as they happened (the units' positions then): say
    so when the period had more (a demo's history, a night before the dashboard ran), not "1 dispatch" alone."""
    seen = decisions["decisions"] + decisions["no_suggestion"]
    return (f" (only dispatches seen as they happened: {dispatched} incidents were dispatched in this period)"
            if dispatched > seen else "")


def kpis(incidents: list[dict], response: dict, both: dict, decisions: dict, arrivals: dict) -> list:
    share = lambda x: "-" if x is None else f"{100 * x:.0f}%"   # noqa: E731
    a = response["all"]
    reached = sum(1 for i in incidents if reach(i) == REACHED)
    return [
        _kpi("Incidents opened", str(len(incidents)), f"{reached} reached by a unit", id="stats-kpi-incidents"),
        _kpi("Both services needed", share(both["share"]), f"{both['both']} with a category and a police grade"),
        _kpi("Median opened to on scene", clock_time(a["median_on_scene_s"]), within_words(a), id="stats-kpi-on-scene"),
        _kpi("Median opened to dispatch", clock_time(a["median_dispatch_s"]), f"{a['n_dispatch']} measured"),
        _kpi("Decision replay",
             f"{decisions['differ']} of {decisions['decisions']} differed" if decisions["decisions"] else "-",
             in_words(decisions) + unseen_words(decisions, a["n_dispatch"]), id="stats-kpi-decisions"),
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
    return stats.in_period(rt.views.stats_incidents(), start, end), start, end


def period_note(period: str, start: float | None, end: float, replay: bool, hold_s: float, now: float) -> str:
    """The period shown; and, when it reaches back past the closed-incident hold, that closed ones are missing."""
    at = lambda t: uk_clock(t, "%d %b %Y %H:%M")   # noqa: E731
    what = f"{at(start) if start else 'Everything held'}" if period == "dates" else stats.PERIOD_LABEL[period]
    short = (f". Closed incidents are held for {held_for(hold_s)} (JRU_CLOSED_KEEP_S): those closed before "
             f"{at(now - hold_s)} are not counted") if start is None or now - start > hold_s else ""
    return f"{what} to {at(end)} ({'replay' if replay else 'live'} feed time){short}"


def stats_view(rt: Runtime, period: str, first: str | None = None, last: str | None = None) -> tuple:
    incidents, start, end = period_incidents(rt, period, first, last)
    now, replay = rt.clock.now()
    response = response_summary(response_times(incidents, rt.decisions.all(), now))
    decisions, arrivals = rt.decisions.summary(start, end), rt.decisions.arrivals(start, end)
    note = period_note(period, start, end, replay, rt.settings.closed_keep_s, now)
    return (district_figure(incidents, list(rt.areas.names)), type_figure(incidents), heatmap_figure(incidents),
            utilisation_figure(rt.views.units(), rt.views.committed_units()), response_figure(response),
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
            return (*([no_update] * (len(GRAPHS) + 1)), "Dates not understood: type them as dd/mm/yyyy")

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
        name = f"jru-incidents-{period}-{uk_clock(now, '%Y%m%d-%H%M')}.csv"
        return dcc.send_string(stats.incidents_csv(incidents), name)
