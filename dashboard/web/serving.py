"""The built-in web server's request handler (`python app.py`): an access log
without query strings and no version banner.

A wall display's first link carries its token in the query string
(`/wall?token=...`, exchanged at once for a session cookie), so the log shows
paths only. `Server: Werkzeug/x Python/y` told an attacker which CVEs to try.
gunicorn is configured the same way by gunicorn.conf.py (docs/deployment.md).
"""
from __future__ import annotations

from werkzeug.serving import WSGIRequestHandler

SERVER_NAME = "jru-dashboard"


class QuietRequestHandler(WSGIRequestHandler):
    def version_string(self) -> str:
        return SERVER_NAME

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = getattr(self, "path", None)
        if path is None:            # a request line too broken to parse: log none of it
            self.log("info", '"(unparsable request)" %s %s', code, size)
            return
        saved = self.path
        self.path = path.split("?", 1)[0]
        try:
            super().log_request(code, size)
        finally:
            self.path = saved
