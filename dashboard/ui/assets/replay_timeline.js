/* The replay's timeline is Dash's slider, whose thumb takes no aria props: it is named here, and its
 * value said as the replay clock, so a screen reader says "Replay time, Fri 16 Oct 2026 19:25:43 BST"
 * rather than "slider, 0". Once a second (the clock's own pace); two lookups by id, nothing else. */
(function () {
  function name() {
    const thumb = document.querySelector('#replay-timeline [role=slider]');
    if (!thumb) return;
    if (thumb.getAttribute('aria-label') !== 'Replay time') thumb.setAttribute('aria-label', 'Replay time');
    const clock = document.getElementById('replay-clock'), said = clock ? clock.textContent : '';
    if (said && thumb.getAttribute('aria-valuetext') !== said) thumb.setAttribute('aria-valuetext', said);
  }
  setInterval(name, 1000);
})();
