"""The decision replay's records, shared by every dashboard process and kept across restarts:
the stream `jru:decisions`.

Two kinds of entry, flat string fields (None as ""):
- `sent`: a dispatch as the process that noted it saw it at that moment: `incident`, `unit`, `ts`
  (feed time it was sent), `eta_s`/`spread_s` (the unit sent), `suggested`, `suggested_eta_s`,
  `suggested_spread_s` (the top suggestion then);
- `arrived`: that unit on scene: `incident`, `unit`, `ts` (the dispatch's) and `arrived_s`.
Both carry `epoch`, the replay epoch they were noted in ("" live): after a seek the streams are
the new timeline's, and a process takes only the records of the epoch it is reading.

Why a stream with a guard, not a hash with HSETNX: every process follows the stream from the last
entry it read (one small XREAD a second, as the feed reader follows its own), where a hash would have
to be read whole (up to 20,000 records) to find what is new; and a stream is trimmed by age as the
feed's are (`retention.py`). Writing once is what a hash would give for nothing: here a Lua script
adds the entry only while its guard key `jru:decided:<epoch>:<incident>:<unit>:<ts>[:arrived]` is
absent, and sets the guard after the XADD (a script is not rolled back: a failing XADD leaves no
guard). So several workers noting one dispatch keep one record, the first one's suggestion, and all
read that one back. The guard outlives the entry (the incidents' age and a day).

Bounded: each XADD trims entries older than the incident events are kept (MINID ~, the retention
policy), and the stream is capped at MAXLEN ~ 50,000 (a `sent` and an `arrived` per dispatch, for the
20,000 a process keeps). Entry ids are the Redis server's clock, as for the feed's streams.

Read as bytes: an entry that is not UTF-8, lacks a field or has a bad number (someone else's writes)
is skipped with a log line naming it; a key of another type is logged (once) and read as empty."""
from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Callable

import redis

from dashboard.core.decisions import Decision
from dashboard.feed.reader import FeedReader
from dashboard.feed.retention import RETENTION, RetentionPolicy
from dashboard.feed.settings import RedisSettings

log = logging.getLogger(__name__)
MAXLEN = 50_000
BATCH = 2000
SENT, ARRIVED = "sent", "arrived"

# Add the entry unless its guard is there; trim by age with the XADD and by count after it.
_ONCE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local id = redis.call('XADD', KEYS[2], 'MINID', '~', ARGV[2], '*', unpack(ARGV, 4))
redis.call('XTRIM', KEYS[2], 'MAXLEN', '~', ARGV[3])
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return id
"""


@dataclass(frozen=True, slots=True)
class Arrival:
    """The unit sent on a dispatch (incident, unit, ts) was on scene `arrived_s` after it."""
    incident: str
    unit: str
    ts: float
    arrived_s: float


def dispatch_key(incident: str, unit: str, ts: float) -> str:
    """One dispatch, as every process names it (feed times are to the millisecond: contract.feed_ts)."""
    return f"{incident}:{unit}:{ts:.3f}"


def _text(x: float | str | None) -> str:
    return "" if x is None else repr(float(x)) if isinstance(x, (int, float)) else x


class SharedDecisions:
    """Writes a process's decisions to `jru:decisions` once, and reads back everyone's, in order."""

    def __init__(self, settings: RedisSettings, *, retention: RetentionPolicy = RETENTION,
                 epoch: Callable[[], str | None] = lambda: None, until: threading.Event | None = None):
        self.settings, self.keys, self.retention = settings, settings.keys, retention
        self.epoch = lambda: epoch() or ""   # the replay epoch being read now ("" live)
        self.until = until                   # set when the process's feed stops: following ends with it
        self._client: redis.Redis | None = None
        self._script = None
        self._last = "0-0"
        self._lock = threading.Lock()        # the read position: followed from several threads
        self._connecting = threading.Lock()
        self._said: str | None = None        # the key problem last logged (logged once, not every second)

    @classmethod
    def of_reader(cls, reader: FeedReader) -> "SharedDecisions":
        """The records of the feed `reader` follows: its Redis, its retention, its replay epoch."""
        return cls(reader.settings, retention=reader.retention, epoch=lambda: reader.epoch, until=reader.stopped)

    def _redis(self) -> redis.Redis:
        with self._connecting:   # made on first use (a cluster client connects as it is made), once
            if self._client is None:
                self._client = self.settings.client(role="decisions", decode=False)
                self._script = self._client.register_script(_ONCE)
            return self._client

    # -- writing ------------------------------------------------------------------
    def add(self, d: Decision) -> bool:
        """Record a dispatch once; True if this call wrote it (False: another process was first)."""
        return self._once(dispatch_key(d.incident, d.actual_unit, d.ts), {
            "kind": SENT, "incident": d.incident, "unit": d.actual_unit, "ts": _text(d.ts),
            "eta_s": _text(d.actual_eta_s), "spread_s": _text(d.actual_spread_s), "suggested": d.suggested_unit or "",
            "suggested_eta_s": _text(d.suggested_eta_s), "suggested_spread_s": _text(d.suggested_spread_s)})

    def add_arrival(self, d: Decision, arrived_s: float) -> bool:
        """Record once that the unit sent on `d` was on scene `arrived_s` after it."""
        return self._once(dispatch_key(d.incident, d.actual_unit, d.ts) + ":arrived", {
            "kind": ARRIVED, "incident": d.incident, "unit": d.actual_unit, "ts": _text(d.ts),
            "arrived_s": _text(arrived_s)})

    def _once(self, record: str, fields: dict[str, str]) -> bool:
        epoch = self.epoch()
        client = self._redis()
        flat = [x for kv in {**fields, "epoch": epoch}.items() for x in kv]
        ttl = int(self.retention.incidents_max_age_s + 86400)
        floor = f"{max(0, int((time.time() - self.retention.incidents_max_age_s) * 1000))}-0"   # entry ids: ms
        return bool(self._script(keys=[self.keys.decision_guard(f"{epoch}:{record}"), self.keys.decisions],
                                 args=[ttl, floor, MAXLEN, *flat], client=client))

    # -- reading ------------------------------------------------------------------
    def rewind(self) -> None:
        """Read from the first entry again (a seek: the new epoch's records may already be there)."""
        with self._lock:
            self._last = "0-0"

    def read_new(self) -> list[tuple[str, Decision | Arrival]]:
        """Every record written since the last read, oldest first, as (epoch, record)."""
        with self._lock:
            out: list[tuple[str, Decision | Arrival]] = []
            while True:
                try:
                    reply = self._redis().xread({self.keys.decisions: self._last}, count=BATCH)
                except redis.ResponseError as exc:
                    if "WRONGTYPE" not in str(exc):
                        raise
                    self._say(f"{self.keys.decisions} is not a stream (someone else's key?): the decision "
                              "replay is not shared or kept until it is removed")
                    return out
                entries = reply[0][1] if reply else []
                for entry_id, fields in entries:
                    self._last = entry_id.decode()
                    if (record := self._parse(self._last, fields)) is not None:
                        out.append(record)
                if len(entries) < BATCH:
                    self._said = None
                    return out

    def _parse(self, entry_id: str, raw: dict[bytes, bytes]) -> tuple[str, Decision | Arrival] | None:
        try:
            f = {k.decode(): v.decode() for k, v in raw.items()}
            kind, ts = f["kind"], _number(f["ts"])
            if kind == ARRIVED:
                return f["epoch"], Arrival(f["incident"], f["unit"], ts, _number(f["arrived_s"]))
            if kind != SENT:
                raise ValueError(f"unknown kind {kind[:20]!r}")
            return f["epoch"], Decision(f["incident"], ts, f["unit"], _maybe(f["eta_s"]), f["suggested"] or None,
                                        _maybe(f["suggested_eta_s"]), _number(f["suggested_spread_s"]),
                                        _number(f["spread_s"]))
        except UnicodeDecodeError:
            why = "not UTF-8"
        except KeyError as exc:
            why = f"missing field {exc}"
        except ValueError as exc:
            why = str(exc)[:80]
        log.warning("decision record %s in %s skipped: %s", entry_id, self.keys.decisions, why)
        return None

    def _say(self, problem: str) -> None:
        if problem != self._said:
            log.warning(problem)
            self._said = problem


def _number(text: str) -> float:
    x = float(text)
    if not math.isfinite(x):
        raise ValueError(f"not a number: {text[:20]!r}")
    return x


def _maybe(text: str) -> float | None:
    return None if text == "" else _number(text)
