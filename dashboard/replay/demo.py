"""The demo: replay the shipped history from a busy evening, in a background thread.

`make demo` / `python app.py --demo` call `run_demo(settings, stop)` in a
thread next to the dashboard. It loads geodata/demo_history/ (~0.5 s),
seeks to the start (the snapshot puts the units on shift and the incidents
already open on the map at once) and replays at real time unless told
otherwise. The screens drive it through `jru:replay:control`.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from dashboard.core.times import UK_ZONE
from dashboard.feed.settings import RedisSettings
from dashboard.replay.history_index import History, load_history
from dashboard.replay.replayer import Replayer
from dashboard.settings import CLOSED_KEEP_S

log = logging.getLogger(__name__)
BUSY_WEEKDAY, BUSY_HOUR = 4, 19  # Friday 19:00, UK local time
BACKUP_WITHIN_S = 3 * 3600.0     # the demo's evening sends backup within its first hours...
BACKUP_LEAD_S = 120.0            # ...and starts this long before it is sent


def busy_evening(history: History, weeks_back: int = 8) -> float:
    """The most recent Friday 19:00 (local) in the history with a whole evening after it; or, on the latest
    of the last `weeks_back` Friday evenings that sends backup within BACKUP_WITHIN_S of 19:00, a couple of
    minutes before it goes, so the demo shows it soon (backup goes to ~1 % of incidents: most evenings have
    none). O(log incidents) per Friday."""
    end = datetime.fromtimestamp(history.span[1] - 8 * 3600, UK_ZONE)
    day = end.date() - timedelta(days=(end.weekday() - BUSY_WEEKDAY) % 7)
    moment = datetime(day.year, day.month, day.day, BUSY_HOUR, tzinfo=UK_ZONE)
    if moment.timestamp() > history.span[1] - 8 * 3600:
        moment = datetime(day.year, day.month, day.day, BUSY_HOUR, tzinfo=UK_ZONE) - timedelta(days=7)
    fridays = [(moment - timedelta(days=7 * k)).timestamp() for k in range(weeks_back)]
    for t in fridays:
        sent = history.backups_between(t, t + BACKUP_WITHIN_S)
        if len(sent):
            return max(t, float(history.backup[sent[0], 0]) - BACKUP_LEAD_S)
    return fridays[0]


def run_demo(redis_settings: RedisSettings, stop: threading.Event, *, speed: float = 1.0,
             start: str | None = None, closed_keep_s: float = CLOSED_KEEP_S) -> None:
    """Replay the demo history into `redis_settings` until `stop` is set.

    `start`: ISO 8601 with offset/Z or Unix seconds; default the latest busy
    Friday evening. `speed`: 1 (real time) .. 3600. `closed_keep_s`: JRU_CLOSED_KEEP_S.
    """
    history = load_history()
    begin = start if start is not None else busy_evening(history)
    Replayer(redis_settings, history, speed=speed, start=begin, closed_keep_s=closed_keep_s).run(stop)
