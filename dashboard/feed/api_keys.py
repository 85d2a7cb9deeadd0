"""API keys for programs, kept in Redis as hashes only (issue 13.9, contract v1.1).

One Redis hash `<prefix>api-keys`: name -> JSON {"digest", "created"}. The key
itself is shown once by `python -m dashboard.auth add-key` and never stored.
Each call is one round trip; finding a key reads the whole hash (a handful of keys).
"""
from __future__ import annotations

import hmac
import json

import redis

from dashboard.feed.keys import Keys


class ApiKeyStore:
    def __init__(self, client: redis.Redis, keys: Keys):
        self.client, self.keys = client, keys

    def add(self, name: str, digest: str, created: str) -> bool:
        """False (and nothing changed) if a key of that name exists: revoke it first."""
        return bool(self.client.hsetnx(self.keys.api_keys, name, json.dumps({"digest": digest, "created": created})))

    def remove(self, name: str) -> bool:
        return bool(self.client.hdel(self.keys.api_keys, name))

    def list(self) -> dict[str, dict]:
        """name -> {"created": ...} (no digests)."""
        out = {}
        for name, raw in sorted(self.client.hgetall(self.keys.api_keys).items()):
            try:
                out[name] = {"created": json.loads(raw).get("created")}
            except (ValueError, AttributeError):
                out[name] = {"created": None}
        return out

    def name_for(self, digest: str) -> str | None:
        """The name of the key with this digest, or None (constant-time comparisons)."""
        found = None
        for name, raw in self.client.hgetall(self.keys.api_keys).items():
            try:
                stored = json.loads(raw)["digest"]
            except (ValueError, KeyError, TypeError):
                continue
            if hmac.compare_digest(str(stored), digest):
                found = name
        return found
