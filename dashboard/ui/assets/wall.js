/* Wall display (/wall): follow the action unless someone moved the map; bigger
 * markers on big screens; count the ticker's rows the screen has no room for; grey the picture under
 * "NOT UPDATING" when updates stop for 10 s, reload the page when they stop for 60 s.
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

  // Pins a fifth bigger than the officer's, to be made out across the room, on a longer stem (wall.css): the
  // square stands clear above the dot of a unit at the scene instead of over it.
  const PIN = 1.2, WALL_STEM = 14;
  function incidentToLayer(feature, latlng, context) {
    const marker = window.jru.map.incidentToLayer(feature, latlng, context);
    const o = marker.options.icon && marker.options.icon.options;
    if (!o) return marker;   // thousands of incidents: canvas dots, no pin (map.js)
    const s = scale(), size = Math.round(window.jru.map.INCIDENT_ICON * PIN * s);
    o.iconSize = [size, size];
    o.iconAnchor = [size / 2, size + WALL_STEM * s];   // the pin's tip
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

  // The ticker: rows that do not fit have wrapped off to the right (wall.css); say how many incidents
  // the room cannot see, these and those the server left out (the heading's total, pages/wall.py).
  function countUnshown() {
    const ticker = document.getElementById('wall-ticker'), more = document.getElementById('wall-ticker-more');
    if (!ticker || !more) return;
    const rows = ticker.querySelectorAll('.wall-row[id^="ticker-"]'), edge = ticker.getBoundingClientRect().right;
    let shown = 0;
    rows.forEach(function (r) { if (r.getBoundingClientRect().left < edge - 1) shown++; });
    const total = document.getElementById('wall-ticker-total');
    const n = Math.max(rows.length, parseInt(((total && total.textContent) || '').replace(/\D/g, ''), 10) || 0);
    const text = n > shown ? (n - shown) + ' more not shown' : '';
    if (more.textContent !== text) more.textContent = text;
    more.hidden = !text;
  }
  let watched = null;
  function watchTicker() {   // each new ticker (every few seconds) counted as it lands, not up to a second later
    const ticker = document.getElementById('wall-ticker');
    if (!ticker || ticker === watched) return;
    watched = ticker;
    new MutationObserver(countUnshown).observe(ticker, {childList: true, subtree: true, characterData: true});
    const total = document.getElementById('wall-ticker-total');
    if (total) new MutationObserver(countUnshown).observe(total, {childList: true, subtree: true, characterData: true});
  }
  window.addEventListener('resize', countUnshown);

  // Not updating: the clock callback (pages/wall.py) writes a new stamp into #wall-beat every second, each a
  // round trip to the server. With the server or the network down the last picture would stay up, LIVE and
  // "last report 2 s ago" included: after 10 s without a stamp, grey it out under a banner saying since when
  // (the wall clock's time then), until the stamps come back. One slow request is a second or two.
  // After 60 s (a request may have hung for good): reload, once the server answers.
  const NO_CONTACT_MS = 10000;
  let lastBeat = null, lastOk = Date.now(), lastRun = Date.now(), lastSeen = null, lastTry = 0, checking = false;
  let banner = null;
  function ago(ms) {
    const s = Math.round(ms / 1000);
    return s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min' :
      Math.floor(s / 3600) + ' h ' + Math.floor(s % 3600 / 60) + ' min';
  }
  function showStale(quietMs) {
    const stale = quietMs !== null;
    document.body.classList.toggle('wall-stale', stale);
    if (!stale) { if (banner) banner.hidden = true; return; }
    if (!banner) {   // outside the page's React tree (nothing re-renders it) and outside .wall (not greyed)
      banner = document.createElement('div');
      banner.id = 'wall-stale-banner';
      banner.className = 'wall-stale-banner';
      banner.setAttribute('role', 'alert');
      banner.innerHTML = '<div class="wall-stale-title">NOT UPDATING</div><div class="wall-stale-since"></div>' +
        '<div class="wall-stale-note">What is on this screen is out of date. It comes back by itself ' +
        'when the server answers.</div>';
      document.body.appendChild(banner);
    }
    const since = lastSeen || new Date(lastOk).toLocaleTimeString('en-GB', {timeZone: 'Europe/London'});
    const line = banner.querySelector('.wall-stale-since');
    line.textContent = 'No contact with the dashboard server since ' + since + ' ';
    const span = document.createElement('span');   // counts up every second: not re-announced (role=alert)
    span.setAttribute('aria-hidden', 'true');
    span.textContent = '(' + ago(quietMs) + ' ago)';
    line.appendChild(span);
    banner.hidden = false;
  }
  setInterval(function () {
    const now = Date.now(), beat = document.getElementById('wall-beat');
    watchTicker();
    countUnshown();
    // not on the wall, or this timer itself was held back (tab hidden, machine asleep): not the server's silence
    if (!beat || now - lastRun > 5000) lastOk = now;
    lastRun = now;
    if (beat && beat.textContent !== lastBeat) {
      lastBeat = beat.textContent;
      lastOk = now;
      const clock = document.getElementById('wall-time');
      lastSeen = clock ? clock.textContent : null;
    }
    const quiet = now - lastOk;
    showStale(beat && quiet >= (window.jru.wallNoContactMs || NO_CONTACT_MS) ? quiet : null);
    if (quiet < (window.jru.wallStaleMs || 60000) || checking || now - lastTry < 5000) return;
    checking = true;
    lastTry = now;
    fetch(window.location.href, {cache: 'no-store'})
      .then(function (r) { if (r.ok) window.location.reload(); })
      .catch(function () { /* still away: try again in 5 s */ })
      .finally(function () { checking = false; });
  }, 1000);
})();
