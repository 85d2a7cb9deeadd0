"""A JRU_ROADS file's road graph built once, before gunicorn starts its workers (gunicorn.conf.py).

Imports only the settings until there is something to build: the gunicorn master runs this.
"""
from __future__ import annotations

import multiprocessing
import time

from dashboard.settings import Settings


def keep_road_graph(settings: Settings) -> str | None:
    """Build and keep the graph of a JRU_ROADS file before gunicorn starts its workers (gunicorn.conf.py).

    The parse runs once, in a child process that then exits: no worker (and not the master) keeps
    the high-water of its memory (pyrosm peaks at GBs on a real county extract; the worker that
    parsed kept 40-140 MB more than one that read, over runs of bench/road_cache.py), and every worker
    starts from the kept graph in seconds. None when there is nothing to keep, else what happened,
    for the log. (gunicorn 27 does not time out a booting worker: measured with --timeout 5 and an
    8 s parse, so this is about memory and start time, not about being killed.)"""
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
    from dashboard.core.roads.cache import cached_graph
    cached_graph(roads, cache_dir)
