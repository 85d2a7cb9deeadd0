"""The read-only JSON API of the feed contract, served by the dashboard process."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from dashboard.auth.who import auth_enabled, signed_in
from dashboard.core.contract import INCIDENT_STATUSES
from dashboard.core.ranking import SHOWN
from dashboard.core.redact import public_health
from dashboard.runtime import Runtime

DECISIONS_SHOWN = 200
MAX_SUGGESTIONS = 5000   # ?limit= on suggestions: every unit of a big fleet, not an unbounded number
STATUSES = (*INCIDENT_STATUSES, "active")   # ?status= on incidents, as docs/feed.md lists them


def api_blueprint(rt: Runtime) -> Blueprint:
    bp = Blueprint("api", __name__)

    @bp.get("/api/units")
    def units():
        return jsonify({"units": rt.views.units()})

    @bp.get("/api/incidents")
    def incidents():
        status = request.args.get("status") or None
        if status is not None and status not in STATUSES:   # not an empty list: a caller's typo would look quiet
            return jsonify({"error": f"status must be one of {', '.join(STATUSES)}"}), 400
        return jsonify({"incidents": rt.views.incidents(status)})

    @bp.get("/api/incidents/<incident_id>/suggestions")
    def suggestions(incident_id: str):
        limit = request.args.get("limit", str(SHOWN))
        # the length first: int() refuses over 4,300 digits with an error (a 500)
        if not (len(limit) <= 9 and limit.isascii() and limit.isdigit() and 1 <= int(limit) <= MAX_SUGGESTIONS):
            return jsonify({"error": f"limit must be a whole number 1..{MAX_SUGGESTIONS}"}), 400
        body = rt.rankings.suggestions_json(incident_id, int(limit))
        if body is None:
            abort(404, description=f"no incident '{incident_id}'")
        return jsonify(body)

    @bp.get("/api/decisions")
    def decisions():
        return jsonify({"summary": rt.decisions.summary(), "arrivals": rt.decisions.arrivals(),
                        "decisions": [d.as_json() for d in rt.decisions.recent(DECISIONS_SHOWN)]})

    @bp.get("/healthz")
    def healthz():
        body, status = rt.health.report()
        if auth_enabled() and signed_in() is None:   # issue 13.6: open to load balancers, so it shows little
            body = public_health(body)
        return jsonify(body), status

    @bp.get("/api/", defaults={"rest": ""})
    @bp.get("/api/<path:rest>")
    def no_such_path(rest: str):   # else Dash's catch-all page route answers 200 with the page
        abort(404, description=f"no API path '{request.path[:100]}' (docs/feed.md lists them)")

    @bp.errorhandler(404)
    def not_found(err):
        return jsonify({"error": getattr(err, "description", "not found")}), 404

    @bp.app_errorhandler(405)
    def wrong_method(err):   # raised by routing, so outside the blueprint: JSON under /api/ only
        if not (request.path + "/").startswith("/api/"):
            return err
        return (jsonify({"error": f"{request.method} not allowed: the API is read-only (GET)"}), 405,
                {"Allow": ", ".join(err.valid_methods or ["GET", "HEAD"])})

    return bp
