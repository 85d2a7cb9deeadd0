"""The dashboard on a real 3-primary Redis Cluster (Debian's redis-server) with
JRU_PREFIX={jru}: (issue 13.10): feed in, pages out, rejects once, accept once."""
from __future__ import annotations

import time

import pytest

from dashboard.settings import Settings
from tests.helpers import eventually
from tests.redis_servers import REDIS_SERVER, cluster_setup

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="needs Debian's redis-server (.ci/run installs it)")


@pytest.fixture
def cluster(tmp_path):
    servers, ports = cluster_setup(tmp_path)
    yield servers, ports
    servers.stop()


def test_a_prefix_without_a_hash_tag_is_refused_with_a_reason():
    from dashboard.feed.settings import RedisSettings
    with pytest.raises(ValueError, match="hash tag"):
        RedisSettings.from_url("redis+cluster://127.0.0.1:7000", prefix="jru:")


def test_the_dashboard_runs_on_a_real_cluster(cluster):
    from dashboard.web.app import create_app
    from dashboard.feed.settings import RedisSettings
    from dashboard.feed.writer import FeedWriter
    servers, ports = cluster
    url = "redis+cluster://" + ",".join(f"127.0.0.1:{p}" for p in ports)
    settings = RedisSettings.from_url(url, prefix="{jru}:")
    app = create_app(Settings(redis_url=url, prefix="{jru}:", demo=False, eta_model="straight"))
    api = app.server.test_client()
    try:
        client = settings.client(role="test-feeder")
        writer = FeedWriter(client, settings.keys)
        now = time.time()
        for i in range(20):
            writer.unit_report({"unit": f"CL-{i}", "ts": now, "lat": 51.38 + i / 1000, "lon": 0.52,
                                "status": "available"})
        writer.incident_event({"incident": "INC-CL", "ts": now, "lat": 51.39, "lon": 0.53, "type": "rtc"})
        writer.unit_report({"unit": "BAD UNIT", "ts": now})
        units = eventually(lambda: len(b := api.get("/api/units").get_json()["units"]) == 20 and b)
        assert {u["unit"] for u in units} == {f"CL-{i}" for i in range(20)}
        sugg = eventually(lambda: api.get("/api/incidents/INC-CL/suggestions").get_json()["suggestions"])
        assert sugg[0]["unit"] == "CL-10"   # nearest by straight line
        # the reject is written as the reader meets it: wait for it as for the units
        health = eventually(lambda: (h := api.get("/healthz")).status_code == 200
                            and h.get_json()["counts"]["rejects"] and h.get_json())
        assert health["status"] == "ok" and health["counts"]["rejects"] == 1
        ok, message = app.runtime.assignments.accept("INC-CL", "CL-10", "sgt.cluster")
        again = app.runtime.assignments.accept("INC-CL", "CL-10", "sgt.cluster")   # a double click
        assert ok and again[0] and "moments ago" in again[1]
        assert len(client.xrange(settings.keys.assignments)) == 1
        slots = {client.keyslot(k) for k in (settings.keys.units, settings.keys.incidents, settings.keys.rejects)}
        assert len(slots) == 1   # one slot, on one of the three primaries
    finally:
        app.runtime.reader.stop()
