"""Search box answers: a full or partial postcode in any spelling, or a place name with typos.

Pure module. `search` costs well under a millisecond per keystroke on the 14,938
postcodes and ~90 names (binary searches on the sorted codes; an edit distance
against each name, ~10 us each); see tests/unit/test_place_search.py for the cases.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.core import postcodes as pcs
from dashboard.core.place_names import PlaceName
from dashboard.core.postcodes import Postcodes

MAX_QUERY = 64   # characters looked at: a place name or postcode is far shorter, and the cost grows with length


@dataclass(frozen=True)
class Hit:
    label: str      # what the list shows: "ME7 5NY", "ME7 5 (212 postcodes)", "Sittingbourne"
    detail: str     # district or what the hit is
    kind: str       # "postcode", "sector", "district" (postcode district, e.g. ME7) or "place"
    lon: float
    lat: float
    zoom: int       # how close the map flies in


def search(query: str, pc: Postcodes, names: list[PlaceName], limit: int = 8) -> list[Hit]:
    """Best hits first: an exact postcode; else postcode districts/sectors and places matching."""
    q = query.strip()[:MAX_QUERY]
    if not pcs.squash(q):
        return []
    row = pcs.find(pc, q)
    if row is not None:
        return [_postcode_hit(pc, row)]
    hits = _postcode_prefix_hits(q, pc, limit) + _place_hits(q, names)
    return hits[:limit]


def _postcode_hit(pc: Postcodes, i: int) -> Hit:
    return Hit(str(pc.code[i]), str(pc.district[i]), "postcode", float(pc.lon[i]), float(pc.lat[i]), 17)


def _group_hit(pc: Postcodes, label: str, lo: int, hi: int, kind: str, zoom: int) -> Hit:
    districts = list(dict.fromkeys(pc.district[lo:hi].tolist()))
    return Hit(label, f"{' / '.join(districts)} · {hi - lo} postcodes", kind,
               float(pc.lon[lo:hi].mean()), float(pc.lat[lo:hi].mean()), zoom)


def _spellings(q: str, pc: Postcodes) -> list[tuple[str, str]]:
    """Official prefixes a partial postcode may mean: ('ME7 5', 'sector'), ('ME7', 'district'),
    ('ME1', 'outward') for 'ME1' typed (also ME10, ME11 ...). A space typed by the user is kept."""
    s = pcs.squash(q)
    if not s[:1].isalpha():
        return []
    out: list[tuple[str, str]] = []
    typed_space = " " in q.strip()
    head = q.strip().upper().split()[0] if typed_space else None
    for k in range(2, min(len(s), 4) + 1):
        outward, rest = s[:k], s[k:]
        if head is not None and outward != pcs.squash(head):
            continue
        lo, hi = pcs.prefix_range(pc, outward + " ")
        if hi > lo and (rest == "" or (len(rest) <= 2 and rest[0].isdigit())):
            out.append((f"{outward} {rest}".strip() if rest else outward, "sector" if rest else "district"))
    if not typed_space:
        out.append((s, "outward"))
    # 'ME12' is first the postcode district ME12 (Sheppey), then the sector ME1 2 (Rochester)
    return sorted(out, key=lambda t: ("district", "sector", "outward").index(t[1]))


def _postcode_prefix_hits(q: str, pc: Postcodes, limit: int) -> list[Hit]:
    hits: list[Hit] = []
    seen: set[str] = set()
    for prefix, kind in _spellings(q, pc):
        if kind == "sector":
            lo, hi = pcs.prefix_range(pc, prefix)
            if hi > lo and prefix not in seen:
                seen.add(prefix)
                hits.append(_group_hit(pc, prefix, lo, hi, "sector", 15))
                hits += [_postcode_hit(pc, i) for i in range(lo, min(hi, lo + limit - 1))]
        elif kind == "district":
            lo, hi = pcs.prefix_range(pc, prefix + " ")
            if prefix not in seen:
                seen.add(prefix)
                hits.append(_group_hit(pc, prefix, lo, hi, "district", 13))
        else:  # other postcode districts starting with what was typed: ME1 -> ME10, ME11, ME12 ...
            lo, hi = pcs.prefix_range(pc, prefix)
            outwards = np.unique(np.char.partition(pc.code[lo:hi], " ")[:, 0]) if hi > lo else []
            for outward in outwards:
                if str(outward) not in seen:
                    seen.add(str(outward))
                    a, b = pcs.prefix_range(pc, f"{outward} ")
                    hits.append(_group_hit(pc, str(outward), a, b, "district", 13))
    return hits


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute). Cost: len(a) * len(b) steps."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _fold(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _place_hits(q: str, names: list[PlaceName]) -> list[Hit]:
    """Names starting with (or containing) what was typed first, then near misses: a typo allowed
    per four letters, compared with the name or its start as long as the query."""
    f = _fold(q)
    if len(f) < 2:
        return []
    scored = []
    for n in names:
        name = _fold(n.name)
        if name.startswith(f):
            score = 0.0
        elif f in name:
            score = 0.5
        else:
            allowed = max(1, len(f) // 4)
            if len(f) < 4:
                continue
            d = edit_distance(f, name[:len(f)]) + 0.5
            if abs(len(name) - len(f)) <= allowed:   # lengths further apart cannot be within `allowed`
                d = min(d, edit_distance(f, name))
            if d > allowed:
                continue
            score = 1 + d
        scored.append((score, n.rank, n.name, n))
    scored.sort(key=lambda t: t[:3])
    return [Hit(n.name, n.district or "outside the four districts", "place", n.lon, n.lat, 14 if n.rank == 1 else 15)
            for *_, n in scored]
