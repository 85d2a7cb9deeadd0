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

Needs a threaded server: werkzeug threaded (python app.py) or gunicorn
`-k gthread --threads N` (each open screen holds one thread).
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Blueprint, Response, jsonify, request, session, stream_with_context

from dashboard.auth.limits import StreamLimiter

from dashboard.core.picture import Unit
from dashboard.runtime import Runtime

log = logging.getLogger(__name__)

TICK_S = 0.2            # at most 5 messages a second per screen
STALE_CHECK_S = 2.0     # staleness changes with time alone: re-check this often
REPLAY_CHECK_S = 1.0    # whether a replay is running (one Redis read)
HEARTBEAT_S = 15.0      # keeps proxies from closing an idle stream
RING = 50               # messages kept for screens that fall behind (10 s at 5 a second)
IDLE_STOP_S = 30.0      # the broadcaster's thread stops this long after the last screen left


class UnitEncoder:
    """What every screen has been sent so far, so a message carries little.

    A unit that is new, or whose status, stale flag or kind changed, goes as
    its full record `[call sign, lat, lon, status, stale 0/1, kind, index]`
    (~50 bytes); a unit that only moved goes as `[index, dlat, dlon]` in whole
    1e-5 degrees (about a metre) from the `base` point (~18 bytes). The index
    is fixed for the unit until the picture is cleared (a replay seek).
    """

    SCALE = 100_000

    def __init__(self):
        self.index: dict[str, int] = {}
        self.sent: dict[str, tuple] = {}      # call sign -> (status, stale, kind) as last sent
        self.where: dict[str, tuple] = {}     # call sign -> (lat, lon) as last sent
        self.base: tuple[float, float] | None = None

    def record(self, name: str) -> list:
        (lat, lon), (status, stale, kind) = self.where[name], self.sent[name]
        return [name, lat, lon, status, int(stale), kind, self.index[name]]

    def snapshot(self) -> dict:
        return {"base": list(self.base or (0.0, 0.0)), "units": [self.record(n) for n in self.index]}

    def update(self, units: list[tuple[Unit, bool]]) -> tuple[dict[str, list], dict[int, tuple[int, int]]]:
        """(full records by call sign, moves by index) for these changed units."""
        full, moves = {}, {}
        fixed = [(u, stale) for u, stale in units if u.lat is not None]
        if self.base is None and fixed:
            self.base = (round(sum(u.lat for u, _ in fixed) / len(fixed), 1),
                         round(sum(u.lon for u, _ in fixed) / len(fixed), 1))
        for u, stale in fixed:
            self.where[u.unit] = (round(u.lat, 5), round(u.lon, 5))
            if u.unit in self.index and self.sent[u.unit] == (u.status, stale, u.kind):
                moves[self.index[u.unit]] = (round((u.lat - self.base[0]) * self.SCALE),
                                             round((u.lon - self.base[1]) * self.SCALE))
            else:
                self.index.setdefault(u.unit, len(self.index))
                self.sent[u.unit] = (u.status, stale, u.kind)
                full[u.unit] = self.record(u.unit)
        return full, moves


@dataclass
class Message:
    """One tick's changes, as sent to every screen that is up to date."""
    seq: int
    full: dict[str, list]
    moves: dict[int, tuple[int, int]]
    base: tuple[float, float] | None
    picture: dict | None                 # change counters, when they changed
    incidents: dict[str, dict] = field(default_factory=dict)   # new or changed active incidents (map features)
    gone: set[str] = field(default_factory=set)                 # incidents no longer active (closed, forgotten)
    text: str = field(default="", repr=False)

    def encode(self) -> str:
        body: dict = {"u": list(self.full.values()), "m": [[i, a, b] for i, (a, b) in self.moves.items()],
                      "b": list(self.base or (0.0, 0.0))}
        if self.picture is not None:
            body["p"] = self.picture
        if self.incidents or self.gone:
            body["i"] = list(self.incidents.values())
            body["g"] = sorted(self.gone)
        return _event("delta", body)


def merge(messages: list[Message]) -> Message:
    """Several missed messages as one: per unit only its latest state."""
    full: dict[str, list] = {}
    moves: dict[int, tuple[int, int]] = {}
    by_index: dict[int, str] = {}
    picture = None
    incidents: dict[str, dict] = {}
    gone: set[str] = set()
    for m in messages:
        for key, feature in m.incidents.items():
            incidents[key] = feature
            gone.discard(key)
        for key in m.gone:
            incidents.pop(key, None)
            gone.add(key)
        for name, rec in m.full.items():
            full[name] = rec
            by_index[rec[6]] = name
            moves.pop(rec[6], None)
        for i, (a, b) in m.moves.items():
            if i in by_index:          # a record in this batch already: keep it whole, at the new place
                base = m.base or (0.0, 0.0)
                rec = list(full[by_index[i]])
                rec[1], rec[2] = round(base[0] + a / UnitEncoder.SCALE, 5), round(base[1] + b / UnitEncoder.SCALE, 5)
                full[by_index[i]] = rec
            else:
                moves[i] = (a, b)
        picture = m.picture if m.picture is not None else picture
    last = messages[-1]
    merged = Message(last.seq, full, moves, last.base, picture, incidents, gone)
    merged.text = merged.encode()
    return merged


def _event(name: str, payload: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n"


class Broadcaster:
    """Turns the picture's changes into one message per tick for every screen.

    `tick()` does one pass (tests call it directly); `screen()` registers an
    open screen and keeps a background thread ticking while any is open.
    Cost per tick: O(changed units) to encode, O(units) every STALE_CHECK_S.
    """

    def __init__(self, rt: Runtime, incident_feature: Callable[[dict], dict] | None = None, tick_s: float = TICK_S):
        """`incident_feature` turns Runtime.incident_json into what screens draw
        (the UI's map feature); None sends no incidents."""
        self.rt, self.tick_s, self.incident_feature = rt, tick_s, incident_feature
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
        p = self.rt.picture
        if time.monotonic() >= self.next_replay_check:
            self.next_replay_check = time.monotonic() + REPLAY_CHECK_S
            self.replaying = bool(self.rt.replay_status())
        return {"i": p.incident_version, "s": p.unit_status_version, "t": int(now // 5),
                "c": int(bool(self.rt.reader and self.rt.reader.connected)), "r": int(self.replaying)}

    def tick(self) -> Message | None:
        picture, now, limit = self.rt.picture, self.rt.now()[0], self.rt.settings.staleness_s
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
                self.next_stale_check = time.monotonic() + STALE_CHECK_S
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
                with picture.lock:
                    gone |= set(self.incidents) - set(picture.incidents)   # forgotten (pruned) meanwhile
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
                features[inc.incident] = self.incidents[inc.incident] = \
                    self.incident_feature(self.rt.incident_json(inc, now))
            elif inc.incident in self.incidents:
                del self.incidents[inc.incident]
                gone.add(inc.incident)
        return features, gone

    def snapshot(self) -> tuple[str, int, int]:
        """(the snapshot event, the epoch and the message number it is as of)."""
        if self.version < 0:      # the first screen since start: read the picture now, not an empty start
            self.tick()
        with self.cond:
            body = self.encoder.snapshot()
            body["p"] = self.picture_state
            if self.incident_feature is not None:
                body["i"] = list(self.incidents.values())
            return _event("snapshot", body), self.epoch, self.seq

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


def unit_events(bc: Broadcaster, *, max_s: float | None = None):
    """The event stream for one screen (a generator; `max_s` bounds it in tests)."""
    started = time.monotonic()
    yield "retry: 2000\n\n"
    with bc.screen():
        epoch = seq = None
        while max_s is None or time.monotonic() - started < max_s:
            if epoch is None:
                text, epoch, seq = bc.snapshot()
                yield text
            wait = HEARTBEAT_S if max_s is None else min(HEARTBEAT_S, max(0.0, max_s - (time.monotonic() - started)))
            missed = bc.wait_after(epoch, seq, wait)
            if missed is None:
                epoch = None
            elif not missed:
                yield "event: beat\ndata: {}\n\n"   # an event, not a comment: the page sees the stream is alive
            else:
                seq = missed[-1].seq
                yield missed[0].text if len(missed) == 1 else merge(missed).text


def push_blueprint(rt: Runtime, incident_feature: Callable[[dict], dict] | None = None) -> Blueprint:
    bp = Blueprint("push", __name__)
    bc = Broadcaster(rt, incident_feature)
    streams = StreamLimiter()

    @bp.get("/push/units")
    def units_stream():
        release = streams.open(session.get("sid"), request.remote_addr or "?")   # issue 13.7: threads are few
        if release is None:
            return jsonify({"error": "too many live streams for this screen: it polls instead"}), 429
        response = Response(stream_with_context(unit_events(bc)), mimetype="text/event-stream",
                            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        response.call_on_close(release)
        return response

    return bp
