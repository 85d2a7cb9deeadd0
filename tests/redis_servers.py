"""Real Redis topologies on loopback for failover tests, from Debian's `redis-server`
(Sentinel and Cluster need a real server binary; `.ci/run` installs it).

Each server is a child process with its own directory; `stop()` kills them all.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from dashboard.feed.server import free_port

REDIS_SERVER = shutil.which("redis-server")


def _client(port: int) -> redis.Redis:
    return redis.Redis(port=port, socket_timeout=2, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0),
                       decode_responses=True)


def wait_until(check, timeout: float = 20.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if (value := check()):
                return value
        except (redis.RedisError, OSError):
            pass
        time.sleep(interval)
    raise AssertionError(f"not within {timeout} s")


@dataclass
class Servers:
    root: Path
    procs: dict[int, subprocess.Popen] = field(default_factory=dict)

    def start(self, port: int, *args: str, conf: str | None = None) -> int:
        d = self.root / str(port)
        d.mkdir(parents=True, exist_ok=True)
        cmd = [REDIS_SERVER]
        if conf is not None:
            (d / "redis.conf").write_text(conf)
            cmd.append(str(d / "redis.conf"))
        cmd += ["--port", str(port), "--bind", "127.0.0.1", "--dir", str(d), "--save", "", "--logfile",
                str(d / "log"), *args]
        self.procs[port] = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: _client(port).ping(), timeout=10)
        return port

    def kill(self, port: int) -> None:
        self.procs[port].send_signal(signal.SIGKILL)
        self.procs[port].wait(5)

    def stop(self) -> None:
        for p in self.procs.values():
            if p.poll() is None:
                p.kill()
                p.wait(5)


def sentinel_setup(root: Path, service: str = "jru") -> tuple[Servers, int, int, list[int]]:
    """A primary, one replica and three sentinels (quorum 2, down after 1 s)."""
    servers = Servers(root)
    primary = servers.start(free_port(), "--appendonly", "yes", "--appendfsync", "always")
    replica = servers.start(free_port(), "--replicaof", "127.0.0.1", str(primary), "--appendonly", "yes")
    wait_until(lambda: _client(replica).info("replication")["master_link_status"] == "up")
    sentinels = []
    for _ in range(3):
        conf = (f"sentinel monitor {service} 127.0.0.1 {primary} 2\n"
                f"sentinel down-after-milliseconds {service} 1000\n"
                f"sentinel failover-timeout {service} 5000\n"
                f"sentinel parallel-syncs {service} 1\n")
        sentinels.append(servers.start(free_port(), "--sentinel", conf=conf))
    wait_until(lambda: all(int(_client(s).sentinel_master(service)["num-other-sentinels"]) == 2
                           and int(_client(s).sentinel_master(service)["num-slaves"]) == 1 for s in sentinels),
               timeout=30)
    return servers, primary, replica, sentinels


def cluster_setup(root: Path, primaries: int = 3) -> tuple[Servers, list[int]]:
    """A real Redis Cluster of `primaries` primaries (no replicas) on loopback."""
    servers = Servers(root)
    ports = [servers.start(free_port(55535), "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                           "--cluster-node-timeout", "2000") for _ in range(primaries)]
    subprocess.run(["redis-cli", "--cluster", "create", *[f"127.0.0.1:{p}" for p in ports],
                    "--cluster-replicas", "0", "--cluster-yes"], check=True, capture_output=True, timeout=60)
    wait_until(lambda: all(_client(p).cluster("info")["cluster_state"] == "ok" for p in ports), timeout=30)
    return servers, ports
