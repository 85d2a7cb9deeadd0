"""All configuration, in one place: environment variables, overridden by flags.

| flag | environment | default |
|---|---|---|
| --host | JRU_HOST | 127.0.0.1 |
| --port | JRU_PORT | 8050 |
| --demo / --no-demo | JRU_DEMO (1/0) | on when REDIS_URL is unset |
| --redis-url | REDIS_URL | unset: start an embedded Redis |
| --prefix | JRU_PREFIX | jru: |
| --boundaries PATH | JRU_BOUNDARIES | geodata/north_kent_districts.geojson |
| --boundaries-crs CRS | JRU_BOUNDARIES_CRS | from the file |
| --boundary-name-field F | JRU_BOUNDARY_NAME_FIELD | found by itself |
| --eta-model road/straight | JRU_ETA_MODEL | road |
| --roads PATH | JRU_ROADS | geodata/north_kent_roads.geojson |
| --beats PATH | JRU_BEATS | geodata/north_kent_beats.geojson |
| --staleness-s S | JRU_STALENESS_S | 120 |
| --demo-speed X | JRU_DEMO_SPEED | 10 (1..3600) |
| --grade-targets | JRU_GRADE_TARGETS | immediate=900,priority=3600 |
| --closed-keep-s S | JRU_CLOSED_KEEP_S | 2764800 (closed incidents held 32 days, for /stats) |
| --tiles URL | JRU_TILES | unset: no base map (offline) |
| --wall-public | JRU_WALL_PUBLIC (1/0) | off: the wall shows incident summaries (`/wall?public=1` hides them per screen) |
| --auth / --no-auth | JRU_AUTH (1/0) | on when REDIS_URL is set, off with the embedded Redis |
| --users PATH | JRU_USERS | var/users.json |
| (environment only) | JRU_SECRET_KEY | unset: generated once into --secret-key-file |
| --secret-key-file PATH | JRU_SECRET_KEY_FILE | var/secret_key (created 0600) |
| --session-hours H | JRU_SESSION_HOURS | 12 (sliding: each request renews it) |
| --session-max-hours H | JRU_SESSION_MAX_HOURS | 24 (absolute, from sign-in) |
| --secure-cookies | JRU_SECURE_COOKIES (1/0) | off; turn on behind https |
| (environment only) | JRU_WALL_TOKEN | unset: no wall-display access when auth is on (at least 16 characters) |
| --trusted-proxies N | JRU_TRUSTED_PROXIES | 0: client address = the connection's; N: taken from X-Forwarded-For |
| --hsts-seconds S | JRU_HSTS_SECONDS | 0: no Strict-Transport-Security header (set it behind https) |

Secrets (JRU_SECRET_KEY, JRU_WALL_TOKEN, a password in REDIS_URL) are never
logged and never shown in `repr(Settings)`; they have no flags so they stay
out of `ps`. See docs/security.md.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field, fields


def _flag(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8050
    demo: bool = False
    redis_url: str | None = field(default=None, repr=False)   # may hold a password
    prefix: str = "jru:"
    boundaries: str | None = None
    boundaries_crs: str | None = None
    boundary_name_field: str | None = None
    eta_model: str = "road"
    roads: str | None = None
    beats: str | None = None
    staleness_s: float = 120.0
    demo_speed: float = 10.0
    grade_targets: str | None = None
    closed_keep_s: float = 32 * 86400.0
    tiles: str | None = None
    wall_public: bool = False   # wall displays hide incident summaries (screens the public can see)
    auth: bool = False          # sign-in enforced; from_env turns it on when REDIS_URL is set
    users: str = "var/users.json"
    secret_key: str | None = field(default=None, repr=False)
    secret_key_file: str = "var/secret_key"
    session_hours: float = 12.0
    session_max_hours: float = 24.0   # issue 13.5: absolute session lifetime
    secure_cookies: bool = False
    wall_token: str | None = field(default=None, repr=False)
    trusted_proxies: int = 0          # issue 13.3: reverse proxies in front (X-Forwarded-For)
    hsts_seconds: int = 0             # issue 13.7: Strict-Transport-Security max-age, 0 = none
    start_reader: bool = True   # tests that drive the reader by hand turn it off

    @property
    def embedded_redis(self) -> bool:
        return not self.redis_url


def from_env(env: dict | None = None, **overrides) -> Settings:
    """Settings from the environment (and keyword overrides, e.g. in tests)."""
    env = os.environ if env is None else env
    redis_url = env.get("REDIS_URL") or None
    demo = _flag(env.get("JRU_DEMO"))
    auth = _flag(env.get("JRU_AUTH"))
    values = dict(
        host=env.get("JRU_HOST", "127.0.0.1"),
        port=int(env.get("JRU_PORT", "8050")),
        demo=(redis_url is None) if demo is None else demo,
        redis_url=redis_url,
        prefix=env.get("JRU_PREFIX", "jru:"),
        boundaries=env.get("JRU_BOUNDARIES") or None,
        boundaries_crs=env.get("JRU_BOUNDARIES_CRS") or None,
        boundary_name_field=env.get("JRU_BOUNDARY_NAME_FIELD") or None,
        eta_model=env.get("JRU_ETA_MODEL", "road"),
        roads=env.get("JRU_ROADS") or None,
        beats=env.get("JRU_BEATS") or None,
        staleness_s=float(env.get("JRU_STALENESS_S", "120")),
        demo_speed=float(env.get("JRU_DEMO_SPEED", "10")),
        grade_targets=env.get("JRU_GRADE_TARGETS") or None,
        closed_keep_s=float(env.get("JRU_CLOSED_KEEP_S", str(32 * 86400))),
        tiles=env.get("JRU_TILES") or None,
        wall_public=bool(_flag(env.get("JRU_WALL_PUBLIC"))),
        auth=(redis_url is not None) if auth is None else auth,
        users=env.get("JRU_USERS") or "var/users.json",
        secret_key=env.get("JRU_SECRET_KEY") or None,
        secret_key_file=env.get("JRU_SECRET_KEY_FILE") or "var/secret_key",
        session_hours=float(env.get("JRU_SESSION_HOURS", "12")),
        session_max_hours=float(env.get("JRU_SESSION_MAX_HOURS", "24")),
        secure_cookies=bool(_flag(env.get("JRU_SECURE_COOKIES"))),
        wall_token=env.get("JRU_WALL_TOKEN") or None,
        trusted_proxies=int(env.get("JRU_TRUSTED_PROXIES") or 0),
        hsts_seconds=int(env.get("JRU_HSTS_SECONDS") or 0),
    )
    values.update(overrides)
    return Settings(**values)


def parse_args(argv: list[str] | None = None, env: dict | None = None) -> Settings:
    """Flags for `python app.py`; each falls back to its environment variable."""
    base = from_env(env)
    p = argparse.ArgumentParser(prog="app.py", description="North Kent JRU situational awareness dashboard")
    p.add_argument("--host", default=base.host)
    p.add_argument("--port", type=int, default=base.port)
    p.add_argument("--demo", action=argparse.BooleanOptionalAction, default=None,
                   help="replay the demo history into Redis (default: on with the embedded Redis)")
    p.add_argument("--redis-url", default=base.redis_url)
    p.add_argument("--prefix", default=base.prefix)
    p.add_argument("--boundaries", default=base.boundaries, help="boundary file (any format geopandas reads)")
    p.add_argument("--boundaries-crs", default=base.boundaries_crs, help="CRS for a boundary file that states none")
    p.add_argument("--boundary-name-field", default=base.boundary_name_field)
    p.add_argument("--eta-model", choices=("road", "straight"), default=base.eta_model)
    p.add_argument("--roads", default=base.roads, help="road network file for the road ETA model")
    p.add_argument("--beats", default=base.beats, help="finer boundary file (beats) inside the districts")
    p.add_argument("--staleness-s", type=float, default=base.staleness_s)
    p.add_argument("--demo-speed", type=float, default=base.demo_speed)
    p.add_argument("--grade-targets", default=base.grade_targets)
    p.add_argument("--closed-keep-s", type=float, default=base.closed_keep_s)
    p.add_argument("--tiles", default=base.tiles, help="base-map tile URL template (a local tile server)")
    p.add_argument("--wall-public", action=argparse.BooleanOptionalAction, default=base.wall_public,
                   help="hide incident summaries on every wall display")
    p.add_argument("--auth", action=argparse.BooleanOptionalAction, default=None,
                   help="require sign-in (default: on with REDIS_URL, off with the embedded Redis)")
    p.add_argument("--users", default=base.users, help="users file (python -m dashboard.auth add-user ...)")
    p.add_argument("--secret-key-file", default=base.secret_key_file)
    p.add_argument("--session-hours", type=float, default=base.session_hours)
    p.add_argument("--session-max-hours", type=float, default=base.session_max_hours)
    p.add_argument("--secure-cookies", action=argparse.BooleanOptionalAction, default=base.secure_cookies,
                   help="mark the session cookie Secure (behind https)")
    p.add_argument("--trusted-proxies", type=int, default=base.trusted_proxies)
    p.add_argument("--hsts-seconds", type=int, default=base.hsts_seconds)
    args = p.parse_args(argv)
    # Settings without a flag (secrets) keep their environment value.
    values = {f.name: getattr(args, f.name) if hasattr(args, f.name) else getattr(base, f.name)
              for f in fields(Settings)}
    if values["demo"] is None:
        values["demo"] = base.demo if args.redis_url == base.redis_url else not args.redis_url
    if values["auth"] is None:
        values["auth"] = base.auth if args.redis_url == base.redis_url else bool(args.redis_url)
    return Settings(**values)
