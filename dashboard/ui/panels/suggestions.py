"""Panel: the selected incident's suggested units (ETA, distance, why) with
Accept buttons, and the units left out with the reason."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.ui.layers.common import urgency_class, urgency_label
from dashboard.ui.style import DOUBT_ICON, TYPE_ICON, TYPE_LABEL
from dashboard.core.ranking import FIRST_CHOICE
from dashboard.core.records import ATTENDED
from dashboard.core.attending import no_unit_coming
from dashboard.core.text import call_signs, distance, duration, where
from dashboard.core.times import from_iso


def _target_line(ranking: dict) -> html.Div | None:
    if ranking.get("target_s") is None:
        return None
    left = ranking["time_left_s"]
    # past the target it says by how much ("0 s left" on an incident 35 min overdue read as on time)
    when = "" if left is None else f"{duration(left)} left" if left >= 0 else f"overdue by {duration(-left)}"
    if ranking["reachable_in_time"] is False:
        return dbc.Alert([html.I(className="bi bi-exclamation-triangle-fill me-2"),
                          f"No available unit can reach it within target ({duration(ranking['target_s'])}"
                          f"{'; ' + when if when else ''})"], color="danger", className="py-2 mb-2",
                         id="target-alert")
    return html.Div(f"Target {duration(ranking['target_s'])}{', ' + when if when else ''}",
                    className="small text-body-secondary mb-2")


SPREAD_TITLE = ("How far off the ETA may be: measured against real drive times, 9 in 10 came within the "
                "model's error; more as the unit's last fix ages")
NEAR_TITLE = "The target falls inside the ETA's ±: the unit may make it or miss it"


def target_label(s: dict) -> tuple[str, str]:
    """(what the row says of the target, its colour class): amber when the target falls inside the ETA's ±."""
    if s["within_target"] is None:
        return "", ""
    word = "within" if s["within_target"] else "misses"
    if s.get("near_target"):
        return f"just {word} target", "text-warning-emphasis"
    return f"{word} target", "text-success" if s["within_target"] else "text-danger"


def suggestion_row(s: dict, incident: str, can_accept: bool) -> html.Tr:
    target, colour = target_label(s)
    return html.Tr([
        html.Td(html.Strong(f"{s['rank']}. {s['unit']}")),
        html.Td([html.Strong(duration(s["eta_s"]), className="text-nowrap"),
                 html.Div(f"± {duration(s['eta_spread_s'])}, fix {duration(s['fix_age_s'])} old",
                          className="small text-body-secondary", title=SPREAD_TITLE)]),
        html.Td(distance(s["distance_m"])),
        # the why in a word or two (distance, ETA and fix have their own columns); the whole reason on hover
        html.Td([html.Div(", ".join(filter(None, [FIRST_CHOICE if s["rank"] == 1 else "", s.get("route", "")])),
                          className="small", title=s["reason"]),
                 html.Div(f"also top for {s['also_top_for']}", className="small text-warning-emphasis fw-bold")
                 if s.get("also_top_for") else None,
                 html.Div(target, className=f"small {colour}", title=NEAR_TITLE if s.get("near_target") else None)
                 if target else None]),
        # no Dash id: the click is caught in the browser (assets/accept.js) and sent through a store
        # outside this panel, so a redraw landing between the click and its callback cannot lose it
        html.Td(html.Button("Accept" if s["rank"] == 1 else "Send", type="button", disabled=not can_accept,
                            className="btn btn-sm accept-button " + ("btn-primary" if s["rank"] == 1
                                                                     else "btn-outline-primary"),
                            **{"data-incident": incident, "data-unit": s["unit"]})),
    ], className="suggestion-row")


FOLDS = ("send-another", "left-out")


def opened_folds(panel_open: object, incident: str | None) -> list[str]:
    """The folds the browser says the officer has open for this incident (store panel-open:
    {"incident", "open": [ids]}); anything else (another incident's, a forged value) opens none."""
    if not isinstance(panel_open, dict) or panel_open.get("incident") != incident:
        return []
    ids = panel_open.get("open")
    return [f for f in FOLDS if isinstance(ids, list) and f in ids]


def _fold(id: str, summary: str, children: list, incident: str, opened) -> html.Details:
    """A fold of the panel. The panel is redrawn as the picture changes (every second when busy), so
    the browser notes which folds the officer opened (assets/suggestion_panel.js) and they are drawn open."""
    return html.Details([html.Summary(summary), *children], id=id, open=id in opened,
                        **{"data-incident": incident})


def age_line(incident: dict) -> str:
    """E.g. "open 6 min · assigned"; a closed one says when it closed ("open 754 h" read as still open)."""
    if incident["status"] != "closed":
        # "open 6 min · open" said it twice: an open incident is waiting for its first unit
        state = "no unit yet" if incident["status"] == "open" else incident["status"].replace("_", " ")
        return f"open {duration(incident['age_s'])} · {state}"
    closed, opened = from_iso(incident.get("closed_at")), from_iso(incident.get("opened"))
    if closed is None or opened is None:
        return "closed"
    # the feed's now (opened + age), not the wall clock: a replay runs in its own time
    ago = max(0.0, incident["age_s"] - (closed - opened))
    return f"closed {duration(ago) if ago < 48 * 3600 else f'{round(ago / 86400)} days'} ago"


def suggestion_panel(incident: dict | None, ranking: dict | None, can_accept: bool = True,
                     attending: list[tuple[str, str | None]] = (), away_s: dict[str, float] | None = None,
                     opened=(), split: tuple[list[str], list[str]] | None = None) -> list:
    """The selected incident, then who should go. `attending`: each unit sent, with why it may not be
    coming (core/attending.py); `away_s`: by unit, the ETA of those on their way; `opened`: ids of the
    folds ("send-another", "left-out") the officer has open; `split`: on scene, the units there and the
    backup on its way (core/attending.py `scene_split`)."""
    if incident is None:
        return [html.Div("Select an incident to see which unit should go.", className="text-body-secondary p-2")]
    urgency = urgency_label(incident["category"], incident["grade"])
    head = html.Div([
        html.H2([html.I(className=f"bi {TYPE_ICON.get(incident['type'] or 'other')} me-2"), incident["incident"],
                 html.Small(f" {TYPE_LABEL.get(incident['type'] or 'other')}", className="text-body-secondary"),
                 html.Span(urgency, className=f"badge ms-2 urgency-badge urgency-{urgency_class(incident['urgency'])}",
                           id="selected-urgency") if urgency else None], className="h5 mb-1"),   # under the page's h1
        html.Div(f"{where(incident)} · {age_line(incident)}"
                 + (f" ({', '.join(incident['units'])})" if incident["units"] else ""),
                 className="small mb-1"),
        html.Div(incident["summary"] or "", className="small mb-2 incident-summary"),
    ], className="selected-incident")
    if ranking is None or incident["status"] == "closed":
        return [head, html.Div("Closed: no suggestions.", className="text-body-secondary")]
    rows = [suggestion_row(s, incident["incident"], can_accept and incident["status"] != "closed")
            for s in ranking["suggestions"]]
    columns = html.Thead(html.Tr([html.Th("Unit"), html.Th("ETA"), html.Th("Distance"), html.Th("Why"),
                                  html.Th(html.Span("Accept", className="visually-hidden"))]))   # named, though unseen
    table = dbc.Table([columns, html.Tbody(rows)], size="sm", hover=True,
                      className="mb-2", id="suggestion-table") if rows else dbc.Alert(
        "No available joint unit can be suggested.", color="warning", className="py-2")
    excluded = [html.Li([html.Strong(e["unit"]), f": {e['detail']}"], className="small") for e in ranking["excluded"]]
    left_out = _fold("left-out", f"Left out ({len(excluded)})", [html.Ul(excluded, id="excluded-list")],
                     incident["incident"], opened) if excluded else None
    if incident["status"] in ATTENDED:
        # Already has a unit: say so first; more units stay one click away, as backup (their lines on
        # the map show only while this is open: layers/suggestions.py).
        return [head, *assigned_alerts(incident, list(attending), away_s or {}, split),
                _fold("send-another", send_another_label(list(attending)), [table, left_out],
                      incident["incident"], opened)]
    return [head, _target_line(ranking), table, left_out]


def _call_sign(unit: str) -> html.Button:
    """A unit's call sign that opens its details: on the map its dot is under the incident's pin."""
    return html.Button(unit, id={"type": "unit-sent", "unit": unit}, title=f"Details of {unit}",
                       className="btn btn-link p-0 align-baseline text-reset call-sign",
                       **{"aria-label": f"{unit}, details"})   # a screen reader says what it opens


def _unit_line(unit: str, why: str | None, away_s: float | None, role: str = "") -> html.Li:
    if why:
        said = [_call_sign(unit), why[len(unit):]] if why.startswith(unit) else [why]
        return html.Li([html.I(className=f"bi {DOUBT_ICON} me-1"), *said], className="attending-unit unit-doubt")
    return html.Li([_call_sign(unit), role,
                    f" · en route, about {duration(away_s)} away" if away_s is not None else ""],
                   className="attending-unit")


def _count(attending: list, split: tuple[list[str], list[str]] | None, status: str) -> str:
    """"On scene: 2 units" read as both crews there while the backup was 9 min off, or while it reported
    available since it was sent (the line below it said so: the heading must not count it)."""
    if not split:
        doubted = sum(1 for _, why in attending if why)
        if doubted and doubted < len(attending):
            sure = len(attending) - doubted
            return f"{status}: {sure} unit{'s' * (sure > 1)}, and {doubted} sent that may not be coming"
        return f"{status}: {len(attending)} units"
    there, coming = split
    units, way = "unit" if len(there) == 1 else "units", "its" if len(coming) == 1 else "their"
    return f"{status}: {len(there)} {units} there, {len(coming)} backup on {way} way"


def assigned_alerts(incident: dict, attending: list[tuple[str, str | None]], away_s: dict[str, float],
                    split: tuple[list[str], list[str]] | None = None) -> list:
    """The units the incident has, and the ETA of each on its way. With no unit sure to be coming
    (core/attending.py) none is said to be coming (the green "en route, about 5 min away" outweighed
    the warning below it); one in doubt beside another that is coming is said so on its own line; on scene,
    the crew there apart from the backup on its way (`split`)."""
    doubt = no_unit_coming(attending)
    status = incident["status"].replace("_", " ").capitalize()
    role = dict.fromkeys(split[0], " · there") | dict.fromkeys(split[1], " · backup") if split else {}
    if len(attending) > 1:
        has = [_count(attending, split, status), html.Ul(
            [_unit_line(u, None if doubt else why, None if doubt else away_s.get(u), role.get(u, ""))
             for u, why in attending], className="mb-0 ps-3")]
    else:
        away = away_s.get(incident["unit"]) if incident["unit"] and not doubt else None
        has = [f"{status}: ", _call_sign(incident["unit"]) if incident["unit"] else "-",
               f" · en route, about {duration(away)} away" if away else ""]
    icon = "bi-question-circle-fill" if doubt else "bi-check-circle-fill"
    # role "status", not dbc.Alert's "alert": the panel is redrawn as the ETA ticks down, and a screen
    # reader broke into whatever it was saying at each new minute
    return [html.Div([html.I(className=f"bi {icon} me-2"), *has], role="status", id="assigned-alert",
                     className=f"alert alert-{'warning' if doubt else 'success'} py-2 mb-2"),
            html.Div([html.I(className=f"bi {DOUBT_ICON} me-2"), doubt], role="status", id="attending-doubt",
                     className="alert alert-warning py-2 mb-2") if doubt else None]


def send_another_label(attending: list[tuple[str, str | None]]) -> str:
    """The fold's words: a unit sent from here joins those the incident has (backup); none is replaced."""
    coming = [u for u, why in attending if why is None]
    if coming:
        return f"Send another unit (backup for {call_signs(coming)})"
    if attending:
        return f"Send another unit ({call_signs([u for u, _ in attending])} may not be coming)"
    return "Send a unit"
