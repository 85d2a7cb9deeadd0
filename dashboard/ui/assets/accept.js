/* Accept / Send in the suggestion panel (dashboard/ui/panels/suggestions.py). The panel is redrawn
 * by the server as the picture changes, every second on a busy night. A Dash button's click is read
 * by its callback a moment after the click, from the page as it is then: a redraw in between resets
 * the button and the officer's Accept was silently dropped. So the click is caught here, at once,
 * and written to the store accept-request, which lies outside the panel; the server's accept
 * callback reads that (the server checks the role and the unit; a double click is written once). */
(function () {
  document.addEventListener('click', function (e) {
    const b = e.target.closest && e.target.closest('#suggestion-panel button.accept-button');
    if (!b || b.disabled || !window.dash_clientside || !window.dash_clientside.set_props) return;
    window.dash_clientside.set_props('accept-request',
      // backup: sent from "Send another unit"; else the panel showed the incident with no unit, and the
      // server refuses if one was sent meanwhile (two officers, one C1, two units)
      {data: {incident: b.dataset.incident, unit: b.dataset.unit, backup: !!b.closest('#send-another'),
              at: Date.now()}});
  }, true);
})();
