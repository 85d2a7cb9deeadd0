"""Health: what /healthz answers and the screens' feed-health strip shows.
O(incidents) for the counts; one Redis call (the rejects stream's length)."""
from __future__ import annotations

import time

from dashboard.core.picture import Picture
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
        """(body, HTTP status: 200 when Redis answers, else 503)."""
        now, replay = self.clock.now()
        r = self.reader
        rejects = r.rejects_total()
        up = r.connected and rejects is not None
        last = r.last_entry_wall
        body = {
            "status": "ok" if up else "redis unreachable",
            "redis": {"reachable": up, "url": self.redis.safe_url, "error": r.error},
            "feed": {"lag_s": round(r.lag_s, 3), "last_entry": iso(last),
                     "last_entry_age_s": None if last is None else round(time.time() - last, 1),
                     "entries_read": r.entries_read, "caught_up": r.caught_up.is_set()},
            "clock": {"now": iso(now), "replay": replay},
            "counts": {**self.picture.counts(), "rejects": rejects, "rejects_here": r.rejected},
            "recent_rejects": [vars(x) for x in list(r.recent_rejects)[-5:]],
            "warnings": self.warnings,
        }
        return body, (200 if up else 503)
