"""The search box's answer costs no more for a huge query: only its first MAX_QUERY characters
are looked at (a 200 KB query used to hold a server thread for minutes)."""
from __future__ import annotations

import time

from dashboard.core.place_search import MAX_QUERY, search
from dashboard.core.whereabouts import shipped_gazetteer


def test_a_huge_query_is_answered_at_once():
    gz = shipped_gazetteer()
    search("warm", gz.postcodes, gz.names)
    for query in ("sittingbourne" * 1600, "x" * 20_000, "ME7 5NY " * 2500):   # each took 3-6 s before
        started = time.perf_counter()
        search(query, gz.postcodes, gz.names)
        assert time.perf_counter() - started < 0.5, query[:20]


def test_only_the_first_characters_count():
    gz = shipped_gazetteer()
    typed = "sittingborne" + " " * (MAX_QUERY - len("sittingborne"))
    assert [h.label for h in search(typed + "x" * 1000, gz.postcodes, gz.names)][:1] == ["Sittingbourne"]
    assert [h.label for h in search(" " * 5000 + "me7 5ny", gz.postcodes, gz.names)] == ["ME7 5NY"]   # spaces first
