"""Rejected feed entries on their way to `jru:rejects`: each is written once
(guarded in Redis, however many readers see it). If that key is unusable they
wait here (bounded) until it is fixed, and the feed goes on meanwhile.

Cost: one Redis call (FeedWriter.reject) per reject written.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import redis

from dashboard.core.contract import escaped_fields
from dashboard.feed.key_problems import KeyProblems
from dashboard.feed.writer import FeedWriter

PENDING_REJECTS = 1000   # rejects kept to write once jru:rejects is usable again


@dataclass
class RecentReject:
    stream: str
    entry: str
    reason: str


class PendingRejects:
    """Rejects not yet in `jru:rejects`, oldest first; past PENDING_REJECTS the oldest are dropped."""

    def __init__(self, key: str, problems: KeyProblems, limit: int = PENDING_REJECTS) -> None:
        self._key, self._problems = key, problems
        self._queue: deque[tuple] = deque(maxlen=limit)

    def add(self, reject: RecentReject, raw: dict) -> None:
        self._queue.append((reject.stream, reject.entry, reject.reason, escaped_fields(raw)))

    def write(self, writer: FeedWriter) -> int:
        """Write the rejects not yet in `jru:rejects`, unless that key is unusable; returns how
        many this call added (another reader may have written the same ones first)."""
        added = 0
        if self._key in self._problems:
            return added
        while self._queue:
            try:
                added += writer.reject(*self._queue[0])
            except redis.ResponseError as exc:
                self._problems.note(self._key, exc)
                return added
            self._queue.popleft()
        return added
