"""20,000+ generated entries, valid and invalid mixed, through a real Redis and
the real FeedReader: every invalid one rejected exactly once, every valid one
applied by the contract's ordering rule (latest ts wins; ties: later entry)."""
from __future__ import annotations

import random
import time

from dashboard.core.picture import Picture
from dashboard.feed.reader import FeedReader

N_UNITS = 16_000
N_INCIDENTS = 4_000
T0 = 1_795_600_000

# Each breaks the contract in one definite way.
UNIT_DEFECTS = [
    lambda f: f.pop("unit"),
    lambda f: f.pop("ts"),
    lambda f: f.update(ts="2026-11-25T12:00:00"),            # naive time
    lambda f: f.update(ts="yesterday"),
    lambda f: f.update(ts="nan"),
    lambda f: f.update(ts="-5"),
    lambda f: f.update(lat="91", lon="0.5"),
    lambda f: f.update(lat="51.4", lon="-180.01"),
    lambda f: (f.pop("lon", None), f.update(lat="51.4")),     # lat without lon
    lambda f: f.update(lat="fifty-one", lon="0.5"),
    lambda f: f.update(lon="inf", lat="51"),
    lambda f: f.update(status="AVAILABLE"),
    lambda f: f.update(kind="fire"),
    lambda f: f.update(officers="-1"),
    lambda f: f.update(unit="JRU 1"),
    lambda f: f.update(unit="JRU-1\n"),
    lambda f: f.update(unit="x" * 33),
    lambda f: f.update(unit="Ωmega"),
]
INCIDENT_DEFECTS = [
    lambda f: f.pop("incident"),
    lambda f: f.update(incident="INC 1"),
    lambda f: f.update(ts="2026-02-30T00:00:00Z"),
    lambda f: f.update(type="fire"),
    lambda f: f.update(category="C5"),
    lambda f: f.update(grade="urgent"),
    lambda f: f.update(summary="x" * 501),
    lambda f: f.update(unit="a b"),
    lambda f: f.update(status="reopened"),
]


def generate(seed: int = 2026):
    rnd = random.Random(seed)
    entries, invalid = [], 0
    for i in range(N_UNITS + N_INCIDENTS):
        if i < N_UNITS:
            stream = "units"
            f = {"unit": f"FZ-{rnd.randrange(300)}", "ts": str(T0 + rnd.randrange(2000))}  # ties happen
            if rnd.random() < 0.85:
                f["lat"], f["lon"] = f"{rnd.uniform(51.2, 51.5):.6f}", f"{rnd.uniform(0.2, 0.9):.6f}"
            if rnd.random() < 0.6:
                f["status"] = rnd.choice(["available", "en_route", "on_scene", "unavailable", "off_duty"])
            defects = UNIT_DEFECTS
        else:
            stream = "incidents"
            f = {"incident": f"FZI-{i}", "ts": str(T0 + rnd.randrange(2000)),
                 "lat": f"{rnd.uniform(51.2, 51.5):.6f}", "lon": f"{rnd.uniform(0.2, 0.9):.6f}",
                 "type": rnd.choice(["rtc", "medical"]), "summary": "<b>fuzz</b> ☃"}
            defects = INCIDENT_DEFECTS
        bad = rnd.random() < 0.3
        if bad:
            rnd.choice(defects)(f)
            invalid += 1
        entries.append((stream, f, not bad))
    rnd.shuffle(entries)
    return entries, invalid


def model_of(entries):
    """Latest ts wins, on equal ts the later entry wins; the fix is the latest report with lat/lon
    and the status the latest with a status, each by ts (a report older than the latest still gives
    what is newer than what is held of it)."""
    units = {}
    for stream, f, valid in entries:
        if stream != "units" or not valid:
            continue
        ts = float(f["ts"])
        m = units.setdefault(f["unit"], {"ts": ts, "lat": None, "lon": None, "status": "available",
                                         "fix_ts": None, "status_ts": None})
        m["ts"] = max(m["ts"], ts)
        if "lat" in f and (m["fix_ts"] is None or ts >= m["fix_ts"]):
            m["lat"], m["lon"], m["fix_ts"] = float(f["lat"]), float(f["lon"]), ts
        if "status" in f and (m["status_ts"] is None or ts >= m["status_ts"]):
            m["status"], m["status_ts"] = f["status"], ts
    return units


def test_twenty_thousand_mixed_entries_through_redis(redis_settings, redis_client):
    entries, invalid = generate()
    keys = redis_settings.keys
    t = time.perf_counter()
    for start in range(0, len(entries), 1000):
        pipe = redis_client.pipeline(transaction=False)
        for stream, f, _ in entries[start:start + 1000]:
            pipe.xadd(keys.units if stream == "units" else keys.incidents, f)
        pipe.execute()
    t_write = time.perf_counter() - t

    readers = [FeedReader(redis_settings, Picture()) for _ in range(2)]   # two "processes"
    t = time.perf_counter()
    for r in readers:
        assert r.catch_up() == len(entries)
    t_read = (time.perf_counter() - t) / 2
    print(f"\n{len(entries)} entries ({invalid} invalid): XADD {t_write:.2f} s, read+apply {t_read:.2f} s per reader")

    assert redis_client.xlen(keys.rejects) == invalid                 # once, though two readers saw them
    assert all(r.rejected == invalid for r in readers)
    rejected_ids = {(f["stream"], f["entry"]) for _, f in redis_client.xrange(keys.rejects)}
    assert len(rejected_ids) == invalid and all(f["reason"] for _, f in redis_client.xrange(keys.rejects, count=50))

    model = model_of(entries)
    valid_incidents = {f["incident"] for s, f, ok in entries if s == "incidents" and ok}
    for r in readers:
        pic = r.picture
        assert set(pic.units) == set(model)
        for name, m in model.items():
            u = pic.units[name]
            assert (u.ts, u.lat, u.lon, u.status) == (m["ts"], m["lat"], m["lon"], m["status"]), name
        assert set(pic.incidents) == valid_incidents
        assert all(i.summary == "<b>fuzz</b> ☃" for i in pic.incidents.values())
