"""The service layer: between feed/ and core/ below and the screens and the web server above.

One module per concern, each a small class over the shared Picture (which gives
consistent copies under its own lock); `dashboard/runtime.py` only builds them.
Imports no Dash and no Flask; talks to Redis only through dashboard.feed.

    loading      boundaries, beats, road model, places from the settings
    clock        feed time (wall clock, or the replay clock)
    views        units and incidents as the API and screens show them
    eta          the ETA model behind one lock, and the ranking options set once
    rankings     suggestions per incident and for the queue, cached
    decisions    decision replay: what we would have suggested beside what went
    assignments  a duty officer's Accept: written once, applied here at once
    replay       the replay controls (the replayer may run anywhere)
    coverage     live coverage polygons and the last hour's 7-minute share
    health       /healthz and the screens' feed-health strip
    housekeeping forgetting old incidents, stream retention
"""
