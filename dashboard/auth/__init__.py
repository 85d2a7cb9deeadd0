"""Who may do what: the users file (officer / viewer) and its command line.

    python -m dashboard.auth add-user NAME --role officer   # prompts for the password
    python -m dashboard.auth list
    python -m dashboard.auth remove NAME
    python -m dashboard.auth add-key NAME | list-keys | revoke-key NAME   # read-only API keys

Also the logic behind sign-in that is not about HTTP: API keys (api_keys.py),
sessions in Redis (sessions.py), sign-in throttling (throttle.py), who a request is
from (who.py: what the screens ask, so they never import the web package); their Redis
stores are dashboard/feed/. Sign-in, wall tokens and the gate on the web server
are dashboard/web/auth.py, per-callback permissions dashboard/web/permissions.py.
See docs/security.md.
"""
from dashboard.auth.users import ROLES, User, UserError, UserStore

__all__ = ["ROLES", "User", "UserError", "UserStore"]
