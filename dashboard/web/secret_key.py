"""The key that signs session cookies: JRU_SECRET_KEY, or one generated once into a file."""
from __future__ import annotations

import logging
import os
import secrets
import time
from pathlib import Path

from dashboard.settings import Settings

log = logging.getLogger(__name__)


def load_secret_key(settings: Settings) -> str:
    """JRU_SECRET_KEY, or one generated once into the secret key file (0600).
    Every worker process must sign with the same key, hence a file, not a random key per process."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.secret_key_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(100):        # another worker may be writing it right now
            key = path.read_text(encoding="ascii").strip()
            if key:
                break
            time.sleep(0.02)
        else:
            raise RuntimeError(f"secret key file {path} is empty")
        if path.stat().st_mode & 0o077:
            log.warning("secret key file %s is readable by others: chmod 600 it", path)
        return key
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32) + "\n")
    log.info("generated a session secret key into %s", path)
    return path.read_text(encoding="ascii").strip()
