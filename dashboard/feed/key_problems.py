"""Feed keys of the wrong type (`SET jru:units x`): such a key fails only itself,
the others are read, and health names it.

Cost: nothing while every key is usable; while one is not, one TYPE call per
broken key every RECHECK_KEYS_S.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterable

import redis

from dashboard.feed.keys import Keys

log = logging.getLogger(__name__)
RECHECK_KEYS_S = 5.0     # how often a key of the wrong type is looked at again


class KeyProblems(dict[str, str]):
    """{key: what is wrong}; the reader leaves these keys alone until they are fixed.
    A dict, so health shows it as it is."""

    def __init__(self, keys: Keys) -> None:
        super().__init__()
        self._want = {keys.clock: b"hash", keys.rejects: b"stream"}   # every other key read is a stream
        self._checked = 0.0

    def note(self, key: str, exc: Exception) -> None:
        """`key` refused a command (WRONGTYPE and the like)."""
        if key not in self:
            log.error("feed key %s unusable: %s", key, exc)
        self[key] = f"{key} unusable: {str(exc)[:120]}"

    def find_wrong_type(self, client: redis.Redis, streams: Iterable[str]) -> None:
        """One XREAD of several streams failed with WRONGTYPE: which one? Each key
        fails on its own. Cost: one TYPE call per stream."""
        for key in streams:
            kind = client.type(key)
            if kind not in (b"stream", b"none"):
                self[key] = f"{key} is a {kind.decode()}, not a stream: not read until fixed"
                log.error("feed key %s", self[key])

    def recheck(self, client: redis.Redis) -> bool:
        """Every few seconds, see whether a broken key has been fixed (deleted or
        recreated with the right type); then it is used again. True when it looked."""
        if not self or time.time() - self._checked < RECHECK_KEYS_S:
            return False
        self._checked = time.time()
        for key in list(self):
            if client.type(key) in (b"none", self._want.get(key, b"stream")):
                log.info("feed key %s usable again", key)
                del self[key]
        return True
