"""Signed-in sessions kept in Redis, so sign-out (or removing a user) ends them
in every worker, and a copied cookie dies with them (issue 13.5).

A session is a hash under `<prefix>session:<sha256 of its id>`; the id itself is
only in the user's cookie, so reading Redis does not give anyone a usable
session. Redis expires the key (the idle or absolute limit, whichever comes
first); the web side checks the times too. One round trip per call.
"""
from __future__ import annotations

import secrets
from hashlib import sha256

import redis

from dashboard.feed.keys import Keys


TOUCH = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'seen', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""


def digest(session_id: str) -> str:
    return sha256(session_id.encode()).hexdigest()


class SessionStore:
    def __init__(self, client: redis.Redis, keys: Keys):
        self.client, self.keys = client, keys

    def create(self, fields: dict[str, str], ttl_s: float) -> str:
        """A new random session id (32 bytes) holding `fields`."""
        sid = secrets.token_urlsafe(32)
        d = digest(sid)
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(self.keys.session(d), mapping=fields)
            pipe.pexpire(self.keys.session(d), max(1, int(ttl_s * 1000)))
            pipe.execute()
        return sid

    def get(self, session_id: str) -> dict[str, str] | None:
        return self.client.hgetall(self.keys.session(digest(session_id))) or None

    def touch(self, session_id: str, seen: float, ttl_s: float) -> bool:
        """Sliding expiry: record the last use and push the key's expiry out, only
        if the session still exists (an HSET alone would revive an ended one)."""
        return bool(self.client.eval(TOUCH, 1, self.keys.session(digest(session_id)), repr(seen),
                                     max(1, int(ttl_s * 1000))))

    def end(self, session_id: str) -> None:
        self.client.delete(self.keys.session(digest(session_id)))
