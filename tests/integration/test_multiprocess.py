"""Several processes, one truth: real gunicorn dashboards on the same streams.

Two dashboards (2 gthread workers each, then one with 4), fed through Redis;
each worker has its own picture, so repeated requests hit different workers
and must all agree. A worker killed with SIGKILL is replaced by gunicorn and
its picture rebuilt from the streams."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dashboard.feed.server import free_port
from dashboard.feed.writer import FeedWriter
from tests.helpers import eventually

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, ValueError, IndexError):
                pass
    return out


def _get(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=5) as r:
        return json.loads(r.read())


class Dashboard:
    def __init__(self, redis_settings, workers: int, log_dir: Path, **settings: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, REDIS_URL=redis_settings.url, JRU_PREFIX=redis_settings.prefix, JRU_DEMO="0",
                   JRU_AUTH="0", JRU_ETA_MODEL="straight")
        env.update(settings)
        self.log = log_dir / f"gunicorn-{self.port}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", "4",
             "-b", f"127.0.0.1:{self.port}", "--graceful-timeout", "2", "app:server"],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        self.workers = workers

    def wait_ready(self, timeout=90):
        """Until every worker answers healthy: a burst of parallel /healthz all 200 (one worker
        ready and the others forked is not enough: a worker still starting its feed reader says 503)."""
        def ready():
            assert self.proc.poll() is None, self.log.read_text()[-2000:]
            if len(_children(self.proc.pid)) != self.workers:
                return False
            try:
                with ThreadPoolExecutor(8) as pool:
                    answers = list(pool.map(lambda _: _get(self.base, "/healthz"), range(4 * self.workers)))
            except OSError:       # not listening yet, or a worker not ready (503)
                return False
            return all(h["redis"]["reachable"] for h in answers)
        eventually(ready, timeout=timeout, interval=0.3)

    def views(self, path: str, n: int = 24) -> list:
        """The same question asked n times (spread over the workers); a refused
        connection (a worker being replaced) counts as 'not yet'."""
        try:   # in parallel, so every worker of the process gets some of them
            with ThreadPoolExecutor(8) as pool:
                return list(pool.map(lambda _: _get(self.base, path), range(n)))
        except OSError as exc:
            raise AssertionError(f"{path}: {exc}") from None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def _units(body) -> dict:
    return {u["unit"]: (u["lat"], u["lon"], u["status"]) for u in body["units"]}


def _incidents(body) -> dict:
    return {i["incident"]: (i["status"], i["unit"]) for i in body["incidents"]}


@pytest.fixture
def dashboards(redis_settings, tmp_path):
    started = []

    def start(workers=2, **settings):
        d = Dashboard(redis_settings, workers, tmp_path, **settings)
        started.append(d)
        return d
    yield start
    for d in started:
        d.stop()


def test_two_dashboards_agree_and_see_assignments_and_survive_a_killed_worker(dashboards, redis_settings,
                                                                              redis_client):
    a, b = dashboards(2), dashboards(4)
    a.wait_ready()
    b.wait_ready()
    w = FeedWriter(redis_client, redis_settings.keys)
    now = time.time()
    expected = {}
    for i in range(200):
        name = f"MP-{i % 20}"
        lat, lon = round(51.3 + i / 1000, 6), round(0.5 + i / 1000, 6)
        w.unit_report({"unit": name, "ts": now - 60 + i * 0.1, "lat": lat, "lon": lon, "status": "available"})
        expected[name] = (lat, lon, "available")
    for j in range(5):
        w.incident_event({"incident": f"MPI-{j}", "ts": now - 50, "lat": 51.4, "lon": 0.52, "type": "rtc"})
    w.unit_report({"unit": "MP-BAD", "ts": "2026-11-25T12:00:00"})     # rejected once, by whichever reads first

    def all_agree(expected_units, expected_incidents):
        for d in (a, b):
            for body in d.views("/api/units"):
                assert _units(body) == expected_units
            for body in d.views("/api/incidents"):
                assert _incidents(body) == expected_incidents
        return True
    expected_incidents = {f"MPI-{j}": ("open", None) for j in range(5)}
    eventually(lambda: all_agree(expected, expected_incidents), timeout=15, interval=0.2)
    assert redis_client.xlen(redis_settings.keys.rejects) == 1       # once across 6 workers in 2 processes

    # an assignment accepted in some dashboard: XADD as Runtime.accept would
    assert w.assignment(incident="MPI-2", unit="MP-7", ts=time.time(), by="duty officer", rank=1,
                        eta_s=120, distance_m=900)
    expected["MP-7"] = (*expected["MP-7"][:2], "en_route")
    expected_incidents["MPI-2"] = ("assigned", "MP-7")
    eventually(lambda: all_agree(expected, expected_incidents), timeout=10, interval=0.2)

    # kill one of a's workers: gunicorn starts a new one, whose picture is rebuilt from the streams
    old = _children(a.proc.pid)
    victim = old[0]
    os.kill(victim, signal.SIGKILL)
    t = time.monotonic()
    eventually(lambda: (kids := _children(a.proc.pid)) and len(kids) == 2 and victim not in kids, timeout=30,
               interval=0.2)
    eventually(lambda: all_agree(expected, expected_incidents), timeout=30, interval=0.2)
    print(f"\nworker {victim} killed; replaced and serving the same picture {time.monotonic() - t:.1f} s later")
    # and the feed goes on for the new worker too
    w.unit_report({"unit": "MP-NEW", "ts": time.time(), "lat": 51.41, "lon": 0.51, "status": "available"})
    expected["MP-NEW"] = (51.41, 0.51, "available")
    eventually(lambda: all_agree(expected, expected_incidents), timeout=10, interval=0.2)
    assert redis_client.xlen(redis_settings.keys.rejects) == 1       # the new worker did not re-reject


def test_a_road_file_is_parsed_once_before_the_workers_start(dashboards, tmp_path):
    """JRU_ROADS: the master builds the road graph before the workers start (gunicorn.conf.py), so no
    worker parses a county extract or keeps its memory; the workers start from the kept graph."""
    from tests.unit.test_road_chains import _network
    roads, kept = tmp_path / "roads.gpkg", tmp_path / "kept"
    _network().to_file(roads, driver="GPKG")
    d = dashboards(2, JRU_ETA_MODEL="road", JRU_ROADS=str(roads), JRU_ROADS_CACHE=str(kept))
    d.wait_ready()
    log = d.log.read_text()
    assert f"road graph of {roads} ready in {kept}" in log
    assert log.index("road graph of") < log.index("Booting worker")
    assert len(list(kept.glob("roads-*.npz"))) == 1
    assert not [w for v in d.views("/healthz", 8) for w in v["warnings"] if "Road model" in w]   # loaded in every worker
