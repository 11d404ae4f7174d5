// Walk-in sale (/walkin.html, staff and admin): pick a date and a show, pick seats on the seat
// map, enter the customer's name and phone, take the cash shown as the price due, confirm.
// POST /api/bookings with customer_name, phone and amount_paid sells the seats at once
// (confirmed, paid in cash); the page then shows the booking id and a link to the ticket, and
// stays shown until the next sale starts (a seat picked, a name typed). After a sale the form
// is empty again and the show list's free counts and the map are read again.
// "Cash received" is the counter's arithmetic only (the change to give, computed as it is
// typed; less than the price is refused on the field): the API is sent amount_paid = the price
// (DESIGN §7: it must equal it). Left empty, the customer paid the exact amount.
// The show page's "Sell at the counter" arrives here with ?show_id=…&seats=A1,A2; the schedule
// page's "Block seats…" with ?show_id=…&block=1 (the page opens in block mode).
//
// The map is the show page's (seatmap.js, keyboard included) and is asked again every 10 s
// with If-None-Match, so a seat sold online meanwhile leaves the selection. Wider than a phone,
// it scrolls sideways with the show page's cue (seatmap.js scrollCue).
//
// "Block seats…" (issue 15 item 5) turns the same map to blocking: pick free seats, say why,
// tick "House seats" for seats kept for guests (the counter can still sell those: in the sale
// they can be picked like free ones), and POST /api/shows/<id>/blocks blocks them all or none.
// The staff's map names each block (seat.blocked = {reason, house}); the list under the form
// has an "Unblock" for each (DELETE /api/shows/<id>/blocks/<seat>). Customers see the seats as
// not on sale.
//
// Ticket types (issue 15 item 1): "Tickets" steppers (ticket-picker.js) say how many of the
// chosen seats are a child's, a senior's…, in the order picked; a seat beyond them is an
// adult's. The seats line and the price due follow ("Seats: A1 Adult, A2 Child (2)"), and the
// sale sends the typed seats; the counter's total is the server's (INVALID_AMOUNT otherwise).

import { renderNav } from '../nav.js';
import { api, el, markFields, showError } from '../api.js';
import { formatMoney, parseMoney } from '../money.js';
import { categoryClass, scrollCue, seatMap } from '../seatmap.js';
import { cinemaToday, clockTime, dateLabel } from '../shows.js';
import { ticketPicker } from '../ticket-picker.js';
import { loadTypeNames, seatsText } from '../ticket-types.js';

const POLL_MS = 10_000;

const root = document.getElementById('walkin');
const user = await renderNav();
loadTypeNames();                // the sale's "A2 Child"
const params = new URLSearchParams(location.search);

const dateInput = el('input', { type: 'date', id: 'walkin-date', name: 'date', required: true });
const showSelect = el('select', { id: 'walkin-show', name: 'show_id', required: true,
  'aria-describedby': 'walkin-show-hint' });
// The chosen show in full under the select: on a phone the select cuts its text short (the
// screen and the free count were off the edge).
const showHint = el('p', { class: 'hint', id: 'walkin-show-hint', hidden: true });
const mapBox = el('div', { class: 'walkin-map' });
const live = el('p', { class: 'visually-hidden', 'aria-live': 'assertive' });
const nameInput = el('input', { id: 'customer_name', name: 'customer_name', autocomplete: 'off', required: true,
  minlength: 3, maxlength: 70, 'aria-describedby': 'customer_name-hint' });
const phoneInput = el('input', { id: 'phone', name: 'phone', inputmode: 'numeric', autocomplete: 'off', required: true,
  pattern: '[0-9]{10}', maxlength: 10, 'aria-describedby': 'phone-hint' });
const due = el('output', { id: 'price-due', for: 'walkin-show', class: 'price-due' }, formatMoney(0));
const cashInput = el('input', { id: 'cash', name: 'cash', inputmode: 'decimal', autocomplete: 'off',
  'aria-describedby': 'cash-hint change-due' });
const change = el('output', { id: 'change-due', for: 'cash', class: 'change-due' });
const seatsChosen = el('p', { class: 'walkin-seats', id: 'walkin-seats' }, 'No seats chosen.');
const confirmButton = el('button', { type: 'submit', id: 'confirm-sale', disabled: true }, 'Confirm sale');
const notice = el('div', { class: 'notice', role: 'status' });
let mode = 'sell';             // 'sell', or 'block' ("Block seats…")
const modeButton = el('button', { type: 'button', class: 'secondary walkin-mode', id: 'block-mode', hidden: true },
  'Block seats…');
const reasonInput = el('input', { id: 'block-reason', name: 'reason', autocomplete: 'off', required: true,
  maxlength: 100, 'aria-describedby': 'block-reason-hint' });
const houseInput = el('input', { type: 'checkbox', id: 'block-house', name: 'house' });
const blockSeats = el('p', { class: 'walkin-seats', id: 'block-seats' }, 'No seats chosen.');
const blockButton = el('button', { type: 'submit', id: 'confirm-block', disabled: true }, 'Block seats');
const blockNotice = el('div', { class: 'notice', role: 'status' });
const blockList = el('ul', { class: 'block-list', id: 'block-list' });
const blockListHeading = el('h3', { id: 'block-list-heading', tabindex: -1 }, 'Blocked for this show');
const blockForm = el('form', { class: 'walkin-block', novalidate: true, 'aria-labelledby': 'block-heading', hidden: true },
  el('h2', { id: 'block-heading' }, 'Block seats'),
  el('p', { class: 'hint' }, 'Blocked seats are not on sale to customers. Pick free seats on the map.'),
  blockSeats,
  el('div', { class: 'field' }, el('label', { for: 'block-reason' }, 'Reason'), reasonInput,
    el('span', { class: 'hint', id: 'block-reason-hint' }, 'Why: a broken seat, house seats for guests (up to 100 characters)')),
  el('div', { class: 'field check-field' }, houseInput,
    el('label', { for: 'block-house' }, 'House seats (can still be sold here)')),
  blockNotice,
  el('div', { class: 'actions' }, blockButton),
  el('section', { class: 'walkin-blocks', 'aria-labelledby': 'block-list-heading' }, blockListHeading, blockList));
// How many of the chosen seats are of each type; none: every seat an adult's.
const picker = ticketPicker({ idPrefix: 'walkin-type', start: {}, onChange: () => update() });
const sale = el('form', { class: 'walkin-sale', novalidate: true, 'aria-labelledby': 'sale-heading' },
  el('h2', { id: 'sale-heading' }, 'Customer and payment'),
  picker.box,
  el('p', { class: 'hint' }, 'The chosen seats take these types in the order picked; any more are Adult.'),
  seatsChosen,
  el('div', { class: 'field' }, el('label', { for: 'customer_name' }, 'Customer name'), nameInput,
    el('span', { class: 'hint', id: 'customer_name-hint' }, '3 to 70 letters and spaces, at most 4 words')),
  el('div', { class: 'field' }, el('label', { for: 'phone' }, 'Phone'), phoneInput,
    el('span', { class: 'hint', id: 'phone-hint' }, '10 digits')),
  el('p', { class: 'due-line' }, 'Price due (cash): ', due),
  el('div', { class: 'field cash-field' }, el('label', { for: 'cash' }, 'Cash received (₹)'), cashInput,
    el('span', { class: 'hint', id: 'cash-hint' }, 'What the customer hands over; leave empty for the exact amount.'),
    change),
  notice,
  el('div', { class: 'actions' }, confirmButton));
const done = el('div', { class: 'sale-done', id: 'sale-done', hidden: true });

let shows = [];
let current = null;            // the chosen show
const seatTag = { value: null };   // the seat map's last ETag (api.js)
let timer = null;
let m = null;                  // the chosen show's seat map (seatmap.js)
// The counter's words: plain states, and the sale's own limit.
const WORDS = {
  status: { available: 'available', held: 'held', sold: 'sold', mine: 'mine', blocked: 'blocked' },
  limit: (n) => `At most ${n} seats in one sale.`,
  taken: (label) => `Seat ${label} was just taken and has left the selection.`,
};

function say(text) {
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

/** The price due: each chosen seat at its type's price (the seat map's prices). */
const total = () => (m ? [...m.selected].reduce((sum, l, i) => sum + picker.priceOf(m.seat(l), i), 0) : 0);
const money = (minor) => formatMoney(minor, current?.currency || 'INR');

// The cash typed, in paise: null when empty, NaN when it is not an amount.
function cash() {
  if (cashInput.value.trim() === '') return null;
  return parseMoney(cashInput.value) ?? NaN;
}

function updateChange() {
  const c = cash();
  const t = total();
  change.classList.toggle('short', Number.isFinite(c) && c < t);
  if (c === null || t === 0) change.textContent = '';
  else if (Number.isNaN(c)) change.textContent = 'Enter an amount in rupees, like 500 or 500.50.';
  else if (c < t) change.textContent = `Short by ${money(t - c)}`;
  else change.textContent = `Change: ${money(c - t)}`;
}

// The next sale has started: the last one's confirmation goes.
function nextSale() {
  if (!done.hidden) done.hidden = true;
}

// Which seats the map lets the counter pick: to sell, free seats and house seats; to block,
// free seats.
function pickable(seat) {
  if (seat.status === 'available') return true;
  return mode === 'sell' && seat.status === 'blocked' && seat.blocked?.house === true;
}

function update() {
  const labels = m ? [...m.selected] : [];
  const typed = picker.typed(labels);
  seatsChosen.textContent = labels.length
    ? `Seats: ${typed.some((s) => typeof s !== 'string')
      ? labels.map((l, i) => `${l} ${picker.nameOf(picker.typeOf(i))}`).join(', ') : labels.join(', ')} (${labels.length})`
    : 'No seats chosen. Pick them on the map.';
  blockSeats.textContent = labels.length
    ? `Seats to block: ${labels.join(', ')} (${labels.length})`
    : 'No seats chosen.';
  due.textContent = money(total());
  confirmButton.disabled = mode !== 'sell' || labels.length === 0;
  blockButton.disabled = mode !== 'block' || labels.length === 0;
  if (labels.length && mode === 'sell') nextSale();
  updateChange();
  listBlocks();
}

// The show's blocks, each with its Unblock; drawn again only when they change (a poll must not
// take the focus from an Unblock button).
let blocksShown = null;
function listBlocks() {
  const blocked = m ? m.all().filter((s) => s.blocked) : [];
  const key = JSON.stringify(blocked.map((s) => [s.seat, s.status, s.blocked]));
  if (key === blocksShown) return;
  blocksShown = key;
  if (!blocked.length) {
    blockList.replaceChildren(el('li', { class: 'muted' }, 'No seat is blocked.'));
    return;
  }
  blockList.replaceChildren(...blocked.map((s) => el('li', null,
    el('span', null,
      el('span', { class: `seat seat-sample blocked${s.blocked.house ? ' house' : ''}`, 'aria-hidden': 'true' }),
      el('strong', null, s.seat), ` — ${s.blocked.reason}`,
      s.blocked.house ? ' · house seat' : '', s.status === 'sold' ? ' · sold' : ''),
    el('button', { type: 'button', class: 'secondary', 'aria-label': `Unblock ${s.seat}`,
      onclick: () => unblock(s.seat) }, 'Unblock'))));
}

// Selling ↔ blocking: the selection starts again, since the two pick different seats.
function setMode(next) {
  mode = next;
  if (m) m.clear();
  sale.hidden = mode !== 'sell';
  if (mode !== 'sell') done.hidden = true;
  blockForm.hidden = mode !== 'block';
  modeButton.textContent = mode === 'sell' ? 'Block seats…' : 'Back to selling';
  blockNotice.className = 'notice';
  blockNotice.replaceChildren();
  update();
  say(mode === 'sell' ? 'Selling seats.' : 'Blocking seats: pick free seats on the map.');
}

// What the colours and prices of the map mean (the map data names each category's price).
function legend(map) {
  const sample = (cls, text) => el('li', null, el('span', { class: `seat-sample seat ${cls}`, 'aria-hidden': 'true' }), text);
  return el('div', { class: 'seat-legend walkin-legend' },
    el('ul', { class: 'legend-states', 'aria-label': 'Seat states' },
      sample('available', 'Available'), sample('available picked', 'Chosen'),
      sample('held', 'Held'), sample('sold', 'Sold'),
      sample('blocked', 'Blocked'), sample('blocked house', 'House seat'),
      // Seats for everyone, as the show page names them: only when the screen has them.
      map.rows.some((r) => r.seats.some((s) => s.kind === 'wheelchair')) ? sample('available kind-wheelchair', 'Wheelchair space') : null,
      map.rows.some((r) => r.seats.some((s) => s.kind === 'companion')) ? sample('available kind-companion', 'Companion seat') : null),
    el('ul', { class: 'legend-categories', 'aria-label': 'Categories and prices' },
      (map.categories || []).map((c) => el('li', null,
        el('span', { class: `seat-sample seat available ${categoryClass(c.name)}`, 'aria-hidden': 'true' }),
        `${c.name} ${formatMoney(c.price, map.currency || current?.currency || 'INR')}`))));
}

// The seat map, asked with the last ETag (unless forced): null when unchanged (304).
function fetchSeats(force) {
  if (force) seatTag.value = null;
  return api('GET', `/api/shows/${encodeURIComponent(current.id)}/seats`, undefined, { etag: seatTag });
}

async function refresh() {
  const map = await fetchSeats(true);
  if (map) picker.update(map);
  if (map && m) m.repaint(map);
}

function poll() {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    if (current && !document.hidden) {
      try {
        const map = await fetchSeats(false);
        if (map) picker.update(map);
        if (map && m) m.repaint(map);
      } catch { /* next time */ }
    }
    poll();
  }, POLL_MS);
}

// Only the latest choice counts: a map or a day's list asked before the one after it must not
// land over it (a date changed while the page's first list was still coming back reset the
// show just chosen to "Choose a show" under a map of it, with no "Block seats…").
let showAsked = 0;
let dayAsked = 0;

async function chooseShow(id, preselect = []) {
  const asked = ++showAsked;
  current = shows.find((s) => String(s.id) === String(id)) || null;
  describeShow();
  picker.restrict(current?.movie?.certificate);   // the counter is held to the film's ages too
  m = null;
  seatTag.value = null;
  modeButton.hidden = !current;
  update();
  if (!current) {
    mapBox.replaceChildren(el('p', { class: 'muted' }, 'Choose a show.'));
    return;
  }
  mapBox.replaceChildren(el('p', { class: 'muted', role: 'status' }, 'Loading the seat map…'));
  const map = seatMap({ currency: current.currency, say, onChange: update, words: WORDS, pickable });
  try {
    const data = await fetchSeats(true);
    if (asked !== showAsked) return;
    picker.update(data);
    const grid = map.draw(data);
    // On a phone a wide screen's right-hand seats are out of sight: the show page's cue.
    const { hint, box } = scrollCue(el('div', { class: 'seat-scroll' },
      el('div', { class: 'screen-edge', 'aria-hidden': 'true' }, el('span', null, 'Screen')), grid));
    mapBox.replaceChildren(legend(data), hint, box, live);
  } catch (err) {
    if (asked === showAsked) showError(mapBox, err);
    return;
  }
  m = map;
  for (const l of preselect) if (m.seat(l)?.status === 'available') m.toggle(l);
  update();
  poll();
}

async function loadDay(date, pick, preselect) {
  const asked = ++dayAsked;
  showSelect.replaceChildren(el('option', { value: '' }, 'Loading…'));
  let list;
  try {
    list = await api('GET', `/api/shows?date=${encodeURIComponent(date)}`);
  } catch (err) {
    list = [];
    if (asked === dayAsked) showError(notice, err);
  }
  if (asked !== dayAsked) return;
  shows = list;
  showSelect.replaceChildren(
    el('option', { value: '' }, shows.length ? 'Choose a show' : 'No shows on this date'),
    ...shows.map((s) => el('option', { value: s.id }, showText(s))));
  showSelect.value = pick ? String(pick) : '';
  await chooseShow(showSelect.value, preselect);
}

const showText = (s) => `${clockTime(s.starts_at)} · ${s.movie.title} · ${s.screen.name} (${s.seats_available} free)`;

function describeShow() {
  showHint.hidden = !current;
  showHint.textContent = current
    ? `${current.movie.title} · ${current.screen.name} · ${clockTime(current.starts_at)}–${clockTime(current.ends_at)}`
      + ` · ${current.seats_available} of ${current.seats_total} seats free`
    : '';
}

// The day's shows read again after a sale: new free counts on the same options (the choice
// and the focus stay).
async function refreshShows() {
  const list = await api('GET', `/api/shows?date=${encodeURIComponent(dateInput.value)}`);
  shows = list;
  for (const s of list) {
    const option = showSelect.querySelector(`option[value="${CSS.escape(String(s.id))}"]`);
    if (option) option.textContent = showText(s);
    if (current && String(s.id) === String(current.id)) current = s;
  }
  describeShow();
}

function saleDone(b, sold) {
  done.replaceChildren(
    el('h2', { id: 'done-heading', tabindex: -1 }, `Sold: booking ${b.id}`),
    el('dl', { class: 'sale-facts' },
      el('dt', null, 'Show'), el('dd', null,
        `${current.movie.title}, ${dateLabel(current.date).long}, ${clockTime(current.starts_at)}, ${current.screen.name}`),
      el('dt', null, 'Seats'), el('dd', null, seatsText(b.seats)),
      el('dt', null, 'Customer'), el('dd', null, `${b.customer?.name || sold.name} · ${sold.phone}`),
      el('dt', null, 'Paid in cash'), el('dd', null, formatMoney(b.amount, b.currency)),
      sold.cash === null ? null : [
        el('dt', null, 'Cash received'), el('dd', null, formatMoney(sold.cash, b.currency)),
        el('dt', null, 'Change'), el('dd', { class: 'sale-change' }, formatMoney(sold.cash - b.amount, b.currency))],
      el('dt', null, 'Status'), el('dd', null, el('span', { class: `badge ${b.status}` }, b.status))),
    el('div', { class: 'actions' },
      el('a', { class: 'btn', href: `/api/tickets/${encodeURIComponent(b.id)}.pdf` }, 'Print ticket'),
      el('button', { type: 'button', class: 'secondary', id: 'sell-another', onclick: () => {
        done.hidden = true;
        (mapBox.querySelector('button.seat[tabindex="0"]') || showSelect).focus();
      } }, 'Sell another')));
  done.hidden = false;
  done.querySelector('h2').focus();
}

async function sell(event) {
  event.preventDefault();
  if (!current || !m || m.selected.size === 0) return;
  confirmButton.disabled = true;
  notice.className = 'notice';
  notice.replaceChildren();
  markFields(sale, null);
  const paid = cash();
  if (paid !== null && !(paid >= total())) {
    markFields(sale, { fields: [{ field: 'cash', message: Number.isNaN(paid)
      ? 'Enter an amount in rupees, like 500 or 500.50.'
      : `${money(paid)} is less than the price due, ${money(total())}.` }] });
    update();
    return;
  }
  const sold = { name: nameInput.value.trim(), phone: phoneInput.value.trim(), cash: paid };
  try {
    const b = await api('POST', '/api/bookings', {
      show_id: current.id, seats: picker.typed([...m.selected]), customer_name: sold.name,
      phone: sold.phone, amount_paid: total(),
    });
    // The next customer starts from an empty form; the sale stays shown until then.
    sale.reset();
    picker.reset();
    m.clear();
    saleDone(b, sold);
    await Promise.all([refresh(), refreshShows()]).catch(() => { /* the poll catches up */ });
  } catch (err) {
    // A refused value on its field (a 9-digit phone), the whole answer as a sentence above the
    // button with its request id in the Details line.
    markFields(sale, err);
    showError(notice, err);
    if (err.code === 'SEATS_UNAVAILABLE' || err.code === 'SEAT_BLOCKED' || err.code === 'INVALID_AMOUNT') {
      try { await refresh(); } catch { /* keep the map */ }
    }
  } finally {
    update();
  }
}

async function block(event) {
  event.preventDefault();
  if (!current || !m || m.selected.size === 0) return;
  blockButton.disabled = true;
  blockNotice.className = 'notice';
  blockNotice.replaceChildren();
  markFields(blockForm, null);
  const labels = [...m.selected];
  const reason = reasonInput.value.trim();
  if (!reason) {
    markFields(blockForm, { fields: [{ field: 'reason', message: 'Say why these seats are blocked.' }] });
    update();
    return;
  }
  const house = houseInput.checked;
  try {
    await api('POST', `/api/shows/${encodeURIComponent(current.id)}/blocks`, { seats: labels, reason, house });
    m.clear();
    blockForm.reset();
    blockNotice.className = 'notice success';
    blockNotice.replaceChildren(`Blocked ${labels.join(', ')}: ${reason}${house ? ' (house seats)' : ''}.`);
    await Promise.all([refresh(), refreshShows()]).catch(() => { /* the poll catches up */ });
  } catch (err) {
    markFields(blockForm, err);
    showError(blockNotice, err);
    if (err.code === 'SEATS_UNAVAILABLE') {
      try { await refresh(); } catch { /* keep the map */ }
    }
  } finally {
    update();
  }
}

async function unblock(label) {
  blockNotice.className = 'notice';
  blockNotice.replaceChildren();
  try {
    await api('DELETE', `/api/shows/${encodeURIComponent(current.id)}/blocks/${encodeURIComponent(label)}`);
    blockNotice.className = 'notice success';
    blockNotice.replaceChildren(`Seat ${label} is on sale again.`);
    await Promise.all([refresh(), refreshShows()]).catch(() => { /* the poll catches up */ });
    blockListHeading.focus();
  } catch (err) {
    showError(blockNotice, err);
  }
}

async function main() {
  if (!user || (user.role !== 'staff' && user.role !== 'admin')) {
    root.replaceChildren(el('h1', { id: 'walkin-heading' }, 'Walk-in sale'),
      el('p', null, 'Walk-in sales are made by counter staff. ',
        user ? el('a', { href: '/' }, "See today's shows") : el('a', { href: `/login.html?next=${encodeURIComponent(location.pathname + location.search)}` }, 'Log in as staff')));
    return;
  }
  const pick = el('form', { class: 'walkin-pick', 'aria-label': 'Choose the show' },
    el('div', { class: 'field' }, el('label', { for: 'walkin-date' }, 'Date'), dateInput),
    el('div', { class: 'field' }, el('label', { for: 'walkin-show' }, 'Show'), showSelect, showHint));
  pick.addEventListener('submit', (e) => e.preventDefault());
  root.replaceChildren(el('h1', { id: 'walkin-heading' }, 'Walk-in sale'), pick,
    el('div', { class: 'walkin-layout' },
      el('section', { class: 'seatmap', 'aria-labelledby': 'walkin-map-heading' },
        el('h2', { id: 'walkin-map-heading' }, 'Seats'), modeButton, mapBox),
      el('div', null, sale, done, blockForm)));
  sale.addEventListener('submit', sell);
  blockForm.addEventListener('submit', block);
  modeButton.addEventListener('click', () => setMode(mode === 'sell' ? 'block' : 'sell'));
  for (const input of [nameInput, phoneInput, cashInput]) input.addEventListener('input', nextSale);
  cashInput.addEventListener('input', () => {
    updateChange();
    // A refusal on the cash goes once the amount is put right.
    const c = cash();
    if (cashInput.getAttribute('aria-invalid') === 'true' && c !== null && c >= total()) {
      for (const id of (cashInput.getAttribute('aria-describedby') || '').split(/\s+/)) {
        if (document.getElementById(id)?.matches('.field-error[data-generated]')) document.getElementById(id).remove();
      }
      cashInput.setAttribute('aria-describedby', 'cash-hint change-due');
      cashInput.removeAttribute('aria-invalid');
    }
  });
  dateInput.addEventListener('change', () => {
    if (!dateInput.value) return;
    pick.querySelector(':scope > .notice')?.remove();   // "could not learn today" is answered
    loadDay(dateInput.value);
  });
  showSelect.addEventListener('change', () => chooseShow(showSelect.value));
  update();

  // From the show page: that show's day, the show, its seats.
  let date = null;
  const wantShow = params.get('show_id');
  const wantSeats = (params.get('seats') || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (wantShow && /^[1-9][0-9]{0,15}$/.test(wantShow)) {
    try { date = (await api('GET', `/api/shows/${encodeURIComponent(wantShow)}`)).date; } catch { date = null; }
  }
  if (!date) {
    // The cinema's today is the server's, or none: the browser's own date is the wrong day
    // when its zone is not the cinema's (toISOString's UTC date is tomorrow's in India from
    // 18:30 UTC). Say so and let the counter pick the date.
    try {
      date = await cinemaToday();
    } catch (err) {
      showError(pick, err);
      showSelect.replaceChildren(el('option', { value: '' }, 'Choose a date first'));
      return;
    }
  }
  dateInput.value = date;
  await loadDay(date, wantShow, wantSeats);
  // From the schedule page's "Block seats…": ready to block.
  if (params.get('block') === '1' && current) setMode('block');
}

main().catch((err) => showError(root, err));
