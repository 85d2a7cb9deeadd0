/* The map's key (dashboard/ui/panels/legend.py): folded at start on a window too short for it to
 * leave the districts clear (a 768-px laptop screen), and the base map's names make room again
 * whenever it opens or folds. */
window.dash_clientside = window.dash_clientside || {};
(function () {
  const OPEN_FROM_PX = 860;   // window height from which the key starts open (1600 x 900 and up)
  window.dash_clientside.jru_legend = {
    start: function () { return window.innerHeight >= OPEN_FROM_PX; }
  };
  document.addEventListener('toggle', function (e) {
    if (!e.target || e.target.id !== 'legend' || !window.jru || !window.jru.basemap) return;
    Object.values(window.jru.maps || {}).forEach(map => window.jru.basemap.refresh(map));
  }, true);   // toggle does not bubble: caught on its way down
})();
