"""What a log line or an open page may show of a secret or of feed text.

Pure functions, each O(length of its input).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
REASON_MAX = 200          # characters of a reject reason kept anywhere it is shown or stored
# A query parameter whose name has one of these in it carries a secret (redis-py
# takes `?password=` for unix sockets, Sentinel has `sentinel_password`, ...).
SECRET_WORDS = ("pass", "secret", "token", "key", "auth", "cred")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def mask_url(url: str | None) -> str | None:
    """The URL with every secret it can carry replaced by ***: the password in
    `user:password@` (or a lone `secret@`), and any query value whose name says
    it is a secret. Works for several hosts (`h1:1,h2:2`), where urlsplit's own
    port parsing would fail."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(a URL that cannot be parsed)"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, hosts = netloc.rsplit("@", 1)
        user, colon, _ = userinfo.partition(":")
        netloc = f"{user}:{MASK}@{hosts}" if colon else f"{MASK}@{hosts}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, MASK if any(w in k.lower() for w in SECRET_WORDS) else v) for k, v in pairs],
                          safe="*")
    if "://" not in url:
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    # by hand: urlunsplit turns unix:///path into unix:/path
    return (f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
            + (f"#{parts.fragment}" if parts.fragment else ""))


def short_text(text: str | None, limit: int = REASON_MAX) -> str | None:
    """Feed text cut to `limit` characters (with how much was cut) and control
    characters shown as spaces: a reject reason quotes the bad value, which may be 1 MB."""
    if text is None:
        return None
    text = _CONTROL.sub(" ", text[: limit + 1])
    if len(text) <= limit:
        return text
    return text[:limit] + "… (cut)"


def public_health(body: dict) -> dict:
    """The part of /healthz a load balancer needs, for callers not signed in
    when sign-in is on: no Redis address, no errors, no feed text."""
    feed = body.get("feed", {})
    return {"status": body.get("status"),
            "redis": {"reachable": body.get("redis", {}).get("reachable")},
            "feed": {k: feed.get(k) for k in ("caught_up", "reader_stuck", "last_entry_age_s")}}
