/* Live incidents: the active incidents pushed with the units (/push/units, dashboard/web/push/:
 * the snapshot's `i`, then each delta's `i` (new or changed) and `g` (no longer active)),
 * given to the map's dash-leaflet incidents layer as its data. Only changes cross the wire;
 * incidents change a few times a minute, so the layer simply gets the new collection (at most
 * once an animation frame) and draws it as before (assets/map.js incidentToLayer). */
window.jru = window.jru || {};
(function () {
  const DENSE = window.jru.style.DENSE_INCIDENTS;   // above this many, drawn on a canvas (ui/style.py)
  const state = {target: null, byId: {}, frame: null, sets: 0};

  function collection() {
    // Most urgent last, so drawn on top (rank 0 is the most urgent).
    const features = Object.values(state.byId).sort((a, b) => b.properties.rank - a.properties.rank);
    const dense = features.length > DENSE;
    features.forEach(f => { f.properties.dense = dense; });
    return {type: 'FeatureCollection', features: features};
  }
  function flush() {
    state.frame = null;
    if (!state.loaded) return;               // nothing pushed yet: leave the layer to the fallback callback
    if (!state.target || !window.dash_clientside || !window.dash_clientside.set_props) return;
    window.dash_clientside.set_props(state.target, {data: collection()});
    state.sets += 1;
  }
  window.jru.liveIncidents = {
    state: state,
    // A new map (first load, or back on this page): give it what is held at once.
    target: function (id) {
      state.target = id || null;
      if (state.frame === null) state.frame = window.requestAnimationFrame(flush);
    },
    apply: function (body, snapshot) {
      if (!body.i) return;                    // this message has no incident news
      if (snapshot) state.byId = {};
      state.loaded = true;
      body.i.forEach(f => { state.byId[f.properties.incident] = f; });
      (body.g || []).forEach(k => { delete state.byId[k]; });
      if (state.frame === null) state.frame = window.requestAnimationFrame(flush);
    },
    count: function () { return Object.keys(state.byId).length; }
  };
})();
