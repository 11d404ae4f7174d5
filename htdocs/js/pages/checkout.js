// Checkout: /checkout.html?booking=<id> — pay a held booking by card, wallet, or both, while
// the hold lasts; then the confirmation, from which a paid booking can be cancelled for a
// refund to the wallet.
//
// The server decides everything (amounts, which share the wallet pays, card checks); the
// page shows the split it will ask for and puts the server's field errors on the fields
// (markFields: aria-invalid, the sentence under the field), the whole error as a sentence at
// the top with the request id in its small Details line (showError).
// The hold's timer sticks to the top of the screen while the form scrolls; the seats are
// listed one by one with their category and price (from the show's seat map), then the total.

import { api, ApiError, el, markFields, showError } from '../api.js';
import { renderNav } from '../nav.js';
import { cinemaWhen } from '../cinema-time.js';
import { formatMoney } from '../money.js';
import { brandName, clearCardSecrets, readCard, wireCardFields } from '../pay.js';
import { loadTypeNames, seatLabel, seatsText, seatType, typeName } from '../ticket-types.js';

const notice = document.getElementById('checkout-notice');
const loading = document.getElementById('checkout-loading');
const body = document.getElementById('checkout-body');
const form = document.getElementById('pay-form');
const useWallet = document.getElementById('use-wallet');
const cardFields = document.getElementById('card-fields');
const payButton = document.getElementById('pay-button');
const timer = document.getElementById('hold-timer');

const state = { booking: null, balance: 0, currency: 'INR', skewMs: 0, tick: null, expired: false };

function fail(err) {
  loading.hidden = true;
  showError(notice, err instanceof ApiError ? err : new ApiError(0, 'ERROR', String(err)));
}

function row(dl, term, value) {
  dl.append(el('dt', null, term), el('dd', null, value));
}

function split() {
  const due = state.booking.amount;
  const wallet = useWallet.checked ? Math.min(state.balance, due) : 0;
  return { due, wallet, card: due - wallet };
}

function method(s) {
  if (s.wallet === 0) return 'card';
  return s.card === 0 ? 'wallet' : 'wallet+card';
}

function renderBreakdown() {
  const s = split();
  const dl = document.getElementById('breakdown');
  dl.replaceChildren();
  row(dl, 'Amount due', formatMoney(s.due, state.currency));
  if (s.wallet > 0) row(dl, 'From wallet', formatMoney(s.wallet, state.currency));
  if (s.wallet > 0 || s.card > 0) row(dl, 'By card', formatMoney(s.card, state.currency));
  cardFields.hidden = s.card === 0;
  cardFields.disabled = s.card === 0;
  payButton.textContent = `Pay ${formatMoney(s.due, state.currency)}`;
}

function renderSummary(b) {
  const dl = document.getElementById('summary');
  dl.replaceChildren();
  if (b.show) {
    row(dl, 'Film', b.show.movie?.title ?? '');
    row(dl, 'When', cinemaWhen(b.show.starts_at));
    row(dl, 'Screen', b.show.screen?.name ?? '');
  }
  row(dl, 'Seats', seatsText(b.seats));
  row(dl, 'Booking', `#${b.id}`);
  row(dl, 'Amount', formatMoney(b.amount, b.currency || state.currency));
}

/** Each seat with its category, ticket type and price, then the total (the booking's amount).
 * A typed booking says each seat's price as sold; plain labels are the default type's. */
function renderSeatPrices(b, map) {
  const dl = document.getElementById('seat-prices');
  const seats = new Map((map?.rows || []).flatMap((r) => r.seats).map((s) => [s.seat, s]));
  const cur = b.currency || state.currency;
  dl.replaceChildren();
  for (const one of b.seats || []) {
    const label = seatLabel(one);
    const s = seats.get(label);
    const cat = s ? s.category : '';
    const price = typeof one === 'object' && Number.isInteger(one.price) ? one.price : s ? s.price : null;
    const who = typeName(seatType(one));
    dl.append(el('dt', { 'data-seat': label, 'data-type': seatType(one) }, [label, cat, who].filter(Boolean).join(' · ')),
      el('dd', { 'data-price': price === null ? '' : String(price) }, price === null ? '—' : formatMoney(price, cur)));
  }
  dl.append(el('dt', { class: 'total' }, 'Total'),
    el('dd', { class: 'total', 'data-total': String(b.amount) }, formatMoney(b.amount, cur)));
}

function expire() {
  state.expired = true;
  clearInterval(state.tick);
  timer.classList.add('expired');
  timer.replaceChildren('Your hold has expired and the seats were released. ',
    el('a', { href: '/' }, 'Pick seats again'));
  payButton.disabled = true;
  for (const c of form.elements) c.disabled = true;
}

function startTimer(expiresAt) {
  const end = Date.parse(expiresAt);
  const show = () => {
    const left = Math.max(0, Math.round((end - (Date.now() + state.skewMs)) / 1000));
    if (left <= 0) { expire(); return; }
    const m = Math.floor(left / 60);
    const s = String(left % 60).padStart(2, '0');
    timer.textContent = `Seats held for ${m}:${s}`;
    timer.classList.toggle('soon', left <= 60);
  };
  show();
  state.tick = setInterval(show, 1000);
}

function cancelSection(b, payment, cancellableUntil) {
  const box = el('section', { class: 'card cancel-box', 'aria-labelledby': 'cancel-heading' });
  const out = el('div', { class: 'notice', role: 'status' });
  const until = cancellableUntil ? ` until ${cinemaWhen(cancellableUntil)}` : ' until 2 hours before the show';
  const start = el('button', { type: 'button', class: 'secondary', id: 'cancel-booking' }, 'Cancel booking');
  const yes = el('button', { type: 'button', class: 'danger', id: 'cancel-confirm' },
    `Yes, cancel and refund ${formatMoney(b.amount, state.currency)} to my wallet`);
  const no = el('button', { type: 'button', class: 'secondary' }, 'Keep my booking');
  const ask = el('div', { class: 'actions', hidden: true }, yes, no);

  start.addEventListener('click', () => { start.hidden = true; ask.hidden = false; yes.focus(); });
  no.addEventListener('click', () => { ask.hidden = true; start.hidden = false; start.focus(); });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      const data = await api('DELETE', `/api/bookings/${encodeURIComponent(b.id)}`);
      ask.remove();
      out.className = 'notice success';
      out.replaceChildren(
        `Booking cancelled. ${formatMoney(data.refund?.amount ?? b.amount, state.currency)} was refunded to your wallet`,
        data.refund?.wallet_balance !== undefined
          ? ` (balance ${formatMoney(data.refund.wallet_balance, state.currency)}). ` : '. ',
        el('a', { href: '/wallet.html' }, 'See your wallet'));
      document.getElementById('confirmation-status').replaceChildren(
        el('span', { class: 'badge cancelled' }, 'cancelled'));
    } catch (err) {
      yes.disabled = false;
      showError(out, err);
    }
  });
  box.append(
    el('h2', { id: 'cancel-heading' }, 'Changed your plans?'),
    el('p', null, `You can cancel${until} and get the full amount back in your wallet.`),
    start, ask, out);
  return box;
}

function showConfirmation(b, payment, wallet, cancellableUntil) {
  clearInterval(state.tick);
  timer.hidden = true;
  document.getElementById('checkout').hidden = true;
  const sec = document.getElementById('confirmation');
  const dl = el('dl', { class: 'pay-dl' });
  if (b.show) {
    row(dl, 'Film', b.show.movie?.title ?? '');
    row(dl, 'When', cinemaWhen(b.show.starts_at));
    row(dl, 'Screen', b.show.screen?.name ?? '');
  }
  row(dl, 'Seats', seatsText(b.seats));
  row(dl, 'Booking', `#${b.id}`);
  row(dl, 'Paid', formatMoney(b.amount, b.currency || state.currency));
  if (payment) {
    if (payment.card_amount > 0) {
      row(dl, `${brandName(payment.brand) || 'Card'} ending ${payment.last4 ?? ''}`,
        formatMoney(payment.card_amount, state.currency));
    }
    if (payment.wallet_amount > 0) row(dl, 'From wallet', formatMoney(payment.wallet_amount, state.currency));
    if (payment.transaction_id) row(dl, 'Transaction', payment.transaction_id);
  }
  if (wallet) row(dl, 'Wallet balance', formatMoney(wallet.balance, state.currency));

  const status = el('p', { id: 'confirmation-status' }, el('span', { class: `badge ${b.status}` }, b.status));
  const n = encodeURIComponent(b.id);
  sec.replaceChildren(
    el('h1', { id: 'confirmation-heading' }, b.status === 'confirmed' ? 'Booking confirmed' : 'Your booking'),
    status,
    el('div', { class: 'card' }, dl,
      el('div', { class: 'actions' },
        el('a', { class: 'btn', href: `/api/tickets/${n}.pdf`, download: `skyfox-ticket-${b.id}.pdf` }, 'Download ticket (PDF)'),
        // The ticket page (its QR for the door) straight from here, not by way of My bookings.
        b.status === 'confirmed' ? el('a', { class: 'btn secondary', href: `/ticket.html?id=${n}` }, 'Show QR for the door') : null,
        el('a', { class: 'btn secondary', href: '/bookings.html' }, 'My bookings'),
        el('a', { class: 'btn secondary', href: '/wallet.html' }, 'Wallet'))),
  );
  if (b.status === 'confirmed') sec.append(cancelSection(b, payment, cancellableUntil));
  sec.hidden = false;
  sec.focus();
}

async function refreshBalance() {
  try {
    const w = await api('GET', '/api/wallet');
    state.balance = w.balance;
    document.getElementById('wallet-balance').textContent = formatMoney(w.balance, state.currency);
    document.getElementById('wallet-choice').hidden = w.balance <= 0;
    if (w.balance <= 0) useWallet.checked = false;
    renderBreakdown();
  } catch { /* the balance shown stays as it was */ }
}

async function pay(ev) {
  ev.preventDefault();
  if (state.expired) return;
  const s = split();
  const req = { booking_id: state.booking.id, method: method(s) };
  if (s.card > 0) req.card = readCard(form);
  markFields(form, null);
  notice.className = 'notice';
  notice.replaceChildren();
  payButton.disabled = true;
  payButton.textContent = 'Paying…';
  try {
    const data = await api('POST', '/api/payments', req);
    clearCardSecrets(form);
    showConfirmation(data.booking || { ...state.booking, status: 'confirmed' }, data.payment, data.wallet,
      data.cancellable_until);
  } catch (err) {
    payButton.disabled = false;
    renderBreakdown();
    markFields(form, err);
    showError(notice, err);
    if (err instanceof ApiError) {
      if (err.code === 'BOOKING_EXPIRED') expire();
      if (err.code === 'CARD_DECLINED' || err.code === 'INSUFFICIENT_FUNDS') {
        clearCardSecrets(form);
        form.elements.namedItem('card.number').focus();
      }
      // A refund, a changed balance or a payment elsewhere: show the wallet as it is now.
      refreshBalance();
    }
  }
}

async function start() {
  const user = await renderNav();
  const id = new URLSearchParams(location.search).get('booking') ?? '';
  if (!user) {
    loading.hidden = true;
    notice.className = 'notice error';
    notice.replaceChildren('Log in to pay for your booking. ',
      el('a', { href: `/login.html?next=${encodeURIComponent(location.pathname + location.search)}` }, 'Log in'));
    return;
  }
  if (user.role !== 'customer') {
    // Staff and admin sell at the counter; paying online is a customer's.
    loading.hidden = true;
    notice.className = 'notice';
    notice.replaceChildren('Checkout is for customer accounts. ',
      el('a', { href: '/walkin.html' }, 'Sell seats at the counter'), ' instead.');
    return;
  }
  if (!/^[1-9]\d{0,14}$/.test(id)) {
    fail(new ApiError(404, 'BOOKING_NOT_FOUND', 'No booking was given. Pick your seats first.'));
    return;
  }
  let booking, wallet, health;
  try {
    [booking, wallet, health] = await Promise.all([
      api('GET', `/api/bookings/${id}`),
      api('GET', '/api/wallet'),
      api('GET', '/api/health').catch(() => null),
    ]);
  } catch (err) {
    fail(err);
    return;
  }
  // The site's clock may run ahead of this device's (a demo's clock_offset): count down on it.
  if (health?.time) state.skewMs = Date.parse(health.time) - Date.now();
  state.booking = booking;
  state.currency = booking.currency || wallet.currency || 'INR';
  await loadTypeNames();         // "F7 Child": the types' names
  state.balance = wallet.balance;
  loading.hidden = true;

  if (booking.status !== 'pending') {
    if (booking.status === 'confirmed' || booking.status === 'checked_in') {
      showConfirmation(booking, null, wallet, null);
      return;
    }
    notice.className = 'notice error';
    notice.replaceChildren(`This booking is ${booking.status}. `, el('a', { href: '/' }, 'Pick seats again'));
    return;
  }
  renderSummary(booking);
  renderSeatPrices(booking, null);
  // The prices per seat are the show's; the booking keeps only its total.
  api('GET', `/api/shows/${encodeURIComponent(booking.show_id)}/seats`)
    .then((map) => renderSeatPrices(booking, map), () => { /* the seats stay listed without prices */ });
  document.getElementById('wallet-balance').textContent = formatMoney(wallet.balance, state.currency);
  document.getElementById('wallet-choice').hidden = wallet.balance <= 0;
  useWallet.checked = wallet.balance > 0;
  useWallet.addEventListener('change', renderBreakdown);
  wireCardFields(form);
  form.addEventListener('submit', pay);
  renderBreakdown();
  body.hidden = false;
  timer.hidden = false;
  startTimer(booking.expires_at);
}

start().catch(fail);
