"""Replay the demo history into the feed streams at replayed time, with controls.

Pacing is by wall clock: replayed = anchor_ts + (wall - anchor_wall) * speed,
re-anchored on every speed change, pause, step and seek; each tick (0.1 s)
writes the entries due since the last tick in one pipeline together with the
clock, so the clock in Redis is exact whatever the write cost, and entries
follow within a tick. At high speed a unit gets one report per tick (its
latest); incident events are never dropped.

Backup: at a backup unit's assignment time an entry goes to `jru:assignments`, as a duty
officer's Accept does (`by` "demo control room"): the CAD names one unit per incident.

A duty officer's Accept (an entry in `jru:assignments` by anyone else) is obeyed: the unit
drives there from where it is and the history's reports for it follow that (orders.py).

Seek: bump the clock's `epoch`, DEL `jru:units`, `jru:incidents` and `jru:assignments`,
write a snapshot of the moment (each unit on shift, each incident open then, with its
events so far: opened, assigned, on scene; the backup sent to each incident in it) and the
clock, all in one MULTI, then carry on from there. A reader that sees the new epoch reads
the three streams again from the start.

A write that fails (Redis away or full) changes nothing here: the position and
epoch move only once Redis has the entries, a failed seek stays pending and is
retried first, so no event falls due unwritten (a retried batch may repeat
entries; readers ignore older news).
Finding the moment is bisection on the history's sorted arrays (~ms); the
snapshot costs one track build per unit on shift.
"""
from __future__ import annotations

import logging
import math
import threading
import time

import numpy as np

from dashboard.core.geo import haversine_m
from dashboard.core.times import iso
from dashboard.feed import replay_control as rc
from dashboard.feed.bulk import write_batch
from dashboard.feed.clock import ClockState, current_epoch
from dashboard.feed.settings import RedisSettings
from dashboard.replay.history_index import History
from dashboard.replay.orders import Orders
from dashboard.replay.pacing import Pacer
from dashboard.replay.tracks import Router, ShiftTrack, load_router
from dashboard.settings import CLOSED_KEEP_S

log = logging.getLogger(__name__)
TICK_S = 0.1
REPORT_S = 5.0            # a unit reports every 5 s of replayed time while moving
STATIONARY_EVERY = 6      # ... and every 30 s while standing (well inside the 120 s staleness)
COARSE_ABOVE_S = 15.0     # a tick spanning more replayed time than this: one report per unit
RECENT_OFF_S = 3600.0     # the snapshot also shows units that went off duty in the last hour
UNITS_MAXLEN = 200_000
STATUSES = ("open", "assigned", "on_scene", "closed")
BACKUP_BY = "demo control room"   # who sent the history's backup units (an Accept's `by`)


def _moment(value: str | float | None, default: float) -> float:
    return default if value is None else rc.parse_moment(value)


class Replayer:
    """Plays `history` into the streams of `redis_settings`; `run(stop)` until stop is set."""

    def __init__(self, redis_settings: RedisSettings, history: History, *, speed: float = 60.0,
                 start: str | float | None = None, router: Router | None = None,
                 closed_keep_s: float = CLOSED_KEEP_S):
        self.settings = redis_settings
        self.keys = redis_settings.keys
        self.client = redis_settings.client(role="replayer")
        self.h = history
        self.closed_keep_s = closed_keep_s   # a seek brings the incidents closed this long before (JRU_CLOSED_KEEP_S)
        self.span = history.span
        self.router, self.router_name = (router, "given") if router else load_router()
        self.start_ts = min(self.span[1], max(self.span[0], _moment(start, self.span[0])))
        self.pos = self.start_ts            # replayed time written up to
        self.pace = Pacer(self.start_ts, min(rc.SPEED_MAX, max(rc.SPEED_MIN, float(speed))), end=self.span[1])
        self.epoch = 0
        self.error = ""
        self._seek_to: float | None = None  # a seek not yet in Redis (its write failed)
        self.orders = Orders(history, self.router)
        self._accepts_client = redis_settings.client(role="replayer-accepts", decode=False)  # bytes: bad entries
        self._accepts_after = "0-0"         # entry id in jru:assignments read up to
        self._tracks: dict[int, ShiftTrack] = {}
        self._last_trim = 0.0
        self.entries_written = 0
        inc = history.incidents
        self._inc = {c: inc[c].tolist() for c in ("id", "lat", "lon", "type", "category",
                                                  "grade", "summary", "unit", "backup_unit", "backup_row")}

    # ---- entries ---------------------------------------------------------------
    def _track(self, row: int) -> ShiftTrack:
        track = self._tracks.get(row)
        if track is None:
            if len(self._tracks) > 256:  # keep only tracks near the current moment
                self._tracks = {r: t for r, t in self._tracks.items()
                                if t.end >= self.pos - 3600 and t.start <= self.pos + 86400}
            track = self._tracks[row] = ShiftTrack(self.h, row, self.router, self.orders.stints(row))
        return track

    def incident_fields(self, i: int, kind: int, ts: float) -> dict:
        """Contract fields of incident i's event `kind` (0 open .. 3 closed)."""
        f = {"incident": self._inc["id"][i], "ts": round(ts, 1), "status": STATUSES[kind]}
        if kind == 0:
            f.update(lat=self._inc["lat"][i], lon=self._inc["lon"][i], type=self._inc["type"][i],
                     category=self._inc["category"][i], grade=self._inc["grade"][i],
                     summary=self._inc["summary"][i] or None)
        elif kind in (1, 2):
            f["unit"] = self._inc["unit"][i]
        return f

    def accept_fields(self, i: int) -> dict:
        """The `jru:assignments` entry that sends incident i's backup unit, with every contract field: the
        demo's control room sends the free unit that would be there soonest (rank 1), its ETA the drive
        the history planned, its distance as the crow flies from where the unit then is."""
        sent, there = float(self.h.backup[i, 0]), float(self.h.backup[i, 1])
        lon, lat, _ = self._track(int(self._inc["backup_row"][i])).state(sent)
        away = float(haversine_m(lon, lat, self._inc["lon"][i], self._inc["lat"][i]))
        return {"incident": self._inc["id"][i], "unit": self._inc["backup_unit"][i], "ts": round(sent, 1),
                "by": BACKUP_BY, "rank": 1, "eta_s": round(there - sent), "distance_m": round(away)}

    def accepts(self, a: float, b: float) -> list[dict]:
        """Backup sent at a < ts <= b (bisection)."""
        return [self.accept_fields(int(i)) for i in self.h.backups_between(a, b)]

    def unit_reports(self, a: float, b: float) -> list[dict]:
        """Reports with a < ts <= b: every 5 s moving, 30 s standing; coarse: latest only."""
        coarse = b - a > COARSE_ABOVE_S
        out: list[dict] = []
        for row in self.h.shifts_between(a, b):
            track = self._track(int(row))
            due: list[float] = []
            k0 = max(0, math.floor((a - track.start) / REPORT_S) + 1)
            k1 = math.floor((min(b, track.end) - track.start) / REPORT_S)
            for k in range(k0, k1 + 1):
                t = track.start + k * REPORT_S
                if t < track.end and (k % STATIONARY_EVERY == 0 or track.moving(t)):
                    due.append(t)
            if coarse and len(due) > 1:
                due = due[-1:]
            if a < track.end <= b:
                due.append(track.end)
            out.extend(track.report(t) for t in due)
        return out

    def incident_events(self, a: float, b: float) -> list[dict]:
        sl = self.h.events_between(a, b)
        return [self.incident_fields(int(i), int(k), float(t))
                for t, i, k in zip(self.h.ev_ts[sl], self.h.ev_inc[sl], self.h.ev_kind[sl])]

    def snapshot(self, t: float) -> tuple[list[dict], list[dict], list[dict]]:
        """(unit reports, incident events, backup Accepts) that rebuild the picture at t from empty
        streams (the Accepts: the backup sent by t to the incidents in the snapshot)."""
        units = []
        for row in self.h.shifts_between(t - RECENT_OFF_S, t):
            track = self._track(int(row))
            if track.start <= t:
                units.append(track.report(min(t, track.end)))
        incidents = []
        # those open at t, and those closed within the days /stats shows (after a seek, the demo's
        # start too, its figures were empty); every step so far, not just the latest: the statistics
        # time the dispatch and the arrival apart
        lo, hi = np.searchsorted(self.h.opened, [t - self.closed_keep_s, t], "right")
        shown = np.union1d(self.h.active_incidents(t), np.arange(lo, hi))
        for i in shown:
            times = self.h.times[i]
            for kind in np.flatnonzero(times <= t):
                incidents.append(self.incident_fields(int(i), int(kind), float(times[kind])))
        # the backup sent to them (written after their close, it still joins: in ts order it came first)
        accepts = [self.accept_fields(int(i)) for i in shown if self.h.backup[i, 0] <= t]
        return units, incidents, accepts

    # ---- writing ---------------------------------------------------------------
    def _status(self, ts: float, epoch: int, wall: float) -> dict:
        return {"span_start": self.span[0], "span_end": self.span[1], "ts": round(ts, 3),
                "ts_iso": iso(ts), "speed": self.pace.speed, "paused": int(self.pace.paused), "epoch": epoch,
                "wall": round(wall, 3), "router": self.router_name, "error": self.error or None}

    def _write(self, units: list[dict], incidents: list[dict], ts: float, wall: float, *,
               reset: bool = False, accepts: list[dict] | None = None) -> None:
        """Entries + clock (exact: ts is where replayed time is at `wall`) + status.

        One MULTI when resetting (the dashboard never sees a half-reset picture),
        else pipelines (dashboard/feed/bulk.py). Position and epoch move only after
        Redis took it all: a failed write is retried whole, so nothing due is lost."""
        epoch = self.epoch + 1 if reset else self.epoch
        trim = wall - self._last_trim > 10.0
        self.entries_written += write_batch(
            self.client, self.keys, incidents=incidents, units=units, assignments=accepts or (), reset=reset,
            clock=ClockState(ts, 0.0 if self.pace.paused else self.pace.speed, wall, epoch),
            status=self._status(ts, epoch, wall), trim_units_to=UNITS_MAXLEN if trim else None)
        self.pos, self.epoch = ts, epoch
        if trim:
            self._last_trim = wall

    def _request_seek(self, t: float) -> float:
        """Note a seek to t (clamped to the span) and move the pace there; `_flush_seek` writes it."""
        self._seek_to = min(self.span[1], max(self.span[0], float(t)))
        self.pace.anchor(self._seek_to)
        return self._seek_to

    def _flush_seek(self) -> None:
        """Write the pending seek's snapshot; it stays pending if Redis refuses it."""
        t = self._seek_to
        if t is not None:
            for row in self.orders.forget():   # the picture starts again from the history
                self._tracks.pop(row, None)
            units, incidents, accepts = self.snapshot(t)
            if not self.pace.paused:
                self.pace.anchor(t)  # replayed time runs on from the snapshot as it is written
            self._write(units, incidents, t, self.pace.anchor_wall if not self.pace.paused else time.time(),
                        reset=True, accepts=accepts)
            self._seek_to = None

    def seek(self, t: float) -> float:
        """Reset the streams to the picture at t (clamped to the span); returns seconds taken."""
        t0 = time.perf_counter()
        self._request_seek(t)
        self._flush_seek()
        return time.perf_counter() - t0

    def tick(self) -> None:
        """Write a pending seek, then everything due in (written, target], plus the clock at target."""
        self._flush_seek()
        wall = time.time()
        target = self.pace.target(wall)
        a = self.pos
        units = self.unit_reports(a, target) if target > a else []
        incidents = self.incident_events(a, target) if target > a else []
        accepts = self.accepts(a, target) if target > a else []
        at_end = not self.pace.paused and target >= self.span[1]
        if at_end:
            self.pace.hold_at_end(target)   # the end of the history: hold there (the clock says paused)
        try:
            self._write(units, incidents, max(a, target), wall, accepts=accepts)
        except Exception:
            if at_end:
                self.pace.paused = False  # not at the end until that is written
            raise

    def obey_accepts(self) -> None:
        """Send each unit a duty officer accepted since the last call (the demo's own backup is the history's)."""
        accepts, self._accepts_after = rc.take_accepts(self._accepts_client, self.keys, self._accepts_after)
        for accept in accepts:
            if accept.by != BACKUP_BY:
                row = self.orders.obey(accept, self.pos, lambda r, t: self._track(r).state(t))
                self._tracks.pop(row, None)   # rebuilt with the order from the next report

    # ---- controls --------------------------------------------------------------
    def apply(self, cmds: dict[str, str]) -> None:
        """Speed, then seek, then pause/resume, then steps (the order a person means).

        Only the anchor moves here (a seek is noted); the next tick writes what falls due."""
        self.error = ""
        try:
            if "speed" in cmds:
                self.pace.set_speed(rc.parse_speed(cmds["speed"]))
            if "seek" in cmds:
                self._request_seek(rc.parse_moment(cmds["seek"]))
            if cmds.get("paused") == "1":
                self.pace.pause()
            elif cmds.get("paused") == "0":
                self.pace.resume()
            steps = int(cmds.get("step", 0) or 0)
            if steps > 0:
                self.pace.step(60.0 * steps)
        except (rc.CommandError, ValueError) as exc:
            self.error = str(exc)
            log.warning("replay command ignored: %s", exc)

    def run(self, stop: threading.Event) -> None:
        """Seek to the start, then tick every 0.1 s until `stop` is set."""
        started = False
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                if not started:  # in the loop: a Redis away at start is waited for too
                    self.epoch = current_epoch(self.client, self.keys)
                    took = self.seek(self.start_ts)
                    started = True
                    log.info("replay from %s at %gx (snapshot in %.0f ms, routes: %s)",
                             iso(self.start_ts), self.pace.speed, took * 1000, self.router_name)
                cmds = rc.take_commands(self.client, self.keys)
                if cmds:
                    self.apply(cmds)
                self.obey_accepts()
                self.tick()
            except Exception as exc:  # Redis away or full: keep trying, the dashboard shows the gap
                log.warning("replay tick failed: %s", exc)
                stop.wait(1.0)
                if not self.pace.paused:  # carry on from what Redis has (or the pending seek), not ahead
                    self.pace.anchor(self.pos if self._seek_to is None else self._seek_to)
                continue
            stop.wait(max(0.0, TICK_S - (time.monotonic() - t0)))
        self.client.close()
        self._accepts_client.close()
