// Booking in Chromium as people do it: a customer picks seats on the seat map and holds them,
// watches the countdown, lets the hold lapse (the site's clock moved on with clock_offset) and
// sees the seats free again; from "my bookings" a hold is cancelled, another paid through
// checkout and then cancelled for a refund to the wallet; counter staff sell a walk-in
// ticket from the show page's selection and find it in the counter's bookings list.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, confPut, assertNoConsoleErrors, login, withPage } from './harness.mjs';

after(() => { if (process.env.SKYFOX_DATA) confPut('clock_offset', '0'); });

// The cron job, as cron runs it (it drops to the site's user itself).
function sweepHolds() {
  return execFileSync(`${process.env.SKYFOX_ROOT}/cron/sweep-holds`, [], {
    cwd: '/', env: { ...process.env, SKYFOX_CONF: `${process.env.SKYFOX_DATA}/skyfox.conf` },
  }).toString();
}

// A demo show `days` ahead on `screen` with at least n free seats, read through the page's
// own session; returns { show, free: [labels] }.
async function showWithFreeSeats(page, days, screen, n) {
  return page.evaluate(async ({ days, screen, n }) => {
    const get = async (path) => (await (await fetch(path)).json()).data;
    const today = (await get('/api/health')).time.slice(0, 10);
    const [y, m, d] = today.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d + days, 12)).toISOString().slice(0, 10);
    for (const show of await get(`/api/shows?date=${date}`)) {
      if (show.screen.id !== screen) continue;
      const map = await get(`/api/shows/${show.id}/seats`);
      const free = map.rows.flatMap((r) => r.seats).filter((s) => s.status === 'available').map((s) => s.seat);
      if (free.length >= n) return { show, free };
    }
    return null;
  }, { days, screen, n });
}

const seatButton = (page, label) => page.locator(`button.seat[data-seat="${label}"]`);
const seatState = async (page, label) => (await seatButton(page, label).getAttribute('aria-label')).split(', ').pop();

test('a customer holds seats on the map, sees the countdown, lets it lapse and sees them free again', (t) => withPage(t, async (page) => {
  await login(page, 'customer', 'Customer#2026');
  const found = await showWithFreeSeats(page, 5, 1, 2);
  assert.ok(found, 'a demo show five days ahead on screen 1');
  const [a, b] = found.free.slice(-2);
  await page.goto(`/show.html?id=${found.show.id}`);
  await page.getByRole('group', { name: /^Seats, / }).waitFor();
  await seatButton(page, a).click();
  await seatButton(page, b).click();
  assert.match(await page.locator('.selection-summary').textContent(), new RegExp(`^2 seats: ${a}, ${b} · Total ₹`));

  await page.getByRole('button', { name: 'Hold seats' }).click();
  const panel = page.locator('.hold-panel');
  await panel.waitFor();
  assert.equal(await panel.getByRole('heading').textContent(), 'Seats held for you');
  assert.match(await panel.locator('.hold-what').textContent(), new RegExp(`^${a}, ${b} · ₹[\\d,]+\\.\\d\\d$`));
  // The countdown runs on the server's five minutes and ticks down.
  const timer = panel.getByRole('timer');
  const first = await timer.textContent();
  assert.match(first, /^[45]:[0-5]\d$/);
  await page.waitForFunction((t0) => document.querySelector('.countdown').textContent !== t0, first, { timeout: 3000 });
  const booking = Number(await panel.getAttribute('data-booking'));
  assert.equal(await panel.getByRole('link', { name: 'Pay now' }).getAttribute('href'), `/checkout.html?booking=${booking}`);
  // The map shows the seats as the customer's own, and the selection is empty again.
  assert.equal(await seatState(page, a), 'yours');
  assert.equal(await seatState(page, b), 'yours');
  // (No "No seats chosen yet" under a hold: the summary points at it and offers to add more.)
  assert.match(await page.locator('.selection-summary').textContent(), /^Your seats are held below/);

  // Six minutes later by the site's clock the hold has lapsed: the page says so by itself
  // (it asks the server every few seconds) and the seats are free on the map at once.
  confPut('clock_offset', '400');
  try {
    const ended = page.locator('.hold-ended');
    await ended.waitFor({ timeout: 12_000 });
    assert.match(await ended.textContent(), new RegExp(`Your hold on ${a}, ${b} has expired and the seats were released`));
    await page.waitForFunction((l) => /, available$/.test(
      document.querySelector(`button.seat[data-seat="${l}"]`).getAttribute('aria-label')), a, { timeout: 5000 });
    assert.equal(await seatState(page, b), 'available');
    // The sweeper then marks it expired for good (the clock going back cannot revive it).
    assert.match(sweepHolds(), /expired/);
  } finally {
    confPut('clock_offset', '0');
  }
  const after = await page.evaluate(async (id) => (await (await fetch(`/api/bookings/${id}`)).json()).data.status, booking);
  assert.equal(after, 'expired');
  assertNoConsoleErrors(page);
}));

test('from my bookings a hold is cancelled, another paid through checkout, then cancelled for a wallet refund', (t) => withPage(t, async (page) => {
  await login(page, 'customer', 'Customer#2026');
  const found = await showWithFreeSeats(page, 5, 2, 3);
  assert.ok(found, 'a demo show five days ahead on screen 2');
  const [a, b, c] = found.free.slice(0, 3);
  await page.goto(`/show.html?id=${found.show.id}`);
  await page.getByRole('group', { name: /^Seats, / }).waitFor();

  // Two holds: one to pay, one to cancel. While a hold is live the show page adds more seats
  // to it ("Add to my hold"), so the second hold is made as another tab would: by the API.
  await seatButton(page, a).click();
  await page.getByRole('button', { name: 'Hold seats' }).click();
  await page.locator('.hold-panel').waitFor();
  const toPay = Number(await page.locator('.hold-panel').getAttribute('data-booking'));
  const toCancel = await page.evaluate(async ({ show, seats }) => (await (await fetch('/api/bookings', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('skyfox.csrf') },
    body: JSON.stringify({ show_id: show, seats }),
  })).json()).data.id, { show: found.show.id, seats: [b, c] });
  assert.ok(toCancel > toPay);
  // The show page picks it up as a panel of its own with the next change of the map.
  await page.locator(`.hold-panel[data-booking="${toCancel}"]`).waitFor({ timeout: 8000 });
  assert.equal(await page.locator('.hold-panel').count(), 2);

  await page.getByRole('link', { name: 'My bookings' }).first().click();
  await page.waitForURL(/\/bookings\.html$/);
  const payRow = page.locator(`tr[data-booking="${toPay}"]`);
  const cancelRow = page.locator(`tr[data-booking="${toCancel}"]`);
  await payRow.waitFor();
  assert.equal(await payRow.locator('.badge').textContent(), 'Pending payment');
  assert.equal(await cancelRow.locator('.badge').textContent(), 'Pending payment');
  assert.match(await cancelRow.textContent(), new RegExp(`${b}, ${c}`));

  // Cancel frees the seats at once.
  await cancelRow.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel booking' }).click();
  await page.locator(`tr[data-booking="${toCancel}"] .badge.cancelled`).waitFor();
  assert.match(await page.locator('#bookings .notice.success').textContent(), new RegExp(`seats ${b}, ${c} are free again`));

  // Pay goes to the checkout of that booking, which confirms it.
  await payRow.getByRole('link', { name: 'Pay' }).click();
  await page.waitForURL(new RegExp(`/checkout\\.html\\?booking=${toPay}$`));
  await page.locator('#summary dt').first().waitFor();
  if (await page.isVisible('#use-wallet')) await page.uncheck('#use-wallet');
  await page.type('#card-number', '4242424242424242');
  await page.fill('#card-expiry', '12/35');
  await page.fill('#card-cvv', '123');
  await page.fill('#card-name', 'Chitra Customer');
  await page.click('#pay-button');
  await page.locator('#confirmation-heading').waitFor();

  await page.goto(`/show.html?id=${found.show.id}`);
  await page.getByRole('group', { name: /^Seats, / }).waitFor();
  assert.equal(await seatState(page, a), 'yours');
  assert.equal(await seatState(page, b), 'available');
  assert.equal(await seatState(page, c), 'available');

  // Plans change: the paid booking is cancelled from the list, the money goes to the wallet.
  const before = await page.evaluate(async () => (await (await fetch('/api/wallet')).json()).data.balance);
  await page.goto('/bookings.html');
  const paidRow = page.locator(`tr[data-booking="${toPay}"]`);
  await paidRow.locator('.badge.confirmed').waitFor();
  assert.equal(await paidRow.getByRole('link', { name: 'Pay' }).count(), 0);
  await paidRow.getByRole('button', { name: 'Cancel for refund' }).click();
  const ask = page.getByRole('dialog');
  assert.match(await ask.textContent(), /₹[\d,]+\.\d\d goes back to your wallet/);
  await ask.getByRole('button', { name: 'Cancel booking' }).click();
  await page.locator(`tr[data-booking="${toPay}"] .badge.cancelled`).waitFor();
  const said = await page.locator('#bookings .notice.success').textContent();
  assert.match(said, /refunded to your wallet \(balance ₹[\d,]+\.\d\d\)/);
  const afterBalance = await page.evaluate(async () => (await (await fetch('/api/wallet')).json()).data.balance);
  const amount = await page.evaluate(async (id) => (await (await fetch(`/api/bookings/${id}`)).json()).data.amount, toPay);
  assert.equal(afterBalance - before, amount);
  assertNoConsoleErrors(page);
}));

test('staff sell a walk-in ticket at the counter from the show page', (t) => withPage(t, async (page) => {
  await login(page, 'staff', 'Staff#2026');
  const found = await showWithFreeSeats(page, 5, 1, 2);
  assert.ok(found, 'a demo show five days ahead on screen 1');
  const [a, b] = found.free.slice(0, 2);
  await page.goto(`/show.html?id=${found.show.id}`);
  await page.getByRole('group', { name: /^Seats, / }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Hold seats' }).count(), 0, 'staff sell, they do not hold');
  await seatButton(page, a).click();
  await seatButton(page, b).click();
  await page.getByRole('link', { name: 'Sell at the counter' }).click();
  await page.waitForURL(/\/walkin\.html\?show_id=\d+&seats=/);

  // The walk-in page arrives with the show and the two seats chosen, and the price due.
  await page.locator('#walkin-seats', { hasText: `Seats: ${a}, ${b} (2)` }).waitFor();
  assert.equal(await page.inputValue('#walkin-show'), String(found.show.id));
  const due = await page.locator('#price-due').textContent();
  const prices = await page.evaluate(async ({ id, seats }) => {
    const map = (await (await fetch(`/api/shows/${id}/seats`)).json()).data;
    return map.rows.flatMap((r) => r.seats).filter((s) => seats.includes(s.seat)).reduce((n, s) => n + s.price, 0);
  }, { id: found.show.id, seats: [a, b] });
  assert.equal(due, `₹${(prices / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`);

  // A bad phone is said on its field; nothing is sold.
  await page.fill('#customer_name', 'Walk In Guest');
  await page.fill('#phone', '12345');
  await page.click('#confirm-sale');
  await page.locator('#phone[aria-invalid="true"]').waitFor();
  assert.equal(await seatState(page, a), 'selected');

  await page.fill('#phone', '9876543210');
  await page.click('#confirm-sale');
  const done = page.locator('#sale-done');
  await done.getByRole('heading', { name: /^Sold: booking \d+$/ }).waitFor();
  const text = await done.textContent();
  assert.match(text, new RegExp(`${a}, ${b}`));
  assert.match(text, /Walk In Guest · 9876543210/);
  assert.match(text, new RegExp(due.replace(/[.]/g, '\\.')));
  assert.equal(await done.locator('.badge').textContent(), 'confirmed');
  await page.waitForFunction((l) => /sold$/.test(
    document.querySelector(`button.seat[data-seat="${l}"]`)?.getAttribute('aria-label') || ''), a);

  // The ticket prints: the link is the booking's PDF.
  const href = await done.getByRole('link', { name: 'Print ticket' }).getAttribute('href');
  const pdf = await page.request.get(`${BASE}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');

  // The counter's bookings list has the sale, paid in cash: nothing to pay, no online refund.
  const sold = Number((await done.getByRole('heading').textContent()).match(/\d+$/)[0]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bookings' }).click();
  await page.waitForURL(/\/bookings\.html$/);
  const saleRow = page.locator(`tr[data-booking="${sold}"]`);
  await saleRow.waitFor();
  assert.match(await saleRow.textContent(), /Walk In Guest \(walk-in\) · 9876543210/);
  assert.equal(await saleRow.locator('.badge').textContent(), 'Confirmed');
  assert.equal(await saleRow.getByRole('link', { name: 'Pay' }).count(), 0);
  assert.equal(await saleRow.getByRole('button', { name: /Cancel/ }).count(), 0);
  assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/bookings` }]);
}));
