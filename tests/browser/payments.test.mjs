// Checkout and wallet pages, clicked through as a customer would: hold → pay by card →
// confirmed; top up the wallet; pay with wallet + card; cancel and see the refund in the
// ledger. Seats are held through the API (the seat-map page is another feature's); the
// payment itself happens only through the pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertNoConsoleErrors, withPage } from './harness.mjs';

const USER = 'customer';
const PASSWORD = 'Customer#2026';

// Answers this suite provokes on purpose; Chromium logs each as a failed load.
const PROVOKED = [
  { status: '402', url: `${BASE}/api/payments` },
  { status: '422', url: `${BASE}/api/payments` },
];

/** Log the page's context in through the API (cookie session); returns the CSRF token. */
async function logIn(page) {
  const r = await page.request.post('/api/session', { data: { username: USER, password: PASSWORD } });
  assert.equal(r.status(), 200, await r.text());
  return (await r.json()).data.csrf_token;
}

async function call(page, csrf, method, path, data) {
  const r = await page.request.fetch(path, { method, data, headers: { 'X-CSRF-Token': csrf } });
  return { status: r.status(), body: await r.json().catch(() => null) };
}

/** A demo show three days ahead (well before any refund cutoff) with n seats free. */
async function showWithSeats(page, csrf, n) {
  const health = await call(page, csrf, 'GET', '/api/health');
  const [y, m, d] = health.body.data.time.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d + 3)).toISOString().slice(0, 10);
  const shows = await call(page, csrf, 'GET', `/api/shows?date=${day}`);
  assert.equal(shows.status, 200);
  for (const show of shows.body.data) {
    const map = await call(page, csrf, 'GET', `/api/shows/${show.id}/seats`);
    const free = map.body.data.rows.flatMap((r) => r.seats).filter((s) => s.status === 'available');
    if (free.length >= n) return { show, seats: free.slice(0, n) };
  }
  throw new Error(`no demo show on ${day} with ${n} free seats`);
}

async function holdSeats(page, csrf, n) {
  const { show, seats } = await showWithSeats(page, csrf, n);
  const r = await call(page, csrf, 'POST', '/api/bookings', { show_id: show.id, seats: seats.map((s) => s.seat) });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.data;
}

async function balance(page, csrf) {
  return (await call(page, csrf, 'GET', '/api/wallet')).body.data.balance;
}

async function fillCard(page, number, { cvv = '123', expiry = '12/35', name = 'Chitra Customer' } = {}) {
  await page.fill('#card-number', '');
  await page.type('#card-number', number);
  await page.fill('#card-expiry', expiry);
  await page.fill('#card-cvv', cvv);
  await page.fill('#card-name', name);
}

test('hold, pay by card, see the booking confirmed', (t) => withPage(t, async (page) => {
  const csrf = await logIn(page);
  const booking = await holdSeats(page, csrf, 2);
  await page.goto(`/checkout.html?booking=${booking.id}`);

  await page.locator('#summary dt').first().waitFor();
  assert.match(await page.locator('#summary').textContent(), new RegExp(booking.seats.join(', ')));
  assert.match(await page.locator('#hold-timer').textContent(), /Seats held for [0-5]:[0-5]\d/);
  if (await page.isVisible('#use-wallet')) await page.uncheck('#use-wallet'); // card only

  // The logo follows the number as it is typed.
  await page.type('#card-number', '5555');
  assert.equal(await page.getAttribute('#card-brand', 'alt'), 'Mastercard');
  await page.fill('#card-number', '');
  await page.type('#card-number', '4242');
  assert.equal(await page.getAttribute('#card-brand', 'alt'), 'Visa');

  // The server's field errors land on the fields.
  await fillCard(page, '4242424242424242', { cvv: '12', expiry: '13/30' });
  await page.click('#pay-button');
  await page.locator('#card-cvv[aria-invalid="true"]').waitFor();
  assert.equal(await page.getAttribute('#card-expiry', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#card-name', 'aria-invalid'), null);
  assert.match(await page.locator('#card-cvv + .field-error').textContent(), /3 digits/);

  // A declined card leaves the booking payable.
  await fillCard(page, '4000 0000 0000 0002');
  await page.click('#pay-button');
  await page.locator('#checkout-notice.error').waitFor();
  assert.match(await page.locator('#checkout-notice').textContent(), /declined/);
  assert.equal(await page.inputValue('#card-number'), ''); // not kept after use

  await fillCard(page, '4242 4242 4242 4242');
  await page.click('#pay-button');
  await page.locator('#confirmation-heading').waitFor();
  assert.equal(await page.locator('#confirmation-heading').textContent(), 'Booking confirmed');
  assert.equal(await page.locator('#confirmation-status .badge').textContent(), 'confirmed');
  const text = await page.locator('#confirmation').textContent();
  assert.match(text, /Visa ending 4242/);
  assert.match(text, new RegExp(`#${booking.id}`));
  const now = await call(page, csrf, 'GET', `/api/bookings/${booking.id}`);
  assert.equal(now.body.data.status, 'confirmed');
  assertNoConsoleErrors(page, PROVOKED);
}));

test('top up the wallet and see it in the ledger', (t) => withPage(t, async (page) => {
  const csrf = await logIn(page);
  const before = await balance(page, csrf);
  await page.goto('/wallet.html');
  await page.locator('#wallet-body:not([hidden])').waitFor();

  await page.fill('#topup-amount', '0.50'); // below the minimum: said on the field
  await page.click('#topup-button');
  await page.locator('#topup-amount[aria-invalid="true"]').waitFor();

  await page.fill('#topup-amount', '100.00');
  await fillCard(page, '5555555555554444');
  assert.equal(await page.getAttribute('#card-brand', 'alt'), 'Mastercard');
  await page.click('#topup-button');
  await page.locator('#wallet-notice.success').waitFor();
  assert.equal(await balance(page, csrf), before + 10000);
  assert.match(await page.locator('#balance').textContent(), /₹/);
  // The ledger is read again after the top-up: wait for it (earlier suites may have left
  // rows in this customer's ledger, which show until then).
  await page.waitForFunction(() => /Top-up by Mastercard ending 4444/
    .test(document.querySelector('#ledger tbody tr')?.textContent || ''));
  const first = page.locator('#ledger tbody tr').first();
  assert.match(await first.textContent(), /Top-up by Mastercard ending 4444/);
  assert.equal(await page.inputValue('#card-number'), ''); // not kept after use
  assert.match(await first.textContent(), /\+₹100\.00/);
  assertNoConsoleErrors(page);
}));

test('pay with wallet + card, cancel, and see the refund in the ledger', (t) => withPage(t, async (page) => {
  const csrf = await logIn(page);
  // Enough seats that the wallet cannot cover them all.
  let have = await balance(page, csrf);
  if (have === 0) {
    const r = await call(page, csrf, 'POST', '/api/wallet/topups',
      { amount: 5000, card: { number: '4242424242424242', cvv: '123', expiry: '12/35', name: 'Chitra Customer' } });
    assert.equal(r.status, 200);
    have = 5000;
  }
  let booking = null;
  for (let n = 1; n <= 10 && !booking; n++) {
    const b = await holdSeats(page, csrf, n);
    if (b.amount > have) booking = b;
    else await call(page, csrf, 'DELETE', `/api/bookings/${b.id}`);
  }
  assert.ok(booking, `the demo wallet (${have}) covers 10 seats: cannot test wallet + card`);

  await page.goto(`/checkout.html?booking=${booking.id}`);
  await page.locator('#summary dt').first().waitFor();
  assert.equal(await page.isChecked('#use-wallet'), true);
  const breakdown = await page.locator('#breakdown').textContent();
  assert.match(breakdown, /From wallet/);
  assert.match(breakdown, /By card/);
  await fillCard(page, '4242424242424242');
  await page.click('#pay-button');
  await page.locator('#confirmation-heading').waitFor();
  const text = await page.locator('#confirmation').textContent();
  assert.match(text, /From wallet/);
  assert.match(text, /Visa ending 4242/);
  assert.equal(await balance(page, csrf), 0);

  // Cancel from the confirmation: two steps, then the refund.
  assert.equal(await page.isVisible('#cancel-confirm'), false);
  await page.click('#cancel-booking');
  assert.equal(await page.isVisible('#cancel-booking'), false);
  await page.click('#cancel-confirm');
  await page.locator('.cancel-box .notice.success').waitFor();
  assert.match(await page.locator('.cancel-box').textContent(), /refunded to your wallet/);
  assert.equal(await balance(page, csrf), booking.amount);

  await page.click('.cancel-box a[href="/wallet.html"]');
  await page.locator('#wallet-body:not([hidden])').waitFor();
  const first = page.locator('#ledger tbody tr').first();
  assert.equal(await first.getAttribute('data-kind'), 'refund');
  assert.match(await first.textContent(), new RegExp(`Refund for booking ${booking.id}`));
  const second = page.locator('#ledger tbody tr').nth(1);
  assert.equal(await second.getAttribute('data-kind'), 'payment');
  assertNoConsoleErrors(page, PROVOKED);
}));

test('an expired hold cannot be paid and says so', (t) => withPage(t, async (page) => {
  const csrf = await logIn(page);
  const booking = await holdSeats(page, csrf, 1);
  // The page counts down on the site's clock: pretend it is 5 minutes later.
  await page.route('**/api/health', async (route) => {
    const res = await route.fetch();
    const j = await res.json();
    const later = new Date(Date.parse(j.data.time) + 301_000);
    j.data.time = later.toISOString();
    await route.fulfill({ response: res, json: j });
  });
  await page.goto(`/checkout.html?booking=${booking.id}`);
  await page.locator('#hold-timer.expired').waitFor();
  assert.match(await page.locator('#hold-timer').textContent(), /expired/);
  assert.equal(await page.isDisabled('#pay-button'), true);
  await call(page, csrf, 'DELETE', `/api/bookings/${booking.id}`);
  assertNoConsoleErrors(page);
}));
