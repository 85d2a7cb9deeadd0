"""Issue 13.9: API keys for programs (contract v1.1). The CLI prints a key once,
alone on the last line; programs send `Authorization: Bearer <key>` to /api/*;
keys are read-only, stored hashed, logged by name; without a key or session
/api/* is a JSON 401 and /healthz stays open."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.integration.test_auth import (OFFICER, SAME_ORIGIN, auth_app, captured_logs, client,  # noqa: F401
                                         sign_in, users_file)
from tests.integration.test_callback_permissions import SELECTION, call, scene


def cli(redis_settings, *args):
    env = {**os.environ, "REDIS_URL": redis_settings.url, "JRU_PREFIX": redis_settings.prefix}
    return subprocess.run([sys.executable, "-m", "dashboard.auth", *args], capture_output=True, text=True, env=env,
                          cwd=os.getcwd())


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


def test_a_program_reads_the_api_with_a_key_until_it_is_revoked(client, auth_app, writer, redis_settings,
                                                                redis_client, captured_logs):
    scene(writer, auth_app)
    r = cli(redis_settings, "add-key", "cad-bridge")
    assert r.returncode == 0, r.stderr
    key = r.stdout.strip().splitlines()[-1]
    assert key.startswith("jru_") and len(key) > 40 and " " not in key
    assert key not in str(redis_client.hgetall(redis_settings.keys.api_keys))       # stored hashed only
    assert cli(redis_settings, "add-key", "cad-bridge").returncode == 1            # no silent replacement

    units = client.get("/api/units", headers=bearer(key))
    assert units.status_code == 200 and units.get_json()["units"][0]["unit"] == "NEAR"
    assert client.get("/api/incidents/INC-1/suggestions", headers=bearer(key)).status_code == 200
    assert "API GET /api/units by key cad-bridge" in "\n".join(captured_logs)
    assert key not in "\n".join(captured_logs)

    # read-only: no writes, no Dash callbacks, no pages
    assert client.post("/api/units", headers={**bearer(key), **SAME_ORIGIN}).status_code in (403, 405)
    assert call(client, auth_app, *SELECTION).status_code == 401                   # the key opens /api/* only
    assert client.get("/", headers=bearer(key)).status_code == 302

    assert cli(redis_settings, "list-keys").stdout.split("\t")[0] == "cad-bridge"
    assert cli(redis_settings, "revoke-key", "cad-bridge").returncode == 0
    r = client.get("/api/units", headers=bearer(key))
    assert r.status_code == 401 and r.is_json


def test_without_a_key_or_session_the_api_is_a_json_401_and_healthz_stays_open(client):
    for headers in ({}, bearer("jru_not-a-key"), bearer(""), {"Authorization": "Basic YTpi"}):
        r = client.get("/api/units", headers=headers)
        assert r.status_code == 401 and r.is_json and "error" in r.get_json(), headers
    # a monitor sending a revoked or foreign key was refused (401) where the contract keeps it open
    for headers in ({}, bearer("jru_not-a-key"), {"Authorization": "Basic YTpi"}):
        r = client.get("/healthz", headers=headers)   # 503 only while the reader is still connecting
        assert r.status_code in (200, 503) and "status" in r.get_json(), headers


def test_a_signed_in_officer_still_reads_the_api(client):
    sign_in(client, *OFFICER)
    assert client.get("/api/units").status_code == 200
