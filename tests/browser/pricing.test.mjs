// Ticket types and price cards (issue 15 item 1), clicked through: the admin makes a price card
// with child prices on the Prices page (a missing cell is refused, named and marked), schedules
// a show with it on the schedule page; a customer on a phone says "2 Adult, 1 Child", takes
// Best available, sees each seat's type and price in the bar, holds, pays at checkout, and the
// ticket page, My bookings and the PDF say each seat's type. Axe-clean at 375 (the customer)
// and 1366 (the admin); screenshots in /tmp/pricing-shots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { asCustomer, freshCustomer } from './fresh.mjs';
import { call, freeSlot, token } from './site.mjs';
import { formatMoney } from '../../htdocs/js/money.js';

const PHONE = { width: 375, height: 812 };
const LAPTOP = { width: 1366, height: 900 };
const SHOTS = '/tmp/pricing-shots/';

// Card prices in rupees: Standard adult 250, child 150; Deluxe adult 400, child 300; senior and
// student 200 (Deluxe 350); any other category as Standard.
const rupees = (cat, type) => {
  const base = { adult: 250, child: 150, senior: 200, student: 200 }[type] ?? 250;
  return cat === 'Deluxe' ? base + 150 : base;
};

test('the admin makes a card with child prices and schedules a show with it; a family books with Best available and the ticket names each type', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const admin = await token('admin');
  const cardName = `Family ${Date.now().toString(36)}`;
  let showId = null;

  await withPage(t, async (page) => {
    await page.setViewportSize(LAPTOP);
    await login(page, 'admin', 'Admin#2026');
    await page.goto('/admin/pricing.html');
    await page.locator('#types-table tbody tr[data-code="child"]').waitFor();
    assert.match(await page.locator('#types-table tbody tr[data-code="child"]').textContent(), /Child.*12 and under.*On sale/);
    const cells = page.locator('#card-grid input');
    await cells.first().waitFor();
    await assertAxeClean(page);

    // Every cell but Deluxe × Child: the page names the missing one on its cell.
    await page.getByLabel('Card name').fill(cardName);
    for (const input of await cells.all()) {
      const cat = await input.getAttribute('data-category');
      const type = await input.getAttribute('data-type');
      if (!(cat === 'Deluxe' && type === 'child')) await input.fill(String(rupees(cat, type)));
    }
    await page.getByRole('button', { name: 'Save price card' }).click();
    const missing = page.getByLabel('Deluxe, Child (₹)');
    await page.locator('#price-deluxe-child[aria-invalid="true"]').waitFor();
    assert.match(await page.locator('.field-error').first().textContent(), /Deluxe, Child/);
    await page.screenshot({ path: `${SHOTS}admin-card-missing.png`, fullPage: true });
    await missing.fill('300');
    await page.getByRole('button', { name: 'Save price card' }).click();
    await page.locator('#pricing-notice.success', { hasText: `Price card ${cardName} saved` }).waitFor();
    const shown = page.locator('.price-card', { hasText: cardName });
    await shown.waitFor();
    assert.match(await shown.textContent(), /₹300\.00/);
    await page.screenshot({ path: `${SHOTS}admin-card-saved.png`, fullPage: true });
    await assertAxeClean(page);

    // Schedule a show priced by the card.
    const { date, screen, slot } = await freeSlot(admin);
    await page.goto('/admin/schedule.html');
    await page.locator('#schedule-form').waitFor();
    // A film for all ages: the family has a child (a UA 13+ film sells no Child ticket).
    const film = (await call('GET', '/api/movies', undefined, admin)).find((m) => m.certificate && m.certificate.min_age === 0);
    await page.getByLabel('Movie').selectOption(String(film.id));
    await page.getByLabel('Screen', { exact: true }).selectOption(String(screen));
    await page.getByLabel('Date').fill(date);
    await page.waitForFunction((id) => [...document.querySelectorAll('#slot_id option')].some((o) => o.value === String(id) && !o.disabled), slot.id);
    await page.getByLabel('Slot').selectOption(String(slot.id));
    await page.locator('#schedule-form').getByRole('radio', { name: 'Price card' }).check();
    assert.equal(await page.getByLabel('Base price (₹)').isVisible(), false, 'a card needs no single price');
    await page.locator('#price_card_id').selectOption({ label: cardName });
    await assertAxeClean(page);
    await page.getByRole('button', { name: 'Schedule show' }).click();
    const done = page.locator('#schedule-result .notice.success');
    await done.waitFor();
    assert.match(await done.textContent(), /from ₹250\.00/);
    showId = Number((await done.locator('#new-show-link').getAttribute('href')).match(/id=(\d+)/)[1]);
    await page.screenshot({ path: `${SHOTS}admin-scheduled.png`, fullPage: true });
    assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/price-cards` }]);
  });

  const show = await call('GET', `/api/shows/${showId}`);
  assert.equal(show.prices.child, 15000);
  const who = await freshCustomer('family');
  await withPage(t, async (page) => {
    await page.setViewportSize(PHONE);
    await login(page, who.username, who.password);
    await page.goto(`/show.html?id=${showId}`);
    await page.getByRole('group', { name: /^Seats, / }).waitFor();
    // Adult 2 is the start; one more Child.
    assert.equal(await page.getByLabel('Adult', { exact: true }).inputValue(), '2');
    assert.match(await page.locator('#tickets-child-about').textContent(), /12 and under · from ₹150\.00/);
    await page.getByRole('button', { name: 'One more Child' }).click();
    assert.equal(await page.getByLabel('Child', { exact: true }).inputValue(), '1');
    await page.locator('.ticket-total', { hasText: '3 seats' }).waitFor();
    await assertAxeClean(page);
    await page.getByRole('button', { name: 'Best available' }).click();
    await page.locator('.selection-summary', { hasText: /^3 seats: / }).waitFor();

    const best = await call('GET', `/api/shows/${showId}/best?types=adult,adult,child`);
    const [a1, a2, c1] = best.seats;
    const map = await call('GET', `/api/shows/${showId}/seats`);
    const seat = (l) => map.rows.flatMap((r) => r.seats).find((s) => s.seat === l);
    const money = (p) => formatMoney(p, 'INR');
    const total = seat(a1).prices.adult + seat(a2).prices.adult + seat(c1).prices.child;
    assert.equal(await page.locator('.selection-summary').textContent(),
      `3 seats: ${a1} Adult ${money(seat(a1).prices.adult)}, ${a2} Adult ${money(seat(a2).prices.adult)}, ` +
      `${c1} Child ${money(seat(c1).prices.child)} · Total ${money(total)}`);
    await page.screenshot({ path: `${SHOTS}phone-family-chosen.png` });

    await page.getByRole('button', { name: 'Hold seats' }).click();
    const panel = page.locator('.hold-panel').first();
    await panel.waitFor();
    assert.match(await panel.locator('.hold-what').textContent(), new RegExp(`${a1} Adult, ${a2} Adult, ${c1} Child · ${money(total).replace(/[.]/g, '\\.')}`));
    const held = (await asCustomer(who, 'GET', `/api/bookings?show_id=${showId}`)).body.data[0];
    assert.equal(held.amount, total);
    assert.deepEqual(held.seats.map((s) => [s.seat, s.type]), [[a1, 'adult'], [a2, 'adult'], [c1, 'child']]);
    await page.screenshot({ path: `${SHOTS}phone-family-held.png` });
    await assertAxeClean(page);

    // Checkout lists each seat with its type, and takes the card.
    await panel.getByRole('link', { name: 'Pay now' }).click();
    await page.waitForURL(new RegExp(`/checkout\\.html\\?booking=${held.id}$`));
    await page.locator(`#seat-prices dt[data-seat="${c1}"][data-type="child"]`).waitFor();
    assert.match(await page.locator(`#seat-prices dt[data-seat="${c1}"]`).textContent(), /Child/);
    assert.equal(await page.locator(`#seat-prices dt[data-seat="${c1}"] + dd`).getAttribute('data-price'), String(seat(c1).prices.child));
    assert.match(await page.locator('#summary').textContent(), new RegExp(`${a1} Adult, ${a2} Adult, ${c1} Child`));
    if (await page.isVisible('#use-wallet')) await page.uncheck('#use-wallet');
    await page.type('#card-number', '4242424242424242');
    await page.fill('#card-expiry', '12/35');
    await page.fill('#card-cvv', '123');
    await page.fill('#card-name', 'Meera Nair');
    await page.screenshot({ path: `${SHOTS}phone-checkout.png`, fullPage: true });
    await assertAxeClean(page);
    await page.click('#pay-button');
    await page.locator('#confirmation-heading').waitFor();

    // My bookings and the ticket page name each seat's type.
    await page.goto('/bookings.html');
    const row = page.locator(`tr[data-booking="${held.id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(`${a1} Adult, ${a2} Adult, ${c1} Child`));
    await row.getByRole('link', { name: 'Show QR for the door' }).click();
    await page.waitForURL(`**/ticket.html?id=${held.id}`);
    await page.locator('.ticket-facts').waitFor();
    assert.match(await page.locator('.ticket-facts').textContent(), new RegExp(`${a1} Adult, ${a2} Adult, ${c1} Child \\(3\\)`));
    await page.screenshot({ path: `${SHOTS}phone-ticket.png`, fullPage: true });
    await assertAxeClean(page);

    // The PDF too.
    const pdf = await page.request.get(`/api/tickets/${held.id}.pdf`);
    assert.equal(pdf.status(), 200);
    const file = `${SHOTS}ticket-${held.id}.pdf`;
    writeFileSync(file, await pdf.body());
    const text = execFileSync('pdftotext', [file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().replace(/\s+/g, ' ');
    assert.match(text, new RegExp(`${a1} Adult, ${a2} Adult, ${c1} Child`), text);
    assertNoConsoleErrors(page);
  });

  // At the counter: a senior and an adult, the price due from the card, sold typed.
  await withPage(t, async (page) => {
    await page.setViewportSize(PHONE);
    await login(page, 'staff', 'Staff#2026');
    await page.goto(`/walkin.html?show_id=${showId}&seats=A1,A2`);
    await page.locator('#walkin-seats', { hasText: 'Seats: A1, A2 (2)' }).waitFor();
    await page.getByRole('button', { name: 'One more Senior' }).click();
    await page.locator('#walkin-seats', { hasText: 'Seats: A1 Senior, A2 Adult (2)' }).waitFor();
    const map = await call('GET', `/api/shows/${showId}/seats`, undefined, admin);
    const seat = (l) => map.rows.flatMap((r) => r.seats).find((x) => x.seat === l);
    const due = seat('A1').prices.senior + seat('A2').prices.adult;
    assert.equal(await page.locator('#price-due').textContent(), formatMoney(due, 'INR'));
    await page.fill('#customer_name', 'Lakshmi Iyer');
    await page.fill('#phone', '9812345671');
    await page.screenshot({ path: `${SHOTS}phone-walkin.png`, fullPage: true });
    await assertAxeClean(page);
    await page.click('#confirm-sale');
    const done = page.locator('#sale-done');
    await done.getByRole('heading', { name: /^Sold: booking \d+$/ }).waitFor();
    assert.match(await done.textContent(), /A1 Senior, A2 Adult/);
    assertNoConsoleErrors(page);
  });
});

test('the seat page offers no ticket type the film\'s certificate keeps out: no Child tickets for a UA 13+ film', (t) => withPage(t, async (page) => {
  const admin = await token('admin');
  const film = (await call('GET', '/api/movies', undefined, admin)).find((f) => f.certificate && f.certificate.min_age > 12 && f.certificate.min_age < 18);
  assert.ok(film, 'a demo film rated for 13 or 16 and over');
  const { date, screen, slot } = await freeSlot(admin);
  const show = await call('POST', '/api/shows', { movie_id: film.id, screen_id: screen, slot_id: slot.id, date, price: 20000 }, admin);
  await page.setViewportSize(PHONE);
  await page.goto(`/show.html?id=${show.id}`);
  const child = page.getByLabel('Child', { exact: true });
  await child.waitFor();
  assert.equal(await child.isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'One more Child' }).isDisabled(), true);
  assert.equal(await page.locator('#tickets-child-about').textContent(), `Not for a film rated ${film.certificate.name}`);
  assert.equal(await page.getByLabel('Adult', { exact: true }).isDisabled(), false);
  assert.equal(await page.getByRole('button', { name: 'One more Senior' }).isDisabled(), false);
  await assertAxeClean(page);
  assertNoConsoleErrors(page);
}));
