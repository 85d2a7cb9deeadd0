"""Feed ingest benchmark: how fast one FeedReader applies unit reports, and
whether it keeps up with a live feed; against plain baselines in the same run.

    .venv/bin/python bench/ingest.py [--reports 200000] [--rate 10000] [--seconds 10] [--repeats 3]

Everything runs against an embedded Redis (Valkey) on 127.0.0.1. On a machine
with 2+ cores this process is pinned to core 0 and the Redis server to core 1,
so "one core" means one core for the reader.

1. Catch-up: N unit reports (2,000 call signs, positions in North Kent as Unix
   seconds, a status on one in five, a kind on one in ten) are XADDed first.
   Then, each repeated, best-of/median reported:
   - baseline A, XREAD alone: the same XREAD COUNT 2000 loop, entries dropped;
   - baseline B, XREAD + plain dict: the same loop, float(lat/lon/ts) into a
     dict per unit, no validation, no ordering rules;
   - FeedReader.catch_up() into a fresh Picture (validation, ordering rules,
     history, change versions);
   plus parse-only and apply-only over entries already in memory.
2. Keeping up: a feeder subprocess XADDs R reports a second (100 per pipelined
   round trip, every 10 ms) for S seconds while a started FeedReader follows.
   Lag per batch = wall time when the batch has been applied - the entry-id
   time of the batch's oldest entry (the worst entry in the batch).
Aims: > 50,000 reports/s applied; lag p99 < 250 ms.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import redis
from redis.utils import HIREDIS_AVAILABLE

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.core.contract import parse_unit_report  # noqa: E402
from dashboard.core.picture import Picture  # noqa: E402
from dashboard.feed.reader import FeedReader  # noqa: E402
from dashboard.feed.server import EmbeddedRedis  # noqa: E402
from dashboard.feed.settings import RedisSettings  # noqa: E402
from machine import cpu_model  # bench/machine.py (bench/ is on sys.path when run as a script)

UNITS = 2000
STATUSES = ("available", "en_route", "on_scene", "unavailable", "off_duty")
KINDS = ("joint", "police", "ambulance")


def pct(values, q):
    return float(np.percentile(values, q)) if len(values) else float("nan")


def report_fields(rng: random.Random, i: int, ts: float) -> dict:
    f = {"unit": f"JRU-{i % UNITS:04d}", "ts": f"{ts:.3f}",
         "lat": f"{51.25 + rng.random() * 0.25:.6f}", "lon": f"{0.15 + rng.random() * 0.83:.6f}"}
    if i % 5 == 0:
        f["status"] = STATUSES[rng.randrange(5)]
    if i % 10 == 0:
        f["kind"] = KINDS[rng.randrange(3)]
    return f


def fill(settings: RedisSettings, n: int) -> None:
    client, rng, t0 = settings.client(), random.Random(7), time.time() - 3600
    for start in range(0, n, 5000):
        pipe = client.pipeline(transaction=False)
        for i in range(start, min(n, start + 5000)):
            pipe.xadd(settings.keys.units, report_fields(rng, i, t0 + i * 0.01))
        pipe.execute()
    client.close()


def xread_loop(settings: RedisSettings, handle=None) -> tuple[int, float, float]:
    client = settings.client()
    last, n = "0-0", 0
    t, c = time.perf_counter(), time.process_time()
    while True:
        resp = client.xread({settings.keys.units: last}, count=2000)
        if not resp:
            break
        entries = resp[0][1]
        if handle is not None:
            handle(entries)
        n += len(entries)
        last = entries[-1][0]
    dt, cpu = time.perf_counter() - t, time.process_time() - c
    client.close()
    return n, dt, cpu


def plain_dict_handler():
    held: dict[str, dict] = {}

    def handle(entries):
        for _id, f in entries:
            u = held.get(f["unit"])
            if u is None:
                u = held[f["unit"]] = {}
            u["ts"] = float(f["ts"])
            u["lat"], u["lon"] = float(f["lat"]), float(f["lon"])
            if "status" in f:
                u["status"] = f["status"]
    return handle


def reader_catch_up(settings: RedisSettings) -> tuple[int, float, float]:
    reader = FeedReader(settings, Picture())
    t, c = time.perf_counter(), time.process_time()
    n = reader.catch_up()
    return n, time.perf_counter() - t, time.process_time() - c


def catch_up_section(settings: RedisSettings, n: int, repeats: int) -> dict:
    client = settings.client()
    entries = client.xrange(settings.keys.units)
    client.close()
    rows = {}
    runs = {"baseline A: XREAD alone": lambda: xread_loop(settings),
            "baseline B: XREAD + plain dict (no validation)": lambda: xread_loop(settings, plain_dict_handler()),
            "FeedReader.catch_up (XREAD + parse + apply)": lambda: reader_catch_up(settings)}
    for name, fn in runs.items():
        rates = []
        for _ in range(repeats):
            got, dt, cpu = fn()
            assert got == n, (name, got, n)
            rates.append((got / dt, got / cpu))
        rows[name] = rates
    # in memory: parse alone, apply alone
    rates_p, rates_a = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        reports = [parse_unit_report(f) for _id, f in entries]
        rates_p.append((len(entries) / (time.perf_counter() - t), len(entries) / (time.process_time() - c)))
        picture = Picture()
        t, c = time.perf_counter(), time.process_time()
        for r in reports:
            picture.apply_unit(r)
        rates_a.append((len(entries) / (time.perf_counter() - t), len(entries) / (time.process_time() - c)))
    rows["parse_unit_report alone (in memory)"] = rates_p
    rows["Picture.apply_unit alone (in memory)"] = rates_a
    return rows


class LagReader(FeedReader):
    """A FeedReader that records, per batch, the lag of the batch's oldest entry once applied."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.lags: list[float] = []
        self.batch_sizes: list[int] = []
        self._first_id: str | None = None

    def _handle(self, stream, entry_id, fields):
        if self._first_id is None:
            self._first_id = entry_id
        super()._handle(stream, entry_id, fields)

    def step(self, block: bool = True) -> int:
        self._first_id = None
        n = super().step(block)
        if n and self._first_id is not None:
            self.lags.append(time.time() - int(self._first_id.split("-")[0]) / 1000.0)
            self.batch_sizes.append(n)
        return n


def resp(*args: str) -> bytes:
    out = [f"*{len(args)}\r\n".encode()]
    for a in args:
        b = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


def feeder(url: str, prefix: str, rate: int, seconds: float) -> None:
    """Subprocess: XADD `rate` reports a second, 100 per round trip every 100/rate s. The
    commands are written as raw RESP on a socket (redis-py's command packing would cost
    more CPU than the reader under test on a small machine)."""
    import socket
    from urllib.parse import urlsplit
    settings = RedisSettings.from_url(url, prefix)
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port))
    rng = random.Random(11)
    per, i = 100, 0
    interval = per / rate
    t0 = time.time()
    tick = 0
    late = 0.0
    while time.time() - t0 < seconds:
        due = t0 + tick * interval
        wait = due - time.time()
        if wait > 0:
            time.sleep(wait)
        else:
            late = max(late, -wait)
        now = time.time()
        batch = []
        for _ in range(per):
            f = report_fields(rng, i, now)
            batch.append(resp("XADD", settings.keys.units, "*", *[x for kv in f.items() for x in kv]))
            i += 1
        sock.sendall(b"".join(batch))
        got = b""
        while got.count(b"\r\n") < 2 * per:   # each reply: $<len>\r\n<id>\r\n
            got += sock.recv(65536)
        tick += 1
    elapsed = time.time() - t0
    print(f"{i} {elapsed:.3f} {late:.3f}", flush=True)


def keep_up_section(settings: RedisSettings, rate: int, seconds: float) -> dict:
    reader = LagReader(settings, Picture(), block_ms=100)
    reader.catch_up()
    reader.lags.clear(); reader.batch_sizes.clear()
    reader.start()
    cpu0 = time.process_time()
    proc = subprocess.run([sys.executable, __file__, "--feed", settings.url, settings.prefix, str(rate), str(seconds)],
                          capture_output=True, text=True, timeout=seconds + 60)
    time.sleep(0.5)
    reader.stop()
    cpu = time.process_time() - cpu0
    written, elapsed, late = proc.stdout.split()
    return {"written": int(written), "elapsed": float(elapsed), "feeder_late_s": float(late),
            "applied": reader.picture.applied, "lags": reader.lags, "batches": reader.batch_sizes,
            "reader_cpu_share": cpu / (seconds + 0.5)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--reports", type=int, default=200_000)
    p.add_argument("--rate", type=int, default=10_000)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--feed", nargs=4, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.feed:
        url, prefix, rate, seconds = args.feed
        feeder(url, prefix, int(rate), float(seconds))
        return 0

    cores = os.cpu_count() or 1
    with EmbeddedRedis() as url:
        if cores >= 2 and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {0})
            try:   # the Redis server on the other core
                os.sched_setaffinity(int(RedisSettings.from_url(url).client().info("server")["process_id"]), {1})
            except (OSError, KeyError, ValueError):
                pass
        print(f"machine: nproc={cores}, {cpu_model()}, Python {sys.version.split()[0]}, "
              f"load average {os.getloadavg()[0]:.1f} at start; redis-py {redis.__version__}, "
              f"{'hiredis' if HIREDIS_AVAILABLE else 'pure-Python'} RESP parser; "
              f"this process pinned to core 0 ({sorted(os.sched_getaffinity(0))})")
        settings = RedisSettings.from_url(url, prefix="ingest:")
        t = time.perf_counter()
        fill(settings, args.reports)
        print(f"\n1. catch-up: {args.reports:,} unit reports ({UNITS:,} call signs) XADDed in "
              f"{time.perf_counter() - t:.1f} s; {args.repeats} runs each")
        rows = catch_up_section(settings, args.reports, args.repeats)
        print("| what | wall reports/s (median) | wall best | per CPU-second of this process (median) "
              "| CPU us per report |\n|---|---|---|---|---|")
        for name, rates in rows.items():
            wall, cpu = statistics.median(r[0] for r in rates), statistics.median(r[1] for r in rates)
            print(f"| {name} | {wall:,.0f} | {max(r[0] for r in rates):,.0f} | {cpu:,.0f} | {1e6 / cpu:.1f} |")
        med = {k: statistics.median(r[0] for r in v) for k, v in rows.items()}
        medc = {k: statistics.median(r[1] for r in v) for k, v in rows.items()}
        fr = med["FeedReader.catch_up (XREAD + parse + apply)"]
        a, b = med["baseline A: XREAD alone"], med["baseline B: XREAD + plain dict (no validation)"]
        frc = medc["FeedReader.catch_up (XREAD + parse + apply)"]
        ac, bc = medc["baseline A: XREAD alone"], medc["baseline B: XREAD + plain dict (no validation)"]
        print(f"\nFeedReader / baseline A (XREAD alone): wall {fr / a:.2f}x, CPU {frc / ac:.2f}x the rate "
              f"({1e6 / frc - 1e6 / ac:.1f} CPU us per report on top of reading it)")
        print(f"FeedReader / baseline B (plain dict): wall {fr / b:.2f}x, CPU {frc / bc:.2f}x the rate")
        print(f"aim > 50,000/s: wall {'MET' if fr > 50_000 else 'MISSED'} ({fr:,.0f}/s), "
              f"per CPU-second {'MET' if frc > 50_000 else 'MISSED'} ({frc:,.0f}/s); "
              f"load average {os.getloadavg()[0]:.1f} on {cores} cores")

        live = RedisSettings.from_url(url, prefix="live:")
        print(f"\n2. keeping up: feeder subprocess writes {args.rate:,}/s for {args.seconds:g} s; "
              f"a started FeedReader follows")
        r = keep_up_section(live, args.rate, args.seconds)
        lags = [x * 1000 for x in r["lags"]]
        print(f"written {r['written']:,} in {r['elapsed']:.2f} s ({r['written'] / r['elapsed']:,.0f}/s; "
              f"feeder at most {r['feeder_late_s'] * 1000:.0f} ms behind its schedule), applied {r['applied']:,}")
        print(f"batches {len(lags)}, entries per batch median {statistics.median(r['batches']):.0f}, "
              f"max {max(r['batches'])}; reader process CPU {r['reader_cpu_share'] * 100:.0f}% of one core")
        print("| lag per batch (oldest entry, once applied) | p50 | p99 | max |\n|---|---|---|---|")
        print(f"| ms | {pct(lags, 50):.1f} | {pct(lags, 99):.1f} | {max(lags):.1f} |")
        print(f"aim p99 < 250 ms: {'MET' if pct(lags, 99) < 250 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
