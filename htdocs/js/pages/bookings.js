// My bookings (/bookings.html): the customer's bookings, newest first, each with its status
// badge; a pending one can be paid (payments page) or cancelled, a paid one has its ticket.
// Staff and admin see everyone's, filtered by date and status (GET /api/bookings?…).
// Pages of 20; "Show older bookings" asks for the next page by cursor (before_id).
//
// One table is the only copy of the list: below ~600 px the stylesheet turns each row into a
// card (table.stack: every cell shows its column's name from data-label), so a phone never
// scrolls sideways. Cancelling asks in a <dialog> (its seats and time, "Cancel booking" /
// "Keep it"); a confirmed booking offers an .ics calendar file made here (RFC 5545, UTC).
//
// Until the first page of bookings arrives the table holds skeleton rows (bookings.html: grey
// bars in the real cells, aria-busy on the section). A booking cancelled after it was paid
// says "Cancelled · refunded"; one whose show the cinema cancelled says why, when the booking
// carries it (its show's "cancelled": {"at","reason"}: DELETE /api/shows/<id>).

import { renderNav } from '../nav.js';
import { ApiError, api, el, showError } from '../api.js';
import { formatMoney } from '../money.js';
import { clockTime, dateLabel } from '../shows.js';
import { ticketLinks } from '../ticket-links.js';
import { loadTypeNames, seatsText } from '../ticket-types.js';

const PAGE = 20;
const COLUMNS = ['Movie', 'When', 'Screen', 'Seats', 'Amount', 'Status', 'Actions'];
const STATUS_TEXT = {
  pending: 'Pending payment', confirmed: 'Confirmed', checked_in: 'Checked in',
  expired: 'Expired', cancelled: 'Cancelled',
};

const root = document.getElementById('bookings');
const user = await renderNav();
await loadTypeNames();          // "F7 Child": the types' names, before the first list
const staff = user && (user.role === 'staff' || user.role === 'admin');
const notice = el('div', { class: 'notice', role: 'status' });
const loading = el('p', { class: 'visually-hidden', role: 'status' }, staff ? 'Loading bookings…' : 'Loading your bookings…');
const tbody = el('tbody');
const more = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Show older bookings');
let filters = new URLSearchParams();
let lastId = null;

/** A cancelled booking that had been paid went back to the wallet (or the counter's cash). */
function refunded(b) {
  return b.status === 'cancelled' && Boolean(b.confirmed_at);
}

function badge(b) {
  const text = refunded(b) ? 'Cancelled · refunded' : STATUS_TEXT[b.status] || b.status;
  return el('span', { class: `badge ${b.status}` }, text);
}

/** Why a cancelled booking was cancelled, when the cinema cancelled its show (show.cancelled). */
function cancelWhy(b) {
  const c = b.show && b.show.cancelled;
  if (!c) return null;
  const why = typeof c.reason === 'string' ? c.reason.trim() : '';
  return why ? `The show was cancelled: ${why}` : 'The show was cancelled.';
}

function when(b) {
  const s = b.show || {};
  if (!s.date) return '';
  return `${dateLabel(s.date).long}, ${clockTime(s.starts_at)}`;
}

// --- calendar file (RFC 5545) ---------------------------------------------------------------

/** "2026-12-05T19:30:00+05:30" → "20261205T140000Z". */
export function icsTime(iso) {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** A TEXT value: backslash, semicolon, comma and line breaks escaped. */
function icsText(s) {
  return String(s ?? '').replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
}

/** Fold a content line at 75 octets (continuation lines start with a space). */
function icsFold(line) {
  const enc = new TextEncoder();
  const out = [];
  let cur = '';
  for (const ch of line) {
    if (enc.encode(cur + ch).length > (out.length ? 74 : 75)) { out.push(cur); cur = ''; }
    cur += ch;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/** The VCALENDAR text of a booking with its show. */
export function bookingIcs(b, now = new Date()) {
  const s = b.show || {};
  const where = ['SkyFox Cinema', s.screen ? s.screen.name : ''].filter(Boolean).join(', ');
  return [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//SkyFox Cinema//Bookings//EN', 'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH', 'BEGIN:VEVENT',
    `UID:booking-${b.id}@skyfox-cinema`,
    `DTSTAMP:${icsTime(now.toISOString())}`,
    `DTSTART:${icsTime(s.starts_at)}`,
    `DTEND:${icsTime(s.ends_at || s.starts_at)}`,
    `SUMMARY:${icsText(s.movie ? s.movie.title : `Show ${b.show_id}`)}`,
    `LOCATION:${icsText(where)}`,
    `DESCRIPTION:${icsText(`Booking ${b.id}, seats ${seatsText(b.seats, ' ')}`)}`,
    'END:VEVENT', 'END:VCALENDAR',
  ].map(icsFold).join('\r\n') + '\r\n';
}

function calendarLink(b) {
  const s = b.show || {};
  if (!s.starts_at) return null;
  return el('a', {
    class: 'btn secondary calendar-link',
    href: `data:text/calendar;charset=utf-8,${encodeURIComponent(bookingIcs(b))}`,
    download: `skyfox-${b.id}.ics`,
  }, 'Add to calendar');
}

// --- cancelling: one <dialog> for the page ----------------------------------------------------

const dialog = el('dialog', { id: 'cancel-dialog', class: 'confirm-dialog', 'aria-labelledby': 'cancel-dialog-heading' });
let asking = null;      // { b, tr, button } while the dialog is open

function askCancel(b, tr, button) {
  const paid = b.status === 'confirmed';
  const whose = staff ? "the customer's" : 'your';
  const yes = el('button', { type: 'button', class: 'danger', id: 'cancel-dialog-yes' }, 'Cancel booking');
  const no = el('button', { type: 'button', class: 'secondary', id: 'cancel-dialog-no' }, 'Keep it');
  const s = b.show || {};
  dialog.replaceChildren(
    el('h2', { id: 'cancel-dialog-heading' }, `Cancel booking ${b.id}?`),
    el('dl', { class: 'confirm-facts' },
      el('dt', null, 'Film'), el('dd', null, s.movie ? s.movie.title : `Show ${b.show_id}`),
      el('dt', null, 'When'), el('dd', null, when(b) || '—'),
      el('dt', null, 'Seats'), el('dd', null, seatsText(b.seats))),
    el('p', null, paid
      ? `${formatMoney(b.amount, b.currency)} goes back to ${whose} wallet and the seats are released.`
      : 'The seats are released for others to book.'),
    el('div', { class: 'actions' }, yes, no));
  asking = { b, tr, button };
  yes.addEventListener('click', () => {
    const a = asking;
    dialog.close('yes');
    cancelBooking(a.b, a.tr, a.button);
  });
  no.addEventListener('click', () => dialog.close('no'));
  dialog.showModal();
  no.focus();           // the safe answer first
}

// Focus goes back to the button that opened it (or its row's replacement), however it closed.
dialog.addEventListener('close', () => {
  const a = asking;
  asking = null;
  if (a && dialog.returnValue !== 'yes' && a.button.isConnected) a.button.focus();
});

function actions(b, row) {
  const out = [];
  if (b.status === 'pending') {
    // Only the customer pays (checkout is theirs); staff may release a hold.
    if (!staff) out.push(el('a', { class: 'btn', href: `/checkout.html?booking=${encodeURIComponent(b.id)}` }, 'Pay'));
    const cancel = el('button', { type: 'button', class: 'secondary cancel-booking' }, 'Cancel');
    cancel.addEventListener('click', () => askCancel(b, row, cancel));
    out.push(cancel);
    if (b.expires_at) {
      out.push(el('span', { class: 'hint hold-until' }, `Pay by ${clockTime(b.expires_at)}`));
    }
  } else if (b.status === 'confirmed' || b.status === 'checked_in') {
    out.push(ticketLinks(b));
    if (b.status === 'confirmed') out.push(calendarLink(b));
    // A paid online booking can be cancelled for a refund to the wallet until the cutoff
    // before the show (the server has the rule and says why when it is too late); a walk-in
    // ticket is refunded in cash at the counter.
    if (b.status === 'confirmed' && !(b.customer && b.customer.walk_in)) {
      const cancel = el('button', { type: 'button', class: 'secondary cancel-booking' }, 'Cancel for refund');
      cancel.addEventListener('click', () => askCancel(b, row, cancel));
      out.push(cancel);
    }
  }
  return el('div', { class: 'booking-actions' }, out.filter(Boolean));
}

function row(b) {
  const tr = el('tr', { 'data-booking': b.id });
  const s = b.show || {};
  const why = cancelWhy(b);
  const cell = (i, attrs, ...kids) => el('td', { 'data-label': COLUMNS[i], ...attrs }, ...kids);
  tr.append(
    cell(0, null, el('strong', null, s.movie ? s.movie.title : `Show ${b.show_id}`),
      el('div', { class: 'muted' }, `Booking ${b.id}`),
      staff && b.customer ? el('div', { class: 'muted' },
        `${b.customer.name}${b.customer.walk_in ? ' (walk-in)' : ''}${b.customer.phone ? ` · ${b.customer.phone}` : ''}`) : null),
    cell(1, null, when(b)),
    cell(2, null, s.screen ? s.screen.name : ''),
    cell(3, null, seatsText(b.seats)),
    cell(4, { class: 'num' }, formatMoney(b.amount, b.currency),
      b.payment_type ? el('div', { class: 'muted' }, b.payment_type) : null),
    cell(5, { class: 'status' }, badge(b), why ? el('p', { class: 'booking-why' }, /[.!?]$/.test(why) ? why : `${why}.`) : null),
    cell(6, { class: 'actions-cell' }, actions(b, tr)));
  return tr;
}

async function cancelBooking(b, tr, button) {
  button.disabled = true;
  try {
    const fresh = await api('DELETE', `/api/bookings/${encodeURIComponent(b.id)}`);
    tr.replaceWith(row(fresh));
    notice.tabIndex = -1;
    notice.focus();
    notice.className = 'notice success';
    notice.replaceChildren(`Booking ${fresh.id} was cancelled; seats ${seatsText(fresh.seats)} are free again.`);
    if (fresh.refund) {
      notice.append(` ${formatMoney(fresh.refund.amount, fresh.refund.currency)} was refunded to ${staff ? "the customer's" : 'your'} wallet`,
        fresh.refund.wallet_balance !== undefined ? ` (balance ${formatMoney(fresh.refund.wallet_balance, fresh.refund.currency)}). ` : '. ',
        staff ? '' : el('a', { href: '/wallet.html' }, 'See your wallet'));
    }
  } catch (err) {
    button.disabled = false;
    showError(notice, err);
    button.focus();
    if (err instanceof ApiError && err.code === 'INVALID_BOOKING_STATUS') {
      // It changed meanwhile (expired, or paid in another tab): show what it is now.
      try { tr.replaceWith(row(await api('GET', `/api/bookings/${encodeURIComponent(b.id)}`))); } catch { /* keep */ }
    }
  }
}

async function load(first) {
  const q = new URLSearchParams(filters);
  q.set('limit', String(PAGE));
  if (!first && lastId) q.set('before_id', String(lastId));
  more.disabled = true;
  try {
    const list = await api('GET', `/api/bookings?${q}`);
    if (first) tbody.replaceChildren();
    for (const b of list) tbody.append(row(b));
    if (list.length) lastId = list[list.length - 1].id;
    more.hidden = list.length < PAGE;
    if (first && list.length === 0) {
      tbody.append(el('tr', null, el('td', { colspan: COLUMNS.length, class: 'empty' },
        staff ? 'No bookings match.' : 'No bookings yet. ', staff ? null : el('a', { href: '/' }, "Pick a show to book seats"))));
    }
  } catch (err) {
    if (first) tbody.replaceChildren();
    showError(notice, err);
  } finally {
    more.disabled = false;
    if (first) { root.removeAttribute('aria-busy'); loading.textContent = ''; }
  }
}

function filterForm() {
  const date = el('input', { type: 'date', id: 'filter-date', name: 'date' });
  const status = el('select', { id: 'filter-status', name: 'status' },
    el('option', { value: '' }, 'Any status'),
    Object.entries(STATUS_TEXT).map(([v, t]) => el('option', { value: v }, t)));
  const form = el('form', { class: 'booking-filters', 'aria-label': 'Filter bookings' },
    el('div', { class: 'field' }, el('label', { for: 'filter-date' }, 'Show date'), date),
    el('div', { class: 'field' }, el('label', { for: 'filter-status' }, 'Status'), status),
    el('div', { class: 'field' }, el('button', { type: 'submit' }, 'Show')));
  const params = new URLSearchParams(location.search);
  date.value = params.get('date') || '';
  status.value = params.get('status') || '';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filters = new URLSearchParams();
    if (date.value) filters.set('date', date.value);
    if (status.value) filters.set('status', status.value);
    if (params.get('show_id')) filters.set('show_id', params.get('show_id'));
    lastId = null;
    load(true);
  });
  for (const k of ['date', 'status', 'show_id']) if (params.get(k)) filters.set(k, params.get(k));
  return form;
}

function main() {
  if (!user) {
    root.removeAttribute('aria-busy');
    root.replaceChildren(el('h1', { id: 'bookings-heading' }, 'My bookings'),
      el('p', null, el('a', { href: `/login.html?next=${encodeURIComponent(location.pathname + location.search)}` }, 'Log in'), ' to see your bookings.'));
    return;
  }
  const table = el('div', { class: 'table-wrap' }, el('table', { class: 'booking-table stack' },
    el('caption', { class: 'visually-hidden' }, staff ? 'Bookings' : 'Your bookings, newest first'),
    el('thead', null, el('tr', null,
      COLUMNS.map((h) =>
        el('th', { scope: 'col', class: h === 'Amount' ? 'num' : null }, h)))),
    tbody));
  // The skeleton rows stay until the first page replaces them.
  for (const tr of root.querySelectorAll('tr.skel-row')) {
    tr.setAttribute('aria-hidden', 'true');
    tbody.append(tr);
  }
  // replaceChildren() would print a null as the text "null": leave absent parts out.
  root.replaceChildren(...[el('h1', { id: 'bookings-heading' }, staff ? 'Bookings' : 'My bookings'),
    loading,
    staff ? filterForm() : null, notice, table, el('div', { class: 'actions' }, more), dialog].filter(Boolean));
  more.addEventListener('click', () => load(false));
  load(true);
}

main();
