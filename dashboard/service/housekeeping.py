"""Bounded memory: forget incidents closed long ago and units not heard from for as
long as the units stream keeps entries (feed time), and trim the
streams by the retention policy (one process every 5 minutes; docs/reliability.md).
A daemon thread waking every 30 s; each pass is O(incidents) plus one Redis call."""
from __future__ import annotations

import logging
import threading

from dashboard.core.crews import crews_of
from dashboard.core.picture import Picture
from dashboard.feed import retention
from dashboard.feed.settings import REDIS_ERRORS, RedisSettings
from dashboard.service.clock import FeedClock

log = logging.getLogger(__name__)
EVERY_S = 30


def start_housekeeping(picture: Picture, clock: FeedClock, redis: RedisSettings, closed_keep_s: float,
                       policy: retention.RetentionPolicy, until: threading.Event) -> None:
    """Start the housekeeping thread; it ends when `until` is set (the feed reader stopping), so a stopped
    dashboard leaves no thread calling a Redis that may be gone. `policy`: `retention.policy_for(closed_keep_s)`."""
    def run() -> None:
        client = None
        while not until.wait(EVERY_S):
            try:
                now, _ = clock.now()
                picture.prune_closed(now, closed_keep_s)
                picture.prune_unheard(now, policy.units_max_age_s)
                client = client or redis.client(role="housekeeping")
                retention.maybe_trim(client, redis.keys, policy=policy,
                                     crews=lambda: crews_of(picture.units_list()))   # kept before a trim
            except REDIS_ERRORS as exc:
                log.warning("stream retention skipped: %s", type(exc).__name__)
            except Exception:
                log.exception("housekeeping failed")
    threading.Thread(target=run, name="housekeeping", daemon=True).start()
