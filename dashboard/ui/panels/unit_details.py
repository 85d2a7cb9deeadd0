"""Panel: one unit's details (crew, status, last fix, status history), opened by
clicking its marker."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.core.text import duration
from dashboard.core.times import uk_clock
from dashboard.ui.style import STATUS_LABEL

DETAILS_TITLE = "unit-details-title"   # the panel's title names it for a screen reader (aria-labelledby)


def details_title(text: str) -> html.Span:
    """The details panel's title: "Unit JRU-MW-1"."""
    return html.Span(text, id=DETAILS_TITLE)


def _clock(ts: float) -> str:
    # UK local time (BST in summer), as the control room's clocks and the wall show: UTC read an hour out
    return uk_clock(ts)


def unit_details(unit: dict | None, history: list[tuple], committed_to: str | None) -> list:
    if unit is None:
        return [html.P("Unit not found.")]
    crew = []
    if unit["officers"] is not None:
        crew.append(f"{unit['officers']} officer{'s' if unit['officers'] != 1 else ''}")
    if unit["paramedics"] is not None:
        crew.append(f"{unit['paramedics']} paramedic{'s' if unit['paramedics'] != 1 else ''}")
    fix = "no fix yet" if unit["lat"] is None else (
        f"{duration(unit['age_s'])} old" + (" (STALE)" if unit["stale"] else "") + f" · {unit['lat']:.5f}, {unit['lon']:.5f}")
    rows = [("Status", STATUS_LABEL.get(unit["status"], unit["status"])), ("Kind", unit["kind"]),
            ("Crew", ", ".join(crew) or "not reported"), ("Where", unit.get("near") or "-"), ("Last fix", fix),
            ("Committed to", committed_to or "-")]
    return [html.Table([html.Tr([html.Th(k, className="pe-3"), html.Td(v)]) for k, v in rows],
                       className="table table-sm", id="unit-details-table"),
            *_also_here(unit.get("here") or []),
            html.H3("Status history (UK time)", className="h6"),
            html.Ul([html.Li(f"{_clock(ts)} {STATUS_LABEL.get(st, st)}" + (f" - {why}" if why != "report" else ""))
                     for ts, st, why in reversed(history)], className="small", id="unit-history")]


def _also_here(units: list[dict]) -> list:
    """The units at the same spot, each opening its own details: on the map only the top dot can be clicked."""
    if not units:
        return []
    return [html.H3("Also here", className="h6"),
            html.Div([dbc.Button(f"{u['unit']} · {STATUS_LABEL.get(u['status'], u['status'])}" + (" (stale)" if u["stale"] else ""),
                                 id={"type": "unit-here", "unit": u["unit"]}, color="link", size="sm",
                                 className="d-block p-0 mb-1 text-start") for u in units], id="unit-here", className="mb-3")]
