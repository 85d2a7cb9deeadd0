/* Map drawing, done in the browser: dash-leaflet calls these for each feature.
 * Feed text (call signs, summaries) is only ever inserted as text nodes, never as HTML. */
window.jru = window.jru || {};
(function () {
  // Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
  const STATUS_COLOUR = {
    available: '#009E73', en_route: '#0072B2', on_scene: '#E69F00',
    unavailable: '#CC79A7', off_duty: '#6b6b6b'
  };
  const TYPE_ICON = {
    rtc: 'bi-car-front-fill', medical: 'bi-heart-pulse-fill', assault: 'bi-person-exclamation',
    mental_health: 'bi-chat-heart-fill', disorder: 'bi-megaphone-fill', other: 'bi-exclamation-lg'
  };
  const DISTRICT_COLOUR = ['#56B4E9', '#009E73', '#E69F00', '#CC79A7', '#0072B2', '#D55E00', '#F0E442'];

  function textNode(text) { return document.createTextNode(text == null ? '' : String(text)); }
  function safeClass(text) { return String(text || '').replace(/[^A-Za-z0-9_-]/g, '_'); }

  function unitToLayer(feature, latlng, context) {
    const p = feature.properties;
    const colour = p.stale ? '#a0a0a0' : (STATUS_COLOUR[p.status] || '#a0a0a0');
    const marker = L.circleMarker(latlng, {
      radius: 9, weight: 2.5, color: p.stale ? '#555' : '#111', fillColor: colour,
      fillOpacity: p.stale ? 0.45 : 0.95, dashArray: p.stale ? '3 3' : null,
      className: 'unit-marker unit-' + safeClass(p.status) + (p.stale ? ' unit-stale' : '') +
        ' unit-id-' + safeClass(p.unit)
    });
    const hide = context && context.hideout && context.hideout.hideLabels;
    if (!hide) {
      marker.bindTooltip(textNode(p.unit + (p.stale ? ' (stale)' : '')), {
        permanent: true, direction: 'right', offset: [9, 0],
        className: 'unit-label' + (p.stale ? ' unit-label-stale' : '')
      });
    }
    return marker;
  }

  const URGENCY_FILL = {1: '#D55E00', 2: '#E69F00', 3: '#F0E442', 4: '#ffffff'};

  function incidentToLayer(feature, latlng, context) {
    const p = feature.properties;
    if (p.dense && context && context.map) {
      // Thousands of incidents: squares on a shared canvas instead of one DOM icon each.
      const map = context.map;
      map._jruIncidentCanvas = map._jruIncidentCanvas || L.canvas({padding: 0.5});
      const selected = context.hideout && context.hideout.selected === p.incident;
      window.jru.denseDrawn = (window.jru.denseDrawn || 0) + 1;   // for benchmarks: how many have been drawn
      return L.circleMarker(latlng, {renderer: map._jruIncidentCanvas, radius: selected ? 9 : 6, weight: selected ? 3 : 1.5,
        color: selected ? '#0072B2' : '#111', fillColor: URGENCY_FILL[p.urgency_class] || '#fff', fillOpacity: 0.95});
    }
    const icon = TYPE_ICON[p.type] || TYPE_ICON.other;
    const selected = context && context.hideout && context.hideout.selected === p.incident;
    const div = L.divIcon({
      className: 'incident-icon urgency-' + safeClass(p.urgency_class) + ' type-' + safeClass(p.type || 'other') +
        (selected ? ' incident-selected' : '') + ' incident-id-' + safeClass(p.incident),
      html: '<i class="bi ' + icon + '"></i>', iconSize: [30, 30], iconAnchor: [15, 15]
    });
    const marker = L.marker(latlng, {icon: div, keyboard: false, riseOnHover: true});
    marker.bindTooltip(textNode(p.incident + ' · ' + (p.type_label || '') + (p.urgency_label ? ' · ' + p.urgency_label : '')),
      {direction: 'top', offset: [0, -14]});
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

  function suggestionStyle(feature) {
    const rank = feature.properties.rank || 9;
    return {color: rank === 1 ? '#0072B2' : '#56B4E9', weight: rank === 1 ? 4 : 2.5,
            dashArray: rank === 1 ? null : '6 6', opacity: 0.9, className: 'suggestion-line rank-' + rank};
  }

  function suggestionEach(feature, layer) {
    const p = feature.properties;
    layer.bindTooltip(textNode(p.label), {permanent: p.rank === 1, direction: 'center', className: 'eta-label'});
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

  // ColorBrewer "Blues": one hue, light to dark, safe for colour-vision deficiencies; 30 min lightest.
  const COVERAGE_COLOUR = {7: '#08519c', 15: '#4292c6', 30: '#9ecae1'};
  function coverageStyle(feature) {
    const m = feature.properties.minutes;
    return {color: COVERAGE_COLOUR[m] || '#9ecae1', weight: 1, opacity: 0.6, fillColor: COVERAGE_COLOUR[m] || '#9ecae1',
            fillOpacity: m === 7 ? 0.35 : m === 15 ? 0.3 : 0.25, className: 'coverage-band coverage-band-' + safeClass(m)};
  }

  window.jru.map = {unitToLayer, incidentToLayer, districtStyle, districtEach, suggestionStyle, suggestionEach,
                    placeToLayer, beatStyle, beatEach, coverageStyle, STATUS_COLOUR};
})();
