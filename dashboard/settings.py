"""All configuration, in one place: each setting once, with its type, default, environment
variable, flag and help. The flags of `python app.py` and the README's configuration
table are generated from it (`python -m dashboard.settings` prints the table;
tests/unit/test_settings.py fails when the README's differs).

`Settings(...)` is exactly what it is given (tests, tools); `from_env()` reads the
environment, `parse_args()` the flags on top of it. Secrets (JRU_SECRET_KEY,
JRU_WALL_TOKEN, a password in REDIS_URL) are never logged and never shown in
`repr(Settings)`; they have no flags so they stay out of `ps`. See docs/security.md.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from dashboard.core.targets import DEFAULT_GRADE_TARGET_S


def setting(default: Any, *, env: str | None = None, flag: str | None = None, help: str = "",
            shown: str | None = None, secret: bool = False) -> Any:
    """A setting's one definition. `shown`: the default as the README says it (else the value)."""
    return Field(default, repr=not secret, description=help,
                 json_schema_extra={"env": env, "flag": flag, "shown": shown})


GRADE_TARGETS_TEXT = ",".join(f"{k}={v}" for k, v in DEFAULT_GRADE_TARGET_S.items())   # the defaults, as set
CLOSED_KEEP_S = 32 * 86400.0   # closed incidents held for /stats (a replay's snapshot brings them too)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="forbid")

    host: str = setting("127.0.0.1", env="JRU_HOST", flag="--host", help="address to serve on")
    port: int = setting(8050, env="JRU_PORT", flag="--port", help="port to serve on")
    demo: bool = setting(False, env="JRU_DEMO", flag="--demo", shown="on with the embedded Redis, off with `REDIS_URL`",
                         help="replay the demo history into Redis")
    redis_url: str | None = setting(None, env="REDIS_URL", flag="--redis-url", secret=True,
                                    shown="unset: start an embedded Redis (Valkey)",
                                    help="the Redis holding the feed (redis://, rediss://, unix://, redis+sentinel://, redis+cluster://)")
    prefix: str = setting("jru:", env="JRU_PREFIX", flag="--prefix", help="prefix of every Redis key")
    boundaries: str | None = setting(None, env="JRU_BOUNDARIES", flag="--boundaries",
                                     shown="`geodata/north_kent_districts.geojson` (ONS LAD May 2024)",
                                     help="boundary file (any format geopandas reads, any CRS)")
    boundaries_crs: str | None = setting(None, env="JRU_BOUNDARIES_CRS", flag="--boundaries-crs", shown="from the file",
                                         help="CRS for a boundary file that states none")
    boundary_name_field: str | None = setting(None, env="JRU_BOUNDARY_NAME_FIELD", flag="--boundary-name-field",
                                              shown="found by itself", help="the boundary file's name column")
    eta_model: Literal["road", "straight"] = setting("road", env="JRU_ETA_MODEL", flag="--eta-model",
                                                     help="road network or straight-line ETAs")
    roads: str | None = setting(None, env="JRU_ROADS", flag="--roads", shown="the shipped main roads + street mesh (`geodata/ROADS.md`)",
                                help="road network for the road ETA model: a line file geopandas reads (OS Open Roads as it comes), or an OpenStreetMap .osm.pbf extract")
    roads_cache: str | None = setting("var/roads-cache", env="JRU_ROADS_CACHE", flag="--roads-cache",
                                      help="folder where the graph built from a JRU_ROADS file is kept, so later "
                                           "starts and other workers skip parsing it; `off`: not kept")
    mobilise_s: float = setting(0.0, env="JRU_MOBILISE_S", flag="--mobilise-s", shown="0",
                                help="seconds from accepting to moving, added to every ETA (0: joint units patrol in their vehicle)")
    beats: str | None = setting(None, env="JRU_BEATS", flag="--beats", shown="`geodata/north_kent_beats.geojson`",
                                help="finer boundary file (beats) inside the districts")
    staleness_s: float = setting(120.0, env="JRU_STALENESS_S", flag="--staleness-s", shown="120",
                                 help="seconds without a fix before a unit is stale (never suggested)")
    demo_speed: float = setting(10.0, env="JRU_DEMO_SPEED", flag="--demo-speed", shown="10",
                                help="demo replay speed, 1..3600 (10x: something happens within minutes)")
    grade_targets: str | None = setting(None, env="JRU_GRADE_TARGETS", flag="--grade-targets",
                                        shown=f"`{GRADE_TARGETS_TEXT}`",
                                        help="response targets (s) by police grade")
    closed_keep_s: float = setting(CLOSED_KEEP_S, env="JRU_CLOSED_KEEP_S", flag="--closed-keep-s",
                                   shown=f"{CLOSED_KEEP_S:.0f} ({CLOSED_KEEP_S / 86400:.0f} days, for /stats)",
                                   help="seconds closed incidents are held "
                                        "(/stats warns when a period reaches back further)")
    tiles: str | None = setting(None, env="JRU_TILES", flag="--tiles", shown="unset: the shipped base map only (offline)",
                                help="base-map tile URL template (a local tile server)")
    wall_public: bool = setting(False, env="JRU_WALL_PUBLIC", flag="--wall-public",
                                shown="off (`/wall?public=1` hides summaries per screen)",
                                help="hide incident summaries on every wall display")
    auth: bool = setting(False, env="JRU_AUTH", flag="--auth", shown="on with `REDIS_URL`, off with the embedded Redis",
                         help="require sign-in")
    users: str = setting("var/users.json", env="JRU_USERS", flag="--users",
                         help="users file (python -m dashboard.auth add-user ...)")
    secret_key: str | None = setting(None, env="JRU_SECRET_KEY", secret=True,
                                     shown="unset: generated once into the secret key file",
                                     help="signs session cookies")
    secret_key_file: str = setting("var/secret_key", env="JRU_SECRET_KEY_FILE", flag="--secret-key-file",
                                   shown="`var/secret_key` (created 0600)", help="where a generated key is kept")
    session_hours: float = setting(12.0, env="JRU_SESSION_HOURS", flag="--session-hours", shown="12",
                                   help="hours without a request before a session ends (each request renews it)")
    session_max_hours: float = setting(24.0, env="JRU_SESSION_MAX_HOURS", flag="--session-max-hours", shown="24",
                                       help="hours after sign-in before a session ends, however busy (absolute)")
    secure_cookies: bool = setting(False, env="JRU_SECURE_COOKIES", flag="--secure-cookies", shown="off",
                                   help="mark the session cookie Secure (behind https)")
    wall_token: str | None = setting(None, env="JRU_WALL_TOKEN", secret=True,
                                     shown="unset: no wall-display access with sign-in on",
                                     help="read-only token for wall displays (`/wall?token=...`), at least 16 characters")
    trusted_proxies: int = setting(0, env="JRU_TRUSTED_PROXIES", flag="--trusted-proxies",
                                   shown="0: the client is the connection's address",
                                   help="reverse proxies in front whose X-Forwarded-For is believed (sign-in throttling, logs)")
    hsts_seconds: int = setting(0, env="JRU_HSTS_SECONDS", flag="--hsts-seconds",
                                shown="0: no Strict-Transport-Security header",
                                help="Strict-Transport-Security max-age; set it behind https")
    start_reader: bool = setting(True)   # tests that drive the reader by hand turn it off

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (init_settings,)   # the environment is read by from_env(), from any mapping

    @field_validator("mobilise_s")
    @classmethod
    def _mobilise_range(cls, v: float) -> float:
        if not 0.0 <= v <= 600.0:
            raise ValueError("JRU_MOBILISE_S must be 0..600 seconds")
        return v

    @field_validator("roads_cache")
    @classmethod
    def _roads_cache_off(cls, v: str | None) -> str | None:
        return None if v is None or v.strip().lower() in ("", "off") else v

    @property
    def embedded_redis(self) -> bool:
        return not self.redis_url


def _meta(name: str) -> dict:
    return Settings.model_fields[name].json_schema_extra or {}


def from_env(env: dict | None = None, **overrides) -> Settings:
    """Settings from the environment (and keyword overrides, e.g. in tests); an empty
    variable counts as unset. Demo and sign-in follow REDIS_URL unless set."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        var = _meta(name).get("env")
        if var and env.get(var, "") != "":
            values[name] = env[var]
    values.setdefault("demo", "redis_url" not in values)
    values.setdefault("auth", "redis_url" in values)
    values.update(overrides)
    return Settings(**values)


def _add_flag(p: argparse.ArgumentParser, name: str, default: Any) -> None:
    field, meta = Settings.model_fields[name], _meta(name)
    kind = field.annotation
    help_text = f"{field.description} (env {meta['env']})"
    if kind is bool:
        p.add_argument(meta["flag"], dest=name, action=argparse.BooleanOptionalAction, default=default, help=help_text)
    elif name == "eta_model":
        p.add_argument(meta["flag"], dest=name, choices=("road", "straight"), default=default, help=help_text)
    else:
        p.add_argument(meta["flag"], dest=name, default=default, help=help_text,
                       type={int: int, float: float}.get(kind, str))


def add_flags(p: argparse.ArgumentParser, names: tuple[str, ...], env: dict | None = None) -> None:
    """The given settings' flags on another tool's parser (python -m dashboard.replay, .auth), each
    defaulting to its environment variable as the app's do: one definition for every command. Only
    these settings' variables are read: another's bad value is the app's to report, not this tool's."""
    env = os.environ if env is None else env
    given = {n: env[v] for n in names if (v := _meta(n).get("env")) and env.get(v, "") != ""}
    base = Settings(**given)
    for name in names:
        _add_flag(p, name, getattr(base, name))


def parse_args(argv: list[str] | None = None, env: dict | None = None) -> Settings:
    """Flags for `python app.py`; each falls back to its environment variable."""
    base = from_env(env)
    p = argparse.ArgumentParser(prog="app.py", description="North Kent JRU situational awareness dashboard")
    for name in Settings.model_fields:
        if _meta(name).get("flag"):
            # demo and auth: None = "not given", so they can follow a --redis-url given on the command line
            _add_flag(p, name, None if name in ("demo", "auth") else getattr(base, name))
    args = vars(p.parse_args(argv))
    values = {name: args.get(name, getattr(base, name)) for name in Settings.model_fields}
    for name, follows in (("demo", not args["redis_url"]), ("auth", bool(args["redis_url"]))):
        if values[name] is None:
            values[name] = getattr(base, name) if args["redis_url"] == base.redis_url else follows
    return Settings(**values)


def markdown_table() -> str:
    """The README's configuration table."""
    rows = ["| variable | flag | default | what |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        meta = _meta(name)
        if not meta.get("env"):
            continue
        flag = meta.get("flag")
        if flag and field.annotation is bool:
            flag = f"{flag}/--no-{flag[2:]}"
        shown = meta.get("shown") or f"{field.default}"
        rows.append(f"| `{meta['env']}` | {f'`{flag}`' if flag else '(environment only)'} | {shown} | "
                    f"{field.description} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown_table())
