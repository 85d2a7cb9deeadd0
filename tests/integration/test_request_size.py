"""What one request may cost the server: the place search answers a huge query at once, and a
body larger than any callback sends (dashboard/web/limits.py MAX_REQUEST_BYTES) is refused, 413."""
from __future__ import annotations

import json
import time

from dashboard.web.limits import MAX_REQUEST_BYTES
from tests.integration.test_callback_permissions import call

SEARCH = "dashboard.ui.panels.place_search:answer"


def test_a_huge_search_query_is_answered_at_once(app, api):
    call(api, app, SEARCH, {"place-search.value": "warm"})
    started = time.monotonic()
    r = call(api, app, SEARCH, {"place-search.value": "sittingbourne" * 2000})   # 26 KB: 7 s before
    assert r.status_code == 200 and time.monotonic() - started < 1.5
    r = call(api, app, SEARCH, {"place-search.value": "sittingborne"})
    assert r.status_code == 200 and "Sittingbourne" in r.get_data(as_text=True)


def test_a_body_beyond_the_limit_is_refused_and_one_within_it_answered(app, api):
    huge = json.dumps({"output": "place-search-results.children", "inputs": [{"id": "place-search",
                       "property": "value", "value": "x" * MAX_REQUEST_BYTES}]})
    r = api.post("/_dash-update-component", data=huge, headers={"Content-Type": "application/json",
                                                                "Origin": "http://localhost"})
    assert r.status_code == 413
    assert 1_000_000 < MAX_REQUEST_BYTES <= 16 * 1024 * 1024   # room for "Also here" with a whole fleet on one spot
    r = call(api, app, SEARCH, {"place-search.value": "x" * 1_000_000})   # 1 MB: within the limit
    assert r.status_code == 200


def test_the_search_box_itself_takes_no_more_than_is_looked_at(app, api):
    from dashboard.core.place_search import MAX_QUERY
    page = call(api, app, "dashboard.ui.screens:route", {"url.pathname": "/"}).get_data(as_text=True)
    assert f'"maxLength":{MAX_QUERY}' in page.replace(" ", "")
