"""Panel: the queue of active incidents, most urgent and oldest first, each with
its suggested unit. Rows are buttons with pattern-matching ids for selection."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.ui.layers.common import TYPE_ICON, TYPE_LABEL, urgency_class, urgency_label
from dashboard.ui.text import duration, where


def queue_row(inc: dict, top: dict | None, selected: bool, show_summary: bool = True) -> dbc.ListGroupItem:
    if inc["status"] != "open":
        suggestion = html.Span(f"{inc['status'].replace('_', ' ')}: {inc['unit'] or '-'}", className="text-body-secondary")
    elif top and top["within_target"] is False:   # nobody available can make the response target
        suggestion = html.Span([html.I(className="bi bi-exclamation-triangle-fill me-1"),
                                f"{top['unit']} · {duration(top['eta_s'])} · misses target"],
                               className="fw-bold text-danger target-missed")
    elif top:
        suggestion = html.Span([html.I(className="bi bi-arrow-right-circle me-1"),
                                f"{top['unit']} · {duration(top['eta_s'])}"], className="fw-bold text-primary")
    else:
        suggestion = html.Span("no unit available", className="fw-bold text-danger")
    badge = urgency_label(inc["category"], inc["grade"])
    return dbc.ListGroupItem([
        html.Div([html.I(className=f"bi {TYPE_ICON.get(inc['type'] or 'other')} me-2"),
                  html.Strong(inc["incident"]), html.Span(f" · {TYPE_LABEL.get(inc['type'] or 'other')}"),
                  html.Span(badge, className=f"badge ms-2 urgency-badge urgency-{urgency_class(inc['urgency'])}")
                  if badge else None,
                  html.Span(duration(inc["age_s"]), className="float-end text-body-secondary")]),
        html.Div([html.Span(where(inc), className="me-2 incident-where"), suggestion], className="small"),
        html.Div(inc["summary"], className="small text-body-secondary text-truncate") if show_summary and inc["summary"] else None,
    ], id={"type": "incident-row", "incident": inc["incident"]}, action=True, n_clicks=0,
        className="incident-row" + (" active" if selected else ""))


QUEUE_ROWS = 40    # a screenful and more; the filters narrow the rest. Every row is layout the page
                   # walks on each update (150 rows cost a busy screen ~130 ms/s: docs/performance.md)


def incident_queue(incidents: list[dict], tops: dict[str, dict | None], selected: str | None) -> list:
    if not incidents:
        return [dbc.ListGroupItem("No incidents here", className="text-body-secondary")]
    rows = [queue_row(i, tops.get(i["incident"]), i["incident"] == selected) for i in incidents[:QUEUE_ROWS]]
    if len(incidents) > QUEUE_ROWS:
        rows.append(dbc.ListGroupItem(f"{len(incidents) - QUEUE_ROWS} more: narrow the list with the filters",
                                      className="text-body-secondary", id="queue-more"))
    return rows
