/* Keyboard shortcuts for the duty officer view (ignored while typing in a field):
 *   j / ArrowDown  next incident      k / ArrowUp  previous incident
 *   a / Enter      accept the top suggestion for the selected incident
 *   Escape         close the unit details       ?  show these keys  */
(function () {
  function rows() { return Array.from(document.querySelectorAll('.incident-row')); }
  function move(step) {
    const all = rows();
    if (!all.length) return;
    const i = all.findIndex(r => r.classList.contains('active'));
    const next = all[Math.max(0, Math.min(all.length - 1, i < 0 ? 0 : i + step))];
    next.click();
    next.scrollIntoView({block: 'nearest'});
  }
  document.addEventListener('keydown', function (e) {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (!document.getElementById('incident-queue')) return;   // officer page only
    if (e.key === 'j' || e.key === 'ArrowDown') { move(1); e.preventDefault(); }
    else if (e.key === 'k' || e.key === 'ArrowUp') { move(-1); e.preventDefault(); }
    else if (e.key === 'a' || (e.key === 'Enter' && !(t && t.closest && t.closest('summary')))) {   // Enter on a fold opens it
      // never a button the officer cannot see: an incident that has a unit keeps its suggestions in
      // the closed fold "Send another unit", and a key must not send a second unit unseen
      // and only for the incident the officer has chosen: just after j / k the panel still shows the
      // one before until the server has drawn the new one
      const b = document.querySelector('#suggestion-table tr.suggestion-row button');
      const chosen = document.querySelector('#incident-queue .incident-row.active');
      if (b && !b.disabled && !b.closest('details:not([open])') && chosen &&
          b.dataset.incident === chosen.dataset.incident) { b.click(); e.preventDefault(); }
    } else if (e.key === '?') {
      const help = document.getElementById('keys-help');
      if (help) help.classList.toggle('d-none');
    }
  });
})();
