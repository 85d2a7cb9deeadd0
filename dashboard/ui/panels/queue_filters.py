"""Panel: filters for the incident queue (district, type, status)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.ui.style import TYPE_LABEL

STATUS_CHOICES = (("active", "Active"), ("open", "Open (no unit)"), ("assigned", "Assigned"),
                  ("on_scene", "On scene"), ("closed", "Closed"), ("all", "All"))


def queue_filters(district_names: list[str]) -> dbc.Row:
    def select(id, name, options, value):   # named for a screen reader, which reads a bare select as "combo box"
        return dbc.Col([html.Label(name, htmlFor=id, className="visually-hidden"),
                        dbc.Select(id=id, options=options, value=value, size="sm")])
    return dbc.Row([
        select("filter-district", "District", [{"label": "All districts", "value": "all"}] +
               [{"label": n, "value": n} for n in district_names], "all"),
        select("filter-type", "Incident type", [{"label": "All types", "value": "all"}] +
               [{"label": v, "value": k} for k, v in TYPE_LABEL.items()], "all"),
        select("filter-status", "Status", [{"label": v, "value": k} for k, v in STATUS_CHOICES], "active"),
    ], className="g-1 mb-1")


def apply_filters(incidents: list[dict], district: str | None, type_: str | None) -> list[dict]:
    district = None if district in (None, "", "all") else district
    type_ = None if type_ in (None, "", "all") else type_
    return [i for i in incidents if (not district or i["area"] == district) and (not type_ or i["type"] == type_)]
