"""The built road graph kept on disk (core/roads/cache.py): read back it routes as the graph built
from the file; a changed file builds afresh; workers starting together build it once; a broken or
unwritable cache only costs the build."""
from __future__ import annotations

import logging
import multiprocessing
import os
import time

import numpy as np
import pytest

from dashboard.core.roads.cache import cached_graph, load_graph, save_graph
from dashboard.core.roads.files import read_lines
from dashboard.core.roads.graph import build_graph
from dashboard.core.roads import RoadModel
from tests.unit.test_road_chains import _network as bendy_network   # a bridge, a T junction, bends, a ring


@pytest.fixture
def roads(tmp_path):
    path = tmp_path / "roads.geojson"
    bendy_network().to_file(path, driver="GeoJSON")
    return path


def _build_counted(path, log_file):
    with open(log_file, "a") as f:
        f.write("built\n")
    time.sleep(0.3)   # long enough for a second worker to arrive while it builds
    return build_graph(read_lines(path))


def test_a_kept_graph_routes_as_the_one_built_from_the_file(roads, tmp_path):
    built = build_graph(read_lines(roads))
    save_graph(built, tmp_path / "g.npz")
    kept = load_graph(tmp_path / "g.npz")
    assert list(kept.edge_crossing) == list(built.edge_crossing) and None in list(kept.edge_crossing)
    assert list(kept.edge_class) == list(built.edge_class) and kept.crs == built.crs
    a, b = RoadModel(built), RoadModel(kept)
    lon, lat = built.node_lonlat[:, 0], built.node_lonlat[:, 1]
    for i in range(0, len(lon), max(1, len(lon) // 6)):
        assert np.array_equal(a.eta_s(lon, lat, lon[i], lat[i]), b.eta_s(lon, lat, lon[i], lat[i]))
        assert a.route_line(lon[0], lat[0], lon[i], lat[i]) == b.route_line(lon[0], lat[0], lon[i], lat[i])
        assert a.route_note(lon[0], lat[0], lon[i], lat[i]) == b.route_note(lon[0], lat[0], lon[i], lat[i])


def test_the_second_start_reads_the_graph_and_a_changed_file_builds_afresh(roads, tmp_path):
    cache, log_file = tmp_path / "cache", tmp_path / "builds.txt"
    first = cached_graph(roads, cache, lambda: _build_counted(roads, log_file))
    again = cached_graph(roads, cache, lambda: _build_counted(roads, log_file))
    assert log_file.read_text().count("built") == 1
    assert np.array_equal(first.edge_s, again.edge_s) and (first.csr != again.csr).nnz == 0
    roads.write_text(roads.read_text().replace('"residential"', '"primary"'))   # the control room edits its file
    os.utime(roads, ns=(time.time_ns(), time.time_ns() + 10**9))
    edited = cached_graph(roads, cache, lambda: _build_counted(roads, log_file))
    assert log_file.read_text().count("built") == 2
    assert edited.edge_s.sum() < first.edge_s.sum()                    # its faster roads, not the old graph
    assert len(list(cache.glob("roads-*.npz"))) == 1                   # the old graph is not kept


def test_workers_starting_together_build_the_graph_once(roads, tmp_path):
    cache, log_file = tmp_path / "cache", tmp_path / "builds.txt"
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=cached_graph, args=(roads, cache, lambda: _build_counted(roads, log_file)))
               for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert log_file.read_text().count("built") == 1


def test_a_broken_cache_file_is_built_again(roads, tmp_path, caplog):
    cache, log_file = tmp_path / "cache", tmp_path / "builds.txt"
    cached_graph(roads, cache, lambda: _build_counted(roads, log_file))
    (kept,) = cache.glob("roads-*.npz")
    kept.write_bytes(kept.read_bytes()[:1000])                           # a disk that filled up
    with caplog.at_level(logging.WARNING):
        g = cached_graph(roads, cache, lambda: _build_counted(roads, log_file))
    assert "unreadable" in caplog.text and log_file.read_text().count("built") == 2
    assert np.array_equal(g.edge_s, build_graph(read_lines(roads)).edge_s)
    assert load_graph(kept).n_nodes == g.n_nodes                         # and written whole again


def test_a_cache_folder_that_cannot_be_made_only_costs_the_build(roads, tmp_path, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        g = cached_graph(roads, blocked / "cache", lambda: build_graph(read_lines(roads)))
    assert "not usable" in caplog.text and g.n_nodes > 0


def test_the_model_loads_through_the_cache(roads, tmp_path):
    cache = tmp_path / "cache"
    fresh = RoadModel.load(roads)
    RoadModel.load(roads, cache_dir=cache)
    kept = RoadModel.load(roads, cache_dir=cache)
    assert len(list(cache.glob("roads-*.npz"))) == 1
    lon, lat = fresh.graph.node_lonlat.T
    assert np.array_equal(fresh.eta_s(lon, lat, lon[-1], lat[-1]), kept.eta_s(lon, lat, lon[-1], lat[-1]))


def test_a_missing_road_file_says_so_whether_or_not_graphs_are_kept(tmp_path):
    from dashboard.core.roads.graph import RoadModelError
    for cache in (None, tmp_path / "cache"):
        with pytest.raises(RoadModelError, match="cannot read road file"):
            RoadModel.load(tmp_path / "nowhere.gpkg", cache_dir=cache)
