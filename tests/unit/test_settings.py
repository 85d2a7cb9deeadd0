"""Each setting is defined once (dashboard/settings.py): the flags and the README's table
come from it, and the environment and flags fill it as documented."""
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from dashboard.settings import Settings, from_env, markdown_table, parse_args

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_configuration_table_is_the_generated_one():
    assert markdown_table() in README.read_text(), "paste `python -m dashboard.settings` into README.md"


def test_every_setting_with_a_variable_is_in_the_table_and_every_flag_parses():
    table = markdown_table()
    for name, field in Settings.model_fields.items():
        meta = field.json_schema_extra or {}
        if meta.get("env"):
            assert f"`{meta['env']}`" in table
    s = parse_args(["--port", "9000", "--staleness-s", "90", "--eta-model", "straight", "--wall-public",
                    "--tiles", "http://tiles.local/{z}/{x}/{y}.png"], env={})
    assert (s.port, s.staleness_s, s.eta_model, s.wall_public, s.tiles) == \
        (9000, 90.0, "straight", True, "http://tiles.local/{z}/{x}/{y}.png")


def test_environment_values_are_typed_and_empty_means_unset():
    s = from_env({"JRU_PORT": "8123", "JRU_STALENESS_S": "60", "JRU_SECURE_COOKIES": "yes", "JRU_TILES": "",
                  "JRU_DEMO": "0"})
    assert (s.port, s.staleness_s, s.secure_cookies, s.tiles, s.demo) == (8123, 60.0, True, None, False)
    assert from_env({}).demo is True and from_env({"REDIS_URL": "redis://r/0"}).demo is False


def test_a_bad_value_is_refused_not_guessed():
    with pytest.raises(ValidationError):
        from_env({"JRU_ETA_MODEL": "teleport"})
    with pytest.raises(ValidationError):
        from_env({"JRU_SECURE_COOKIES": "perhaps"})
    with pytest.raises(ValidationError):
        from_env({"JRU_MOBILISE_S": "-30"})


@pytest.mark.parametrize("eta_model", ["straight", "road"])
def test_mobilise_time_is_added_to_every_eta_and_none_by_default(eta_model):
    """A unit parked at the incident is 0 s away (joint units patrol in their vehicle), or the
    control room's mobilisation time when one is set."""
    from dashboard.service.loading import load_eta_model
    lon, lat = np.array([0.5215]), np.array([51.3805])     # Gillingham, on the street mesh
    for env, start in (({}, 0.0), ({"JRU_MOBILISE_S": "90"}, 90.0)):
        model, warning = load_eta_model(from_env({"JRU_ETA_MODEL": eta_model, **env}))
        assert warning is None
        assert model.eta_s(lon, lat, float(lon[0]), float(lat[0]))[0] == pytest.approx(start, abs=15)


def test_secrets_stay_out_of_repr():
    s = from_env({"REDIS_URL": "redis://:pw123@r/0", "JRU_SECRET_KEY": "k3y", "JRU_WALL_TOKEN": "t0k"})
    assert not any(secret in repr(s) for secret in ("pw123", "k3y", "t0k"))
    assert s.secret_key == "k3y" and s.wall_token == "t0k"


def test_settings_given_directly_ignore_the_environment(monkeypatch):
    monkeypatch.setenv("JRU_PORT", "9999")
    assert Settings().port == 8050 and from_env().port == 9999


def test_a_road_file_s_graph_is_kept_where_jru_roads_cache_says(tmp_path, monkeypatch):
    """The second worker to start reads the graph the first one built; `off` keeps none."""
    from dashboard.service.loading import load_eta_model
    from tests.unit.test_road_chains import _network
    roads, cache = tmp_path / "roads.gpkg", tmp_path / "kept"
    _network().to_file(roads, driver="GPKG")
    first, _ = load_eta_model(from_env({"JRU_ROADS": str(roads), "JRU_ROADS_CACHE": str(cache)}))
    (kept,) = cache.glob("roads-*.npz")
    written = kept.stat().st_mtime_ns
    second, warning = load_eta_model(from_env({"JRU_ROADS": str(roads), "JRU_ROADS_CACHE": str(cache)}))
    assert warning is None and kept.stat().st_mtime_ns == written      # read, not built again
    lon, lat = first.graph.node_lonlat.T
    assert np.array_equal(first.eta_s(lon, lat, lon[0], lat[0]), second.eta_s(lon, lat, lon[0], lat[0]))
    monkeypatch.chdir(tmp_path)
    load_eta_model(from_env({"JRU_ROADS": str(roads), "JRU_ROADS_CACHE": "off"}))
    assert not (tmp_path / "var").exists()                             # off: nothing kept
    load_eta_model(from_env({"JRU_ROADS": str(roads)}))
    assert len(list((tmp_path / "var" / "roads-cache").glob("roads-*.npz"))) == 1   # the default folder
