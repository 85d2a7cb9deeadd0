"""Dash callback POSTs with inputs the page never sends (a script, a tampered request) are
ignored (204: nothing to update), not answered with a server error (500)."""
from __future__ import annotations

import pytest

from tests.integration.test_callback_permissions import call, scene

SHOW_UNIT = "dashboard.ui.pages.officer:show_unit"
SELECT = "dashboard.ui.pages.officer:select"
STATS = "dashboard.ui.pages.stats:refresh"
CSV = "dashboard.ui.pages.stats:download"
SEARCH = "dashboard.ui.panels.place_search:answer"


@pytest.mark.parametrize("name, inputs, state", [
    (SHOW_UNIT, {"unit-click.data": "x"}, None),
    (SHOW_UNIT, {"unit-click.data": {"unit": ["NEAR"]}}, None),
    (SHOW_UNIT, {"unit-click.data": {"at": 1}}, None),
    (SELECT, {"map-incidents.clickData": "x"}, None),
    (SELECT, {"map-incidents.clickData": ["x"]}, None),
    (SELECT, {"map-incidents.clickData": {"properties": "x"}}, None),
    (SELECT, {"map-incidents.clickData": {"properties": {"incident": {"a": 1}}}}, None),
    (STATS, {"stats-period.value": "x", "stats-tick.n_intervals": 1}, None),
    (STATS, {"stats-period.value": ["7d"], "stats-tick.n_intervals": 1}, None),
    (STATS, {"stats-period.value": "dates", "stats-from.value": 20240101, "stats-tick.n_intervals": 1}, None),
    (CSV, {"stats-csv-btn.n_clicks": 1}, {"stats-period.value": "x"}),
    (SEARCH, {"place-search.value": ["ME7"]}, None),
])
def test_a_forged_input_is_ignored(app, writer, name, inputs, state):
    scene(writer, app)
    r = call(app.server.test_client(), app, name, inputs, state)
    assert r.status_code == 204, (r.status_code, r.get_data(as_text=True)[:300])


@pytest.mark.parametrize("name, inputs, state, shown", [
    (SHOW_UNIT, {"unit-click.data": {"unit": "NEAR", "at": 1}}, None, "Unit NEAR"),
    (SELECT, {"map-incidents.clickData": {"type": "Feature", "properties": {"incident": "INC-1"}}}, None, "INC-1"),
    (STATS, {"stats-period.value": "30d", "stats-tick.n_intervals": 1}, None, "Last 30 days"),
    (STATS, {"stats-tick.n_intervals": 1}, None, "Last 7 days"),
    (CSV, {"stats-csv-btn.n_clicks": 1}, {"stats-period.value": "all"}, "INC-1"),
    (SEARCH, {"place-search.value": "ME7 5NY"}, None, "ME7 5NY"),
])
def test_what_the_page_sends_is_still_answered(app, writer, name, inputs, state, shown):
    scene(writer, app)
    r = call(app.server.test_client(), app, name, inputs, state)
    assert r.status_code == 200 and shown in r.get_data(as_text=True)
