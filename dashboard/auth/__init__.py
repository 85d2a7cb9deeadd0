"""Who may do what: users (officer / viewer), sign-in sessions, wall tokens.

    python -m dashboard.auth add-user NAME --role officer   # prompts for the password
    python -m dashboard.auth list
    python -m dashboard.auth remove NAME

See docs/security.md.
"""
from dashboard.auth.users import ROLES, User, UserError, UserStore
from dashboard.auth.web import (DEMO_NAME, VIEWER, Auth, Identity, auth_enabled, current_user, install_auth,
                                signed_in)

__all__ = ["ROLES", "User", "UserError", "UserStore", "DEMO_NAME", "VIEWER", "Auth", "Identity", "auth_enabled",
           "current_user", "install_auth", "signed_in"]
