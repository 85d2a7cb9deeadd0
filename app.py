"""Entry point. `python app.py [--demo] [--port 8050] ...` or `gunicorn app:server`.

Without REDIS_URL an embedded Redis (Valkey) is started for this process and
the demo replay runs; with REDIS_URL that server is used and no demo starts
unless asked (--demo / JRU_DEMO=1).
"""
from __future__ import annotations

import atexit
import logging
import sys
import threading

from dashboard.settings import Settings, from_env, parse_args

log = logging.getLogger("jru")


def create_app(settings: Settings | None = None):
    """Settings -> a running Dash app (feed reader started, demo if asked)."""
    from dashboard.feed.server import EmbeddedRedis
    from dashboard.runtime import build_runtime
    from dashboard.ui.app import create_dash

    settings = settings or from_env()
    redis_url = settings.redis_url
    if not redis_url:
        embedded = EmbeddedRedis()
        redis_url = embedded.start()
        atexit.register(embedded.close)
    rt = build_runtime(settings, redis_url)
    if not settings.redis_url:
        atexit.register(rt.reader.stop)   # runs before embedded.close (atexit is last in, first out): no
                                          # "Redis unreachable" warning on Ctrl-C
    if settings.demo:
        from dashboard.replay.demo import run_demo
        stop = threading.Event()
        atexit.register(stop.set)
        threading.Thread(target=run_demo, args=(rt.redis, stop), kwargs={"speed": settings.demo_speed},
                         name="demo-replay", daemon=True).start()
    app = create_dash(rt)
    app.runtime = rt
    return app


def main(argv: list[str] | None = None) -> int:
    from dashboard.feed.server import exit_cleanly_on_sigterm
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = parse_args(argv)
    exit_cleanly_on_sigterm()
    app = create_app(settings)
    log.info("dashboard on http://%s:%s (%s)", settings.host, settings.port,
             "demo replay" if settings.demo else "live feed")
    from werkzeug.serving import make_server

    from dashboard.serving import QuietRequestHandler
    try:
        server = make_server(settings.host, settings.port, app.server, threaded=True,
                             request_handler=QuietRequestHandler)   # no query strings (tokens) in the log
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
