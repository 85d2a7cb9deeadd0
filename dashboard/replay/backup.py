"""Backup in the demo history: now and then the control room sends a second joint unit.

For a serious incident (assault or disorder at the police's immediate grade) the control room
asks for backup with a fixed chance; 1-5 min after the first unit it sends, of the joint units of
the same district or a neighbouring one, the one that would be there soonest among those free:
on shift (not in its last 30 min), not driving to or at a scene, and with no other backup job to
come. It drives from where it is (at base, or on its way back: blue lights, `travel_s`), stays on
scene until the incident closes and drives back to base. Its own later jobs of the shift come
that much later, once it is back (the generator's jobs come "a while after the unit is free"), so
they still start from base as timed and the replayed track (`tracks.py`) never has a unit in two
places; a job may keep it past its shift's end, as its own jobs do. None free, or none there
5 min before the close: no backup. The draws come from a stream of their own.

Cost: one pass over the incidents (a heap by assignment time); two drive times (`travel_s`) per
unit on shift for each incident that asks, a few thousand over the full span (seconds over the
roads: one from a point on the way back is a Dijkstra).
"""
from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.core.times import UK_ZONE
from dashboard.replay.calibration import BASES, CODE, SHIFT_H, travel_s

SERIOUS_TYPES = ("assault", "disorder")
SERIOUS_GRADES = ("immediate",)
ASK_SHARE = 0.3                  # serious incidents for which backup is asked (a unit is free for most)
DELAY_S = (60.0, 300.0)          # backup is sent 1-5 min after the first unit
MIN_ON_SCENE_S = 300.0           # a unit that would arrive in the incident's last 5 min is not sent
SPARE_S = 60.0                   # free this long before the backup job and after it, before its next job
LAST_START_S = SHIFT_H * 3600 - 1800   # no job starts in a shift's last 30 min
NEIGHBOURS = {"Medway": ("Medway", "Swale", "Gravesham"), "Swale": ("Swale", "Medway"),
              "Dartford": ("Dartford", "Gravesham"), "Gravesham": ("Gravesham", "Dartford", "Medway")}
SEED_STREAM = 7                  # the backup draws' own stream of the seed


@dataclass
class Job:
    """One incident as the generator made it (times in Unix s; a later backup job may move them on)."""
    district: str
    type: str
    grade: str
    unit: str
    lon: float
    lat: float
    opened: float
    assigned: float
    closed: float
    back: float                  # the drive back to base after it
    from_base: bool              # the generator timed the drive to it from base
    shift: int


@dataclass
class Shift:
    """A joint unit's shift: its jobs in time order, (assigned, job index or -1, backup job or None)."""
    shift: int
    unit: str
    district: str
    start: float
    end: float
    stints: list[tuple[float, int, Job | None]] = field(default_factory=list)

    def free_at(self, jobs: list[Job], t: float) -> tuple[float, float, int] | None:
        """(lon, lat, k) where the unit is at t when it is free for backup then: on shift and not in its
        last 30 min, not driving to or at a scene, no backup job to come, the next job of its own (k; -1
        none) timed from base. None if not."""
        if not self.start + SPARE_S <= t <= self.start + LAST_START_S:
            return None
        i = bisect.bisect_right(self.stints, (t, len(jobs))) - 1
        later = self.stints[i + 1:]
        if any(k < 0 for _, k, _ in later) or (later and not jobs[later[0][1]].from_base):
            return None
        _, blon, blat = BASES[self.district]
        if i < 0:
            return blon, blat, later[0][1] if later else -1
        k, done = self.stints[i][1], self.stints[i][2]
        prev = done if done is not None else jobs[k]
        if t < prev.closed + SPARE_S:
            return None
        f = min(1.0, (t - prev.closed) / prev.back) if prev.back > 0 else 1.0   # on its way back, as generated
        return prev.lon + (blon - prev.lon) * f, prev.lat + (blat - prev.lat) * f, later[0][1] if later else -1


def serious(job: Job) -> bool:
    return job.type in SERIOUS_TYPES and job.grade in SERIOUS_GRADES


def _take(jobs: list[Job], shift: Shift, backup: Job, nxt: int, queue: list) -> None:
    """Give the unit the backup job. Its own jobs from `nxt` on come that much later if it would not be
    back by then (each as long after the one before, so each still starts from where it was timed)."""
    back_at = backup.closed + backup.back
    first = jobs[nxt].assigned if nxt >= 0 else float("inf")
    delta = back_at + SPARE_S - first
    for _, k, _ in shift.stints:
        if delta > 0 and k >= 0 and jobs[k].assigned >= first:
            j = jobs[k]
            j.opened, j.assigned, j.closed = j.opened + delta, j.assigned + delta, j.closed + delta
            heapq.heappush(queue, (j.assigned, k))
    shift.stints = sorted([(jobs[k].assigned if k >= 0 else t, k, b) for t, k, b in shift.stints]
                          + [(backup.assigned, -1, backup)], key=lambda s: s[:2])
    last = shift.stints[-1][2] or jobs[shift.stints[-1][1]]
    shift.end = max(shift.end, back_at, last.closed + last.back)


def pick_backups(jobs: list[Job], shifts: list[Shift], seed: int, roads=None
                 ) -> list[tuple[str, int, float, float] | None]:
    """For each job, (unit, shift, assigned, on scene) of its backup, or None; moves the backup units'
    later jobs (and their shifts' ends) on in `jobs` and `shifts`. Deterministic from the seed.

    Jobs go in order of assignment, so an earlier backup makes its unit busy for the later ones.
    Every serious job draws two numbers whether or not a unit is found, so the draws do not depend
    on the drive times (the road model)."""
    rng = np.random.default_rng([seed, SEED_STREAM])
    by_start = sorted(shifts, key=lambda s: (s.start, s.unit))
    starts = [s.start for s in by_start]
    out: list[tuple[str, int, float, float] | None] = [None] * len(jobs)
    queue = [(j.assigned, k) for k, j in enumerate(jobs)]
    heapq.heapify(queue)
    while queue:
        t, k = heapq.heappop(queue)
        job = jobs[k]
        if t != job.assigned or not serious(job):   # moved on since (pushed again), or not serious
            continue
        ask, delay = rng.random(2)
        if ask >= ASK_SHARE:
            continue
        t_b = job.assigned + DELAY_S[0] + delay * (DELAY_S[1] - DELAY_S[0])
        best = None
        for s in by_start[bisect.bisect_left(starts, t_b - SHIFT_H * 3600):bisect.bisect_right(starts, t_b)]:
            where = None if s.unit == job.unit or s.district not in NEIGHBOURS[job.district] else s.free_at(jobs, t_b)
            if where is None:
                continue
            drive = travel_s(where[0], where[1], job.lon, job.lat, blue=True, roads=roads)
            if t_b + drive <= job.closed - MIN_ON_SCENE_S and (best is None or drive < best[0]):
                best = (drive, where[2], s)
        if best is not None:
            drive, nxt, s = best
            _, blon, blat = BASES[s.district]
            back = travel_s(job.lon, job.lat, blon, blat, blue=False, roads=roads)
            _take(jobs, s, Job(s.district, job.type, job.grade, s.unit, job.lon, job.lat, job.opened, t_b,
                               job.closed, back, False, s.shift), nxt, queue)
            out[k] = (s.unit, s.shift, t_b, t_b + drive)
    return out


def renumber_moved(incidents: pd.DataFrame) -> None:
    """A job moved on past midnight (its unit was out as backup) takes the next number of its new day, so an
    incident id still names the day it was opened; every other id stays as drawn. O(incidents), vectorised."""
    if incidents.empty:
        return
    day = pd.to_datetime(incidents["opened"], utc=True).dt.tz_convert(UK_ZONE).dt.strftime("%y%m%d")
    moved = (incidents["id"].str[2:8] != day).to_numpy()
    if not moved.any():
        return
    key = incidents["district"].map(CODE) + day
    seq = incidents["id"].str.rsplit("-", n=1).str[1].astype(int)
    top = seq[~moved].groupby(key[~moved]).max().to_dict()
    ids = incidents["id"].tolist()
    for r in np.flatnonzero(moved):
        k = key.iloc[r]
        top[k] = top.get(k, 0) + 1
        ids[r] = f"{k}-{top[k]:02d}"
    incidents["id"] = ids
