"""Connection settings for the feed, built from a URL: redis://, rediss://, unix://,
or (contract v1.1) redis+sentinel://[:password@]host:port[,host:port...]/service[/db]
for a primary watched by Redis Sentinel: the client asks the sentinels where the
primary is and asks again after a failover, so the dashboard follows it by itself;
or redis+cluster://[:password@]host:port[,host:port...] for Redis Cluster, which needs
a prefix with a hash tag (JRU_PREFIX={jru}:) so every key the dashboard uses, and
every multi-key command (XREAD of three streams, the once-only scripts), is in one slot."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from redis.cluster import ClusterNode, RedisCluster
from redis.sentinel import Sentinel

from dashboard.core.redact import mask_url
from dashboard.feed.keys import Keys

# What callers outside dashboard.feed catch when Redis is away (they never import redis).
# RedisClusterException (e.g. no node answers) is not a RedisError: name it too.
REDIS_ERRORS = (redis.RedisError, redis.exceptions.RedisClusterException, OSError)
# of those, the ones after which a command sent may still run (a stalled server answers later)
REDIS_TIMEOUTS = (redis.TimeoutError, TimeoutError)
SENTINEL_SCHEME = "redis+sentinel"
CLUSTER_SCHEME = "redis+cluster"
ANSWER_WITHIN_S = 5.0   # longer without an answer and Redis counts as away


@dataclass(frozen=True)
class SentinelTarget:
    """What a redis+sentinel:// URL names: the sentinels, the service, the db."""
    sentinels: tuple[tuple[str, int], ...]
    service: str
    db: int = 0
    password: str | None = None
    username: str | None = None


def parse_hosts(url: str, default_port: int) -> tuple[tuple[tuple[str, int], ...], str | None, str | None, str]:
    """scheme://[user:password@]host:port[,host:port...]/path -> (hosts, user, password, path):
    the authority form both redis+sentinel:// and redis+cluster:// use."""
    netloc, _, path = url.split("://", 1)[1].partition("/")
    auth, _, hosts = netloc.rpartition("@")
    username, _, password = auth.partition(":") if auth else ("", "", "")
    pairs = []
    for hp in hosts.split(","):
        host, _, port = hp.rpartition(":") if ":" in hp else (hp, "", str(default_port))
        pairs.append((host.strip("[]"), int(port)))
    return tuple(pairs), unquote(username) or None, unquote(password) or None, path.split("?")[0]


def parse_sentinel_url(url: str) -> SentinelTarget:
    """redis+sentinel://[:password@]host:port[,host:port...]/service[/db]"""
    sentinels, username, password, path = parse_hosts(url, 26379)
    parts = [p for p in path.split("/") if p]
    if not parts or not sentinels:
        raise ValueError("redis+sentinel URL needs host:port[,host:port...]/service[/db]")
    return SentinelTarget(sentinels, unquote(parts[0]), int(parts[1]) if len(parts) > 1 else 0, password, username)


@dataclass(frozen=True)
class RedisSettings:
    url: str = "redis://127.0.0.1:6379/0"
    prefix: str = "jru:"
    keys: Keys = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "keys", Keys(self.prefix))
        if self.url.startswith(CLUSTER_SCHEME + "://") and not _hash_tag(self.prefix):
            raise ValueError(f"Redis Cluster needs a prefix with a hash tag, e.g. JRU_PREFIX={{jru}}: "
                             f"(got {self.prefix!r}): the dashboard's streams must share one slot")

    @classmethod
    def from_url(cls, url: str, prefix: str = "jru:") -> "RedisSettings":
        return cls(url=url, prefix=prefix)

    @property
    def safe_url(self) -> str:
        """The URL without any secret it carries, for logs and screens (issue 13.6: `?password=` too)."""
        return mask_url(self.url)

    @property
    def sentinel(self) -> SentinelTarget | None:
        return parse_sentinel_url(self.url) if self.url.startswith(SENTINEL_SCHEME + "://") else None

    def client(self, *, block_ms: int | None = None, role: str | None = None, decode: bool = True) -> redis.Redis:
        """A client that fails fast (no retries: the reader has its own loop).

        Every call waits at most 5 s for an answer; a blocking reader (XREAD BLOCK
        `block_ms`) that long beyond its block, so a Redis that stops answering (a hung
        server, a dropped network) is noticed instead of waited on for ever.
        `role` names the connection `<prefix><role>` (e.g. `jru:reader`), so
        `CLIENT LIST` on the server shows which part of the dashboard holds it.
        decode=False returns bytes (the feed reader decodes each entry itself).
        """
        options = dict(decode_responses=decode, retry=Retry(NoBackoff(), 0),
                       socket_connect_timeout=2.0, socket_timeout=ANSWER_WITHIN_S + (block_ms or 0) / 1000,
                       health_check_interval=30,
                       client_name="".join(c if c.isprintable() and not c.isspace() else "_"
                                           for c in f"{self.prefix}{role}") if role else None)
        if self.url.startswith(CLUSTER_SCHEME + "://"):
            nodes, username, password, _ = parse_hosts(self.url, 6379)
            return RedisCluster(startup_nodes=[ClusterNode(h, p) for h, p in nodes],
                                password=password, username=username, **options)
        target = self.sentinel
        if target is None:
            return redis.Redis.from_url(self.url, **options)
        # The sentinels are asked afresh on each new connection, so after a
        # failover the next reconnect lands on the new primary.
        sentinels = Sentinel(list(target.sentinels), socket_connect_timeout=2.0,
                             sentinel_kwargs={"socket_connect_timeout": 2.0, "socket_timeout": 2.0})
        return sentinels.master_for(target.service, db=target.db, password=target.password,
                                    username=target.username, **options)


def _hash_tag(prefix: str) -> bool:
    """Whether keys under this prefix hash on a {tag} (Redis Cluster's rule)."""
    start = prefix.find("{")
    return start >= 0 and prefix.find("}", start + 2) > start
