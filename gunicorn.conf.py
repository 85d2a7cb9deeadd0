"""gunicorn reads this file from the working directory by itself (docs/deployment.md).

The access log leaves out query strings (%(U)s is the path alone) and the
Referer, either of which can carry a wall display's token (issue 13.6). A road network given
by JRU_ROADS is parsed once, by the master, before the workers start (`on_starting`).
"""
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'


def on_starting(server):
    """A county road file is parsed here, once, in a short-lived child, so that no worker carries the
    parse's memory and every worker starts from the kept graph (dashboard/service/road_warmup.py)."""
    from dashboard.service.road_warmup import keep_road_graph
    from dashboard.settings import from_env
    said = keep_road_graph(from_env())
    if said:
        server.log.info(said)
