// Screens the manager draws and seats for everyone (issue 15 items 3 and 4), clicked through:
// the admin draws a new screen on a phone — an aisle down the middle, two wheelchair spaces each
// with a companion seat, a blocked seat (one of them set from the keyboard) — saves it, and
// schedules a show on it from the schedule page; a fresh customer's show page draws the
// wheelchair spaces and companion seats apart, names them for a screen reader, asks before a
// wheelchair space joins the choice, and holds it with its companion. axe-core at 375 and 1366
// px on both pages; screenshots in tests/browser/screenshots/screens-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { asCustomer, freshCustomer } from './fresh.mjs';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1366, height: 900 };

async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

async function call(token, method, path, body) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

// The place at row index r (0: A) and grid column col of the editor's grid.
const place = (page, r, col) => page.locator(`#editor-grid button[data-row="${r}"][data-col="${col}"]`);

async function tool(page, label) {
  await page.getByRole('radio', { name: label, exact: true }).check();
}

test('the manager draws a screen with an aisle, wheelchair spaces, companions and a blocked seat; a customer holds a space with its companion', (t) => withPage(t, async (page) => {
  const name = `Studio ${Date.now() % 100000}`;
  await page.setViewportSize(PHONE);
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/screens.html');
  await page.locator('#screen-list li', { hasText: 'Screen 1' }).waitFor();
  await page.getByRole('button', { name: 'Draw a new screen' }).click();
  await page.getByRole('heading', { name: 'New screen' }).waitFor();
  await page.getByLabel('Name').fill(name);

  // The aisle: column 5 of every row has no seat.
  await tool(page, 'an aisle (no seat)');
  for (let r = 0; r < 5; r++) await place(page, r, 5).click();
  assert.match(await place(page, 0, 5).getAttribute('aria-label'), /^Row A, column 5: aisle, no seat$/);
  assert.equal(await place(page, 0, 6).textContent(), 'A5', 'the row is numbered across the aisle');

  // Two wheelchair spaces at the ends of row A, each with the companion seat beside it.
  await tool(page, 'a wheelchair space');
  await place(page, 0, 1).click();
  await place(page, 0, 10).click();
  await tool(page, 'a companion seat (beside a wheelchair space)');
  await place(page, 0, 2).click();
  await page.locator('#editor-said', { hasText: 'A2 is now a companion seat for A1, Standard.' }).waitFor();
  // The last one from the keyboard: arrow to row A's column 9, then Enter.
  await place(page, 0, 2).focus();
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.col), '9');
  await page.keyboard.press('Enter');
  await page.locator('#editor-said', { hasText: 'A8 is now a companion seat for A9, Standard.' }).waitFor();
  // Pressed again, it is tied to the other space, and back.
  await page.keyboard.press('Enter');
  await page.locator('#editor-said', { hasText: 'A8 is now a companion seat for A1, Standard.' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('#editor-said', { hasText: 'A8 is now a companion seat for A9, Standard.' }).waitFor();
  // A pillar in row C: a blocked seat.
  await tool(page, 'a blocked seat (never sold)');
  await place(page, 2, 3).click();
  assert.match(await place(page, 2, 3).getAttribute('aria-label'), /^C3: row C, column 3, blocked seat, never sold, Standard$/);
  assert.match(await place(page, 0, 2).getAttribute('aria-label'), /^A2: row A, column 2, companion seat for A1, Standard$/);
  await page.locator('#editor-summary', { hasText: '5 rows, 45 places: 2 wheelchair spaces, 2 companion seats, 1 blocked.' }).waitFor();
  // Wider than a phone: the grid scrolls sideways with its cue.
  await page.locator('#editor-box.more-right').waitFor();
  await assertAxeClean(page);
  await shoot(page, 'screens-editor-375');

  await page.getByRole('button', { name: 'Save screen' }).click();
  await page.locator('#screens-notice', { hasText: `${name} is saved.` }).waitFor();
  await page.locator('#screen-list li', { hasText: name }).waitFor();
  await page.getByRole('heading', { name: `Edit ${name}` }).waitFor();
  await page.setViewportSize(DESKTOP);
  await assertAxeClean(page);
  await shoot(page, 'screens-editor-1366');

  // What the server keeps.
  const admin = (await call('', 'POST', '/api/session', { username: 'admin', password: 'Admin#2026' })).body.data.token;
  const screens = (await call(admin, 'GET', '/api/screens')).body.data;
  const screen = screens.find((s) => s.name === name);
  assert.ok(screen, 'the new screen is listed');
  assert.equal(screen.seats_total, 44, '45 places, one never sold');
  const layout = (await call(admin, 'GET', `/api/screens/${screen.id}`)).body.data;
  const seatOf = (label) => layout.rows.flatMap((r) => r.seats).find((s) => s.seat === label);
  assert.deepEqual([seatOf('A1').kind, seatOf('A2').kind, seatOf('A2').companion_of], ['wheelchair', 'companion', 'A1']);
  assert.deepEqual([seatOf('A9').kind, seatOf('A8').kind, seatOf('A8').companion_of], ['wheelchair', 'companion', 'A9']);
  assert.equal(seatOf('C3').kind, 'blocked');
  assert.deepEqual(layout.rows[1].seats.map((s) => s.col), [1, 2, 3, 4, 6, 7, 8, 9, 10]);

  // The schedule page offers it: a show on it, two days ahead.
  await page.goto('/admin/schedule.html');
  await page.locator('#schedule form').waitFor();
  const movie = page.getByLabel('Movie');
  await page.waitForFunction(() => document.querySelectorAll('#movie_id optgroup[label="Imported"] option').length > 0);
  await movie.selectOption({ index: 1 });
  await page.getByLabel('Screen', { exact: true }).selectOption({ label: `${name} (44 seats)` });
  const today = (await call(admin, 'GET', '/api/health')).body.data.time.slice(0, 10);
  const [y, m, d] = today.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d + 2, 12)).toISOString().slice(0, 10);
  await page.getByLabel('Date').fill(day);
  await page.waitForFunction(() => {
    const s = document.getElementById('slot_id');
    return !s.disabled && [...s.options].some((o) => !o.disabled && o.value);
  });
  const slot = page.getByLabel('Slot');
  await slot.selectOption(await slot.locator('option:not([disabled])').first().getAttribute('value'));
  await page.getByLabel('Base price (₹)').fill('200');
  await page.getByRole('button', { name: 'Schedule show' }).click();
  const done = page.locator('#schedule-result .notice.success');
  await done.waitFor();
  assert.match(await done.textContent(), new RegExp(`on ${name}`));
  const shows = (await call(admin, 'GET', `/api/shows?date=${day}`)).body.data;
  const show = shows.find((s) => s.screen.name === name);
  assert.ok(show, 'the show is listed');
  assert.equal(show.seats_total, 44);

  // A customer: the spaces and companions drawn apart, named, the blocked seat not on sale.
  const cust = await freshCustomer('whl');
  await page.context().clearCookies();
  await page.setViewportSize(PHONE);
  await login(page, cust.username, cust.password);
  await page.goto(`/show.html?id=${show.id}`);
  await page.getByRole('group', { name: /^Seats, / }).waitFor();
  const seat = (label) => page.locator(`button.seat[data-seat="${label}"]`);
  assert.equal(await seat('A1').getAttribute('aria-label'), 'A1: row A, seat 1, wheelchair space, Standard, ₹200.00, available');
  assert.equal(await seat('A2').getAttribute('aria-label'), 'A2: row A, seat 2, companion seat for A1, Standard, ₹200.00, available');
  assert.match(await seat('C3').getAttribute('aria-label'), /^C3: row C, seat 3, Standard, ₹200\.00, not on sale$/);
  assert.match(await seat('A1').getAttribute('class'), /kind-wheelchair/);
  assert.match(await seat('A2').getAttribute('class'), /kind-companion/);
  const look = (label) => seat(label).evaluate((b) => {
    const s = getComputedStyle(b);
    return `${s.borderTopLeftRadius}|${s.borderTopStyle}|${getComputedStyle(b, '::before').content}`;
  });
  const [space, companion, plain] = [await look('A1'), await look('A2'), await look('B1')];
  assert.notEqual(space, plain);
  assert.notEqual(companion, plain);
  assert.notEqual(space, companion);
  await page.locator('.seat-legend').getByText('Wheelchair space', { exact: true }).waitFor();
  await page.locator('.seat-legend').getByText('Companion seat', { exact: true }).waitFor();

  // Alone, the companion seat is refused before the release; the page says why.
  await seat('A2').click();
  await page.getByRole('button', { name: 'Hold seats' }).click();
  const refused = page.locator('#hold-error .notice.error');
  await refused.waitFor();
  assert.match(await refused.textContent(), /companion seat, held only with its wheelchair space/);

  // The space: asked first, in a dialog; "Choose another seat" leaves it out.
  await seat('A1').click();
  const dialog = page.getByRole('dialog', { name: 'A1 is a wheelchair space' });
  await dialog.waitFor();
  await assertAxeClean(page);
  await shoot(page, 'screens-wheelchair-dialog-375');
  await dialog.getByRole('button', { name: 'Choose another seat' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await seat('A1').getAttribute('aria-pressed'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.seat), 'A1', 'focus back on the seat');
  await seat('A1').click();
  await dialog.getByRole('button', { name: 'Yes, I need it' }).click();
  assert.equal(await seat('A1').getAttribute('aria-pressed'), 'true');
  assert.match(await seat('A1').getAttribute('aria-label'), /wheelchair space, Standard, ₹200\.00, selected$/);
  await page.getByRole('button', { name: 'Hold seats' }).click();
  await page.locator('.hold-panel').waitFor();
  await page.locator('.hold-panel .hold-what', { hasText: 'A1, A2' }).waitFor();
  const mine = await asCustomer(cust, 'GET', `/api/bookings?show_id=${show.id}`);
  assert.deepEqual(mine.body.data[0].seats, ['A1', 'A2']);
  await page.locator('button.seat.mine[data-seat="A1"]').waitFor();
  await assertAxeClean(page);
  await shoot(page, 'screens-show-375');
  await page.setViewportSize(DESKTOP);
  await assertAxeClean(page);
  await shoot(page, 'screens-show-1366');
  assertNoConsoleErrors(page, [{ status: '409', url: `${BASE}/api/bookings` }]);

  // The manager can't take the held space away: the editor says which show holds it.
  await page.context().clearCookies();
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/screens.html');
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  await page.getByRole('heading', { name: `Edit ${name}` }).waitFor();
  await tool(page, 'a seat');
  await place(page, 0, 1).click();
  await page.locator('#editor-said', { hasText: 'A1 is now a seat, Standard.' }).waitFor();
  await page.getByRole('button', { name: 'Save screen' }).click();
  const inUse = page.locator('#editor-error .notice.error');
  await inUse.waitFor();
  assert.match(await inUse.textContent(), /A\d is held or sold for .+ on [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} at \d\d:\d\d \(show \d+\)/);
  assert.equal((await call(admin, 'GET', `/api/screens/${screen.id}`)).body.data.rows[0].seats[0].kind, 'wheelchair');
  await assertAxeClean(page);
  await shoot(page, 'screens-in-use-1366');
  assertNoConsoleErrors(page, [{ status: '409', url: `${BASE}/api/bookings` },
    { status: '409', url: `${BASE}/api/screens/${screen.id}` }]);
}));
