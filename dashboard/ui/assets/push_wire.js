/* Reading the push wire format (dashboard/web/push/encoding.py writes it): a snapshot,
 * then deltas of full unit records and small moves. Pure: no map, no DOM, so
 * tests/browser/test_push_wire.py runs it on what the Python encoder writes.
 * reader.read(kind, body) -> {reset, changed}: reset when a snapshot starts the picture
 * again; changed is each touched unit's latest record (UNIT_FIELDS order). */
window.jru = window.jru || {};
(function () {
  const UNIT_FIELDS = ['unit', 'lat', 'lon', 'status', 'stale', 'kind', 'index'];
  const SCALE = 1e5;   // moves are whole 1e-5 degrees from `base`
  const LAT = 1, LON = 2, INDEX = 6;

  function Reader() { this.names = []; this.latest = {}; this.base = [0, 0]; }
  Reader.prototype.read = function (kind, body) {
    const changed = {}, self = this;
    const reset = kind === 'snapshot';
    function full(u) { self.names[u[INDEX]] = u[0]; self.latest[u[0]] = u; changed[u[0]] = u; }
    function move(m) {
      const name = self.names[m[0]], prev = self.latest[name];
      if (!prev) return;
      const u = prev.slice();
      u[LAT] = self.base[0] + m[1] / SCALE;
      u[LON] = self.base[1] + m[2] / SCALE;
      self.latest[name] = u;
      changed[name] = u;
    }
    if (reset) {
      this.names = []; this.latest = {}; this.base = body.base;
      body.units.forEach(full);
    } else {
      this.base = body.b;
      body.u.forEach(full);
      body.m.forEach(move);
    }
    return {reset: reset, changed: Object.values(changed)};
  };
  window.jru.wire = {UNIT_FIELDS: UNIT_FIELDS, Reader: Reader};
})();
