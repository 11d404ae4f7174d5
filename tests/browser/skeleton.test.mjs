// Skeletons instead of "Loading…" (issue 14, "also expected"): while the home, show and My
// bookings pages wait for their data they show grey blocks in the shape of what comes (film
// cards, the seat grid, booking cards), aria-busy on the region and a visually hidden
// "Loading …" for screen readers; the real content then lands where the skeleton was, without
// a layout shift. The answers are held back with page.route so the skeleton is seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { asCustomer, freshCustomer } from './fresh.mjs';

const PHONE = { width: 375, height: 812 };
const LAPTOP = { width: 1366, height: 900 };
const SHOTS = '/tmp/skeleton-shots/';

/** An answer held back until open() (route.continue then). */
async function holdBack(page, match) {
  let open;
  const opened = new Promise((resolve) => { open = resolve; });
  let seen;
  const asked = new Promise((resolve) => { seen = resolve; });
  await page.route(match, async (route) => {
    seen();
    await opened;
    try { await route.continue(); } catch { /* the page went away */ }
  });
  return { open, asked };
}

// Every layout shift from the page's start (no input before it), kept by the page.
async function watchShifts(page) {
  await page.addInitScript(() => {
    window.shifts = [];
    window.shiftObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.hadRecentInput) window.shifts.push({ value: e.value, t: e.startTime });
      }
    });
    window.shiftObserver.observe({ type: 'layout-shift', buffered: true });
  });
}

/** The layout shift score since `since` (ms on the page's clock), after two frames have run. */
async function shiftSince(page, since) {
  return page.evaluate((from) => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      for (const e of window.shiftObserver.takeRecords()) if (!e.hadRecentInput) window.shifts.push({ value: e.value, t: e.startTime });
      resolve(window.shifts.filter((s) => s.t >= from).reduce((sum, s) => sum + s.value, 0));
    }));
  }), since);
}

/** Text on the page that says "Loading" where the eye can see it (not .visually-hidden). */
const visibleLoading = (page) => page.evaluate(() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (/Loading/i.test(n.textContent) && !n.parentElement.closest('.visually-hidden')) out.push(n.textContent.trim());
  }
  return out;
});

const hiddenLoading = (page) => page.locator('.visually-hidden', { hasText: /^Loading .+…$/ }).allTextContents();
const now = (page) => page.evaluate(() => performance.now());

async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png` });
}

const box = async (locator) => {
  const b = await locator.boundingBox();
  assert.ok(b, 'laid out');
  return b;
};
function sameStart(a, b, what) {
  assert.ok(Math.abs(a.x - b.x) <= 1 && Math.abs(a.y - b.y) <= 1 && Math.abs(a.width - b.width) <= 1,
    `${what}: the real one (${JSON.stringify(b)}) stands where the skeleton was (${JSON.stringify(a)})`);
}

// The cinema's tomorrow: today's shows may all have started.
async function tomorrow() {
  const today = (await (await fetch(`${BASE}/api/health`)).json()).data.time.slice(0, 10);
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1, 12)).toISOString().slice(0, 10);
}

for (const [size, viewport] of [['375', PHONE], ['1366', LAPTOP]]) {
  test(`home at ${size}: film-card skeletons while the list is on its way, then the cards in their place`, (t) => withPage(t, async (page) => {
    await page.setViewportSize(viewport);
    await watchShifts(page);
    const list = await holdBack(page, '**/live/shows/*.json');
    await page.goto(`/?date=${await tomorrow()}`);
    await list.asked;
    const section = page.locator('#shows');
    const skel = section.locator('.show-grid .skel-card');
    await skel.first().waitFor();
    assert.equal(await section.getAttribute('aria-busy'), 'true');
    assert.ok(await skel.count() >= 2, 'more than one card');
    assert.ok(await skel.first().locator('.poster.skel').isVisible(), 'a poster block');
    assert.ok(await skel.first().locator('.time-chip.skel-chip').count() > 0, 'time chips');
    assert.deepEqual(await visibleLoading(page), [], 'no visible "Loading…"');
    assert.deepEqual(await hiddenLoading(page), ['Loading shows…']);
    assert.equal(await page.locator('.date-strip').count(), 1, 'the date strip, once');
    await assertAxeClean(page);
    await shot(page, `home-skeleton-${size}`);
    const before = await box(skel.first());
    const from = await now(page);

    list.open();
    const real = section.locator('.show-card:not(.skel-card)').first();
    await real.waitFor();
    await page.waitForFunction(() => !document.querySelector('#shows').hasAttribute('aria-busy'));
    assert.equal(await section.locator('.skel-card, .skel').count(), 0, 'the skeleton is gone');
    sameStart(before, await box(real), 'the first card');
    const cls = await shiftSince(page, from);
    assert.ok(cls < 0.05, `layout shift ${cls.toFixed(4)} when the cards came`);
    assert.deepEqual(await visibleLoading(page), []);
    await assertAxeClean(page);
    await shot(page, `home-real-${size}`);
    assertNoConsoleErrors(page);
  }));
}

test('the skeleton pulses, and stands still when less motion is asked', (t) => withPage(t, async (page) => {
  const list = await holdBack(page, '**/live/shows/*.json');
  await page.goto(`/?date=${await tomorrow()}`);
  await page.locator('.skel-card .poster.skel').first().waitFor();
  const animation = () => page.locator('.skel-card .poster.skel').first().evaluate((e) => getComputedStyle(e).animationName);
  assert.equal(await animation(), 'skel-pulse');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await animation(), 'none');
  list.open();
  await page.locator('.show-card:not(.skel-card)').first().waitFor();
}));

const get = async (path) => (await (await fetch(`${BASE}${path}`)).json()).data;

/** A show two days ahead (the demo schedules every day), and its free seats. */
async function aShow() {
  const today = (await get('/api/health')).time.slice(0, 10);
  const [y, m, d] = today.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + 2, 12)).toISOString().slice(0, 10);
  const show = (await get(`/api/shows?date=${date}`))[0];
  const map = await get(`/api/shows/${show.id}/seats`);
  return { show, free: map.rows.flatMap((r) => r.seats).filter((s) => s.status === 'available').map((s) => s.seat) };
}

for (const [size, viewport] of [['375', PHONE], ['1366', LAPTOP]]) {
  test(`show page at ${size}: a seat-grid skeleton under the heading, then the map in its place`, (t) => withPage(t, async (page) => {
    await page.setViewportSize(viewport);
    const { show } = await aShow();
    assert.ok(show, 'a show two days ahead');
    await watchShifts(page);
    const one = await holdBack(page, (url) => url.pathname === `/api/shows/${show.id}`);
    const seats = await holdBack(page, `**/live/seats/${show.id}.json`);
    await page.goto(`/show.html?id=${show.id}`);
    await one.asked;
    const article = page.locator('#show');
    await article.locator('.skel-grid').waitFor();
    assert.equal(await article.getAttribute('aria-busy'), 'true');
    assert.equal(await article.locator('.skel-grid .seat-row').count(), 10, 'rows of seats');
    assert.equal(await page.getByRole('heading', { name: 'Choose your seats' }).count(), 1);
    assert.deepEqual(await visibleLoading(page), []);
    assert.deepEqual(await hiddenLoading(page), ['Loading the show…']);
    await assertAxeClean(page);
    await shot(page, `show-skeleton-${size}`);
    const grid = await box(article.locator('.skel-grid'));

    // The show is known: its real header, the map still a skeleton.
    one.open();
    await page.getByRole('heading', { level: 1, name: show.movie.title }).waitFor();
    await seats.asked;
    assert.equal(await article.getAttribute('aria-busy'), 'true', 'busy until the map is drawn');
    assert.equal(await article.locator('.skel-grid').count(), 1);
    assert.deepEqual(await visibleLoading(page), []);
    assert.deepEqual(await hiddenLoading(page), ['Loading the seat map…']);
    await assertAxeClean(page);
    const grid2 = await box(article.locator('.skel-grid'));
    const from = await now(page);

    seats.open();
    await page.getByRole('group', { name: /^Seats, / }).waitFor();
    await page.waitForFunction(() => !document.querySelector('#show').hasAttribute('aria-busy'));
    assert.equal(await article.locator('.skel').count(), 0, 'the skeleton is gone');
    const real = await box(article.locator('.seat-grid'));
    assert.ok(Math.abs(real.y - grid2.y) <= 1, `the map (y ${real.y}) starts where its skeleton was (y ${grid2.y})`);
    // The one unknown is the title: a long one wraps to a second line (28 px) on a phone.
    assert.ok(Math.abs(grid.y - grid2.y) <= 30, `the header moved the grid ${grid2.y - grid.y} px`);
    const cls = await shiftSince(page, from);
    assert.ok(cls < 0.05, `layout shift ${cls.toFixed(4)} when the map came`);
    await assertAxeClean(page);
    await shot(page, `show-real-${size}`);
    assertNoConsoleErrors(page);
  }));
}

for (const [size, viewport] of [['375', PHONE], ['1366', LAPTOP]]) {
  test(`my bookings at ${size}: booking-card skeletons, then the bookings in their place`, (t) => withPage(t, async (page) => {
    await page.setViewportSize(viewport);
    // A customer of this test's with one hold, so a real booking card replaces the skeleton.
    const who = await freshCustomer('skel');
    const { show, free } = await aShow();
    const held = await asCustomer(who, 'POST', '/api/bookings', { show_id: show.id, seats: [free[free.length - 1]] });
    assert.equal(held.status, 201, JSON.stringify(held.body));
    t.after(() => asCustomer(who, 'DELETE', `/api/bookings/${held.body.data.id}`));
    await login(page, who.username, who.password);
    await watchShifts(page);
    const list = await holdBack(page, (url) => url.pathname === '/api/bookings');
    await page.goto('/bookings.html');
    await list.asked;
    const section = page.locator('#bookings');
    const skel = section.locator('tr.skel-row');
    await skel.first().waitFor();
    assert.equal(await section.getAttribute('aria-busy'), 'true');
    assert.ok(await skel.count() >= 2);
    assert.deepEqual(await visibleLoading(page), []);
    assert.deepEqual(await hiddenLoading(page), ['Loading your bookings…']);
    await assertAxeClean(page);
    await shot(page, `bookings-skeleton-${size}`);
    const before = await box(skel.first());
    const from = await now(page);

    list.open();
    const real = section.locator(`tbody tr[data-booking="${held.body.data.id}"]`);
    await real.waitFor();
    await page.waitForFunction(() => !document.querySelector('#bookings').hasAttribute('aria-busy'));
    assert.equal(await section.locator('.skel').count(), 0);
    sameStart(before, await box(real), 'the first booking');
    const cls = await shiftSince(page, from);
    assert.ok(cls < 0.05, `layout shift ${cls.toFixed(4)} when the bookings came`);
    assert.deepEqual(await visibleLoading(page), []);
    await assertAxeClean(page);
    await shot(page, `bookings-real-${size}`);
    assertNoConsoleErrors(page);
  }));
}
