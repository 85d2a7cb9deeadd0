/* An incident chosen in the queue (a click, j/k) that the map does not show is brought into view:
 * the map pans to it, at no closer than a town's zoom so the units near it show too. One already in
 * sight leaves the view alone: the map never moves under an officer who did not ask. In a narrow window
 * (the incidents below the map) the suggestions are scrolled into view: they were far above the row
 * just chosen, and its Accept off the screen. */
window.dash_clientside = window.dash_clientside || {};
(function () {
  const MARGIN = 0.1;       // in sight means inside the view by a tenth of its size, clear of the controls
  const TOWN_ZOOM = 13;     // a street-level view shows the incident and nothing that could go to it
  const NARROW = '(max-width: 899.98px)';   // app.css: the side column below the map

  function where(map, incident) {   // the incidents layer keeps each marker's feature (map.js incidentToLayer)
    let at = null;
    map.eachLayer(l => {
      if (!at && l.feature && l.feature.properties && l.feature.properties.incident === incident && l.getLatLng) {
        at = l.getLatLng();
      }
    });
    return at;
  }
  window.dash_clientside.jru_selection = {
    show: function (incident) {
      const map = window.jru && window.jru.maps && window.jru.maps.map;
      const at = incident && map ? where(map, incident) : null;
      if (at && !map.getBounds().pad(-MARGIN).contains(at)) map.setView(at, Math.min(map.getZoom(), TOWN_ZOOM));
      const card = document.querySelector('.suggestion-card');
      if (incident && card && window.matchMedia(NARROW).matches) card.scrollIntoView({block: 'start'});
      return window.dash_clientside.no_update;
    }
  };
})();
