"""The demo history indexed by time (sorted arrays, a moment found by bisection),
read from geodata/demo_history/ (dashboard/replay/history.py writes it).

Costs: `load_history` ~0.2 s (CSV parse + ISO times); `History.build` ~0.1 s for
the full history; each lookup O(log n) plus what it returns.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.replay.history import DEFAULT_DIR


class BadHistory(ValueError):
    """The history cannot be replayed (no shifts, shift ids that clash, jobs on no shift or on
    another unit's); the CLI reports it and exits 2 instead of replaying a wrong picture."""


def _check(incidents: pd.DataFrame, shifts: pd.DataFrame) -> None:
    """Raise BadHistory unless each shift id names one shift and each job is on its own unit's shift.

    A clashing id used to put a unit's jobs on another unit's shift: it stayed parked at base."""
    if shifts.empty:
        raise BadHistory("no shifts: nothing to replay")
    if "backup_unit" not in incidents:   # a history made before backup: none sent
        incidents["backup_unit"], incidents["backup_shift"] = "", ""
        incidents["backup_assigned_s"] = incidents["backup_on_scene_s"] = ""
    ids = shifts["shift"]
    dup = ids[ids.duplicated()]
    if len(dup):
        raise BadHistory(f"shift ids must be unique: {len(dup)} repeated, e.g. shift {dup.iloc[0]}")
    unit_of = pd.Series(shifts["unit"].to_numpy(), index=ids.to_numpy())
    on = incidents["shift"].map(unit_of)
    if on.isna().any():
        i = int(np.flatnonzero(on.isna().to_numpy())[0])
        raise BadHistory(f"incident {incidents['id'].iloc[i]} names shift {incidents['shift'].iloc[i]}, "
                         "which is not in shifts")
    wrong = (on != incidents["unit"]).to_numpy()
    if wrong.any():
        i = int(np.flatnonzero(wrong)[0])
        raise BadHistory(f"{int(wrong.sum())} incidents are on another unit's shift, e.g. "
                         f"{incidents['id'].iloc[i]} ({incidents['unit'].iloc[i]}) on shift "
                         f"{incidents['shift'].iloc[i]} ({on.iloc[i]})")
    _check_backup(incidents, unit_of, _numbers(incidents["backup_shift"]))


def _check_backup(incidents: pd.DataFrame, unit_of: pd.Series, backup_shift: np.ndarray) -> None:
    """Raise BadHistory unless each backup unit is on the shift its row names."""
    has = ~np.isnan(backup_shift)
    on = pd.Series(backup_shift[has]).map(unit_of).to_numpy()
    wrong = on != incidents["backup_unit"].to_numpy()[has]
    if wrong.any():
        i = int(np.flatnonzero(has)[np.flatnonzero(wrong)[0]])
        raise BadHistory(f"{int(wrong.sum())} backup units are not on the shift named, e.g. {incidents['id'].iloc[i]} "
                         f"({incidents['backup_unit'].iloc[i]} on shift {incidents['backup_shift'].iloc[i]})")


def _numbers(col: pd.Series) -> np.ndarray:
    """An optional numeric column (empty cells as read, or missing values as generated) as floats, NaN for none."""
    return pd.to_numeric(col.astype(object).replace("", None), errors="coerce").to_numpy(float, na_value=np.nan)


def _unix(col: pd.Series) -> np.ndarray:
    dt = pd.to_datetime(col, utc=True, format="ISO8601")
    return ((dt - pd.Timestamp("1970-01-01", tz="UTC")) / pd.Timedelta(seconds=1)).to_numpy(float)


@dataclass
class History:
    """The history indexed by time: sorted arrays, so a moment is found by bisection.

    `ev_*` are all incident events (open, assigned, on_scene, closed) in time
    order; shifts are sorted by start, `max_shift_s` bounds the search for the
    shifts running at a moment; `jobs[shift]` lists a shift's incidents.
    `backup` holds when the backup unit (if any) was assigned and on scene (NaN: none),
    `bk_ts`/`bk_inc` the backup assignments in time order, `backup_jobs[shift]` the
    incidents a shift went to as backup.
    """
    incidents: pd.DataFrame
    shifts: pd.DataFrame
    opened: np.ndarray
    times: np.ndarray          # (n, 4): open, assigned, on_scene, closed (Unix s)
    ev_ts: np.ndarray
    ev_inc: np.ndarray
    ev_kind: np.ndarray        # 0 open, 1 assigned, 2 on_scene, 3 closed
    shift_start: np.ndarray
    shift_end: np.ndarray
    max_shift_s: float
    max_incident_s: float
    jobs: dict[int, np.ndarray]
    backup: np.ndarray         # (n, 2): backup assigned, on scene (Unix s; NaN: no backup)
    bk_ts: np.ndarray
    bk_inc: np.ndarray
    backup_jobs: dict[int, np.ndarray]

    @property
    def span(self) -> tuple[float, float]:
        return float(self.shift_start[0]), float(self.shift_end.max())

    def stints(self, row: int) -> list[tuple[float, float, float, int]]:
        """(assigned, on scene, closed, incident) of shift `row`'s jobs, its own and as backup, in time order."""
        own = [(*(float(x) for x in self.times[i, 1:4]), int(i)) for i in self.jobs.get(row, ())]
        backup = [(float(self.backup[i, 0]), float(self.backup[i, 1]), float(self.times[i, 3]), int(i))
                  for i in self.backup_jobs.get(row, ())]
        return sorted(own + backup) if backup else own

    def backups_between(self, a: float, b: float) -> np.ndarray:
        """Incidents whose backup was assigned at a < ts <= b, in time order."""
        return self.bk_inc[int(np.searchsorted(self.bk_ts, a, "right")):int(np.searchsorted(self.bk_ts, b, "right"))]

    @classmethod
    def build(cls, incidents: pd.DataFrame, shifts: pd.DataFrame) -> "History":
        """Index DataFrames in the on-disk layout. ~0.1 s for the full history. Raises BadHistory."""
        incidents, shifts = incidents.copy(), shifts.copy()
        _check(incidents, shifts)
        shifts["start_ts"], shifts["end_ts"] = _unix(shifts["start"]), _unix(shifts["end"])
        shifts = shifts.sort_values(["start_ts", "unit"], kind="stable").reset_index(drop=True)
        shift_row = {int(s): i for i, s in enumerate(shifts["shift"])}
        opened = _unix(incidents["opened"])
        order = np.argsort(opened, kind="stable")
        incidents, opened = incidents.iloc[order].reset_index(drop=True), opened[order]
        offs = incidents[["assigned_s", "on_scene_s", "closed_s"]].to_numpy(float)
        times = np.column_stack([opened, opened[:, None] + offs])
        ev_ts = times.ravel()
        ev_order = np.argsort(ev_ts, kind="stable")
        n = len(incidents)
        rows = incidents["shift"].map(shift_row).to_numpy(int) if n else np.zeros(0, int)
        incidents["shift_row"] = rows
        backup = opened[:, None] + np.column_stack([_numbers(incidents[c]) if n else np.zeros(0)
                                                    for c in ("backup_assigned_s", "backup_on_scene_s")])
        has = np.flatnonzero(~np.isnan(backup[:, 0]))
        bk_rows = np.array([shift_row[int(s)] for s in _numbers(incidents["backup_shift"])[has]], int)
        incidents["backup_row"] = -1            # the backup unit's shift row (its track), -1: none sent
        incidents.loc[has, "backup_row"] = bk_rows
        bk_inc = has[np.argsort(backup[has, 0], kind="stable")]
        return cls(incidents=incidents, shifts=shifts, opened=opened, times=times,
                   ev_ts=ev_ts[ev_order], ev_inc=(ev_order // 4).astype(np.int64),
                   ev_kind=(ev_order % 4).astype(np.int8),
                   shift_start=shifts["start_ts"].to_numpy(float), shift_end=shifts["end_ts"].to_numpy(float),
                   max_shift_s=float((shifts["end_ts"] - shifts["start_ts"]).max()),
                   max_incident_s=float((times[:, 3] - times[:, 0]).max()) if n else 0.0,
                   jobs=_by_shift(rows, np.arange(n), times[:, 1]), backup=backup, bk_ts=backup[bk_inc, 0],
                   bk_inc=bk_inc, backup_jobs=_by_shift(bk_rows, has, backup[has, 0]))

    def shifts_between(self, a: float, b: float) -> np.ndarray:
        """Rows of shifts overlapping [a, b]: bisection on start, then a filter."""
        lo = int(np.searchsorted(self.shift_start, a - self.max_shift_s, "left"))
        hi = int(np.searchsorted(self.shift_start, b, "right"))
        idx = np.arange(lo, hi)
        return idx[self.shift_end[lo:hi] >= a]

    def active_incidents(self, t: float) -> np.ndarray:
        """Incidents open at t (opened <= t < closed)."""
        lo = int(np.searchsorted(self.opened, t - self.max_incident_s, "left"))
        hi = int(np.searchsorted(self.opened, t, "right"))
        idx = np.arange(lo, hi)
        return idx[self.times[lo:hi, 3] > t]

    def events_between(self, a: float, b: float) -> slice:
        """Incident events with a < ts <= b, as a slice of the ev_* arrays."""
        return slice(int(np.searchsorted(self.ev_ts, a, "right")), int(np.searchsorted(self.ev_ts, b, "right")))


def _by_shift(rows: np.ndarray, incidents: np.ndarray, ts: np.ndarray) -> dict[int, np.ndarray]:
    """Shift row -> its incidents in time order (`rows`, `incidents`, `ts` side by side)."""
    out: dict[int, np.ndarray] = {}
    if len(rows):
        by_shift = np.argsort(rows, kind="stable")
        for chunk in np.split(by_shift, np.flatnonzero(np.diff(rows[by_shift])) + 1):
            out[int(rows[chunk[0]])] = incidents[chunk[np.argsort(ts[chunk], kind="stable")]]
    return out


def load_history(folder: str | Path = DEFAULT_DIR, *, since: float | None = None) -> History:
    """Read the shipped history (gzip or plain CSV); `since` drops older rows to save memory."""
    folder = Path(folder)

    def read(name: str) -> pd.DataFrame:
        for suffix in (".csv.gz", ".csv"):
            if (folder / f"{name}{suffix}").exists():
                return pd.read_csv(folder / f"{name}{suffix}", keep_default_na=False)
        raise FileNotFoundError(f"no {name}.csv(.gz) in {folder}: run geodata/build/make_history.py")
    incidents, shifts = read("incidents"), read("shifts")
    if since is not None:
        shifts = shifts[_unix(shifts["end"]) >= since]
        incidents = incidents[incidents["shift"].isin(set(shifts["shift"]))]
    return History.build(incidents, shifts)
