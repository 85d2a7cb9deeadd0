"""The running service: settings -> picture, feed reader, area index, ETA model.

Shared by the JSON API and the screens (neither talks to Redis directly).
This module wires core and feed together; it imports no Dash.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial

import numpy as np

from dashboard.core import areas as areas_mod
from dashboard.core.clock import feed_now
from dashboard.core.contract import IncidentEvent
from dashboard.core.decisions import Decision, summarise
from dashboard.core.eta import EtaModel, StraightLineModel
from dashboard.core.picture import Assignment, Incident, Picture, Unit
from dashboard.core.places import Place, load_places
from dashboard.core.ranking import Ranking, rank_all, rank_units
from dashboard.core.targets import parse_grade_targets, target_s, urgency_rank
from dashboard.core.whereabouts import near_text, postcode_position, shipped_gazetteer
from dashboard.feed import replay_control, retention
from dashboard.feed.settings import REDIS_ERRORS as redis_errors
from dashboard.feed.reader import FeedReader
from dashboard.feed.settings import RedisSettings
from dashboard.feed.writer import FeedWriter
from dashboard.settings import Settings

log = logging.getLogger(__name__)
RANKED_OPEN = 150   # open incidents ranked at once for the queue and conflict checks


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def load_areas(settings: Settings) -> tuple[areas_mod.AreaIndex, str | None]:
    """The boundary layer, or the shipped one with a warning if the user's file is unusable."""
    if settings.boundaries:
        try:
            gdf = areas_mod.load_boundaries(settings.boundaries, crs=settings.boundaries_crs,
                                            name_field=settings.boundary_name_field)
            return areas_mod.AreaIndex(gdf), None
        except areas_mod.BoundaryError as exc:
            warning = f"Boundary file not used: {exc}. Showing the built-in North Kent districts."
            log.error(warning)
            return areas_mod.AreaIndex(areas_mod.load_boundaries()), warning
    return areas_mod.AreaIndex(areas_mod.load_boundaries()), None


def load_beats(settings: Settings) -> tuple[areas_mod.AreaIndex | None, str | None]:
    """The finer layer (beats): the user's file, else the shipped one; None if neither loads."""
    default = areas_mod.DEFAULT_BOUNDARIES.with_name("north_kent_beats.geojson")
    for path in ([settings.beats] if settings.beats else []) + [default]:
        try:
            return areas_mod.AreaIndex(areas_mod.load_boundaries(path)), (
                None if str(path) == str(settings.beats or default) else
                f"Beats file not used ({settings.beats}); showing the built-in North Kent beats.")
        except (areas_mod.BoundaryError, OSError) as exc:
            log.error("beats file %s not loaded: %s", path, exc)
    return None, "No beats file could be loaded: incidents have no area_fine."


def load_eta_model(settings: Settings) -> tuple[EtaModel, str | None]:
    if settings.eta_model == "straight":
        return StraightLineModel(), None
    try:
        from dashboard.core.roads import RoadModel
        return RoadModel.load(settings.roads), None
    except Exception as exc:  # a broken road file must not stop the dashboard
        warning = f"Road model not loaded ({exc}); ETAs use straight-line distance."
        log.error(warning)
        return StraightLineModel(), warning


@dataclass
class Runtime:
    settings: Settings
    redis: RedisSettings
    picture: Picture
    reader: FeedReader
    areas: areas_mod.AreaIndex
    eta_model: EtaModel
    warnings: list[str] = field(default_factory=list)
    beats: areas_mod.AreaIndex | None = None                 # finer layer -> Incident.area_fine
    places: list[Place] = field(default_factory=list)        # hospitals (handover rule), stations
    decisions: deque = field(default_factory=lambda: deque(maxlen=20_000))
    _rank_cache: dict = field(default_factory=dict)
    _writer: FeedWriter | None = None
    _control_client: object | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _model_lock: threading.Lock = field(default_factory=threading.Lock)  # the road model caches are not thread-safe

    # -- time -------------------------------------------------------------
    def now(self) -> tuple[float, bool]:
        """(feed time, is_replay)."""
        return feed_now(self.reader.clock)

    # -- units and incidents ------------------------------------------------
    def unit_json(self, u: Unit, now: float) -> dict:
        age = u.fix_age_s(now)
        return {"unit": u.unit, "lat": u.lat, "lon": u.lon, "status": u.status, "kind": u.kind,
                "ts": iso(u.ts), "fix_ts": iso(u.fix_ts),
                "age_s": None if age is None else round(age, 1),
                "stale": u.is_stale(now, self.settings.staleness_s),
                "officers": u.officers, "paramedics": u.paramedics,
                "status_since": iso(u.status_since)}

    def incident_json(self, i: Incident, now: float) -> dict:
        tgt = target_s(i.category, i.grade, self.grade_targets)
        return {"incident": i.incident, "lat": i.lat, "lon": i.lon, "status": i.status, "type": i.type,
                "category": i.category, "grade": i.grade, "summary": i.summary, "unit": i.unit,
                "area": i.area, "area_fine": i.area_fine, "near": i.near, "postcode": i.postcode,
                "location_source": i.location_source, "ts": iso(i.ts), "opened": iso(i.opened_ts),
                "assigned_at": iso(i.assigned_ts), "on_scene_at": iso(i.on_scene_ts),
                "age_s": round(max(0.0, now - i.opened_ts)), "target_s": tgt,
                "urgency": urgency_rank(i.category, i.grade)}

    def incident_by_id(self, incident_id: str | None) -> dict | None:
        """One incident as the API shows it (None if not held)."""
        with self.picture.lock:
            inc = self.picture.incidents.get(incident_id)
            return None if inc is None else self.incident_json(inc, self.now()[0])

    def units_by_name(self, names: list[str]) -> dict[str, dict]:
        """Just these units, as the API shows them."""
        now, _ = self.now()
        with self.picture.lock:
            return {n: self.unit_json(self.picture.units[n], now) for n in names if n in self.picture.units}

    def units_json(self) -> list[dict]:
        now, _ = self.now()
        return [self.unit_json(u, now) for u in sorted(self.picture.units_list(), key=lambda u: u.unit)]

    def incidents_json(self, status: str | None = None) -> list[dict]:
        now, _ = self.now()
        incidents = [i for i in self.picture.incidents_list()
                     if status is None or i.status == status or (status == "active" and i.is_active)]
        incidents.sort(key=lambda i: (urgency_rank(i.category, i.grade), i.opened_ts))
        return [self.incident_json(i, now) for i in incidents]

    # -- suggestions ----------------------------------------------------------
    @property
    def grade_targets(self) -> dict[str, float]:
        return parse_grade_targets(self.settings.grade_targets)

    def ranking(self, incident_id: str, units: list[Unit] | None = None, now: float | None = None) -> Ranking | None:
        """Suggestions for one incident (None if unknown). Cached per picture
        version and 2-second slice of feed time."""
        inc = self.picture.incidents.get(incident_id)
        if inc is None:
            return None
        now = self.now()[0] if now is None else now
        return self._cached((incident_id, self.picture.version, int(now // 2)), lambda: rank_units(
            inc, self.picture.units_list() if units is None else units, now, self.eta_model,
            staleness_s=self.settings.staleness_s, committed=self.picture.committed_units(),
            grade_targets=self.grade_targets, places=self.places))

    def _cached(self, key: tuple, compute):
        """Rankings are cached per picture version and 2-second slice of feed time;
        computing one takes the model lock (the road model's caches are not thread-safe)."""
        cached = self._rank_cache.get(key)
        if cached is not None:
            return cached
        with self._model_lock:
            cached = self._rank_cache.get(key)   # ten screens asking at once: the first computes, the rest wait
            if cached is not None:
                return cached
            value = compute()
        if len(self._rank_cache) > 2000:
            self._rank_cache.clear()
        self._rank_cache[key] = value
        return value

    def open_rankings(self, ids: list[str] | None = None) -> dict[str, Ranking]:
        """The top suggestion for open incidents (the queue), all in one ETA matrix.

        `ids`: just these incidents (the queue rows on screen); default the
        RANKED_OPEN most urgent and oldest, which is also the set "also top for"
        conflicts are checked in: thousands of open incidents would otherwise cost
        seconds a refresh. Cached per 2-second slice of feed time and the incidents' and
        unit statuses' versions (not every move: screens asking in the same slice share one).
        """
        now, _ = self.now()

        def compute() -> dict[str, Ranking]:
            incidents = [i for i in self.picture.incidents_list() if i.status == "open"]
            if ids is None:
                incidents.sort(key=lambda i: (urgency_rank(i.category, i.grade), i.opened_ts))
                incidents = incidents[:RANKED_OPEN]
            else:
                wanted = set(ids)
                incidents = [i for i in incidents if i.incident in wanted]
            return rank_all(incidents, self.picture.units_list(), now, self.eta_model,
                            staleness_s=self.settings.staleness_s, committed=self.picture.committed_units(),
                            grade_targets=self.grade_targets, places=self.places)
        p = self.picture
        return self._cached(("*open*", tuple(ids) if ids is not None else None, p.incident_version,
                             p.unit_status_version, int(now // 2)), compute)

    def suggestions_json(self, incident_id: str) -> dict | None:
        ranking = self.ranking(incident_id)
        if ranking is None:
            return None
        out = ranking.as_json()
        tops = {r.suggestions[0].unit: k for k, r in self.open_rankings().items()
                if r.suggestions and k != incident_id}
        for s in out["suggestions"]:
            s["also_top_for"] = tops.get(s["unit"])
        return out

    # -- accept ----------------------------------------------------------------
    def accept(self, incident_id: str, unit: str, by: str) -> tuple[bool, str]:
        """A duty officer accepts a unit for an incident: write `jru:assignments`
        once and apply it here at once (other processes see it via the stream)."""
        ranking = self.ranking(incident_id)
        if ranking is None:
            return False, f"unknown incident {incident_id}"
        inc = self.picture.incidents.get(incident_id)
        if inc is None or inc.status == "closed":
            return False, f"incident {incident_id} is closed"
        if unit not in self.picture.units:
            return False, f"unknown unit {unit}"
        match = next((s for s in ranking.suggestions if s.unit == unit), None)
        now, _ = self.now()
        try:
            with self._lock:
                if self._writer is None:
                    self._writer = FeedWriter(self.redis.client(role="writer"), self.redis.keys)
                entry = self._writer.assignment(
                    incident=incident_id, unit=unit, ts=now, by=by or "duty officer",
                    rank=match.rank if match else None, eta_s=match.eta_s if match else None,
                    distance_m=match.distance_m if match else None)
        except redis_errors as exc:   # e.g. mid-failover: say so, write nothing here
            log.warning("accept %s -> %s not written: %s", unit, incident_id, type(exc).__name__)
            return False, (f"Not assigned: Redis did not answer ({type(exc).__name__}); "
                           "nothing was written. Try again in a few seconds.")
        # the same (ms-rounded) ts as written, so every process holds the same picture
        self.picture.apply_assignment(Assignment(incident_id, unit, round(now, 3), by))
        if entry is None:
            return True, f"{unit} was already assigned to {incident_id} moments ago"
        return True, f"{unit} assigned to {incident_id}"

    # -- decision replay ---------------------------------------------------------
    def note_decision(self, event: IncidentEvent) -> None:
        """Before an incident goes from open to assigned in the feed, record what
        we would have suggested beside the unit that actually went."""
        if event.unit is None or event.status not in ("assigned", "on_scene"):
            return
        inc = self.picture.incidents.get(event.incident)
        if inc is None or inc.status != "open":
            return
        # Only a dispatch happening now can be compared with where the units are now
        # (not one re-read after a restart or written in a replay's snapshot).
        now, _ = self.now()
        speed = self.reader.clock.speed if self.reader.clock else 1.0
        if now - event.ts > 120 + 2 * speed or not self.reader.caught_up.is_set():
            return
        with self._model_lock:
            ranking = rank_units(inc, self.picture.units_list(), event.ts, self.eta_model,
                                 staleness_s=self.settings.staleness_s, committed=self.picture.committed_units(),
                                 grade_targets=self.grade_targets, places=self.places)
            top = ranking.suggestions[0] if ranking.suggestions else None
            actual = self.picture.units.get(event.unit)
            actual_eta = None
            if actual is not None and actual.lat is not None:
                actual_eta = float(self.eta_model.eta_s(np.array([actual.lon]), np.array([actual.lat]),
                                                        inc.lon, inc.lat)[0])
        self.decisions.append(Decision(inc.incident, event.ts, event.unit, actual_eta,
                                       top.unit if top else None, top.eta_s if top else None))

    def decisions_summary(self, start: float | None = None, end: float | None = None) -> dict:
        return summarise(list(self.decisions), start, end)

    def decision_for(self, incident_id: str) -> Decision | None:
        return next((d for d in reversed(self.decisions) if d.incident == incident_id), None)

    # -- replay controls (the replayer may run in this process or another) ----------
    def _control(self):
        if self._control_client is None:
            self._control_client = self.redis.client(role="control")
        return self._control_client

    def replay_status(self) -> dict:
        """The replayer's state ({} when none runs or Redis is away)."""
        try:
            return replay_control.read_status(self._control(), self.redis.keys)
        except Exception:
            return {}

    def replay_command(self, cmd: str, value=None) -> str | None:
        """Send a control command; returns an error message or None."""
        try:
            replay_control.send_command(self._control(), self.redis.keys, cmd, value)
        except replay_control.CommandError as exc:
            return str(exc)
        except Exception as exc:
            return f"replay control unavailable: {type(exc).__name__}"
        return None

    # -- health --------------------------------------------------------------
    def health(self) -> tuple[dict, int]:
        now, replay = self.now()
        r = self.reader
        rejects = r.rejects_total()
        up = r.connected and (rejects is not None or self.redis.keys.rejects in r.key_problems)
        stuck = up and (r.stuck() or r.error is not None)
        last = r.last_entry_wall
        body = {
            "status": ("feed reader stuck" if stuck else "redis unreachable" if not up
                       else "degraded" if r.key_problems else "ok"),
            "key_problems": dict(r.key_problems),
            "redis": {"reachable": up, "url": self.redis.safe_url, "error": r.error},
            "feed": {"lag_s": round(r.lag_s, 3), "last_entry": iso(last),
                     "last_entry_age_s": None if last is None else round(time.time() - last, 1),
                     "entries_read": r.entries_read, "caught_up": r.caught_up.is_set(),
                     "reader_stuck": stuck, "failed_entries": r.failed,
                     "last_read_age_s": None if r.last_step_wall is None else round(time.time() - r.last_step_wall, 1)},
            "clock": {"now": iso(now), "replay": replay},
            "counts": {"units": len(self.picture.units), "incidents": len(self.picture.incidents),
                       "open_incidents": sum(1 for i in self.picture.incidents.values() if i.status == "open"),
                       "rejects": rejects, "rejects_here": r.rejected},
            "recent_rejects": [vars(x) for x in list(r.recent_rejects)[-5:]],
            "warnings": self.warnings,
        }
        return body, (200 if up and not stuck else 503)


def build_runtime(settings: Settings, redis_url: str) -> Runtime:
    """Wire everything; starts the feed reader thread unless settings say not to."""
    areas, area_warning = load_areas(settings)
    model, model_warning = load_eta_model(settings)
    beats, beats_warning = load_beats(settings)
    gz = shipped_gazetteer()   # postcodes and place names: placement by postcode, "near ..." text
    picture = Picture(area_of=areas.area_of, fine_area_of=beats.area_of if beats else None,
                      postcode_at=partial(postcode_position, gz), near_of=partial(near_text, gz))
    redis_settings = RedisSettings.from_url(redis_url, settings.prefix)
    reader = FeedReader(redis_settings, picture)
    rt = Runtime(settings, redis_settings, picture, reader, areas, model,
                 warnings=[w for w in (area_warning, model_warning, beats_warning) if w],
                 beats=beats, places=load_places())
    reader.before_incident = rt.note_decision
    if settings.start_reader:
        reader.start()
        threading.Thread(target=_housekeeping, args=(rt,), name="housekeeping", daemon=True).start()
    return rt


def _housekeeping(rt: Runtime) -> None:
    """Bounded memory: forget incidents closed long ago (feed time), and trim the
    streams by the retention policy (one process every 5 minutes; docs/reliability.md)."""
    client = None
    while True:
        time.sleep(30)
        try:
            rt.picture.prune_closed(rt.now()[0], rt.settings.closed_keep_s)
            rt.picture.prune_unheard(rt.now()[0], retention.RETENTION.units_max_age_s)
            client = client or rt.redis.client(role="housekeeping")
            retention.maybe_trim(client, rt.redis.keys)
        except redis_errors as exc:
            log.warning("stream retention skipped: %s", type(exc).__name__)
        except Exception:
            log.exception("housekeeping failed")
