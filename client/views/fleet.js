// The fleet page: every session server as a box with its rooms and users, refreshed about once a
// second, so a reader can watch rooms land on servers, servers start on demand and rooms move after a crash.

import { h, replaceChildren, setText } from '../dom.js';
import { fleet, fleetHistory } from '../api.js';
import { FLEET_POLL_MS, FLEET_CHARTS_POLL_MS } from '../config.js';
import { createFleetCharts } from './fleet-charts.js';

const ADMIN_TOKEN_KEY = 'scalable-chat.admin-token';

const STATE_LABELS = { starting: 'Starting', ready: 'Ready', draining: 'Draining', dead: 'Dead' };

export function fleetView(main) {
  document.title = 'Fleet · Scalable Chat';
  let alive = true;
  let timer = null;
  let chartTimer = null;
  const charts = createFleetCharts();

  const updated = h('p', { class: 'hint', id: 'fleet-updated' }, 'Loading…');
  const totals = h('div', { class: 'fleet-totals', id: 'fleet-totals' });
  const grid = h('div', { class: 'fleet-grid', id: 'fleet' });
  const problem = h('p', { class: 'banner', role: 'alert', hidden: true });
  const admin = adminForm(() => { clearTimeout(timer); poll(); });

  main.append(h('div', { class: 'page fleet-page' },
    h('header', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Fleet'),
      h('p', { class: 'lead' }, 'The session servers and the rooms they hold, live.'),
      updated,
    ),
    problem,
    totals,
    charts.element,
    grid,
    admin.element,
  ));

  const boxes = new Map(); // host -> box

  async function poll() {
    try {
      const data = await fleet(admin.token());
      if (!alive) return;
      problem.hidden = true;
      render(data.servers.filter(s => s && typeof s.host === 'string'));
      admin.accepted(data.admin === true);
      const scheduler = typeof data.scheduler === 'string' ? `${data.scheduler} scheduler · ` : '';
      setText(updated, `${scheduler}updated ${new Date().toLocaleTimeString()}`);
    } catch (e) {
      if (!alive) return;
      problem.hidden = false;
      setText(problem, `Cannot load the fleet: ${e.message}. Retrying…`);
    }
    if (alive) timer = setTimeout(poll, FLEET_POLL_MS);
  }

  function render(servers) {
    const live = servers.filter(s => s.state !== 'dead');
    const rooms = live.reduce((n, s) => n + roomCount(s), 0);
    const users = live.reduce((n, s) => n + count(s.users), 0);
    const up = live.length;
    replaceChildren(totals,
      stat(String(up), up === 1 ? 'server up' : 'servers up'),
      stat(String(rooms), rooms === 1 ? 'room' : 'rooms'),
      stat(String(users), users === 1 ? 'user' : 'users'),
    );

    if (servers.length === 0) {
      replaceChildren(grid, h('p', { class: 'card empty' }, 'No session servers are running yet. Create a room to start one.'));
      boxes.clear();
      return;
    }
    const seen = new Set();
    let cursor = grid.firstChild;
    if (cursor && !cursor.classList.contains('server')) { cursor.remove(); cursor = grid.firstChild; }
    for (const server of servers) {
      seen.add(server.host);
      let box = boxes.get(server.host);
      if (!box) {
        box = serverBox(server.host);
        boxes.set(server.host, box);
      }
      box.update(server);
      if (box.element === cursor) cursor = cursor.nextSibling;
      else grid.insertBefore(box.element, cursor);
    }
    for (const [host, box] of boxes) {
      if (!seen.has(host)) {
        box.element.remove();
        boxes.delete(host);
      }
    }
  }

  async function pollCharts() {
    try {
      const history = await fleetHistory();
      if (alive) charts.update(history);
    } catch {
      // The fleet poll above reports an unreachable backend; the charts keep their last picture.
    }
    if (alive) chartTimer = setTimeout(pollCharts, FLEET_CHARTS_POLL_MS);
  }

  poll();
  pollCharts();
  return () => {
    alive = false;
    clearTimeout(timer);
    clearTimeout(chartTimer);
  };
}

function serverBox(host) {
  const state = h('span', { class: 'state-badge' });
  const meter = h('div', { class: 'meter-fill' });
  const meterLabel = h('span', { class: 'meter-label' });
  const numbers = h('p', { class: 'server-numbers' });
  const rooms = h('ul', { class: 'room-tiles' });
  const element = h('article', { class: 'server card', dataset: { host } },
    h('header', { class: 'server-head' },
      h('h2', { class: 'server-host', text: host }),
      state,
    ),
    h('div', { class: 'meter', role: 'presentation' }, meter),
    meterLabel,
    numbers,
    rooms,
  );
  const tiles = new Map(); // room key -> element

  function update(server) {
    const stateName = STATE_LABELS[server.state] ? server.state : 'unknown';
    element.dataset.state = stateName;
    setText(state, STATE_LABELS[server.state] ?? String(server.state ?? 'Unknown'));
    state.className = `state-badge ${stateName}`;

    const list = roomsOf(server);
    const hosted = roomCount(server);
    const max = count(server.maxRooms);
    meter.style.width = max > 0 ? `${Math.min(100, (hosted / max) * 100)}%` : '0%';
    setText(meterLabel, max > 0 ? `${hosted} of ${max} rooms` : `${hosted} rooms`);
    setText(numbers, `${plural(count(server.users), 'user')} · ${plural(count(server.connections), 'connection')}`);

    const seen = new Set();
    const ordered = list.map((room, i) => {
      const key = typeof room.roomId === 'string' ? `id:${room.roomId}` : `n:${i}`;
      seen.add(key);
      let tile = tiles.get(key);
      if (!tile) {
        tile = roomTile(room, i);
        tiles.set(key, tile);
      }
      tile.update(room);
      return tile.element;
    });
    for (const [key, tile] of tiles) if (!seen.has(key)) { tiles.delete(key); tile.element.remove(); }
    if (ordered.length === 0) {
      replaceChildren(rooms, h('li', { class: 'room-tile idle' }, 'No rooms'));
    } else {
      rooms.querySelector('.idle')?.remove();
      ordered.forEach((el, i) => { if (rooms.children[i] !== el) rooms.insertBefore(el, rooms.children[i] ?? null); });
    }
  }

  return { element, update };
}

function roomTile(room, index) {
  const users = h('span', { class: 'room-users' });
  const label = typeof room.roomId === 'string'
    ? h('a', { class: 'room-name', href: `/room/${encodeURIComponent(room.roomId)}`, title: room.roomId, text: room.roomId })
    : h('span', { class: 'room-name', text: `Room ${index + 1}` });
  const element = h('li', { class: 'room-tile' }, label, users);
  return {
    element,
    update(r) {
      const n = count(r.users);
      setText(users, plural(n, 'user'));
      element.classList.toggle('busy', n > 0);
    },
  };
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function stat(value, label) {
  return h('div', { class: 'stat' }, h('strong', { text: value }), h('span', { text: label }));
}

/** The server's rooms: `roomList` (the backend's shape), or `rooms` when that is the list itself. */
function roomsOf(server) {
  const list = Array.isArray(server.roomList) ? server.roomList : Array.isArray(server.rooms) ? server.rooms : [];
  return list.filter(r => r && typeof r === 'object');
}

function roomCount(server) {
  return Number.isFinite(server.rooms) ? count(server.rooms) : roomsOf(server).length;
}

/** Room ids are secrets, so the fleet shows them only to a holder of the backend's ADMIN_TOKEN. */
function adminForm(onChange) {
  const input = h('input', { id: 'admin-token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const status = h('p', { class: 'hint', role: 'status' });
  let accepted = null;
  const stored = () => sessionStorage.getItem(ADMIN_TOKEN_KEY) || '';
  const forget = h('button', {
    type: 'button', class: 'button ghost small',
    onclick: () => { sessionStorage.removeItem(ADMIN_TOKEN_KEY); input.value = ''; refresh(); onChange(); },
  }, 'Forget');
  const refresh = () => {
    forget.hidden = stored() === '';
    setText(status, stored() === '' ? 'Room ids are shown only with the admin token.'
      : accepted === false ? 'This admin token was not accepted.' : accepted ? 'Room ids shown.' : '');
  };
  const element = h('details', { class: 'card admin', open: stored() !== '' },
    h('summary', {}, 'Show room ids (admin)'),
    h('form', {
      class: 'stack',
      onsubmit: event => {
        event.preventDefault();
        if (input.value.trim() === '') return;
        sessionStorage.setItem(ADMIN_TOKEN_KEY, input.value.trim());
        input.value = '';
        accepted = null;
        refresh();
        onChange();
      },
    },
      h('label', { for: 'admin-token' }, 'Admin token'),
      h('div', { class: 'row' }, input, h('button', { type: 'submit', class: 'button small' }, 'Use'), forget),
      status,
    ),
  );
  refresh();
  return {
    element,
    token: () => stored() || null,
    accepted(value) {
      if (accepted === value) return;
      accepted = value;
      refresh();
    },
  };
}

function count(value) {
  return Number.isFinite(value) && value >= 0 ? value : 0;
}
