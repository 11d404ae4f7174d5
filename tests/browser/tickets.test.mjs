// Tickets and the door, clicked through: staff check a customer in by typing the ticket's
// code on /checkin.html (green, then amber for a second scan, red for an altered code), and a
// customer opens their ticket page with the QR, full screen and the PDF link.
//
// Data is made through the API (a show in the coming days, a walk-in sale, a paid customer
// booking); the site's clock is moved into the show's check-in window with clock_offset in the
// test site's skyfox.conf, and put back afterwards. Sessions are started with POST
// /api/session inside the browser context, so the cookie and CSRF token are the real ones.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, confPut, assertNoConsoleErrors, withPage } from './harness.mjs';
import { call, clockTo, freeSeats, newShow, phone, sessionIn, token } from './site.mjs';

const PRICE = 20000;

// Put the clock back whatever happened.
after(() => { if (process.env.SKYFOX_DATA) confPut('clock_offset', '0'); });

test('staff check a customer in by typing the ticket code', (t) => withPage(t, async (page) => {
  const [admin, staff] = [await token('admin'), await token('staff')];
  const show = await newShow(admin, PRICE);
  const seats = await freeSeats(show.id, 2);
  const sale = await call('POST', '/api/bookings',
    { show_id: show.id, seats, customer_name: 'Door Tester', phone: phone(), amount_paid: 2 * PRICE }, staff);
  const { code } = await call('GET', `/api/tickets/${sale.id}`, undefined, staff);
  assert.match(code, /^SKYFOX1\.\d+\./);

  clockTo(Date.parse(show.starts_at) / 1000 - 20 * 60);   // 20 minutes before the show
  await sessionIn(page, 'staff');
  await page.goto(`/checkin.html?show_id=${show.id}&date=${show.date}`);
  await page.locator('#show-panel').waitFor();
  await assert.doesNotReject(page.waitForFunction(() => /0 of 1 bookings/.test(document.querySelector('.checkin-count').textContent)));
  assert.match(await page.locator('#show-window').textContent(), /open until/);

  // Typed (or a USB scanner): the code and Enter.
  await page.fill('#code', code);
  await page.press('#code', 'Enter');
  const answer = page.locator('#answer');
  await answer.locator('.checkin-answer-title').waitFor();
  assert.match(await answer.getAttribute('class'), /\bok\b/);
  assert.match(await answer.textContent(), /Checked in — admit 2/);
  assert.match(await answer.textContent(), new RegExp(`Door Tester .*${seats.join(', ')}`));
  await page.waitForFunction(() => document.getElementById('count-in').textContent === '1');
  assert.equal(await page.locator('#code').inputValue(), '', 'the box is cleared for the next ticket');

  // The same ticket again: amber, with the time and who.
  await page.fill('#code', code);
  await page.press('#code', 'Enter');
  await page.waitForFunction(() => document.getElementById('answer').classList.contains('warn'));
  assert.match(await answer.textContent(), /Already checked in.*by staff/);

  // One character changed: red, forged.
  const altered = code.slice(0, -6) + (code.at(-6) === 'Q' ? 'R' : 'Q') + code.slice(-5);
  await page.fill('#code', altered);
  await page.press('#code', 'Enter');
  await page.waitForFunction(() => document.getElementById('answer').classList.contains('bad'));
  assert.match(await answer.textContent(), /Forged or altered ticket/);

  // The list shows the holder as in.
  assert.match(await page.locator('#holders tbody').textContent(), /Door Tester.*In \d\d:\d\d/);
  confPut('clock_offset', '0');
  assertNoConsoleErrors(page);
}));

test('a customer opens their ticket from their bookings: QR, full screen, PDF', (t) => withPage(t, async (page) => {
  const [admin, customer] = [await token('admin'), await token('customer')];
  const show = await newShow(admin, PRICE);
  const [seat] = await freeSeats(show.id, 1);
  const hold = await call('POST', '/api/bookings', { show_id: show.id, seats: [seat] }, customer);
  await call('POST', '/api/payments', {
    booking_id: hold.id, method: 'card',
    card: { number: '4111111111111111', cvv: '123', expiry: '12/30', name: 'Chitra Customer' },
  }, customer);

  // From "my bookings": the paid booking offers its PDF and its QR for the door.
  await sessionIn(page, 'customer');
  await page.goto('/bookings.html');
  const row = page.locator(`tr[data-booking="${hold.id}"]`);
  await row.waitFor();
  assert.equal(await row.getByRole('link', { name: 'Download PDF' }).getAttribute('href'), `/api/tickets/${hold.id}.pdf`);
  await row.getByRole('link', { name: 'Show QR for the door' }).click();
  await page.waitForURL(`**/ticket.html?id=${hold.id}`);
  const qr = page.locator('.ticket-qr img');
  await qr.waitFor();
  await page.waitForFunction(() => document.querySelector('.ticket-qr img').naturalWidth > 0);
  assert.match(await page.locator('.ticket-facts').textContent(), new RegExp(`${seat}(?!\\d)`));
  assert.match(await page.locator('.ticket-facts').textContent(), new RegExp(`Booking${hold.id}`));
  assert.equal(await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href'), `/api/tickets/${hold.id}.pdf`);

  await page.getByRole('button', { name: /full screen/ }).click();
  const overlay = page.getByRole('dialog');
  await overlay.waitFor();
  const box = await overlay.locator('img').boundingBox();
  assert.ok(box.width >= 500, `the QR fills the screen (${box.width}px wide)`);
  await page.keyboard.press('Escape');
  await overlay.waitFor({ state: 'detached' });
  assertNoConsoleErrors(page);
}));
