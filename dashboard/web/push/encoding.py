"""The push wire format: what each screen is sent (server-sent events).

A `snapshot` event: {"base": [lat, lon], "units": [record...], "p": counters, "i": [incident feature...]}.
A `delta` event: {"u": [record...], "m": [[index, dlat, dlon]...], "b": base, "p"?: counters,
"i"?: [new or changed incident features], "g"?: [incidents no longer active]}.

A unit record is UNIT_FIELDS in that order; the browser's reader is
assets/push_wire.js (tests/unit/test_push_wire.py runs it on what this module
writes). Encoding a tick is O(changed units).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from dashboard.core.picture import Unit

UNIT_FIELDS = ("unit", "lat", "lon", "status", "stale", "kind", "index")
SCALE = 100_000   # moves in whole 1e-5 degrees (about a metre)


class UnitEncoder:
    """What every screen has been sent so far, so a message carries little.

    A unit that is new, or whose status, stale flag or kind changed, goes as
    its full record `[call sign, lat, lon, status, stale 0/1, kind, index]`
    (~50 bytes); a unit that only moved goes as `[index, dlat, dlon]` in whole
    1e-5 degrees (about a metre) from the `base` point (~18 bytes). The index
    is fixed for the unit until the picture is cleared (a replay seek).
    """

    SCALE = SCALE

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
        return event("delta", body)


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


def event(name: str, payload: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n"
