// Admin: ticket types and price cards (issue 15 item 1).
//
// Ticket types (GET /api/ticket-types): a table of every type with its code, ages and status,
// and "Deactivate" / "Reactivate" (PATCH /api/ticket-types/<code>; Adult, the default, has
// none: it stays on sale). "New ticket type" adds one (POST): its code is made from the name
// as it is typed (until the code is edited by hand).
//
// Price cards (GET /api/price-cards): each card as a small table, categories down, types
// across. "New price card" is a grid of the same shape — every seat category of the screens
// (GET /api/screens) by every active type — one rupee field a cell, named "Deluxe, Child (₹)"
// for a screen reader. The server refuses a card that leaves a pair out (422 naming it, e.g.
// "no price for Deluxe × child"): the page marks the cell it names, and says the sentence at
// the top. Amounts are rupees in, paise out (money.js).

import { api, el, markFields, showError } from '../api.js';
import { cinemaDay } from '../cinema-time.js';
import { formatMoney, parseMoney } from '../money.js';
import { renderNav } from '../nav.js';

const notice = document.getElementById('pricing-notice');
const tbody = document.querySelector('#types-table tbody');
const typeForm = document.getElementById('type-form');
const cardForm = document.getElementById('card-form');
const grid = document.getElementById('card-grid');
const cardsList = document.getElementById('cards-list');
document.getElementById('types-table').classList.add('stack');

let types = [];
let categories = [];

function say(text) {
  notice.className = 'notice success';
  notice.replaceChildren(el('p', null, text));
}

const ages = (t) => (t.min_age != null && t.max_age != null ? `${t.min_age}–${t.max_age}`
  : t.max_age != null ? `${t.max_age} and under` : t.min_age != null ? `${t.min_age} and over` : 'Any age');

const slug = (s) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 20);

function typeRow(t) {
  let action;
  if (t.code === 'adult') action = el('span', { class: 'muted' }, 'The default: always on sale');
  else {
    action = el('button', { type: 'button', class: 'secondary', 'data-action': 'active' },
      t.active ? 'Deactivate' : 'Reactivate', el('span', { class: 'visually-hidden' }, ` ${t.name}`));
    action.addEventListener('click', () => setActive(t, !t.active, action));
  }
  return el('tr', { 'data-code': t.code },
    el('td', { 'data-label': 'Name' }, t.name),
    el('td', { 'data-label': 'Code' }, el('code', null, t.code)),
    el('td', { 'data-label': 'Ages' }, ages(t)),
    el('td', { 'data-label': 'Status' }, el('span', { class: `badge ${t.active ? 'account-active' : 'account-disabled'}` },
      t.active ? 'On sale' : 'Not sold')),
    el('td', { 'data-label': 'Actions' }, action));
}

async function setActive(t, active, button) {
  button.disabled = true;
  try {
    await api('PATCH', `/api/ticket-types/${encodeURIComponent(t.code)}`, { active });
    say(active ? `${t.name} tickets are on sale again.` : `${t.name} tickets are no longer sold.`);
    await loadTypes();
    tbody.querySelector(`tr[data-code="${CSS.escape(t.code)}"] [data-action]`)?.focus();
  } catch (err) {
    button.disabled = false;
    showError(notice, err);
  }
}

async function loadTypes() {
  types = await api('GET', '/api/ticket-types');
  tbody.replaceChildren(...types.map(typeRow));
  drawGrid();
}

// --- the new card's grid ------------------------------------------------------------------

const cellId = (cat, code) => `price-${cat.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${code}`;

function drawGrid() {
  const active = types.filter((t) => t.active);
  const keep = new Map([...grid.querySelectorAll('input')].map((i) => [i.id, i.value]));
  const table = el('table', { class: 'price-grid' },
    el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Category'),
      active.map((t) => el('th', { scope: 'col' }, t.name)))),
    el('tbody', null, categories.map((c) => el('tr', null,
      el('th', { scope: 'row' }, c),
      active.map((t) => {
        const id = cellId(c, t.code);
        const input = el('input', { id, name: id, inputmode: 'decimal', autocomplete: 'off', size: 7,
          'aria-label': `${c}, ${t.name} (₹)`, 'data-category': c, 'data-type': t.code, value: keep.get(id) || '' });
        input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
        return el('td', null, input);
      })))));
  grid.replaceChildren(table);
}

function cardTable(card) {
  const cats = [...new Set(card.prices.map((p) => p.category))];
  const codes = [...new Set(card.prices.map((p) => p.type))];
  const name = (code) => types.find((t) => t.code === code)?.name || code;
  const price = (c, code) => card.prices.find((p) => p.category === c && p.type === code)?.price;
  return el('div', { class: 'price-card', 'data-card': card.id },
    el('h3', null, card.name, el('span', { class: 'muted' }, ` · made ${cinemaDay(card.created_at)}`)),
    // Wider than a phone: it scrolls sideways in its box, which the keyboard must reach too.
    el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Prices of the ${card.name} card` },
      el('table', { class: 'price-grid' },
      el('caption', { class: 'visually-hidden' }, `Prices of the ${card.name} card`),
      el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Category'),
        codes.map((code) => el('th', { scope: 'col' }, name(code))))),
      el('tbody', null, cats.map((c) => el('tr', null, el('th', { scope: 'row' }, c),
        codes.map((code) => el('td', { class: 'num' },
          price(c, code) === undefined ? '—' : formatMoney(price(c, code), 'INR')))))))));
}

async function loadCards() {
  const cards = await api('GET', '/api/price-cards');
  cardsList.replaceChildren(...(cards.length ? cards.map(cardTable)
    : [el('p', { class: 'muted' }, 'No price cards yet. Make one below.')]));
}

async function loadCategories() {
  const screens = await api('GET', '/api/screens');
  const seen = new Map();
  for (const s of screens || []) {
    for (const c of s.categories || []) if (!seen.has(c.name)) seen.set(c.name, c.price_offset ?? 0);
  }
  categories = [...seen].sort((a, b) => a[1] - b[1]).map(([n]) => n);
}

// --- forms --------------------------------------------------------------------------------

let codeEdited = false;
typeForm.elements.code.addEventListener('input', () => { codeEdited = true; });
typeForm.elements.name.addEventListener('input', () => {
  if (!codeEdited) typeForm.elements.code.value = slug(typeForm.elements.name.value);
});

typeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  markFields(typeForm, null);
  const f = typeForm.elements;
  const age = (v) => (v.trim() === '' ? null : Number(v));
  const body = { name: f.name.value.trim(), code: f.code.value.trim(), min_age: age(f.min_age.value), max_age: age(f.max_age.value) };
  const button = typeForm.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const t = await api('POST', '/api/ticket-types', body);
    say(`${t.name} tickets are on sale. Make a price card that prices them, for the shows to come.`);
    typeForm.reset();
    codeEdited = false;
    await loadTypes();
  } catch (err) {
    showError(notice, err);
    markFields(typeForm, err);
  } finally {
    button.disabled = false;
  }
});

cardForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  markFields(cardForm, null);
  const prices = [];
  const bad = [];
  for (const input of grid.querySelectorAll('input')) {
    const paise = parseMoney(input.value);
    if (paise === null || paise <= 0) bad.push({ field: input.id, message: input.value.trim() === ''
      ? `Enter the price for ${input.getAttribute('aria-label').replace(' (₹)', '')}.` : 'Enter an amount in rupees, like 250 or 250.50.' });
    else prices.push({ category: input.dataset.category, type: input.dataset.type, price: paise });
  }
  if (!cardForm.elements.name.value.trim()) bad.unshift({ field: 'name', message: 'Give the card a name, like Evening.' });
  if (bad.length) {
    markFields(cardForm, { fields: bad });
    notice.className = 'notice error';
    notice.replaceChildren(el('p', null, bad.length === 1 ? bad[0].message : `${bad.length} prices are missing or not amounts.`));
    return;
  }
  const button = cardForm.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const card = await api('POST', '/api/price-cards', { name: cardForm.elements.name.value.trim(), prices });
    say(`Price card ${card.name} saved.`);
    // The next step, one tap away (the schedule page opens with this card chosen); and in sight:
    // on a phone the Save button is a long way below the notice.
    notice.append(el('p', null, el('a', { href: `/admin/schedule.html?price_card_id=${encodeURIComponent(card.id)}` },
      `Schedule a show with ${card.name}`)));
    notice.scrollIntoView({ block: 'nearest' });
    cardForm.reset();
    await loadCards();
  } catch (err) {
    showError(notice, err);
    // "no price for Deluxe × child": mark that cell.
    const m = /no price for (.+) × ([a-z0-9-]+)/.exec(err.message || '');
    const cell = m && document.getElementById(cellId(m[1], m[2]));
    if (cell) markFields(cardForm, { fields: [{ field: cell.id, message: err.message }] });
    else markFields(cardForm, err);
  } finally {
    button.disabled = false;
  }
});

async function main() {
  const user = await renderNav();
  if (!user || user.role !== 'admin') {
    notice.className = 'notice error';
    notice.replaceChildren(el('p', null, 'Only an admin can change ticket types and prices. ', el('a', { href: '/login.html?next=/admin/pricing.html' }, 'Log in')));
    return;
  }
  try {
    await loadCategories();
    await loadTypes();
    await loadCards();
  } catch (err) {
    showError(notice, err);
  }
}

main();
