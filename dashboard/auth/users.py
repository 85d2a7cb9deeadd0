"""The users file: names, roles and password hashes (never passwords).

    {"users": {"asmith": {"role": "officer", "password": "scrypt:32768:8:1$...", "created": "..."}}}

Written atomically with 0600 permissions by `python -m dashboard.auth`; the
dashboard re-reads it when its modification time changes, so adding or
removing a user needs no restart (a removed user's sessions end at their next
request).
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from hashlib import sha256
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

ROLES = ("officer", "viewer")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
RESERVED = {"viewer", "wall", "demo"}   # current_user() uses "viewer" for read-only sessions
MIN_PASSWORD = 8
# scrypt N=2^17, r=8, p=1: OWASP's current minimum (issue 13.7; was Werkzeug's 2^15). 128 MiB and
# ~0.5 s per hash, which is why sign-ins are counted before hashing and hashed two at a time
# (dashboard/auth/throttle.py). Older hashes keep working: each names its own parameters.
HASH_METHOD = "scrypt:131072:8:1"
# Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password", method=HASH_METHOD)


class UserError(ValueError):
    pass


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str

    @property
    def fingerprint(self) -> str:
        """Changes when the password does: sessions carry it, so a new password
        signs out every old session."""
        return sha256(self.password_hash.encode()).hexdigest()[:16]


def validate_name(name: str) -> str:
    if not NAME_RE.match(name or ""):
        raise UserError("a user name is 1-64 of A-Z a-z 0-9 . _ - (starting with a letter or digit)")
    if name.lower() in RESERVED:
        raise UserError(f"'{name}' is reserved")
    return name


class UserStore:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache: tuple[float, int, dict[str, User]] | None = None

    # -- reading ------------------------------------------------------------
    def _read(self) -> dict[str, User]:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return {}
        with self._lock:
            if self._cache and self._cache[:2] == (st.st_mtime, st.st_size):
                return self._cache[2]
            raw = json.loads(self.path.read_text(encoding="utf-8") or "{}")
            users = {name: User(name, u["role"], u["password"]) for name, u in raw.get("users", {}).items()
                     if u.get("role") in ROLES and u.get("password")}
            self._cache = (st.st_mtime, st.st_size, users)
            return users

    def get(self, name: str) -> User | None:
        return self._read().get(name)

    def list(self) -> list[User]:
        return sorted(self._read().values(), key=lambda u: u.name)

    def check(self, name: str, password: str) -> User | None:
        """The user if the password is right, else None (same cost either way)."""
        user = self.get(name or "")
        ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
        return user if (user and ok) else None

    # -- writing (the CLI) ----------------------------------------------------
    def _raw(self) -> dict:
        if not self.path.exists():
            return {"users": {}}
        return json.loads(self.path.read_text(encoding="utf-8") or "{}") or {"users": {}}

    def _write(self, raw: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-", suffix=".json")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(raw, f, indent=2, sort_keys=True)
                f.write("\n")
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def add(self, name: str, password: str, role: str, *, replace: bool = True) -> User:
        validate_name(name)
        if role not in ROLES:
            raise UserError(f"role must be one of {', '.join(ROLES)}")
        if len(password or "") < MIN_PASSWORD:
            raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
        raw = self._raw()
        users = raw.setdefault("users", {})
        if name in users and not replace:
            raise UserError(f"user '{name}' exists")
        users[name] = {"role": role, "password": generate_password_hash(password, method=HASH_METHOD),
                       "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        self._write(raw)
        return User(name, role, users[name]["password"])

    def remove(self, name: str) -> bool:
        raw = self._raw()
        if raw.get("users", {}).pop(name, None) is None:
            return False
        self._write(raw)
        return True
