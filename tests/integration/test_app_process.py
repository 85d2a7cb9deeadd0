"""`python app.py --demo` (what `make demo` runs) as a real process: it serves the
demo replay from its own embedded Redis, and Ctrl-C leaves nothing running."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from dashboard.feed.server import free_port
from tests.helpers import eventually

ROOT = Path(__file__).resolve().parents[2]


def _health(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
        return json.load(r)


def test_demo_serves_a_replay_and_ctrl_c_leaves_nothing_running(tmp_path):
    port = free_port()
    log = (tmp_path / "app.log").open("w+")
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "JRU_DEMO")}
    proc = subprocess.Popen([sys.executable, "app.py", "--demo", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        body = eventually(lambda: (h := _health(port))["clock"]["replay"] and h["counts"]["units"] > 0 and h,
                          timeout=60, interval=0.5)
        assert body["redis"]["reachable"] and body["counts"]["incidents"] > 0
        log.flush()
        redis_port = int(re.search(r"embedded Redis \(Valkey\) on redis://127\.0\.0\.1:(\d+)",
                                   Path(log.name).read_text()).group(1))
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        with socket.socket() as s:                       # the embedded server is gone too
            assert s.connect_ex(("127.0.0.1", redis_port)) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
