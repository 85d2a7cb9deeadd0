"""Attempt counters in Redis, shared by every worker (issue 13.3): sign-in and
wall-token guesses are counted here *before* the expensive check.

Fixed windows: a counter starts at the first attempt and expires `window_s`
later. One round trip per call (a short Lua script, atomic).
"""
from __future__ import annotations

import redis

# KEYS[1] this user at this address, KEYS[2] this address (any user).
# ARGV: per-pair limit, per-address limit, window in ms.
# Refused when the pair has used its limit, or when the address has used its
# limit and this pair has failed before: a user whose first try this is may
# still try (one try each), so a flood from one address (or from behind one
# proxy) never locks out every correct password.
TAKE = """
local pair = tonumber(redis.call('GET', KEYS[1]) or '0')
local addr = tonumber(redis.call('GET', KEYS[2]) or '0')
if pair >= tonumber(ARGV[1]) then return 0 end
if addr >= tonumber(ARGV[2]) and pair > 0 then return 0 end
for i = 1, 2 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return 1
"""
GIVE_BACK = """
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 1
"""


class AttemptCounters:
    def __init__(self, client: redis.Redis):
        self.client = client

    def take(self, pair_key: str, addr_key: str, pair_limit: int, addr_limit: int, window_s: float) -> bool:
        """Count one attempt; False (nothing counted) when it must be refused."""
        return bool(self.client.eval(TAKE, 2, pair_key, addr_key, pair_limit, addr_limit, int(window_s * 1000)))

    def give_back(self, *keys: str) -> None:
        """The attempt succeeded: it does not count against anyone."""
        self.client.eval(GIVE_BACK, len(keys), *keys)
