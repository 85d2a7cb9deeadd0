/* The officer's incident queue, drawn in the browser from data (dashboard/ui/panels/incident_queue.py
 * sends each row's words, already formatted): only rows that changed are rebuilt, the rest stay in
 * place, so a busy queue on ten screens costs the Dash renderer one data prop, not 40 rows of layout.
 * Clicking a row selects its incident (as a map click does). Feed text only ever goes in as text.
 * An incident that arrives while the page is open is marked NEW until the officer selects it or a
 * unit is sent; the tab's title says how many incidents wait for a unit, for an officer on another tab.
 * While the mouse moves over the queue, rows are not inserted, removed or reordered (for at most
 * HOLD_MAX_MS): a new C1 arriving at the top pushed every row down under the pointer, and the click
 * meant for one incident chose the next. The list says it is held; it catches up once the pointer
 * rests for HOLD_MS or leaves. */
window.dash_clientside = window.dash_clientside || {};
(function () {
  const drawn = {};   // incident -> the row's data as last drawn (JSON)
  let clicked = null; // a row chosen here that the selection store has not caught up with yet
  let seen = null;    // incidents this page has shown or that were there when it opened (null: not drawn yet)
  let shown = null;   // the selection the queue last brought into sight
  const TITLE = document.title, SEEN_AT_MOST = 5000;
  const HOLD_MS = 1200, HOLD_MAX_MS = 4000;   // a C1 is never held longer than this
  let pointerAt = 0;      // when the mouse last moved over the queue (0: it is elsewhere)
  let held = null;        // {data, selected, since} the order change waiting for the pointer
  let heldTimer = null;

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.appendChild(document.createTextNode(String(text)));
    return e;
  }
  function icon(name, extra) { return el('i', 'bi ' + name + (extra ? ' ' + extra : '')); }

  // Two columns: what and where on the left (it wraps), age and time to target on the right
  // (floats would fall below a long head line and print the two times run together).
  function rowElement(r, fresh) {
    const row = el('button', 'list-group-item list-group-item-action incident-row d-flex' + (fresh ? ' incident-new' : ''));
    row.type = 'button';
    row.dataset.incident = r.id;
    const main = el('div', 'flex-grow-1'), times = el('div', 'text-end ms-2 flex-shrink-0 queue-times');
    main.style.minWidth = '0';
    const head = el('div');
    if (fresh) head.append(el('span', 'badge bg-danger me-2 new-badge', 'NEW'));
    head.append(icon(r.icon, 'me-2'), el('strong', null, r.id), el('span', null, ' · ' + r.type));
    if (r.badge) head.append(el('span', 'badge ms-2 urgency-badge urgency-' + r.urgency, r.badge));
    const note = el('span', 'queue-note ' + r.note_class);   // one piece: never 'on scene:' / 'JRU-MW-1'
    if (r.note_icon) note.append(icon(r.note_icon, 'me-1'));
    note.append(document.createTextNode(r.note));
    const where = el('div', 'small');
    where.append(el('span', 'me-2 incident-where', r.area), note);
    main.append(head, where);
    if (r.summary) main.append(el('div', 'small text-body-secondary text-truncate', r.summary));
    if (r.doubt) {   // its unit may not be coming (dashboard/core/attending.py): words as well as colour
      const doubt = el('div', 'small fw-bold queue-doubt');
      doubt.append(icon(r.doubt_icon, 'me-1'));
      r.doubt.split(' ').forEach((word, i) => {   // a call sign or incident whole: never "INC-" / "1"
        if (i) doubt.append(document.createTextNode(' '));
        doubt.append(word.includes('-') ? el('span', 'text-nowrap', word) : document.createTextNode(word));
      });
      main.append(doubt);
    }
    times.append(el('div', 'text-body-secondary', r.age));
    if (r.left) {   // the response target: the word OVERDUE, so colour is never the only sign
      const left = el('div', 'small time-left' + (r.overdue ? ' fw-bold text-danger' : ' text-body-secondary'));
      if (r.overdue) left.append(icon('bi-exclamation-triangle-fill', 'me-1'));
      left.append(document.createTextNode(r.left));
      times.append(left);
    }
    row.append(main, times);
    return row;
  }

  function message(id, text) {
    const m = el('div', 'list-group-item text-body-secondary', text);
    m.id = id;
    return m;
  }

  function holding(box, data, selected, since) {
    // would the rows move? (their words changing in place is fine)
    const now = Date.now(), shown = Array.from(box.querySelectorAll('.incident-row')).map(r => r.dataset.incident);
    const moves = shown.length > 0 && shown.join('\n') !== data.rows.map(r => r.id).join('\n');
    if (!moves || !pointerAt || now - pointerAt >= HOLD_MS || now - since >= HOLD_MAX_MS) return false;
    held = {data: data, selected: selected, since: since};
    clearTimeout(heldTimer);
    heldTimer = setTimeout(release, Math.min(HOLD_MS - (now - pointerAt), HOLD_MAX_MS - (now - since)) + 20);
    return true;
  }
  function release() {
    if (!held) return;
    const h = held;
    held = null;
    render(h.data, h.selected, h.since);
  }
  function showHeld(on) {
    const note = document.getElementById('queue-held');
    if (note) note.classList.toggle('d-none', !on);
  }

  function render(data, selected, heldSince) {
    const box = document.getElementById('incident-queue');
    if (!box || !data) return window.dash_clientside.no_update;
    const since = heldSince !== undefined ? heldSince : held ? held.since : Date.now();
    if (holding(box, data, selected, since)) { showHeld(true); return window.dash_clientside.no_update; }
    held = null;
    clearTimeout(heldTimer);
    showHeld(false);
    if (clicked === selected) clicked = null;
    const want = clicked !== null ? clicked : selected;   // a quick j, j must not bounce back a row
    const first = seen === null || seen.size > SEEN_AT_MOST;   // a page open for weeks: start afresh
    if (first) seen = new Set();
    const keep = {}, order = [];
    let alarm = null;   // a C1 / immediate just arrived: the first such row, to be scrolled into sight
    data.rows.forEach(r => {
      if (first || r.id === want || !r.open) seen.add(r.id);
      const fresh = !seen.has(r.id), json = JSON.stringify(r) + fresh;
      if (fresh && r.urgency === 1 && !drawn[r.id]) {
        alarm = alarm || r.id;
        if (window.jru && window.jru.sound) window.jru.sound.alert();
      }
      let row = box.querySelector('.incident-row[data-incident="' + CSS.escape(r.id) + '"]');
      if (!row || drawn[r.id] !== json) {
        const made = rowElement(r, fresh);
        if (row) row.replaceWith(made);
        row = made;
        drawn[r.id] = json;
      }
      row.classList.toggle('active', r.id === want);
      if (r.id === want) row.setAttribute('aria-current', 'true'); else row.removeAttribute('aria-current');
      keep[r.id] = true;
      order.push(row);
    });
    if (!data.rows.length) order.push(message('queue-empty', 'No incidents here'));
    if (data.more) order.push(message('queue-more', data.more));
    Array.from(box.children).forEach(c => {
      if (!(c.dataset.incident && keep[c.dataset.incident])) { delete drawn[c.dataset.incident]; c.remove(); }
    });
    order.forEach((row, i) => { if (box.children[i] !== row) box.insertBefore(row, box.children[i] || null); });
    // the incident chosen (a map pin, j/k) brought into sight once, and kept there as the suggestions
    // below grow and the queue shrinks (the row clicked went out of sight under them)
    if (want !== shown) bringIntoSight(box, want !== null && box.querySelector('.incident-row.active'));
    shown = want;
    keepChosenInSight(box);
    // a queue scrolled to the incident in hand hid a new C1 above or below it (the sound is off by default)
    const urgent = alarm && box.querySelector('.incident-row[data-incident="' + CSS.escape(alarm) + '"]');
    if (urgent && box.scrollHeight > box.clientHeight) {   // the queue scrolls on its own
      bringIntoSight(box, urgent);
    } else if (urgent && urgent.getBoundingClientRect().top < 0) {   // a narrow window: the page scrolls
      urgent.scrollIntoView({block: 'start'});
    }
    announce(alarm && data.rows.find(r => r.id === alarm));
    document.title = (data.waiting ? '(' + data.waiting + ' waiting) ' : '') + TITLE;
    if (window.jru && window.jru.sound) window.jru.sound.sync();   // assets/alert_sound.js
    return data.rows.length;
  }

  // Within the queue's own scroll only (a narrow window scrolls the page, and is left alone).
  function bringIntoSight(box, row) {
    if (!row || box.scrollHeight <= box.clientHeight) return;
    const b = box.getBoundingClientRect(), r = row.getBoundingClientRect();
    if (r.top < b.top) box.scrollTop += r.top - b.top;
    else if (r.bottom > b.bottom) box.scrollTop += Math.min(r.bottom - b.bottom, r.top - b.top);
  }

  let watched = null;
  function keepChosenInSight(box) {
    if (watched === box || !window.ResizeObserver) return;
    watched = box;
    new ResizeObserver(() => bringIntoSight(box, box.querySelector('.incident-row.active'))).observe(box);
  }

  // A screen reader says a new C1 / immediate incident at once (the sound is off by default, and a
  // row scrolled into sight is not heard); the words sit in a hidden live region (incident_queue.py).
  function announce(r) {
    const say = document.getElementById('queue-announce');
    if (!r || !say) return;
    say.textContent = 'New ' + (r.badge || 'urgent') + ' incident ' + r.id + ': ' + r.type + ', ' + r.area;
  }

  document.addEventListener('pointermove', function (e) {
    const over = e.pointerType === 'mouse' && e.target.closest && e.target.closest('#incident-queue');
    pointerAt = over ? Date.now() : 0;
    if (!over && held) release();   // the pointer left: catch up at once
  });

  // A row redrawn between the press and the release (its words changed: a unit's news) is a new
  // element, and the browser sends no click at all: the officer's click was lost. The row pressed is
  // remembered, and a release on its redrawn self chooses it.
  let pressed = null;   // {el, id}
  const rowOf = e => e.target.closest && e.target.closest('#incident-queue .incident-row');
  document.addEventListener('pointerdown', function (e) {
    const row = rowOf(e);
    pressed = row ? {el: row, id: row.dataset.incident} : null;
  });
  document.addEventListener('pointerup', function (e) {
    const row = rowOf(e), was = pressed;
    pressed = null;
    if (row && was && !was.el.isConnected && row.dataset.incident === was.id) choose(row);
  });
  document.addEventListener('click', function (e) {
    const row = rowOf(e);
    if (row) choose(row);
  });

  function choose(row) {
    if (!window.dash_clientside.set_props) return;
    document.querySelectorAll('#incident-queue .incident-row.active').forEach(r => {
      r.classList.remove('active');
      r.removeAttribute('aria-current');
    });
    row.classList.add('active');
    row.setAttribute('aria-current', 'true');
    clicked = row.dataset.incident;
    window.dash_clientside.set_props('selected-incident', {data: row.dataset.incident});
  }

  window.dash_clientside.jru_queue = {render: render};
})();
