"""Panel: the DEMO/REPLAY bar: replay clock, speed, pause, step, timeline seek,
and the decision-replay summary. Shown only while a replayer is running, so a
replay can never be mistaken for the live picture."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html, no_update

from dashboard.core.decisions import in_words
from dashboard.core.times import uk_clock, uk_moment

SPEEDS = (1, 10, 60, 600, 3600)


def _when(ts: float) -> str:
    # UK time, named, as the wall and unit history: the bar was in UTC, an hour from the wall's clock in summer
    return uk_clock(ts, "%a %d %b %Y %H:%M:%S %Z")


def replay_bar() -> html.Section:
    """The controls; `replay_state` fills in the text and hides the bar when not replaying."""
    return html.Section([
        html.Span("DEMO · REPLAY", className="px-2 me-3 fs-5", id="replay-badge"),
        html.Span(id="replay-clock", className="me-3 fw-bold fs-5 font-monospace"),
        dbc.ButtonGroup([
            dbc.Button(html.I(className="bi bi-pause-fill"), id="replay-pause", color="light", size="sm",
                       title="Pause / resume (space)", n_clicks=0),
            dbc.Button([html.I(className="bi bi-skip-forward-fill"), " 1 min"], id="replay-step", color="light",
                       size="sm", title="Step one minute", n_clicks=0),
        ], className="me-2"),
        html.Label("Replay speed", htmlFor="replay-speed", className="visually-hidden"),
        dbc.Select(id="replay-speed", options=[{"label": f"{s}x", "value": str(s)} for s in SPEEDS], value="1",
                   size="sm", style={"width": "90px"}, className="me-3"),
        html.Div(dcc.Slider(id="replay-timeline", min=0, max=1000, step=1, value=0, updatemode="mouseup",
                            marks=None, tooltip=None), className="me-2",
                 # gives way first: at 1366 px the bar fits one line
                 style={"flex": "1 1 140px", "minWidth": "140px", "maxWidth": "300px"},
                 title="Drag to seek", id="replay-timeline-box"),
        html.Div([   # one piece: on a narrow screen it wraps as a whole, never leaving "Go" alone on a line
            html.Label("Go to a time (UK time)", htmlFor="replay-seek-at", className="visually-hidden"),
            dbc.Input(id="replay-seek-at", type="text", size="sm", placeholder="dd/mm/yyyy hh:mm",
                      style={"width": "160px"}, className="me-1"),
            html.Span("UK time", className="small me-1"),
            dbc.Button("Go", id="replay-seek-go", size="sm", color="light", n_clicks=0),
        ], className="d-flex align-items-center me-3"),
        html.Span(id="replay-decisions", className="small"),
        html.Span(id="replay-error", className="small text-warning ms-2"),
        dcc.Store(id="replay-placed"),   # the speed and timeline the refresh last set (replay_command_for)
    ], id="replay-bar", className="jru-banner-demo d-none align-items-center px-2 py-1 flex-wrap",
        **{"aria-label": "Replay controls"})   # a section with a name: a landmark a screen reader can jump to


def replay_state(status: dict, summary: dict) -> tuple:
    """(bar class, clock text, paused icon, speed, decisions text, error, timeline position) from the
    replayer's status."""
    if not status:
        return "d-none", "", "bi bi-pause-fill", "1", "", "", 0
    paused = status.get("paused") == "1"
    clock = _when(float(status["ts"])) + ("  (paused)" if paused else "")
    decided = f"Decision replay: {in_words(summary)}" if summary.get("decisions") else ""
    return ("jru-banner-demo d-flex align-items-center px-2 py-1 flex-wrap", clock,
            "bi bi-play-fill" if paused else "bi bi-pause-fill", _speed(status), decided, status.get("error") or "",
            timeline_position(status))


def _speed(status: dict) -> str:
    return str(int(float(status.get("speed", 1))))


def speed_options(speed: str) -> list[dict]:
    """The speeds to pick from, with the one the replay runs at (`--demo-speed 30`: the box said 1x)."""
    speeds = sorted({*SPEEDS, int(speed)}) if speed.isdigit() else SPEEDS
    return [{"label": f"{s}x", "value": str(s)} for s in speeds]


def unless_same(value, shown):
    """The value for a control, or no_update when it already shows it (a control set by the refresh fires
    its own callback)."""
    return no_update if value == shown else value


def timeline_moment(status: dict, fraction_per_mille: int) -> float:
    start, end = float(status["span_start"]), float(status["span_end"])
    return start + (end - start) * fraction_per_mille / 1000.0


def timeline_title(status: dict) -> str:
    """The timeline's tooltip: the span it seeks over (a drag to the middle went to 2022 with no dates shown)."""
    try:
        start, end = float(status["span_start"]), float(status["span_end"])
    except (KeyError, ValueError):
        return "Drag to seek"
    return f"Drag to seek, {uk_clock(start, '%d %b %Y')} to {uk_clock(end, '%d %b %Y')} (UK time)"


def timeline_position(status: dict) -> int:
    """Where the replay is on the timeline, per mille of the history's span (the thumb sat at 0, in 2018, so
    one nudge seeked there and wiped the night)."""
    try:
        start, end, ts = float(status["span_start"]), float(status["span_end"]), float(status["ts"])
    except (KeyError, ValueError):
        return 0
    return round(1000 * min(1.0, max(0.0, (ts - start) / (end - start)))) if end > start else 0


def replay_command_for(trigger: str, status: dict, *, speed: str | None, timeline: int | None,
                       seek_at: str | None, placed: dict | None = None) -> tuple[str, object] | None:
    """The replay command a control means, or None when there is nothing to do (e.g. the speed box or the
    timeline changed because the refresh set it, not the user: `placed`, what it last set. The status it
    read may be a second old, just before the user's own seek: judged against the fresh one, the thumb it put
    back was a seek back)."""
    placed = placed if isinstance(placed, dict) else {}
    shown = {"replay-speed": ("speed", speed), "replay-timeline": ("position", timeline)}.get(trigger)
    if shown is not None and shown[1] == placed.get(shown[0]):
        return None
    if trigger == "replay-pause":
        return ("resume" if status.get("paused") == "1" else "pause", None)
    if trigger == "replay-step":
        return ("step", 1)
    if trigger == "replay-speed":
        return None if _speed(status) == speed else ("speed", speed)
    if trigger == "replay-timeline":   # one step is days: the refresh placing the thumb is no seek
        moved = abs((timeline or 0) - timeline_position(status)) > 1
        return ("seek", timeline_moment(status, timeline or 0)) if moved else None
    if trigger == "replay-seek-go" and seek_at:
        try:   # typed day first, UK time as the bar shows (a browser's date box follows its locale: mm/dd in en-US)
            return ("seek", uk_moment(seek_at))
        except ValueError as exc:
            return ("unreadable", str(exc))
    return None
