"""Sign-in flood benchmark (issue 13.3): 60 parallel wrong passwords for one user.

    .venv/bin/python bench/sign_in_flood.py [--attempts 60]

Each case runs in its own fresh process so its peak memory (ru_maxrss) is its own:
- baseline, every attempt hashed: what the code did before issue 13.3 (the
  failure count was taken after the hash), 60 threads each calling
  UserStore.check() at the current scrypt cost (N=2^17, 128 MiB a hash);
- dashboard: the real app (sign-in on, embedded Redis) receiving the same 60
  POST /login at once through the Flask test client.
Printed: how many attempts were hashed (answers 401 vs 429), wall time, peak
memory, and the ratios dashboard / baseline.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
USER, PASSWORD = "asmith", "correct horse 41"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(attempts: int, users: Path) -> dict:
    from dashboard.auth.users import UserStore
    store = UserStore(users)
    start_mib, t0 = peak_mib(), time.perf_counter()
    with ThreadPoolExecutor(attempts) as pool:
        results = list(pool.map(lambda _: store.check(USER, "wrong guess 123"), range(attempts)))
    return {"hashed": sum(r is None for r in results), "refused_unhashed": 0, "seconds": time.perf_counter() - t0,
            "start_mib": start_mib, "peak_mib": peak_mib()}


def dashboard(attempts: int, users: Path) -> dict:
    from dashboard.web.app import create_app
    from dashboard.feed.server import EmbeddedRedis
    from dashboard.settings import Settings
    server = EmbeddedRedis(Path(tempfile.mkdtemp()))
    url = server.start()
    app = create_app(Settings(redis_url=url, demo=False, eta_model="straight", auth=True, users=str(users),
                              secret_key_file=str(users.parent / "secret_key")))
    clients = [app.server.test_client() for _ in range(attempts)]
    post = lambda c: c.post("/login", data={"username": USER, "password": "wrong guess 123"},
                            headers={"Origin": "http://localhost"}).status_code
    start_mib, t0 = peak_mib(), time.perf_counter()
    with ThreadPoolExecutor(attempts) as pool:
        codes = list(pool.map(post, clients))
    out = {"hashed": codes.count(401), "refused_unhashed": codes.count(429), "seconds": time.perf_counter() - t0,
           "start_mib": start_mib, "peak_mib": peak_mib()}
    app.runtime.reader.stop()
    server.stop()
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--attempts", type=int, default=60)
    p.add_argument("--case", choices=("baseline", "dashboard"))
    p.add_argument("--users")
    args = p.parse_args()
    if args.case:      # one case, in this fresh process
        print(json.dumps((baseline if args.case == "baseline" else dashboard)(args.attempts, Path(args.users))))
        return
    from dashboard.auth.users import UserStore
    users = Path(tempfile.mkdtemp()) / "users.json"
    UserStore(users).add(USER, PASSWORD, role="officer")
    results = {}
    for case in ("baseline", "dashboard"):
        out = subprocess.run([sys.executable, __file__, "--case", case, "--attempts", str(args.attempts),
                              "--users", str(users)], capture_output=True, text=True, check=True, cwd=ROOT)
        results[case] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{args.attempts} parallel wrong passwords for one user (scrypt N=2^17)")
    print(f"{'':10} {'hashed':>7} {'429':>5} {'seconds':>8} {'mem before':>11} {'peak MiB':>9}")
    for case, r in results.items():
        print(f"{case:10} {r['hashed']:7d} {r['refused_unhashed']:5d} {r['seconds']:8.2f} {r['start_mib']:11.0f} "
              f"{r['peak_mib']:9.0f}")
    b, d = results["baseline"], results["dashboard"]
    grew = lambda r: max(1.0, r["peak_mib"] - r["start_mib"])
    print(f"ratios dashboard/baseline: hashes {d['hashed'] / b['hashed']:.2f}, time {d['seconds'] / b['seconds']:.2f}, "
          f"memory growth {grew(d) / grew(b):.2f} ({grew(d):.0f} vs {grew(b):.0f} MiB)")


if __name__ == "__main__":
    main()
