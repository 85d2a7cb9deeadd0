"""Panel: the feed-health strip: live / lagging / lost, last report, rejects."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.core.text import duration

LAGGING_S = 10.0


def feed_state(health: dict) -> str:
    """'live', 'lagging' (reader behind the stream) or 'lost' (Redis unreachable)."""
    if not health["redis"]["reachable"]:
        return "lost"
    if health["feed"]["lag_s"] > LAGGING_S:
        return "lagging"
    return "live"


def feed_health_strip(health: dict) -> list:
    state = feed_state(health)
    colour = {"live": "success", "lagging": "warning", "lost": "danger"}[state]
    age = health["feed"]["last_entry_age_s"]
    rejects = health["counts"]["rejects"]
    label = "REPLAY" if state == "live" and health["clock"]["replay"] else state.upper()
    parts = [dbc.Badge(label, color=colour, className="me-2 fs-6", id="feed-state"),
             html.Span(f"last report {duration(age)} ago" if age is not None else "no reports yet", className="me-3"),
             html.Span(f"lag {health['feed']['lag_s']:.1f} s", className="me-3") if state == "lagging" else None,
             html.Span(f"{rejects} rejected", className="me-3 text-danger fw-bold", id="reject-count")
             if rejects else None]
    if state == "lost":
        parts.append(html.Span(health["redis"]["error"] or "Redis unreachable", className="text-danger"))
    if health.get("data_lost"):   # LIVE, but what came before is gone from Redis
        parts.append(html.Div([html.I(className="bi bi-exclamation-triangle-fill me-1"), health["data_lost"]],
                              className="text-warning small fw-bold", id="data-lost"))
    for warning in health.get("warnings", []):
        parts.append(html.Div(warning, className="text-warning-emphasis small"))
    return parts
