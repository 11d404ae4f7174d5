// The home page: the week's shows for anyone, one card per film with its showtimes as chips,
// read from the published files (/live/shows/<date>.json) and kept fresh by a conditional poll.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE, assertNoConsoleErrors, confPut, login, nextPoll, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const POLL_WAIT = 25_000;   // the list is polled every 15 s

async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

// The API from Node, as a person with a Bearer token (no cookie, so no CSRF token needed).
async function call(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json && json.data;
}
async function tokenOf(username, password) {
  return (await call('POST', '/api/session', { body: { username, password } })).token;
}
const dayAfter = (date, n) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n, 12)).toISOString().slice(0, 10);
};

// Today, with one film playing twice. The demo skips today's slots that had started when it
// was seeded, so the site's clock is moved to 06:00 of the cinema's today (the same date) and
// the admin schedules the first film of the day again in a free slot when it plays only once.
// The clock goes back when this file is done.
let fixture = null;
after(() => { if (fixture) confPut('clock_offset', null); });
function today2() {
  fixture ??= (async () => {
    const health = await call('GET', '/api/health');
    const today = health.time.slice(0, 10);
    const zone = health.time.slice(19);
    const drift = Math.round((Date.parse(health.time) - Date.now()) / 1000);
    confPut('clock_offset', String(drift + Math.round((Date.parse(`${today}T06:00:00${zone}`) - Date.parse(health.time)) / 1000)));
    const admin = await tokenOf('admin', 'Admin#2026');
    let shows = await call('GET', `/api/shows?date=${today}`, { token: admin });
    const pick = (shows[0] || (await call('GET', `/api/shows?date=${dayAfter(today, 1)}`))[0]).movie;
    const taken = new Set(shows.map((s) => `${s.screen.id}/${s.slot.id}`));
    const free = [1, 2].flatMap((screen) => [1, 2, 3, 4].map((slot) => ({ screen, slot })))
      .filter(({ screen, slot }) => !taken.has(`${screen}/${slot}`));
    while (shows.filter((s) => s.movie.id === pick.id).length < 2) {
      const { screen, slot } = free.shift();
      await call('POST', '/api/shows', { token: admin,
        body: { movie_id: pick.id, screen_id: screen, date: today, slot_id: slot, price: 20000 } });
      shows = await call('GET', `/api/shows?date=${today}`, { token: admin });
    }
    return { today, film: pick.title, shows: shows.filter((s) => s.movie.id === pick.id), all: shows };
  })();
  return fixture;
}

const cardOf = (page, title) => page.locator('.show-card', { has: page.getByRole('heading', { level: 2, name: title, exact: true }) });
const chipOf = (page, id) => page.locator(`.time-chips > li[data-show-id="${id}"]`);

test('home page shows the cinema, the anonymous nav and its stylesheet', (t) => withPage(t, async (page) => {
  const res = await page.goto('/');
  assert.equal(res.status(), 200);
  assert.match(await page.title(), /SkyFox/);

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Home' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: 'Log in' }).getAttribute('href'), '/login.html');
  assert.equal(await nav.getByRole('link', { name: 'Sign up' }).getAttribute('href'), '/signup.html');
  assert.equal(await nav.getByRole('button', { name: 'Log out' }).count(), 0);

  // style.css applied: the browser default is a serif font and a white page.
  const look = await page.evaluate(() => {
    const body = getComputedStyle(document.body);
    return { font: body.fontFamily, header: getComputedStyle(document.querySelector('header')).backgroundColor };
  });
  assert.match(look.font, /system-ui/);
  assert.equal(look.header, 'rgb(21, 24, 35)');

  // home.js ran: the placeholder became the welcome.
  await page.locator('#shows .welcome').waitFor();
  assertNoConsoleErrors(page);
}));

test('home page fits a 360 px phone without sideways scrolling', (t) => withPage(t, async (page) => {
  await today2();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  // On a phone the nav folds behind its Menu button (nav.js).
  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.waitFor();
  await page.locator('.time-chip').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await menu.click();
  assert.ok(await page.getByRole('link', { name: 'Log in' }).isVisible());
  assert.ok(await page.getByRole('link', { name: 'Sign up' }).isVisible());
  assertNoConsoleErrors(page);
}));

for (const [width, height] of [[375, 812], [1366, 900]]) {
  test(`logged out at ${width}×${height}: today's films, one card per film, a chip per showtime`, (t) => withPage(t, async (page) => {
    const { film, shows, all } = await today2();
    await page.setViewportSize({ width, height });
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: "Today's shows" }).waitFor();
    const card = cardOf(page, film);
    await card.waitFor();

    // One card per film, in the order of their first showtime; films that start together (two
    // screens, one slot) by title.
    const firsts = new Map();
    for (const s of [...all].sort((a, b) => a.starts_at.localeCompare(b.starts_at))) if (!firsts.has(s.movie.title)) firsts.set(s.movie.title, s.starts_at);
    const order = [...firsts].sort(([ta, a], [tb, b]) => a.localeCompare(b) || ta.localeCompare(tb)).map(([title]) => title);
    const titles = await page.locator('.show-card h2').allTextContents();
    assert.deepEqual(titles, order);

    // The film that plays twice: one card, two chips, each a link naming time, screen, price, seats.
    assert.equal(await cardOf(page, film).count(), 1);
    const chips = card.locator('.time-chips > li');
    assert.equal(await chips.count(), 2);
    for (const [i, s] of shows.entries()) {
      const link = chips.nth(i).getByRole('link');
      assert.equal(await link.getAttribute('href'), `/show.html?id=${s.id}`);
      const name = await link.evaluate((a) => a.textContent);
      assert.match(name, new RegExp(`^${s.starts_at.slice(11, 16)}, ${s.screen.name}, From ₹[\\d,]+\\.\\d\\d, ${s.seats_available} seats left$`));
      const box = await link.boundingBox();
      assert.ok(box.height >= 44, `a chip is a touch target: ${box.height}px tall`);
    }
    assert.equal(await card.getByRole('heading', { level: 2 }).getByRole('link').getAttribute('href'), `/show.html?id=${shows[0].id}`);
    assert.match(await card.locator('.show-meta').textContent(), /^\d+ min · .+ · ★ \d\.\d$/);
    assert.equal(await card.locator('img.poster').count(), 1);

    // Nothing wider than the screen; on a phone the chips sit inside their card.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    const cardBox = await card.boundingBox();
    const boxes = await chips.evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect().toJSON()));
    for (const b of boxes) {
      assert.ok(b.right <= cardBox.x + cardBox.width + 0.5, `chip inside its card: ${JSON.stringify(b)}`);
    }
    // The chips flow in rows (two fit side by side even on a phone), not one long column.
    assert.equal(boxes[0].top, boxes[1].top, 'two chips share a row');
    await shot(page, `home-logged-out-${width}`);
    await assertAxeClean(page);
    assertNoConsoleErrors(page);
  }));
}

test('the list comes from /live/shows/<today>.json; an unchanged poll is a 304 and redraws nothing', (t) => withPage(t, async (page) => {
  const { today, film } = await today2();
  const asked = [];
  const answers = [];
  page.on('request', (r) => asked.push({ url: r.url(), inm: r.headers()['if-none-match'] || null }));
  page.on('response', (r) => { if (r.url().includes('/live/shows/')) answers.push({ url: r.url(), status: r.status() }); });
  await page.goto('/');
  await cardOf(page, film).waitFor();
  const live = `${BASE}/live/shows/${today}.json`;
  assert.deepEqual(answers, [{ url: live, status: 200 }]);
  assert.equal(asked.filter((r) => r.url.includes('/api/shows')).length, 0, 'no CGI for the list');

  // Watch the list, and the second poll: a 304 sent with the ETag, and nothing changes.
  await page.evaluate(() => {
    window.mutations = 0;
    new MutationObserver((records) => { window.mutations += records.length; })
      .observe(document.getElementById('shows'), { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const handled = nextPoll(page, `/live/shows/${today}.json`);
  const second = await page.waitForResponse((r) => r.url() === live, { timeout: POLL_WAIT });
  assert.equal(second.status(), 304);
  assert.ok(asked.filter((r) => r.url === live).at(-1).inm, 'the poll sends If-None-Match');
  assert.equal((await handled).changed, false, 'the page took the 304 as unchanged');
  assert.equal(await page.evaluate(() => window.mutations), 0, 'a 304 redraws nothing');
  assertNoConsoleErrors(page);
}));

test("another customer's hold changes that chip's seats left within one poll, keeping focus and scroll", (t) => withPage(t, async (page) => {
  const { film, shows } = await today2();
  const show = shows[1];
  await page.setViewportSize({ width: 375, height: 500 });
  let loads = 0;
  page.on('load', () => { loads += 1; });
  await page.goto('/');
  const chip = chipOf(page, show.id);
  await chip.waitFor();
  const seats = chip.locator('.chip-seats');
  const before = Number((await seats.textContent()).match(/^(\d+) seats left$/)[1]);
  const link = chip.getByRole('link');
  await link.focus();
  await page.evaluate(() => window.scrollBy(0, 120));
  const scrolled = await page.evaluate(() => window.scrollY);

  const customer = await tokenOf('customer', 'Customer#2026');
  const map = await call('GET', `/api/shows/${show.id}/seats`, { token: customer });
  const free = map.rows.flatMap((r) => r.seats).filter((s) => s.status === 'available').slice(0, 3).map((s) => s.seat);
  const hold = await call('POST', '/api/bookings', { token: customer, body: { show_id: show.id, seats: free } });
  t.after(() => call('DELETE', `/api/bookings/${hold.id}`, { token: customer }).catch(() => {}));

  await page.waitForFunction(({ id, want }) =>
    document.querySelector(`li[data-show-id="${id}"] .chip-seats`)?.textContent === `${want} seats left`,
  { id: show.id, want: before - 3 }, { timeout: POLL_WAIT });
  assert.equal(loads, 1, 'no reload');
  assert.ok(await link.evaluate((a) => a === document.activeElement), 'the chip keeps the focus');
  assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'the page did not jump');
  assert.equal(await cardOf(page, film).count(), 1);
  assertNoConsoleErrors(page);
}));

test('a logged-out visitor clicking a showtime lands on its show page', (t) => withPage(t, async (page) => {
  const { film, shows } = await today2();
  await page.goto('/');
  const chip = cardOf(page, film).locator('.time-chips > li').first().getByRole('link');
  await chip.click();
  await page.waitForURL(`${BASE}/show.html?id=${shows[0].id}`);
}));

test('a day with no list, a failing server and an empty day each get a plain sentence', (t) => withPage(t, async (page) => {
  const { today } = await today2();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const status = page.locator('#shows');

  // Outside the public window: no published file (404), and no raw server text.
  const far = dayAfter(today, 30);
  await page.goto(`/?date=${far}`);
  await page.getByText('No shows are listed for this day.').waitFor();
  assert.doesNotMatch(await status.textContent(), /404|answered|DATE_OUT/);

  // The server fails: our own sentence, not its page.
  await page.route('**/live/shows/**', (route) => route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>Internal Server Error</h1> raw' }));
  await page.goto('/');
  await page.getByText('The shows could not be loaded just now.').waitFor();
  assert.doesNotMatch(await status.textContent(), /Internal|raw|500/);

  // No network at all.
  await page.unroute('**/live/shows/**');
  await page.route('**/live/shows/**', (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  await page.getByText('The cinema could not be reached.').waitFor();

  // A day with nothing on.
  await page.unroute('**/live/shows/**');
  await page.route('**/live/shows/**', (route) => route.fulfill({ status: 200, contentType: 'application/json',
    body: JSON.stringify({ date: today, version: 1, generated_at: `${today}T06:00:00+05:30`, shows: [] }) }));
  await page.goto('/');
  await page.getByRole('status').filter({ hasText: 'No shows on this day. Try another day.' }).waitFor();
  assert.equal(await page.locator('.show-card').count(), 0);
  assert.deepEqual(errors, []);
}));

test('staff read a day outside the public window from the API', (t) => withPage(t, async (page) => {
  const { today } = await today2();
  const day = dayAfter(today, 10);
  const admin = await tokenOf('admin', 'Admin#2026');
  let shows = await call('GET', `/api/shows?date=${day}`, { token: admin });
  if (shows.length === 0) {
    const movie = (await call('GET', `/api/shows?date=${today}`))[0].movie;
    await call('POST', '/api/shows', { token: admin, body: { movie_id: movie.id, screen_id: 1, date: day, slot_id: 2, price: 30000 } });
    shows = await call('GET', `/api/shows?date=${day}`, { token: admin });
  }
  await login(page, 'staff', 'Staff#2026');
  const asked = [];
  page.on('request', (r) => asked.push(r.url()));
  await page.goto(`/?date=${day}`);
  await page.getByLabel('Any date').waitFor();
  const s = shows[0];
  const chip = chipOf(page, s.id);
  await chip.waitFor();
  assert.equal(await chip.textContent(),
    `${s.starts_at.slice(11, 16)}, ${s.screen.name}, From ${'₹'}${(s.price / 100).toFixed(2)}, ${s.seats_available} seats left`);
  assert.ok(asked.includes(`${BASE}/live/shows/${day}.json`), 'the published file is asked first');
  assert.ok(asked.includes(`${BASE}/api/shows?date=${day}`), 'then the API');
  assertNoConsoleErrors(page, [{ status: '404', url: `${BASE}/live/shows/${day}.json` }]);
}));

test('unknown page answers 404 with the friendly page', (t) => withPage(t, async (page) => {
  const res = await page.goto('/no-such-page.html');
  assert.equal(res.status(), 404);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).waitFor();
  assert.equal(await page.getByRole('link', { name: "Back to today's shows" }).getAttribute('href'), '/');
  assertNoConsoleErrors(page, [{ status: '404', url: `${BASE}/no-such-page.html` }]);
}));

// Sell seats of show `id` at the counter (staff's session in this page) until `left` remain.
async function sellDownTo(page, id, left) {
  return page.evaluate(async ({ id, left }) => {
    const csrf = (await (await fetch('/api/session')).json()).data.csrf_token;
    for (;;) {
      const map = (await (await fetch(`/api/shows/${id}/seats`)).json()).data;
      const free = map.rows.flatMap((r) => r.seats).filter((s) => s.status === 'available');
      const n = Math.min(10, free.length - left);
      if (n <= 0) return free.length;
      const seats = free.slice(0, n);
      const res = await fetch('/api/bookings', {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ show_id: id, seats: seats.map((s) => s.seat), customer_name: 'Full House',
          phone: '9876500000', amount_paid: seats.reduce((a, s) => a + s.price, 0) }),
      });
      if (res.status !== 201) throw new Error(`walk-in sale: ${res.status} ${await res.text()}`);
    }
  }, { id, left });
}

test('a showtime under 10 % free says "Almost full", and "Sold out" (no link) when none is left', (t) => withPage(t, async (page) => {
  await login(page, 'staff', 'Staff#2026');
  const { id, date } = await page.evaluate(async () => {
    const today = (await (await fetch('/api/health')).json()).data.time.slice(0, 10);
    const [y, m, d] = today.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d + 6, 12)).toISOString().slice(0, 10);
    const shows = (await (await fetch(`/api/shows?date=${date}`)).json()).data;
    const show = shows.filter((s) => s.seats_total === 100).sort((a, b) => b.seats_available - a.seats_available)[0];
    return { id: show.id, date };
  });
  assert.equal(await sellDownTo(page, id, 9), 9);
  await page.goto(`/?date=${date}`);
  const chip = chipOf(page, id);
  await chip.waitFor();
  assert.match(await chip.getByRole('link').textContent(), /, Almost full · 9 left$/);
  assert.match(await chip.getAttribute('class'), /almost-full/);
  await shot(page, 'home-staff-almost-full');

  assert.equal(await sellDownTo(page, id, 0), 0);
  await page.reload();
  await chip.waitFor();
  assert.match(await chip.textContent(), /, Sold out$/);
  assert.equal(await chip.getByRole('link').count(), 0, 'a sold-out showtime is not a link');
  await shot(page, 'home-staff-sold-out');
  await assertAxeClean(page);
  assertNoConsoleErrors(page);
}));
