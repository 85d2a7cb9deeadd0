/* Keyboard shortcuts for the duty officer view (ignored while typing in a field):
 *   j / ArrowDown  next incident      k / ArrowUp  previous incident
 *   a              accept the top suggestion for the selected incident (one in view: a button off
 *                  the screen is brought into view and focused first, and accepts on the next a)
 *   Enter          the same on the chosen row; Enter on another row, a link or a button does what
 *                  that does, and with nothing focused nothing (a redraw used to drop the focus to
 *                  the page, and Enter then sent the top unit of an incident the officer had left)
 *   Escape         close the unit details       ?  show these keys
 *   Space          pause / resume a replay (the bar's pause button says so); not on a focused button,
 *                  link or summary, where Space is that control's own click
 * The skip links at the top of the page ("Skip to the incidents", "Skip to the suggestions")
 * move focus past the map's shapes, which come first in the tab order. */
(function () {
  function rows() { return Array.from(document.querySelectorAll('.incident-row')); }
  let mark = null;   // {id, at}: the incident last chosen and where it stood in the queue then
  document.addEventListener('click', function (e) {   // capture: before queue.js redraws anything
    const row = e.target.closest && e.target.closest('#incident-queue .incident-row');
    if (row) mark = {id: row.dataset.incident, at: rows().indexOf(row)};
  }, true);
  function move(step, focusRow) {
    const all = rows();
    if (!all.length) return;
    const i = all.findIndex(r => r.classList.contains('active'));
    let from = i;
    // the incident chosen moved under the officer (an Accept sent it among the attended, or past the
    // rows shown): step from where it stood, so j is the one that took its place, not the attended below
    const moved = mark && (i < 0 || all[i].dataset.incident === mark.id) && i !== mark.at;
    if (moved) from = step > 0 ? mark.at - 1 : mark.at;
    const next = all[Math.max(0, Math.min(all.length - 1, from < 0 && step < 0 ? 0 : from + step))];
    next.click();
    next.scrollIntoView({block: 'nearest'});
    // focus on a row follows the selection; focus on the panel's buttons must not stay on the incident
    // left (Enter there is a native click: it would send that incident's unit)
    const a = document.activeElement, inPanel = a && a.closest && a.closest('#suggestion-panel');
    if (focusRow || inPanel) next.focus();
  }
  function acceptTop() {
    // never a button the officer cannot see: an incident that has a unit keeps its suggestions in
    // the closed fold "Send another unit", and a key must not send a second unit unseen
    // and only for the incident the officer has chosen: just after j / k the panel still shows the
    // one before until the server has drawn the new one
    const b = document.querySelector('#suggestion-table tr.suggestion-row button');
    const chosen = document.querySelector('#incident-queue .incident-row.active');
    if (!(b && !b.disabled && !b.closest('details:not([open])') && chosen &&
          b.dataset.incident === chosen.dataset.incident)) return false;
    const r = b.getBoundingClientRect();
    if (r.bottom <= 0 || r.top >= window.innerHeight) {   // off the screen (a narrow window): show it first
      b.scrollIntoView({block: 'center'});
      b.focus({preventScroll: true});
      return true;
    }
    b.click();
    return true;
  }
  function skipTo(where) {
    const target = where === 'suggestions'
      ? document.querySelector('#suggestion-panel button:not([disabled]), #suggestion-panel summary')
      : document.querySelector('#incident-queue .incident-row.active') || rows()[0];
    const box = document.getElementById(where === 'suggestions' ? 'suggestion-panel' : 'incident-queue');
    if (target) target.focus();
    else if (box) { box.tabIndex = -1; box.focus(); }   // nothing to act on yet: the box, to read
  }
  // Space on a control clicks it natively: taken here too, the replay would pause and resume in one press
  const OWN_SPACE = 'button, summary, a[href], [role="button"], [role="option"], [role="checkbox"], [role="switch"], ' +
                    '[role="slider"]';
  function replayPause(e) {
    const bar = document.getElementById('replay-bar'), pause = document.getElementById('replay-pause');
    if (!pause || pause.disabled || !bar || bar.classList.contains('d-none')) return;   // live, not a replay
    e.preventDefault();   // not also a scroll of the page
    if (!e.repeat) pause.click();   // a held key repeats: one press, one toggle
  }
  document.addEventListener('click', function (e) {
    const link = e.target.closest && e.target.closest('a.skip-link');
    if (!link) return;
    e.preventDefault();   // not a change of the URL's hash: the page's router would see it
    skipTo(link.dataset.skip);
  });
  document.addEventListener('keydown', function (e) {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (!document.getElementById('incident-queue')) return;   // officer page only
    const inMap = t && t.closest && t.closest('.leaflet-container');
    const onRow = t && t.closest && t.closest('#incident-queue .incident-row');
    const arrows = e.key === 'ArrowDown' || e.key === 'ArrowUp';
    if (arrows && inMap) return;   // the map's own: it pans
    if (e.key === 'j' || e.key === 'ArrowDown') { move(1, onRow); e.preventDefault(); }
    else if (e.key === 'k' || e.key === 'ArrowUp') { move(-1, onRow); e.preventDefault(); }
    else if (e.key === 'a' || (e.key === 'Enter' && onRow && onRow.classList.contains('active'))) {
      if (acceptTop()) e.preventDefault();
    } else if (e.key === ' ' && !(t && t.closest && t.closest(OWN_SPACE))) {
      replayPause(e);
    } else if (e.key === '?') {
      const help = document.getElementById('keys-help');
      if (help) help.classList.toggle('d-none');
    }
  });
})();
