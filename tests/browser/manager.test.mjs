// The cinema manager's journey (issue 15 "Done when"), all from the pages, on a phone: the admin
// draws a screen of their own shape (six rows, an aisle, two wheelchair spaces each with its
// companion seat, a blocked seat), makes a price card with child prices, and schedules a show
// on that screen with the card — tonight if a slot of today has not started, else tomorrow; a
// fresh customer sets 2 Adult + 2 Child, presses "Best available" and "Hold seats" (the two
// clicks), pays by card, and the ticket page and PDF name each seat's type; staff block a
// broken seat for the show and sell a walk-in at the counter; the admin cancels the show with a
// reason: the customer's booking is refunded to the wallet (the wallet and My bookings say so,
// with the reason), the walk-in is listed for cash, and `skyfoxctl check` is clean. axe-clean
// on every page at 375×812; screenshots in tests/browser/screenshots/manager-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { asCustomer, freshCustomer } from './fresh.mjs';
import { call, cinemaDay, phone, token } from './site.mjs';
import { formatMoney } from '../../htdocs/js/money.js';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const PHONE = { width: 375, height: 812 };
const money = (p) => formatMoney(p, 'INR');

async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}manager-${name}.png`, fullPage: true });
}

// Whether the element is wholly inside the viewport as the page is scrolled now.
const inView = (locator) => locator.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0;
});

// skyfoxctl as the sysadmin runs it (it becomes the data's owner): its output; a non-zero exit
// (check finding a fault) throws with what it said.
function skyfoxctl(...args) {
  const env = { ...process.env, SKYFOX_CONF: `${process.env.SKYFOX_DATA}/skyfox.conf` };
  return execFileSync(`${process.env.SKYFOX_ROOT}/bin/skyfoxctl`, args, { cwd: '/', env }).toString();
}

// The editor's place at row index r (0: A) and grid column col.
const place = (page, r, col) => page.locator(`#editor-grid button[data-row="${r}"][data-col="${col}"]`);
const tool = (page, label) => page.getByRole('radio', { name: label, exact: true }).check();

// Card prices in rupees: Standard adult 240, child 140; Deluxe +160; senior and student as child.
const rupees = (cat, type) => (type === 'adult' ? 240 : 140) + (cat === 'Deluxe' ? 160 : 0);

test('a new manager draws a screen, prices it, schedules tonight; a family books in two clicks; a broken seat blocked; the show cancelled with everyone refunded', async (t) => {
  const admin = await token('admin');
  const stamp = Date.now().toString(36).slice(-5);
  const screenName = `Studio ${stamp}`;
  const cardName = `Family ${stamp}`;
  const reason = 'Projector lamp failed';
  let screenId = null;
  let show = null;

  // 1–3. The admin: a screen, a price card, a show.
  await withPage(t, async (page) => {
    await page.setViewportSize(PHONE);
    await login(page, 'admin', 'Admin#2026');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Screens' }).click();
    await page.waitForURL('**/admin/screens.html');
    await page.locator('#screen-list li', { hasText: 'Screen 1' }).waitFor();
    await page.getByRole('button', { name: 'Draw a new screen' }).click();
    await page.getByRole('heading', { name: 'New screen' }).waitFor();
    await page.getByLabel('Name').fill(screenName);
    await page.getByRole('button', { name: 'Add a row' }).click();          // six rows, A–F
    await tool(page, 'an aisle (no seat)');
    for (let r = 0; r < 6; r++) await place(page, r, 5).click();
    await tool(page, 'a wheelchair space');
    await place(page, 0, 1).click();
    await place(page, 0, 10).click();
    await tool(page, 'a companion seat (beside a wheelchair space)');
    await place(page, 0, 2).click();
    await page.locator('#editor-said', { hasText: 'A2 is now a companion seat for A1' }).waitFor();
    await place(page, 0, 9).click();
    await page.locator('#editor-said', { hasText: 'A8 is now a companion seat for A9' }).waitFor();
    await tool(page, 'a blocked seat (never sold)');
    await place(page, 2, 3).click();
    await page.locator('#editor-summary', { hasText: '6 rows, 54 places: 2 wheelchair spaces, 2 companion seats, 1 blocked.' }).waitFor();
    await assertAxeClean(page);
    await shoot(page, '1-screen-drawn');
    await page.getByRole('button', { name: 'Save screen' }).click();
    await page.locator('#screens-notice', { hasText: `${screenName} is saved.` }).waitFor();
    await page.locator('#screen-list li', { hasText: screenName }).waitFor();
    // The next step is linked from the notice, which is in sight of the Save button.
    const onIt = page.locator('#screens-notice').getByRole('link', { name: `Schedule a show on ${screenName}` });
    assert.ok(await inView(onIt), 'the saved notice and its link are in sight');
    await assertAxeClean(page);
    await shoot(page, '1-screen-saved');
    screenId = (await call('GET', '/api/screens', undefined, admin)).find((s) => s.name === screenName).id;
    const layout = await call('GET', `/api/screens/${screenId}`, undefined, admin);
    const kinds = Object.fromEntries(layout.rows.flatMap((r) => r.seats).map((s) => [s.seat, s.kind]));
    assert.deepEqual([kinds.A1, kinds.A2, kinds.A8, kinds.A9, kinds.C3], ['wheelchair', 'companion', 'companion', 'wheelchair', 'blocked']);
    assert.deepEqual(layout.rows[3].seats.map((s) => s.col), [1, 2, 3, 4, 6, 7, 8, 9, 10], 'the aisle');

    // The price card, with child prices.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Prices' }).click();
    await page.waitForURL('**/admin/pricing.html');
    const cells = page.locator('#card-grid input');
    await cells.first().waitFor();
    await page.getByLabel('Card name').fill(cardName);
    for (const input of await cells.all()) {
      await input.fill(String(rupees(await input.getAttribute('data-category'), await input.getAttribute('data-type'))));
    }
    // Scrolled to the last type, each row still says its category.
    const last = cells.last();
    await last.scrollIntoViewIfNeeded();
    const rowHead = page.locator('#card-grid tbody tr').last().locator('th');
    const [headBox, wrapBox] = [await rowHead.boundingBox(), await page.locator('#card-grid').boundingBox()];
    assert.ok(await page.locator('#card-grid').evaluate((w) => w.scrollLeft > 0), 'the grid is scrolled');
    assert.ok(headBox.x >= wrapBox.x - 1, `the category is in sight: ${JSON.stringify([headBox, wrapBox])}`);
    await assertAxeClean(page);
    await shoot(page, '2-card-filled');
    assert.ok(await page.locator('#card-grid').evaluate((g) => g.closest('fieldset').getBoundingClientRect().right <= window.innerWidth),
      'the grid scrolls in its box, not the page sideways');
    await page.getByRole('button', { name: 'Save price card' }).click();
    await page.locator('#pricing-notice.success', { hasText: `Price card ${cardName} saved` }).waitFor();
    await page.locator('.price-card', { hasText: cardName }).waitFor();
    const withIt = page.locator('#pricing-notice').getByRole('link', { name: `Schedule a show with ${cardName}` });
    assert.ok(await inView(withIt), 'the saved notice is in sight of the Save button');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width, 'no sideways scrolling');
    await assertAxeClean(page);
    await shoot(page, '2-card-saved');

    // The show: tonight on the new screen if a slot of today is still to come.
    // (The evening's last slot, at least an hour off: time for the family and the counter.)
    const now = Date.parse((await call('GET', '/api/health')).time);
    let date = null;
    let slot = null;
    for (const d of [0, 1]) {
      date = await cinemaDay(d);
      const slots = await call('GET', `/api/slots?date=${date}&screen_id=${screenId}`, undefined, admin);
      slot = slots.filter((s) => s.available && Date.parse(s.starts_at) > now + 3_600_000).at(-1);
      if (slot) break;
    }
    assert.ok(slot, 'a free slot today or tomorrow on a new screen');
    t.diagnostic(`show on ${date} at ${slot.start}`);
    // A film every age may see: the family has children.
    const film = (await call('GET', '/api/movies', undefined, admin)).find((m) => m.certificate && m.certificate.min_age === 0);
    assert.ok(film, 'a film rated for all ages');
    await withIt.click();
    await page.waitForURL(/\/admin\/schedule\.html\?price_card_id=\d+$/);
    await page.locator('#schedule-form').waitFor();
    assert.equal(await page.locator('#schedule-form').getByRole('radio', { name: 'Price card' }).isChecked(), true);
    assert.equal(await page.locator('#price_card_id option:checked').textContent(), cardName);
    await page.getByLabel('Movie').selectOption(String(film.id));
    await page.getByLabel('Screen', { exact: true }).selectOption({ label: `${screenName} (53 seats)` });
    await page.getByLabel('Date').fill(date);
    await page.waitForFunction((id) => [...document.querySelectorAll('#slot_id option')].some((o) => o.value === String(id) && !o.disabled), slot.id);
    await page.getByLabel('Slot').selectOption(String(slot.id));
    await assertAxeClean(page);
    await shoot(page, '3-schedule-form');
    await page.getByRole('button', { name: 'Schedule show' }).click();
    const done = page.locator('#schedule-result .notice.success');
    await done.waitFor();
    assert.match(await done.textContent(), new RegExp(`Scheduled ${film.title} on ${screenName}.*from ₹240\\.00`));
    const showId = Number((await done.locator('#new-show-link').getAttribute('href')).match(/id=(\d+)/)[1]);
    const row = page.locator(`.day-shows li[data-show-id="${showId}"]`, { hasText: cardName });
    await row.waitFor();
    await assertAxeClean(page);
    await shoot(page, '3-scheduled');
    // From the day's list, the show's seats can be blocked: the counter's map, ready to block.
    await row.getByRole('link', { name: /^Block seats… / }).click();
    await page.waitForURL(`**/walkin.html?show_id=${showId}&block=1`);
    await page.getByRole('heading', { name: 'Block seats' }).waitFor();
    assert.equal(await page.getByLabel('Show', { exact: true }).inputValue(), String(showId));
    await page.locator('button.seat[data-seat="A3"]').waitFor();
    await assertAxeClean(page);
    await shoot(page, '3-block-from-schedule');
    show = await call('GET', `/api/shows/${showId}`);
    const card = (await call('GET', '/api/price-cards', undefined, admin)).find((c) => c.name === cardName);
    assert.equal(show.price_card_id, card.id, 'scheduled with the card');
    assert.equal(show.screen.id, screenId);
    assert.equal(show.prices.child, 14000);
    assertNoConsoleErrors(page);
  });

  // 4. A family of four, two clicks.
  const who = await freshCustomer('family');
  let held = null;
  await withPage(t, async (page) => {
    await page.setViewportSize(PHONE);
    await login(page, who.username, who.password);
    await page.goto(`/?date=${show.date}`);
    await page.locator(`a[href="/show.html?id=${show.id}"]`).first().click();
    await page.waitForURL(`**/show.html?id=${show.id}`);
    await page.getByRole('group', { name: /^Seats, / }).waitFor();
    // The film's facts say the cinema's certificate, not also the provider's "Rated".
    assert.match(await page.locator('.movie-facts').textContent(), /CertificateU \(all ages\)/);
    assert.doesNotMatch(await page.locator('.movie-facts').textContent(), /Rated/);
    assert.equal(await page.getByLabel('Adult', { exact: true }).inputValue(), '2');
    await page.getByRole('button', { name: 'One more Child' }).click();
    await page.getByRole('button', { name: 'One more Child' }).click();
    await page.locator('.ticket-total', { hasText: '4 seats' }).waitFor();
    await assertAxeClean(page);
    await shoot(page, '4-tickets');
    await page.getByRole('button', { name: 'Best available' }).click();      // click one
    await page.locator('.selection-summary', { hasText: /^4 seats: / }).waitFor();
    const summary = await page.locator('.selection-summary').textContent();
    const picked = [...summary.matchAll(/([A-Z]\d+) (Adult|Child)/g)].map((m) => [m[1], m[2]]);
    assert.equal(picked.length, 4, summary);
    assert.deepEqual(picked.map((p) => p[1]).sort(), ['Adult', 'Adult', 'Child', 'Child']);
    const map = await call('GET', `/api/shows/${show.id}/seats`);
    const seatOf = (l) => map.rows.flatMap((r) => r.seats).find((s) => s.seat === l);
    for (const [label] of picked) {
      assert.equal(seatOf(label).kind ?? 'standard', 'standard', `${label} is a plain seat`);
      assert.equal(seatOf(label).status, 'available');
    }
    await assertAxeClean(page);
    await shoot(page, '4-best');
    await page.getByRole('button', { name: 'Hold seats' }).click();         // click two
    const panel = page.locator('.hold-panel').first();
    await panel.waitFor();
    held = (await asCustomer(who, 'GET', `/api/bookings?show_id=${show.id}`)).body.data[0];
    assert.deepEqual(held.seats.map((s) => s.type).sort(), ['adult', 'adult', 'child', 'child']);
    assert.equal(held.amount, 2 * 24000 + 2 * 14000);
    await assertAxeClean(page);
    await shoot(page, '4-held');

    await panel.getByRole('link', { name: 'Pay now' }).click();
    await page.waitForURL(new RegExp(`/checkout\\.html\\?booking=${held.id}$`));
    await page.locator('#card-number').waitFor();
    await page.type('#card-number', '4111111111111111');
    await page.fill('#card-expiry', '12/35');
    await page.fill('#card-cvv', '123');
    await page.fill('#card-name', 'Meera Nair');
    await assertAxeClean(page);
    await shoot(page, '4-checkout');
    await page.click('#pay-button');
    await page.locator('#confirmation-heading').waitFor();
    await assertAxeClean(page);
    await shoot(page, '4-paid');

    const typed = held.seats.map((s) => `${s.seat} ${s.type === 'child' ? 'Child' : 'Adult'}`).join(', ');
    await page.getByRole('link', { name: 'Show QR for the door' }).click();
    await page.waitForURL(`**/ticket.html?id=${held.id}`);
    await page.locator('.ticket-facts').waitFor();
    assert.match(await page.locator('.ticket-facts').textContent(), new RegExp(`${typed} \\(4\\)`));
    await assertAxeClean(page);
    await shoot(page, '4-ticket');
    const pdf = await page.request.get(`/api/tickets/${held.id}.pdf`);
    assert.equal(pdf.status(), 200);
    mkdirSync(SHOTS, { recursive: true });
    const file = `${SHOTS}manager-ticket-${held.id}.pdf`;
    writeFileSync(file, await pdf.body());
    const text = execFileSync('pdftotext', [file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().replace(/\s+/g, ' ');
    assert.match(text, new RegExp(typed), text);
    assertNoConsoleErrors(page);
  });

  // 5. Staff: a broken seat blocked for tonight, a walk-in sold.
  const walkPhone = phone();
  let walkId = null;
  await withPage(t, async (page) => {
    await page.setViewportSize(PHONE);
    await login(page, 'staff', 'Staff#2026');
    await page.goto('/walkin.html');
    await page.locator('#walkin-date').fill(show.date);
    await page.locator('#walkin-date').dispatchEvent('change');
    await page.locator(`#walkin-show option[value="${show.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Show', { exact: true }).selectOption(String(show.id));
    await page.locator('.seat-legend').waitFor();
    // The counter's map, like the customer's: the seats for everyone named in the legend, and
    // the cue that the screen's right-hand seats are out of sight on a phone.
    await page.locator('.seat-legend').getByText('Wheelchair space', { exact: true }).waitFor();
    await page.locator('.seat-legend').getByText('Companion seat', { exact: true }).waitFor();
    await page.locator('.seat-scroll-box.more-right').waitFor();
    assert.equal(await page.locator('.scroll-hint').isVisible(), true);
    await page.getByRole('button', { name: 'Block seats…' }).click();
    await page.locator('button.seat[data-seat="F4"]').click();
    await page.getByLabel('Reason').fill('broken');
    await page.click('#confirm-block');
    await page.locator('.walkin-block .notice.success', { hasText: 'Blocked F4: broken.' }).waitFor();
    await page.locator('button.seat.blocked[data-seat="F4"]').waitFor();
    await assertAxeClean(page);
    await shoot(page, '5-blocked');
    // Back to selling: one seat to a walk-in.
    await page.getByRole('button', { name: 'Back to selling' }).click();
    await page.locator('button.seat[data-seat="F1"]').click();
    await page.locator('#walkin-seats', { hasText: 'F1' }).waitFor();
    await page.fill('#customer_name', 'Ravi Kumar');
    await page.fill('#phone', walkPhone);
    await assertAxeClean(page);
    await page.click('#confirm-sale');
    const sold = page.locator('#sale-done').getByRole('heading', { name: /^Sold: booking \d+$/ });
    await sold.waitFor();
    walkId = Number((await sold.textContent()).match(/(\d+)$/)[1]);
    await assertAxeClean(page);
    await shoot(page, '5-sold');
    assertNoConsoleErrors(page);
  });
  const seats = await call('GET', `/api/shows/${show.id}/seats`);
  assert.equal(seats.rows.flatMap((r) => r.seats).find((s) => s.seat === 'F4').status, 'blocked');

  // 6. The admin cancels the show.
  await withPage(t, async (page) => {
    await page.setViewportSize(PHONE);
    await login(page, 'admin', 'Admin#2026');
    await page.goto('/admin/schedule.html');
    await page.locator('#schedule-form').waitFor();
    await page.getByLabel('Date').fill(show.date);
    await page.getByLabel('Date').dispatchEvent('change');
    const row = page.locator(`.day-shows li[data-show-id="${show.id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: /^Cancel show/ }).click();
    const dialog = page.locator('#cancel-show-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.textContent(), /5 seats are held or sold\./, 'the blocked seat is not counted as sold');
    await dialog.getByLabel('Reason').fill(reason);
    await assertAxeClean(page);
    await shoot(page, '6-cancel-dialog');
    await dialog.getByRole('button', { name: 'Cancel show' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const result = page.locator('#day-result .cancel-result');
    await result.waitFor();
    assert.match(await result.locator('[data-count="refunded"]').textContent(), new RegExp(`^1 booking refunded to wallets: ${money(held.amount).replace('.', '\\.')} \\(booking ${held.id}\\)\\.$`));
    const cash = result.locator('.cash-refunds li');
    assert.equal(await cash.count(), 1);
    assert.match(await cash.first().textContent(), new RegExp(`Ravi Kumar · ${walkPhone} · ${money(24000).replace('.', '\\.')} · booking ${walkId}`));
    await row.waitFor({ state: 'detached' });
    await assertAxeClean(page);
    await shoot(page, '6-cancelled');
    assertNoConsoleErrors(page);
  });

  // The customer: the refund in the wallet, with the reason; the booking cancelled, refunded.
  await withPage(t, async (page) => {
    await page.setViewportSize(PHONE);
    await login(page, who.username, who.password);
    await page.goto('/wallet.html');
    const entry = page.locator('tr', { hasText: `Refund for booking ${held.id}` });
    await entry.waitFor();
    assert.match(await entry.textContent(), new RegExp(`show cancelled: ${reason}.*\\+${money(held.amount).replace('.', '\\.')}`));
    await assertAxeClean(page);
    await shoot(page, '6-wallet');
    await page.goto('/bookings.html');
    const row = page.locator(`tr[data-booking="${held.id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /Cancelled · refunded/);
    assert.match(await row.textContent(), new RegExp(`The show was cancelled: ${reason}\\.`));
    assert.equal(await row.locator('td.actions-cell').isVisible(), false, 'no "Actions" label over nothing');
    await assertAxeClean(page);
    await shoot(page, '6-bookings');
    assertNoConsoleErrors(page);
  });
  assert.equal((await asCustomer(who, 'GET', '/api/wallet')).body.data.balance, held.amount);
  // The refunds balance the books: the ledger, the wallets and the bookings agree.
  skyfoxctl('check');
});
