/* Incident pins that would overlap stand side by side. Two calls to one address, or a collision and the
 * assault beside it, drew one pin over the other: the room saw one incident, the less urgent on top
 * half the time. Pins whose points are within a pin's width of each other at the current zoom form a
 * group: their squares stand in a row (four to a row, more rows above), most urgent first, over the
 * group's first point, and one stem points there (app.css .pin-grouped, .pin-stem). Groups whose rows
 * overlap join up to twelve pins: zoomed out over a busy town, the rest overlap as before (pins at one
 * spot always form one group). Zoomed in, they stand apart.
 * Cost: one pass over the pins (a grid of pin-sized cells), then the rows that still overlap are joined
 * (pairs of groups: a few hundred pins at most, above that they are canvas dots, map.js), on each zoom and
 * each redraw of the incidents, at most once an animation frame; a pan moves nothing. */
window.jru = window.jru || {};
(function () {
  const GAP = 3;        // px between squares
  const ROW = 4;        // squares in a row; more stand in rows above it
  const MOST = 12;      // a group is not joined past this: a row of a whole town's pins spread over the map

  function iconOf(marker) {
    const o = marker.options.icon && marker.options.icon.options;
    return o && o.iconSize && o.iconAnchor ? o : null;
  }

  function groups(pins, map) {
    // greedy, most urgent first: a pin joins the first group whose point is within a square of its own
    const cells = new Map(), out = [];
    pins.forEach(function (m) {
      const o = iconOf(m), at = map.latLngToLayerPoint(m.getLatLng()), w = o.iconSize[0];
      const cx = Math.floor(at.x / w), cy = Math.floor(at.y / w);
      let home = null;
      for (let dx = -1; dx <= 1 && !home; dx++) {
        for (let dy = -1; dy <= 1 && !home; dy++) {
          (cells.get((cx + dx) + ',' + (cy + dy)) || []).forEach(function (g) {
            if (!home && Math.abs(g.at.x - at.x) < w && Math.abs(g.at.y - at.y) < w) home = g;
          });
        }
      }
      if (home) { home.pins.push({m: m, at: at}); return; }
      const g = {at: at, pins: [{m: m, at: at}]};
      out.push(g);
      const key = cx + ',' + cy;
      cells.set(key, (cells.get(key) || []).concat([g]));
    });
    return out;
  }

  // A group's squares: ROW to a row, rows stacked upwards, the first row centred over the group's point.
  function layout(g) {
    const o = iconOf(g.pins[0].m), w = o.iconSize[0], h = o.iconSize[1], n = g.pins.length;
    const cols = Math.min(n, ROW), rows = Math.ceil(n / ROW), width = cols * w + (cols - 1) * GAP;
    const top = g.at.y - o.iconAnchor[1] - (rows - 1) * (h + GAP);
    return {w: w, h: h, cols: cols, box: [g.at.x - width / 2, top, g.at.x + width / 2, g.at.y - o.iconAnchor[1] + h]};
  }
  // A row is wider than a pin: it can cover a pin (or row) beside it, which then joins it.
  function merged(gs) {
    for (let again = true; again;) {   // another pass only if a group grew over one already passed
      again = false;
      for (let i = 0; i < gs.length; i++) {
        let a = layout(gs[i]).box;
        for (let j = i + 1; j < gs.length; j++) {
          const b = layout(gs[j]).box;
          const fits = gs[i].pins.length + gs[j].pins.length <= MOST;
          if (fits && a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) {
            gs[i].pins = gs[i].pins.concat(gs[j].pins);
            gs.splice(j, 1);
            a = layout(gs[i]).box;
            j = i;   // the bigger group: look at every later one again
            again = again || i > 0;
          }
        }
      }
    }
    return gs;
  }

  function place(g) {
    const n = g.pins.length, L = layout(g);
    g.pins.forEach(function (p, k) {
      const el = p.m.getElement(), o = iconOf(p.m);
      if (!el) return;
      const col = k % ROW, row = Math.floor(k / ROW);
      const x = L.box[0] + col * (L.w + GAP) + L.w / 2 - g.at.x;   // this square's centre from the group's point
      const y = -row * (L.h + GAP);
      el.style.marginLeft = (g.at.x - p.at.x + x - o.iconAnchor[0]) + 'px';
      el.style.marginTop = (g.at.y - p.at.y + y - o.iconAnchor[1]) + 'px';
      el.classList.toggle('pin-grouped', n > 1);
      const stem = n > 1 && k === Math.floor((L.cols - 1) / 2);   // the first row's middle square keeps the stem
      el.classList.toggle('pin-stem', stem);
      el.style.setProperty('--stem-dx', stem ? (-x) + 'px' : '0px');
    });
  }

  function pinsOf(map) {   // the pins drawn, most urgent first
    const pins = Array.from(map._jruPins || []).filter(function (m) { return iconOf(m) && m.getElement(); });
    const rank = function (m) { return m.feature ? m.feature.properties.rank : 0; };
    return pins.sort(function (a, b) { return rank(a) - rank(b); });
  }

  function spread(map) {
    map._jruPinFrame = null;
    merged(groups(pinsOf(map), map)).forEach(place);
  }

  function soon(map) {
    if (!map._jruPinFrame) map._jruPinFrame = window.requestAnimationFrame(function () { spread(map); });
  }

  window.jru.pins = {
    // map.js incidentToLayer: every incident pin drawn on `map` joins the groups while it is on it
    track: function (map, marker) {
      if (!map) return;
      if (!map._jruPins) {
        map._jruPins = new Set();
        map.on('zoomend viewreset', function () { soon(map); });
      }
      marker.on('add', function () { map._jruPins.add(marker); soon(map); });
      marker.on('remove', function () { map._jruPins.delete(marker); soon(map); });
    },
    spread: spread,
    parts: {pinsOf: pinsOf, iconOf: iconOf, merged: merged, place: place}   // bench/labels.py's baseline
  };
})();
