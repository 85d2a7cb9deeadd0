"""The road network: drive times that know where the rivers are crossed. One module per part:

    model.py    RoadModel: the ETA model the ranking asks (loads a network, answers ETAs, notes, lines)
    files.py    reading a line file or an OpenStreetMap extract; graph.py: lines -> routing graph, speeds
    chains.py   shape vertices folded into edges; drawing.py: an edge's bends, for route lines
    snap.py     a point to its nearest road; access.py: the leg from a point to the road (land, water)
    grid.py     the undrawn-road grid beyond the drawn roads; joins.py: ETAs over its joins
    nearest.py  each incident's k fastest units by bounded searches; routes.py: the route's note and line
    cache.py    a built graph kept on disk between starts

Pure numpy / scipy / geopandas: no Dash, no Redis. geodata/ROADS.md says how the shipped network was
made and measured.
"""
from dashboard.core.roads.graph import RoadModelError
from dashboard.core.roads.model import DEFAULT_ROADS, DEFAULT_STREETS, RoadModel

__all__ = ["DEFAULT_ROADS", "DEFAULT_STREETS", "RoadModel", "RoadModelError"]
