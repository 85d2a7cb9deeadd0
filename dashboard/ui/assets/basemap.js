/* Base map drawn from shipped data (dashboard/ui/layers/basemap.py): land, roads, names by zoom.
 * Colours here are the light officer map's; the dark wall overrides them in wall.css. */
window.jru = window.jru || {};
(function () {
  const ROAD = {   // [fill, casing, width]: UK-map-like colours, motorways widest
    motorway: ['#e3849a', '#a24e62', 4], trunk: ['#f3a46b', '#b0703a', 3.5], a_road: ['#fbd08f', '#b8935a', 3],
    b_road: ['#fdf7b0', '#a8a27a', 2.2], local: ['#ffffff', '#b8b8b8', 1.4]
  };
  function road(cls) { return ROAD[cls] || ROAD.local; }

  function landStyle(feature, context) {
    const tiles = context && context.hideout && context.hideout.tiles;
    const map = context && context.map;
    if (map) {   // by id, for the search box (assets/place_search.js)
      window.jru.maps = window.jru.maps || {};
      window.jru.maps[map.getContainer().id || 'map'] = map;
    }
    if (map && map.attributionControl && !map._jruAttribution) {   // the licences' attribution, once per map
      map._jruAttribution = true;
      const span = document.createElement('span');
      span.appendChild(document.createTextNode(context.hideout.attribution || ''));
      map.attributionControl.addAttribution(span.innerHTML);
    }
    return {stroke: true, color: '#8fb5c9', weight: 1, fill: true, fillColor: '#f2efe9',
            fillOpacity: tiles ? 0 : 1, className: 'basemap-land'};
  }
  function builtUpStyle(feature, context) {
    const tiles = context && context.hideout && context.hideout.tiles;   // tiles draw their own towns
    return {stroke: false, fill: true, fillColor: '#d3c6b8', fillOpacity: tiles ? 0 : 1, className: 'basemap-built'};
  }
  function contextStyle() {
    return {color: '#a992bf', weight: 1, dashArray: '5 4', fill: false, className: 'basemap-context'};
  }
  function roadCasing(feature) {
    const r = road(feature.properties.road_class);
    return {color: r[1], weight: r[2] + 2, lineCap: 'round', lineJoin: 'round',
            className: 'basemap-casing road-' + feature.properties.road_class};
  }
  function roadStyle(feature) {
    const r = road(feature.properties.road_class);
    return {color: r[0], weight: r[2], lineCap: 'round', lineJoin: 'round',
            className: 'basemap-road road-' + feature.properties.road_class};
  }

  // Labels that would print over each other: the more important stays (its `priority`, set by
  // dashboard/ui/layers/basemap.py), the other waits for a zoom that gives it room. Overlaps on
  // screen change only with the zoom or what is drawn over the map, so this runs after each zoom and
  // each change of units or incidents, not on every pan.
  const GAP = 2;   // px kept clear between two labels
  function onMap(map) {   // forgets labels whose layer was removed (Leaflet sets _map null); not yet added: kept
    map._jruLabelMarkers = (map._jruLabelMarkers || []).filter(function (m) { return m._map !== null; });
    return map._jruLabelMarkers.filter(function (m) { return m._map === map; });
  }
  // What is drawn over the names and must stay readable: the units' dots (a canvas, assets/live_units.js),
  // their call signs, the route labels, the incident icons, the searched place's pin and name, the
  // map's controls and the panels laid over it (class over-map: legend, search box). A name half
  // under them reads as another word ("Gra" for Gravesend), so it gives way to them as it does to a
  // more important name (and a searched town is not named twice, by its pin and under it).
  function obstacles(map) {
    const box = map.getContainer();
    const els = Array.prototype.slice.call(box.querySelectorAll(
      '.leaflet-tooltip:not(.crowded), .incident-icon, .search-marker, .leaflet-control'))
      .concat(box.parentNode ? Array.prototype.slice.call(box.parentNode.querySelectorAll(':scope > .over-map')) : []);
    return els.map(function (el) { return el.getBoundingClientRect(); })
      .filter(function (r) { return r.width > 0 && r.height > 0; })   // not shown (display: none)
      .concat(window.jru.live ? window.jru.live.boxes(map) : []);
  }
  function declutter(map) {
    // read every box first, then write: one layout, however many labels
    const boxes = onMap(map)
      .map(function (m) { return {el: m.getElement(), p: m._jruPriority}; })
      .filter(function (b) { return b.el && b.el.firstChild && getComputedStyle(b.el).display !== 'none'; })
      .map(function (b) { b.r = b.el.firstChild.getBoundingClientRect(); return b; })
      .sort(function (a, b) { return a.p - b.p; });
    // what is drawn over the names, checked against the names filed by cell (a few hundred), so a
    // 2,000-unit fleet costs one cell lookup a unit
    const filed = new Cells();
    boxes.forEach(function (b) { filed.add(b.r, b); });
    obstacles(map).forEach(function (o) {
      filed.find(o, function (b) { if (overlap(o, b.r)) { b.covered = true; } });
    });
    const kept = new Cells();
    boxes.forEach(function (b) {
      let clash = !!b.covered;
      if (!clash) { kept.find(b.r, function (k) { clash = clash || overlap(b.r, k); }); }
      if (b.p >= 0) { b.el.classList.toggle('label-clash', clash); }
      if (!clash || b.p < 0) { kept.add(b.r, b.r); }
    });
  }
  function overlap(a, b) {
    return a.left < b.right + GAP && a.right + GAP > b.left && a.top < b.bottom + GAP && a.bottom + GAP > b.top;
  }
  // Boxes on screen filed by 100-px cell (a box goes in every cell it touches, GAP included).
  const CELL = 100;
  function Cells() { this.cells = new Map(); }
  Cells.prototype.keys = function (r) {
    const out = [];
    for (let x = Math.floor((r.left - GAP) / CELL); x <= Math.floor((r.right + GAP) / CELL); x++) {
      for (let y = Math.floor((r.top - GAP) / CELL); y <= Math.floor((r.bottom + GAP) / CELL); y++) {
        out.push(x * 65536 + y);
      }
    }
    return out;
  };
  Cells.prototype.add = function (r, item) {
    const cells = this.cells;
    this.keys(r).forEach(function (k) { if (!cells.has(k)) { cells.set(k, []); } cells.get(k).push(item); });
  };
  Cells.prototype.find = function (r, fn) {   // fn(item) for each item filed near r (an item may come twice)
    const cells = this.cells;
    this.keys(r).forEach(function (k) { (cells.get(k) || []).forEach(fn); });
  };

  // A name cut by the map's edge ("SWAL", "ith" for Erith) reads as a wrong word across a room:
  // hidden until the view shows it whole. Runs after every move (one layout read).
  function hideCut(map) {
    const box = map.getContainer().getBoundingClientRect();
    const marks = onMap(map).map(function (m) { return m.getElement(); })
      .filter(function (el) { return el && el.firstChild; });
    const cut = marks.map(function (el) {
      const r = el.firstChild.getBoundingClientRect();
      return r.width > 0 && (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom);
    });
    marks.forEach(function (el, i) { el.classList.toggle('label-cut', cut[i]); });
  }
  // After the labels are in the page and the zoom classes are set (60 ms); for moving units at most
  // every 0.5 s (a pass costs ~3 ms with 2,000 units in view: bench/labels.py). A pass already
  // waiting takes the news.
  function scheduleDeclutter(map, wait) {
    if (map._jruDeclutter) { return; }
    map._jruDeclutter = setTimeout(function () { map._jruDeclutter = null; declutter(map); hideCut(map); }, wait || 60);
  }

  // Zoom classes on the map container decide which labels show (CSS in overlays.css).
  function watchZoom(map) {
    if (map._jruZoomWatch) { return; }
    map._jruZoomWatch = true;
    const set = function () {
      const z = map.getZoom(), c = map.getContainer().classList;
      c.toggle('jru-zoom-10', z >= 9.75); c.toggle('jru-zoom-11', z >= 11.25); c.toggle('jru-zoom-13', z >= 13);
      scheduleDeclutter(map);
    };
    map.on('zoomend', set);
    set();
  }

  function labelToLayer(feature, latlng, context) {
    const p = feature.properties;
    const map = context && context.map;
    if (map) { watchZoom(map); }
    const span = document.createElement('span');
    span.appendChild(document.createTextNode(p.label));
    const icon = L.divIcon({className: 'basemap-label label-' + p.kind + ' label-rank-' + p.rank,
                            html: span.outerHTML, iconSize: null});
    const marker = L.marker(latlng, {icon: icon, interactive: false, keyboard: false,
                                     pane: map && map.getPane('jruLabels') ? 'jruLabels' : 'markerPane'});
    return register(map, marker, p.priority === undefined ? Infinity : p.priority);
  }
  function register(map, marker, priority) {
    marker._jruPriority = priority;
    if (map) {
      if (!map._jruLabelMarkers) {
        map._jruLabelMarkers = [];
        map.on('moveend resize', function () { hideCut(map); });
        // units move, incidents and call signs come and go: the names make room again
        map.on('layeradd layerremove', function () { scheduleDeclutter(map); });
        map.on('jru:units', function () { scheduleDeclutter(map, 500); });
      }
      map._jruLabelMarkers.push(marker);
      scheduleDeclutter(map);
    }
    return marker;
  }
  // A label of another layer (the wall's district names) that base-map labels make room for.
  function keepClear(map, marker) { return register(map, marker, -1); }

  // refresh: another layer moved a label it registered; declutter and obstacles are exposed for
  // bench/labels.py (it times the pass against a plain one)
  window.jru.basemap = {landStyle, builtUpStyle, contextStyle, roadCasing, roadStyle, labelToLayer, keepClear,
                        refresh: scheduleDeclutter, declutter, obstacles};
})();
