"""Feed time for everyone in this process: the wall clock, or the replay clock the
feed reader last read (core/clock.py says when it counts). O(1)."""
from __future__ import annotations

from dashboard.core.clock import feed_now
from dashboard.feed.reader import FeedReader


class FeedClock:
    def __init__(self, reader: FeedReader):
        self.reader = reader

    def now(self) -> tuple[float, bool]:
        """(feed time, is_replay); a replay's time runs on while the feed is lost (core/clock.py)."""
        return feed_now(self.reader.clock, seen_wall=self.reader.clock_read_wall)

    def speed(self) -> float:
        """Replay speed (1 without a replay): how fast feed time runs against the wall."""
        return self.reader.clock.speed if self.reader.clock else 1.0
