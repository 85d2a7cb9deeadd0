/* The suggestion panel (dashboard/ui/panels/suggestions.py) is redrawn as the picture changes, every
 * second on a busy night: a fold the officer opened ("Send another unit", "Left out") would snap shut.
 * A click on a fold's summary notes which folds are open, for which incident, in the store
 * panel-open; the server draws them open from it. Clicks, not 'toggle' events: a redraw's own
 * opening and closing must not count as the officer's. */
(function () {
  document.addEventListener('click', function (e) {
    const summary = e.target.closest && e.target.closest('#suggestion-panel details > summary');
    if (!summary || !window.dash_clientside || !window.dash_clientside.set_props) return;
    const fold = summary.parentElement;
    const open = Array.prototype.filter.call(document.querySelectorAll('#suggestion-panel details[id]'),
      function (d) { return d === fold ? !d.open : d.open; })   // the click has not toggled it yet
      .map(function (d) { return d.id; });
    window.dash_clientside.set_props('panel-open', {data: {incident: fold.dataset.incident, open: open}});
  }, true);
})();
