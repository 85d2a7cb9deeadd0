"""Replay benchmark: clock drift at 3600x, entries/s, seek time; against naive baselines.

    .venv/bin/python bench/replay.py [--seconds 10] [--seeks 20]

Everything runs in one process against an embedded Redis (Valkey):
1. The Replayer plays the last year of the shipped history at 3600x for N s
   (from a Friday 14:00 a year before the demo's evening);
   a second client samples the replay clock every 50 ms and compares the
   dashboard's view of it (ts + (now - wall) * speed) with where replayed time
   should be (start + (now - wall0) * 3600).
2. Baseline: a naive loop that sleeps a tick, adds tick x speed to its clock
   and writes every due entry (5 s unit reports, no coarsening) with single
   XADDs: its clock drifts by whatever the writes cost.
3. Write throughput: the same 20,000 entries pipelined (FeedWriter, ~1,000
   a round trip) vs one XADD per entry.
4. Seek to 20 random moments: bisection on the sorted arrays vs a linear scan
   of every incident and shift (both write the same snapshot).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.feed.clock import ClockState, read_clock, write_clock  # noqa: E402
from dashboard.feed.server import EmbeddedRedis  # noqa: E402
from dashboard.feed.settings import RedisSettings  # noqa: E402
from dashboard.feed.writer import FeedWriter  # noqa: E402
from dashboard.replay.demo import busy_evening  # noqa: E402
from dashboard.replay.history_index import load_history  # noqa: E402
from dashboard.replay.replayer import Replayer  # noqa: E402

SPEED = 3600.0


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def sample_drift(settings: RedisSettings, wall0: float, start: float, seconds: float) -> list[float]:
    client = settings.client()
    drifts = []
    end = time.time() + seconds
    while time.time() < end:
        clock, _ = read_clock(client, settings.keys)
        now = time.time()
        if clock is None:
            time.sleep(0.01)
            continue
        drifts.append(abs(clock.now(now) - (start + (now - wall0) * SPEED)))
        time.sleep(0.05)
    client.close()
    return drifts


def run_replayer(settings: RedisSettings, history, start: float, seconds: float) -> tuple[list[float], float, Replayer]:
    rep = Replayer(settings, history, speed=SPEED, start=start)
    stop = threading.Event()
    thread = threading.Thread(target=rep.run, args=(stop,), daemon=True)
    thread.start()
    while rep.epoch == 0 or rep.pos == 0:
        time.sleep(0.01)
    time.sleep(0.2)
    wall0, ts0 = rep.pace.anchor_wall, rep.pace.anchor_ts
    n0, t0 = rep.entries_written, time.time()
    drifts = sample_drift(settings, wall0, ts0, seconds)
    rate = (rep.entries_written - n0) / (time.time() - t0)
    stop.set()
    thread.join(5)
    return drifts, rate, rep


def run_naive(settings: RedisSettings, history, start: float, seconds: float) -> tuple[list[float], float]:
    """Sleep-a-tick pacing, every report, one XADD each (what a first attempt looks like)."""
    helper = Replayer(settings, history, speed=SPEED, start=start)
    client = settings.client()
    writer = FeedWriter(client, settings.keys)
    ts, written, stop = start, 0, threading.Event()
    wall0 = time.time()

    def loop():
        nonlocal ts, written
        while not stop.is_set():
            time.sleep(0.1)
            nxt = ts + 0.1 * SPEED
            units = []
            for row in history.shifts_between(ts, nxt):  # every 5 s report, no coarsening
                track = helper._track(int(row))
                t = max(track.start, ts - (ts - track.start) % 5.0 + 5.0)
                while t <= min(nxt, track.end):
                    units.append(track.report(t))
                    t += 5.0
            for fields in units + helper.incident_events(ts, nxt):
                (writer.unit_report if "unit" in fields and "incident" not in fields
                 else writer.incident_event)(fields)
                written += 1
            ts = nxt
            with client.pipeline() as pipe:   # the clock alone, as a naive writer would
                write_clock(pipe, settings.keys, ClockState(ts, SPEED, time.time(), 0))
                pipe.execute()
    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    drifts = sample_drift(settings, wall0, start, seconds)
    stop.set()
    thread.join(5)
    client.close()
    return drifts, written / seconds


def write_throughput(settings: RedisSettings, history, start: float, n: int = 20_000) -> tuple[float, float]:
    rep = Replayer(settings, history, speed=SPEED, start=start)
    entries: list[dict] = []
    a = start
    while len(entries) < n:
        entries += rep.unit_reports(a, a + 5.0)
        a += 5.0
    entries = entries[:n]
    client = settings.client()
    writer = FeedWriter(client, settings.keys)
    t0 = time.perf_counter()
    for i in range(0, n, 1000):
        pipe = client.pipeline(transaction=False)
        for f in entries[i:i + 1000]:
            writer.unit_report(f, pipe=pipe)
        pipe.execute()
    piped = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for f in entries:
        writer.unit_report(f)
    single = n / (time.perf_counter() - t0)
    client.close()
    return piped, single


def naive_seek(rep: Replayer, t: float) -> float:
    """Same snapshot, found by scanning every incident and shift in Python."""
    t0 = time.perf_counter()
    h = rep.h
    active = [i for i in range(len(h.opened)) if h.times[i, 0] <= t < h.times[i, 3]]
    rows = [r for r in range(len(h.shift_start)) if h.shift_start[r] - 3600 <= t and h.shift_end[r] >= t - 3600]
    assert len(active) == len(h.active_incidents(t)) and len(rows) >= 0
    rep.seek(t)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--seeks", type=int, default=20)
    args = ap.parse_args()
    history = load_history()
    # a year before the demo's busy Friday, from 14:00: the next hours have units on shift
    start = busy_evening(history) - 364 * 86400 - 5 * 3600
    with EmbeddedRedis() as url:
        drift, rate, rep = run_replayer(RedisSettings.from_url(url, prefix="b1:"), history, start, args.seconds)
        ndrift, nrate = run_naive(RedisSettings.from_url(url, prefix="b2:"), history, start, args.seconds)
        piped, single = write_throughput(RedisSettings.from_url(url, prefix="b3:"), history, start)
        rng = np.random.default_rng(7)
        moments = rng.uniform(start, history.span[1], size=args.seeks)
        seek_rep = Replayer(RedisSettings.from_url(url, prefix="b4:"), history, speed=SPEED, start=start)
        fast = [seek_rep.seek(float(t)) for t in moments]
        slow = [naive_seek(seek_rep, float(t)) for t in moments]
    print(f"replay of the last year at {SPEED:g}x for {args.seconds:g} s (routes: {rep.router_name})")
    print(f"  clock drift  replayer: median {statistics.median(drift):.2f} s, p95 {pct(drift, 95):.2f} s, "
          f"max {max(drift):.2f} s (replayed seconds; 1 s wall = 3600 s)")
    print(f"               naive   : median {statistics.median(ndrift):.1f} s, p95 {pct(ndrift, 95):.1f} s, "
          f"max {max(ndrift):.1f} s  -> {max(ndrift) / max(max(drift), 1e-3):.0f}x worse (max)")
    print(f"  entries/s while replaying: replayer {rate:.0f} (coarse: 1 report/unit/tick), naive {nrate:.0f}")
    print(f"  write throughput: pipelined {piped:,.0f}/s, single XADD {single:,.0f}/s -> {piped / single:.1f}x")
    print(f"  seek ({args.seeks} moments): bisection median {statistics.median(fast) * 1000:.1f} ms, "
          f"p95 {pct(fast, 95) * 1000:.1f} ms; linear scan median {statistics.median(slow) * 1000:.1f} ms, "
          f"p95 {pct(slow, 95) * 1000:.1f} ms -> {statistics.median(slow) / statistics.median(fast):.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
