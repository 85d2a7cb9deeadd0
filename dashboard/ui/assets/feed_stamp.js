/* When a page asks the server for its incident panels: only when the change
 * counters pushed with the units (window.jru.live.picture, dashboard/web/push/)
 * say something changed. Ten idle screens then send no requests at all.
 * With no push connection (not yet, or lost) it falls back to asking every
 * second, so a page never freezes behind a proxy that blocks event streams. */
window.dash_clientside = window.dash_clientside || {};
(function () {
  const PUSH_QUIET_MS = 40000;   // the server sends at least a heartbeat every 15 s
  const CONNECT_GRACE_MS = 4000;  // a new page waits this long for its stream before asking by itself
  const PHASE = Math.floor(Math.random() * 3);

  function pushed() {
    const live = window.jru && window.jru.live;
    return (live && live.picture && live.source && live.source.readyState === 1 &&
            Date.now() - live.lastMessage < PUSH_QUIET_MS) ? live.picture : null;
  }
  function connecting() {
    const live = window.jru && window.jru.live;
    return performance.now() < CONNECT_GRACE_MS && !(live && live.picture);
  }
  function unchanged(previous, stamp) {
    return previous && JSON.stringify(previous) === JSON.stringify(stamp);
  }
  window.dash_clientside.jru_feed = {
    // Incidents, unit statuses, the feed clock in 5 s steps, the reader's connection.
    // ['poll', n] when there is no push: then the server also sends the map's incidents.
    // When only the clock step moved, each page waits for its own tick of three (PHASE), so ten
    // screens do not all re-render their queues in the same second; real changes go at once.
    stamp: function (n, previous) {
      if (connecting()) return window.dash_clientside.no_update;
      const p = pushed();
      const stamp = p ? [p.i, p.s, p.t, p.c] : ['poll', n];
      if (unchanged(previous, stamp)) return window.dash_clientside.no_update;
      const clockOnly = p && previous && previous.length === 4 && previous[0] === p.i && previous[1] === p.s &&
                        previous[3] === p.c;
      return (clockOnly && (n || 0) % 3 !== PHASE) ? window.dash_clientside.no_update : stamp;
    },
    // Only while there is no push: the tick count, so the map's incidents are asked for every second.
    poll: function (n) {
      return (connecting() || pushed()) ? window.dash_clientside.no_update : n;
    },
    // The selected incident's suggestions follow its units every second; nothing when none is selected.
    selection: function (n, selected) {
      return selected ? [selected, n] : window.dash_clientside.no_update;
    },
    // An open unit's details follow its news; closed, the stamp stops here and the server is not asked.
    details: function (stamp, open) {
      return open ? stamp : window.dash_clientside.no_update;
    },
    // The replay bar: every second while a replay runs, once when it stops, never on a live feed.
    replay: function (n, previous) {
      if (connecting()) return window.dash_clientside.no_update;
      const p = pushed();
      const stamp = !p ? ['poll', n] : (p.r ? ['replay', n] : ['live']);
      return unchanged(previous, stamp) ? window.dash_clientside.no_update : stamp;
    }
  };
})();
