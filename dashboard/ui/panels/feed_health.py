"""Panel: the feed-health strip: live / lagging / lost, last report, rejects."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.core.text import duration

LAGGING_S = 10.0
QUIET_S = 120.0   # no entry on any stream for this long: AVLs report every few seconds, so the feed is down
COLOUR = {"live": "success", "lagging": "warning", "quiet": "warning", "stuck": "danger", "lost": "danger"}
LABEL = {"quiet": "NO REPORTS", "stuck": "NOT READING"}


def feed_state(health: dict) -> str:
    """'lost' (Redis unreachable), 'stuck' (the reader no longer reads), 'lagging' (reader behind the
    stream), 'quiet' (nothing reached the streams for QUIET_S, outside a replay) or 'live'. A wall said LIVE
    in green through a dead feed and a stuck reader."""
    feed = health["feed"]
    if not health["redis"]["reachable"]:
        return "lost"
    if feed.get("reader_stuck"):
        return "stuck"
    if feed["lag_s"] > LAGGING_S:
        return "lagging"
    age = feed.get("last_entry_age_s")
    if not health["clock"]["replay"] and (age is None or age > QUIET_S):
        return "quiet"
    return "live"


def feed_health_strip(health: dict) -> list:
    state = feed_state(health)
    age = health["feed"]["last_entry_age_s"]
    rejects = health["counts"]["rejects"]
    label = "REPLAY" if state == "live" and health["clock"]["replay"] else LABEL.get(state, state.upper())
    quiet = " fw-bold text-warning" if state == "quiet" else ""
    # dark text on amber: Bootstrap's white on its warning yellow is 1.6:1 (axe)
    dark = {"text_color": "dark"} if COLOUR[state] == "warning" else {}
    parts = [dbc.Badge(label, color=COLOUR[state], className="me-2 fs-6", id="feed-state", **dark),
             html.Span(f"last report {duration(age)} ago" if age is not None else "no reports yet",
                       className="me-3" + quiet),
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
