"""Sign-in and wall-token throttling (issue 13.3).

Before: the failure count was taken after hashing (60 parallel wrong passwords
were all hashed, 32 MiB each), per worker, per address only (behind a proxy
every officer shared one), and a correct password got 429 too.
Now each attempt is counted in Redis (shared by every worker) *before* the
hash, keyed by user and client address (the real one behind
JRU_TRUSTED_PROXIES proxies); a correct password gives its count back; at most
HASH_SLOTS hashes run at once in a process (scrypt at 2^17 holds 128 MiB each).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

from dashboard.feed.counters import AttemptCounters
from dashboard.feed.settings import REDIS_ERRORS, RedisSettings

PAIR_LIMIT = 10          # attempts per user per address per window
ADDR_LIMIT = 100         # attempts per address (any user) per window; then one try per user
WALL_LIMIT = 10          # wall-token guesses per address per window
WINDOW_S = 300.0
HASH_SLOTS = 2           # concurrent password hashes per process
HASH_WAIT_S = 10.0


class Busy(RuntimeError):
    """Too many sign-ins being checked at once, or the counters cannot be reached."""


class Throttle:
    def __init__(self, redis_settings: RedisSettings):
        self.redis_settings = redis_settings
        self.keys = redis_settings.keys
        self._counters: AttemptCounters | None = None
        self._slots = threading.BoundedSemaphore(HASH_SLOTS)

    def counters(self) -> AttemptCounters:
        if self._counters is None:
            self._counters = AttemptCounters(self.redis_settings.client(role="throttle"))
        return self._counters

    def _sign_in_keys(self, name: str, addr: str) -> tuple[str, str]:
        return self.keys.throttle("user", f"{name.lower()[:64]}|{addr}"), self.keys.throttle("addr", addr)

    def sign_in_allowed(self, name: str, addr: str) -> bool:
        """Counts the attempt (before any hashing); False: refuse it (429). Raises Busy without Redis."""
        try:
            return self.counters().take(*self._sign_in_keys(name, addr), PAIR_LIMIT, ADDR_LIMIT, WINDOW_S)
        except REDIS_ERRORS:
            raise Busy("attempt counters unreachable") from None

    def signed_in(self, name: str, addr: str) -> None:
        """A correct password: its attempt is given back."""
        try:
            self.counters().give_back(*self._sign_in_keys(name, addr))
        except REDIS_ERRORS:
            pass   # the count expires with its window

    def wall_guess_allowed(self, addr: str) -> bool:
        key = self.keys.throttle("wall", addr)
        try:
            return self.counters().take(key, key + ":all", WALL_LIMIT, WALL_LIMIT, WINDOW_S)
        except REDIS_ERRORS:
            raise Busy("attempt counters unreachable") from None

    def wall_signed_in(self, addr: str) -> None:
        key = self.keys.throttle("wall", addr)
        try:
            self.counters().give_back(key, key + ":all")
        except REDIS_ERRORS:
            pass

    @contextmanager
    def hash_slot(self):
        """One of HASH_SLOTS; raises Busy after HASH_WAIT_S (memory stays bounded under a flood)."""
        if not self._slots.acquire(timeout=HASH_WAIT_S):
            raise Busy("too many sign-ins being checked")
        try:
            yield
        finally:
            self._slots.release()
