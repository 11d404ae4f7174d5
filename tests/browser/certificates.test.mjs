// Age ratings (issue 15 item 2), clicked through: the admin picks a film on the schedule page,
// sees its certificate and changes it; the new badge is on the home page's card of that film,
// beside the title on its seat page and on a ticket for it. axe-core at 375 and 1366 px on each
// page; screenshots go to tests/browser/screenshots/certificates-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertNoConsoleErrors, login, resizeTo, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { call, newShow, phone, token } from './site.mjs';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const VIEWPORTS = [{ width: 375, height: 812 }, { width: 1366, height: 900 }];

async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

// axe and a screenshot at a phone's width, then a desktop's.
async function checkBothWidths(page, name) {
  for (const viewport of VIEWPORTS) {
    await resizeTo(page, viewport);
    await assertAxeClean(page);
    await shoot(page, `certificates-${name}-${viewport.width}`);
  }
  await resizeTo(page, VIEWPORTS[0]);
}

test('the admin changes a film\'s certificate on the schedule page; the badge follows on the home card, the seat page and the ticket', (t) => withPage(t, async (page) => {
  const admin = await token('admin');
  const show = await newShow(admin, 20000);
  const movie = show.movie;
  const before = movie.certificate ? movie.certificate.code : null;
  // The film gets a certificate it does not have now: A, or U when it is A already.
  const want = before === 'A' ? { code: 'U', name: 'U' } : { code: 'A', name: 'A' };
  t.after(async () => {
    if (before) await call('PATCH', `/api/movies/${movie.id}`, { certificate: before }, admin);
  });

  const certificates = await call('GET', '/api/certificates');
  assert.deepEqual(certificates.map((c) => c.code), ['U', 'UA7', 'UA13', 'UA16', 'A', 'S']);

  await page.setViewportSize(VIEWPORTS[0]);
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/schedule.html');
  const certSel = page.getByLabel('Certificate of this film');
  await page.getByLabel('Movie').waitFor();
  assert.equal(await certSel.isVisible(), false, 'no film chosen: no certificate to show');
  await page.getByLabel('Movie').selectOption(String(movie.id));
  await certSel.waitFor();
  assert.equal(await certSel.inputValue(), before || '');
  // Every certificate of the set is offered, with who may see it.
  const options = await certSel.locator('option:not([disabled])').allTextContents();
  assert.deepEqual(options, ['U (all ages)', 'UA 7+ (ages 7 and over)', 'UA 13+ (ages 13 and over)',
    'UA 16+ (ages 16 and over)', 'A (ages 18 and over)', 'S (ages 18 and over)']);
  await certSel.selectOption(want.code);
  await page.getByRole('button', { name: 'Save certificate' }).click();
  await page.locator('#certificate-note .notice.success', { hasText: `${movie.title} is now certificate ${want.name}.` }).waitFor();
  assert.equal((await call('GET', `/api/movies/${movie.id}`, undefined, admin)).certificate.code, want.code);
  await checkBothWidths(page, 'schedule');

  // The home page's card of the film, on the show's day (read from the published list).
  await page.goto(`/?date=${show.date}`);
  const card = page.locator(`.show-card[data-movie-id="${movie.id}"]`);
  const badge = card.locator('.cert-badge');
  await badge.waitFor();
  assert.equal(await badge.textContent(), `Certificate ${want.name}`);
  assert.equal(await badge.getAttribute('data-code'), want.code);
  // Beside the film's facts, not in its title (the link's name stays the title).
  assert.equal(await card.locator('.show-title').textContent(), movie.title);
  await checkBothWidths(page, 'home');

  // The seat page: the badge beside the title.
  await page.goto(`/show.html?id=${show.id}`);
  await page.locator('#show-title').waitFor();
  const headerBadge = page.locator('.show-header .cert-badge');
  await headerBadge.waitFor();
  assert.equal(await headerBadge.textContent(), `Certificate ${want.name}`);
  await page.getByRole('group', { name: /^Seats, / }).waitFor();
  if (want.code === 'A') {
    // No Child ticket for it, said on the stepper before a seat is picked (not by the hold).
    assert.equal(await page.locator('#tickets-child-about').textContent(), 'Not for a film rated A');
    assert.equal(await page.getByRole('button', { name: 'One more Child' }).isDisabled(), true);
    assert.equal(await page.getByLabel('Child', { exact: true }).inputValue(), '0');
  }
  await checkBothWidths(page, 'show');

  // A ticket for the show (a walk-in sold at the counter), as the staff see it.
  const staff = await token('staff');
  const sale = await call('POST', '/api/bookings', {
    show_id: show.id, seats: ['A1'], customer_name: 'Rated Guest', phone: phone(), amount_paid: 20000,
  }, staff);
  const ticket = await call('GET', `/api/tickets/${sale.id}`, undefined, staff);
  assert.equal(ticket.certificate.code, want.code);
  await page.context().clearCookies();
  await login(page, 'staff', 'Staff#2026');
  await page.goto(`/ticket.html?id=${sale.id}`);
  const ticketBadge = page.locator('#ticket .cert-badge');
  await ticketBadge.waitFor();
  assert.equal(await ticketBadge.textContent(), `Certificate ${want.name}`);
  await checkBothWidths(page, 'ticket');
  assertNoConsoleErrors(page);
}));

test('a film without a certificate shows no badge and the schedule page says it is not rated yet', (t) => withPage(t, async (page) => {
  const admin = await token('admin');
  const show = await newShow(admin, 20000);
  const movie = show.movie;
  // Only the database can take a certificate away (the API sets one, never none).
  const { execFileSync } = await import('node:child_process');
  const db = `${process.env.SKYFOX_DATA}/skyfox.db`;
  const asOwner = process.getuid && process.getuid() === 0 ? ['runuser', '-u', 'www-data', '--'] : [];
  const argv = [...asOwner, 'sqlite3', '-batch', '-bail', '-cmd', '.timeout 5000', db];
  const sql = (statements) => execFileSync(argv[0], argv.slice(1), { input: statements, cwd: '/' });
  const before = movie.certificate ? movie.certificate.code : null;
  t.after(async () => {
    if (before) await call('PATCH', `/api/movies/${movie.id}`, { certificate: before }, admin);
  });
  sql(`UPDATE movies SET certificate = NULL WHERE id = ${Number(movie.id)};`);
  execFileSync(`${process.env.SKYFOX_ROOT}/bin/skyfoxctl`, ['publish'], {
    cwd: '/', env: { ...process.env, SKYFOX_CONF: `${process.env.SKYFOX_DATA}/skyfox.conf` },
  });

  await login(page, 'admin', 'Admin#2026');
  await page.goto(`/?date=${show.date}`);
  const card = page.locator(`.show-card[data-movie-id="${movie.id}"]`);
  await card.locator('.show-meta', { hasText: / min · / }).waitFor();
  assert.equal(await card.locator('.cert-badge').count(), 0);

  await page.goto('/admin/schedule.html');
  await page.getByLabel('Movie').waitFor();
  await page.getByLabel('Movie').selectOption(String(movie.id));
  const certSel = page.getByLabel('Certificate of this film');
  await certSel.waitFor();
  assert.equal(await certSel.inputValue(), '');
  assert.equal(await certSel.locator('option:checked').textContent(), 'Not rated yet');
  // Saving without choosing says what is missing, and changes nothing.
  await page.getByRole('button', { name: 'Save certificate' }).click();
  await page.locator('#certificate-note', { hasText: 'Choose a certificate.' }).waitFor();
  assert.equal((await call('GET', `/api/movies/${movie.id}`, undefined, admin)).certificate, null);
  assertNoConsoleErrors(page);
}));
