/* Wall display (/wall): follow the action unless someone moved the map; bigger
 * markers on big screens; reload the page if updates stop for 60 s.
 * Feed text is only ever inserted as text nodes, never as HTML. */
window.jru = window.jru || {};
(function () {
  const state = {userMoved: false, lastFit: null, down: null};

  function onMap(e) { return e.target && e.target.closest && e.target.closest('#wall-map'); }
  function moved() { state.userMoved = true; }

  // A user move is a drag, a wheel, a double click, a pinch, a zoom button or a key on the
  // map. Programmatic moves (flyToBounds from the data) cause none of these events.
  document.addEventListener('mousedown', function (e) {
    if (!onMap(e)) return;
    if (e.target.closest('.leaflet-control-zoom')) { moved(); return; }
    state.down = [e.clientX, e.clientY];
  }, true);
  document.addEventListener('mousemove', function (e) {
    if (state.down && (e.buttons & 1) &&
        Math.abs(e.clientX - state.down[0]) + Math.abs(e.clientY - state.down[1]) > 4) { moved(); }
  }, true);
  document.addEventListener('mouseup', function () { state.down = null; }, true);
  ['wheel', 'dblclick', 'touchmove'].forEach(function (type) {
    document.addEventListener(type, function (e) { if (onMap(e)) moved(); }, {capture: true, passive: true});
  });
  document.addEventListener('keydown', function (e) {
    if (onMap(e) && /^(Arrow|\+|-|=)/.test(e.key)) moved();
  }, true);

  function scale() { return Math.max(1, Math.min(2.5, window.innerWidth / 1920)); }

  function incidentToLayer(feature, latlng, context) {
    const marker = window.jru.map.incidentToLayer(feature, latlng, context);
    const s = scale(), size = window.jru.map.INCIDENT_ICON * s;
    const o = marker.options.icon.options;
    o.iconSize = [size, size];
    o.iconAnchor = [size / 2, size + window.jru.map.INCIDENT_STEM * s];   // the pin's tip (map.js)
    return marker;
  }

  function labelToLayer(feature, latlng, context) {
    const el = document.createElement('span');
    el.textContent = feature.properties.name;
    const marker = L.marker(latlng, {icon: L.divIcon({className: 'wall-district-label', html: el, iconSize: null}),
                                     interactive: false, keyboard: false});
    marker._jruPlaces = [latlng].concat((feature.properties.alts || []).map(function (a) { return L.latLng(a); }));
    const map = context && context.map;
    if (!map) return marker;
    if (!map._jruDistrictNames) {
      map._jruDistrictNames = [];
      map.on('moveend resize', function () { placeNames(map, false); });
      map.on('jru:units', function () { placeSoon(map); });
    }
    map._jruDistrictNames.push(marker);
    // the base map's names give way to it; hidden while the map's edge cuts it (basemap.js)
    return window.jru.basemap.keepClear(map, marker);
  }
  // The wall follows the action and often shows part of a district: its name goes to the first of
  // its places (best first, dashboard/ui/layers/district_names.py) wholly in view and clear of the
  // units, their call signs, the incidents and the other names (a dot on "MEDWAY" reads "MEDWA");
  // else to the one in view least covered by them. When units move (`stay`) a name moves only if
  // something now covers it, so it does not hop back and forth as units pass.
  function placeNames(map, stay) {
    const size = map.getSize(), box = map.getContainer().getBoundingClientRect();
    map._jruDistrictNames = map._jruDistrictNames.filter(function (m) { return m._map !== null; });
    // and the other districts' names: a name's later places may lie near its neighbour's
    const names = map._jruDistrictNames.map(function (m) {
      const el = m.getElement();
      return el && el.firstChild ? el.firstChild.getBoundingClientRect() : null;
    });
    let moved = false;
    const drawn = window.jru.basemap.obstacles(map);
    map._jruDistrictNames.forEach(function (m, i) {
      const obstacles = drawn.concat(names.filter(function (r, j) { return r && j !== i; }));
      const el = m.getElement(), r = el && el.firstChild && el.firstChild.getBoundingClientRect();
      if (!r || !r.width) return;
      const w = r.width / 2 + 4, h = r.height / 2 + 4;
      const inView = function (at) {
        const p = map.latLngToContainerPoint(at);
        return p.x >= w && p.x <= size.x - w && p.y >= h && p.y <= size.y - h;
      };
      const covered = function (at) {   // px² of the name's box under what is drawn over the map
        const p = map.latLngToContainerPoint(at), x = box.left + p.x, y = box.top + p.y;
        return obstacles.reduce(function (sum, o) {
          return sum + Math.max(0, Math.min(o.right, x + w) - Math.max(o.left, x - w)) *
                       Math.max(0, Math.min(o.bottom, y + h) - Math.max(o.top, y - h));
        }, 0);
      };
      if (stay && inView(m.getLatLng()) && !covered(m.getLatLng())) return;
      // nowhere clear (a small district full of units): where least of it is covered
      let fits = null, least = Infinity;
      m._jruPlaces.filter(inView).forEach(function (at) {
        const c = covered(at);
        if (c < least) { least = c; fits = at; }
      });
      if (fits && !fits.equals(m.getLatLng())) { m.setLatLng(fits); moved = true; }
    });
    if (moved) window.jru.basemap.refresh(map);   // names give way anew, cut names hide anew
  }
  // Units report every few seconds: look again at most every 2 s, once their call signs have settled.
  function placeSoon(map) {
    if (map._jruPlaceTimer) return;
    map._jruPlaceTimer = setTimeout(function () { map._jruPlaceTimer = null; placeNames(map, true); }, 2000);
  }

  window.jru.wall = {scale, incidentToLayer, labelToLayer, state};

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.jru_wall = {
    follow: function (fit, nResume) {
      const noUpdate = window.dash_clientside.no_update;
      const triggered = (window.dash_clientside.callback_context.triggered || []).map(t => t.prop_id);
      const resume = triggered.indexOf('wall-resume.n_clicks') >= 0 && nResume;
      if (resume) state.userMoved = false;
      const style = {display: state.userMoved ? 'block' : 'none'};
      if (state.userMoved || !fit || !fit.bounds) return [noUpdate, style];
      const key = JSON.stringify(fit.bounds);
      if (key === state.lastFit && !resume) return [noUpdate, style];
      state.lastFit = key;
      return [{bounds: fit.bounds, transition: 'flyToBounds',
               options: {paddingTopLeft: [40, 40], paddingBottomRight: [130, 40], maxZoom: 15, duration: 1.2}}, style];
    }
  };

  // Watchdog: the clock callback (pages/wall.py) writes a new stamp into #wall-beat every second.
  // No change for 60 s (server was away, a request hung): reload, once the server answers.
  let lastBeat = null, lastOk = Date.now(), checking = false;
  setInterval(function () {
    const beat = document.getElementById('wall-beat');
    if (!beat) { lastOk = Date.now(); return; }
    if (beat.textContent !== lastBeat) { lastBeat = beat.textContent; lastOk = Date.now(); return; }
    if (Date.now() - lastOk < (window.jru.wallStaleMs || 60000) || checking) return;
    checking = true;
    fetch(window.location.href, {cache: 'no-store'})
      .then(function (r) { if (r.ok) window.location.reload(); })
      .catch(function () { /* still away: try again next time */ })
      .finally(function () { checking = false; });
  }, 5000);
})();
