// Admin: screens the manager draws (issue 15 item 3). The list of screens (GET /api/screens),
// each with "Edit", and "Draw a new screen". The editor draws the screen's grid, row A nearest
// the screen: every place of every row is a button, a seat (its label, "A3") or a gap (an aisle
// when a column has no seat). Choose what a click makes — a seat, a wheelchair space, a
// companion seat, a blocked seat (never sold), or an aisle — and its category, then click places
// (or move with the arrow keys and press Space or Enter; one tab stop for the whole grid).
// A companion seat is tied to the nearest wheelchair space of its row (or of the screen), and
// says so in its name; with no wheelchair space yet the page says to draw one first. Rows and
// columns are added and removed at the back and right; "Number seats left to right" renumbers
// every row (a new screen is numbered that way as it is drawn; an existing screen keeps its
// seats' labels, new seats taking the lowest free number, so seats held for a show keep theirs).
// Saving sends the whole layout: POST /api/screens for a new one, PUT /api/screens/<id> for an
// edit. A refusal is a sentence at the Save button: SCREEN_IN_USE names the show holding a
// changed seat; a field error names the row and seat. On a phone the grid scrolls sideways in
// its box with a fading edge and a hint while part of it is out of sight.

import { ApiError, api, el, sentence, showError } from '../api.js';
import { renderNav } from '../nav.js';
import { showCronWarning } from '../site-status.js';

const MAX_ROWS = 30;
const MAX_COLS = 80;
const MAX_ROW_SEATS = 60;

const notice = document.getElementById('screens-notice');
const list = document.getElementById('screen-list');
const editor = document.getElementById('editor');
const heading = document.getElementById('editor-heading');
const form = document.getElementById('screen-form');
const nameInput = document.getElementById('screen-name');
const categorySelect = document.getElementById('paint-category');
const gridBox = document.getElementById('editor-grid');
const scroller = document.getElementById('editor-scroll');
const scrollBox = document.getElementById('editor-box');
const scrollHint = document.getElementById('editor-scroll-hint');
const summary = document.getElementById('editor-summary');
const errorBox = document.getElementById('editor-error');

const KIND_WORDS = { standard: 'seat', wheelchair: 'wheelchair space', companion: 'companion seat', blocked: 'blocked seat, never sold' };

// The layout being drawn: rows (front first) of { row: 'A', seats: Map col → seat }, cols wide.
let screenId = null;            // null: a new screen
let fresh = true;               // never saved: numbered left to right as it is drawn
let rows = [];
let cols = 10;
let focusAt = { r: 0, c: 1 };   // the grid's one tab stop

const rowLetter = (i) => (i < 26 ? String.fromCharCode(65 + i) : `${String.fromCharCode(64 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`);

function say(kind, text) {
  notice.className = `notice ${kind}`;
  notice.replaceChildren(el('p', null, text));
}

// What a click on the grid did: beside the grid (on a phone the top of the page is out of
// sight), spoken by its live region.
const said = document.getElementById('editor-said');
function tell(text) {
  said.textContent = text;
}

// --- the list ----------------------------------------------------------------------------------

async function loadList() {
  const screens = await api('GET', '/api/screens');
  const cats = new Set();
  for (const s of screens) for (const c of s.categories || []) cats.add(c.name);
  if (!cats.size) cats.add('Standard');
  const keep = categorySelect.value;
  categorySelect.replaceChildren(...[...cats].map((c) => el('option', { value: c }, c)));
  if ([...cats].includes(keep)) categorySelect.value = keep;
  list.replaceChildren(...screens.map((s) => el('li', { 'data-screen': s.id },
    el('span', { class: 'screen-name' }, s.name),
    el('span', { class: 'muted' }, ` ${s.seats_total} seats`),
    el('button', { type: 'button', class: 'secondary', 'data-action': 'edit', onclick: () => openScreen(s.id) },
      'Edit', el('span', { class: 'visually-hidden' }, ` ${s.name}`)))));
  list.removeAttribute('aria-busy');
}

// --- the layout --------------------------------------------------------------------------------

function fromLayout(layout) {
  rows = layout.rows.map((r) => ({ row: r.row, seats: new Map(r.seats.map((s) => [s.col, { ...s }])) }));
  cols = Math.max(1, ...layout.rows.flatMap((r) => r.seats.map((s) => s.col)));
}

function blank() {
  rows = [];
  cols = 10;
  for (let i = 0; i < 5; i++) {
    const seats = new Map();
    for (let c = 1; c <= cols; c++) seats.set(c, { seat: `${rowLetter(i)}${c}`, col: c, category: categorySelect.value || 'Standard', kind: 'standard', companion_of: null });
    rows.push({ row: rowLetter(i), seats });
  }
}

const sortedSeats = (r) => [...r.seats.values()].sort((a, b) => a.col - b.col);

/** Every seat of row r numbered 1.. from the left; companions follow their spaces' new labels. */
function renumber(which = rows) {
  const renamed = new Map();
  for (const r of which) {
    sortedSeats(r).forEach((s, i) => {
      const label = `${r.row}${i + 1}`;
      if (s.seat !== label) renamed.set(s.seat, label);
      s.seat = label;
    });
  }
  for (const r of rows) for (const s of r.seats.values()) if (s.companion_of && renamed.has(s.companion_of)) s.companion_of = renamed.get(s.companion_of);
}

function freeNumber(r) {
  const used = new Set(sortedSeats(r).map((s) => Number(s.seat.slice(r.row.length))));
  let n = 1;
  while (used.has(n)) n++;
  return n;
}

/** The wheelchair spaces a companion at row ri, col may go with, nearest first (its row first). */
function spacesByDistance(ri, col) {
  const out = [];
  rows.forEach((r, i) => {
    for (const s of r.seats.values()) {
      if (s.kind !== 'wheelchair' || (i === ri && s.col === col)) continue;
      out.push({ s, d: Math.abs(s.col - col) + Math.abs(i - ri) * 1000 });
    }
  });
  return out.sort((a, b) => a.d - b.d).map((x) => x.s);
}
const nearestSpace = (ri, col) => spacesByDistance(ri, col)[0] || null;

/** A companion whose space went away (or stopped being one) is tied again, or becomes a seat. */
function retie() {
  const spaces = new Set(rows.flatMap((r) => [...r.seats.values()].filter((s) => s.kind === 'wheelchair').map((s) => s.seat)));
  rows.forEach((r, i) => {
    for (const s of r.seats.values()) {
      if (s.kind !== 'companion' || spaces.has(s.companion_of)) continue;
      const w = nearestSpace(i, s.col);
      if (w) s.companion_of = w.seat;
      else { s.kind = 'standard'; s.companion_of = null; }
    }
  });
}

/** Apply the chosen tool to row ri, column col; what happened, in words. */
function apply(ri, col) {
  const r = rows[ri];
  const tool = form.elements.paint.value;
  const category = categorySelect.value;
  let seat = r.seats.get(col);
  if (tool === 'aisle') {
    if (!seat) return `Row ${r.row}, column ${col} is already an aisle.`;
    r.seats.delete(col);
    if (fresh) renumber([r]);
    retie();
    return `${seat.seat} removed: column ${col} of row ${r.row} is an aisle.`;
  }
  if (!seat && r.seats.size >= MAX_ROW_SEATS) return `A row has at most ${MAX_ROW_SEATS} seats.`;
  let space = null;
  if (tool === 'companion') {
    // A companion clicked again is tied to the next wheelchair space, nearest first.
    const spaces = spacesByDistance(ri, col);
    if (!spaces.length) return 'Draw a wheelchair space first: a companion seat goes beside one.';
    const now = seat && seat.kind === 'companion' ? spaces.findIndex((w) => w.seat === seat.companion_of) : -1;
    space = spaces[(now + 1) % spaces.length];
  }
  if (!seat) {
    seat = { seat: `${r.row}${freeNumber(r)}`, col, category, kind: 'standard', companion_of: null };
    r.seats.set(col, seat);
    if (fresh) renumber([r]);
  }
  seat.kind = tool;
  seat.category = category;
  seat.companion_of = tool === 'companion' ? space.seat : null;
  retie();
  return `${seat.seat} is now a ${tool === 'companion' ? `companion seat for ${seat.companion_of}` : KIND_WORDS[tool]}, ${category}.`;
}

function toJson() {
  return {
    name: nameInput.value.trim(),
    rows: rows.filter((r) => r.seats.size).map((r) => ({
      row: r.row,
      seats: sortedSeats(r).map((s) => ({ seat: s.seat, col: s.col, category: s.category, kind: s.kind, companion_of: s.kind === 'companion' ? s.companion_of : null })),
    })),
  };
}

// --- the grid ----------------------------------------------------------------------------------

function cellName(r, col, s) {
  if (!s) return `Row ${r.row}, column ${col}: aisle, no seat`;
  const kind = s.kind === 'companion' ? `companion seat for ${s.companion_of}` : KIND_WORDS[s.kind];
  return `${s.seat}: row ${r.row}, column ${col}, ${kind}, ${s.category}`;
}

function cell(ri, col) {
  const r = rows[ri];
  const s = r.seats.get(col);
  const kind = s && s.kind !== 'standard' ? ` kind-${s.kind}` : '';
  const b = el('button', {
    type: 'button', class: s ? `seat editor-seat available${kind}${s.kind === 'blocked' ? ' blocked' : ''} cat-${s.category.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : 'seat editor-gap',
    'data-row': ri, 'data-col': col, 'data-seat': s ? s.seat : '', tabindex: -1, 'aria-label': cellName(r, col, s),
  }, s ? s.seat : '');
  b.style.gridColumn = String(col + 1);
  return b;
}

function draw() {
  const grid = el('div', { class: 'seat-grid editor-grid', role: 'group', 'aria-label': 'The screen, front row first', 'aria-describedby': 'grid-help' });
  grid.style.setProperty('--cols', String(cols));
  rows.forEach((r, ri) => {
    const start = el('span', { class: 'row-label', 'aria-hidden': 'true' }, r.row);
    start.style.gridColumn = '1';
    const line = el('div', { class: 'seat-row', role: 'group', 'aria-label': `Row ${r.row}` }, start);
    for (let c = 1; c <= cols; c++) line.append(cell(ri, c));
    const end = el('span', { class: 'row-label row-label-end', 'aria-hidden': 'true' }, r.row);
    end.style.gridColumn = String(cols + 2);
    line.append(end);
    grid.append(line);
  });
  gridBox.replaceChildren(grid);
  focusAt.r = Math.min(focusAt.r, rows.length - 1);
  focusAt.c = Math.min(focusAt.c, cols);
  const stop = grid.querySelector(`[data-row="${focusAt.r}"][data-col="${focusAt.c}"]`);
  if (stop) stop.tabIndex = 0;
  const n = rows.reduce((sum, r) => sum + r.seats.size, 0);
  const count = (k) => rows.reduce((sum, r) => sum + [...r.seats.values()].filter((s) => s.kind === k).length, 0);
  const many = (k, one, more) => `${count(k)} ${count(k) === 1 ? one : more}`;
  summary.textContent = `${rows.length} row${rows.length === 1 ? '' : 's'}, ${n} place${n === 1 ? '' : 's'}: `
    + `${many('wheelchair', 'wheelchair space', 'wheelchair spaces')}, ${many('companion', 'companion seat', 'companion seats')}, ${count('blocked')} blocked.`;
  cue();
}

function focusCell(ri, col) {
  const b = gridBox.querySelector(`[data-row="${ri}"][data-col="${col}"]`);
  if (!b) return;
  for (const o of gridBox.querySelectorAll('button[tabindex="0"]')) o.tabIndex = -1;
  b.tabIndex = 0;
  focusAt = { r: ri, c: col };
  b.focus();
}

gridBox.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-row]');
  if (!b) return;
  const ri = Number(b.dataset.row);
  const col = Number(b.dataset.col);
  const what = apply(ri, col);
  focusAt = { r: ri, c: col };
  draw();
  focusCell(ri, col);
  tell(what);
});

gridBox.addEventListener('keydown', (e) => {
  const b = e.target.closest('button[data-row]');
  if (!b) return;
  let ri = Number(b.dataset.row);
  let col = Number(b.dataset.col);
  switch (e.key) {
    case 'ArrowLeft': col = Math.max(1, col - 1); break;
    case 'ArrowRight': col = Math.min(cols, col + 1); break;
    case 'ArrowUp': ri = Math.max(0, ri - 1); break;
    case 'ArrowDown': ri = Math.min(rows.length - 1, ri + 1); break;
    case 'Home': col = 1; break;
    case 'End': col = cols; break;
    default: return;
  }
  e.preventDefault();
  focusCell(ri, col);
});

// Wider than the screen: a fading edge on the side out of sight, and the hint.
function cue() {
  const over = scroller.scrollWidth - scroller.clientWidth > 2;
  const atEnd = scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 2;
  scrollBox.classList.toggle('more-right', over && !atEnd);
  scrollBox.classList.toggle('more-left', over && scroller.scrollLeft > 2);
  scrollHint.hidden = !over;
}
scroller.addEventListener('scroll', cue, { passive: true });
addEventListener('resize', cue);

// --- rows and columns --------------------------------------------------------------------------

document.getElementById('add-row').addEventListener('click', () => {
  if (rows.length >= MAX_ROWS) { tell(`A screen has at most ${MAX_ROWS} rows.`); return; }
  const r = { row: rowLetter(rows.length), seats: new Map() };
  for (let c = 1; c <= Math.min(cols, MAX_ROW_SEATS); c++) r.seats.set(c, { seat: `${r.row}${c}`, col: c, category: categorySelect.value, kind: 'standard', companion_of: null });
  rows.push(r);
  draw();
  tell(`Row ${r.row} added at the back with ${r.seats.size} seats.`);
});

document.getElementById('remove-row').addEventListener('click', () => {
  if (rows.length <= 1) { tell('A screen keeps at least one row.'); return; }
  const r = rows.pop();
  retie();
  draw();
  tell(`Row ${r.row} removed.`);
});

document.getElementById('add-col').addEventListener('click', () => {
  if (cols >= MAX_COLS) { tell(`A screen is at most ${MAX_COLS} columns wide.`); return; }
  cols++;
  draw();
  tell(`Column ${cols} added on the right, as an aisle: click its places to put seats there.`);
});

document.getElementById('remove-col').addEventListener('click', () => {
  if (cols <= 1) { tell('A screen keeps at least one column.'); return; }
  for (const r of rows) r.seats.delete(cols);
  cols--;
  retie();
  draw();
  tell(`The last column removed: the grid is ${cols} columns wide.`);
});

document.getElementById('renumber').addEventListener('click', () => {
  renumber();
  draw();
  tell('Every row is numbered from 1, left to right.');
});

// --- opening and saving --------------------------------------------------------------------------

function openEditor(title) {
  heading.textContent = title;
  editor.hidden = false;
  errorBox.replaceChildren();
  tell('');
  focusAt = { r: 0, c: 1 };
  draw();
  heading.focus();
}

async function openScreen(id) {
  try {
    const layout = await api('GET', `/api/screens/${encodeURIComponent(id)}`);
    screenId = layout.id;
    fresh = false;
    nameInput.value = layout.name;
    fromLayout(layout);
    openEditor(`Edit ${layout.name}`);
  } catch (err) {
    showError(notice, err);
  }
}

document.getElementById('new-screen').addEventListener('click', () => {
  screenId = null;
  fresh = true;
  nameInput.value = '';
  blank();
  openEditor('New screen');
});

/** A field path ("rows[1].seats[3].col") in words: "row B, seat 4: ". */
function fieldWords(field) {
  const m = /^rows\[(\d+)\](?:\.seats\[(\d+)\])?/.exec(field || '');
  if (!m) return field === 'name' ? 'Name: ' : '';
  const saved = toJson().rows[Number(m[1])];
  if (!saved) return '';
  const seat = m[2] !== undefined ? saved.seats[Number(m[2])] : null;
  return seat ? `${seat.seat}: ` : `Row ${saved.row}: `;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  errorBox.replaceChildren();
  const body = toJson();
  if (!body.name) {
    showError(errorBox, new ApiError(422, 'VALIDATION_ERROR', 'give the screen a name'));
    nameInput.focus();
    return;
  }
  const save = document.getElementById('save-screen');
  save.disabled = true;
  try {
    const saved = screenId
      ? await api('PUT', `/api/screens/${encodeURIComponent(screenId)}`, body)
      : await api('POST', '/api/screens', body);
    screenId = saved.id;
    fresh = false;
    fromLayout(saved);
    heading.textContent = `Edit ${saved.name}`;
    draw();
    await loadList();
    say('success', `${saved.name} is saved. Shows scheduled on it use this layout.`);
    // The manager's next step: a show on it (the schedule page opens with this screen chosen).
    notice.append(el('p', null, el('a', { href: `/admin/schedule.html?screen_id=${encodeURIComponent(saved.id)}` },
      `Schedule a show on ${saved.name}`)));
    notice.scrollIntoView({ block: 'nearest' });
  } catch (err) {
    const box = showError(errorBox, err);
    if (err instanceof ApiError && err.code === 'VALIDATION_ERROR' && err.fields.length) {
      box.append(el('ul', null, err.fields.map((f) => el('li', null, `${fieldWords(f.field)}${sentence(f.message)}`))));
    }
  } finally {
    save.disabled = false;
  }
});

// Handlers first (above); then the data.
const user = await renderNav();
if (!user) {
  location.replace('/login.html?next=/admin/screens.html');
} else if (user.role !== 'admin') {
  say('error', 'Only an admin can draw screens.');
  for (const s of document.querySelectorAll('main section')) s.hidden = true;
  list.removeAttribute('aria-busy');
} else {
  showCronWarning();
  try { await loadList(); } catch (err) { showError(notice, err); }
}
