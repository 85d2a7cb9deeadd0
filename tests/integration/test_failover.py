"""Redis that fails over, for real (issue 13.10): a primary, a replica and three
sentinels (Debian's redis-server) on loopback; the dashboard connects with
`redis+sentinel://`; the primary is SIGKILLed mid-feed."""
from __future__ import annotations

import threading
import time

import pytest

from dashboard.settings import Settings
from tests.redis_servers import REDIS_SERVER, sentinel_setup, wait_until

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="needs Debian's redis-server (.ci/run installs it)")


@pytest.fixture
def sentinel(tmp_path):
    servers, primary, replica, sentinels = sentinel_setup(tmp_path)
    yield servers, primary, replica, sentinels
    servers.stop()


def test_the_dashboard_follows_a_sentinel_failover(sentinel):
    from app import create_app
    from dashboard.feed.settings import RedisSettings
    servers, primary, replica, sentinels = sentinel
    url = "redis+sentinel://" + ",".join(f"127.0.0.1:{p}" for p in sentinels) + "/jru"
    settings = RedisSettings.from_url(url, prefix="fo:")
    app = create_app(Settings(redis_url=url, prefix="fo:", demo=False, eta_model="straight"))
    api = app.server.test_client()
    rt = app.runtime
    try:
        feeder = settings.client(role="test-feeder")
        confirmed: dict[str, dict] = {}      # entry id -> fields, acknowledged by the replica (WAIT 1)
        written = []
        stop = threading.Event()
        t0 = time.time()

        def feed():
            i = 0
            while not stop.is_set():
                fields = {"unit": f"FO-{i % 10}", "ts": f"{t0 + i * 0.01:.3f}", "lat": f"{51.3 + (i % 100) / 1000:.4f}",
                          "lon": "0.5", "status": "available"}
                try:
                    entry = feeder.xadd(settings.keys.units, fields)
                    written.append(entry)
                    if feeder.wait(1, 1000) >= 1:
                        confirmed[entry] = fields
                    i += 1
                except Exception:   # mid-failover: a real feeder retries
                    time.sleep(0.1)
                time.sleep(0.01)

        threading.Thread(target=feed, daemon=True).start()
        wait_until(lambda: len(confirmed) > 50 and rt.reader.entries_read > 50)
        feeder_plain = settings.client(role="test-setup")   # the incident to accept during the failover
        feeder_plain.xadd(settings.keys.incidents, {"incident": "INC-FO", "ts": f"{time.time():.3f}",
                                                    "lat": "51.35", "lon": "0.5"})
        feeder_plain.wait(1, 1000)
        wait_until(lambda: "INC-FO" in rt.picture.incidents)

        killed = time.time()
        servers.kill(primary)

        # pages keep answering while Redis is away; health says what is happening
        answers, statuses = [], set()
        accept_result = None
        while time.time() - killed < 40:
            t = time.time()
            health = api.get("/healthz")
            units = api.get("/api/units")
            answers.append(time.time() - t)
            statuses.add(health.get_json()["status"])
            assert units.status_code == 200 and len(units.get_json()["units"]) == 10   # nothing received is lost
            if accept_result is None and "redis unreachable" in statuses:
                accept_result = rt.assignments.accept("INC-FO", "FO-1", "sgt.test")   # during the failover
            if health.status_code == 200 and rt.reader.connected and len(statuses) > 1:
                break
            time.sleep(0.2)
        followed_s = time.time() - killed
        assert followed_s < 20, f"the dashboard followed the new primary after {followed_s:.1f} s"
        assert "redis unreachable" in statuses and max(answers) < 6
        new_primary = settings.client(role="test-check")
        assert new_primary.info("replication")["role"] == "master"
        assert new_primary.connection_pool.get_master_address()[1] == replica

        time.sleep(1.0)
        stop.set()
        time.sleep(0.3)
        stream_ids = {e for e, _ in new_primary.xrange(settings.keys.units)}
        assert set(confirmed) <= stream_ids, "every entry a replica confirmed survives the failover"
        wait_until(lambda: rt.reader.last_ids[settings.keys.units] == max(stream_ids, key=_id_key), timeout=15)
        # nothing applied twice: the reader went on from where it was, it did not start again from 0-0
        assert rt.reader.entries_read <= len(written) + 2
        latest = {}
        for e, f in sorted(new_primary.xrange(settings.keys.units), key=lambda x: _id_key(x[0])):
            latest[f["unit"]] = float(f["ts"])
        assert {u: rt.picture.units[u].ts for u in latest} == pytest.approx(latest)

        # an accept during the failover: written once, or refused with a clear message
        ok, message = accept_result if accept_result else rt.assignments.accept("INC-FO", "FO-1", "sgt.test")
        accepts = [f for _, f in new_primary.xrange(settings.keys.assignments) if f["incident"] == "INC-FO"]
        if ok:
            assert len(accepts) == 1
        else:
            assert "Redis did not answer" in message and "nothing was written" in message and len(accepts) == 0
        print(f"\nfailover: followed in {followed_s:.1f} s, {len(confirmed)} confirmed of {len(written)} written, "
              f"slowest page answer {max(answers):.2f} s, health said {sorted(statuses)}, accept: {message}")
    finally:
        rt.reader.stop()


def _id_key(entry_id: str) -> tuple[int, int]:
    ms, seq = entry_id.split("-")
    return int(ms), int(seq)
