/* Map drawing, done in the browser: dash-leaflet calls these for each feature.
 * Feed text (call signs, summaries) is only ever inserted as text nodes, never as HTML. */
window.jru = window.jru || {};
(function () {
  // Colours and icons: dashboard/ui/style.py, handed over as window.jru.style (assets/00_style.js).
  const STYLE = window.jru.style;
  const STATUS_COLOUR = STYLE.STATUS_COLOUR, TYPE_ICON = STYLE.TYPE_ICON, DISTRICT_COLOUR = STYLE.DISTRICT_COLOUR;

  function textNode(text) { return document.createTextNode(text == null ? '' : String(text)); }
  function safeClass(text) { return String(text || '').replace(/[^A-Za-z0-9_-]/g, '_'); }

  const URGENCY_FILL = STYLE.URGENCY_FILL;

  // An incident is a pin: its square stands on a short stem whose tip is the incident's point, so a
  // unit at the scene (or parked beside it at a station) keeps its dot in sight below the square.
  const ICON = 30, STEM = 8;   // px; the stem is app.css .incident-icon::after

  function incidentToLayer(feature, latlng, context) {
    const p = feature.properties;
    if (p.dense && context && context.map) {
      // Thousands of incidents: squares on a shared canvas instead of one DOM icon each.
      const map = context.map;
      map._jruIncidentCanvas = map._jruIncidentCanvas || L.canvas({padding: 0.5});
      const selected = context.hideout && context.hideout.selected === p.incident;
      window.jru.denseDrawn = (window.jru.denseDrawn || 0) + 1;   // for benchmarks: how many have been drawn
      return L.circleMarker(latlng, {renderer: map._jruIncidentCanvas, radius: selected ? 9 : 6, weight: selected ? 3 : 1.5,
        color: selected ? STYLE.SELECTED_COLOUR : '#111', fillColor: URGENCY_FILL[p.urgency_class] || '#fff', fillOpacity: 0.95});
    }
    const icon = TYPE_ICON[p.type] || TYPE_ICON.other;
    const selected = context && context.hideout && context.hideout.selected === p.incident;
    const div = L.divIcon({
      className: 'incident-icon urgency-' + safeClass(p.urgency_class) + ' type-' + safeClass(p.type || 'other') +
        (selected ? ' incident-selected' : '') + ' incident-id-' + safeClass(p.incident),
      html: '<i class="bi ' + icon + '"></i>', iconSize: [ICON, ICON], iconAnchor: [ICON / 2, ICON + STEM]
    });
    const marker = L.marker(latlng, {icon: div, keyboard: false, riseOnHover: true});
    marker.bindTooltip(textNode(p.incident + ' · ' + (p.type_label || '') + (p.urgency_label ? ' · ' + p.urgency_label : '')),
      {direction: 'top', offset: [0, -ICON - STEM + 1]});
    if (context && window.jru.pins) window.jru.pins.track(context.map, marker);   // side by side where they meet
    return marker;
  }

  function districtStyle(feature, context) {
    // The districts layer is drawn once per map: a good moment to hand the Leaflet map to the live units layer.
    if (context && context.hideout && context.hideout.liveUnits && context.map && window.jru.live) {
      window.jru.live.attach(context.map, context.hideout.liveIncidents);
    }
    const names = (context && context.hideout && context.hideout.names) || [];
    const i = Math.max(0, names.indexOf(feature.properties.name));
    return {color: '#2b3a4a', weight: 2, fillColor: DISTRICT_COLOUR[i % DISTRICT_COLOUR.length], fillOpacity: 0.12,
            className: 'district district-' + safeClass(feature.properties.name)};
  }

  function districtEach(feature, layer) {
    layer.bindTooltip(textNode(feature.properties.name), {sticky: true, className: 'district-label'});
  }

  // The unit already sent (en route) is drawn in its status colour; suggestions for sending another
  // are 'standby', shown only while the panel's "Send another unit" is open (app.css).
  function suggestionStyle(feature) {
    const p = feature.properties, rank = p.rank || 9;
    if (p.attending) {
      return {color: STATUS_COLOUR.en_route, weight: 5, opacity: 0.75, className: 'attending-line'};
    }
    return {color: rank === 1 ? STYLE.SELECTED_COLOUR : STYLE.OTHER_SUGGESTION_COLOUR, weight: rank === 1 ? 4 : 2.5,
            dashArray: rank === 1 ? null : '6 6', opacity: 0.9,
            className: 'suggestion-line rank-' + rank + (p.standby ? ' standby' : '')};
  }

  // Opening or closing "Send another unit" shows or hides the standby lines' labels: names make room anew,
  // and the labels are placed again (a hidden one measures 0 x 0).
  document.addEventListener('toggle', function (e) {
    if (e.target.id !== 'send-another') return;
    Object.values(window.jru.maps || {}).forEach(function (m) {
      m.eachLayer(function (l) { if (l._jruPlace) l._jruPlace(); });
      if (window.jru.basemap) window.jru.basemap.refresh(m);
    });
  }, true);

  function suggestionEach(feature, layer) {
    const p = feature.properties;
    const permanent = p.rank === 1 || !!p.attending;   // 'eta-label-fixed': call signs move clear of it (live_units.js)
    layer.bindTooltip(textNode(p.label), {permanent: permanent, direction: 'center',
                                          className: (p.attending ? 'eta-label attending-label'
                                                                  : 'eta-label' + (p.standby ? ' standby' : '')) +
                                                     (permanent ? ' eta-label-fixed' : '')});
    if (!layer.getTooltip().options.permanent) return;
    let on = null;
    const place = layer._jruPlace = function () { placeEtaLabel(layer); };
    // again after every zoom or pan ('moveend' follows both): the lengths and the map's edges change
    layer.on('add', function () { place(); on = layer._map; on.on('moveend', place); });
    layer.on('remove', function () {
      if (on) { on.off('moveend', place); on = null; }
      leader(layer, null);
    });
  }

  // A label moved off its line to keep the pin in sight can sit a little way from the unit it names:
  // a thin leader ties it back to the line's nearest point (its unit end, mostly). None when they touch.
  const LEADER_MIN = 8;   // px: a shorter gap needs no line
  function leader(layer, at) {
    const map = layer._map, el = layer.getTooltip() && layer.getTooltip().getElement();
    if (layer._jruLeader) { layer._jruLeader.remove(); layer._jruLeader = null; }
    if (!at || !map || !el || !el.offsetWidth) return;   // a label hidden with its standby line: none
    const pts = layer.getLatLngs().map(function (ll) { return map.latLngToContainerPoint(ll); });
    const near = pts.reduce(function (a, b) { return b.distanceTo(at) < a.distanceTo(at) ? b : a; });
    const d = near.subtract(at), hw = el.offsetWidth / 2, hh = el.offsetHeight / 2;
    const k = Math.min(hw / Math.abs(d.x || 1e-9), hh / Math.abs(d.y || 1e-9));   // where it leaves the label's box
    const edge = at.add(d.multiplyBy(Math.min(k, 1)));
    if (k >= 1 || edge.distanceTo(near) < LEADER_MIN) return;
    const ends = [edge, near].map(function (p) { return map.containerPointToLatLng(p); });
    const standby = el.classList.contains('standby') ? ' standby' : '';   // hidden with the fold, as its line
    layer._jruLeader = L.polyline(ends, {color: layer.options.color, weight: 2, opacity: 0.9, interactive: false,
                                         className: 'eta-leader' + standby}).addTo(map);
  }

  // Two routes' labels half over each other (the unit sent and the backup suggested, come the same way) read
  // as neither: a label covering one it gives way to is placed where it covers none, if it can
  // (`freeOfLabels`); mid-way, that is along its own line, a third or a quarter of the way from either end.
  const ALONG = [0.35, 0.65, 0.25, 0.75];
  // Which gives way: a backup suggested to the unit sent, the unit sent to none; of two alike, the later
  // drawn. So a label's place never depends on which was placed first (opening "Send another unit"
  // places them all again).
  const labelRank = function (e) {
    return e.classList.contains('attending-label') ? 0 : e.classList.contains('standby') ? 2 : 1;
  };
  function freeOfLabels(map, el) {
    const box = map.getContainer().getBoundingClientRect(), hw = el.offsetWidth / 2 + 2, hh = el.offsetHeight / 2 + 2;
    const before = function (o) {
      return labelRank(o) < labelRank(el) || (labelRank(o) === labelRank(el)
        && (el.compareDocumentPosition(o) & Node.DOCUMENT_POSITION_PRECEDING));
    };
    const others = Array.prototype.filter.call(map.getContainer().querySelectorAll('.eta-label-fixed'),
      function (o) { return o !== el && o.offsetWidth > 0 && before(o); })
      .map(function (o) { return o.getBoundingClientRect(); });
    return function (p) {
      const x = p.x + box.left, y = p.y + box.top;
      return !others.some(function (r) {
        return x - hw < r.right && r.left < x + hw && y - hh < r.bottom && r.top < y + hh;
      });
    };
  }
  function alongLine(map, layer) {
    const pts = layer.getLatLngs().map(function (ll) { return map.latLngToContainerPoint(ll); });
    const cum = [0];
    for (let i = 1; i < pts.length; i++) cum.push(cum[i - 1] + pts[i].distanceTo(pts[i - 1]));
    return ALONG.map(function (f) {
      const d = f * cum[cum.length - 1];
      let i = 1;
      while (i < cum.length - 1 && cum[i] < d) i++;
      const seg = cum[i] - cum[i - 1], g = seg > 0 ? (d - cum[i - 1]) / seg : 0;
      return pts[i - 1].add(pts[i].subtract(pts[i - 1]).multiplyBy(g));
    });
  }

  // A permanent ETA label sits mid-way along its line. A unit close to the incident makes the line
  // shorter than the label, which then covers the incident's icon: it goes beyond the unit's end
  // instead, on the side away from the incident.
  const LABEL_GAP = 6;
  function placeEtaLabel(layer) {
    const map = layer._map, tip = layer.getTooltip(), el = tip && tip.getElement();
    const line = layer.getLatLngs();
    if (!map || !el || line.length < 2) return;
    const pinH = ICON + STEM;   // the whole pin, square and stem down to its point, is kept clear
    const w = el.offsetWidth / 2 + ICON / 2 + LABEL_GAP, h = el.offsetHeight / 2 + pinH / 2 + LABEL_GAP;
    const unit = map.latLngToContainerPoint(line[0]), incident = map.latLngToContainerPoint(line[line.length - 1]);
    const pin = incident.subtract(L.point(0, pinH / 2));   // its middle
    const centre = layer.getCenter(), mid = map.latLngToContainerPoint(centre);
    if (Math.abs(mid.x - pin.x) >= w || Math.abs(mid.y - pin.y) >= h) {
      const free = freeOfLabels(map, el);
      const along = free(mid) ? null : alongLine(map, layer).find(function (p) {
        return (Math.abs(p.x - pin.x) >= w || Math.abs(p.y - pin.y) >= h) && free(p);
      });
      tip.setLatLng(along ? map.containerPointToLatLng(along) : centre);
      leader(layer, null);
      return;
    }
    const away = unit.subtract(incident), length = away.distanceTo(L.point(0, 0));
    const dir = length >= 1 ? away.divideBy(length) : L.point(0, 1);   // a unit on the spot: below it
    // far enough along `dir` from the pin for the label's box to clear it and to start past the unit
    const clear = function (d) { return Math.min(w / Math.abs(d.x || 1e-9), h / Math.abs(d.y || 1e-9)); };
    const past = unit.subtract(pin), along = past.x * dir.x + past.y * dir.y;
    const reach = Math.max(clear(dir),
                           along + Math.abs(dir.x) * el.offsetWidth / 2 + Math.abs(dir.y) * el.offsetHeight / 2 + LABEL_GAP);
    // beyond a unit at the map's edge the label would be cut ("n route 42 s"): each place is pulled
    // inside the edges, and the first that still clears the pin wins: beyond the unit, else beside
    // the pin, square to the line, on either side
    const size = map.getSize(), hw = el.offsetWidth / 2 + 2, hh = el.offsetHeight / 2 + 2;
    const inside = function (p) { return L.point(Math.min(Math.max(p.x, hw), size.x - hw), Math.min(Math.max(p.y, hh), size.y - hh)); };
    const clearsPin = function (p) { return Math.abs(p.x - pin.x) >= w - 0.5 || Math.abs(p.y - pin.y) >= h - 0.5; };
    const tries = [pin.add(dir.multiplyBy(reach))].concat([L.point(-dir.y, dir.x), L.point(dir.y, -dir.x)]
      .map(function (d) { return pin.add(d.multiplyBy(clear(d))); })).map(inside);
    const free = freeOfLabels(map, el);
    const at = tries.find(function (p) { return clearsPin(p) && free(p); }) || tries.find(clearsPin) || tries[0];
    tip.setLatLng(map.containerPointToLatLng(at));
    leader(layer, at);
  }

  // -- overlays (layers control): fixed places, beats, live coverage bands ------------------------------
  const PLACE_ICON = {police_station: 'bi-shield-fill', ambulance_station: 'bi-truck-front-fill', fire_station: 'bi-fire'};
  function placeToLayer(feature, latlng, context) {
    const p = feature.properties;
    // Own pane above the units' canvas (pane jruUnits, z 450, which would swallow the hover) and below
    // incidents; the icon is a small pin standing just above its point, so a unit parked there stays visible.
    const map = context && context.map;
    if (map && !map.getPane('jruPlaces')) { map.createPane('jruPlaces').style.zIndex = 460; }
    const div = L.divIcon({
      className: 'place-icon place-' + safeClass(p.kind),
      html: p.kind === 'hospital_ed' ? '<b>H</b>' : '<i class="bi ' + (PLACE_ICON[p.kind] || 'bi-geo-alt-fill') + '"></i>',
      iconSize: [18, 18], iconAnchor: [9, 26]
    });
    const marker = L.marker(latlng, {icon: div, keyboard: false, pane: map ? 'jruPlaces' : 'markerPane'});
    marker.bindTooltip(textNode(p.label || p.name), {direction: 'top', offset: [0, -24], className: 'place-label'});
    return marker;
  }

  function beatStyle(feature) {
    return {color: '#2b3a4a', weight: 1, opacity: 0.7, dashArray: '4 4', fill: true, fillOpacity: 0,
            className: 'beat beat-' + safeClass(feature.properties.name)};
  }

  function beatEach(feature, layer) {
    const p = feature.properties;
    layer.bindTooltip(textNode(p.name + (p.district ? ' (' + p.district + ')' : '')), {sticky: true, className: 'beat-label'});
  }

  const COVERAGE_COLOUR = STYLE.COVERAGE_COLOUR;
  function coverageStyle(feature) {
    // the server sends each band's fill opacity (ui/layers/coverage.py): no band is named here
    const p = feature.properties, m = p.minutes;
    return {color: COVERAGE_COLOUR[m] || '#9ecae1', weight: 1, opacity: 0.6, fillColor: COVERAGE_COLOUR[m] || '#9ecae1',
            fillOpacity: typeof p.opacity === 'number' ? p.opacity : 0.25,
            className: 'coverage-band coverage-band-' + safeClass(m)};
  }

  window.jru.map = {INCIDENT_ICON: ICON, INCIDENT_STEM: STEM, incidentToLayer, districtStyle, districtEach, suggestionStyle, suggestionEach,
                    placeToLayer, beatStyle, beatEach, coverageStyle, STATUS_COLOUR};
})();
