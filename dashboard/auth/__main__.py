"""python -m dashboard.auth add-user NAME --role officer|viewer [--password-stdin] | list | remove NAME
python -m dashboard.auth add-key NAME | list-keys | revoke-key NAME

The users file is JRU_USERS (default var/users.json) or --users PATH. API keys
(for programs, read-only) live in Redis: REDIS_URL and JRU_PREFIX, or --redis-url
and --prefix. add-key prints the new key once, alone on the last line.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from dashboard.auth.users import ROLES, UserError, UserStore
from dashboard.settings import add_flags


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard.auth", description="Dashboard users (docs/security.md)")
    add_flags(p, ("users", "redis_url", "prefix"))   # as the dashboard reads them (dashboard/settings.py)
    sub = p.add_subparsers(dest="cmd", required=True)
    add = sub.add_parser("add-user", help="add a user, or set a user's password and role")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    sub.add_parser("list", help="names and roles")
    rm = sub.add_parser("remove", help="remove a user (their sessions end at their next request)")
    rm.add_argument("name")
    sub.add_parser("add-key", help="a new read-only API key for a program (printed once)").add_argument("name")
    sub.add_parser("list-keys", help="API key names and when they were made")
    sub.add_parser("revoke-key", help="revoke an API key at once").add_argument("name")
    args = p.parse_args(argv)
    if args.cmd.endswith("-key") or args.cmd == "list-keys":
        return key_command(args)
    store = UserStore(args.users)
    try:
        if args.cmd == "add-user":
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\r\n")
            else:
                password = getpass.getpass(f"Password for {args.name}: ")
                if getpass.getpass("Again: ") != password:
                    print("passwords differ; nothing changed", file=sys.stderr)
                    return 1
            existed = store.get(args.name) is not None
            store.add(args.name, password, args.role)
            print(f"{'updated' if existed else 'added'} {args.name} ({args.role}) in {store.path}")
        elif args.cmd == "list":
            users = store.list()
            for u in users:
                print(f"{u.name}\t{u.role}")
            if not users:
                print(f"no users in {store.path}", file=sys.stderr)
        elif args.cmd == "remove":
            if not store.remove(args.name):
                print(f"no user '{args.name}' in {store.path}", file=sys.stderr)
                return 1
            print(f"removed {args.name}")
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def key_command(args) -> int:
    """add-key / list-keys / revoke-key against the Redis the dashboard uses (issue 13.9)."""
    from dashboard.auth.api_keys import ApiKeys
    from dashboard.feed.settings import REDIS_ERRORS, RedisSettings
    if not args.redis_url:
        print("error: API keys live in Redis: set REDIS_URL or pass --redis-url", file=sys.stderr)
        return 2
    keys = ApiKeys(RedisSettings.from_url(args.redis_url, args.prefix))
    try:
        if args.cmd == "add-key":
            key = keys.add(args.name)
            if key is None:
                print(f"error: a key named '{args.name}' exists: revoke-key it first", file=sys.stderr)
                return 1
            print(f"added read-only API key '{args.name}'. It is shown only now; programs send it as\n"
                  f"  Authorization: Bearer <key>\nkey:")
            print(key)
        elif args.cmd == "list-keys":
            listed = keys.list()
            for name, meta in listed.items():
                print(f"{name}\t{meta['created'] or '?'}")
            if not listed:
                print("no API keys", file=sys.stderr)
        elif not keys.remove(args.name):
            print(f"no API key '{args.name}'", file=sys.stderr)
            return 1
        else:
            print(f"revoked API key '{args.name}'")
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except REDIS_ERRORS as exc:
        print(f"error: cannot reach Redis at {RedisSettings.from_url(args.redis_url).safe_url}: "
              f"{type(exc).__name__}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
