"""Server-side sessions (issue 13.5): the cookie carries a random id, Redis holds
the session, so sign-out ends it everywhere and a copied cookie dies with it.

Two limits: idle (JRU_SESSION_HOURS, sliding: each use renews it) and absolute
(JRU_SESSION_MAX_HOURS from sign-in, however busy): a stolen cookie cannot be
kept alive for ever by using it. If Redis is briefly away (a failover), a
session this process checked within GRACE_S keeps working, so screens do not
fall to the sign-in page; new sign-ins wait for Redis. After a failed check Redis
is not asked again for AWAY_S: a Redis that has stopped answering would hold
every request for 5 s, and screens that poll each second would never update.
Cost: one Redis round trip per request, a second one at most once a minute (touch).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from dashboard.feed.sessions import SessionStore
from dashboard.feed.settings import ANSWER_WITHIN_S, REDIS_ERRORS, RedisSettings

log = logging.getLogger(__name__)
GRACE_S = 120.0
GRACE_MAX = 10_000        # sessions remembered for the grace period (bounded memory)
AWAY_S = ANSWER_WITHIN_S   # as long as one unanswered call would hold a request


class SessionsUnavailable(RuntimeError):
    """Redis cannot be asked and this session was not checked recently."""


class ServerSessions:
    def __init__(self, redis_settings: RedisSettings, idle_s: float, absolute_s: float, clock: Callable[[], float]):
        self.redis_settings, self.idle_s, self.absolute_s, self.clock = redis_settings, idle_s, absolute_s, clock
        self._store: SessionStore | None = None
        self._grace: dict[str, tuple[float, dict]] = {}
        self._lock = threading.Lock()
        self._away_until = float("-inf")   # monotonic: until then Redis is taken as away, not asked

    def store(self) -> SessionStore:
        if self._store is None:
            self._store = SessionStore(self.redis_settings.client(role="sessions"), self.redis_settings.keys)
        return self._store

    def start(self, fields: dict) -> str:
        """A new session (raises SessionsUnavailable when Redis is away)."""
        now = self.clock()
        values = {k: str(v) for k, v in fields.items()} | {"created": repr(now), "seen": repr(now)}
        try:
            return self.store().create(values, min(self.idle_s, self.absolute_s))
        except REDIS_ERRORS as exc:
            raise SessionsUnavailable(type(exc).__name__) from None

    def check(self, sid: str) -> dict | None:
        """The session's fields, or None if it ended, idled out or passed its absolute limit."""
        now = self.clock()
        if time.monotonic() < self._away_until:
            return self._held(sid, now, "Redis did not answer a moment ago")
        try:
            data = self.store().get(sid)
            if data is None:
                self._forget(sid)
                return None
            created, seen = float(data.get("created", 0)), float(data.get("seen", 0))
            if now - seen > self.idle_s or now - created > self.absolute_s:
                self.end(sid)
                return None
            if now - seen > min(60.0, self.idle_s / 10):     # rewritten at most once a minute
                self.store().touch(sid, now, min(self.idle_s, self.absolute_s - (now - created)))
        except REDIS_ERRORS as exc:
            self._away_until = time.monotonic() + AWAY_S
            return self._held(sid, now, type(exc).__name__)
        with self._lock:
            if len(self._grace) >= GRACE_MAX:
                self._grace.clear()
            self._grace[sid] = (now, data)
        return data

    def _held(self, sid: str, now: float, why: str) -> dict:
        """Redis is away: the session as last checked, if within GRACE_S."""
        with self._lock:
            held = self._grace.get(sid)
        if held and now - held[0] < GRACE_S:
            return held[1]
        raise SessionsUnavailable(why) from None

    def end(self, sid: str) -> None:
        self._forget(sid)
        try:
            self.store().end(sid)
        except REDIS_ERRORS as exc:
            log.warning("sign-out could not reach Redis (%s): the session ends when it expires", type(exc).__name__)

    def _forget(self, sid: str) -> None:
        with self._lock:
            self._grace.pop(sid, None)
