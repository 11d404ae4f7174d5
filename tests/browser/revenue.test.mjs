// The admin's revenue dashboard: totals, the SVG charts, changing the grouping, the CSV download;
// and the page as a customer sees it.
//
// Paid bookings of a show that has already happened cannot be sold through the API, so the
// bookings are written with SQL as www-data (as a confirmed walk-in sale leaves them) for a movie
// of this test's own, on a screen of its own, so other suites' data never changes the numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { BASE, assertNoConsoleErrors, withPage } from './harness.mjs';
import { cinemaDay } from '../../htdocs/js/cinema-time.js';

const TAG = `browserrep${process.pid}`;
const TITLE = `Browser Report ${TAG}`;

function sql(text) {
  const db = `${process.env.SKYFOX_DATA}/skyfox.db`;
  const asRoot = process.getuid && process.getuid() === 0;
  const [cmd, args] = asRoot ? ['runuser', ['-u', 'www-data', '--', 'sqlite3', '-bail', '-batch', db]]
    : ['sqlite3', ['-bail', '-batch', db]];
  return execFileSync(cmd, args, { input: `.timeout 10000\n${text}`, cwd: '/', encoding: 'utf8' }).trim();
}

// One paid walk-in booking of this test's show on `date`: pending → cash payment → confirmed.
function paidBooking(date, slot, amount, seats, name, phone) {
  return `
INSERT INTO walkin_customers (name, phone, created_at) VALUES ('${name.replaceAll("'", "''")}', '${phone}', 0);
INSERT INTO bookings (show_id, walkin_customer_id, status, amount, seat_count, created_at)
  SELECT s.id, (SELECT max(id) FROM walkin_customers), 'pending', ${amount}, ${seats}, strftime('%s', 'now')
  FROM shows s JOIN screens sc ON sc.id = s.screen_id
  WHERE sc.name = 'Screen ${TAG}' AND s.date = '${date}' AND s.slot_id = ${slot};
INSERT INTO payments (purpose, booking_id, method, amount, cash_amount, status, created_at)
  SELECT 'booking', id, 'cash', amount, amount, 'succeeded', created_at FROM bookings WHERE id = (SELECT max(id) FROM bookings);
UPDATE bookings SET status = 'confirmed', confirmed_at = created_at WHERE id = (SELECT max(id) FROM bookings);
`;
}

let today = null;
async function logInAsAdmin(page) {
  // The session API sets the same HttpOnly cookie the login page gets.
  const res = await page.request.post('/api/session', { data: { username: 'admin', password: 'Admin#2026' } });
  assert.equal(res.status(), 200, await res.text());
}

async function makeData(page) {
  if (today) return;
  const res = await page.request.get('/api/reports/revenue?group=day');
  assert.equal(res.status(), 200);
  today = (await res.json()).data.filters.to;     // the site's own today
  sql(`BEGIN IMMEDIATE;
INSERT INTO movies (imdb_id, title, genre, raw_json, fetched_at) VALUES ('tt${TAG}', '${TITLE}', 'Drama, ${TAG}', '{}', 0);
INSERT INTO screens (name) VALUES ('Screen ${TAG}');
INSERT INTO shows (movie_id, screen_id, slot_id, date, starts_at, ends_at, price, created_at)
  SELECT m.id, sc.id, 3, '${today}', 0, 1, 20000, 0 FROM movies m, screens sc
  WHERE m.imdb_id = 'tt${TAG}' AND sc.name = 'Screen ${TAG}';
${paidBooking(today, 3, 35000, 2, '=Rao, "Ravi"', '9876512345')}
${paidBooking(today, 3, 15000, 1, 'Meena Iyer', '9876512346')}
INSERT INTO shows (movie_id, screen_id, slot_id, date, starts_at, ends_at, price, created_at)
  SELECT m.id, sc.id, 3, '2099-06-01', 0, 1, 20000, 0 FROM movies m, screens sc
  WHERE m.imdb_id = 'tt${TAG}' AND sc.name = 'Screen ${TAG}';
${paidBooking('2099-06-01', 3, 12000, 1, 'Ahead Ann', '9876512347')}
COMMIT;`);
}

test('admin sees totals and charts, regroups, and downloads the CSV', (t) => withPage(t, async (page) => {
  await logInAsAdmin(page);
  await makeData(page);
  await page.goto('/admin/revenue.html');
  await page.getByRole('heading', { name: 'Revenue', level: 1 }).waitFor();

  // Pick this test's movie as a person would.
  await page.getByLabel('Movie').selectOption({ label: TITLE });
  const revenue = page.locator('[data-total="revenue"] dd');
  await page.waitForFunction(
    () => document.querySelector('[data-total="revenue"] dd')?.textContent === '\u20b9500.00');
  assert.equal(await revenue.textContent(), '\u20b9500.00');
  assert.equal(await page.locator('[data-total="bookings"] dd').textContent(), '2');
  assert.equal(await page.locator('[data-total="seats"] dd').textContent(), '3');
  assert.equal(await page.locator('[data-total="mean"] dd').textContent(), '\u20b9250.00');
  assert.equal(await page.locator('[data-total="median"] dd').textContent(), '\u20b9250.00');
  // The 2099 show's paid booking is money taken ahead, shown apart from the figures.
  assert.equal(await page.locator('[data-total="ahead"] dt').textContent(), `Booked ahead (shows after ${cinemaDay(today)})`);
  assert.match(await page.locator('[data-total="ahead"] dd').textContent(), /^\u20b9120\.00 · 1 booking, 1 seat$/);
  assert.match(new URL(page.url()).search, /movie_id=\d+/);

  // Day grouping: 30 bars, today's is the only one with height, and its tooltip says so.
  const bars = page.locator('#revenue-chart .chart-bars rect');
  assert.equal(await bars.count(), 30);
  const todayBar = page.locator(`#revenue-chart rect[data-key="${today}"]`);
  assert.ok(Number(await todayBar.getAttribute('height')) > 100);
  assert.equal(await todayBar.locator('title').textContent(), `${cinemaDay(today)}: \u20b9500.00`);
  assert.equal(await page.locator('#bookings-chart circle').count(), 30);
  assert.match(await page.locator('#revenue-chart').getAttribute('aria-label'), /highest \u20b9500\.00/);
  // The same numbers in the table.
  const row = page.getByRole('row', { name: new RegExp(cinemaDay(today)) });
  assert.match(await row.textContent(), /\u20b9500\.00.*2.*3/);

  // Month grouping: 12 periods.
  await page.getByLabel('Group by').selectOption('month');
  await page.waitForFunction(() => document.querySelectorAll('#revenue-chart .chart-bars rect').length === 12);
  assert.equal(await page.locator('#report-table tbody tr').count(), 12);
  assert.equal(await page.locator(`#revenue-chart rect[data-key="${today.slice(0, 7)}"] title`).textContent(),
    `${today.slice(0, 7)}: \u20b9500.00`);
  assert.equal(await revenue.textContent(), '\u20b9500.00');

  // CSV for this month: the link carries every filter of the dashboard (the movie too), and
  // the file escapes the name.
  const movieId = await page.getByLabel('Movie').inputValue();
  const [year, month] = today.split('-');
  await page.getByLabel('Month', { exact: true }).selectOption(String(Number(month)));
  await page.getByLabel('Year').fill(year);
  await page.getByLabel('Year').press('Enter');
  const link = page.getByRole('link', { name: /Download CSV/ });
  await page.waitForFunction((y) => document.getElementById('csv-link').href.includes(`year=${y}`), year);
  assert.equal(new URL(await link.getAttribute('href'), page.url()).search,
    `?month=${Number(month)}&year=${year}&movie_id=${movieId}`);
  assert.match(await link.textContent(), new RegExp(`\\(${TITLE}, `));
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), `bookings-${year}-${month}.csv`);
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /^Booking ID,Booked at,Show date,/);
  assert.ok(csv.includes(`,"'=Rao, ""Ravi""",`), 'the name is quoted, its quotes doubled, the = defused');
  assert.ok(csv.includes(`"${TITLE}"`));
  // Every row is this movie's: the file holds what the dashboard was filtered to.
  const rows = csv.split('\r\n').slice(1).filter(Boolean);
  assert.equal(rows.length, 2);
  for (const r of rows) assert.ok(r.includes(`,"${TITLE}",`), `a row of another movie: ${r}`);
  assertNoConsoleErrors(page);
}));

test('a bad year is shown under the field', (t) => withPage(t, async (page) => {
  await logInAsAdmin(page);
  await page.goto('/admin/revenue.html');
  await page.locator('[data-total="revenue"] dd').waitFor();
  await page.getByLabel('Year').fill('1999');
  await page.getByLabel('Year').press('Enter');
  const msg = page.locator('#year ~ .field-error');
  await msg.waitFor();
  assert.match(await msg.textContent(), /2000 to 2100/);
  assert.equal(await page.getByLabel('Year').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#notice').textContent(), /request id/);
  // A refused year never reaches the export link.
  assert.equal(await page.locator('#csv-link').getAttribute('href'), '/api/reports/bookings.csv');
  // The refused request is this test's own doing.
  assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/reports/revenue?group=day&year=1999` }]);
}));

test('a customer is told the page is for the admin', (t) => withPage(t, async (page) => {
  const res = await page.request.post('/api/session', { data: { username: 'customer', password: 'Customer#2026' } });
  assert.equal(res.status(), 200);
  await page.goto('/admin/revenue.html');
  await page.getByText('Only the admin can see revenue.').waitFor();
  assert.equal(await page.locator('#report-filters').isVisible(), false);
  assertNoConsoleErrors(page);
}));
