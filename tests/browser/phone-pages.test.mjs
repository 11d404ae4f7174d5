// Issue 14, the pages on a phone (375×812) and on a desk (1366×900): my bookings as cards with
// an accessible cancel dialog and a calendar file, the door's answer on top of the screen,
// checkout's sticky timer, per-seat prices and aligned card fields; and axe-core clean on the
// bookings, checkout, check-in, revenue and staff pages for their roles at both sizes.
//
// Data is made through the API (shows in the coming days, a paid and a held customer booking,
// a walk-in sale); the check-in test moves the site's clock into the door's window and puts it
// back. SKYFOX_SCREENS=dir saves the screenshots of issue 14 there (docs/screens/).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, confPut, assertNoConsoleErrors, resizeTo, settled, withPage } from './harness.mjs';
import { call, clockTo, newShow, phone as phoneNo, sessionIn, token } from './site.mjs';
import { assertAxeClean } from './axe.mjs';

const PRICE = 20000;
const PHONE = { width: 375, height: 812 };
const DESK = { width: 1366, height: 900 };
const SCREENS = process.env.SKYFOX_SCREENS || '';

after(() => { if (process.env.SKYFOX_DATA) confPut('clock_offset', '0'); });

async function shot(page, name) {
  if (SCREENS) await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: false });
}

/** The element's box lies inside the viewport's width. */
async function assertInsideWidth(locator, what, width = PHONE.width) {
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is shown`);
  assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${what} is inside ${width} px: x ${box.x}, width ${box.width}`);
}

const utc = (iso) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

test('my bookings on a phone: cards, no "null", a cancel dialog and a calendar file', (t) => withPage(t, async (page) => {
  const [admin, customer] = [await token('admin'), await token('customer')];
  const show = await newShow(admin, PRICE);
  const paid = await call('POST', '/api/bookings', { show_id: show.id, seats: ['C4', 'C5'] }, customer);
  await call('POST', '/api/payments', {
    booking_id: paid.id, method: 'card',
    card: { number: '4111111111111111', cvv: '123', expiry: '12/30', name: 'Chitra Customer' },
  }, customer);
  const held = await call('POST', '/api/bookings', { show_id: show.id, seats: ['D6'] }, customer);
  const nativeDialogs = [];
  page.on('dialog', (d) => { nativeDialogs.push(d.message()); d.dismiss(); });

  await sessionIn(page, 'customer');
  await page.setViewportSize(PHONE);
  await page.goto('/bookings.html');
  const row = page.locator(`tr[data-booking="${paid.id}"]`);
  await row.waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /\bnull\b/, 'no "null" on the page');
  const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(scrollWidth <= PHONE.width, `the page does not scroll sideways (${scrollWidth} px)`);
  for (const label of ['Amount', 'Status']) await assertInsideWidth(row.locator(`td[data-label="${label}"]`), label);
  await assertInsideWidth(row.getByRole('link', { name: 'Download PDF' }), 'PDF');
  await assertInsideWidth(row.getByRole('link', { name: 'Show QR for the door' }), 'QR');
  await assertInsideWidth(row.getByRole('button', { name: 'Cancel for refund' }), 'Cancel');
  assert.match(await row.locator('td[data-label="Amount"]').innerText(), /₹400\.00/);
  // Every value of the card is labelled with its column's name.
  assert.deepEqual(await row.locator('td').evaluateAll((tds) => tds.map((td) => getComputedStyle(td, '::before').content)),
    ['"Movie"', '"When"', '"Screen"', '"Seats"', '"Amount"', '"Status"', '"Actions"']);
  await assertAxeClean(page);
  await shot(page, 'bookings-375');

  // The calendar file: a download named for the booking, the show's times in UTC.
  const cal = row.getByRole('link', { name: 'Add to calendar' });
  await assertInsideWidth(cal, 'Add to calendar');
  const [download] = await Promise.all([page.waitForEvent('download'), cal.click()]);
  assert.equal(download.suggestedFilename(), `skyfox-${paid.id}.ics`);
  const ics = await readFile(await download.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /\r\nBEGIN:VEVENT\r\n/);
  assert.ok(ics.includes(`\r\nDTSTART:${utc(show.starts_at)}\r\n`), `DTSTART ${utc(show.starts_at)} in\n${ics}`);
  assert.ok(ics.includes(`\r\nDTEND:${utc(show.ends_at)}\r\n`), 'DTEND is the show\'s end');
  assert.match(ics, /\r\nSUMMARY:\S/);
  assert.match(ics, new RegExp(`\\r\\nLOCATION:SkyFox Cinema\\\\, ${show.screen?.name ?? 'Screen'}`));

  // Cancelling the held booking goes through the dialog: "Keep it" keeps it and gives focus back.
  const heldRow = page.locator(`tr[data-booking="${held.id}"]`);
  const cancel = heldRow.getByRole('button', { name: 'Cancel', exact: true });
  await cancel.click();
  const dialog = page.getByRole('dialog', { name: `Cancel booking ${held.id}?` });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /D6/);
  await assertInsideWidth(dialog, 'the dialog');
  await assertAxeClean(page);
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await cancel.evaluate((b) => b === document.activeElement), true, 'focus is back on Cancel');
  assert.match(await heldRow.innerText(), /Pending payment/i);
  // Escape closes it too; then cancel for real.
  await cancel.click();
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await cancel.click();
  await dialog.getByRole('button', { name: 'Cancel booking' }).click();
  await page.locator(`tr[data-booking="${held.id}"] .badge.cancelled`).waitFor();
  assert.match(await page.locator('#bookings .notice').innerText(), new RegExp(`Booking ${held.id} was cancelled`));
  assert.deepEqual(nativeDialogs, [], 'no window.confirm()');

  await resizeTo(page, DESK);
  await assertAxeClean(page);
  await shot(page, 'bookings-1366');
  assertNoConsoleErrors(page);
}));

test('the door on a phone: the answer is on top of the screen, big, focused', (t) => withPage(t, async (page) => {
  const [admin, staff] = [await token('admin'), await token('staff')];
  const show = await newShow(admin, PRICE);
  const sale = await call('POST', '/api/bookings',
    { show_id: show.id, seats: ['E3', 'E4'], customer_name: 'Phone Door', phone: phoneNo(), amount_paid: 2 * PRICE }, staff);
  const other = await call('POST', '/api/bookings',
    { show_id: show.id, seats: ['E6'], customer_name: 'Second Guest', phone: phoneNo(), amount_paid: PRICE }, staff);
  const { code } = await call('GET', `/api/tickets/${sale.id}`, undefined, staff);

  clockTo(Date.parse(show.starts_at) / 1000 - 20 * 60);
  await sessionIn(page, 'staff');
  await page.setViewportSize(PHONE);
  await page.goto(`/checkin.html?show_id=${show.id}&date=${show.date}`);
  await page.locator(`#holders tr[data-booking="${other.id}"]`).waitFor();
  await assertAxeClean(page);
  const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(scrollWidth <= PHONE.width, `the page does not scroll sideways (${scrollWidth} px)`);

  await page.fill('#code', code);
  await page.press('#code', 'Enter');
  const answer = page.locator('#answer');
  await page.waitForFunction(() => document.getElementById('answer').classList.contains('ok'));
  await settled(page, '#answer');       // smooth or not, the scroll has landed
  const box = await answer.boundingBox();
  assert.ok(box.y >= 0 && box.y < 60, `the answer's top is at the top of the viewport (${box.y})`);
  const size = await answer.locator('.checkin-answer-title').evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
  assert.ok(size >= 24, `the answer is big (${size} px)`);
  assert.match(await answer.locator('.checkin-answer-title').innerText(), /^Checked in/);
  assert.equal(await answer.evaluate((n) => n === document.activeElement), true, 'focus is on the answer');
  assert.match(await answer.getAttribute('class'), /\bflash\b/);
  await shot(page, 'checkin-375');

  // The next code typed while the answer has focus lands in the box: the same ticket, amber.
  await page.keyboard.type(code);
  assert.equal(await page.locator('#code').inputValue(), code);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('answer').classList.contains('warn'));
  assert.match(await answer.locator('.checkin-answer-title').innerText(), /^Already checked in at \d\d:\d\d$/);
  const again = await answer.boundingBox();
  assert.ok(again.y >= 0 && again.y < 60, `the second answer is on top too (${again.y})`);
  await assertAxeClean(page);

  await page.setViewportSize(DESK);
  await page.fill('#code', 'nonsense');
  await page.press('#code', 'Enter');
  await page.waitForFunction(() => document.getElementById('answer').classList.contains('bad'));
  assert.match(await answer.locator('.checkin-answer-title').innerText(), /^Not valid: /);
  assert.equal(await page.locator('#code').evaluate((n) => n === document.activeElement), true, 'on a desk the box keeps focus');
  await assertAxeClean(page);
  await shot(page, 'checkin-1366');
  confPut('clock_offset', '0');
  assertNoConsoleErrors(page);
}));

test('checkout on a phone: the timer stays in view, each seat\'s price, card fields aligned', (t) => withPage(t, async (page) => {
  const [admin, customer] = [await token('admin'), await token('customer')];
  const show = await newShow(admin, PRICE);
  const map = await call('GET', `/api/shows/${show.id}/seats`);
  const free = map.rows.flatMap((r) => r.seats).filter((s) => s.status === 'available');
  // One seat of each category the screen has, so the prices differ.
  const pick = [...new Map(free.map((s) => [s.category, s])).values()].slice(0, 3);
  assert.ok(pick.length >= 2, 'the screen has two seat categories');
  const hold = await call('POST', '/api/bookings', { show_id: show.id, seats: pick.map((s) => s.seat) }, customer);

  await sessionIn(page, 'customer');
  await page.setViewportSize(PHONE);
  await page.goto(`/checkout.html?booking=${hold.id}`);
  await page.locator('#pay-button').waitFor();
  await page.waitForFunction(() => document.querySelector('#seat-prices dd[data-price]:not([data-price=""])'));

  // The breakdown: every seat with its category and price, then the total = the booking's amount.
  const lines = await page.locator('#seat-prices dt[data-seat]').evaluateAll((dts) => dts.map((dt) => ({
    seat: dt.dataset.seat, text: dt.textContent, price: Number(dt.nextElementSibling.dataset.price),
    shown: dt.nextElementSibling.textContent })));
  assert.deepEqual(lines.map((l) => l.seat), hold.seats);
  for (const l of lines) {
    const s = pick.find((p) => p.seat === l.seat);
    assert.equal(l.price, s.price, `${l.seat}'s price`);
    assert.ok(l.text.includes(s.category), `${l.seat} names its category (${l.text})`);
    assert.match(l.shown, /^₹[\d,]+\.\d\d$/);
  }
  const total = page.locator('#seat-prices dd.total');
  assert.equal(lines.reduce((a, l) => a + l.price, 0), hold.amount, 'the seats add up to the booking');
  assert.equal(Number(await total.getAttribute('data-total')), hold.amount);
  assert.equal(await total.textContent(),
    await page.locator('#summary dt:text-is("Amount") + dd').textContent(), 'the total is the amount');

  // The card fields: Expiry and CVV side by side, their inputs' tops equal.
  const [expiry, cvv] = [await page.locator('#card-expiry').boundingBox(), await page.locator('#card-cvv').boundingBox()];
  assert.equal(Math.round(expiry.y), Math.round(cvv.y), `Expiry (${expiry.y}) and CVV (${cvv.y}) line up`);
  const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(scrollWidth <= PHONE.width, `the page does not scroll sideways (${scrollWidth} px)`);
  await assertAxeClean(page);

  // Down to the Pay button: the hold's timer is still on screen.
  await page.locator('#pay-button').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.scrollingElement.scrollHeight));
  const pay = await page.locator('#pay-button').boundingBox();
  assert.ok(pay.y + pay.height <= PHONE.height, 'the Pay button is on screen');
  const timer = await page.locator('#hold-timer').boundingBox();
  assert.ok(timer.y >= 0 && timer.y + timer.height <= PHONE.height, `the timer is in view (${timer.y})`);
  assert.match(await page.locator('#hold-timer').textContent(), /Seats held for \d+:\d\d/);
  await shot(page, 'checkout-375');

  await resizeTo(page, DESK);
  await assertAxeClean(page);
  await shot(page, 'checkout-1366');
  assertNoConsoleErrors(page);
}));

test('the admin\'s revenue, staff and bookings pages are axe-clean on a phone and a desk', (t) => withPage(t, async (page) => {
  await sessionIn(page, 'admin');
  for (const size of [PHONE, DESK]) {
    await page.setViewportSize(size);
    await page.goto('/admin/revenue.html?group=month');
    await page.waitForFunction(() => document.querySelectorAll('#report-table tbody tr').length === 12);
    await page.waitForFunction(() => document.getElementById('report').getAttribute('aria-busy') === 'false');
    await assertAxeClean(page);
    const rw = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(rw <= size.width, `revenue does not scroll sideways at ${size.width} (${rw} px)`);
    if (SCREENS) await page.screenshot({ path: `${SCREENS}/revenue-${size.width}.png`, fullPage: true });

    // Staff and admin see everyone's bookings with the filter form.
    await page.goto('/bookings.html');
    await page.locator('#filter-date').waitFor();
    await page.locator('.booking-table tbody tr').first().waitFor();
    await assertAxeClean(page);
    assert.doesNotMatch(await page.locator('main').innerText(), /\bnull\b/);

    await page.goto('/admin/staff.html');
    await page.locator('#staff-table tr[data-username="staff"]').waitFor();
    await assertAxeClean(page);
    const sw = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(sw <= size.width, `staff does not scroll sideways at ${size.width} (${sw} px)`);
  }
  assertNoConsoleErrors(page);
}));
