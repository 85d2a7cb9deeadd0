"""A JRU_ROADS file's road graph built once, before gunicorn starts its workers (gunicorn.conf.py).

Imports only the settings until there is something to build: the gunicorn master runs this.
"""
from __future__ import annotations

import multiprocessing
import time

from dashboard.settings import Settings


def keep_road_graph(settings: Settings) -> str | None:
    """Build and keep the graph of a JRU_ROADS file before gunicorn starts its workers (gunicorn.conf.py).

    A worker that parsed a county extract itself could pass gunicorn's boot timeout (30 s), be killed
    before it kept the graph, and be started again for ever; from the kept graph a worker starts in
    seconds. Runs in a child process, so the master does not hold the parse's memory. None when there
    is nothing to keep, else what happened, for the log."""
    if settings.eta_model != "road" or not settings.roads or not settings.roads_cache:
        return None
    started = time.monotonic()
    child = multiprocessing.get_context("fork").Process(target=_keep, args=(settings.roads, settings.roads_cache))
    child.start()
    child.join()
    if child.exitcode != 0:
        return f"road graph of {settings.roads} not built before the workers start (exit {child.exitcode}): each worker tries"
    return f"road graph of {settings.roads} ready in {settings.roads_cache} ({time.monotonic() - started:.1f} s)"


def _keep(roads: str, cache_dir: str) -> None:
    from dashboard.core.road_cache import cached_graph
    cached_graph(roads, cache_dir)
