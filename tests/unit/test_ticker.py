"""The wall's ticker (dashboard/ui/panels/ticker.py): it draws at most MAX_ROWS rows and counts them all in
its heading; the "N more not shown" under it is the browser's (assets/wall.js, tests/browser/test_wall.py),
since only the browser knows how many rows fit."""
from dashboard.ui.panels.ticker import MAX_ROWS, ticker, ticker_rows, ticker_total


def inc(n: int) -> dict:
    return {"incident": f"INC-{n}", "area": "Medway", "type": "medical", "status": "open", "target_s": 900,
            "age_s": 300 + n, "category": "C2", "grade": None, "urgency": 2, "summary": None, "units": []}


def test_the_rows_keep_the_servers_order_and_stop_at_max_rows():
    rows = ticker_rows([inc(n) for n in range(30)])
    drawn = ticker(rows, show_summary=False)
    assert [r.id for r in drawn] == [f"ticker-INC-{n}" for n in range(MAX_ROWS)]
    # no "+ 18 more" row of its own: it fell below the ticker's clip, where nobody saw it
    assert all("wall-more" not in r.className for r in drawn)


def test_the_heading_counts_every_active_incident():
    assert ticker_total(ticker_rows([inc(n) for n in range(30)])) == " · 30"
    assert ticker_total([]) == " · 0"
    closed = {**inc(99), "status": "closed"}
    assert ticker_total(ticker_rows([inc(1), closed])) == " · 1"


def test_no_incidents_says_so():
    [empty] = ticker([], show_summary=True)
    assert empty.children == "No active incidents"


def test_a_unit_that_may_not_be_coming_is_named_apart_from_the_crew_there():
    """"on scene · JRU-MW-1, JRU-GR-1" while JRU-GR-1 had been sent on to another incident: the room
    counted two units at the scene."""
    from dashboard.ui.panels.ticker import ticker_row
    scene = {**inc(1), "status": "on_scene", "units": ["JRU-MW-1", "JRU-GR-1"]}

    def text(node) -> str:
        kids = getattr(node, "children", node)
        if isinstance(kids, str):
            return kids
        return "".join(text(k) for k in (kids if isinstance(kids, list) else [kids]) if k is not None)
    [row] = ticker_rows([scene], unsure={"INC-1": ["JRU-GR-1"]})
    assert "on scene · JRU-MW-1 · JRU-GR-1 may not be coming" in text(ticker_row(row, show_summary=False))
    [row] = ticker_rows([scene])
    assert "on scene · JRU-MW-1, JRU-GR-1" in text(ticker_row(row, show_summary=False))
