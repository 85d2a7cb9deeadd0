"""Replay a file into the feed:  python -m dashboard.replay FILE [--speed X|max] [--redis-url URL]

REDIS_URL / --redis-url, JRU_PREFIX / --prefix and JRU_CLOSED_KEEP_S / --closed-keep-s as for the
dashboard (dashboard/settings.py); with no Redis URL, a Redis on this machine's port 6379.

FILE is a plain incident CSV or a data.police.uk street-level crime CSV (see
`dashboard.replay.importers`), or a demo-history folder (incidents.csv.gz +
shifts.csv.gz), which is replayed with units and controls until Ctrl-C.
Exit codes: 0 done, 2 bad file or arguments, 1 Redis unreachable.
"""
from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from dashboard.feed.settings import RedisSettings
from dashboard.settings import add_flags
from dashboard.replay.importers import BadFile, read_incidents, write_events


LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def _speed(text: str) -> float | None:
    if text == "max":
        return None
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number or 'max'") from None
    if not 1 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"speed {value:g} outside 1..3600 (or 'max')")
    return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dashboard.replay", description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--speed", type=_speed, default=None, help="1..3600 x real time, or max (default)")
    add_flags(ap, ("redis_url", "prefix", "closed_keep_s"))
    args = ap.parse_args(argv)
    # the dashboard starts a Redis of its own without a URL; a tool needs one already running
    settings = RedisSettings.from_url(args.redis_url or LOCAL_REDIS, prefix=args.prefix)
    stop = threading.Event()
    try:
        settings.client().ping()
    except Exception as exc:
        print(f"cannot reach Redis at {settings.safe_url}: {exc}", file=sys.stderr)
        return 1
    if args.file.is_dir():
        from dashboard.replay.history_index import load_history
        from dashboard.replay.replayer import Replayer
        try:
            history = load_history(args.file)
        except (FileNotFoundError, KeyError, ValueError) as exc:
            print(f"{args.file}: not a demo history ({exc})", file=sys.stderr)
            return 2
        try:
            Replayer(settings, history, speed=args.speed or 3600.0, closed_keep_s=float(args.closed_keep_s)).run(stop)
        except KeyboardInterrupt:
            stop.set()
        return 0
    try:
        events, report = read_incidents(args.file)
    except BadFile as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        written = write_events(settings, events, speed=args.speed, progress=True, stop=stop)
    except KeyboardInterrupt:
        stop.set()
        print("interrupted", file=sys.stderr)
        return 130
    for line in report.lines():
        print(line)
    print(f"  events written: {written} to {settings.keys.incidents} on {settings.safe_url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
