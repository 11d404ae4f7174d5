// hold.js — a seat hold's life on the page: the countdown to the server's expires_at, a check
// with the server every few seconds (and when the countdown runs out), and a clear message when
// the hold lapses, so the page can refresh its seat map.
//
//   import { showHold } from '../hold.js';
//   const booking = await api('POST', '/api/bookings', { show_id, seats });   // the 201's data
//   const hold = showHold(container, booking, { onLapse: refreshSeats, onRelease: refreshSeats });
//   hold.stop();   // when the page moves on
//
// The countdown runs on the server's clock: what is left is expires_at − created_at of the
// answer (both stamped by the server), counted down from the moment it arrived. A visitor's
// wrong clock, or the site's clock_offset (demos and tests move the site forward in time),
// cannot make it lie; and the server has the last word: when it reports the booking expired,
// the page says so whatever the countdown shows.

import { ApiError, api, el, showError } from './api.js';
import { formatMoney } from './money.js';
import { clockTime } from './shows.js';
import { seatLabel, seatsText } from './ticket-types.js';

const CHECK_MS = 5000;

/** Milliseconds of hold left when the 201 arrived (server clock), never negative. */
export function holdMs(booking) {
  const end = Date.parse(booking.expires_at);
  const start = Date.parse(booking.created_at);
  if (Number.isNaN(end)) return 0;
  return Math.max(0, end - (Number.isNaN(start) ? Date.now() : start));
}

/** 299500 → "4:59" (whole seconds, rounded up, so 0:00 means it is over). */
export function formatLeft(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// "F5, F6", or with ticket types "F5 Adult, F7 Child" (ticket-types.js).
const seatList = (booking) => seatsText(booking.seats);

/**
 * Show the hold in container: seats, amount, a live countdown, "Pay now" and "Release seats",
 * and a "Remove F7" button per seat while it holds more than one (PATCH remove; the last seat
 * goes with "Release seats"). onLapse(booking) runs once when the server says the hold expired;
 * onRelease(booking) after the customer released it; onPaid(booking) when it is seen confirmed
 * (paid in another tab); onChange(booking) after a seat was removed here.
 * append: add the panel to container (one panel per hold) instead of replacing its content.
 * now: the server's clock (ms) for a booking read from a list, whose created_at is long past:
 * the countdown then runs to expires_at on that clock.
 * Returns { stop, panel, heading, update(booking), check, booking }.
 */
export function showHold(container, booking, { onLapse, onRelease, onPaid, onChange, append = false, now = null } = {}) {
  const arrived = performance.now();
  const total = now ? Math.max(0, Date.parse(booking.expires_at) - now()) : holdMs(booking);
  const left = () => total - (performance.now() - arrived);
  let ticker = null;
  let checker = null;
  let done = false;
  let warned = false;

  const clock = el('span', { class: 'countdown', role: 'timer', 'aria-live': 'off' }, formatLeft(left()));
  const spoken = el('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const release = el('button', { type: 'button', class: 'secondary release-hold' }, 'Release seats');
  const heading = el('h2', { id: `hold-${booking.id}-title`, tabindex: '-1' }, 'Seats held for you');
  const what = el('p', { class: 'hold-what' });
  const drops = el('ul', { class: 'hold-seats', 'aria-label': 'Seats in this hold' });
  const problem = el('div', { class: 'hold-problem' });
  const panel = el('section', { class: 'hold-panel', 'aria-labelledby': `hold-${booking.id}-title`, 'data-booking': booking.id },
    heading, what, drops,
    el('p', { class: 'hold-time' }, 'Time left to pay: ', clock,
      booking.expires_at ? el('span', { class: 'muted' }, ` (until ${clockTime(booking.expires_at)})`) : null),
    spoken, problem,
    el('div', { class: 'actions' },
      el('a', { class: 'btn pay-now', href: `/checkout.html?booking=${encodeURIComponent(booking.id)}` }, 'Pay now'),
      release));

  /** The seats and amount of booking (the countdown keeps its expires_at). */
  function update(fresh) {
    booking = { ...booking, ...fresh };
    what.textContent = `${seatList(booking)} · ${formatMoney(booking.amount, booking.currency)}`;
    const seats = (booking.seats || []).map(seatLabel);
    drops.replaceChildren(...(seats.length > 1 ? seats.map((label) => el('li', null,
      el('button', { type: 'button', class: 'secondary seat-drop', 'data-seat': label, onclick: () => drop(label) },
        `Remove ${label}`))) : []));
    drops.hidden = seats.length < 2;
  }

  async function drop(label) {
    for (const b of drops.querySelectorAll('button')) b.disabled = true;
    problem.replaceChildren();
    try {
      const fresh = await api('PATCH', `/api/bookings/${encodeURIComponent(booking.id)}`, { remove: [label] });
      update(fresh);
      spoken.textContent = `Seat ${label} removed from your hold.`;
      heading.focus();
      if (onChange) onChange(booking);
    } catch (err) {
      for (const b of drops.querySelectorAll('button')) b.disabled = false;
      if (err instanceof ApiError && (err.status === 410 || err.code === 'INVALID_BOOKING_STATUS')) check();
      else showError(problem, err);
    }
  }

  function stop() {
    done = true;
    clearInterval(ticker);
    clearTimeout(checker);
  }

  function end(kind, message, fresh) {
    if (done) return;
    stop();
    const box = el('div', { class: `notice ${kind === 'paid' ? 'success' : 'error'} hold-ended`, role: 'alert' },
      el('p', null, message));
    if (kind !== 'paid') box.append(el('p', null, 'Choose seats again on the map to book.'));
    panel.replaceWith(box);
    if (kind === 'lapsed' && onLapse) onLapse(fresh);
    if (kind === 'released' && onRelease) onRelease(fresh);
    if (kind === 'paid' && onPaid) onPaid(fresh);
  }

  const lapsed = (b) => end('lapsed',
    `Your hold on ${seatList(b)} has expired and the seats were released.`, b);

  // The server decides: pending, expired, cancelled or confirmed.
  async function check() {
    if (done) return;
    clearTimeout(checker);
    try {
      const fresh = await api('GET', `/api/bookings/${encodeURIComponent(booking.id)}`);
      if (fresh.status === 'expired') return lapsed(fresh);
      if (fresh.status === 'cancelled') return end('released', `Your hold on ${seatList(fresh)} was released.`, fresh);
      if (fresh.status === 'confirmed' || fresh.status === 'checked_in') {
        return end('paid', `Booking ${fresh.id} is paid: seats ${seatList(fresh)} are yours.`, fresh);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return end('released', 'This hold no longer exists.', booking);
      // A blip: the countdown goes on; ask again next time.
    }
    if (!done) checker = setTimeout(check, left() > 0 ? CHECK_MS : 1000);
  }

  function tick() {
    const ms = left();
    clock.textContent = formatLeft(ms);
    panel.classList.toggle('hold-ending', ms <= 60_000);
    if (!warned && ms <= 60_000 && ms > 0) {
      warned = true;
      spoken.textContent = 'One minute left to pay for your seats.';
    }
    if (ms <= 0) {
      clearInterval(ticker);
      clearTimeout(checker);
      check();
    }
  }

  release.addEventListener('click', async () => {
    release.disabled = true;
    try {
      const fresh = await api('DELETE', `/api/bookings/${encodeURIComponent(booking.id)}`);
      end('released', `Seats ${seatList(fresh)} were released.`, fresh);
    } catch (err) {
      release.disabled = false;
      if (err instanceof ApiError && err.code === 'INVALID_BOOKING_STATUS') check();
      else showError(problem, err);
    }
  });

  update(booking);
  if (append) container.append(panel);
  else container.replaceChildren(panel);
  ticker = setInterval(tick, 1000);
  checker = setTimeout(check, CHECK_MS);
  return {
    stop, panel, heading, update, check,
    get booking() { return booking; },
    get done() { return done; },
  };
}
