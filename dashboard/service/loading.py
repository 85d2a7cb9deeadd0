"""Settings -> the boundary layers and the ETA model, with a warning instead of a crash.

Loading the road model takes a few seconds (it builds the graph); boundaries
well under one.
"""
from __future__ import annotations

import logging

from dashboard.core.areas import AreaIndex
from dashboard.core.boundary_files import DEFAULT_BOUNDARIES, BoundaryError, load_boundaries
from dashboard.core.eta import EtaModel, StraightLineModel
from dashboard.settings import Settings

log = logging.getLogger(__name__)


def load_areas(settings: Settings) -> tuple[AreaIndex, str | None]:
    """The boundary layer, or the shipped one with a warning if the user's file is unusable."""
    if settings.boundaries:
        try:
            gdf = load_boundaries(settings.boundaries, crs=settings.boundaries_crs,
                                  name_field=settings.boundary_name_field)
            return AreaIndex(gdf), None
        except BoundaryError as exc:
            warning = f"Boundary file not used: {exc}. Showing the built-in North Kent districts."
            log.error(warning)
            return AreaIndex(load_boundaries()), warning
    return AreaIndex(load_boundaries()), None


def load_beats(settings: Settings) -> tuple[AreaIndex | None, str | None]:
    """The finer layer (beats): the user's file, else the shipped one; None if neither loads."""
    default = DEFAULT_BOUNDARIES.with_name("north_kent_beats.geojson")
    for path in ([settings.beats] if settings.beats else []) + [default]:
        try:
            return AreaIndex(load_boundaries(path)), (
                None if str(path) == str(settings.beats or default) else
                f"Beats file not used ({settings.beats}); showing the built-in North Kent beats.")
        except (BoundaryError, OSError) as exc:
            log.error("beats file %s not loaded: %s", path, exc)
    return None, "No beats file could be loaded: incidents have no area_fine."


def load_eta_model(settings: Settings) -> tuple[EtaModel, str | None]:
    if settings.eta_model == "straight":
        return StraightLineModel(start_s=settings.mobilise_s), None
    try:
        from dashboard.core.roads import RoadModel
        return RoadModel.load(settings.roads, start_s=settings.mobilise_s, cache_dir=settings.roads_cache), None
    except Exception as exc:  # a broken road file must not stop the dashboard
        warning = f"Road model not loaded ({exc}); ETAs use straight-line distance."
        log.error(warning)
        return StraightLineModel(start_s=settings.mobilise_s), warning

