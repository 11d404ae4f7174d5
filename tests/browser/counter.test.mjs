// The counter (issue 14): a walk-in sale leaves an empty form, fresh free counts and a fresh
// map behind, and its confirmation stays until the next sale starts; the cash received gives
// the change live and less than the price is refused on its field; the map has a legend with
// each category's price. axe-core on the pages of the issue, at a phone's and a laptop's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const rupees = (paise) => `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`;

// A show `days` ahead on `screen` with at least n free seats: { show, map, free: [labels] }.
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
      if (free.length >= n) return { show, map, free };
    }
    return null;
  }, { days, screen, n });
}

// By data-seat, not by the name: the map's spoken wording is seatmap.js's to change.
const seat = (page, label) => page.locator(`button.seat[data-seat="${label}"]`);

test('a walk-in sale: change computed, short cash refused on its field, then an empty form, fresh counts and the sale kept', (t) => withPage(t, async (page) => {
  await login(page, 'staff', 'Staff#2026');
  const found = await showWithFreeSeats(page, 2, 2, 3);
  assert.ok(found, 'a demo show two days ahead on screen 2');
  const [a, b, c] = found.free;
  const price = found.map.rows.flatMap((r) => r.seats).filter((s) => s.seat === a || s.seat === b)
    .reduce((n, s) => n + s.price, 0);
  await page.goto(`/walkin.html?show_id=${found.show.id}&seats=${a},${b}`);
  await page.locator('#walkin-seats', { hasText: `Seats: ${a}, ${b} (2)` }).waitFor();
  const option = page.locator(`#walkin-show option[value="${found.show.id}"]`);
  assert.match(await option.textContent(), new RegExp(`\\(${found.show.seats_available} free\\)$`));
  // Under the select, the chosen show in full (a phone cuts the select's text short).
  const described = page.locator('#walkin-show-hint');
  assert.equal(await described.textContent(), `${found.show.movie.title} · ${found.show.screen.name} · `
    + `${found.show.starts_at.slice(11, 16)}–${found.show.ends_at.slice(11, 16)} · `
    + `${found.show.seats_available} of ${found.show.seats_total} seats free`);
  assert.equal(await page.locator('#walkin-show').getAttribute('aria-describedby'), 'walkin-show-hint');

  // The legend: the states, and every category with its price from the map.
  const legend = page.locator('.seat-legend');
  for (const state of ['Available', 'Chosen', 'Held', 'Sold']) await legend.getByText(state, { exact: true }).waitFor();
  assert.ok(found.map.categories.length > 0);
  for (const cat of found.map.categories) {
    await legend.getByRole('listitem').filter({ hasText: `${cat.name} ${rupees(cat.price)}` }).waitFor();
  }

  await page.fill('#customer_name', 'Counter Guest');
  await page.fill('#phone', '9812345678');
  // Short by a rupee: said as it is typed, and refused on the field; nothing is sold.
  const cash = page.getByLabel('Cash received (₹)');
  await cash.fill(String((price - 100) / 100));
  assert.equal(await page.locator('#change-due').textContent(), 'Short by ₹1.00');
  let posted = 0;
  page.on('request', (r) => { if (r.url().endsWith('/api/bookings') && r.method() === 'POST') posted++; });
  await page.click('#confirm-sale');
  await page.locator('#cash[aria-invalid="true"]').waitFor();
  const errorId = (await cash.getAttribute('aria-describedby')).split(' ').find((id) => id.startsWith('field-error-'));
  assert.ok(errorId, 'the message is tied to the field');
  assert.match(await page.locator(`#${errorId}`).textContent(), new RegExp(`less than the price due, ${rupees(price).replace('.', '\\.')}`));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cash');
  assert.equal(posted, 0);

  // ₹50 over: "Change: ₹50.00", live.
  await cash.fill(String((price + 5000) / 100));
  assert.equal(await page.locator('#change-due').textContent(), 'Change: ₹50.00');
  assert.equal(await cash.getAttribute('aria-invalid'), null);
  await page.click('#confirm-sale');
  const done = page.locator('#sale-done');
  await done.getByRole('heading', { name: /^Sold: booking \d+$/ }).waitFor();
  const said = await done.textContent();
  assert.match(said, new RegExp(`${a}, ${b}`));
  assert.match(said, /Counter Guest · 9812345678/);
  assert.ok(said.includes(rupees(price)), said);
  assert.ok(said.includes('₹50.00'), said);
  assert.match(await done.getByRole('link', { name: 'Print ticket' }).getAttribute('href'), /^\/api\/tickets\/\d+\.pdf$/);
  assert.equal(posted, 1);

  // The form is the next customer's: empty; the list's free count and the map are fresh.
  assert.equal(await page.inputValue('#customer_name'), '');
  assert.equal(await page.inputValue('#phone'), '');
  assert.equal(await cash.inputValue(), '');
  assert.equal(await page.locator('#change-due').textContent(), '');
  assert.match(await page.locator('#walkin-seats').textContent(), /^No seats chosen/);
  assert.equal(await page.locator('#price-due').textContent(), '₹0.00');
  await page.waitForFunction(({ id, n }) => document.querySelector(`#walkin-show option[value="${id}"]`)
    ?.textContent.endsWith(`(${n} free)`), { id: found.show.id, n: found.show.seats_available - 2 });
  assert.equal(await page.inputValue('#walkin-show'), String(found.show.id));
  await page.waitForFunction((l) => /sold$/.test(
    document.querySelector(`button.seat[data-seat="${l}"]`)?.getAttribute('aria-label') || ''), a);
  // The confirmation stays through that refresh, until the next sale starts: a seat picked.
  assert.equal(await done.isVisible(), true);
  await assertAxeClean(page);
  await seat(page, c).click();
  await done.waitFor({ state: 'hidden' });
  assertNoConsoleErrors(page);
}));

// Every role, each page of the issue, at 375×812 and 1366×900.
const PAGES = {
  anonymous: ['/', '/walkin.html'],
  customer: ['/', '/walkin.html'],
  staff: ['/', '/walkin.html'],
  admin: ['/', '/walkin.html', '/admin/schedule.html'],
};
const LOGINS = { customer: 'Customer#2026', staff: 'Staff#2026', admin: 'Admin#2026' };

for (const [role, paths] of Object.entries(PAGES)) {
  test(`axe-core: the ${role}'s pages at 375 and 1366 px`, (t) => withPage(t, async (page) => {
    if (role !== 'anonymous') await login(page, role, LOGINS[role]);
    const counter = role === 'staff' || role === 'admin';
    // The counter with a show chosen: its map, legend and cash field are audited too.
    const found = counter ? await showWithFreeSeats(page, 2, 1, 1) : null;
    for (const viewport of [{ width: 375, height: 812 }, { width: 1366, height: 900 }]) {
      await page.setViewportSize(viewport);
      for (const path of paths) {
        await page.goto(path === '/walkin.html' && found ? `${path}?show_id=${found.show.id}&seats=${found.free[0]}` : path);
        await page.locator('#nav li').first().waitFor({ state: 'attached' });
        if (path === '/walkin.html' && counter) {
          await page.locator('.seat-legend').waitFor();
          await page.fill('#cash', '1');
        }
        if (path === '/admin/schedule.html') await page.locator('#schedule-form').waitFor();
        if (path === '/') await page.locator('.date-strip').waitFor();
        await page.waitForLoadState('networkidle');
        await assertAxeClean(page);
        // What these pages look like (look at them): the counter as staff, home as a visitor.
        const name = { staff: '/walkin.html', anonymous: '/' }[role] === path ? (path === '/' ? 'home' : 'walkin') : null;
        if (name) {
          mkdirSync(SHOTS, { recursive: true });
          await page.screenshot({ path: `${SHOTS}${name}-${viewport.width}.png`, fullPage: true });
        }
        const menu = page.locator('#nav .nav-toggle');
        if (await menu.isVisible()) {      // the opened menu too
          await menu.click();
          await assertAxeClean(page);
        }
      }
    }
    assertNoConsoleErrors(page);
  }));
}
