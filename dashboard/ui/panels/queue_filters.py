"""Panel: filters for the incident queue (district, type, status)."""
from __future__ import annotations

import dash_bootstrap_components as dbc

from dashboard.ui.layers.common import TYPE_LABEL

STATUS_CHOICES = (("active", "Active"), ("open", "Open (no unit)"), ("assigned", "Assigned"),
                  ("on_scene", "On scene"), ("closed", "Closed"), ("all", "All"))


def queue_filters(district_names: list[str]) -> dbc.Row:
    def select(id, options, value):
        return dbc.Col(dbc.Select(id=id, options=options, value=value, size="sm"))
    return dbc.Row([
        select("filter-district", [{"label": "All districts", "value": ""}] +
               [{"label": n, "value": n} for n in district_names], ""),
        select("filter-type", [{"label": "All types", "value": ""}] +
               [{"label": v, "value": k} for k, v in TYPE_LABEL.items()], ""),
        select("filter-status", [{"label": v, "value": k} for k, v in STATUS_CHOICES], "active"),
    ], className="g-1 mb-1")


def apply_filters(incidents: list[dict], district: str | None, type_: str | None) -> list[dict]:
    return [i for i in incidents if (not district or i["area"] == district) and (not type_ or i["type"] == type_)]
