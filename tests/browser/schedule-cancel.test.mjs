// The schedule page changes and cancels shows (issue 14 item 12, issue 15 item 7): the admin
// changes a show's price in a dialog (a bad amount marked on the field first) before anything
// is sold, and is told the price stays once seats are (SHOW_HAS_BOOKINGS), then cancels a
// show that a fresh customer has paid for online and a walk-in bought at the counter: the
// dialog says what will happen and asks the reason; afterwards the page lists the refund to
// the wallet and the cash to hand back (name, phone, amount), and the show leaves the day's
// list. axe-clean at 375 and 1366 with the dialogs open and with the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { assertAxeClean } from './axe.mjs';
import { BASE, assertNoConsoleErrors, confPut, login, withPage } from './harness.mjs';
import { makePng } from './png.mjs';
import { call, newShow, phone, token } from './site.mjs';

const SHOTS = '/tmp/skyfox-schedule-cancel';

// A new customer through POST /api/users, logged in: its token.
async function freshCustomer() {
  const username = `sc${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const png = makePng(64, 64);
  await call('POST', '/api/users', {
    name: 'Meera Nair', username, email: `${username}@example.com`, phone: phone(),
    password: 'Matinee#2026', security_question_id: 2, security_answer: 'Chennai',
    avatar: png.toString('base64'), avatar_sha256: createHash('sha256').update(png).digest('hex'),
  });
  return (await call('POST', '/api/session', { username, password: 'Matinee#2026' })).token;
}

async function openDay(page, date) {
  await page.goto('/admin/schedule.html');
  await page.locator('#schedule-form').waitFor();
  await page.locator('#date').fill(date);
  await page.locator('#date').dispatchEvent('change');
  await page.locator('#day-heading', { hasText: /Shows on/ }).waitFor();
}

for (const [w, h] of [[375, 812], [1366, 900]]) {
  test(`at ${w}px the admin changes a price and cancels a paid show, and sees the cash to hand back`, (t) => withPage(t, async (page) => {
    await page.setViewportSize({ width: w, height: h });
    const admin = await token('admin');
    const staff = await token('staff');
    const show = await newShow(admin, 20000);
    const customer = await freshCustomer();

    await login(page, 'admin', 'Admin#2026');
    await openDay(page, show.date);
    let row = page.locator(`.day-shows li[data-show-id="${show.id}"]`);
    await row.waitFor();

    // Change price while nothing is sold (issue 15: not after): a bad amount is marked on the
    // field, a good one is saved and shown.
    await row.getByRole('button', { name: /^Change price/ }).click();
    const priceDialog = page.locator('#price-dialog');
    await priceDialog.waitFor({ state: 'visible' });
    await priceDialog.getByLabel('New price, Standard seats (₹)').fill('0');
    await priceDialog.getByRole('button', { name: 'Save price' }).click();
    await priceDialog.locator('#new-price[aria-invalid="true"]').waitFor();
    assert.match(await priceDialog.locator('.field-error').textContent(), /more than ₹0/);
    await assertAxeClean(page);
    await priceDialog.getByLabel('New price, Standard seats (₹)').fill('300');
    await priceDialog.getByRole('button', { name: 'Save price' }).click();
    await priceDialog.waitFor({ state: 'hidden' });
    await page.locator('#day-result .notice.success', { hasText: 'now costs ₹300.00' }).waitFor();
    await row.locator('.day-show-price', { hasText: '₹300.00' }).waitFor();
    assert.equal((await call('GET', `/api/shows/${show.id}`)).price, 30000);

    // Sold online and at the counter, at the new price.
    const held = await call('POST', '/api/bookings', { show_id: show.id, seats: ['A1', 'A2'] }, customer);
    await call('POST', '/api/payments', { booking_id: held.id, method: 'card',
      card: { number: '4242424242424242', cvv: '123', expiry: '12/35', name: 'Meera Nair' } }, customer);
    const walkPhone = phone();
    const walk = await call('POST', '/api/bookings', { show_id: show.id, seats: ['B3'],
      customer_name: 'Ravi Kumar', phone: walkPhone, amount_paid: 30000 }, staff);
    // And one customer has seats in a hold not yet paid.
    const holder = await freshCustomer();
    await call('POST', '/api/bookings', { show_id: show.id, seats: ['C5'] }, holder);
    await openDay(page, show.date);
    row = page.locator(`.day-shows li[data-show-id="${show.id}"]`);
    await row.waitFor();

    // Now the price stays: the dialog says why.
    await row.getByRole('button', { name: /^Change price/ }).click();
    await priceDialog.waitFor({ state: 'visible' });
    await priceDialog.getByLabel('New price, Standard seats (₹)').fill('350');
    await priceDialog.getByRole('button', { name: 'Save price' }).click();
    await priceDialog.locator('.notice.error', { hasText: /already held or sold/ }).waitFor();
    await priceDialog.getByRole('button', { name: 'Keep the price' }).click();
    await priceDialog.waitFor({ state: 'hidden' });
    assert.equal((await call('GET', `/api/shows/${show.id}`)).price, 30000);

    // Cancel: the dialog says what will happen; no reason is marked; then it is done.
    await row.getByRole('button', { name: /^Cancel show/ }).click();
    const dialog = page.locator('#cancel-show-dialog');
    await dialog.waitFor({ state: 'visible' });
    // Before the admin confirms, whom it reaches: the paid online booking and its amount, the
    // walk-in owed cash, the unpaid hold.
    assert.match(await dialog.textContent(), /4 seats are held or sold/);
    assert.equal(await dialog.locator('[data-reach="online"]').textContent(),
      '1 paid online booking (₹600.00): refunded in full to the customer\'s wallet, whatever the refund cut-off.');
    assert.equal(await dialog.locator('[data-reach="walk-ins"]').textContent(),
      '1 walk-in booking (₹300.00): cancelled, and listed here with names and phone numbers for you to refund in cash at the counter.');
    assert.equal(await dialog.locator('[data-reach="holds"]').textContent(), '1 hold not yet paid: cancelled.');
    await dialog.getByRole('button', { name: 'Cancel show' }).click();
    await dialog.locator('#cancel-reason[aria-invalid="true"]').waitFor();
    assert.match(await dialog.locator('.field-error').textContent(), /Say why/);
    await dialog.getByLabel('Reason').fill('Projector broken');
    await page.screenshot({ path: `${SHOTS}-dialog-${w}.png` });
    await assertAxeClean(page);
    await dialog.getByRole('button', { name: 'Cancel show' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const result = page.locator('#day-result .cancel-result');
    await result.waitFor();
    assert.match(await result.locator('[data-count="holds"]').textContent(), /^1 hold cancelled/);
    assert.match(await result.locator('[data-count="refunded"]').textContent(), /1 booking refunded to wallets: ₹600\.00/);
    const cash = result.locator('.cash-refunds li');
    assert.equal(await cash.count(), 1);
    const line = await cash.first().textContent();
    assert.match(line, /Ravi Kumar/);
    assert.match(line, new RegExp(walkPhone));
    assert.match(line, /₹300\.00/);
    assert.match(line, new RegExp(`booking ${walk.id}`));
    assert.match(await result.textContent(), /Cash to hand back at the counter: ₹300\.00/);
    // Focus is on what happened; the show is gone from the day's list.
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('cancel-result')), true);
    await row.waitFor({ state: 'detached' });
    await page.screenshot({ path: `${SHOTS}-result-${w}.png`, fullPage: true });
    await assertAxeClean(page);

    // The customer's wallet has it all back.
    assert.equal((await call('GET', '/api/wallet', undefined, customer)).balance, 60000);
    assertNoConsoleErrors(page, [{ status: '409', url: `${BASE}/api/shows/${show.id}` }]);
  }));
}

// The long-film hint says the site's own trailer time (skyfox.conf trailer_minutes, here 20),
// read from the slots' ends_at: it used to assume 15.
test('the schedule page counts the trailers skyfox.conf sets', (t) => withPage(t, async (page) => {
  confPut('trailer_minutes', '20');
  t.after(() => confPut('trailer_minutes', null));
  const today = (await call('GET', '/api/health')).time.slice(0, 10);
  const ahead = new Date(`${today}T12:00:00Z`);
  ahead.setUTCDate(ahead.getUTCDate() + 40);          // far ahead: every slot free
  await login(page, 'admin', 'Admin#2026');
  await openDay(page, ahead.toISOString().slice(0, 10));
  await page.getByLabel('Screen', { exact: true }).selectOption({ label: 'Screen 1 (100 seats)' });
  const movie = page.getByLabel('Movie');
  await movie.selectOption({ label: await movie.locator('option', { hasText: 'Lagaan' }).textContent() });
  await page.waitForFunction(() => !document.getElementById('slot_id').disabled &&
    [...document.querySelectorAll('#slot_id option')].some((o) => /^Morning/.test(o.text) && !o.disabled));
  await page.getByLabel('Slot').selectOption(await page.locator('#slot_id option', { hasText: /^Morning/ }).getAttribute('value'));
  const warn = page.locator('#movie-note .notice.warn', { hasText: 'Morning slot' });
  await warn.waitFor();
  // Lagaan: 224 min + 20 min of trailers from 08:30 ends at 12:34.
  assert.match(await warn.textContent(), /runs 224 min; with 20 min of trailers the show is 64 min longer than a slot\./);
  assert.match(await warn.textContent(), /In the Morning slot it ends at 12:34\./);
  assertNoConsoleErrors(page);
}));
