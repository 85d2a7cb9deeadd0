"""API keys for programs (issue 13.9): `Authorization: Bearer <key>` on /api/*.

A key is 32 random bytes (`jru_` + URL-safe base64). It is stored as its
SHA-256 only: with 256 bits of randomness a slow password hash adds nothing,
and each API call costs one hash (microseconds) plus one Redis round trip.
Keys are read-only: they open GET /api/* and /healthz, nothing else.
"""
from __future__ import annotations

import logging
import secrets
from datetime import datetime, timezone
from hashlib import sha256

from dashboard.auth.users import validate_name
from dashboard.feed.api_keys import ApiKeyStore
from dashboard.feed.settings import REDIS_ERRORS, RedisSettings

log = logging.getLogger(__name__)
PREFIX = "jru_"
READ_METHODS = ("GET", "HEAD")


class ApiKeysUnavailable(RuntimeError):
    pass


def key_digest(key: str) -> str:
    return sha256(key.encode("utf-8", "replace")).hexdigest()


def bearer_key(header: str | None) -> str | None:
    """The key from an `Authorization: Bearer <key>` header, or None."""
    scheme, _, value = (header or "").strip().partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


class ApiKeys:
    def __init__(self, redis_settings: RedisSettings):
        self.redis_settings = redis_settings
        self._store: ApiKeyStore | None = None

    def store(self) -> ApiKeyStore:
        if self._store is None:
            self._store = ApiKeyStore(self.redis_settings.client(role="api-keys"), self.redis_settings.keys)
        return self._store

    def add(self, name: str) -> str | None:
        """A new key for `name` (shown once), or None if that name has one."""
        validate_name(name)
        key = PREFIX + secrets.token_urlsafe(32)
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return key if self.store().add(name, key_digest(key), created) else None

    def remove(self, name: str) -> bool:
        return self.store().remove(name)

    def list(self) -> dict[str, dict]:
        return self.store().list()

    def name_for(self, key: str) -> str | None:
        """The key's name, or None if it is not a key we issued (raises ApiKeysUnavailable)."""
        if not key.startswith(PREFIX) or len(key) > 200:
            return None
        try:
            return self.store().name_for(key_digest(key))
        except REDIS_ERRORS as exc:
            raise ApiKeysUnavailable(type(exc).__name__) from None


def program_request(keys: ApiKeys, key: str):
    """(key name, None) to let a program's request through, or (None, response) to answer it."""
    from flask import jsonify, request
    try:
        name = keys.name_for(key)
    except ApiKeysUnavailable:
        return None, (jsonify({"error": "API keys unavailable (Redis unreachable): try again shortly"}), 503)
    if name is None:
        log.warning("API key refused from %s", request.remote_addr)
        return None, (jsonify({"error": "API key not valid"}), 401)
    if request.method not in READ_METHODS:
        return None, (jsonify({"error": "API keys are read-only"}), 405)
    log.info("API %s %s by key %s", request.method, request.path, name)
    return name, None
