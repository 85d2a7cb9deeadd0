/* Live units layer, fed by the server-sent events at /push/units (a snapshot,
 * then deltas; dashboard/web/push/). Every unit is drawn on one canvas in one
 * pass, batched by style (one fill and one stroke per colour), at most once an
 * animation frame: no DOM element or Leaflet layer per unit. Attached to a map
 * whose districts layer has hideout.liveUnits (see dashboard/ui/map.py).
 * window.jru.live.unit(name) tells tests where a unit is drawn on screen;
 * window.jru.live.picture holds the server's change counters (assets/feed_stamp.js). */
window.jru = window.jru || {};
(function () {
  const LABEL_LIMIT = window.jru.style.UNIT_LABEL_LIMIT;   // more units than this: call signs on hover only
  const GREY = window.jru.style.STALE_COLOUR;
  const FALLBACK_MS = 3000;       // how often a page without its stream asks for the snapshot
  const STREAM_GRACE_MS = 4000;   // a new page waits this long for its stream first
  const STREAM_QUIET_MS = 40000;  // the server sends at least a heartbeat every 15 s
  // Drawn first to last: stale under everything, then available, then busy units on top.
  const ORDER = ['stale', 'off_duty', 'available', 'unavailable', 'on_scene', 'en_route'];
  const LIST_AT_MOST = 12;        // units listed on hover where several are drawn on one spot
  const live = {map: null, units: {}, wire: null, source: null, layer: null,
                messages: 0, bytes: 0, lastMessage: 0, picture: null, draws: 0, polled: 0, asking: false,
                fallback: null};

  function colour(status, stale) {
    const palette = window.jru.style.STATUS_COLOUR;
    return stale ? GREY : (palette[status] || GREY);
  }
  function scale() {   // wall displays draw bigger markers on bigger screens (assets/wall.js)
    const el = live.map && live.map.getContainer();
    return (el && el.closest('.wall') && window.jru.wall) ? window.jru.wall.scale() : 1;
  }
  // A unit: {u: [name, lat, lon, status, stale, kind, index], px: projected point, zoom, label}.
  function point(e) {
    const zoom = live.map.getZoom();
    if (e.zoom !== zoom || !e.px) { e.px = live.map.project([e.u[1], e.u[2]], zoom); e.zoom = zoom; }
    return e.px;
  }

  // One small image per style, drawn once and stamped at each unit's place: copying a bitmap costs
  // far less to raster than filling and stroking 2,000 anti-aliased circles on every frame.
  const sprites = {};
  const DOT_R = 9, DOT_STROKE = 2.5;   // a unit's dot (px at scale 1): what else keeps clear of it uses these
  function sprite(key, s) {
    const id = key + '@' + s;
    if (sprites[id]) return sprites[id];
    const stale = key === 'stale', r = DOT_R * s, w = DOT_STROKE * s, half = Math.ceil(r + w / 2 + 1);
    const c = document.createElement('canvas');
    c.width = c.height = 2 * half;
    const g = c.getContext('2d');
    g.beginPath();
    g.arc(half, half, r, 0, 2 * Math.PI);
    g.globalAlpha = stale ? 0.45 : 0.95;
    g.fillStyle = colour(key, stale);
    g.fill();
    g.globalAlpha = 1;
    g.lineWidth = w;
    g.strokeStyle = stale ? '#555' : '#111';
    if (stale) g.setLineDash([3 * s, 3 * s]);
    g.stroke();
    return (sprites[id] = {canvas: c, half: half});
  }

  // The canvas: Leaflet's Canvas renderer positions, sizes and zoom-animates it; we draw it.
  const UnitCanvas = L.Canvas.extend({
    _updatePaths: function () { this.drawUnits(); },   // after a pan or zoom
    drawUnits: function () {
      const map = this._map, b = this._bounds;
      if (!map || !b) return;
      const ctx = this._ctx, s = live.scale || 1, origin = map.getPixelOrigin();
      ctx.clearRect(b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y);
      const groups = {};
      for (const name in live.units) {
        const e = live.units[name], key = e.u[4] ? 'stale' : e.u[3];
        (groups[key] = groups[key] || []).push(e);
      }
      const keys = ORDER.filter(k => groups[k]).concat(Object.keys(groups).filter(k => ORDER.indexOf(k) < 0));
      keys.forEach(key => {
        const img = sprite(key, s), h = img.half;
        const minX = b.min.x - h, minY = b.min.y - h, maxX = b.max.x + h, maxY = b.max.y + h;
        groups[key].forEach(e => {
          const p = point(e), x = Math.round(p.x - origin.x), y = Math.round(p.y - origin.y);
          if (x < minX || x > maxX || y < minY || y > maxY) return;
          ctx.drawImage(img.canvas, x - h, y - h);
        });
      });
      live.draws += 1;
    }
  });

  // Call signs as permanent tooltips while the fleet is small enough to read them.
  function label(e, show) {
    const u = e.u, text = u[0] + (u[4] ? ' (stale)' : '');
    if (!show) { if (e.label) { e.label.remove(); e.label = null; } return; }
    if (e.label && e.labelText === text) { e.label.setLatLng([u[1], u[2]]); return; }
    if (e.label) e.label.remove();
    e.label = L.tooltip({permanent: true, direction: 'right', offset: [DOT_R * (live.scale || 1), 0],
                         className: 'unit-label' + (u[4] ? ' unit-label-stale' : '')})
      .setLatLng([u[1], u[2]]).setContent(document.createTextNode(text)).addTo(live.map);
    e.labelText = text;
  }

  // Units together (at a station, at a scene) would print their call signs over each other: a call
  // sign that would overlap one above it moves down just clear of it, so each stays readable beside
  // its dot. Incident icons, the ETA labels on the map and other units' dots stay where they are and
  // a call sign moves clear of them too (an incident under a call sign is one the officer does not see;
  // a dot on its first letter reads "IRU-DA-1"). A call sign that would have to go more than MOVE_AT_MOST of its heights
  // down (a crowd of units: it would sit by someone else's dot) is hidden instead and shows on hover.
  // One layout read and one write for all labels, at most every 0.25 s, after a zoom and when a
  // layer (the incidents) is redrawn.
  const GAP = 1, MOVE_AT_MOST = 6;   // 6: a station's seven call signs still stack
  function spreadLabels() {
    spreadTimer = null;
    const items = [];
    for (const name in live.units) {
      const e = live.units[name], el = e.label && e.label.getElement();
      if (el) items.push({el: el, name: name, shift: parseFloat(el.style.marginTop) || 0,
                          crowded: el.classList.contains('crowded')});
    }
    if (!items.length || !live.map) return;
    const icons = Array.prototype.map.call(live.map.getContainer().querySelectorAll('.incident-icon, .eta-label-fixed'),
                                           el => el.getBoundingClientRect());   // (a hidden standby label: 0 wide)
    items.forEach(it => { it.r = it.el.getBoundingClientRect(); });     // read all, then write
    items.forEach(it => { it.top = it.r.top - it.shift; });             // where it sits unshifted
    items.sort((a, b) => a.top - b.top || a.r.left - b.r.left);
    // what a call sign must keep clear of, filed by 64-px cell: 300 call signs look only at their neighbours
    const placed = new Map(), CELL = 64;
    const cellsOf = (l, r, t, b) => {
      const keys = [];
      for (let cx = Math.floor(l / CELL); cx <= Math.floor(r / CELL); cx++) {
        for (let cy = Math.floor(t / CELL); cy <= Math.floor(b / CELL); cy++) keys.push(cx + ',' + cy);
      }
      return keys;
    };
    const file = p => cellsOf(p.left - GAP, p.right + GAP, p.top - GAP, p.bottom + GAP).forEach(k => {
      if (!placed.has(k)) placed.set(k, []);
      placed.get(k).push(p);
    });
    icons.filter(r => r.width > 0).forEach(r => file({left: r.left, right: r.right, top: r.top, bottom: r.bottom}));
    // dots: a unit's own, and those drawn where it is (same station), are beside its call sign by design
    const dots = dotCentres(live.map), radius = (DOT_R + DOT_STROKE / 2) * (live.scale || 1);
    for (const name in dots) {
      const [x, y] = dots[name];
      file({left: x - radius, right: x + radius, top: y - radius, bottom: y + radius, x: x, y: y});
    }
    items.forEach(it => {
      it.was = [it.shift, it.crowded];
      let top = it.top;
      const h = it.r.height, l = it.r.left, r = it.r.right, own = dots[it.name];
      for (let moved = true; moved && top - it.top <= MOVE_AT_MOST * h;) {
        moved = false;
        for (const k of cellsOf(l, r, top, top + h)) {
          for (const p of placed.get(k) || []) {
            if (p.x !== undefined && (!own || Math.abs(p.x - own[0]) < 3 && Math.abs(p.y - own[1]) < 3)) continue;
            if (l < p.right + GAP && r + GAP > p.left && top < p.bottom + GAP && top + h + GAP > p.top) {
              top = p.bottom + GAP; moved = true;
            }
          }
        }
      }
      it.crowded = top - it.top > MOVE_AT_MOST * h;
      it.shift = it.crowded ? 0 : Math.round(top - it.top);   // whole pixels: the next pass finds the same
      if (!it.crowded) file({left: l, right: r, top: it.top + it.shift, bottom: it.top + it.shift + h});
    });
    // a moved call sign keeps a leader line up to its dot (app.css .moved): beside another unit's dot,
    // it would otherwise read as that unit's
    // (written only where it changed: each write makes the next pass's read lay the labels out again)
    const lead = 4 * (live.scale || 1) + 'px';
    // Each call sign is a stacking context of its own (Leaflet places it with a transform), so its leader
    // can only go under the call signs painted after it: the higher on the screen, the later. A leader runs
    // up from its call sign, so it then passes under every call sign it crosses. (Negative: hover tooltips
    // and ETA labels, z-index auto, stay on top.)
    items.sort((a, b) => (a.top + a.shift) - (b.top + b.shift));
    items.forEach((it, i) => { it.z = String(-1 - i); });
    items.forEach(it => {
      if (it.el.style.zIndex !== it.z) it.el.style.zIndex = it.z;
      if (it.shift === it.was[0] && it.crowded === it.was[1] && it.el.style.getPropertyValue('--lead-x') === lead) return;
      it.el.style.marginTop = it.shift ? it.shift + 'px' : '';
      it.el.classList.toggle('moved', it.shift > 0);
      it.el.classList.toggle('crowded', it.crowded);
      it.el.style.setProperty('--lead', it.shift + 'px');
      it.el.style.setProperty('--lead-x', lead);
    });
  }
  let spreadTimer = null;
  function spreadSoon() { if (spreadTimer === null) spreadTimer = window.setTimeout(spreadLabels, 250); }

  // Messages only merge into `pending` (latest state per unit); one animation frame draws them.
  // A screen that falls behind therefore skips intermediate positions instead of queueing them.
  let pending = {}, frame = null, reset = false;
  function flush() {
    frame = null;
    const changed = Object.values(pending);
    pending = {};
    if (!live.map) return;
    const before = Object.keys(live.units).length <= LABEL_LIMIT;
    if (reset) {   // a snapshot: forget units it does not have
      const keep = {};
      changed.forEach(u => { keep[u[0]] = true; });
      Object.keys(live.units).forEach(k => { if (!keep[k]) { label(live.units[k], false); delete live.units[k]; } });
      reset = false;
    }
    changed.forEach(u => {
      const e = live.units[u[0]] || (live.units[u[0]] = {u: u});
      if (e.u[1] !== u[1] || e.u[2] !== u[2]) e.px = null;
      e.u = u;
    });
    const labels = Object.keys(live.units).length <= LABEL_LIMIT;
    if (labels !== before) Object.values(live.units).forEach(e => label(e, labels));
    else if (labels) changed.forEach(u => label(live.units[u[0]], true));
    if (live.layer) live.layer.drawUnits();
    if (labels) spreadSoon();
    live.map.fire('jru:units');   // the base map's names make room for the units (assets/basemap.js)
    if (live.onUpdate) live.onUpdate(changed);
  }
  // The wire format is read by assets/push_wire.js; records are [name, lat, lon, status, stale, kind, index].
  function onMessage(kind, e) {
    live.messages += 1; live.bytes += e.data.length; live.lastMessage = Date.now();
    const body = JSON.parse(e.data);
    applyUnits(kind, body);
    if (body.p) live.picture = body.p;
    if (window.jru.liveIncidents) window.jru.liveIncidents.apply(body, kind === 'snapshot');
  }
  function applyUnits(kind, body) {
    const got = live.wire.read(kind, body);
    if (got.reset) { pending = {}; reset = true; }
    got.changed.forEach(u => { pending[u[0]] = u; });
    if (frame === null) frame = window.requestAnimationFrame(flush);
  }
  function connect() {
    if (live.source) live.source.close();
    live.wire = new window.jru.wire.Reader();   // a new stream starts with a snapshot
    live.source = new EventSource('/push/units');
    live.source.addEventListener('snapshot', e => onMessage('snapshot', e));
    live.source.addEventListener('delta', e => onMessage('delta', e));
    live.source.addEventListener('beat', () => { live.lastMessage = Date.now(); });
    if (!live.fallback) live.fallback = window.setInterval(fallback, FALLBACK_MS);
  }
  // Behind a proxy that blocks event streams the stream never delivers: then ask for the
  // snapshot as plain JSON every few seconds, so the units still show (docs/deployment.md).
  function streaming() {
    return live.source && live.source.readyState === 1 && Date.now() - live.lastMessage < STREAM_QUIET_MS;
  }
  function fallback() {
    if (streaming() || live.asking || performance.now() < STREAM_GRACE_MS) return;
    live.asking = true;
    fetch('/push/units/snapshot', {credentials: 'same-origin', cache: 'no-store'})
      .then(r => r.ok ? r.text() : Promise.reject(r.status))
      .then(text => {
        if (streaming()) return;           // the stream came back meanwhile: it is newer
        live.wire = new window.jru.wire.Reader();
        live.polled += 1;
        // Units only: without the stream the panels and the map's incidents are asked
        // for by Dash every second (assets/feed_stamp.js), and one owner per layer is enough.
        applyUnits('snapshot', JSON.parse(text));
      })
      .catch(() => {})
      .finally(() => { live.asking = false; });
  }
  function nearest(containerPoint, within) {
    let best = null, bestD = within;
    const origin = live.map.getPixelOrigin(), at = live.map.containerPointToLayerPoint(containerPoint);
    Object.values(live.units).forEach(e => {
      const p = point(e), dx = p.x - origin.x - at.x, dy = p.y - origin.y - at.y;
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d < bestD) { best = e; bestD = d; }
    });
    return best;
  }
  function onMapClick(e) {
    const target = e.originalEvent && e.originalEvent.target;
    if (target && target.closest && target.closest('.leaflet-marker-icon')) return;   // an incident icon
    const best = nearest(e.containerPoint, 14 * (live.scale || 1));
    if (best && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props('unit-click', {data: {unit: best.u[0], at: Date.now()}});
    }
  }
  // Units drawn on one spot (a station, a scene) hide each other's dots and so their status:
  // hovering there lists them all. One unit alone says its call sign when that is not on the map
  // (too many units to label, or its call sign crowded out).
  function onMouseMove(e) {
    const best = nearest(e.containerPoint, 10 * (live.scale || 1));
    const group = best ? together(best) : [];
    const many = Object.keys(live.units).length > LABEL_LIMIT;
    const crowded = best && best.label && best.label.getElement() && best.label.getElement().classList.contains('crowded');
    const shown = !!best && (many || crowded || group.length > 1);
    live.map.getContainer().classList.toggle('unit-hover', shown);   // the district's name steps aside (app.css)
    if (!shown) { if (live.hover) { live.hover.remove(); live.hover = null; } return; }
    const list = group.length > 1, s = live.scale || 1;
    // a list opens to the left: the stacked call signs on the right stay readable
    if (live.hover && live.hover.options.direction !== (list ? 'left' : 'right')) { live.hover.remove(); live.hover = null; }
    if (!live.hover) live.hover = L.tooltip({direction: list ? 'left' : 'right', offset: [(list ? -1 : 1) * DOT_R * s, 0],
                                             className: 'unit-label' + (list ? ' unit-list' : '')});
    live.hover.setLatLng([best.u[1], best.u[2]]).setContent(list ? unitList(group) : document.createTextNode(callSign(best)));
    if (!live.map.hasLayer(live.hover)) live.hover.addTo(live.map);
  }
  function callSign(e) { return e.u[0] + (e.u[4] ? ' (stale)' : ''); }
  // The units whose dots are drawn on `best`'s (centres less than a radius apart), by call sign.
  function together(best) {
    const p = point(best), within = DOT_R * (live.scale || 1);
    return Object.values(live.units).filter(e => {
      const q = point(e);
      return Math.abs(q.x - p.x) <= within && Math.abs(q.y - p.y) <= within;
    }).sort((a, b) => (a.u[0] < b.u[0] ? -1 : 1));
  }
  function unitList(group) {   // DOM nodes and text, never HTML: call signs come from the feed
    const box = document.createElement('div'), words = window.jru.style.STATUS_LABEL;
    const line = (cls, text, fill) => {
      const row = box.appendChild(document.createElement('div'));
      row.className = cls;
      if (fill) row.appendChild(document.createElement('span')).style.background = fill;
      row.appendChild(document.createTextNode(text));
    };
    line('unit-list-head', group.length + ' units here');
    group.slice(0, LIST_AT_MOST).forEach(e => line('unit-list-row', callSign(e) + ' \u00b7 ' + (words[e.u[3]] || e.u[3]),
                                                   colour(e.u[3], e.u[4])));
    if (group.length > LIST_AT_MOST) line('unit-list-more', 'and ' + (group.length - LIST_AT_MOST) + ' more');
    return box;
  }
  live.attach = function (map, incidentsLayerId) {
    if (live.map === map) return;
    if (window.jru.liveIncidents) window.jru.liveIncidents.target(incidentsLayerId);   // assets/live_incidents.js
    if (live.map) {
      live.map.off('click', onMapClick).off('mousemove', onMouseMove).off('zoomend layeradd', spreadSoon);
      Object.values(live.units).forEach(e => label(e, false));
      if (live.layer) live.layer.remove();
      live.units = {};
    }
    live.map = map;
    // Own pane above the district polygons (overlayPane, z 400), transparent to the mouse so the
    // districts and overlays below keep their hover and clicks; unit clicks are found by distance.
    if (!map.getPane('jruUnits')) {
      const pane = map.createPane('jruUnits');
      pane.style.zIndex = 450;
      pane.style.pointerEvents = 'none';
    }
    live.scale = scale();
    live.layer = new UnitCanvas({padding: 0.1, pane: 'jruUnits'}).addTo(map);
    map.on('click', onMapClick).on('mousemove', onMouseMove).on('zoomend layeradd', spreadSoon);
    connect();
  };
  live.unit = function (name) {   // for tests and tools: where is this unit drawn?
    const e = live.units[name];
    if (!e || !live.map) return null;
    const p = live.map.latLngToContainerPoint([e.u[1], e.u[2]]);
    const box = live.map.getContainer().getBoundingClientRect();
    const u = e.u;
    return {unit: u[0], lat: u[1], lon: u[2], status: u[3], stale: !!u[4], kind: u[5],
            x: box.left + p.x, y: box.top + p.y, fill: colour(u[3], !!u[4])};
  };
  // Where each unit's dot is drawn on the page (client pixels), for those on screen: what the
  // base map's names must not hide under. No layout read: projected points only.
  live.boxes = function (map) {
    const r = (DOT_R + 2) * (live.scale || 1), dots = dotCentres(map), out = [];   // with a margin
    for (const name in dots) {
      const [x, y] = dots[name];
      out.push({left: x - r, right: x + r, top: y - r, bottom: y + r});
    }
    return out;
  };
  // {call sign: [x, y]} of the dots on screen, in page pixels. No layout read but the map's box.
  function dotCentres(map) {
    if (!map || map !== live.map) return {};
    const box = map.getContainer().getBoundingClientRect(), size = map.getSize(), r = (DOT_R + 2) * (live.scale || 1);
    // projected point (kept per unit and zoom) -> page: one offset for all
    const origin = map.getPixelOrigin(), shift = map.layerPointToContainerPoint([0, 0]);
    const dx = shift.x - origin.x, dy = shift.y - origin.y;
    const out = {};
    for (const name in live.units) {
      const p = point(live.units[name]), x = p.x + dx, y = p.y + dy;
      if (x < -r || y < -r || x > size.x + r || y > size.y + r) continue;
      out[name] = [box.left + x, box.top + y];
    }
    return out;
  }
  live.spreadLabels = spreadLabels;   // for bench/labels.py
  live.count = function () { return Object.keys(live.units).length; };
  window.jru.live = live;
})();
