"""Duty officer view (`/`): map, incident queue, suggestions with Accept.

Callbacks stay thin: the view-model functions below gather what they show
from the services (rt.views, rt.rankings, ...); the panels render it.
"""
from __future__ import annotations

import time

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.auth.who import VIEWER, current_user
from dashboard.core.attending import doubts_of, unsure_of
from dashboard.core.records import ATTENDED
from dashboard.runtime import Runtime
from dashboard.service.assignments import NOT_CONFIRMED
from dashboard.ui.layers.incidents import incidents_geojson
from dashboard.ui.layers.suggestions import DRAWN, attending_line, suggestion_lines
from dashboard.ui.map import north_kent_map
from dashboard.ui.pages import officer_overlays
from dashboard.ui.panels.feed_health import feed_health_strip
from dashboard.ui.panels.incident_queue import QUEUE_ROWS, queue_data, queue_panel
from dashboard.ui.panels.legend import legend
from dashboard.ui.panels.place_search import search_box
from dashboard.ui.panels.queue_filters import apply_filters, queue_filters
from dashboard.ui.panels.sound_toggle import sound_toggle
from dashboard.ui.panels.unit_details import DETAILS_TITLE, details_title, unit_details
from dashboard.ui.panels.replay_controls import (replay_bar, replay_command_for, replay_state, speed_options,
                                                  timeline_title, unless_same)
from dashboard.ui.panels.suggestions import opened_folds, suggestion_panel
from dashboard.ui.panels.topbar import topbar

CHECK_MS = 1000     # how often the page looks at the pushed change counters (no request)


def layout(rt: Runtime) -> html.Div:
    return html.Div([
        # first in the tab order, seen only when focused: past the map's shapes (assets/keys.js)
        html.A("Skip to the incidents", href="#incident-queue", className="skip-link visually-hidden-focusable",
               **{"data-skip": "incidents"}),
        html.A("Skip to the suggestions", href="#suggestion-panel", className="skip-link visually-hidden-focusable",
               **{"data-skip": "suggestions"}),
        topbar("Duty officer"),
        replay_bar(),
        html.Main([   # the page's main landmark: the map, the selected incident and the queue
            html.Div([north_kent_map(rt.areas, tiles=rt.settings.tiles, live_units=True,
                                     overlays=officer_overlays.overlay_layers(rt)), legend(), search_box(),
                      officer_overlays.overlay_panel()],   # html.Div(id="coverage-share") + its timer
                     className="officer-map position-relative flex-grow-1", style={"minWidth": 0}),
            html.Div([
                dbc.Card(dbc.CardBody(id="suggestion-panel", children=suggestion_panel(None, None)),
                         className="mb-2 suggestion-card"),
                html.H2(["Incidents", html.Small("  j/k move · a accept · ? keys", className="text-body-secondary"),
                         sound_toggle()],
                        className="h6 px-1 mb-1"),
                html.Div("Keys: / search a postcode or place · j or ↓ next incident · k or ↑ previous · "
                         "a or Enter accept the top suggestion (Enter on another row chooses it) · "
                         "Esc close unit details · Space pause / resume a replay", id="keys-help",
                         className="d-none small alert alert-info py-1"),
                queue_filters(list(rt.areas.names)),
                *queue_panel(),
            ], className="officer-side d-flex flex-column p-2"),
        ], className="officer-body d-flex flex-grow-1", style={"minHeight": 0}),
        dcc.Store(id="selected-incident"), dcc.Store(id="seen-version"), dcc.Store(id="unit-click"),
        dcc.Store(id="map-version"), dcc.Store(id="selection-seen"), dcc.Store(id="panel-open"),
        dcc.Store(id="feed-stamp"), dcc.Store(id="replay-stamp"), dcc.Store(id="selection-stamp"),
        dcc.Store(id="poll-stamp"), dcc.Store(id="selection-in-view"), dcc.Store(id="accept-request"),
        dcc.Store(id="unit-details-stamp"),
        dcc.Interval(id="tick", interval=CHECK_MS),   # one timer: each tick costs the page a pass over its layout
        dbc.Offcanvas(id="unit-details", title=details_title("Unit"), labelledby=DETAILS_TITLE, placement="end",
                      is_open=False, scrollable=True),
        html.Div(id="toast-area", className="position-fixed end-0 p-3", style={"zIndex": 2000}),
    ], className="officer-page d-flex flex-column")


def picture_view(rt: Runtime, district: str = "", type_: str = "", status: str = "active") -> tuple:
    """The queue's rows (as filtered, with each open incident's top suggestion) and the feed
    health. The map's incidents have their own callback; units come by push (dashboard/web/push/)."""
    queued = apply_filters(rt.views.queue(None if status == "all" else status),
                           district, type_)
    shown = queued[:QUEUE_ROWS]
    tops = rt.rankings.queue_tops([i["incident"] for i in shown if i["status"] == "open"])
    attending = rt.views.attendances([i["incident"] for i in shown if i["status"] != "open"])
    health, _ = rt.health.report()
    return (queue_data(queued, tops, waiting=rt.picture.counts()["open_incidents"], doubts=doubts_of(attending),
                       splits=rt.views.scene_splits(attending), unsure=unsure_of(attending)),
            feed_health_strip(health))


def selection_view(rt: Runtime, selected: str | None, opened: list[str] = ()) -> tuple:
    """The selected incident's panel and suggestion lines; `opened`: the panel's folds the officer
    has open (assets/suggestion_panel.js), kept open when it is redrawn."""
    incident = rt.views.incident_by_id(selected)
    ranking = rt.rankings.suggestions_json(selected) if incident else None
    if not ranking:
        return suggestion_panel(incident, ranking, opened=opened), {"type": "FeatureCollection", "features": []}
    attending = rt.views.attendance(selected)     # each unit sent, with why it may not be coming
    # a unit that may not be coming is not drawn on its way here (nor timed)
    on_way = rt.rankings.en_route(selected, [u for u, why in attending if why is None])
    names = [s["unit"] for s in ranking["suggestions"]]
    lines = suggestion_lines(incident, ranking["suggestions"], rt.views.units_by_name(names),
                             rt.rankings.routes(selected, names[:DRAWN]), standby=incident["status"] in ATTENDED)
    lines["features"] += [attending_line(*e) for e in on_way]
    split = rt.views.scene_splits({selected: attending}).get(selected)   # the crew there, the backup coming
    return suggestion_panel(incident, ranking, attending=attending, away_s={u: eta for u, eta, _ in on_way},
                            opened=opened, split=split), lines


def clicked_incident(click) -> str | None:
    """The incident id in a map click's feature (dash-leaflet's clickData), None for anything else."""
    props = click.get("properties") if isinstance(click, dict) else None
    incident = props.get("incident") if isinstance(props, dict) else None
    return incident if isinstance(incident, str) else None


def register(app, rt: Runtime) -> None:
    # The server is asked only when the pushed change counters moved (assets/feed_stamp.js).
    app.clientside_callback(ClientsideFunction("jru_feed", "stamp"), Output("feed-stamp", "data"),
                            Input("tick", "n_intervals"), State("feed-stamp", "data"))
    app.clientside_callback(ClientsideFunction("jru_feed", "replay"), Output("replay-stamp", "data"),
                            Input("tick", "n_intervals"), State("replay-stamp", "data"))
    app.clientside_callback(ClientsideFunction("jru_feed", "selection"), Output("selection-stamp", "data"),
                            Input("tick", "n_intervals"), State("selected-incident", "data"))
    app.clientside_callback(ClientsideFunction("jru_feed", "poll"), Output("poll-stamp", "data"),
                            Input("tick", "n_intervals"))
    app.clientside_callback(ClientsideFunction("jru_legend", "start"), Output("legend", "open"),
                            Input("legend", "id"))   # once, at load: folded on a short window
    app.clientside_callback(ClientsideFunction("jru_selection", "show"), Output("selection-in-view", "data"),
                            Input("selected-incident", "data"))   # off the map: brought into view

    @app.callback(Output("map-incidents", "data"), Output("map-version", "data"), Input("poll-stamp", "data"),
                  State("map-version", "data"), prevent_initial_call=True)
    def refresh_map(_, seen):
        """The map's incidents, only when the page has no push (they come with the units otherwise)."""
        stamp = [rt.picture.versions().incidents, int(rt.clock.now()[0] // 5)]
        if stamp == seen:
            raise PreventUpdate
        return incidents_geojson(rt.views.incidents("active")), stamp

    @app.callback(Output("queue-data", "data"), Output("feed-health", "children"), Output("seen-version", "data"),
                  Input("feed-stamp", "data"), Input("filter-district", "value"), Input("filter-type", "value"),
                  Input("filter-status", "value"), State("seen-version", "data"))
    def refresh(_, district, type_, status, seen):
        v = rt.picture.versions()   # unit moves show in the queue's ETAs within 5 s; statuses and incidents at once
        stamp = [v.incidents, v.unit_statuses, int(rt.clock.now()[0] // 5), rt.health.connected(),
                 district, type_, status]
        if stamp == seen:
            raise PreventUpdate
        return (*picture_view(rt, district, type_, status), stamp)

    # The rows are drawn in the browser (assets/queue.js); choosing one needs no server call.
    app.clientside_callback(ClientsideFunction("jru_queue", "render"), Output("queue-drawn", "data"),
                            Input("queue-data", "data"), Input("selected-incident", "data"))

    @app.callback(Output("unit-details", "children"), Output("unit-details", "title"),
                  Output("unit-details", "is_open"), Input("unit-click", "data"), prevent_initial_call=True)
    def show_unit(click):
        if not (isinstance(click, dict) and isinstance(click.get("unit"), str)):
            raise PreventUpdate   # nothing clicked, or a forged request
        return unit_details(*rt.views.unit_details(click["unit"])), details_title(f"Unit {click['unit']}"), True

    # The unit's details follow its news only while open: the browser passes the feed stamp on to
    # unit-details-stamp then, and asks the server nothing while they are closed (assets/feed_stamp.js).
    app.clientside_callback(ClientsideFunction("jru_feed", "details"), Output("unit-details-stamp", "data"),
                            Input("feed-stamp", "data"), State("unit-details", "is_open"))

    @app.callback(Output("unit-details", "children", allow_duplicate=True), Input("unit-details-stamp", "data"),
                  State("unit-click", "data"), prevent_initial_call=True)
    def keep_unit_current(_, click):   # the details said "Available, fix 5 s old" long after
        if not (isinstance(click, dict) and isinstance(click.get("unit"), str)):
            raise PreventUpdate
        return unit_details(*rt.views.unit_details(click["unit"]))

    @app.callback(Output("unit-click", "data", allow_duplicate=True),
                  Input({"type": "unit-here", "unit": ALL}, "n_clicks"),
                  Input({"type": "unit-sent", "unit": ALL}, "n_clicks"), prevent_initial_call=True)
    def show_unit_here(_here, _sent):   # "Also here" in a unit's details, or a call sign of the incident's units
        if not isinstance(ctx.triggered_id, dict) or not ctx.triggered[0]["value"]:
            raise PreventUpdate   # a button drawn anew (never clicked), or a forged request
        return {"unit": ctx.triggered_id["unit"], "at": time.time()}

    @app.callback(Output("selected-incident", "data"), Input("map-incidents", "clickData"), prevent_initial_call=True)
    def select(click):   # a map click; a queue row click sets the selection in the browser (assets/queue.js)
        incident = clicked_incident(click)
        if incident is None:
            raise PreventUpdate   # nothing clicked, or a forged request
        return incident

    @app.callback(Output("suggestion-panel", "children"), Output("map-suggestions", "data"),
                  Output("map-incidents", "hideout"), Output("selection-seen", "data"),
                  Input("selected-incident", "data"), Input("selection-stamp", "data"), Input("panel-open", "data"),
                  State("selection-seen", "data"))
    def show_selection(selected, _, panel_open, seen):   # selection-stamp: every second while one is selected
        opened = opened_folds(panel_open, selected)
        # Only when something changed: a new hideout makes dash-leaflet redraw every incident marker.
        stamp = [selected, rt.picture.versions().changes, int(rt.clock.now()[0] // 5), opened]
        if selected is None or stamp == seen:
            raise PreventUpdate
        return (*selection_view(rt, selected, opened), {"selected": selected}, stamp)

    @app.callback(Output("replay-bar", "className"), Output("replay-clock", "children"),
                  Output("replay-pause", "children"), Output("replay-speed", "value"), Output("replay-speed", "options"),
                  Output("replay-timeline", "value"), Output("replay-placed", "data"),
                  Output("replay-decisions", "children"), Output("replay-error", "children"),
                  Output("replay-timeline-box", "title"), Input("replay-stamp", "data"),
                  State("replay-speed", "value"), State("replay-speed", "options"), State("replay-timeline", "value"))
    def replay_refresh(_, speed_shown, speeds_shown, position_shown):   # a control set anew fires its callback
        status = rt.replay.status()
        bar, clock, icon, speed, decided, error, position = replay_state(status, rt.decisions.summary())
        return (bar, clock, html.I(className=icon), unless_same(speed, speed_shown),
                unless_same(speed_options(speed), speeds_shown), unless_same(position, position_shown),
                {"speed": speed, "position": position}, decided, error, timeline_title(status))

    @app.callback(Output("replay-error", "children", allow_duplicate=True),
                  Input("replay-pause", "n_clicks"), Input("replay-step", "n_clicks"), Input("replay-speed", "value"),
                  Input("replay-timeline", "value"), Input("replay-seek-go", "n_clicks"),
                  State("replay-seek-at", "value"), State("replay-placed", "data"), prevent_initial_call=True)
    def replay_control(_pause, _step, speed, timeline, _go, seek_at, placed):
        status, trigger = rt.replay.status(), ctx.triggered_id
        if not status:
            raise PreventUpdate
        command = replay_command_for(trigger, status, speed=speed, timeline=timeline, seek_at=seek_at, placed=placed)
        if command is None:
            raise PreventUpdate
        return command[1] if command[0] == "unreadable" else rt.replay.command(*command) or ""

    @app.callback(Output("toast-area", "children"), Input("accept-request", "data"), prevent_initial_call=True)
    def accept(request):   # {incident, unit, at} from an Accept / Send click (assets/accept.js)
        if not (isinstance(request, dict) and isinstance(request.get("incident"), str)
                and isinstance(request.get("unit"), str)):
            raise PreventUpdate   # nothing pressed, or a forged request
        by = current_user()   # enforced here, server-side, not by hiding the button
        if by is None or by == VIEWER:
            ok, message = False, "Sign in as a duty officer to accept"
        else:
            ok, message = rt.assignments.accept(request["incident"], request["unit"], by=by,
                                                backup=request.get("backup"))
        header = "Assignment" if ok else NOT_CONFIRMED if message.startswith(NOT_CONFIRMED) else "Not assigned"
        return dbc.Toast(message, header=header, icon="success" if ok else "danger",   # a refusal stays till read
                         duration=5000 if ok else None, dismissable=True, id="accept-toast")
