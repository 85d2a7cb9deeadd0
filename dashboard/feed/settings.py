"""Connection settings for the feed, built from a URL: redis://, rediss://, unix://,
or (contract v1.1) redis+sentinel://[:password@]host:port[,host:port...]/service[/db]
for a primary watched by Redis Sentinel: the client asks the sentinels where the
primary is and asks again after a failover, so the dashboard follows it by itself;
or redis+cluster://[:password@]host:port[,host:port...] for Redis Cluster, which needs
a prefix with a hash tag (JRU_PREFIX={jru}:) so every key the dashboard uses, and
every multi-key command (XREAD of three streams, the once-only scripts), is in one slot."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from redis.cluster import ClusterNode, RedisCluster
from redis.sentinel import Sentinel

from dashboard.feed.keys import Keys

# What callers outside dashboard.feed catch when Redis is away (they never import redis).
REDIS_ERRORS = (redis.RedisError, OSError)
SENTINEL_SCHEME = "redis+sentinel"
CLUSTER_SCHEME = "redis+cluster"
SECRET_PARAMS = ("password", "sentinel_password", "ssl_password")   # query parameters redis-py reads as secrets


@dataclass(frozen=True)
class SentinelTarget:
    """What a redis+sentinel:// URL names: the sentinels, the service, the db."""
    sentinels: tuple[tuple[str, int], ...]
    service: str
    db: int = 0
    password: str | None = None
    username: str | None = None


def parse_sentinel_url(url: str) -> SentinelTarget:
    """redis+sentinel://[:password@]host:port[,host:port...]/service[/db]"""
    rest = url.split("://", 1)[1]
    netloc, _, path = rest.partition("/")
    auth, _, hosts = netloc.rpartition("@")
    username, _, password = auth.partition(":") if auth else ("", "", "")
    sentinels = []
    for hp in hosts.split(","):
        host, _, port = hp.rpartition(":") if ":" in hp else (hp, "", "26379")
        sentinels.append((host.strip("[]"), int(port)))
    parts = [p for p in path.split("?")[0].split("/") if p]
    if not parts or not sentinels:
        raise ValueError("redis+sentinel URL needs host:port[,host:port...]/service[/db]")
    return SentinelTarget(tuple(sentinels), unquote(parts[0]), int(parts[1]) if len(parts) > 1 else 0,
                          unquote(password) or None, unquote(username) or None)


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
        """The URL with every secret it can carry masked (the password in the
        authority, and `?password=` as redis-py takes for unix sockets), for logs
        and screens."""
        parts = urlsplit(self.url)
        netloc = parts.netloc
        user, at, hosts = netloc.rpartition("@")
        if at and ":" in user:
            netloc = f"{user.split(':', 1)[0]}:***@{hosts}"
        query = urlencode([(k, "***" if k.lower() in SECRET_PARAMS else v)
                           for k, v in parse_qsl(parts.query, keep_blank_values=True)], safe="*")
        return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")

    @property
    def sentinel(self) -> SentinelTarget | None:
        return parse_sentinel_url(self.url) if self.url.startswith(SENTINEL_SCHEME + "://") else None

    def client(self, *, blocking: bool = False, role: str | None = None, decode: bool = True) -> redis.Redis:
        """A client that fails fast (no retries: the reader has its own loop).

        Blocking readers get no socket timeout, since XREAD BLOCK waits on purpose.
        `role` names the connection `<prefix><role>` (e.g. `jru:reader`), so
        `CLIENT LIST` on the server shows which part of the dashboard holds it.
        decode=False returns bytes (the feed reader decodes each entry itself).
        """
        options = dict(decode_responses=decode, retry=Retry(NoBackoff(), 0),
                       socket_connect_timeout=2.0, socket_timeout=None if blocking else 5.0,
                       health_check_interval=30,
                       client_name="".join(c if c.isprintable() and not c.isspace() else "_"
                                           for c in f"{self.prefix}{role}") if role else None)
        if self.url.startswith(CLUSTER_SCHEME + "://"):
            netloc = self.url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
            target = parse_sentinel_url(f"{CLUSTER_SCHEME}://{netloc}/cluster")   # same hosts/password form
            return RedisCluster(startup_nodes=[ClusterNode(h, p) for h, p in target.sentinels],
                                password=target.password, username=target.username, **options)
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
