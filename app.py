"""Entry point. `python app.py [--demo] [--port 8050] ...` or `gunicorn app:server`.

Without REDIS_URL an embedded Redis (Valkey) is started for this process and
the demo replay runs; with REDIS_URL that server is used and no demo starts
unless asked (--demo / JRU_DEMO=1).
"""
from __future__ import annotations

import logging
import sys

from dashboard.settings import from_env, parse_args
from dashboard.web.app import create_app

log = logging.getLogger("jru")


def main(argv: list[str] | None = None) -> int:
    from dashboard.feed.server import exit_cleanly_on_sigterm
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = parse_args(argv)
    exit_cleanly_on_sigterm()
    app = create_app(settings)
    log.info("dashboard on http://%s:%s (%s)", settings.host, settings.port,
             "demo replay" if settings.demo else "live feed")
    from werkzeug.serving import make_server
    try:
        server = make_server(settings.host, settings.port, app.server, threaded=True)
    except OSError as exc:
        log.error("cannot serve on %s:%s (%s): is another dashboard running? Stop it or pass --port.",
                  settings.host, settings.port, exc.strerror or exc)
        return 2
    server.daemon_threads = True   # open screens (live streams) must not keep the process alive on Ctrl-C
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


_server_app = None


def __getattr__(name: str):
    """`gunicorn app:server` builds the app on first use (PEP 562), so importing
    app.py (tests, tools) starts nothing."""
    global _server_app
    if name == "server":
        if _server_app is None:
            _server_app = create_app(from_env()).server
        return _server_app
    raise AttributeError(name)


if __name__ == "__main__":
    sys.exit(main())
