"""Issue 13.2: who may call which Dash callback is decided on the server.

A wall cookie used to open every callback (the selection panel with incident
summaries, unit details, the stats CSV); viewers and walls could drive the
replay. These tests POST exactly what a browser (or an attacker with a copied
cookie) would send to /_dash-update-component."""
from __future__ import annotations

import json
import time

from dashboard.web.permissions import unlisted_callbacks
from tests.helpers import eventually
from tests.integration.test_auth import (OFFICER, SAME_ORIGIN, VIEWER, WALL_TOKEN, auth_app, client,  # noqa: F401
                                         sign_in, users_file)

SUMMARY = "Male collapsed outside the pharmacy, breathing"


def call(client, app, name: str, inputs: dict, state: dict | None = None):
    """POST the callback whose function is `module:name`, as the Dash renderer does."""
    from dashboard.web.permissions import callback_name
    output, entry = next((k, v) for k, v in app.callback_map.items()
                  if "callback" in v and callback_name(v["callback"]) == name)
    outs = [dict(zip(("id", "property"), o.rsplit(".", 1))) for o in output.strip(".").split("...")]
    body = {"output": output, "outputs": outs if output.startswith("..") else outs[0],
            "inputs": [{**i, "value": (inputs or {}).get(f"{i['id']}.{i['property']}")} for i in entry["inputs"]],
            "state": [{**s, "value": (state or {}).get(f"{s['id']}.{s['property']}")} for s in entry["state"]],
            "changedPropIds": [k for k in inputs if (inputs or {}).get(k) is not None]}
    return client.post("/_dash-update-component", data=json.dumps(body), headers={
        **SAME_ORIGIN, "Content-Type": "application/json"})


def scene(writer, app):
    now = time.time()
    writer.incident_event({"incident": "INC-1", "ts": now, "lat": 51.40, "lon": 0.53, "category": "C2",
                           "summary": SUMMARY})
    writer.unit_report({"unit": "NEAR", "ts": now, "lat": 51.395, "lon": 0.525})
    eventually(lambda: "INC-1" in app.runtime.picture.incidents and "NEAR" in app.runtime.picture.units)


SELECTION = ("dashboard.ui.pages.officer:show_selection", {"selected-incident.data": "INC-1",
                                                            "selection-stamp.data": 1})
UNIT = ("dashboard.ui.pages.officer:show_unit", {"unit-click.data": {"unit": "NEAR"}})
CSV = ("dashboard.ui.pages.stats:download", {"stats-csv-btn.n_clicks": 1}, {"stats-period.value": "7d"})
SEEK = ("dashboard.ui.pages.officer:replay_control", {"replay-seek-go.n_clicks": 1},
        {"replay-seek-at.value": "2024-01-01T00:00"})


def test_every_registered_callback_has_a_rule(auth_app):
    assert unlisted_callbacks(auth_app) == []


def test_a_wall_cookie_cannot_open_the_officer_or_stats_callbacks(client, auth_app, writer):
    scene(writer, auth_app)
    assert client.get(f"/wall?token={WALL_TOKEN}").status_code == 302
    for spec in (SELECTION, UNIT, CSV, SEEK):
        r = call(client, auth_app, *spec)
        assert r.status_code == 403, spec[0]
        assert SUMMARY not in r.get_data(as_text=True)
    # what the wall page itself needs still answers
    r = call(client, auth_app, "dashboard.ui.pages.wall:refresh", {"feed-stamp.data": None, "url.search": ""})
    assert r.status_code == 200
    assert call(client, auth_app, "dashboard.ui.pages.wall:clock", {"wall-tick.n_intervals": 1}).status_code == 200


def test_an_officer_still_gets_the_selection_unit_details_and_csv(client, auth_app, writer):
    scene(writer, auth_app)
    sign_in(client, *OFFICER)
    r = call(client, auth_app, *SELECTION)
    assert r.status_code == 200 and SUMMARY in r.get_data(as_text=True)
    r = call(client, auth_app, *UNIT)
    assert r.status_code == 200 and "Unit NEAR" in r.get_data(as_text=True)
    r = call(client, auth_app, *CSV)
    assert r.status_code == 200 and SUMMARY in r.get_data(as_text=True)


def test_only_an_officer_drives_the_replay(client, auth_app, writer, redis_client, redis_settings):
    # a replayer is "running": the control callback would send the seek to Redis
    redis_client.hset(redis_settings.keys.replay_status, mapping={"state": "playing", "ts": time.time(),
                                                                 "speed": 10, "start": time.time() - 3600,
                                                                 "end": time.time() + 3600, "wall": time.time()})
    sign_in(client, *VIEWER)
    assert call(client, auth_app, *SEEK).status_code == 204      # refused quietly: nothing to update
    assert redis_client.hgetall(redis_settings.keys.replay_control) == {}
    client.post("/logout", headers=SAME_ORIGIN)
    sign_in(client, *OFFICER)
    assert call(client, auth_app, *SEEK).status_code == 200
    assert redis_client.hgetall(redis_settings.keys.replay_control)      # the officer's seek was sent


def test_signed_out_callbacks_are_refused(client, auth_app):
    assert call(client, auth_app, *SELECTION).status_code == 401


def test_the_search_box_answers_signed_in_users_not_a_wall(client, auth_app):
    search = ("dashboard.ui.panels.place_search:answer", {"place-search.value": "Chatham"})
    assert client.get(f"/wall?token={WALL_TOKEN}").status_code == 302
    assert call(client, auth_app, *search).status_code == 403      # no search box on the wall
    client.post("/logout", headers=SAME_ORIGIN)
    sign_in(client, *VIEWER)
    r = call(client, auth_app, *search)
    assert r.status_code == 200 and "Chatham" in r.get_data(as_text=True)
