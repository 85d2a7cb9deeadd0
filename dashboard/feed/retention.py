"""Retention: keep the feed streams bounded without losing the current picture.

The dashboard rebuilds its picture from the streams on every (re)start, so a
stream can only be trimmed where losing the old entries cannot change what a
rebuilt picture shows *for anything still current*. The rules:

- `jru:units`: trimmed by **age** (XTRIM MINID on the entry id, i.e. arrival
  time), never by count. Default: keep 24 h. A unit whose latest report is
  older than that is long stale (staleness is 2 min) and drops out of a
  rebuilt picture; every unit that reported within the window keeps its latest
  report, so its position and status survive a trim and a rebuild. Trimming by
  count (MAXLEN) would silently drop quiet units' latest reports, so it is not
  used here.
  `kind`, `officers`, `paramedics` are sticky (a report without them keeps the
  earlier value), so the report that stated them may be older than the window:
  each unit's crew as held is kept in `jru:units:crews` before every trim
  (feed/crews.py), and a rebuilt picture starts each unit from it.
- `jru:incidents`: trimmed by age: `JRU_CLOSED_KEEP_S` (the days the statistics page covers, 32 by
  default) and 3 more (`policy_for`). An incident's first event
  (the one with lat/lon) older than that is gone after a trim, so a rebuilt
  picture would reject its later events ("first event ... has no lat/lon").
  Incidents open longer than the window must be re-sent by CAD (one event with
  lat/lon). Closed incidents are forgotten by the picture after `JRU_CLOSED_KEEP_S` anyway.
- `jru:assignments`, `jru:rejects`: outbound logs, capped by count
  (MAXLEN ~ 100,000); assignments also by the incidents' age (the dashboard reads
  them back, and an accept outlives neither its incident nor a reject's guard).
  The rejects counter on the health panel (XLEN) is then "rejects still held",
  at most ~100,000.
- The reject guard keys (`jru:rejected:...`) expire a day after the longest
  age window here (`RetentionPolicy.reject_guard_ttl_s`), so a rebuilding
  reader never re-rejects an entry still in a stream (checked by a test).

All trims are approximate (`~`): Redis removes whole macro-nodes only, so a
stream keeps slightly more than asked and the trim is O(removed) and cheap.
Trims are idempotent: running them from several processes at once is safe (the
same or a slightly different threshold, never more than asked). `maybe_trim`
adds a shared SET NX EX so only one process per interval does the work.

Entry ids are arrival times in the Redis server's clock; `now` should be the
wall clock (time.time()), never the replay clock.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

from dashboard.core.crews import Crew
from dashboard.feed.crews import keep_crews
from dashboard.feed.keys import Keys
from dashboard.settings import CLOSED_KEEP_S

INCIDENTS_MARGIN_S = 3 * 86400.0   # incident events outlive the closed incidents held: their first events too


@dataclass(frozen=True)
class RetentionPolicy:
    units_max_age_s: float = 24 * 3600.0          # unit reports kept by age
    incidents_max_age_s: float = CLOSED_KEEP_S + INCIDENTS_MARGIN_S   # incident events kept by age
    assignments_maxlen: int = 100_000              # outbound logs kept by count
    rejects_maxlen: int = 100_000
    every_s: float = 300.0                         # maybe_trim: at most once per this, across processes

    @property
    def reject_guard_ttl_s(self) -> int:
        """How long a reject's guard key lives: past any entry the streams still hold."""
        return int(max(self.units_max_age_s, self.incidents_max_age_s) + 86400)


def policy_for(closed_keep_s: float) -> RetentionPolicy:
    """The policy for a dashboard holding closed incidents `closed_keep_s` (JRU_CLOSED_KEEP_S): a
    restart rebuilds every incident /stats shows, however long that is set."""
    return RetentionPolicy(incidents_max_age_s=closed_keep_s + INCIDENTS_MARGIN_S)


RETENTION = RetentionPolicy()


def _min_id(now: float, max_age_s: float) -> str:
    return f"{max(0, int((now - max_age_s) * 1000))}-0"


def trim_streams(client: redis.Redis, keys: Keys, *, policy: RetentionPolicy = RETENTION,
                 now: float | None = None, approximate: bool = True, max_rounds: int = 1000,
                 crews: Callable[[], dict[str, Crew]] | None = None) -> dict[str, int]:
    """Trim the four streams by the policy; returns entries removed per stream. `crews`: the units'
    crews as held, kept first (feed/crews.py): a report that stated them may be trimmed.

    Pipelined rounds (not a transaction: each XTRIM is atomic on its own and
    idempotent). Safe to run from several processes at once. A backlog of
    millions of entries (the first trim of an old stream) is removed in rounds
    of ~10,000 per stream, so Redis never blocks for long.
    """
    now = time.time() if now is None else now
    incidents_min = _min_id(now, policy.incidents_max_age_s)
    trims = [
        (keys.units, {"minid": _min_id(now, policy.units_max_age_s)}),
        (keys.incidents, {"minid": incidents_min}),
        (keys.assignments, {"maxlen": policy.assignments_maxlen}),
        # and by age: an accept older than its incident's events is read back (and checked) for
        # nothing, and its reject guard would have expired (one per bad entry, rejected again)
        (keys.assignments, {"minid": incidents_min}),
        (keys.rejects, {"maxlen": policy.rejects_maxlen}),
    ]
    if crews is not None:
        keep = client.pipeline(transaction=False)
        keep_crews(keep, keys, crews())
        keep.execute()
    removed = dict.fromkeys((name for name, _ in trims), 0)
    pending = list(range(len(trims)))
    # An approximate XTRIM removes at most LIMIT entries per call (Redis default:
    # 100 x stream-node-max-entries = 10,000), so each command stays short; go
    # round again while a stream still had a full batch to remove.
    for _ in range(max_rounds):
        pipe = client.pipeline(transaction=False)
        for i in pending:
            pipe.xtrim(trims[i][0], approximate=approximate, **trims[i][1])
        counts = pipe.execute()
        for i, n in zip(pending, counts):
            removed[trims[i][0]] += int(n or 0)
        pending = [i for i, n in zip(pending, counts) if n] if approximate else []
        if not pending:
            break
    return removed


def maybe_trim(client: redis.Redis, keys: Keys, *, policy: RetentionPolicy = RETENTION,
               now: float | None = None, crews: Callable[[], dict[str, Crew]] | None = None) -> dict[str, int] | None:
    """trim_streams at most once per `policy.every_s` across every process
    sharing the prefix (SET NX EX on `<prefix>retention:lock`); None if another
    process trimmed recently."""
    if not client.set(keys.retention_lock, str(time.time()), nx=True,
                      ex=max(1, int(policy.every_s))):
        return None
    return trim_streams(client, keys, policy=policy, now=now, crews=crews)
