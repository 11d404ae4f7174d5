// Admin revenue dashboard: filters → GET /api/reports/revenue → totals, two SVG charts and a
// table of the same numbers; plus the CSV export link, which carries the chosen filters.
//
// Money arrives as integer paise and is only ever formatted with integer arithmetic. The charts
// are drawn here (no library): every SVG node is made with createElementNS and every label is
// textContent, so nothing from the server can become markup. The table under the charts holds
// the same numbers for screen readers and for copying.

import { api, el, markFields, showError } from '../api.js';
import { cinemaDay } from '../cinema-time.js';
import { renderNav } from '../nav.js';
import { showCronWarning } from '../site-status.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const SYMBOLS = { INR: '\u20b9', USD: '$', EUR: '\u20ac', GBP: '\u00a3' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const GROUPED = { day: 'grouped by day', week: 'grouped by ISO week', month: 'grouped by month',
  year: 'grouped by year', all: 'in one total' };
const FILTERS = ['group', 'month', 'year', 'movie_id', 'slot_id', 'genre'];

/** 12345678 paise → "₹1,23,456.78" (Indian grouping for INR), integers only. */
export function formatMoney(paise, currency = 'INR') {
  const neg = paise < 0;
  const v = Math.abs(paise);
  const frac = v % 100;
  const whole = (v - frac) / 100;            // exact: v - frac is a multiple of 100
  const grouped = whole.toLocaleString(currency === 'INR' ? 'en-IN' : 'en-US');
  const sym = SYMBOLS[currency] ?? `${currency} `;
  return `${neg ? '-' : ''}${sym}${grouped}.${String(frac).padStart(2, '0')}`;
}

const formatCount = (n) => n.toLocaleString('en-IN');

// A period's key as people read it: a day ("2026-12-05") in the site's one style, "Sat, 5 Dec
// 2026" (cinema-time.js), and "5 Dec" under a chart's bar where space is short; weeks
// ("2026-W49"), months ("2026-12") and years stay as the server names them.
const isDay = (key) => /^\d{4}-\d\d-\d\d$/.test(key);
const periodText = (key) => (isDay(key) ? cinemaDay(key) : key);
const periodTick = (key) => (isDay(key) ? cinemaDay(key).replace(/^\w+, /, '').replace(/ \d{4}$/, '') : key);

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Axis ticks for values up to max: a step of 1, 2 or 5 × 10^k (an integer, so money stays exact)
 * and at most 4 steps up to the first tick at or above max.
 */
function axisTicks(max) {
  if (max <= 0) return { step: 1, n: 1 };
  let step = 0;
  for (let p = 1; !step; p *= 10) {
    for (const m of [1, 2, 5]) if (!step && m * p * 4 >= max) step = m * p;
  }
  return { step, n: Math.ceil(max / step) };
}

/** Axis labels: whole rupees without the ".00". */
function formatAxisMoney(paise, currency) {
  const s = formatMoney(paise, currency);
  return paise % 100 === 0 ? s.slice(0, -3) : s;
}

const H = 280;
const M = { top: 16, right: 16, bottom: 40, left: 88 };

/**
 * Draw groups into the <svg> as bars (kind 'bar') or a line with points (kind 'line').
 * value(g) → integer; format(n) → label text.
 */
function drawChart(node, groups, { kind, value, format, axis = format, what }) {
  // Drawn at the size it is shown, so 12px text stays 12px on a phone.
  const W = Math.max(300, Math.round(node.parentElement.clientWidth || 760) - 16);
  node.replaceChildren();
  node.setAttribute('viewBox', `0 0 ${W} ${H}`);
  node.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  const values = groups.map(value);
  const ticks = axisTicks(Math.max(0, ...values));
  const top = ticks.step * ticks.n;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v) => M.top + plotH - (v * plotH) / top;

  if (!groups.length) {
    node.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'chart-empty' },
      'No bookings for these filters.'));
    node.setAttribute('aria-label', `${what}: no bookings for these filters.`);
    return;
  }

  // Grid lines and y labels at every step.
  const grid = svg('g', { class: 'chart-axis' });
  for (let i = 0; i <= ticks.n; i++) {
    const v = ticks.step * i;
    grid.append(svg('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: 'chart-grid' }));
    grid.append(svg('text', { x: M.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, axis(v)));
  }
  node.append(grid);

  const slot = plotW / groups.length;
  const every = Math.max(1, Math.ceil(groups.length / Math.max(1, Math.floor(plotW / 84))));
  const labels = svg('g', { class: 'chart-labels' });
  const marks = svg('g', { class: kind === 'bar' ? 'chart-bars' : 'chart-line' });
  const points = [];
  groups.forEach((g, i) => {
    const cx = M.left + slot * i + slot / 2;
    const v = values[i];
    const tip = svg('title', {}, `${periodText(g.key)}: ${format(v)}`);
    if (kind === 'bar') {
      const bw = Math.min(64, Math.max(1, slot * 0.7));
      const rect = svg('rect', { x: cx - bw / 2, y: y(v), width: bw, height: Math.max(0, M.top + plotH - y(v)),
        'data-key': g.key });
      rect.append(tip);
      marks.append(rect);
    } else {
      points.push(`${cx},${y(v)}`);
      const dot = svg('circle', { cx, cy: y(v), r: groups.length > 40 ? 2 : 4, 'data-key': g.key });
      dot.append(tip);
      marks.append(dot);
    }
    if (i % every === 0) {
      labels.append(svg('text', { x: cx, y: H - M.bottom + 18, 'text-anchor': 'middle' }, periodTick(g.key)));
    }
  });
  if (kind === 'line') marks.prepend(svg('polyline', { points: points.join(' ') }));
  node.append(svg('line', { x1: M.left, x2: W - M.right, y1: M.top + plotH, y2: M.top + plotH,
    class: 'chart-baseline' }));
  node.append(marks, labels);

  // A short spoken summary; the table below has every number.
  const best = values.indexOf(Math.max(...values));
  node.setAttribute('aria-label', `${what} for ${groups.length} periods from ${periodText(groups[0].key)} to `
    + `${periodText(groups[groups.length - 1].key)}; highest ${format(values[best])} in ${periodText(groups[best].key)}. `
    + 'Every value is in the table below.');
}

function renderTotals(data) {
  const t = data.totals;
  const cur = data.currency;
  const card = (label, value, id) => el('div', { class: 'card report-total', 'data-total': id },
    el('dt', null, label), el('dd', null, value));
  document.getElementById('totals').replaceChildren(
    card('Revenue', formatMoney(t.revenue, cur), 'revenue'),
    card('Bookings', formatCount(t.bookings), 'bookings'),
    card('Seats', formatCount(t.seats), 'seats'),
    card('Mean booking', formatMoney(t.mean, cur), 'mean'),
    card('Median booking', formatMoney(t.median, cur), 'median'),
  );
  // Paid bookings of shows after the window: money taken, not in the figures above.
  const a = data.booked_ahead;
  if (a && a.after) {
    document.getElementById('totals').append(el('div', { class: 'card report-total report-ahead', 'data-total': 'ahead' },
      el('dt', null, `Booked ahead (shows after ${cinemaDay(a.after)})`),
      el('dd', null, formatMoney(a.revenue, cur),
        el('span', { class: 'report-ahead-count' },
          ` · ${formatCount(a.bookings)} booking${a.bookings === 1 ? '' : 's'}, ${formatCount(a.seats)} seat${a.seats === 1 ? '' : 's'}`))));
  }
}

function renderTable(data) {
  const cur = data.currency;
  const table = document.getElementById('report-table');
  // Below ~600 px each period is a card (table.stack), each number named by its column.
  table.classList.add('stack');
  const num = (label, text) => el('td', { class: 'num', 'data-label': label }, text);
  const cells = (s) => [
    num('Revenue', formatMoney(s.revenue, cur)),
    num('Bookings', formatCount(s.bookings)),
    num('Seats', formatCount(s.seats)),
    num('Mean booking', formatMoney(s.mean, cur)),
    num('Median booking', formatMoney(s.median, cur)),
  ];
  table.tBodies[0].replaceChildren(...data.groups.map((g) =>
    el('tr', null, el('th', { scope: 'row', 'data-label': 'Period' }, periodText(g.key)), cells(g))));
  table.tFoot.replaceChildren(el('tr', null, el('th', { scope: 'row', 'data-label': 'Period' }, 'Total'), cells(data.totals)));
}

function describeRange(data) {
  const f = data.filters;
  const parts = [];
  parts.push(f.from ? `Shows from ${cinemaDay(f.from)} to ${cinemaDay(f.to)}` : 'Shows of every date');
  if (f.month && !f.year) parts.push(`in ${MONTHS[f.month - 1]} only`);
  parts.push(GROUPED[data.group] || data.group);
  return `${parts.join(', ')}.`;
}

let shown = null;      // the last report drawn, to redraw the charts at a new width

function drawCharts(data) {
  drawChart(document.getElementById('revenue-chart'), data.groups, {
    kind: 'bar', value: (g) => g.revenue, format: (v) => formatMoney(v, data.currency),
    axis: (v) => formatAxisMoney(v, data.currency), what: 'Revenue',
  });
  drawChart(document.getElementById('bookings-chart'), data.groups, {
    kind: 'line', value: (g) => g.bookings, format: formatCount, what: 'Bookings',
  });
}

function render(data) {
  shown = data;
  renderTotals(data);
  document.getElementById('report-range').textContent = describeRange(data);
  drawCharts(data);
  renderTable(data);
}

/** The filters as given in the form (empty ones left out). */
function formQuery(form) {
  const q = new URLSearchParams();
  for (const name of FILTERS) {
    const v = String(form.elements.namedItem(name).value || '').trim();
    if (v) q.set(name, v);
  }
  return q;
}

/**
 * Point the CSV link at the filters the server accepted (a refused filter never reaches it):
 * month, year, movie, slot and genre, as the export narrows by them too. The grouping only
 * says how the dashboard adds up, so it is not one.
 */
function updateCsvLink(filters, form) {
  const { month, year } = filters;
  const q = new URLSearchParams();
  if (month) q.set('month', String(month));
  if (year) q.set('year', String(year));
  for (const k of ['movie_id', 'slot_id', 'genre']) {
    if (filters[k] !== null && filters[k] !== undefined && filters[k] !== '') q.set(k, String(filters[k]));
  }
  const link = document.getElementById('csv-link');
  link.href = `/api/reports/bookings.csv${q.toString() ? `?${q}` : ''}`;
  const when = month && year ? `${MONTHS[month - 1]} ${year}`
    : year ? String(year) : month ? `every ${MONTHS[month - 1]}` : 'all dates';
  const chosen = (name) => {
    const ctl = form.elements.namedItem(name);
    return ctl && ctl.value ? ctl.options?.[ctl.selectedIndex]?.text ?? ctl.value : null;
  };
  const parts = [filters.movie_id && chosen('movie_id'), filters.slot_id && chosen('slot_id'),
    filters.genre && `${filters.genre} films`].filter(Boolean);
  const scope = parts.length ? `${parts.join(', ')}, ${when}` : month || year ? when : 'all bookings';
  link.replaceChildren('Download CSV ', el('span', { class: 'csv-scope' }, `(${scope})`));
}

function fillSelect(select, options, chosen) {
  select.append(...options.map(([value, text]) => el('option', { value }, text)));
  if (chosen && [...select.options].some((o) => o.value === chosen)) select.value = chosen;
}

/** Movies, slots and the genres of the movies, for the filter lists. Missing lists are shown as "Any" only. */
async function loadChoices(form, initial) {
  const [movies, slots] = await Promise.all([
    api('GET', '/api/movies').catch(() => []),
    api('GET', '/api/slots').catch(() => []),
  ]);
  const list = Array.isArray(movies) ? movies : [];
  fillSelect(form.elements.namedItem('movie_id'),
    list.map((m) => [String(m.id), m.title]).sort((a, b) => a[1].localeCompare(b[1])), initial.get('movie_id'));
  fillSelect(form.elements.namedItem('slot_id'),
    (Array.isArray(slots) ? slots : []).map((s) => [String(s.id), s.start ? `${s.name} (${s.start})` : s.name]),
    initial.get('slot_id'));
  const genres = new Set();
  for (const m of list) for (const g of String(m.genre || '').split(',')) if (g.trim()) genres.add(g.trim());
  fillSelect(form.elements.namedItem('genre'), [...genres].sort().map((g) => [g, g]), initial.get('genre'));
}

async function main() {
  const user = await renderNav();
  const notice = document.getElementById('notice');
  const form = document.getElementById('report-filters');
  const report = document.getElementById('report');

  if (!user || user.role !== 'admin') {
    form.hidden = true;
    report.hidden = true;
    notice.className = 'notice error';
    notice.replaceChildren(user
      ? 'Only the admin can see revenue.'
      : el('span', null, 'Please ', el('a', { href: `/login.html?next=${encodeURIComponent(location.pathname + location.search)}` }, 'log in'), ' as the admin to see revenue.'));
    return;
  }

  showCronWarning();
  const initial = new URLSearchParams(location.search);
  for (const name of ['group', 'month', 'year']) {
    const v = initial.get(name);
    const ctl = form.elements.namedItem(name);
    if (v && (ctl.tagName !== 'SELECT' || [...ctl.options].some((o) => o.value === v))) ctl.value = v;
  }
  await loadChoices(form, initial);

  let seq = 0;
  async function load() {
    const mine = ++seq;
    const q = formQuery(form);
    history.replaceState(null, '', q.toString() ? `?${q}` : location.pathname);
    report.setAttribute('aria-busy', 'true');
    try {
      const data = await api('GET', `/api/reports/revenue?${q}`);
      if (mine !== seq) return;                 // a newer request is on its way
      markFields(form, null);
      notice.className = 'notice';
      notice.replaceChildren();
      render(data);
      updateCsvLink(data.filters, form);
    } catch (err) {
      if (mine !== seq) return;
      markFields(form, err);     // a refused filter (a year of 1999) is marked on its field
      showError(notice, err);
    } finally {
      if (mine === seq) report.setAttribute('aria-busy', 'false');
    }
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  for (const ctl of form.querySelectorAll('select')) ctl.addEventListener('change', load);
  form.elements.namedItem('year').addEventListener('change', load);
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (shown) drawCharts(shown); }, 150);
  });
  await load();
}

main().catch((err) => showError(document.getElementById('main'), err));
