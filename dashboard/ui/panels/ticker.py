"""Panel (wall display): the ticker of active incidents, those waiting for a unit first, then most urgent and oldest,
with their age and the time left to their response target (overdue in red, with
the word OVERDUE so colour is never the only sign; an open incident under two minutes old
marked NEW), and a warning under an incident whose unit may not be coming (core/attending.py).
Replaced whole on each update. The heading counts them all (`ticker_total`); rows the screen has no room for
are left out whole, never cut in half, and counted under the ticker (assets/wall.css, wall.js).

Example: `ticker(ticker_rows(rt.views.incidents("active")), show_summary=False)`.
"""
from __future__ import annotations

from dash import html

from dashboard.ui.layers.common import urgency_class, urgency_label
from dashboard.ui.style import DOUBT_ICON, TYPE_ICON, TYPE_LABEL
from dashboard.core.attending import Split
from dashboard.core.targets import time_left_s
from dashboard.core.text import call_signs, duration, where

MAX_ROWS = 12
NEW_S = 120   # an open incident younger than this is marked NEW: the room's eye goes to what just came in


def ticker_rows(incidents: list[dict], away_s: dict[str, float] | None = None, doubts: dict[str, str] | None = None,
                splits: dict[str, Split] | None = None, unsure: dict[str, list[str]] | None = None) -> list[dict]:
    """View model: one dict per active incident with its time left (None: no target, or on scene),
    from `away_s` (by incident) the ETA of the nearest unit on its way to it (backup, when on scene), from
    `doubts` (by incident) why its unit may not be coming, and from `splits` (by incident on scene with
    backup on its way) the units there and the backup (core/attending.py `scene_split`), and from `unsure` the
    units that may not be coming where another is (`unsure_of`)."""
    rows = []
    for i in incidents:
        if i["status"] == "closed":
            continue
        left = time_left_s(i["target_s"], i["age_s"], i["status"])
        rows.append({**i, "time_left_s": left, "overdue": left is not None and left < 0,
                     "away_s": (away_s or {}).get(i["incident"]), "split": (splits or {}).get(i["incident"]),
                     "doubt": (doubts or {}).get(i["incident"]), "unsure": (unsure or {}).get(i["incident"], [])})
    return rows


def _time_left(row: dict) -> html.Span | None:
    """Where the second line starts; none on scene, which the status says (in blue: `ticker_row`)."""
    if row["status"] == "on_scene":
        return None
    if row["time_left_s"] is None:
        return html.Span("no target", className="wall-left text-body-secondary")
    if row["overdue"]:
        return html.Span([html.I(className="bi bi-exclamation-triangle-fill me-1"),
                          f"OVERDUE {duration(-row['time_left_s'])}"], className="wall-left wall-overdue")
    return html.Span(f"{duration(row['time_left_s'])} left", className="wall-left")


def _whole_names(text: str) -> list:
    """The words of `text`, a call sign or incident id each in one piece (never "JRU-SW-" / "1")."""
    words = [html.Span(w, className="text-nowrap") if "-" in w else w for w in text.split(" ")]
    return [x for w in words for x in (" ", w)][1:]


def _units(row: dict) -> list[str | None]:
    """Who the incident has, and how far the nearest unit coming is. On scene, backup still on its way
    is named apart from the crew there ("on scene · JRU-MW-1, JRU-GR-1" read as both there while one was
    9 min away), with the nearest backup's ETA; with no crew there by its own reports, no ETA is said."""
    away = f"about {duration(row['away_s'])} away" if row.get("away_s") is not None else None
    unsure = row.get("unsure") or []
    apart = f"{call_signs(unsure)} may not be coming" if unsure else None
    if not row.get("split"):
        going = [u for u in row["units"] if u not in unsure]
        return [call_signs(going) if going else None, None if row["status"] == "on_scene" else away, apart]
    there, coming = row["split"]
    if away is None:
        way = "its way" if len(coming) == 1 else "their way"
        return [call_signs(there), f"backup {call_signs(coming)} on {way}", apart]
    return [call_signs(there), f"backup {call_signs(coming)} {away}" if len(coming) == 1
            else f"backup {call_signs(coming)}, the nearest {away}", apart]


def _dotted(parts: list) -> list:
    """The parts there are, " · " between them."""
    return [x for p in parts if p is not None for x in (" · ", p)][1:]


def ticker_row(row: dict, show_summary: bool) -> html.Div:
    badge = urgency_label(row["category"], row["grade"])
    # each part whole on its line: a call sign broken at its hyphen ("JRU-MW-" / "1") reads as two things
    parts = [row["status"].replace("_", " "), *_units(row)]
    done = " wall-left-done" if row["status"] == "on_scene" else ""   # in blue, where the time left would be
    status = [html.Span(p, className="text-nowrap" + (done if k == 0 else "")) for k, p in enumerate(parts) if p]
    status = _dotted(status)
    new = row["status"] == "open" and row["age_s"] < NEW_S
    # Read from across the room: the first line the urgency, id and type, each whole (what has no room goes
    # under it), and the age; the second how long is left, where, and who is going (assets/wall.css)
    return html.Div([
        html.Div([
            html.Span("NEW", className="wall-new") if new else None,
            html.Span(badge, className=f"incident-icon urgency-{urgency_class(row['urgency'])} wall-badge")
            if badge else None,
            html.I(className=f"bi {TYPE_ICON.get(row['type'] or 'other')}"),
            html.Strong(row["incident"]),
            html.Span(TYPE_LABEL.get(row["type"] or "other"), className="wall-row-type"),
        ], className="wall-row-main"),
        html.Div(duration(row["age_s"]), className="wall-age"),
        html.Div(_dotted([_time_left(row), html.Span(where(row, exact=show_summary), className="incident-where"),
                          html.Span(status, className="text-body-secondary")]), className="wall-row-sub"),
        html.Div(row["summary"], className="wall-row-summary incident-summary")
        if show_summary and row.get("summary") else None,
        html.Div([html.I(className=f"bi {DOUBT_ICON} me-2"), *_whole_names(row["doubt"])], className="wall-row-doubt")
        if row.get("doubt") else None,
    ], className="wall-row" + (" wall-row-overdue" if row["overdue"] else "") + (" wall-row-new" if new else "")
        + (" wall-row-doubted" if row.get("doubt") else ""),
        id=f"ticker-{row['incident']}")


def ticker(rows: list[dict], show_summary: bool, max_rows: int = MAX_ROWS) -> list:
    """The first `max_rows` rows, in the server's order. How many are not shown (these, and those the screen
    has no room for) is said under the ticker by assets/wall.js, from `ticker_total`: only the browser
    knows how many fit."""
    if not rows:
        return [html.Div("No active incidents", className="wall-row wall-empty")]
    return [ticker_row(r, show_summary) for r in rows[:max_rows]]


def ticker_total(rows: list[dict]) -> str:
    """For the ticker's heading ("ACTIVE INCIDENTS · 30"): all of them, however many the screen shows."""
    return f" · {len(rows)}"
