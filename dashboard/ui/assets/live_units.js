/* Live units layer: drawn on a canvas (no DOM element per unit), fed by the
 * server-sent events at /push/units (snapshot, then deltas). Markers are kept
 * and moved (setLatLng/setStyle), never rebuilt. Attached to a map whose
 * districts layer has hideout.liveUnits (see dashboard/ui/map.py).
 * window.jru.live.unit(name) tells tests where a unit is drawn on screen. */
window.jru = window.jru || {};
(function () {
  const LABEL_LIMIT = 300;          // above this many units, call signs show on hover only
  const GREY = '#a0a0a0';
  const live = {map: null, markers: {}, source: null, messages: 0, bytes: 0, lastMessage: 0, renderer: null};

  function colour(status, stale) {
    const palette = (window.jru.map && window.jru.map.STATUS_COLOUR) || {};
    return stale ? GREY : (palette[status] || GREY);
  }
  function scale() {   // wall displays draw bigger markers on bigger screens (assets/wall.js)
    const el = live.map && live.map.getContainer();
    return (el && el.closest('.wall') && window.jru.wall) ? window.jru.wall.scale() : 1;
  }
  function styleFor(u) {
    const stale = !!u[4], s = live.scale || 1;
    return {radius: 9 * s, weight: 2.5 * s, color: stale ? '#555' : '#111', fillColor: colour(u[3], stale),
            fillOpacity: stale ? 0.45 : 0.95, dashArray: stale ? '3 3' : null};
  }
  function label(marker, u) {
    const text = u[0] + (u[4] ? ' (stale)' : '');
    const permanent = Object.keys(live.markers).length <= LABEL_LIMIT;
    if (marker._jruLabel === text + permanent) return;
    marker.unbindTooltip();
    marker.bindTooltip(document.createTextNode(text), {permanent: permanent, direction: 'right', offset: [9, 0],
      className: 'unit-label' + (u[4] ? ' unit-label-stale' : '')});
    marker._jruLabel = text + permanent;
  }
  function upsert(u) {
    if (u[1] === null) return;
    let m = live.markers[u[0]];
    if (!m) {
      m = L.circleMarker([u[1], u[2]], Object.assign({renderer: live.renderer, pane: 'jruUnits',
                                                       interactive: false}, styleFor(u)));
      m.addTo(live.map);
      live.markers[u[0]] = m;
    } else {
      m.setLatLng([u[1], u[2]]);
      if (m._jru[3] !== u[3] || m._jru[4] !== u[4]) m.setStyle(styleFor(u));   // restyle on change only
    }
    m._jru = u;
    label(m, u);
  }
  // Messages only merge into `pending` (latest state per unit); one animation frame draws them.
  // A screen that falls behind therefore skips intermediate positions instead of queueing them.
  let pending = {}, frame = null;
  function flush() {
    frame = null;
    const units = Object.values(pending);
    pending = {};
    units.forEach(upsert);
    if (live.onUpdate) live.onUpdate(units);
  }
  // The server's encoding (dashboard/push.py UnitEncoder): full records [name, lat, lon, status,
  // stale, kind] for new or changed units; moves as [index, dlat, dlon] in 1e-5 degrees from `base`.
  let names = [], known = {}, base = [0, 0];
  function full(u) {
    if (!(u[0] in known)) { known[u[0]] = names.length; names.push(u[0]); }
    pending[u[0]] = u;
  }
  function move(m) {
    const name = names[m[0]];
    const prev = pending[name] || (live.markers[name] && live.markers[name]._jru);
    if (!prev) return;
    pending[name] = [name, base[0] + m[1] / 1e5, base[1] + m[2] / 1e5, prev[3], prev[4], prev[5]];
  }
  function onMessage(kind, e) {
    live.messages += 1; live.bytes += e.data.length; live.lastMessage = Date.now();
    const body = JSON.parse(e.data);
    if (kind === 'snapshot') {
      const keep = {};
      body.units.forEach(u => { keep[u[0]] = true; });
      Object.keys(live.markers).forEach(k => { if (!keep[k]) { live.markers[k].remove(); delete live.markers[k]; } });
      pending = {}; names = []; known = {}; base = body.base;
      body.units.forEach(full);
    } else {
      body.u.forEach(full);
      body.m.forEach(move);
    }
    if (frame === null) frame = window.requestAnimationFrame(flush);
  }
  function connect() {
    if (live.source) live.source.close();
    live.source = new EventSource('/push/units');
    live.source.addEventListener('snapshot', e => onMessage('snapshot', e));
    live.source.addEventListener('delta', e => onMessage('delta', e));
  }
  function onMapClick(e) {
    const target = e.originalEvent && e.originalEvent.target;
    if (target && target.closest && target.closest('.leaflet-marker-icon')) return;   // an incident icon
    let best = null, bestD = 14;   // pixels
    Object.values(live.markers).forEach(m => {
      const d = live.map.latLngToContainerPoint(m.getLatLng()).distanceTo(e.containerPoint);
      if (d < bestD) { best = m; bestD = d; }
    });
    if (best && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props('unit-click', {data: {unit: best._jru[0], at: Date.now()}});
    }
  }
  live.attach = function (map) {
    if (live.map === map) return;
    if (live.map) {
      live.map.off('click', onMapClick);
      Object.values(live.markers).forEach(m => m.remove());
      live.markers = {};
    }
    live.map = map;
    // Own pane above the district polygons (overlayPane, z 400), transparent to the mouse so the
    // districts and overlays below keep their hover and clicks; unit clicks are found by distance.
    if (!map.getPane('jruUnits')) {
      const pane = map.createPane('jruUnits');
      pane.style.zIndex = 450;
      pane.style.pointerEvents = 'none';
    }
    live.renderer = L.canvas({padding: 0.5, pane: 'jruUnits'});
    live.scale = scale();
    map.on('click', onMapClick);
    connect();
  };
  live.unit = function (name) {   // for tests and tools: where is this unit drawn?
    const m = live.markers[name];
    if (!m || !live.map) return null;
    const p = live.map.latLngToContainerPoint(m.getLatLng());
    const box = live.map.getContainer().getBoundingClientRect();
    const u = m._jru;
    return {unit: u[0], lat: u[1], lon: u[2], status: u[3], stale: !!u[4], kind: u[5],
            x: box.left + p.x, y: box.top + p.y, fill: m.options.fillColor};
  };
  live.count = function () { return Object.keys(live.markers).length; };
  window.jru.live = live;
})();
