// A show the cinema cancelled (issue 14 item 12, issue 15 item 7): the admin's DELETE
// /api/shows/<id> with a reason, through the real server. The show page then says "This show
// was cancelled: <reason>" where the map would be and offers no seats and no Hold button; My
// bookings shows the customer's paid booking as cancelled and refunded, with the reason (the
// booking's show.cancelled).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { asCustomer, freshCustomer } from './fresh.mjs';
import { call, newShow, token } from './site.mjs';

const PHONE = { width: 375, height: 812 };
const LAPTOP = { width: 1366, height: 900 };
const SHOTS = '/tmp/cancelled-shots/';
const REASON = 'The projector is being repaired';

let fx;   // { show, who, paid }: a show with a paid booking, then cancelled by the admin
before(async () => {
  const admin = await token('admin');
  const show = await newShow(admin, 20000);
  const who = await freshCustomer('cxl');
  const held = await asCustomer(who, 'POST', '/api/bookings', { show_id: show.id, seats: ['E5'] });
  assert.equal(held.status, 201, JSON.stringify(held.body));
  const paid = await asCustomer(who, 'POST', '/api/payments', {
    booking_id: held.body.data.id, method: 'card',
    card: { number: '4111111111111111', cvv: '123', expiry: '12/30', name: 'Asha Rao' },
  });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const done = await call('DELETE', `/api/shows/${show.id}`, { reason: REASON }, admin);
  assert.deepEqual(done.refunded.map((r) => r.booking_id), [held.body.data.id]);
  fx = { show, who, paid: held.body.data.id };
});

for (const [size, viewport] of [['375', PHONE], ['1366', LAPTOP]]) {
  test(`at ${size} a cancelled show says so with its reason, instead of the map and the Hold button`, (t) => withPage(t, async (page) => {
    await page.setViewportSize(viewport);
    const { show } = fx;
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

test('my bookings shows a booking of a cancelled show as cancelled and refunded, with the reason', (t) => withPage(t, async (page) => {
  await page.setViewportSize(PHONE);
  const { who, paid: id } = fx;
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
