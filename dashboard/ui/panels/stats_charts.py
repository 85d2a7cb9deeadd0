"""The charts of /stats (ui/pages/stats.py), drawn from the numbers of core/stats.py and core/response.py.
One colour means one thing on every chart; an empty chart says so instead of drawing a bare axis."""
from __future__ import annotations

import math

import plotly.graph_objects as go

from dashboard.core import stats
from dashboard.core.response import NONE_SENT, REACHED, SENT, against_standards
from dashboard.core.text import clock_time
from dashboard.ui.style import OKABE_ITO, STATUS_COLOUR, STATUS_LABEL, TYPE_LABEL

REACH_COLOUR = {REACHED: OKABE_ITO[0], f"{SENT} yet": OKABE_ITO[4], f"{NONE_SENT} yet": OKABE_ITO[1],
                SENT: OKABE_ITO[3], NONE_SENT: "#8c8c8c"}
COMMITTED_LABEL = "Committed (says available)"
COMMITTED_COLOUR = OKABE_ITO[4]


def _layout(fig: go.Figure, **kw) -> go.Figure:
    kw.setdefault("legend", dict(orientation="h", y=-0.15))
    fig.update_layout(template="plotly_white", margin=dict(l=10, r=10, t=10, b=10), font=dict(size=14), **kw)
    return fig


def no_data(what: str) -> go.Figure:
    """An empty chart: its words in the middle, no axes (an empty response chart drew a -1..6 axis)."""
    fig = go.Figure()
    fig.add_annotation(text=what, showarrow=False, font=dict(size=16, color="#595959"), xref="paper", yref="paper",
                       x=0.5, y=0.5)
    return _layout(fig, xaxis=dict(visible=False), yaxis=dict(visible=False))


def _count_ticks(top: float) -> dict:
    """Ticks for a count of incidents: whole numbers only (plotly puts "0.5 incidents" on a small axis)."""
    return dict(tick0=0, dtick=1) if top <= 10 else dict(tickformat=",d")


def _reach_figure(labels: list[str], keys: list, split: dict[str, dict]) -> go.Figure:
    """Stacked bars of incidents by whether a unit reached them (core/response.py REACH)."""
    bars = [go.Bar(name=r, x=labels, y=[counts.get(k, 0) for k in keys], marker_color=REACH_COLOUR[r])
            for r, counts in split.items() if any(counts.values())]
    tops = [sum(b.y[n] for b in bars) for n in range(len(labels))]
    return _layout(go.Figure(bars), barmode="stack", yaxis=_count_ticks(max(tops, default=0)),
                   legend=dict(orientation="h", y=-0.15, traceorder="normal"))   # "Reached" first, as stacked


def district_figure(incidents: list[dict], districts: list[str]) -> go.Figure:
    if not incidents:
        return no_data("No incidents opened in this period")
    every = stats.by_district(incidents, districts)
    return _reach_figure(list(every), list(every), stats.by_reach(incidents, lambda i: stats.by_district(i, districts)))


def type_figure(incidents: list[dict]) -> go.Figure:
    """By type, split as the districts are; an incident with no type is "Not stated", not "Other"."""
    if not incidents:
        return no_data("No incidents opened in this period")
    every = stats.by_type(incidents)
    return _reach_figure([TYPE_LABEL.get(k, k) for k in every], list(every), stats.by_reach(incidents, stats.by_type))


def heatmap_figure(incidents: list[dict]) -> go.Figure:
    if not incidents:
        return no_data("No incidents opened in this period")
    z = stats.hour_of_week(incidents)
    return _layout(go.Figure(go.Heatmap(z=z, x=list(range(24)), y=list(stats.DAYS), colorscale="Cividis",
                                        colorbar=_count_ticks(max(map(max, z), default=0)),
                                        hovertemplate="%{y} %{x}:00 · %{z}<extra></extra>")),
                   yaxis=dict(autorange="reversed"), xaxis=dict(dtick=2, title="hour"))


def response_figure(summary: dict) -> go.Figure:
    """Per group, the statistic its standard names (C1, C2: mean and 90th centile; C3, C4: 90th centile; a police
    grade: the median, against its limit per incident) as a bar, and the standard's figure as an outlined bar
    beside it (a marker on top struck through the bar's label). m:ss labels: 7:29 never reads "7" beside 7."""
    shown = [s for s in against_standards(summary) if s["value_s"] is not None]
    if not shown:
        return no_data("No unit reached an incident in this period")
    x = [f"{s['group']}<br>{s['statistic']}" for s in shown]
    minutes = lambda s: None if s is None else max(s / 60, 0.1)   # noqa: E731  a log axis has no 0
    hover = [f"{s['group']} {s['statistic']} {clock_time(s['value_s'])} over {s['n']} reached; "
             f"median opened to dispatch {clock_time(s['median_dispatch_s'])}" for s in shown]
    fig = go.Figure([
        go.Bar(name="Opened to on scene", x=x, y=[minutes(s["value_s"]) for s in shown], marker_color=OKABE_ITO[0],
               text=[clock_time(s["value_s"]) for s in shown], textposition="outside", cliponaxis=False,
               hovertext=hover, hoverinfo="text"),
        go.Bar(name="Target", x=x, y=[minutes(s["target_s"]) for s in shown], marker_color="white",
               marker_line=dict(color=OKABE_ITO[5], width=2), marker_pattern=dict(shape="/", fgcolor=OKABE_ITO[5]),
               text=[clock_time(s["target_s"]) for s in shown], textposition="outside", cliponaxis=False),
    ])
    # log minutes: C1's 7 min and C4's 3 hours both readable; the foot well under the lowest bar, so a
    # 1-minute bar has height (at the foot it had none)
    values = [v for t in fig.data for v in t.y if v is not None]
    low, top = math.log10(min(values + [1.0])) - 0.3, math.log10(max(values)) + 0.25
    return _layout(fig, barmode="group", bargroupgap=0.05, uniformtext=dict(minsize=11, mode="show"),
                   yaxis=dict(title="minutes (log scale)", type="log", range=[low, top],
                              tickvals=[0.1, 0.5, 1, 2, 5, 10, 20, 60, 120, 240, 480]))


def utilisation_figure(units: list[dict], committed: dict[str, str]) -> go.Figure:
    """Units by status now; one committed to an incident but reporting available is shown apart, as busy
    (the suggestions leave it out). Percents add up to 100."""
    if not units:
        return no_data("No units reporting")
    statuses = ["available", stats.COMMITTED, *[s for s in STATUS_COLOUR if s != "available"]]
    shares = stats.unit_utilisation(units, statuses, committed)
    keys = [k for k in shares if shares[k] or k != stats.COMMITTED]
    label = {**STATUS_LABEL, stats.COMMITTED: COMMITTED_LABEL}
    colour = {**STATUS_COLOUR, stats.COMMITTED: COMMITTED_COLOUR}
    percents = stats.whole_percents([shares[k] for k in keys])
    return _layout(go.Figure(go.Bar(x=[label.get(k, k) for k in keys], y=[100 * shares[k] for k in keys],
                                    marker_color=[colour.get(k, "#999") for k in keys],
                                    text=[f"{p}%" for p in percents], textposition="outside", cliponaxis=False)),
                   yaxis=dict(title="% of units", range=[0, 115], tickvals=[0, 25, 50, 75, 100]))
