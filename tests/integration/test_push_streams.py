"""One reader, many screens: ten open event streams add no Redis connection and
all get the same changes, once, as they happen."""
import http.client
import json
import queue
import threading
import time

import pytest
from werkzeug.serving import make_server

from tests.helpers import eventually


class Stream:
    """One screen's /push/units, read on a thread into (event, data) pairs."""

    def __init__(self, port: int):
        self.events: queue.Queue = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.request("GET", "/push/units")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        event = data = None
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif line == "" and event:
                    self.events.put((event, data))
                    event = data = None
        except (OSError, ValueError):
            pass

    def next(self, kind: str, timeout: float = 10.0) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                event, data = self.events.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                break
            if event == kind:
                return data
        raise AssertionError(f"no {kind} event within {timeout} s")

    def close(self):
        self.conn.close()


@pytest.fixture
def served(app):
    httpd = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_port
    httpd.shutdown()


def redis_connections(client, prefix: str) -> list[str]:
    """This dashboard's connections, by the names it gives them (`<prefix><role>`)."""
    return sorted(c["name"] for c in client.client_list() if c["name"].startswith(prefix))


def test_ten_screens_share_one_reader_and_get_the_same_changes(served, app, writer, redis_client, redis_settings):
    writer.unit_report({"unit": "JRU-MW-1", "ts": time.time(), "lat": 51.38, "lon": 0.52})
    eventually(lambda: "JRU-MW-1" in app.runtime.picture.units)
    first = Stream(served)
    assert '"JRU-MW-1"' in first.next("snapshot")
    time.sleep(1.5)                                   # the broadcaster has made its own connections by now
    before = redis_connections(redis_client, redis_settings.prefix)
    assert f"{redis_settings.prefix}reader" in before
    screens = [first] + [Stream(served) for _ in range(9)]
    for s in screens[1:]:
        assert '"JRU-MW-1"' in s.next("snapshot")
    assert redis_connections(redis_client, redis_settings.prefix) == before   # ten screens, still one reader

    writer.unit_report({"unit": "JRU-MW-2", "ts": time.time(), "lat": 51.40, "lon": 0.55, "status": "en_route"})
    deltas = []
    for s in screens:
        data = s.next("delta")
        while '"JRU-MW-2"' not in data:               # a clock-only message may come first
            data = s.next("delta")
        deltas.append(data)
    assert len(set(deltas)) == 1                      # encoded once, the same bytes to every screen
    record = next(r for r in json.loads(deltas[0])["u"] if r[0] == "JRU-MW-2")
    assert record[1:4] == [51.4, 0.55, "en_route"]
    for s in screens:
        s.close()
