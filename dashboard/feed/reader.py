"""The one reader per process: follows the streams, applies them to the picture.

On start (and after any reconnect) it reads from where it left off, so a
restart rebuilds the whole picture from the streams and a Redis outage loses
nothing already received. Each entry is applied by feed/entries.py; bad ones go
to `jru:rejects` once (feed/rejects.py), are counted, and never stop the loop.
A key of the wrong type fails only itself (feed/key_problems.py).

Cost: one XREAD per batch (up to `batch` entries); parsing and applying is
~10 us per entry in Python, so one core applies tens of thousands a second.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Callable

import redis

from dashboard.core.clock import ReplayClock
from dashboard.core.contract import ContractError
from dashboard.core.picture import Picture
from dashboard.core.redact import short_text
from dashboard.feed.clock import parse_clock
from dashboard.feed.crews import read_crews
from dashboard.feed.entries import apply_entry
from dashboard.feed.key_problems import KeyProblems
from dashboard.feed.rejects import PendingRejects, RecentReject
from dashboard.feed.retention import RETENTION, RetentionPolicy
from dashboard.feed.settings import RedisSettings
from dashboard.feed.stream_loss import CHECK_EVERY_S, RedisMemory, entry_id_key
from dashboard.feed.writer import FeedWriter

log = logging.getLogger(__name__)
STUCK_AFTER_S = 15.0     # no completed read for this long while Redis answers: health says stuck
REJECTS_EVERY_S = 1.0    # the rejects stream's length, for health, is read at most this often
FAILED_ENTRY = "could not be applied (internal error; see the dashboard log)"


class FeedReader:
    """Follows `jru:units`, `jru:incidents` and `jru:assignments` into a Picture."""

    def __init__(self, settings: RedisSettings, picture: Picture, *, batch: int = 2000,
                 block_ms: int = 500, before_incident: Callable | None = None,
                 retention: RetentionPolicy = RETENTION, stuck_after_s: float = STUCK_AFTER_S,
                 memory_check_s: float = CHECK_EVERY_S):
        self.settings = settings
        self.retention = retention   # how long the streams keep entries: the reject guards outlive them
        self.keys = settings.keys
        self.picture, self.batch, self.block_ms, self.before_incident = picture, batch, block_ms, before_incident
        self.on_rebuild: Callable[[], None] | None = None   # a replay seek: what was noted of the old timeline goes
        self.last_ids = {s: "0-0" for s in self.keys.inbound}
        self._crews_due = True
        self.clock: ReplayClock | None = None
        self.clock_read_wall: float | None = None   # when `clock` was last read: a lost feed cannot refresh it
        self.epoch: str | None = None
        self.connected, self.error = False, "not connected yet"
        self.last_ok_wall: float | None = None
        self.last_entry_wall: float | None = None   # when the newest entry was written (its id)
        self.lag_s = 0.0
        self.entries_read = self.rejected = 0
        self.failed = 0                         # entries that hit a bug: rejected, never retried
        self.data_lost: str | None = None       # Redis came back without entries read here (stream_loss.py)
        self._memory = RedisMemory(self.keys.held, every_s=memory_check_s)
        self.last_step_wall: float | None = None  # heartbeat: the last completed read
        self.stuck_after_s = stuck_after_s
        self.recent_rejects: deque[RecentReject] = deque(maxlen=20)
        self._client: redis.Redis | None = None
        self._writer: FeedWriter | None = None
        # read by the loop, so a web request never waits on Redis for it (None while unreachable)
        self.rejects_in_redis: int | None = None
        self._rejects_read_wall = 0.0
        self._stop, self._thread = threading.Event(), None
        self.caught_up = threading.Event()
        self.key_problems = KeyProblems(self.keys)   # {key: what is wrong}, shown by health
        self._pending_rejects = PendingRejects(self.keys.rejects, self.key_problems)
        self.started_wall, self._last_trace = None, 0.0

    # -- lifecycle ----------------------------------------------------------
    def start(self) -> "FeedReader":
        self.started_wall = time.time()
        self._thread = threading.Thread(target=self.run, name="feed-reader", daemon=True)
        self._thread.start()
        return self

    @property
    def stopped(self) -> threading.Event:
        """Set by `stop`: the process's other loops (housekeeping) end with the feed."""
        return self._stop

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)

    def run(self) -> None:
        backoff = 0.25
        while not self._stop.is_set():
            try:
                self.step()
                backoff = 0.25
            except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
                self._lost(f"Redis unreachable at {self.settings.safe_url}: {type(exc).__name__}")
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 2.0)
            except redis.ResponseError as exc:
                self._lost(f"Redis refused a command: {exc}")
                self._stop.wait(1.0)
            except Exception:  # a bug must not freeze the screens: log (once a minute), keep going
                if time.time() - self._last_trace > 60:
                    log.exception("feed reader error (repeats are logged once a minute)")
                    self._last_trace = time.time()
                self.error = "internal error in the feed reader (see the server log)"
                self._stop.wait(1.0)

    def _lost(self, message: str) -> None:
        if self.connected or self.error != message:
            log.warning(message)
        self.connected, self.error, self.rejects_in_redis = False, message, None
        if self._client is not None:
            try:
                self._client.close()
            except Exception:
                pass
        self._client = None

    def has_applied(self, assignment_id: str) -> bool:
        """Whether the `jru:assignments` entry `assignment_id` has been read and applied (an Accept waits
        for its own: service/assignments.py)."""
        return entry_id_key(self.last_ids[self.keys.assignments]) >= entry_id_key(assignment_id)

    # -- one round ------------------------------------------------------------
    def step(self, block: bool = True) -> int:
        """Read and apply one batch; returns how many entries were read.
        block=False returns at once when there is nothing new (XREAD without BLOCK)."""
        if self._client is None:
            # Bytes, not str: one entry that is not UTF-8 must not fail the whole XREAD
            # (redis-py decodes the reply as a whole); each entry is decoded on its own.
            self._client = self.settings.client(block_ms=self.block_ms, role="reader", decode=False)
            self._writer = FeedWriter(self._client, self.keys,
                                      reject_guard_ttl_s=self.retention.reject_guard_ttl_s)
        self._recheck_keys()
        while True:
            if self._crews_due:   # (re)building: units start from their kept crews (read once a build)
                self.picture.crews_held, self._crews_due = read_crews(self._client, self.keys), False
            response = self._xread(block)
            if not self._poll_clock():   # after the read: a seek's snapshot read first mixed two evenings
                break
            block = False   # a seek: what was read is dropped, the new timeline read from its start
        self._count_rejects()
        self.data_lost = self._memory.maybe_check(self._client, self.last_ids) or self.data_lost
        now = time.time()
        self.connected, self.error, self.last_ok_wall = True, None, now
        count, newest_id = 0, None
        entries, more = _in_arrival_order(response, self.batch)
        for stream, entry_id, fields in entries:
            self._handle(stream, entry_id, fields)
            self.last_ids[stream] = newest_id = entry_id   # past it whatever happened: never re-read
            count += 1
        if newest_id is not None:     # arrival order: the last applied is the newest
            newest = entry_id_key(newest_id)[0] / 1000.0
            self.last_entry_wall = max(self.last_entry_wall or 0.0, newest)
            self.lag_s = max(0.0, now - newest)
        self.entries_read += count
        self.last_step_wall = time.time()
        if not more:       # no stream filled its batch: nothing older is left unread
            if count == 0:
                self.lag_s = 0.0
            self.caught_up.set()
        return count

    def catch_up(self) -> int:
        """Read everything there is now (tests and tools); returns entries read."""
        total = 0
        while (n := self.step(block=False)):
            total += n
        return total

    def _poll_clock(self) -> bool:
        """Read the replay clock; True when a seek starts the picture again: what was just read is dropped, the
        streams are read again from their start. Read after the streams, as a seek writes them and its epoch in
        one MULTI: read before, its snapshot went into the old picture (the queue mixed both evenings, and its
        dispatches counted as happening now) until the next round cleared it."""
        self.clock, epoch = parse_clock(self._clock_hash())
        self.clock_read_wall = time.time()
        if self.clock is None or epoch is None or epoch == self.epoch:
            return False
        before, self.epoch = self.epoch, epoch
        if before is None:
            return False
        log.info("replay epoch %s -> %s: rebuilding the picture", before, epoch)   # a seek: start again
        self.picture.clear()
        # the replayer rewrote the streams (the Accepts too: replay_control.reset_streams)
        self.last_ids = {s: "0-0" for s in self.keys.inbound}
        self._crews_due = True
        self.data_lost = None   # the picture is rebuilt from what Redis holds now
        self.caught_up.clear()   # what is re-read (the seek's snapshot) is no dispatch happening now
        if self.on_rebuild is not None:
            self.on_rebuild()
        return True

    def _read_clock(self) -> ReplayClock | None:
        return parse_clock(self._clock_hash())[0]

    def _clock_hash(self) -> dict[str, str]:
        if self.keys.clock in self.key_problems:
            return {}
        try:
            raw = self._client.hgetall(self.keys.clock)
        except redis.ResponseError as exc:
            self.key_problems.note(self.keys.clock, exc)
            return {}
        return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in raw.items()}

    def _handle(self, stream: str, entry_id: str, raw: dict) -> None:
        """Apply one entry, or reject it; never raises for the entry's sake, so one
        bad entry (or a bug it triggers) cannot hold back the ones after it."""
        try:
            apply_entry(self.keys, self.picture, stream, raw, clock=self.clock, read_clock=self._read_clock,
                        before_incident=self.before_incident, arrived=entry_id_key(entry_id)[0] / 1000.0)
        except (ContractError, KeyError) as exc:
            reason = str(exc) if isinstance(exc, ContractError) else f"missing field {exc}"
            self._reject(stream, entry_id, reason, raw)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            raise   # the connection, not the entry: read it again after reconnecting
        except Exception:
            log.exception("feed entry %s %s could not be applied; skipped", stream, entry_id)
            self.failed += 1
            self._reject(stream, entry_id, FAILED_ENTRY, raw)

    def _reject(self, stream: str, entry_id: str, reason: str, raw: dict) -> None:
        self.rejected += 1
        # issue 13.6: a reason quotes feed text, up to 1 MB
        reject = RecentReject(stream, entry_id, short_text(reason))
        self.recent_rejects.append(reject)
        self._pending_rejects.add(reject, raw)
        added = self._pending_rejects.write(self._writer)
        if added and self.rejects_in_redis is not None:   # health counts it now, not at the next XLEN
            self.rejects_in_redis += added

    # -- reading, around keys of the wrong type ----------------------------------
    def _xread(self, block: bool):
        streams = {k: v for k, v in self.last_ids.items() if k not in self.key_problems}
        if not streams:
            self._stop.wait(self.block_ms / 1000.0 if block else 0)
            return []
        try:
            return self._client.xread(streams, count=self.batch, block=self.block_ms if block else None)
        except redis.ResponseError as exc:
            if "WRONGTYPE" not in str(exc):
                raise
            self.key_problems.find_wrong_type(self._client, streams)
            return []

    def _recheck_keys(self) -> None:
        """Once a broken key is usable again it is read again; the rejects held for it are written."""
        if self.key_problems.recheck(self._client):
            self._pending_rejects.write(self._writer)

    def stuck(self, now: float | None = None) -> bool:
        """Redis answers but no read has completed for a while (a hung apply, a
        loop failing on every batch): the screens would freeze while health said ok."""
        if self._thread is None or not self._thread.is_alive():
            return False
        now = time.time() if now is None else now
        since = self.last_step_wall if self.last_step_wall is not None else self.started_wall
        return since is not None and now - since > self.stuck_after_s

    # -- state for the health endpoint ----------------------------------------------
    def rejects_total(self) -> int | None:
        """Rejects recorded in Redis by every process, as the loop last read them (None while
        unreachable). No Redis call: health is asked by every screen every second."""
        return self.rejects_in_redis

    def _count_rejects(self) -> None:
        """One XLEN, at most every REJECTS_EVERY_S (the rejects this process writes are added as
        it writes them; other processes' show within that)."""
        wall = time.time()
        if wall - self._rejects_read_wall < REJECTS_EVERY_S:
            return
        self._rejects_read_wall = wall
        try:
            self.rejects_in_redis = int(self._client.xlen(self.keys.rejects))
        except redis.ResponseError as exc:
            self.key_problems.note(self.keys.rejects, exc)
            self.rejects_in_redis = None


def _in_arrival_order(response, batch: int) -> tuple[list[tuple[str, str, dict]], bool]:
    """One XREAD's entries from every stream, merged in arrival order (an entry id's first part is
    the Redis server's clock, in ms), as [(stream, id, fields)]; and whether a stream may have more.

    Stream by stream, an accept read back on a restart came before the incident it accepts
    (2,000 older incident events ahead of it) and was dropped. Within one millisecond the streams
    go units, incidents, assignments (the order a dispatch happens in; the ids' sequence numbers
    count per stream, so they cannot order two streams). A stream that filled its batch may have
    more: nothing after its last entry read is applied in this round; it is read again next round."""
    merged, horizon = [], None
    for order, (stream, entries) in enumerate(response or ()):
        stream = stream.decode() if isinstance(stream, bytes) else stream
        for entry_id, fields in entries:
            entry_id = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
            merged.append(((entry_id_key(entry_id)[0], order), stream, entry_id, fields))
        if len(entries) >= batch:
            horizon = min(horizon or merged[-1][0], merged[-1][0])
    merged.sort(key=lambda m: m[0])          # stable: each stream keeps its own order
    return [(stream, entry_id, fields) for key, stream, entry_id, fields in merged
            if horizon is None or key <= horizon], horizon is not None
