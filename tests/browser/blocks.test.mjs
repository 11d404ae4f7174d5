// Seats that can't be sold for one show (issue 15 item 5), clicked through: staff block a broken
// seat and a house seat on the walk-in page ("Block seats…"), each drawn with its own pattern and
// named with why; a fresh customer's show page shows both as not on sale (no reason) and cannot
// pick them, and the API refuses their hold with SEAT_BLOCKED; staff then sell the house seat at
// the counter and unblock the broken one. axe-core at 375 and 1366 px on both pages; the
// screenshots go to tests/browser/screenshots/blocks-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { asCustomer, freshCustomer } from './fresh.mjs';
import { newShow as siteShow, token } from './site.mjs';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const VIEWPORTS = [{ width: 375, height: 812 }, { width: 1366, height: 900 }];

async function call(token, method, path, body) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

// A new show of the test's own (the admin schedules it in a free slot a few days ahead), so no
// other test's holds meet it: its id.
async function newShow() {
  return (await siteShow(await token('admin'), 20000)).id;
}

const seat = (page, label) => page.locator(`button.seat[data-seat="${label}"]`);

async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

test('staff block a broken seat and a house seat; a customer sees both not on sale; the counter sells the house seat', (t) => withPage(t, async (page) => {
  const show = await newShow();
  await login(page, 'staff', 'Staff#2026');
  await page.goto(`/walkin.html?show_id=${show}`);
  await page.locator('.seat-legend').waitFor();

  // Block mode: pick C4, say why, block it.
  await page.getByRole('button', { name: 'Block seats…' }).click();
  await page.getByRole('heading', { name: 'Block seats' }).waitFor();
  assert.equal(await page.locator('#confirm-sale').isVisible(), false);
  await seat(page, 'C4').click();
  await page.locator('#block-seats', { hasText: 'Seats to block: C4 (1)' }).waitFor();
  await page.getByLabel('Reason').fill('broken');
  await page.click('#confirm-block');
  await page.locator('.walkin-block .notice.success', { hasText: 'Blocked C4: broken.' }).waitFor();
  await page.locator('button.seat.blocked[data-seat="C4"]').waitFor();
  assert.match(await seat(page, 'C4').getAttribute('aria-label'), /^C4: row C, seat 4, .*, blocked: broken$/);

  // A house seat: D5, ticked as one.
  await seat(page, 'D5').click();
  await page.getByLabel('Reason').fill('Guests of the manager');
  await page.getByLabel('House seats (can still be sold here)').check();
  await page.click('#confirm-block');
  await page.locator('button.seat.blocked.house[data-seat="D5"]').waitFor();
  assert.match(await seat(page, 'D5').getAttribute('aria-label'), /blocked: Guests of the manager, house seat, can be sold here$/);
  // A blocked seat cannot be picked to block again; both are listed, each with its Unblock.
  await seat(page, 'C4').click({ force: true });   // aria-disabled: Playwright would wait
  assert.equal(await seat(page, 'C4').getAttribute('aria-pressed'), 'false');
  const list = page.locator('#block-list');
  await list.getByRole('listitem').filter({ hasText: 'C4 — broken' }).waitFor();
  await list.getByRole('listitem').filter({ hasText: 'D5 — Guests of the manager · house seat' }).waitFor();
  await page.getByRole('button', { name: 'Unblock C4' }).waitFor();
  // The two look different from each other and from a free seat (pattern and edge, not colour).
  const look = (label) => seat(page, label).evaluate((b) => {
    const s = getComputedStyle(b);
    return `${s.backgroundImage}|${s.borderTopStyle}`;
  });
  const [broken, house, free] = [await look('C4'), await look('D5'), await look('C3')];
  assert.notEqual(broken, house);
  assert.notEqual(broken, free);
  assert.match(broken, /gradient/);
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await assertAxeClean(page);
    await shoot(page, `blocks-walkin-${viewport.width}`);
  }

  // A fresh customer: both seats not on sale, without the reason; they cannot pick them, and
  // the API refuses a hold of either.
  const cust = await freshCustomer('blk');
  await page.context().clearCookies();
  await login(page, cust.username, cust.password);
  await page.goto(`/show.html?id=${show}`);
  await page.getByRole('group', { name: /^Seats, / }).waitFor();
  for (const label of ['C4', 'D5']) {
    await page.locator(`button.seat.blocked[data-seat="${label}"]`).waitFor();
    const name = await seat(page, label).getAttribute('aria-label');
    assert.match(name, /not on sale$/);
    assert.doesNotMatch(name, /broken|Guests/);
    assert.equal(await seat(page, label).getAttribute('aria-disabled'), 'true');
  }
  await page.locator('.seat-legend').getByText('Not on sale', { exact: true }).waitFor();
  await seat(page, 'C4').click({ force: true });   // aria-disabled: Playwright would wait
  assert.equal(await seat(page, 'C4').getAttribute('aria-pressed'), 'false');
  for (const label of ['C4', 'D5']) {
    const r = await asCustomer(cust, 'POST', '/api/bookings', { show_id: show, seats: [label] });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'SEAT_BLOCKED');
  }
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await assertAxeClean(page);
    await shoot(page, `blocks-show-${viewport.width}`);
  }

  // The counter sells the house seat (picked like a free one), not the broken one.
  await page.context().clearCookies();
  await login(page, 'staff', 'Staff#2026');
  await page.goto(`/walkin.html?show_id=${show}`);
  await page.locator('.seat-legend').waitFor();
  await seat(page, 'C4').click({ force: true });   // aria-disabled: Playwright would wait
  assert.equal(await seat(page, 'C4').getAttribute('aria-pressed'), 'false');
  await seat(page, 'D5').click();
  await page.locator('#walkin-seats', { hasText: 'Seats: D5 (1)' }).waitFor();
  await page.fill('#customer_name', 'Manager Guest');
  await page.fill('#phone', '9812345670');
  await page.click('#confirm-sale');
  await page.locator('#sale-done').getByRole('heading', { name: /^Sold: booking \d+$/ }).waitFor();
  await page.locator('button.seat.sold[data-seat="D5"]').waitFor();

  // Unblock C4: on sale again.
  await page.getByRole('button', { name: 'Block seats…' }).click();
  await page.locator('#block-list li', { hasText: 'D5 — Guests of the manager · house seat · sold' }).waitFor();
  await page.getByRole('button', { name: 'Unblock C4' }).click();
  await page.locator('.walkin-block .notice.success', { hasText: 'Seat C4 is on sale again.' }).waitFor();
  await page.locator('button.seat.available[data-seat="C4"]').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Unblock C4' }).count(), 0);
  await assertAxeClean(page);
  assertNoConsoleErrors(page);
}));
