"""Panel: the queue of active incidents (waiting for a unit first; then most urgent, oldest), each with its
suggested unit (or the unit sent, with a warning when it may not be coming). The server
sends the rows as data, every word already formatted here;
assets/queue.js draws them and rebuilds only the rows that changed (a busy queue is
one data prop for the Dash renderer, not 40 rows of layout: docs/performance.md).
Clicking a row selects its incident."""
from __future__ import annotations

from dash import dcc, html

from dashboard.core.attending import Split
from dashboard.core.targets import time_left_s
from dashboard.core.text import call_signs, duration, where
from dashboard.ui.layers.common import urgency_class, urgency_label
from dashboard.ui.panels.suggestions import age_line   # one rule for "closed N ago"
from dashboard.ui.style import DOUBT_ICON, TYPE_ICON, TYPE_LABEL

QUEUE_ROWS = 40    # a screenful and more; the filters narrow the rest


def queue_panel() -> list:
    """The queue's box (filled by assets/queue.js), the note that its order is held while the mouse is
    on it (below the rows: appearing, it moves none of them), the words a screen reader says of a new
    urgent incident, its data and what the browser last drew."""
    return [html.Div(id="incident-queue", className="list-group queue flex-grow-1"),
            html.Div([html.I(className="bi bi-pause-circle me-1"), "New order held while the pointer is on the list"],
                     id="queue-held", className="d-none small fw-bold queue-held", role="status"),
            # a new C1 / immediate incident in words, for a screen reader (assets/queue.js)
            html.Div(id="queue-announce", className="visually-hidden",
                     **{"aria-live": "assertive", "aria-atomic": "true"}),
            dcc.Store(id="queue-data"), dcc.Store(id="queue-drawn")]


def _note(inc: dict, top: dict | None, split: Split | None = None,
          unsure: list[str] = ()) -> tuple[str, str, str | None]:
    """(text, class, icon) of the row's second line: who would go, or who went (on scene, the backup
    still on its way apart from the crew there: `split`, core/attending.py `scene_split`; those that may
    not be coming, where another is, apart: `unsure`)."""
    apart = f" · {call_signs(unsure)} may not be coming" if unsure else ""
    if split:
        there, coming = split
        way = "its way" if len(coming) == 1 else "their way"
        return (f"on scene: {call_signs(there)} · backup {call_signs(coming)} on {way}{apart}", "text-body-secondary",
                None)
    if inc["status"] != "open":
        going = [u for u in inc["units"] if u not in unsure]
        return f"{inc['status'].replace('_', ' ')}: {call_signs(going)}{apart}", "text-body-secondary", None
    if top and top["within_target"] is False:   # nobody available can make the response target
        return (f"{top['unit']} · {duration(top['eta_s'])} · misses target", "fw-bold text-danger target-missed",
                "bi-exclamation-triangle-fill")
    if top:
        return f"{top['unit']} · {duration(top['eta_s'])}", "fw-bold text-primary", "bi-arrow-right-circle"
    return "no unit available", "fw-bold text-danger", None


def _left(inc: dict) -> tuple[str | None, bool]:
    """(time left to the response target in words, overdue), as the wall says it; None: no target or on scene."""
    left = time_left_s(inc["target_s"], inc["age_s"], inc["status"])
    if left is None:
        return None, False
    return (f"OVERDUE {duration(-left)}", True) if left < 0 else (f"{duration(left)} left", False)


def queue_row(inc: dict, top: dict | None, doubt: str | None = None, split: Split | None = None,
              unsure: list[str] = ()) -> dict:
    note, note_class, note_icon = _note(inc, top, split, unsure)
    left, overdue = _left(inc)
    kind = inc["type"] or "other"
    return {"id": inc["incident"], "icon": TYPE_ICON.get(kind, TYPE_ICON["other"]), "type": TYPE_LABEL.get(kind, kind),
            "badge": urgency_label(inc["category"], inc["grade"]), "urgency": urgency_class(inc["urgency"]),
            # a closed one says when it closed, as its panel does ("754 h" read as open a month)
            "age": age_line(inc) if inc["status"] == "closed" else duration(inc["age_s"]), "area": where(inc),
            "note": note, "note_class": note_class, "note_icon": note_icon, "summary": inc["summary"] or "",
            "open": inc["status"] == "open", "left": left, "overdue": overdue,
            "doubt": doubt, "doubt_icon": DOUBT_ICON if doubt else None}


def queue_data(incidents: list[dict], tops: dict[str, dict | None], waiting: int = 0,
               doubts: dict[str, str] | None = None, splits: dict[str, Split] | None = None,
               unsure: dict[str, list[str]] | None = None) -> dict:
    """The first QUEUE_ROWS incidents as rows, how many more the filters would show, and `waiting`:
    how many incidents have no unit yet, whatever the filters (the page's title says it).
    `doubts`: by incident, why its unit may not be coming; `splits`: by incident on scene with backup on
    its way, (the units there, the backup); `unsure`: by incident, the units that may not be coming where
    another is (core/attending.py `unsure_of`)."""
    more = len(incidents) - QUEUE_ROWS
    return {"rows": [queue_row(i, tops.get(i["incident"]), (doubts or {}).get(i["incident"]),
                               (splits or {}).get(i["incident"]), (unsure or {}).get(i["incident"], []))
                     for i in incidents[:QUEUE_ROWS]],
            "more": f"{more} more: narrow the list with the filters" if more > 0 else None, "waiting": waiting}
