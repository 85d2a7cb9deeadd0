"""The app factory: settings -> the web server (Flask) with the Dash screens on it.

Wires, in order: the runtime (feed reader, services), the demo replay if asked,
Dash with its assets served locally, the JSON API, security headers and the
cross-origin check, sign-in, the push stream, the screens, and who may call
which of their callbacks.
"""
from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable

import dash

from dashboard.runtime import Runtime, build_runtime
from dashboard.settings import Settings, from_env
from dashboard.ui.layers.incidents import incident_feature
from dashboard.ui.screens import ASSETS, install_screens
from dashboard.web.api import api_blueprint
from dashboard.web.auth import install_auth
from dashboard.web.limits import MAX_REQUEST_BYTES
from dashboard.web.permissions import install_permissions
from dashboard.web.push.broadcaster import Broadcaster
from dashboard.web.push.routes import HEARTBEAT_S, MAX_STREAM_S, push_blueprint
from dashboard.web.security import install_security


def create_app(settings: Settings | None = None, *, clock: Callable[[], float] = time.time,
               heartbeat_s: float = HEARTBEAT_S, max_stream_s: float = MAX_STREAM_S) -> dash.Dash:
    """Settings -> a running Dash app (feed reader started, demo if asked); `.runtime` holds the services.
    `clock` (sign-in sessions) and the push stream's times: create_dash's, for tests to give their own."""
    from dashboard.feed.server import EmbeddedRedis

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
        threading.Thread(target=run_demo, args=(rt.redis, stop), name="demo-replay", daemon=True,
                         kwargs={"speed": settings.demo_speed, "closed_keep_s": settings.closed_keep_s}).start()
    app = create_dash(rt, clock=clock, heartbeat_s=heartbeat_s, max_stream_s=max_stream_s)
    app.runtime = rt
    return app


def broadcaster(rt: Runtime) -> Broadcaster:
    """The push broadcaster over this runtime: screens draw incidents as the map does."""
    return Broadcaster(rt.picture, now=rt.clock.now, staleness_s=rt.settings.staleness_s,
                       replaying=lambda: bool(rt.replay.status()), connected=rt.health.connected,
                       incident_feature=lambda inc, now: incident_feature(rt.views.incident(inc, now)))


def create_dash(rt: Runtime, *, clock: Callable[[], float] = time.time, heartbeat_s: float = HEARTBEAT_S,
                max_stream_s: float = MAX_STREAM_S) -> dash.Dash:
    """`clock`: the sign-in sessions' wall clock; `heartbeat_s` / `max_stream_s`: push_blueprint's."""
    app = dash.Dash(__name__, assets_folder=str(ASSETS), title="North Kent JRU",
                    serve_locally=True, suppress_callback_exceptions=True, update_title=None)
    # the pages' language: a screen reader picks its voice and pronunciation by it
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">', 1)
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES   # a huge body is refused (413) before parsing
    app.server.register_blueprint(api_blueprint(rt))
    install_security(app, rt.settings)      # headers, CSP, cross-origin check
    install_auth(app.server, rt.settings, rt.redis, clock)   # sign-in, sessions in Redis, wall tokens, API keys
    app.server.register_blueprint(push_blueprint(broadcaster(rt), heartbeat_s=heartbeat_s, max_stream_s=max_stream_s))
    install_screens(app, rt)
    install_permissions(app)   # issue 13.2: who may call which callback, after all are registered
    return app
