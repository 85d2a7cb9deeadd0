"""The composition root: settings -> the picture, the feed reader and the services.

Builds and holds; does nothing itself. Screens and the web server are given the
`Runtime` and use its services (dashboard/service/), never each other's parts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from dashboard.core.areas import AreaIndex
from dashboard.core.picture import Picture
from dashboard.core.places import Place, load_places
from dashboard.core.targets import parse_grade_targets
from dashboard.core.whereabouts import near_text, postcode_position, shipped_gazetteer
from dashboard.feed.decision_records import SharedDecisions
from dashboard.feed.reader import FeedReader
from dashboard.feed.settings import RedisSettings
from dashboard.feed.retention import policy_for
from dashboard.service.assignments import Assignments
from dashboard.service.clock import FeedClock
from dashboard.service.coverage import Coverage
from dashboard.service.decisions import DecisionLog
from dashboard.service.eta import Eta, RankRules
from dashboard.service.health import Health
from dashboard.service.housekeeping import start_housekeeping
from dashboard.service.loading import load_areas, load_beats, load_eta_model
from dashboard.service.rankings import Rankings
from dashboard.service.replay import ReplayControls
from dashboard.service.views import Views
from dashboard.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    redis: RedisSettings
    picture: Picture
    reader: FeedReader
    areas: AreaIndex                      # districts
    beats: AreaIndex | None               # finer layer -> Incident.area_fine
    places: list[Place]                   # hospitals (handover rule), stations
    clock: FeedClock
    views: Views
    eta: Eta
    rankings: Rankings
    decisions: DecisionLog
    assignments: Assignments
    replay: ReplayControls
    coverage: Coverage
    health: Health
    warnings: list[str] = field(default_factory=list)


def build_runtime(settings: Settings, redis_url: str) -> Runtime:
    """Wire everything; starts the feed reader and housekeeping threads unless settings say not to."""
    areas, area_warning = load_areas(settings)
    model, model_warning = load_eta_model(settings)
    beats, beats_warning = load_beats(settings)
    warnings = [w for w in (area_warning, model_warning, beats_warning) if w]
    places = load_places()
    gz = shipped_gazetteer()   # postcodes and place names: placement by postcode, "near ..." text
    picture = Picture(area_of=areas.area_near, fine_area_of=beats.area_of if beats else None,
                      postcode_at=partial(postcode_position, gz), near_of=partial(near_text, gz))
    redis = RedisSettings.from_url(redis_url, settings.prefix)
    kept = policy_for(settings.closed_keep_s)   # the streams keep what /stats shows
    reader = FeedReader(redis, picture, retention=kept)
    clock = FeedClock(reader)
    grade_targets = parse_grade_targets(settings.grade_targets)
    eta = Eta(model, RankRules(settings.staleness_s, grade_targets, places))
    rankings = Rankings(picture, clock, eta)
    decisions = DecisionLog(picture, clock, eta, reader.caught_up, shared=SharedDecisions.of_reader(reader))
    reader.before_incident, reader.on_rebuild = decisions.note, decisions.forget
    rt = Runtime(settings, redis, picture, reader, areas, beats, places, clock,
                 views=Views(picture, clock, settings.staleness_s, grade_targets), eta=eta, rankings=rankings,
                 decisions=decisions, assignments=Assignments(
                     picture, clock, rankings, redis, decisions.note,
                     applied=reader.has_applied if settings.start_reader else None),
                 replay=ReplayControls(redis), coverage=Coverage(picture, clock, eta, areas, decisions),
                 health=Health(reader, picture, clock, redis, warnings), warnings=warnings)
    if settings.start_reader:
        reader.start()
        start_housekeeping(picture, clock, redis, settings.closed_keep_s, kept, until=reader.stopped)
    return rt
