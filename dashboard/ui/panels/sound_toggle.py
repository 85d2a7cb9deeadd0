"""Panel: the officer's switch for a sound when a C1 / immediate incident comes in.

Off until the officer turns it on (a control room has its own alarms; a browser also plays no
sound before the page has been clicked). The choice is kept in this browser (assets/alert_sound.js).
"""
from __future__ import annotations

from dash import html


def sound_toggle() -> html.Button:
    return html.Button([html.I(className="bi bi-volume-mute me-1"), html.Span("Sound off")], id="sound-toggle",
                       type="button", className="btn btn-outline-secondary btn-sm py-0 float-end",
                       title="A sound when a C1 / immediate incident comes in", **{"aria-pressed": "false"})
