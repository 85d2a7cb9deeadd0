/* Keyboard focus survives the page's redraws. The queue's rows and the suggestion panel are redrawn
 * while the officer works (queue.js rebuilds a row whose words changed; the server redraws the panel
 * every few seconds): a focused element that was replaced took the focus with it, to the page itself,
 * with no focus ring left, and the next key acted on what the officer had not chosen. When the focused
 * element leaves the page, focus goes to its replacement in the same box: the element with the same id,
 * else the same kind with the same data (a row's incident; a button's incident and unit). A pointer
 * press anywhere forgets it: that hand has chosen where it is. */
(function () {
  const BOXES = ['#incident-queue', '#suggestion-panel'];
  let kept = null;   // what is focused inside one of the boxes: {el, box, tag, id, data, text}

  function data(el) { return JSON.stringify(Object.assign({}, el.dataset)); }
  function same(el) {
    if (kept.id) return el.id === kept.id;
    const d = data(el);
    return d !== '{}' ? d === kept.data : el.textContent === kept.text;
  }

  document.addEventListener('focusin', function (e) {
    const t = e.target, box = t && t.closest ? BOXES.find(b => t.closest(b)) : null;
    kept = box ? {el: t, box: box, tag: t.tagName, id: t.id, data: data(t), text: t.textContent} : null;
  });
  document.addEventListener('pointerdown', function () { kept = null; }, true);

  new MutationObserver(function () {
    if (!kept || kept.el.isConnected) return;
    const now = document.activeElement;
    if (now && now !== document.body) { kept = null; return; }   // focus went somewhere on purpose
    const box = document.querySelector(kept.box);
    const match = box && Array.from(box.querySelectorAll(kept.tag)).find(same);
    if (match) match.focus({preventScroll: true});   // focusin keeps it from here on
  }).observe(document.body, {childList: true, subtree: true});
})();
