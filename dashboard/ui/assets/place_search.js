/* Search box on the officer map (dashboard/ui/panels/place_search.py):
 *   /  focus the box      ↓ / ↑  move through the answers      Enter  fly there      Esc  leave the box
 * The map flies to the pick and marks it; names go in as text nodes. The answers close with Esc or a
 * click anywhere else (a list left open covers the map), and open again when the box is typed in or
 * focused. Emptying the box (its ✕, or Esc on an empty box) takes the mark off the map: it stayed until the
 * next search, a pin for an address no longer asked about. */
window.jru = window.jru || {};
(function () {
  function box() { return document.getElementById('place-search'); }
  function hits() { return Array.from(document.querySelectorAll('.place-search-hit')); }
  function setActive(i) {
    const all = hits();
    all.forEach((h, k) => h.classList.toggle('active', k === i));
    if (all[i]) all[i].scrollIntoView({block: 'nearest'});
  }
  function showAnswers(show) {
    const results = document.getElementById('place-search-results');
    if (results) results.classList.toggle('d-none', !show);
  }
  function unmark() {
    const map = window.jru.maps && window.jru.maps.map;
    if (map && map._jruSearchMarker) { map.removeLayer(map._jruSearchMarker); map._jruSearchMarker = null; }
  }
  function fly(hit) {
    const map = window.jru.maps && window.jru.maps.map;
    if (!map || !hit) return;
    const ll = [parseFloat(hit.dataset.lat), parseFloat(hit.dataset.lon)];
    map.flyTo(ll, parseFloat(hit.dataset.zoom), {duration: 0.8});
    if (map._jruSearchMarker) map.removeLayer(map._jruSearchMarker);
    const icon = L.divIcon({className: 'search-marker', html: '<i class="bi bi-geo-alt-fill"></i>',
                            iconSize: [28, 28], iconAnchor: [14, 28]});
    map._jruSearchMarker = L.marker(ll, {icon: icon, keyboard: false, interactive: false}).addTo(map);
    map._jruSearchMarker.bindTooltip(document.createTextNode(hit.dataset.label),
                                     {permanent: true, direction: 'top', offset: [0, -26], className: 'search-label'});
    window.jru.lastSearch = {label: hit.dataset.label, lat: ll[0], lon: ll[1]};
    showAnswers(false);
  }
  document.addEventListener('keydown', function (e) {
    const b = box();
    if (!b) return;
    const t = e.target;
    if (e.key === '/' && t !== b && !(t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' ||
        t.tagName === 'TEXTAREA' || t.isContentEditable))) {
      b.focus(); b.select(); e.preventDefault(); return;
    }
    if (t !== b) return;
    // "/" again selects what was typed, for a new search (no postcode or place has one: "Gilingham/")
    if (e.key === '/') { b.select(); e.preventDefault(); return; }
    const all = hits(), i = all.findIndex(h => h.classList.contains('active'));
    if (e.key === 'ArrowDown') { setActive(Math.min(all.length - 1, i + 1)); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { setActive(Math.max(0, i - 1)); e.preventDefault(); }
    else if (e.key === 'Enter') { fly(all[Math.max(0, i)]); e.preventDefault(); }
    else if (e.key === 'Escape') { if (!b.value) unmark(); showAnswers(false); b.blur(); e.preventDefault(); }
  });
  ['input', 'focusin'].forEach(function (type) {   // typing in the box, or coming back to it, shows them
    document.addEventListener(type, function (e) {
      if (e.target !== box()) return;
      if (type === 'input' && !e.target.value) unmark();
      showAnswers(true);
    });
  });
  document.addEventListener('click', function (e) {
    const hit = e.target.closest && e.target.closest('.place-search-hit');
    if (hit) fly(hit);
    else if (!(e.target.closest && e.target.closest('#place-search-box'))) showAnswers(false);
  });
})();
