"""Health: what /healthz answers and the screens' feed-health strip shows.
O(incidents) for the counts; one Redis call (the rejects stream's length)."""
from __future__ import annotations

import time

from dashboard.core.picture import Picture
from dashboard.core.redact import short_text
from dashboard.core.times import iso
from dashboard.feed.reader import FeedReader
from dashboard.feed.settings import RedisSettings
from dashboard.service.clock import FeedClock


class Health:
    def __init__(self, reader: FeedReader, picture: Picture, clock: FeedClock, redis: RedisSettings,
                 warnings: list[str]):
        self.reader, self.picture, self.clock, self.redis, self.warnings = reader, picture, clock, redis, warnings

    def connected(self) -> bool:
        """Whether the feed reader reaches Redis now (cheap: no Redis call)."""
        return bool(self.reader.connected)

    def report(self) -> tuple[dict, int]:
        """(body, HTTP status: 200 when Redis answers and the reader keeps up, else 503)."""
        now, replay = self.clock.now()
        r = self.reader
        rejects = r.rejects_total()
        up = r.connected and (rejects is not None or self.redis.keys.rejects in r.key_problems)
        stuck = up and (r.stuck() or r.error is not None)
        last = r.last_entry_wall
        body = {
            "status": ("feed reader stuck" if stuck else "redis unreachable" if not up
                       else "degraded" if r.key_problems or r.data_lost else "ok"),
            "key_problems": dict(r.key_problems),
            "data_lost": r.data_lost,
            "redis": {"reachable": up, "url": self.redis.safe_url, "error": r.error},
            "feed": {"lag_s": round(r.lag_s, 3), "last_entry": iso(last),
                     "last_entry_age_s": None if last is None else round(time.time() - last, 1),
                     "entries_read": r.entries_read, "caught_up": r.caught_up.is_set(),
                     "reader_stuck": stuck, "failed_entries": r.failed,
                     "last_read_age_s": None if r.last_step_wall is None else round(time.time() - r.last_step_wall, 1)},
            "clock": {"now": iso(now), "replay": replay},
            "counts": {**self.picture.counts(), "rejects": rejects, "rejects_here": r.rejected},
            "recent_rejects": [{**vars(x), "reason": short_text(x.reason)} for x in list(r.recent_rejects)[-5:]],
            "warnings": self.warnings,
        }
        return body, (200 if up and not stuck else 503)
