"""A built road graph kept on disk, so a worker's later starts skip parsing the road file.

Helper for `dashboard.core.roads.RoadModel.load`. Parsing a county `.osm.pbf` and building its graph
takes seconds to tens of seconds and up to GBs (6.7-8.4 s for bench/road_cache.py's 3.9M-node synthetic
extract; ~20 s and 3-4 GB for 138 MB by pyrosm's maintainers); the graph is a few arrays. The first
process to start (under gunicorn, a child of the master: service/road_warmup.py) builds the graph
and writes it here; others wait on a lock, then read it.

The cache is keyed by the road file (its absolute path, size and modification time) and by the code
that turns a file into a graph (the bytes of the modules below, which hold the class speeds): a new
file or a new release builds afresh, nothing needs clearing by hand. A cache that cannot be read is
built again; one that cannot be written is skipped with a warning.

Costs: the 1.2M-vertex synthetic county graph is a 47 MB uncompressed .npz (reading it back is a
memory copy), read with its routing matrix (`roads.graph.csr_of`) in ~0.1 s; a start from it is ~1.4 s,
most of it the snapping index (`roads.snap`).
"""
from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Callable

import numpy as np

from dashboard.core.roads import chains, files, graph
from dashboard.core.roads.files import read_lines
from dashboard.core.roads.graph import RoadGraph, build_graph, csr_of

log = logging.getLogger(__name__)

_BUILDERS = (graph, chains, files)   # the code whose output is cached
_ARRAYS = [f.name for f in fields(RoadGraph) if f.name not in ("csr", "crs", "edge_crossing", "edge_class")]


def cache_key(source: str | Path) -> str:
    """What the graph of `source` depends on, as 24 hex digits."""
    p = Path(source).resolve()
    st = p.stat()
    h = hashlib.sha256(f"{p}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    for module in _BUILDERS:
        h.update(Path(module.__file__).read_bytes())
    return h.hexdigest()[:24]


def _labels(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Object column (strings or None) -> (distinct labels, int codes); None is the empty label."""
    text = np.array(["" if v is None else str(v) for v in values], dtype=str)
    labels, codes = np.unique(text, return_inverse=True)
    return labels, codes.astype(np.int32)


def save_graph(g: RoadGraph, path: str | Path) -> None:
    """Write `g` to `path` (.npz) atomically: a reader never sees half a file."""
    path = Path(path)
    crossing, crossing_code = _labels(g.edge_crossing)
    cls, cls_code = _labels(g.edge_class)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(out, crs=np.array(g.crs), crossing=crossing, crossing_code=crossing_code,
                     cls=cls, cls_code=cls_code, **{name: getattr(g, name) for name in _ARRAYS})
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_graph(path: str | Path) -> RoadGraph:
    """Read a graph written by `save_graph` (no pickles: a cache file cannot run code)."""
    with np.load(path, allow_pickle=False) as z:
        arrays = {name: z[name] for name in _ARRAYS}
        crossing = z["crossing"].astype(object)[z["crossing_code"]]
        crossing[crossing == ""] = None
        edge_class = z["cls"].astype(object)[z["cls_code"]]
        crs = str(z["crs"])
    n = len(arrays["node_xy"])
    return RoadGraph(**arrays, edge_crossing=crossing, edge_class=edge_class, crs=crs,
                     csr=csr_of(arrays["edge_u"], arrays["edge_v"], arrays["edge_s"], n))


def graph_of(source: str | Path) -> RoadGraph:
    """The road file read and its graph built: what the cache saves (seconds to tens of seconds a county)."""
    return build_graph(read_lines(source))


def cached_graph(source: str | Path, cache_dir: str | Path,
                 build: Callable[[], RoadGraph] | None = None) -> RoadGraph:
    """The graph of `source`: read from `cache_dir` if built before, else built (`graph_of`, or
    `build()`) and kept there. Workers starting together take turns on a lock file, so one builds
    and the rest read."""
    build = build or (lambda: graph_of(source))
    folder = Path(cache_dir)
    if not Path(source).is_file():
        return build()   # its own clear error (roads.files)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / "roads.lock", "a")
    except OSError as exc:
        log.warning("road cache %s not usable (%s): building the road graph without it", folder, exc)
        return build()
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # released when the file closes
        mine = hashlib.sha256(str(Path(source).resolve()).encode()).hexdigest()[:8]   # this file's, any version
        path = folder / f"roads-{mine}-{cache_key(source)}.npz"
        if path.exists():
            try:
                return load_graph(path)
            except Exception as exc:  # a truncated or foreign file: build it again
                log.warning("road cache %s unreadable (%s): building it again", path, exc)
        g = build()
        try:
            save_graph(g, path)
            log.info("road graph of %s kept in %s", source, path)
            for old in folder.glob(f"roads-{mine}-*.npz"):   # what an earlier file or release built
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("road graph not kept in %s: %s", path, exc)
        return g
