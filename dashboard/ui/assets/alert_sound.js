/* A short two-tone sound when a C1 / immediate incident comes in (assets/queue.js calls alert()),
 * for an officer who is not looking at the screen. Off until switched on with #sound-toggle
 * (dashboard/ui/panels/sound_toggle.py); the choice is kept in this browser. Made with Web Audio:
 * no sound file, nothing loaded. */
window.jru = window.jru || {};
(function () {
  const KEY = 'jru.sound';
  const sound = {played: 0, context: null};
  function on() { try { return window.localStorage.getItem(KEY) === 'on'; } catch (e) { return false; } }
  function show(button) {
    const yes = on();
    button.setAttribute('aria-pressed', String(yes));
    button.classList.toggle('btn-warning', yes);
    button.classList.toggle('btn-outline-secondary', !yes);
    button.querySelector('i').className = 'bi me-1 ' + (yes ? 'bi-volume-up-fill' : 'bi-volume-mute');
    button.querySelector('span').textContent = yes ? 'Sound on' : 'Sound off';
  }
  sound.alert = function () {
    if (!on()) return;
    try {
      // made on the officer's click that switched sound on; browsers allow it to play from then on
      const ctx = sound.context || (sound.context = new (window.AudioContext || window.webkitAudioContext)());
      [[880, 0], [660, 0.22]].forEach(([hz, at]) => {
        const osc = ctx.createOscillator(), gain = ctx.createGain();
        osc.frequency.value = hz;
        gain.gain.setValueAtTime(0.2, ctx.currentTime + at);
        gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.2);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + at);
        osc.stop(ctx.currentTime + at + 0.2);
      });
      sound.played += 1;
    } catch (e) { /* no audio device: the NEW mark still shows */ }
  };
  document.addEventListener('click', function (e) {
    // after a reload the browser holds sound back until the page is clicked: any click lets it play
    if (sound.context && sound.context.state === 'suspended') sound.context.resume();
    const button = e.target.closest && e.target.closest('#sound-toggle');
    if (!button) return;
    try { window.localStorage.setItem(KEY, on() ? 'off' : 'on'); } catch (err) { return; }
    if (on() && !sound.context && window.AudioContext) sound.context = new window.AudioContext();
    show(button);
  });
  // the button is drawn by Dash after this file runs: assets/queue.js asks for the kept choice to be
  // shown each time it draws (a look-up and a flag when nothing is new)
  sound.sync = function () {
    const button = document.getElementById('sound-toggle');
    if (button && !button.dataset.shown) { button.dataset.shown = '1'; show(button); }
  };
  window.jru.sound = sound;
})();
