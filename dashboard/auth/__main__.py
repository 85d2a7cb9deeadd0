"""python -m dashboard.auth add-user NAME --role officer|viewer [--password-stdin] | list | remove NAME

The users file is JRU_USERS (default var/users.json) or --users PATH.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys

from dashboard.auth.users import ROLES, UserError, UserStore


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard.auth", description="Dashboard users (docs/security.md)")
    p.add_argument("--users", default=os.environ.get("JRU_USERS") or "var/users.json", help="users file")
    sub = p.add_subparsers(dest="cmd", required=True)
    add = sub.add_parser("add-user", help="add a user, or set a user's password and role")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    sub.add_parser("list", help="names and roles")
    rm = sub.add_parser("remove", help="remove a user (their sessions end at their next request)")
    rm.add_argument("name")
    args = p.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
