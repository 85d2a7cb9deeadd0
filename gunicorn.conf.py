"""gunicorn reads this file from the working directory by itself (docs/deployment.md).

The access log leaves out query strings (%(U)s is the path alone) and the
Referer, either of which can carry a wall display's token (issue 13.6).
"""
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"'
