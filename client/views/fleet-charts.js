// The fleet page's live charts: messages per second, delivery latency (p50 and p99), connections and rooms,
// one line per session server over the last 10 minutes, from GET /api/fleet/history. Plain inline SVG, no
// library: each chart is a few polylines on a fixed grid, redrawn on every poll, with its latest values in
// words beside it (and as the chart's accessible name), so a spike or a slow server shows at a glance.

import { h, s, replaceChildren, setText } from '../dom.js';

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { left: 40, right: 8, top: 8, bottom: 18 };
/** One colour per server, in the order the backend lists them; they repeat after eight. */
const COLOURS = ['#5746e6', '#0e7490', '#b45309', '#be185d', '#15803d', '#7c3aed', '#b91c1c', '#475569'];

// Column of each value in a point: [at, messagesPerSecond, p50Ms, p99Ms, connections, rooms].
const AT = 0;
const CHARTS = [
  { id: 'messages', title: 'Messages per second', lines: [{ column: 1 }], format: v => fixed(v, v < 10 ? 1 : 0) },
  { id: 'latency', title: 'Delivery latency (p99, p50 dashed)', lines: [{ column: 3 }, { column: 2, dashed: true }], format: v => `${fixed(v, v < 10 ? 1 : 0)} ms` },
  { id: 'connections', title: 'Connections', lines: [{ column: 4 }], format: v => fixed(v, 0), whole: true },
  { id: 'rooms', title: 'Rooms', lines: [{ column: 5 }], format: v => fixed(v, 0), whole: true },
];

export function createFleetCharts() {
  const legend = h('ul', { class: 'chart-legend', 'aria-label': 'Session servers' });
  const charts = CHARTS.map(chart => {
    const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', class: 'chart-svg', 'aria-label': chart.title });
    const now = h('p', { class: 'chart-now' });
    const element = h('figure', { class: 'chart card', id: `chart-${chart.id}` },
      h('figcaption', { class: 'chart-title', text: chart.title }), svg, now);
    return { ...chart, svg, now, element };
  });
  const element = h('section', { class: 'fleet-charts', 'aria-labelledby': 'fleet-charts-title' },
    h('div', { class: 'charts-head' },
      h('h2', { id: 'fleet-charts-title', text: 'The last 10 minutes' }),
      legend,
    ),
    h('div', { class: 'chart-grid' }, charts.map(c => c.element)),
  );

  /** Draws `history` (the backend's answer); `nowMs` is the right edge. */
  function update(history, nowMs = Date.now()) {
    const servers = Array.isArray(history?.servers) ? history.servers.filter(sv => sv && typeof sv.host === 'string') : [];
    const windowMs = Number.isFinite(history?.windowMs) && history.windowMs > 0 ? history.windowMs : 600_000;
    const colour = new Map(servers.map((server, i) => [server.host, COLOURS[i % COLOURS.length]]));
    replaceChildren(legend, servers.map(server => h('li', {},
      h('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { colour: colour.get(server.host) } }),
      h('span', { text: server.host }))));
    for (const swatch of legend.querySelectorAll('.swatch')) swatch.style.background = swatch.dataset.colour;
    for (const chart of charts) draw(chart, servers, colour, windowMs, nowMs);
  }

  return { element, update };
}

function draw(chart, servers, colour, windowMs, nowMs) {
  // The last 10 minutes; a fleet younger than that fills the width with what it has, and the axis says so.
  const earliest = Math.min(...servers.flatMap(server => pointsOf(server).map(p => p[AT])));
  const from = Math.max(nowMs - windowMs, Number.isFinite(earliest) ? Math.min(earliest, nowMs - 60_000) : nowMs - windowMs);
  const span = nowMs - from;
  const values = servers.flatMap(server => pointsOf(server).flatMap(p => chart.lines.map(l => p[l.column])))
    .filter(v => Number.isFinite(v));
  const top = niceMax(Math.max(0, ...values), chart.whole);
  const x = t => PAD.left + ((t - from) / span) * (WIDTH - PAD.left - PAD.right);
  const y = v => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);

  const grid = [0, top / 2, top].map(v => s('g', { class: 'chart-grid-line' },
    s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v) }),
    s('text', { x: PAD.left - 4, y: y(v) + 3, 'text-anchor': 'end', text: chart.format(v) })));
  const axis = [
    s('text', { class: 'chart-axis', x: PAD.left, y: HEIGHT - 4, text: `${Math.round(span / 60000)} min ago` }),
    s('text', { class: 'chart-axis', x: WIDTH - PAD.right, y: HEIGHT - 4, 'text-anchor': 'end', text: 'now' }),
  ];
  const lines = servers.flatMap(server => chart.lines.map(line => {
    // A gap (an unknown value, a server that was down) breaks the line rather than drawing zero.
    const runs = [[]];
    for (const p of pointsOf(server)) {
      if (p[AT] < from) continue;
      if (Number.isFinite(p[line.column])) runs.at(-1).push(`${x(p[AT]).toFixed(1)},${y(p[line.column]).toFixed(1)}`);
      else if (runs.at(-1).length > 0) runs.push([]);
    }
    return runs.filter(run => run.length > 0).map(run => run.length === 1
      ? s('circle', { cx: run[0].split(',')[0], cy: run[0].split(',')[1], r: 1.8, fill: colour.get(server.host) })
      : s('polyline', {
        points: run.join(' '), fill: 'none', stroke: colour.get(server.host), 'stroke-width': 1.6,
        'stroke-dasharray': line.dashed ? '4 3' : null, 'stroke-linejoin': 'round',
      }));
  })).flat();
  replaceChildren(chart.svg, grid, axis, lines);

  const latest = servers.map(server => {
    const last = [...pointsOf(server)].reverse().find(p => chart.lines.some(l => Number.isFinite(p[l.column])));
    const shown = last ? chart.lines.map(l => (Number.isFinite(last[l.column]) ? chart.format(last[l.column]) : '–')).join(' / ') : 'no data';
    return `${server.host}: ${shown}`;
  });
  setText(chart.now, latest.length > 0 ? latest.join(' · ') : 'No session servers yet');
  chart.svg.setAttribute('aria-label', `${chart.title}, now: ${latest.join('; ') || 'no data'}`);
}

function pointsOf(server) {
  return Array.isArray(server.points) ? server.points.filter(p => Array.isArray(p) && Number.isFinite(p[AT])) : [];
}

/** A round top for the scale, at least 2: 1, 2 or 5 times a power of ten; for counts, one whose half is whole. */
function niceMax(value, whole = false) {
  if (!(value > 2)) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of whole ? [1, 2, 4, 10] : [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function fixed(value, digits) {
  return Number(value).toFixed(digits);
}
