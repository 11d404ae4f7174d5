// Issue 14 items 9 and 7 on the staff, counter, door, checkout and revenue pages: one style for
// a day ("Sat, 5 Dec 2026") and a time ("19:30"), the cinema's today and "now" from the site
// and never from the browser's clock; and a refused value marked on its own field
// (aria-invalid, the server's words as a sentence under the control), the whole error a
// sentence at the top with the request id only in its small Details line. Every page here is
// axe-clean at 375×812 and 1366×900 with its errors showing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { makePng } from './png.mjs';
import { call, token } from './site.mjs';

const DAY = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [1-9]\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/;
const SENTENCE = /^[A-Z₹].*[.!?]$/;
const SIZES = [{ width: 375, height: 812 }, { width: 1366, height: 900 }];
const unique = (p) => `${p}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const phone = () => `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

async function axeAtBothSizes(page, name) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await assertAxeClean(page);
    // For a person to look at (not compared): the top of the page, where the errors are.
    if (name) await page.screenshot({ path: `/tmp/df-${name}-${size.width}.png`, fullPage: true, clip: { x: 0, y: 0, width: size.width, height: 1800 } });
  }
}

/**
 * The control at sel is marked: aria-invalid, and a .field-error named by its
 * aria-describedby, just under it, saying a sentence. Returns the sentence.
 */
async function fieldMessage(page, sel) {
  const ctl = page.locator(sel);
  await page.locator(`${sel}[aria-invalid="true"]`).waitFor();
  const id = (await ctl.getAttribute('aria-describedby') || '').split(/\s+/).find((i) => i.startsWith('field-error-'));
  assert.ok(id, `${sel}: the message is tied to the field`);
  const msg = page.locator(`#${id}.field-error`);
  const said = await msg.textContent();
  assert.match(said, SENTENCE, `${sel}: "${said}" reads as a sentence`);
  const [c, m] = [await ctl.boundingBox(), await msg.boundingBox()];
  assert.ok(m.y >= c.y + c.height - 1, `${sel}: the message is under the field`);
  return said;
}

/** A notice at the top of the form: a sentence, the request id only in the Details line. */
async function topError(notice, requestId) {
  const message = notice.locator('.error-message');
  await message.waitFor();
  const said = await message.textContent();
  assert.match(said, SENTENCE, `"${said}" reads as a sentence`);
  assert.ok(!/request id/i.test(said), said);
  assert.ok(requestId, 'the server gave a request id');
  assert.ok(!said.includes(requestId), said);
  assert.match(await notice.locator('details.error-details').textContent(), new RegExp(`request id ${requestId}`));
  return said;
}

const answerTo = (page, path, method = 'POST') => page.waitForResponse(
  (r) => new URL(r.url()).pathname === path && r.request().method() === method);

// A demo show `days` ahead with n free seats: { show, free: [labels] } (node, as staff/admin).
async function showWithFreeSeats(tok, days, n) {
  const today = (await call('GET', '/api/health')).time.slice(0, 10);
  const [y, m, d] = today.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days, 12)).toISOString().slice(0, 10);
  for (const show of await call('GET', `/api/shows?date=${date}`, undefined, tok)) {
    const map = await call('GET', `/api/shows/${show.id}/seats`, undefined, tok);
    const free = map.rows.flatMap((r) => r.seats).filter((s) => s.status === 'available').map((s) => s.seat);
    if (free.length >= n) return { show, free };
  }
  throw new Error(`no show on ${date} with ${n} free seats`);
}

test('walk-in: a 9-digit phone is marked on its field as a sentence; the sale then names the show\'s day in the one style', (t) => withPage(t, async (page) => {
  await login(page, 'staff', 'Staff#2026');
  const { show, free: [a] } = await showWithFreeSeats(await token('staff'), 2, 1);
  await page.goto(`/walkin.html?show_id=${show.id}&seats=${a}`);
  await page.locator('#walkin-seats', { hasText: `Seats: ${a} (1)` }).waitFor();
  await page.fill('#customer_name', 'Field Tester');
  await page.fill('#phone', '981234567');
  const answer = answerTo(page, '/api/bookings');
  await page.click('#confirm-sale');
  const res = await answer;
  assert.equal(res.status(), 422);
  const said = await fieldMessage(page, '#phone');
  assert.match(said, /10 digits/);
  await topError(page.locator('.walkin-sale .notice.error'), (await res.json()).request_id);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'phone');
  await axeAtBothSizes(page, 'walkin-error');

  // Put right: the marks go and the sale's show reads "Film, Sat, 5 Dec 2026, 19:30, Screen".
  await page.setViewportSize({ width: 375, height: 812 });
  await page.fill('#phone', phone());
  await page.click('#confirm-sale');
  const done = page.locator('#sale-done');
  await done.getByRole('heading', { name: /^Sold: booking \d+$/ }).waitFor();
  assert.equal(await page.locator('.walkin-sale [aria-invalid="true"]').count(), 0);
  const when = await done.locator('dd').first().textContent();
  const day = when.slice(show.movie.title.length + 2).replace(/, \d\d:\d\d, .*$/, '');
  assert.match(day, DAY, when);
  assert.ok(when.includes(`, ${show.starts_at.slice(11, 16)}, `), when);
  assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/bookings` }]);
}));

test('walk-in: without the server\'s today the page says so and leaves the date to the counter, never the browser\'s day', (t) => withPage(t, async (page) => {
  await login(page, 'staff', 'Staff#2026');
  await page.route('**/api/health', (route) => route.fulfill({
    status: 500, contentType: 'application/json',
    headers: { 'X-Request-ID': 'df-health-1' },
    body: JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'internal error', fields: [] }, request_id: 'df-health-1' }),
  }));
  await page.goto('/walkin.html');
  const notice = page.locator('.walkin-pick .notice.error');
  assert.equal(await topError(notice, 'df-health-1'), 'Internal error.');
  assert.equal(await page.inputValue('#walkin-date'), '', 'no date guessed from the browser\'s clock');
  assert.equal(await page.locator('#walkin-show option').count(), 1);

  // The counter picks the date: its shows come, and the notice goes.
  await page.unroute('**/api/health');
  const [y, m, d] = (await call('GET', '/api/health')).time.slice(0, 10).split('-').map(Number);
  await page.fill('#walkin-date', new Date(Date.UTC(y, m - 1, d + 1, 12)).toISOString().slice(0, 10));
  await page.locator('#walkin-show option', { hasText: /·/ }).first().waitFor({ state: 'attached' });
  assert.equal(await notice.count(), 0);
  assertNoConsoleErrors(page, [{ status: '500', url: `${BASE}/api/health` }]);
}));

test('check-in picks the next door to open on the site\'s clock, not a phone clock set a day ahead', (t) => withPage(t, async (page) => {
  const staff = await token('staff');
  const time = (await call('GET', '/api/health')).time;     // the site's clock, in its zone
  const now = Date.parse(time);
  const [y, m, d] = time.slice(0, 10).split('-').map(Number);
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1, 12)).toISOString().slice(0, 10);
  const { shows } = await call('GET', `/api/checkins?date=${tomorrow}`, undefined, staff);
  assert.ok(shows.length >= 2, `shows on ${tomorrow}`);
  // The phone's clock: a minute after the first door of the day opens.
  const phoneNow = Date.parse(shows[0].opens_at) + 60_000;
  const bySite = shows.find((s) => s.open) || shows.find((s) => Date.parse(s.opens_at) > now) || shows[0];
  const byPhone = shows.find((s) => s.open) || shows.find((s) => Date.parse(s.opens_at) > phoneNow) || shows[0];
  assert.notEqual(bySite.show_id, byPhone.show_id, 'the two clocks pick different shows');

  await login(page, 'staff', 'Staff#2026');
  await page.clock.setFixedTime(phoneNow);
  await page.goto(`/checkin.html?date=${tomorrow}`);
  await page.waitForFunction(() => new URL(location.href).searchParams.has('show_id'));
  assert.equal(await page.inputValue('#show-id'), String(bySite.show_id));
  // The show's line says its day and time in the one style (drawn once the show has come).
  await page.waitForFunction(() => /— /.test(document.getElementById('show-title').textContent));
  const title = await page.locator('#show-title').textContent();
  const m2 = /— (.+), (\d\d:\d\d), /.exec(title);
  assert.ok(m2, title);
  assert.match(m2[1], DAY, title);
  assertNoConsoleErrors(page);
}));

test('staff accounts: dates in the one style; a short password and a taken username are marked on their fields', (t) => withPage(t, async (page) => {
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/staff.html');
  const since = page.locator('#staff-table tbody tr[data-username="staff"] td[data-label="Since"]');
  await since.waitFor();
  assert.match(await since.textContent(), DAY);

  const form = page.locator('#staff-form');
  await form.getByLabel('Full name').fill('Field Tester');
  await form.getByLabel('Username').fill('staff');
  await form.getByLabel('Password').fill('short');
  await form.getByLabel('Counter number').fill('7');
  await form.getByRole('button', { name: 'Create account' }).click();
  assert.equal(await fieldMessage(page, '#password'), 'Must be at least 8 characters.');

  // The page's checks pass; the server refuses the username (it gives no field: the code does).
  await form.getByLabel('Password').fill('Counter#2026');
  const answer = answerTo(page, '/api/users');
  await form.getByRole('button', { name: 'Create account' }).click();
  const res = await answer;
  assert.equal(res.status(), 409);
  assert.equal(await fieldMessage(page, '#username'), 'That username is taken.');
  assert.equal(await page.getAttribute('#password', 'aria-invalid'), null);
  assert.equal(await topError(page.locator('#staff-notice'), (await res.json()).request_id), 'That username is taken.');
  await axeAtBothSizes(page, 'staff-error');
  assertNoConsoleErrors(page, [{ status: '409', url: `${BASE}/api/users` }]);
}));

test('revenue: the range in the one day style; a refused year is a sentence under its field, the request id apart', (t) => withPage(t, async (page) => {
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/revenue.html');
  await page.locator('[data-total="revenue"] dd').waitFor();
  // The range in the one day style, not "2026-11-06".
  const range = /^Shows from (.+) to (.+), grouped by day\.$/.exec(await page.locator('#report-range').textContent());
  assert.ok(range, await page.locator('#report-range').textContent());
  assert.match(range[1], DAY);
  assert.match(range[2], DAY);
  // The table's days too (the chart's ticks shorten them to "5 Dec").
  assert.match(await page.locator('#report-table tbody th').first().textContent(), DAY);
  await page.getByLabel('Year').fill('1999');
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/reports/revenue' && r.status() === 422);
  await page.getByLabel('Year').press('Enter');
  const res = await answer;
  assert.equal(await fieldMessage(page, '#year'), 'Must be a year from 2000 to 2100.');
  await topError(page.locator('#notice'), (await res.json()).request_id);
  await axeAtBothSizes(page, 'revenue-error');
  assertNoConsoleErrors(page, [{ status: '422', url: res.url() }]);
}));

// A customer of this test's own (the demo customer's holds are shared): signed up, logged in.
async function newCustomer() {
  const png = makePng(400, 400);
  const who = { name: 'Field Tester', username: unique('df'), password: 'Matinee#2026' };
  await call('POST', '/api/users', {
    ...who, email: `${who.username}@example.com`, phone: phone(), security_question_id: 2,
    security_answer: 'Chennai', avatar: png.toString('base64'),
    avatar_sha256: createHash('sha256').update(png).digest('hex'),
  });
  return who;
}

test('checkout: a bad card number and expiry are marked on their fields as sentences', (t) => withPage(t, async (page) => {
  const who = await newCustomer();
  const tok = (await call('POST', '/api/session', { username: who.username, password: who.password })).token;
  const { show, free: [a] } = await showWithFreeSeats(tok, 3, 1);
  const booking = await call('POST', '/api/bookings', { show_id: show.id, seats: [a] }, tok);
  try {
    await login(page, who.username, who.password);
    await page.goto(`/checkout.html?booking=${booking.id}`);
    await page.locator('#card-number').waitFor();
    await page.type('#card-number', '4242424242424241');      // fails the Luhn check
    await page.fill('#card-expiry', '13/30');
    await page.fill('#card-cvv', '123');
    await page.fill('#card-name', 'Field Tester');
    const answer = answerTo(page, '/api/payments');
    await page.click('#pay-button');
    const res = await answer;
    assert.equal(res.status(), 422);
    await fieldMessage(page, '#card-number');
    await fieldMessage(page, '#card-expiry');
    assert.equal(await page.getAttribute('#card-cvv', 'aria-invalid'), null);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'card-number');
    await topError(page.locator('#checkout-notice'), (await res.json()).request_id);
    await axeAtBothSizes(page, 'checkout-error');
    assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/payments` }]);
  } finally {
    await fetch(`${BASE}/api/bookings/${booking.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${tok}` } });
  }
}));
