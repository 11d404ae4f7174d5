// Wallet: the balance, a top-up by card, and the ledger (newest first, older pages on demand).
// Errors: markFields on the top-up form (the card's fields included), showError in the notice
// for what no field holds; dates through cinema-time.js.

import { api, ApiError, el, markFields, showError } from '../api.js';
import { renderNav } from '../nav.js';
import { cinemaWhen } from '../cinema-time.js';
import { formatMoney, parseMoney } from '../money.js';
import { clearCardSecrets, readCard, wireCardFields } from '../pay.js';

const notice = document.getElementById('wallet-notice');
const body = document.getElementById('wallet-body');
const form = document.getElementById('topup-form');
const button = document.getElementById('topup-button');
const tbody = document.querySelector('#ledger tbody');
const more = document.getElementById('ledger-more');
const MIN = 100;
const MAX = 1000000;

let currency = 'INR';
let next = null;

function showBalance(minor) {
  document.getElementById('balance').textContent = formatMoney(minor, currency);
}

// On a phone the ledger is a list of cards (table.stack): each cell says what it is.
function ledgerRow(t) {
  const amount = el('td', { class: `num ${t.amount < 0 ? 'debit' : 'credit'}`, 'data-label': 'Amount' },
    `${t.amount > 0 ? '+' : ''}${formatMoney(t.amount, currency)}`);
  const what = el('td', { 'data-label': 'What' }, t.description);
  return el('tr', { 'data-kind': t.kind },
    el('td', { 'data-label': 'Date' }, cinemaWhen(t.created_at)), what, amount,
    el('td', { class: 'num', 'data-label': 'Balance' }, formatMoney(t.balance_after, currency)));
}

async function loadLedger(reset) {
  const q = new URLSearchParams({ limit: '20' });
  if (!reset && next) q.set('before', String(next));
  const data = await api('GET', `/api/wallet/transactions?${q}`);
  if (reset) tbody.replaceChildren();
  tbody.append(...data.transactions.map(ledgerRow));
  next = data.next_before;
  more.hidden = !next;
  document.getElementById('ledger-empty').hidden = tbody.children.length > 0;
}

async function topUp(ev) {
  ev.preventDefault();
  markFields(form, null);
  notice.className = 'notice';
  notice.replaceChildren();
  const amount = parseMoney(form.elements.namedItem('amount').value);
  if (amount === null || amount < MIN || amount > MAX) {
    markFields(form, { fields: [{ field: 'amount', message:
      `Enter an amount from ${formatMoney(MIN, currency)} to ${formatMoney(MAX, currency)}.` }] });
    return;
  }
  button.disabled = true;
  button.textContent = 'Adding…';
  try {
    const data = await api('POST', '/api/wallet/topups', { amount, card: readCard(form) });
    clearCardSecrets(form);
    form.elements.namedItem('amount').value = '';
    showBalance(data.balance);
    notice.className = 'notice success';
    notice.replaceChildren(`Added ${formatMoney(amount, currency)} to your wallet.`);
    await loadLedger(true);
  } catch (err) {
    if (err instanceof ApiError && err.fields.length) {
      const rest = markFields(form, err);
      if (rest.length) showError(notice, err);
    } else {
      showError(notice, err);
    }
    if (err instanceof ApiError && (err.code === 'CARD_DECLINED' || err.code === 'INSUFFICIENT_FUNDS')) {
      clearCardSecrets(form);
    }
  } finally {
    button.disabled = false;
    button.textContent = 'Add money';
  }
}

async function start() {
  const user = await renderNav();
  if (!user) {
    notice.className = 'notice error';
    notice.replaceChildren('Log in to see your wallet. ',
      el('a', { href: '/login.html?next=%2Fwallet.html' }, 'Log in'));
    return;
  }
  if (user.role !== 'customer') {
    notice.className = 'notice';
    notice.replaceChildren('Wallets belong to customer accounts.');
    return;
  }
  const w = await api('GET', '/api/wallet');
  currency = w.currency || 'INR';
  showBalance(w.balance);
  wireCardFields(form);
  form.addEventListener('submit', topUp);
  more.addEventListener('click', () => loadLedger(false).catch((err) => showError(notice, err)));
  await loadLedger(true);
  body.hidden = false;
}

start().catch((err) => showError(notice, err));
