"""Server-sent events: each open screen gets the units and the active incidents
as a snapshot, then only what changed (unit positions, statuses, stale flags;
new, changed and closed incidents) at most five times a second, unit moves
packed as small integers (UnitEncoder), plus the picture's change counters so
the screen asks for its server-drawn panels (queue, suggestions) only when
they may have changed.

Why SSE: one long-lived HTTP response per screen from the same Flask app (no
second server, passes proxies, the browser reconnects by itself and then gets
a fresh snapshot).

One reader, many screens: the single feed reader keeps the in-process Picture
up to date; one Broadcaster per process turns its changes into one message per
tick, encoded once; every screen is sent the same bytes. Ten screens cost one
encoding and ten socket writes. A screen that falls behind (busy browser, slow
network) is never sent its backlog: the messages it missed are merged into one
(the latest position wins), or it starts again from a snapshot if it missed
more than RING of them.

The routes (routes.py) need a threaded server: werkzeug threaded (python app.py) or gunicorn
`-k gthread --threads N` (each open screen holds one thread).
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager

from dashboard.core.picture import Incident, Picture, Unit
from dashboard.web.push.encoding import Message, UnitEncoder, event

log = logging.getLogger(__name__)

TICK_S = 0.2            # at most 5 messages a second per screen
STALE_CHECK_S = 2.0     # staleness changes with time alone: re-check this often
REPLAY_CHECK_S = 1.0    # whether a replay is running (one Redis read)
RING = 50               # messages kept for screens that fall behind (10 s at 5 a second)
IDLE_STOP_S = 30.0      # the broadcaster's thread stops this long after the last screen left


class Broadcaster:
    """Turns the picture's changes into one message per tick for every screen.

    `tick()` does one pass (tests call it directly); `screen()` registers an
    open screen and keeps a background thread ticking while any is open.
    Cost per tick: O(changed units) to encode, O(units) every `stale_check_s`.
    """

    def __init__(self, picture: Picture, *, now: Callable[[], tuple[float, bool]], staleness_s: float,
                 replaying: Callable[[], bool] = lambda: False, connected: Callable[[], bool] = lambda: True,
                 incident_feature: Callable[[Incident, float], dict] | None = None, tick_s: float = TICK_S,
                 stale_check_s: float = STALE_CHECK_S):
        """`now()` is feed time (service/clock.py); `replaying()` whether a replayer runs (one
        Redis read, asked at most every REPLAY_CHECK_S); `connected()` whether the feed reader
        reaches Redis; `incident_feature(incident, now)` what screens draw for an active incident
        (the map's feature); None sends no incidents. `stale_check_s`: how often staleness is
        re-checked (0: every tick)."""
        self.picture, self.now, self.staleness_s = picture, now, staleness_s
        self.replaying_now, self.connected = replaying, connected
        self.tick_s, self.incident_feature = tick_s, incident_feature
        self.stale_check_s = stale_check_s
        self.incidents: dict[str, dict] = {}     # active incidents as sent, by id
        self.incident_version = -1
        self.cond = threading.Condition()
        self.ring: deque[Message] = deque(maxlen=RING)
        self.seq = 0
        self.epoch = 0                  # bumps when the picture is cleared: screens start from a snapshot
        self.encoder = UnitEncoder()
        self.version, self.reset = -1, None
        self.stale: dict[str, bool] = {}
        self.picture_state: dict = {}
        self.next_stale_check = self.next_replay_check = 0.0
        self.replaying = False
        self.screens = 0
        self.last_left = time.monotonic()
        self.thread: threading.Thread | None = None
        self.last_error_logged = -1e9

    # -- the producing side -------------------------------------------------
    def picture_counters(self, now: float) -> dict:
        """What tells a screen its Dash panels are out of date: incidents (`i`),
        unit statuses (`s`), the feed clock in 5 s steps (`t`: ages, staleness,
        positions in rankings), the reader's connection (`c`), a replay (`r`)."""
        v = self.picture.versions()
        if time.monotonic() >= self.next_replay_check:
            self.next_replay_check = time.monotonic() + REPLAY_CHECK_S
            self.replaying = bool(self.replaying_now())
        return {"i": v.incidents, "s": v.unit_statuses, "t": int(now // 5),
                "c": int(bool(self.connected())), "r": int(self.replaying)}

    def tick(self) -> Message | None:
        picture, now, limit = self.picture, self.now()[0], self.staleness_s
        counters = self.picture_counters(now)   # outside the lock: it may wait on Redis (replay status)
        with self.cond:
            if self.version < 0 or self.reset != picture.reset_version:
                self.reset, self.version = picture.reset_version, picture.version
                units = picture.units_list()
                self.stale = {u.unit: u.is_stale(now, limit) for u in units}
                self.encoder = UnitEncoder()
                self.encoder.update([(u, self.stale[u.unit]) for u in units])
                self.incidents, self.incident_version = {}, picture.incident_version
                self._incident_changes(picture.incidents_list(), now)
                self.picture_state = counters
                self.epoch += 1
                self.ring.clear()
                self.cond.notify_all()
                return None
            changed: dict[str, Unit] = {}
            if picture.version != self.version:
                current = picture.version
                changed = {u.unit: u for u in picture.units_changed_since(self.version)}
                self.version = current
            if time.monotonic() >= self.next_stale_check:
                self.next_stale_check = time.monotonic() + self.stale_check_s
                for u in picture.units_list():
                    if u.is_stale(now, limit) != self.stale.get(u.unit):
                        changed[u.unit] = u
            for u in changed.values():
                self.stale[u.unit] = u.is_stale(now, limit)
            full, moves = self.encoder.update([(u, self.stale[u.unit]) for u in changed.values()])
            incidents, gone = {}, set()
            if picture.incident_version != self.incident_version:
                since, self.incident_version = self.incident_version, picture.incident_version
                incidents, gone = self._incident_changes(picture.incidents_changed_since(since), now)
                gone |= set(self.incidents) - picture.incident_ids()   # forgotten (pruned) meanwhile
                for key in gone:
                    self.incidents.pop(key, None)
            new_counters = counters if counters != self.picture_state else None
            if not (full or moves or new_counters or incidents or gone):
                return None
            self.picture_state = counters
            self.seq += 1
            msg = Message(self.seq, full, moves, self.encoder.base, new_counters, incidents, gone)
            msg.text = msg.encode()
            self.ring.append(msg)
            self.cond.notify_all()
            return msg

    def _incident_changes(self, changed: list, now: float) -> tuple[dict[str, dict], set[str]]:
        """Map features for these changed incidents, and which of them left the map."""
        if self.incident_feature is None:
            return {}, set()
        features, gone = {}, set()
        for inc in changed:
            if inc.is_active:
                features[inc.incident] = self.incidents[inc.incident] = self.incident_feature(inc, now)
            elif inc.incident in self.incidents:
                del self.incidents[inc.incident]
                gone.add(inc.incident)
        return features, gone

    def snapshot(self) -> tuple[str, int, int]:
        """(the snapshot event, the epoch and the message number it is as of)."""
        body, epoch, seq = self.snapshot_body()
        return event("snapshot", body), epoch, seq

    def snapshot_body(self, *, refresh: bool = False) -> tuple[dict, int, int]:
        """The snapshot as data: for the stream, and for screens that cannot hold one
        (`refresh`: with no stream open nothing ticks, so bring the picture up to date)."""
        if self.version < 0 or (refresh and self.screens == 0):   # the first screen reads the picture now
            self.tick()
        with self.cond:
            body = self.encoder.snapshot()
            body["p"] = self.picture_state
            if self.incident_feature is not None:
                body["i"] = list(self.incidents.values())
            return body, self.epoch, self.seq

    # -- the screens' side ----------------------------------------------------
    def wait_after(self, epoch: int, seq: int, timeout: float) -> list[Message] | None:
        """Messages after `seq` ([] on timeout); None when the screen must start
        again from a snapshot (the picture was cleared, or it missed too many)."""
        with self.cond:
            self.cond.wait_for(lambda: self.seq > seq or self.epoch != epoch, timeout)
            if self.epoch != epoch:
                return None
            if self.seq == seq:
                return []
            if not self.ring or self.ring[0].seq > seq + 1:
                return None
            return [m for m in self.ring if m.seq > seq]

    @contextmanager
    def screen(self):
        with self.cond:
            self.screens += 1
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="jru-push", daemon=True)
                self.thread.start()
        try:
            yield
        finally:
            with self.cond:
                self.screens -= 1
                self.last_left = time.monotonic()

    def _run(self) -> None:
        while True:
            with self.cond:
                if self.screens == 0 and time.monotonic() - self.last_left > IDLE_STOP_S:
                    self.thread = None
                    return
            try:
                self.tick()
            except Exception as exc:   # a bad moment must not end the screens' updates
                if time.monotonic() - self.last_error_logged > 60:   # once a minute, not five times a second
                    self.last_error_logged = time.monotonic()
                    log.exception("push: a tick failed (%s); screens keep their last picture", exc)
            time.sleep(self.tick_s)
