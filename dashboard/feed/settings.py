"""Connection settings for the feed, built from a URL (redis://, rediss://, unix://)."""
from __future__ import annotations

from dataclasses import dataclass, field

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from dashboard.core.redact import mask_url
from dashboard.feed.keys import Keys

# What callers outside dashboard.feed catch when Redis is away (they never import redis).
REDIS_ERRORS = (redis.RedisError, OSError)


@dataclass(frozen=True)
class RedisSettings:
    url: str = "redis://127.0.0.1:6379/0"
    prefix: str = "jru:"
    keys: Keys = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "keys", Keys(self.prefix))

    @classmethod
    def from_url(cls, url: str, prefix: str = "jru:") -> "RedisSettings":
        return cls(url=url, prefix=prefix)

    @property
    def safe_url(self) -> str:
        """The URL without any secret it carries, for logs and screens (issue 13.6: `?password=` too)."""
        return mask_url(self.url)

    def client(self, *, blocking: bool = False, role: str | None = None, decode: bool = True) -> redis.Redis:
        """A client that fails fast (no retries: the reader has its own loop).

        Blocking readers get no socket timeout, since XREAD BLOCK waits on purpose.
        `role` names the connection `<prefix><role>` (e.g. `jru:reader`), so
        `CLIENT LIST` on the server shows which part of the dashboard holds it.
        decode=False returns bytes (the feed reader decodes each entry itself).
        """
        return redis.Redis.from_url(
            self.url, decode_responses=decode, retry=Retry(NoBackoff(), 0),
            socket_connect_timeout=2.0, socket_timeout=None if blocking else 5.0,
            health_check_interval=30, client_name="".join(c if c.isprintable() and not c.isspace() else "_"
                                                          for c in f"{self.prefix}{role}") if role else None)
