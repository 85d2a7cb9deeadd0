"""Times and distances in the control room's words (dashboard/core/text.py)."""
from dashboard.core.text import duration


def test_durations_read_alike_either_side_of_the_hour():
    """A wall showed "OVERDUE 60 min" beside "1 h 00"."""
    assert [duration(s) for s in (None, 44.6, 59.4, 60, 3539, 3570, 3600, 7500)] == [
        "-", "45 s", "59 s", "1 min", "59 min", "1 h 00", "1 h 00", "2 h 05"]
