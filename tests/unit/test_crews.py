"""A unit's crew kept beside the streams (core/crews.py): what is written reads back, and a kept value
that is not a crew (another program's, a hand edit) is left out rather than trusted."""
from dashboard.core.crews import Crew, crew_text, crews_of, crews_read, fill_crew
from dashboard.core.records import Unit


def test_a_crew_kept_reads_back_and_a_bad_one_is_left_out():
    units = [Unit("POL-1", ts=1.0, kind="police", officers=2, paramedics=0), Unit("JRU-1", ts=1.0)]
    kept = {name: crew_text(c) for name, c in crews_of(units).items()}
    assert kept == {"POL-1": "police|2|0", "JRU-1": "joint||"}
    raw = {**{k.encode(): v.encode() for k, v in kept.items()},
           b"X-1": b"tank|2|0", b"X-2": b"police|-1|0", b"X-3": b"police|2", b"X-4": b"\xff|1|1"}
    assert crews_read(raw) == {"POL-1": Crew("police", 2, 0), "JRU-1": Crew("joint", None, None)}


def test_a_unit_starts_from_its_kept_crew():
    unit = Unit("POL-1", ts=1.0)
    fill_crew(unit, None)
    assert (unit.kind, unit.officers) == ("joint", None)
    fill_crew(unit, Crew("police", 2, 0))
    assert (unit.kind, unit.officers, unit.paramedics) == ("police", 2, 0)
