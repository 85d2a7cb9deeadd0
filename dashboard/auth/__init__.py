"""Who may do what: the users file (officer / viewer) and its command line.

    python -m dashboard.auth add-user NAME --role officer   # prompts for the password
    python -m dashboard.auth list
    python -m dashboard.auth remove NAME

Sign-in, sessions and wall tokens on the web server are dashboard/web/auth.py.
See docs/security.md.
"""
from dashboard.auth.users import ROLES, User, UserError, UserStore

__all__ = ["ROLES", "User", "UserError", "UserStore"]
