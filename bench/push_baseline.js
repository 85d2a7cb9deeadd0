/* The baseline pages of bench/push.py: units as one Leaflet circle marker each, filled by a
 * Dash callback (what the dashboard did before the push layer, assets/live_units.js). Labels off.
 * window.__recordProbe is the benchmark's hook: the frame after PROBE's marker is made paints it. */
(function () {
  function unitToLayer(feature, latlng) {
    const p = feature.properties, STYLE = window.jru.style;   // looked up here: this file loads before the assets
    const marker = L.circleMarker(latlng, {
      radius: 9, weight: 2.5, color: p.stale ? '#555' : '#111',
      fillColor: p.stale ? STYLE.STALE_COLOUR : (STYLE.STATUS_COLOUR[p.status] || STYLE.STALE_COLOUR),
      fillOpacity: p.stale ? 0.45 : 0.95, dashArray: p.stale ? '3 3' : null
    });
    if (p.unit === 'PROBE') {
      const lat = latlng.lat;
      requestAnimationFrame(() => window.__recordProbe(lat));
    }
    return marker;
  }
  window.bench = {unitToLayer: unitToLayer};
})();
