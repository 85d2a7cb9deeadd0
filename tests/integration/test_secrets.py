"""Issue 13.6: secrets where they should not be. A Redis password given as
`?password=` showed in clear on /healthz; the wall token was in the access log;
/healthz (open to anyone) showed reject reasons made of feed text, up to 1 MB
each; `Server: Werkzeug/... Python/...` named the versions."""
from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.core.redact import REASON_MAX
from dashboard.feed.server import free_port
from dashboard.settings import Settings
from tests.helpers import eventually
from tests.integration.test_app_process import ROOT
from tests.integration.test_auth import (OFFICER, REDIS_PASSWORD, WALL_TOKEN, _Capture, auth_app,  # noqa: F401
                                         captured_logs, client, make_app, password_redis, sign_in, users_file)


def test_a_password_in_the_query_string_is_masked_on_healthz_and_in_logs(password_redis, tmp_path, users_file,
                                                                          captured_logs):
    from dashboard.web.app import create_app
    for password, expect in ((REDIS_PASSWORD, 200), ("wrong-pa55word", 503)):
        url = f"redis://127.0.0.1:{password_redis}/0?password={password}&socket_keepalive=true"
        app = create_app(Settings(redis_url=url, prefix="pwq:", demo=False, eta_model="straight", auth=True,
                                  users=str(users_file), secret_key_file=str(tmp_path / "secret_key")))
        try:
            c = app.server.test_client()
            r = eventually(lambda: (r := c.get("/healthz")).status_code == expect and r)
            assert password not in r.get_data(as_text=True)
            if expect == 200:                      # signed in, the whole report: the address, masked
                sign_in(c, *OFFICER)
                body = c.get("/healthz").get_data(as_text=True)
                assert "password=***" in body and password not in body
        finally:
            app.runtime.reader.stop()
    logs = "\n".join(captured_logs)
    assert "password=***" in logs          # the failed connection is logged, masked
    for secret in (REDIS_PASSWORD, "wrong-pa55word"):
        assert secret not in logs


def test_healthz_shows_little_until_signed_in(client, auth_app, writer, redis_settings):
    writer.unit_report({"unit": "U-1", "ts": time.time(), "lat": 51.4, "lon": 0.5, "status": "X" * 100_000})
    eventually(lambda: auth_app.runtime.reader.rejected)
    body = client.get("/healthz").get_json()
    assert body["redis"] == {"reachable": True} and body["status"] == "ok"
    assert "recent_rejects" not in body and "url" not in str(body) and "XXXX" not in str(body)
    sign_in(client, *OFFICER)
    body = client.get("/healthz").get_json()
    assert body["redis"]["url"] == redis_settings.safe_url and body["recent_rejects"]


def test_reject_reasons_are_cut_everywhere(client, auth_app, writer, redis_client, redis_settings):
    writer.unit_report({"unit": "U-1", "ts": "X" * 1_000_000, "lat": 51.4, "lon": 0.5})   # quoted in the reason
    eventually(lambda: redis_client.xlen(redis_settings.keys.rejects))
    (_, stored), = redis_client.xrange(redis_settings.keys.rejects)
    assert len(stored["reason"]) <= REASON_MAX + 10                 # in the rejects stream
    sign_in(client, *OFFICER)
    shown = client.get("/healthz").get_json()["recent_rejects"][0]["reason"]
    assert len(shown) <= REASON_MAX + 10 and shown.endswith("(cut)")  # and on /healthz


@pytest.mark.parametrize("server", ["app.py", "gunicorn"])
def test_the_wall_token_stays_out_of_the_access_log_and_no_version_banner(server, tmp_path, users_file,
                                                                           redis_settings):
    port = free_port()
    log_path = tmp_path / "app.log"
    env = {**os.environ, "JRU_WALL_TOKEN": WALL_TOKEN, "JRU_USERS": str(users_file),
           "JRU_SECRET_KEY_FILE": str(tmp_path / "secret_key"), "REDIS_URL": redis_settings.url,
           "JRU_PREFIX": redis_settings.prefix, "JRU_AUTH": "1", "JRU_DEMO": "0", "JRU_ETA_MODEL": "straight"}
    command = ([sys.executable, "app.py", "--port", str(port)] if server == "app.py" else   # gunicorn.conf.py is read
               [sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads", "2",   # from the cwd
                "-b", f"127.0.0.1:{port}", "--access-logfile", "-", "app:server"])
    with log_path.open("w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        def get(path):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            return r
        eventually(lambda: get("/healthz").status == 200, timeout=60, interval=0.5)
        r = get(f"/wall?token={WALL_TOKEN}")
        assert r.status == 302 and "Werkzeug" not in (r.getheader("Server") or "")
        assert "Python" not in (r.getheader("Server") or "")
        eventually(lambda: any("GET /wall HTTP/1.1" in line and " 302 " in line
                               for line in log_path.read_text().splitlines()))     # the request is logged
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert WALL_TOKEN not in Path(log_path).read_text()
