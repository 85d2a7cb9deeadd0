"""The web server: the app factory (Flask + Dash), the JSON API, the push stream,
sign-in and the security headers. The Dash screens themselves are dashboard/ui/."""
