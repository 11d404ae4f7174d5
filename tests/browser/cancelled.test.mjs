// A show the cinema cancelled (issue 14; DELETE /api/shows/<id> gives GET /api/shows/<id> a
// "cancelled": {"at","reason"}). The show page says "This show was cancelled: <reason>" where
// the map would be and offers no seats and no Hold button; My bookings shows such a booking as
// cancelled and refunded, with the reason. The server's side is another change: these tests
// answer with that field through page.route, on top of the real answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { asCustomer, freshCustomer } from './fresh.mjs';

const PHONE = { width: 375, height: 812 };
const LAPTOP = { width: 1366, height: 900 };
const SHOTS = '/tmp/cancelled-shots/';
const REASON = 'The projector is being repaired';
const CANCELLED = { at: '2026-12-05T10:00:00+05:30', reason: REASON };

const get = async (path) => (await (await fetch(`${BASE}${path}`)).json()).data;

async function aShow() {
  const today = (await get('/api/health')).time.slice(0, 10);
  const [y, m, d] = today.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + 2, 12)).toISOString().slice(0, 10);
  const show = (await get(`/api/shows?date=${date}`))[0];
  const map = await get(`/api/shows/${show.id}/seats`);
  return { show, free: map.rows.flatMap((r) => r.seats).filter((s) => s.status === 'available').map((s) => s.seat) };
}

/** The real answer of `match`, with its data passed through change(data). */
async function amend(page, match, change) {
  await page.route(match, async (route) => {
    try {
      const res = await route.fetch();
      const body = await res.json();
      // The body is handed over gunzipped: send it without the answer's Content-Encoding.
      const headers = { ...res.headers() };
      delete headers['content-encoding'];
      delete headers['content-length'];
      await route.fulfill({ response: res, headers, json: { ...body, data: change(body.data) } });
    } catch { /* the page went away */ }
  });
}

for (const [size, viewport] of [['375', PHONE], ['1366', LAPTOP]]) {
  test(`at ${size} a cancelled show says so with its reason, instead of the map and the Hold button`, (t) => withPage(t, async (page) => {
    await page.setViewportSize(viewport);
    const { show } = await aShow();
    await amend(page, (url) => url.pathname === `/api/shows/${show.id}`, (data) => ({ ...data, cancelled: CANCELLED }));
    const seatAsks = [];
    page.on('request', (r) => { if (/\/seats/.test(new URL(r.url()).pathname)) seatAsks.push(r.url()); });
    await page.goto(`/show.html?id=${show.id}`);
    await page.getByRole('heading', { level: 1, name: show.movie.title }).waitFor();
    const notice = page.locator('.show-cancelled');
    await notice.waitFor();
    assert.match(await notice.textContent(), new RegExp(`This show was cancelled: ${REASON}\\.`));
    assert.ok(await notice.isVisible());
    await page.waitForFunction(() => !document.querySelector('#show').hasAttribute('aria-busy'));
    assert.equal(await page.locator('button.seat, .seat-grid').count(), 0, 'no seat map');
    assert.equal(await page.getByRole('button', { name: /hold seats/i }).count(), 0, 'no Hold button');
    assert.equal(await page.locator('.skel').count(), 0, 'no skeleton left');
    assert.deepEqual(seatAsks, [], 'the seats are not asked for');
    const box = await notice.boundingBox();
    assert.ok(box.y + box.height <= viewport.height, 'the notice is on the first screen');
    await assertAxeClean(page);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}show-cancelled-${size}.png` });
    assertNoConsoleErrors(page);
  }));
}

test('a show without "cancelled" (or with null) still has its map', (t) => withPage(t, async (page) => {
  const { show } = await aShow();
  await amend(page, (url) => url.pathname === `/api/shows/${show.id}`, (data) => ({ ...data, cancelled: null }));
  await page.goto(`/show.html?id=${show.id}`);
  await page.getByRole('group', { name: /^Seats, / }).waitFor();
  assert.equal(await page.locator('.show-cancelled').count(), 0);
  assertNoConsoleErrors(page);
}));

test('my bookings shows a booking of a cancelled show as cancelled and refunded, with the reason', (t) => withPage(t, async (page) => {
  await page.setViewportSize(PHONE);
  const who = await freshCustomer('cxl');
  const { show, free } = await aShow();
  const held = await asCustomer(who, 'POST', '/api/bookings', { show_id: show.id, seats: [free[free.length - 1]] });
  assert.equal(held.status, 201, JSON.stringify(held.body));
  const id = held.body.data.id;
  t.after(() => asCustomer(who, 'DELETE', `/api/bookings/${id}`));
  // As the list will carry it once the show is cancelled: paid, then cancelled with a refund.
  await amend(page, (url) => url.pathname === '/api/bookings', (list) => list.map((b) => (b.id !== id ? b : {
    ...b, status: 'cancelled', expires_at: null, confirmed_at: b.created_at, cancelled_at: CANCELLED.at, payment_type: 'card',
    show: { ...b.show, cancelled: CANCELLED },
  })));
  await login(page, who.username, who.password);
  await page.goto('/bookings.html');
  const row = page.locator(`tr[data-booking="${id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('.badge').textContent(), 'Cancelled · refunded');
  assert.match(await row.locator('td.status').textContent(), new RegExp(`The show was cancelled: ${REASON}\\.`));
  assert.equal(await row.getByRole('button').count(), 0, 'nothing to pay or cancel');
  assert.equal(await row.getByRole('link', { name: 'Pay' }).count(), 0);
  await assertAxeClean(page);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}bookings-cancelled-375.png` });
  await page.setViewportSize(LAPTOP);
  await assertAxeClean(page);
  await page.screenshot({ path: `${SHOTS}bookings-cancelled-1366.png` });
  assertNoConsoleErrors(page);
}));
