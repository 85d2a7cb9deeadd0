"""An Accept is applied in stream order on the process that made it, as on every other.

The accepting process used to apply its Accept at once, before its reader had read what reached Redis
just before it. A CAD "on scene" read after that was older than the Accept and moved nothing, so that
screen alone showed the incident "assigned" (and warned nobody was coming when the backup went
available), while every other process, and a restart, showed it on scene.
"""
import threading
import time

from dashboard.core.picture import Picture
from dashboard.feed.reader import FeedReader
from dashboard.runtime import build_runtime
from dashboard.service.assignments import Assignments
from dashboard.settings import Settings


def test_the_accepting_process_applies_its_accept_after_what_reached_redis_before_it(redis_settings, writer,
                                                                                        redis_client):
    rt = build_runtime(Settings(redis_url=redis_settings.url, prefix=redis_settings.prefix, demo=False,
                                eta_model="straight", start_reader=False), redis_settings.url)
    now = time.time()
    crew = {"officers": 2, "paramedics": 1, "status": "available"}
    writer.unit_report({"unit": "JRU-MW-1", "ts": now - 95, "lat": 51.395, "lon": 0.525, **crew})
    writer.unit_report({"unit": "JRU-GR-1", "ts": now - 5, "lat": 51.44, "lon": 0.37, **crew})
    writer.incident_event({"incident": "INC-9", "ts": now - 100, "lat": 51.40, "lon": 0.53, "category": "C2"})
    writer.incident_event({"incident": "INC-9", "ts": now - 90, "status": "assigned", "unit": "JRU-MW-1"})
    while rt.reader.step(block=False):
        pass
    writer.incident_event({"incident": "INC-9", "ts": now - 1, "status": "on_scene", "unit": "JRU-MW-1"})

    def reader_late():   # the reader gets to the CAD's "on scene" only after the Accept is in Redis
        deadline = time.monotonic() + 10
        while not redis_client.xlen(redis_settings.keys.assignments) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        while rt.reader.step(block=False):
            pass

    late = threading.Thread(target=reader_late)
    late.start()
    # as build_runtime wires it when the reader runs on its own
    assignments = Assignments(rt.picture, rt.clock, rt.rankings, rt.redis, applied=rt.reader.has_applied)
    ok, message = assignments.accept("INC-9", "JRU-GR-1", by="sgt")
    late.join()
    assert ok and message == "JRU-GR-1 assigned to INC-9 as well as JRU-MW-1"
    restarted = Picture()
    FeedReader(redis_settings, restarted).step(block=False)      # a restart: the streams in order
    here, there = rt.picture.incident("INC-9"), restarted.incident("INC-9")
    assert (here.status, here.sent) == (there.status, there.sent) == ("on_scene", there.sent)
    assert [u for u, _ in here.sent] == ["JRU-MW-1", "JRU-GR-1"]
    assert rt.picture.unit("JRU-GR-1").status == "en_route"
