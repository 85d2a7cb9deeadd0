"""Live coverage bands: nested, clipped to the districts, and true to the road model's ETAs."""
import numpy as np
import pytest
import shapely

from dashboard.core.boundary_files import load_boundaries
from dashboard.core.coverage import BANDS_S, coverage_polygons, coverage_share, round_positions
from dashboard.core.eta import StraightLineModel
from dashboard.core.roads import RoadModel

CHATHAM = (0.5270, 51.3800)
SHEERNESS = (0.7600, 51.4410)
GILLINGHAM = (0.5490, 51.3890)


@pytest.fixture(scope="module")
def model():
    return RoadModel.load()


@pytest.fixture(scope="module")
def districts():
    return shapely.union_all(load_boundaries().geometry.values)


@pytest.fixture(scope="module")
def chatham_bands(model, districts):
    return coverage_polygons(model, [CHATHAM], districts)


def test_a_unit_in_chatham_covers_chatham_within_7_min_but_not_sheerness(chatham_bands):
    seven = chatham_bands[420]
    assert seven.covers(shapely.Point(*CHATHAM)) and seven.covers(shapely.Point(*GILLINGHAM))
    assert not seven.covers(shapely.Point(*SHEERNESS))
    assert not chatham_bands[900].covers(shapely.Point(*SHEERNESS))   # ~24 min by road
    assert chatham_bands[1800].covers(shapely.Point(*SHEERNESS))


def test_bands_are_nested_and_grow(chatham_bands):
    b7, b15, b30 = (chatham_bands[b] for b in BANDS_S)
    assert b7.area > 0
    assert b15.buffer(1e-9).covers(b7) and b30.buffer(1e-9).covers(b15)
    assert b7.area < b15.area < b30.area


def test_bands_are_clipped_to_the_districts(chatham_bands, districts):
    for g in chatham_bands.values():
        assert shapely.difference(g, districts.buffer(1e-7)).area == pytest.approx(0, abs=1e-10)
    # Maidstone (outside the districts, ~20 min from Chatham) is not drawn.
    assert not chatham_bands[1800].covers(shapely.Point(0.5290, 51.2720))


def test_bands_agree_with_the_road_model_etas(model, chatham_bands):
    rng = np.random.default_rng(3)
    inside = [p for p in zip(rng.uniform(0.45, 0.65, 400), rng.uniform(51.33, 51.43, 400))
              if chatham_bands[1800].covers(shapely.Point(*p))]
    eta = model.eta_matrix_s([CHATHAM[0]], [CHATHAM[1]], [p[0] for p in inside], [p[1] for p in inside])[:, 0]
    for (lon, lat), t in zip(inside, eta):
        if t <= 400:           # clearly within 7 min by ETA -> in the 7-min band
            assert chatham_bands[420].covers(shapely.Point(lon, lat)), (lon, lat, t)


def test_no_units_no_coverage_and_the_cache_answers_repeats(model, districts):
    assert all(g.is_empty for g in coverage_polygons(model, [], districts).values())
    a = coverage_polygons(model, [CHATHAM, SHEERNESS], districts)
    b = coverage_polygons(model, [(SHEERNESS[0] + 0.0003, SHEERNESS[1]), CHATHAM], districts)  # ~20 m off
    assert a is b
    assert round_positions([CHATHAM, CHATHAM]) == round_positions([CHATHAM])


def test_coverage_share_counts_incidents_with_a_unit_within_7_min(model):
    incidents = [CHATHAM, GILLINGHAM, SHEERNESS, (0.7330, 51.3400)]   # two near, two far
    assert coverage_share(incidents, [CHATHAM], model) == 0.5
    assert coverage_share(incidents, [CHATHAM, SHEERNESS], model, within_s=420) == 0.75
    assert coverage_share(incidents, [], model) == 0.0
    assert coverage_share([], [CHATHAM], model) is None
    assert coverage_share(incidents, [CHATHAM], StraightLineModel(), within_s=3600) == 1.0


def test_straight_line_model_gives_discs(districts):
    model = StraightLineModel()
    bands = coverage_polygons(model, [CHATHAM], districts)
    r7 = (420 - model.start_s) * model.speed_mps / model.detour          # ~3.6 km
    assert bands[420].covers(shapely.Point(CHATHAM[0], CHATHAM[1] + 0.9 * r7 / 111_320))
    assert not bands[420].covers(shapely.Point(CHATHAM[0], CHATHAM[1] + 1.1 * r7 / 111_320))
    assert bands[1800].buffer(1e-9).covers(bands[900])


def test_a_unit_beyond_the_drawn_roads_covers_what_its_etas_reach(model, districts):
    """A unit at the Princess Royal (Orpington), 6.5 km beyond the drawn roads: its bands follow
    its ETAs (by road once it joins them), not a walk to the road nor a straight-line disc."""
    pruh = (0.0567, 51.3675)
    bands = coverage_polygons(model, [pruh], districts)
    rng = np.random.default_rng(5)
    pts = list(zip(rng.uniform(0.15, 0.60, 800), rng.uniform(51.30, 51.47, 800)))
    eta = model.eta_matrix_s([pruh[0]], [pruh[1]], [p[0] for p in pts], [p[1] for p in pts])[:, 0]
    near = [p for p, t in zip(pts, eta) if t <= 1700 and districts.covers(shapely.Point(*p))]
    far = [p for p, t in zip(pts, eta) if t >= 1900 and districts.covers(shapely.Point(*p))]
    assert len(near) > 20 and len(far) > 20      # Dartford and Gravesend within 30 min, Medway not
    assert all(bands[1800].covers(shapely.Point(*p)) for p in near)
    assert sum(bands[1800].covers(shapely.Point(*p)) for p in far) <= 0.05 * len(far)
    # Gravesend: ~27 min by the A2 once on the drawn roads; the old straight-line disc (37 min) left it out
    assert bands[1800].covers(shapely.Point(0.3700, 51.4410))


def test_the_screens_follow_the_bands_one_colour_opacity_and_label_entry_each():
    """The bands are written once (BANDS_S): the colours, the fill opacities the map draws, the layer's
    name and the share's threshold are read from it, so a new band without its colour fails here."""
    from dashboard.service.coverage import WITHIN_S
    from dashboard.ui.layers.coverage import coverage_geojson
    from dashboard.ui.pages.officer_overlays import COVERAGE, share_text
    from dashboard.ui.style import COVERAGE_COLOUR, COVERAGE_OPACITY

    minutes = [round(b / 60) for b in BANDS_S]
    assert list(COVERAGE_COLOUR) == minutes == list(COVERAGE_OPACITY) == [7, 15, 30]
    assert len(set(COVERAGE_COLOUR.values())) == len(BANDS_S)
    assert COVERAGE == "Coverage (7/15/30 min)"
    assert WITHIN_S == BANDS_S[0] and coverage_share.__defaults__ == (BANDS_S[0],)
    assert share_text(None, 0, False)[0].children.startswith(f"{minutes[0]}-min coverage")
    # nested squares as bands: each ring carries its band's opacity, the inner band the most opaque
    bands = {b: shapely.box(0, 0, i + 1, i + 1) for i, b in enumerate(BANDS_S)}
    props = [f["properties"] for f in coverage_geojson(bands)["features"]]
    assert [(p["minutes"], p["opacity"]) for p in props] == [(30, 0.25), (15, 0.3), (7, 0.35)]
