// "Best available" on the show page (issue 15 item 6): a fresh customer on a phone asks for 3
// seats, gets three side by side in one row — the ones GET /api/shows/<id>/best answers —
// chosen on the map as if clicked (the bar's seats and total follow, focus on the first), and
// holds them. A choice that would leave one seat alone (gap_rule on) is refused in the bar,
// naming the seat. Axe-clean at 375 and 1366 px; the screenshots go to /tmp/best-shots/.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, assertNoConsoleErrors, confPut, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { asCustomer, freshCustomer } from './fresh.mjs';
import { call, newShow, token } from './site.mjs';

const PHONE = { width: 375, height: 812 };
const LAPTOP = { width: 1366, height: 900 };
const SHOTS = '/tmp/best-shots/';

// The test site runs with gap_rule = off (tools/site.sh); this test turns it on for a moment.
after(() => { if (process.env.SKYFOX_DATA) confPut('gap_rule', 'off'); });

const mapReady = (page) => page.getByRole('group', { name: /^Seats, / }).waitFor();
const picked = (page) => page.locator('button.seat[aria-pressed="true"]')
  .evaluateAll((bs) => bs.map((b) => b.dataset.seat));

test('a customer on a phone picks 3 with Best available and holds them', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const admin = await token('admin');
  const show = await newShow(admin, 20000);
  const who = await freshCustomer('best');
  await withPage(t, async (page) => {
    await page.setViewportSize(PHONE);
    await login(page, who.username, who.password);
    await page.goto(`${BASE}/show.html?id=${show.id}`);
    await mapReady(page);
    await assertAxeClean(page);

    // Beside picking by hand: how many of each ticket type (issue 15 item 1), and the button.
    await page.getByRole('button', { name: 'One more Adult' }).click();
    assert.equal(await page.getByLabel('Adult', { exact: true }).inputValue(), '3');
    await page.getByRole('button', { name: 'Best available' }).click();
    await page.locator('.selection-summary', { hasText: /^3 seats: / }).waitFor();

    const seats = await picked(page);
    const best = await call('GET', `/api/shows/${show.id}/best?count=3`);
    assert.deepEqual(best, { seats, together: true }, 'the map chose what the server suggests');
    // One row, side by side (numbers follow each other), near the middle.
    const rows = new Set(seats.map((s) => s.replace(/\d+$/, '')));
    const nums = seats.map((s) => Number(s.replace(/^\D+/, '')));
    assert.equal(rows.size, 1, `one row: ${seats}`);
    assert.deepEqual(nums, [nums[0], nums[0] + 1, nums[0] + 2], `side by side: ${seats}`);
    // Focus went to the first of them, and it is on screen.
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.seat), seats[0]);
    const box = await page.locator(`button.seat[data-seat="${seats[0]}"]`).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${seats[0]} in view: ${JSON.stringify(box)}`);
    // The bar carries the choice and its total.
    const summary = await page.locator('.selection-summary').textContent();
    assert.match(summary, new RegExp(`${seats.join(', ')} · Total`));
    await page.screenshot({ path: `${SHOTS}phone-chosen.png` });
    await assertAxeClean(page);

    await page.getByRole('button', { name: 'Hold seats' }).click();
    await page.locator('.hold-panel').first().waitFor();
    const mine = await asCustomer(who, 'GET', `/api/bookings?show_id=${show.id}`);
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.data.map((b) => b.seats), [seats]);
    await page.screenshot({ path: `${SHOTS}phone-held.png` });

    // gap_rule on: B2 and B3 would leave B1 alone; the bar says so, naming it.
    confPut('gap_rule', 'on');
    await page.locator('button.seat[data-seat="B2"]').click();
    await page.locator('button.seat[data-seat="B3"]').click();
    await page.getByRole('button', { name: 'Add to my hold' }).click();
    const refusal = page.locator('#hold-error');
    await refusal.getByText(/B1 would be left on its own/).waitFor();
    await page.screenshot({ path: `${SHOTS}phone-gap.png` });
    await assertAxeClean(page);
    // The refusal is the one failed load the test provoked.
    assertNoConsoleErrors(page, [{ status: '409', url: `${BASE}/api/bookings/${mine.body.data[0].id}` }]);
  });
});

test('Best available at 1366 px: splits when no row has them together, axe-clean', async (t) => {
  const admin = await token('admin');
  const show = await newShow(admin, 20000);
  await withPage(t, async (page) => {
    await page.setViewportSize(LAPTOP);
    await page.goto(`${BASE}/show.html?id=${show.id}`);
    await mapReady(page);
    await page.getByLabel('Adult', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Best available' }).click();
    await page.locator('.selection-summary', { hasText: /^10 seats: / }).waitFor();
    const seats = await picked(page);
    const best = await call('GET', `/api/shows/${show.id}/best?count=10`);
    assert.deepEqual(best.seats, seats);
    // Screen 1 has ten a row; Screen 2 has six a side of its aisle: the page says it split.
    if (!best.together) await page.getByText(/No row has 10 free seats side by side/).waitFor();
    await page.screenshot({ path: `${SHOTS}laptop-chosen.png` });
    await assertAxeClean(page);
    assertNoConsoleErrors(page);
  });
});
