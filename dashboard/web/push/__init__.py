"""Units and incidents pushed to screens: encoding (the wire format), broadcaster
(one message per tick for every screen), routes (the event-stream endpoint)."""
