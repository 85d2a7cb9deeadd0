"""Smaller limits from issue 13.7: how many live streams one session or address
may hold, how short a wall token or secret key may be, and how large a request body.

Each open /push/units stream holds a server thread for as long as the screen
is open; three on one wall cookie took every gunicorn thread. The counts are
per process (a thread is a per-process resource). O(1) per open and close.
"""
from __future__ import annotations

import threading
from collections import Counter

STREAMS_PER_SESSION = 2      # a screen, and its reconnect overlapping the old stream for a moment
STREAMS_PER_ADDRESS = 24     # screens behind one address (a control room behind one NAT, ten walls)
MIN_WALL_TOKEN = 16          # characters; a token is guessed over the network, so length is its strength
MIN_SECRET_KEY = 32          # characters; it signs every session cookie
# Flask's MAX_CONTENT_LENGTH (larger: 413). Units and incidents come down, never up: driving every page of
# the demo in Chromium, the largest callback body was 723 bytes. The largest possible is a unit's details
# with "Also here" (every unit on its spot is an input): measured 474 KB for 2,000 units (32-character call
# signs) on one spot, so ~1.2 MB for 5,000 (the API's whole-fleet limit). 4 MB leaves over three times that.
MAX_REQUEST_BYTES = 4 * 1024 * 1024


class WeakSecret(ValueError):
    pass


def require_strong_secrets(wall_token: str | None, secret_key: str | None) -> None:
    """Refuse to start with a guessable wall token or secret key (raises WeakSecret)."""
    if wall_token is not None and len(wall_token) < MIN_WALL_TOKEN:
        raise WeakSecret(f"JRU_WALL_TOKEN is {len(wall_token)} characters: use at least {MIN_WALL_TOKEN} "
                         "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(24))')")
    if secret_key is not None and len(secret_key) < MIN_SECRET_KEY:
        raise WeakSecret(f"JRU_SECRET_KEY is {len(secret_key)} characters: use at least {MIN_SECRET_KEY}, "
                         "or leave it unset to have one generated into JRU_SECRET_KEY_FILE")


class StreamLimiter:
    def __init__(self, per_session: int = STREAMS_PER_SESSION, per_address: int = STREAMS_PER_ADDRESS):
        self.per_session, self.per_address = per_session, per_address
        self._open: Counter = Counter()
        self._lock = threading.Lock()

    def open(self, session_key: str | None, address: str):
        """A release function for the new stream, or None when over a limit."""
        keys = [("addr", address)] + ([("session", session_key)] if session_key else [])
        with self._lock:
            if self._open[keys[0]] >= self.per_address or (
                    session_key and self._open[keys[1]] >= self.per_session):
                return None
            for k in keys:
                self._open[k] += 1
        released = []

        def release() -> None:
            with self._lock:
                if released:
                    return
                released.append(True)
                for k in keys:
                    self._open[k] -= 1
                    if self._open[k] <= 0:
                        del self._open[k]
        return release
