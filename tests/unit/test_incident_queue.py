"""The officer's incident queue rows (dashboard/ui/panels/incident_queue.py)."""
from dashboard.ui.panels.incident_queue import queue_data

OPENED = "2026-03-01T10:00:00Z"


def _incident(incident, status="closed", age_s=7200, **fields):
    return {"incident": incident, "status": status, "unit": "JRU-MW-1", "units": ["JRU-MW-1"], "type": "medical",
            "category": "C3", "grade": None, "urgency": 3, "age_s": age_s, "target_s": 3600, "area": "Medway",
            "summary": "", "opened": OPENED, "closed_at": None, **fields}


def _ages(*incidents) -> dict[str, str]:
    return {r["id"]: r["age"] for r in queue_data(list(incidents), {})["rows"]}


def test_a_closed_incident_s_row_says_when_it_closed_not_how_long_since_it_opened():
    """With the filter on closed, a row read "754 h 01" in the age column: as if still open a month on."""
    ages = _ages(_incident("RECENT", closed_at="2026-03-01T11:48:00Z"),          # feed's now: opened + 2 h
                 _incident("MONTH", closed_at="2026-03-01T11:00:00Z", age_s=754 * 3600),
                 _incident("UNKNOWN", age_s=754 * 3600),                          # no closing time known
                 _incident("OPEN", status="open", age_s=300, unit=None, units=[]))
    assert ages["RECENT"] == "closed 12 min ago"
    assert ages["MONTH"] == "closed 31 days ago"
    assert ages["UNKNOWN"] == "closed"
    assert ages["OPEN"] == "5 min"   # an open one still says how long it has waited


def test_a_unit_that_may_not_be_coming_is_named_apart_from_those_going():
    on_scene = _incident("SCENE", status="on_scene", units=["JRU-MW-1", "JRU-GR-1"])
    [row] = queue_data([on_scene], {}, unsure={"SCENE": ["JRU-GR-1"]})["rows"]
    assert row["note"] == "on scene: JRU-MW-1 · JRU-GR-1 may not be coming"
    [row] = queue_data([on_scene], {})["rows"]
    assert row["note"] == "on scene: JRU-MW-1, JRU-GR-1"
    [row] = queue_data([on_scene], {}, splits={"SCENE": (["JRU-MW-1"], ["JRU-DA-1"])},
                       unsure={"SCENE": ["JRU-GR-1"]})["rows"]
    assert row["note"] == "on scene: JRU-MW-1 · backup JRU-DA-1 on its way · JRU-GR-1 may not be coming"
