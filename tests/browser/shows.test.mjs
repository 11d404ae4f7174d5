// Shows in Chromium as people use them: a customer browses a day and opens a seat map that
// keeps itself current; the admin imports a movie from the catalog, schedules it, and finds it
// on the home page; the schedule page shows the server's refusals on the fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { call, cinemaDay, token } from './site.mjs';

// The site's own today (its clock and zone), plus n days, as YYYY-MM-DD.
async function siteDay(page, n = 0) {
  return page.evaluate(async (days) => {
    const res = await fetch('/api/health');
    const { data } = await res.json();
    const [y, m, d] = data.time.slice(0, 10).split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + days, 12)).toISOString().slice(0, 10);
  }, n);
}

// Write to the test site's database as its owner (a hold by another user, made without the
// API).
function sql(statements) {
  const db = `${process.env.SKYFOX_DATA}/skyfox.db`;
  const asOwner = process.getuid && process.getuid() === 0 ? ['runuser', '-u', 'www-data', '--'] : [];
  const argv = [...asOwner, 'sqlite3', '-batch', '-bail', '-cmd', '.timeout 5000', db];
  return execFileSync(argv[0], argv.slice(1), { input: statements, cwd: '/' }).toString().trim();
}

// The page reads the published seat files (DESIGN §12): a write made without the API reaches
// them as the sysadmin's `skyfoxctl publish` rewrites them.
function publish() {
  execFileSync(`${process.env.SKYFOX_ROOT}/bin/skyfoxctl`, ['publish'], {
    cwd: '/', env: { ...process.env, SKYFOX_CONF: `${process.env.SKYFOX_DATA}/skyfox.conf` },
  });
}

const SEAT_NAME = /^([A-Z]+)(\d+): row \1, seat \2, (Standard|Deluxe|Wheelchair), ₹[\d,]+\.\d\d, (available|held by someone else|sold|yours|selected)$/;

test('a customer browses a day and opens a live seat map', (t) => withPage(t, async (page) => {
  await login(page, 'customer', 'Customer#2026');
  await page.goto('/');
  const strip = page.getByRole('navigation', { name: 'Choose a day' });
  await strip.getByRole('link').first().waitFor();
  assert.equal(await strip.getByRole('link').count(), 7);
  assert.equal(await strip.getByRole('link').first().getAttribute('aria-current'), 'date');

  // Chromium names a flex chip from its parts as blocks: "Tomorrow , 6 Dec" (the space before
  // the comma is how the tree joins them; speech reads it the same).
  await strip.getByRole('link', { name: /^Tomorrow\s*, / }).click();
  await page.waitForURL(/\?date=\d{4}-\d{2}-\d{2}$/);
  const tomorrow = new URL(page.url()).searchParams.get('date');
  assert.equal(tomorrow, await siteDay(page, 1));
  assert.equal(await strip.getByRole('link', { name: /^Tomorrow\s*, / }).getAttribute('aria-current'), 'date');
  // One card per film, its showtimes as chips; a chip is a link to its show's page. (Not the
  // skeleton's cards, which stand in until the list is drawn: counting those raced the draw.)
  const cards = page.locator('.show-card:not(.skel-card)');
  await cards.first().waitFor();
  const chips = page.locator('.show-card .time-chips > li[data-show-id]');
  assert.ok(await chips.count() >= 4, 'a demo day has shows on both screens');
  const screens = await chips.locator('.chip-screen').allTextContents();
  assert.ok(screens.includes('Screen 1') && screens.includes('Screen 2'), `shows on both screens: ${screens}`);
  const first = cards.first();
  assert.match(await first.locator('.show-meta').textContent(), /^\d+ min · .+ · ★ \d\.\d$/);
  assert.equal(await first.locator('img.poster').count(), 1);
  const title = (await first.getByRole('heading').textContent()).trim();
  // Its first showtime, found by show id: seats left, the lowest price, and the link to the
  // show's page.
  const showId = await first.locator('.time-chips > li[data-show-id]').first().getAttribute('data-show-id');
  assert.match(showId, /^\d+$/);
  const chip = first.locator(`.time-chips > li[data-show-id="${showId}"]`);
  const left = Number((await chip.locator('.chip-seats').textContent()).match(/^(?:Almost full · )?(\d+)(?: seats?)? left$/)?.[1]);
  assert.ok(left > 0 && left <= 100, `seats left on a chip: ${await chip.locator('.chip-seats').textContent()}`);
  assert.match(await chip.locator('.chip-price').textContent(), /^From ₹[\d,]+\.\d\d$/);
  const link = chip.getByRole('link');
  assert.equal(await link.getAttribute('href'), `/show.html?id=${showId}`);

  await link.click();
  await page.waitForURL(new RegExp(`/show\\.html\\?id=${showId}$`));
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const seats = page.getByRole('group', { name: /^Seats, \d+ of (100|90) available$/ });
  await seats.waitFor();
  const total = Number((await seats.getAttribute('aria-label')).match(/of (\d+)/)[1]);
  // The chip's seats left are the map's available seats (nobody else books in this test).
  assert.equal(Number((await seats.getAttribute('aria-label')).match(/^Seats, (\d+)/)[1]), left);
  const buttons = seats.getByRole('button');
  assert.equal(await buttons.count(), total);
  for (const name of await buttons.evaluateAll((bs) => bs.slice(0, 30).map((b) => b.getAttribute('aria-label')))) {
    assert.match(name, SEAT_NAME);
  }
  // The legend names the states and each category with its price.
  const legend = page.locator('.seat-legend');
  assert.match(await legend.textContent(), /Available.*Held.*Sold.*Yours.*Standard ₹[\d,]+\.\d\d.*Deluxe ₹[\d,]+\.\d\d/);
  assert.equal(await page.locator('.screen-edge').count(), 1);

  // Pick with the mouse, then with the keyboard (arrows move, Space picks).
  const aName = (await seats.getByRole('button', { name: /, available$/ }).first().getAttribute('aria-label'))
    .split(':')[0];
  const a = seats.getByRole('button', { name: new RegExp(`^${aName}:`) });
  await a.click();
  assert.equal(await a.getAttribute('aria-pressed'), 'true');
  assert.match(await a.getAttribute('aria-label'), /, selected$/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  const summary = page.locator('.selection-summary');
  assert.match(await summary.textContent(), new RegExp(`^2 seats: ${aName}, [A-Z]+\\d+ · Total ₹[\\d,]+\\.\\d\\d$`));
  await page.getByRole('button', { name: 'Hold seats' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Hold seats' }).isEnabled(), true);

  // The map (the published file) is asked again every few seconds with If-None-Match:
  // unchanged → 304.
  const res = await page.waitForResponse((r) => r.url().includes('/live/seats/'), { timeout: 8000 });
  assert.equal(res.status(), 304);
  assert.ok(res.request().headers()['if-none-match']);
  assertNoConsoleErrors(page);
}));

test('a seat someone else holds turns "held" on the next refresh and leaves the selection', (t) => withPage(t, async (page) => {
  await login(page, 'customer', 'Customer#2026');
  const day = await siteDay(page, 2);
  const show = sql(`SELECT id FROM shows WHERE date = '${day}' AND screen_id = 1 ORDER BY slot_id LIMIT 1;`);
  assert.match(show, /^\d+$/);
  await page.goto(`/show.html?id=${show}`);
  const map = page.getByRole('group', { name: /^Seats, / });
  await map.waitFor();
  // The last free seat (earlier runs may have taken others).
  const label = (await map.getByRole('button', { name: /, available$/ }).last().getAttribute('aria-label'))
    .split(':')[0];
  const seat = map.getByRole('button', { name: new RegExp(`^${label}:`) });
  await seat.click();
  assert.match(await seat.getAttribute('aria-label'), /, selected$/);
  sql(`INSERT INTO bookings (show_id, user_id, status, amount, seat_count, created_at, expires_at)
         SELECT ${show}, id, 'pending', 30000, 1, strftime('%s','now'), strftime('%s','now') + 300
         FROM users WHERE username = 'staff';
       INSERT INTO booking_seats (booking_id, show_id, seat_id, price, hold_expires_at)
         SELECT last_insert_rowid(), ${show}, id, 30000, strftime('%s','now') + 300
         FROM seats WHERE screen_id = 1 AND label = '${label}';
       UPDATE shows SET version = version + 1 WHERE id = ${show};`);
  publish();
  await page.waitForFunction((l) => /held by someone else$/.test(
    document.querySelector(`button.seat[data-seat="${l}"]`).getAttribute('aria-label')), label, { timeout: 8000 });
  assert.equal(await seat.getAttribute('aria-disabled'), 'true');
  assert.match(await page.locator('.selection-summary').textContent(), /^No seats chosen yet/);
  assertNoConsoleErrors(page);
}));

test('the admin imports a movie from the catalog, schedules it and sees it on the home page', (t) => withPage(t, async (page) => {
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/schedule.html');
  const form = page.locator('#schedule-form');
  await form.waitFor();
  const movie = page.getByLabel('Movie');
  // A film of the bundled catalog not imported yet (Amélie, unless an earlier run took it).
  let film = null;
  for (const name of ['Amélie', 'Parasite', 'Toy Story', 'Casablanca', 'Inside Out']) {
    if (await movie.locator('optgroup[label^="From the catalog"] option', { hasText: name }).count() === 1) {
      film = name;
      break;
    }
  }
  assert.ok(film, 'a short film left to import');
  // Found by searching the catalog, as an admin would with a real OMDb.
  await page.getByLabel('Find in the catalog').fill(film.slice(0, 5));
  await page.getByRole('button', { name: 'Find' }).click();
  await page.locator('#catalog-note', { hasText: /film.* found/ }).waitFor();
  assert.ok(await movie.locator('optgroup[label^="From the catalog"] option').count() >= 1);
  const option = movie.locator('optgroup[label^="From the catalog"] option', { hasText: film });
  await movie.selectOption({ label: await option.textContent() });
  await page.getByText(`Imported ${film}.`).waitFor();
  assert.equal(await movie.locator('optgroup[label="Imported"] option', { hasText: film }).count(), 1);
  assert.equal(await movie.locator('optgroup[label^="From the catalog"] option', { hasText: film }).count(), 0);

  await page.getByLabel('Screen', { exact: true }).selectOption({ label: 'Screen 2 (90 seats)' });
  // A day with a free slot on screen 2: the demo leaves one a day (earlier runs may have
  // used some).
  let day = null;
  for (let n = 3; !day && n <= 6; n++) {	// customers see today to today+6
    const d = await siteDay(page, n);
    const free = await page.evaluate(async (date) => {
      const res = await fetch(`/api/slots?date=${date}&screen_id=2`);
      return (await res.json()).data.some((slot) => slot.available);
    }, d);
    if (free) day = d;
  }
  assert.ok(day, 'a free slot on screen 2');
  await page.getByLabel('Date').fill(day);
  const slot = page.getByLabel('Slot');
  await page.waitForFunction(() => {
    const s = document.getElementById('slot_id');
    return !s.disabled && [...s.options].some((o) => !o.disabled && o.value);
  });
  const free = await slot.locator('option:not([disabled])').first().getAttribute('value');
  await slot.selectOption(free);
  await page.getByLabel('Base price (₹)').fill('275.50');
  await page.getByRole('button', { name: 'Schedule show' }).click();
  const done = page.locator('#schedule-result .notice.success');
  await done.waitFor();
  assert.match(await done.textContent(), new RegExp(`Scheduled ${film} on Screen 2`));
  assert.match(await done.textContent(), /from ₹275\.50/);
  // The slot is taken now, and the day's list has the show (both are read again after the
  // success is shown: wait for them).
  await page.waitForFunction((v) => document.querySelector(`#slot_id option[value="${v}"]`)?.disabled, free);
  await page.locator('.day-shows', { hasText: film }).waitFor();
  // The new show's id, from its link in the day's list (the film was imported just now: one show).
  const listed = page.locator('.day-shows li', { hasText: film });
  assert.equal(await listed.count(), 1);
  const showId = new URL(await listed.getByRole('link', { name: film, exact: true }).getAttribute('href'), BASE).searchParams.get('id');
  assert.match(showId, /^\d+$/);

  await page.getByRole('link', { name: 'See it on the home page' }).click();
  await page.waitForURL(new RegExp(`/\\?date=${day}$`));
  const card = page.locator('.show-card', { has: page.getByRole('heading', { name: film }) });
  await card.waitFor();
  // Its showtime, found by show id: on Screen 2, from the price set, every one of Screen 2's 90
  // seats left (the chip names no total: the seat map below does), a link to the show's page.
  const chip = card.locator(`.time-chips > li[data-show-id="${showId}"]`);
  await chip.waitFor();
  assert.equal(await chip.locator('.chip-screen').textContent(), 'Screen 2');
  assert.equal(await chip.locator('.chip-price').textContent(), 'From ₹275.50');
  assert.equal(await chip.locator('.chip-seats').textContent(), '90 seats left');
  assert.equal(await chip.getByRole('link').getAttribute('href'), `/show.html?id=${showId}`);
  assertNoConsoleErrors(page);

  // A customer finds it on that day and opens its seat map.
  await page.context().clearCookies();
  await login(page, 'customer', 'Customer#2026');
  await page.goto(`/?date=${day}`);
  const theirs = page.locator('.show-card', { has: page.getByRole('heading', { name: film }) });
  await theirs.locator(`.time-chips > li[data-show-id="${showId}"]`).getByRole('link').click();
  await page.waitForURL(new RegExp(`/show\\.html\\?id=${showId}$`));
  await page.getByRole('heading', { level: 1, name: film }).waitFor();
  await page.getByRole('group', { name: 'Seats, 90 of 90 available' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Hold seats' }).count(), 1);
  assertNoConsoleErrors(page);
}));

test('the admin imports a film by its IMDb id, and a past date is refused', (t) => withPage(t, async (page) => {
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/schedule.html');
  await page.locator('#schedule-form').waitFor();
  const movie = page.getByLabel('Movie');
  // An id of the bundled catalog not imported yet (earlier runs may have taken some).
  const ids = await page.evaluate(async () => (await (await fetch('/api/movies/catalog')).json()).data
    .filter((c) => !c.movie_id).map((c) => [c.imdb_id, c.title]));
  assert.ok(ids.length > 0, 'a film left to import');
  const [imdb, title] = ids[ids.length - 1];
  await page.getByLabel('Find in the catalog').fill(imdb);
  await page.getByLabel('Find in the catalog').press('Enter');
  await page.getByText(`Imported ${title}.`).waitFor();
  assert.equal(await movie.locator('optgroup[label="Imported"] option', { hasText: title }).count(), 1);
  // The date field refuses the past: the browser's min, and the server's PAST_DATETIME.
  const yesterday = await siteDay(page, -1);
  await page.evaluate(() => document.getElementById('date').removeAttribute('min'));
  await page.getByLabel('Date').fill(yesterday);
  await page.getByLabel('Base price (₹)').fill('200');
  // The page reloads the day's slots (all past): wait for that, then force one past its guard.
  await page.waitForFunction(() => {
    const sel = document.getElementById('slot_id');
    return !sel.disabled && [...sel.options].some((o) => o.value && /already started/.test(o.text));
  });
  await page.evaluate(() => {
    const sel = document.getElementById('slot_id');
    const o = sel.querySelector('option[value]:not([value=""])') || sel.appendChild(new Option('Morning', '1'));
    o.disabled = false;
    sel.value = o.value;
  });
  await page.getByRole('button', { name: 'Schedule show' }).click();
  await page.locator('#schedule-result .notice.error').waitFor();
  const said = `${await page.locator('#schedule-result').textContent()} ${await page.locator('#schedule-form').textContent()}`;
  assert.match(await page.locator("#schedule-result .notice.error").textContent(), /past/i, said);
  assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/shows` }, { status: '409', url: `${BASE}/api/shows` }]);
}));

test('the schedule page shows the server\'s refusals on the fields, and warns about long films', (t) => withPage(t, async (page) => {
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/schedule.html');
  await page.locator('#schedule-form').waitFor();
  const movie = page.getByLabel('Movie');
  await movie.selectOption({ index: 1 });        // an imported film
  await page.getByLabel('Screen', { exact: true }).selectOption({ label: 'Screen 1 (100 seats)' });
  // A day on which Screen 1 has a show and a free slot (earlier suites take free slots).
  const admin = await token('admin');
  let day = null;
  for (let n = 1; n <= 6 && !day; n++) {
    const d = await cinemaDay(n);
    const slots = await call('GET', `/api/slots?date=${d}&screen_id=1`, undefined, admin);
    if (slots.some((x) => x.available) && slots.some((x) => !x.available)) day = d;
  }
  assert.ok(day, 'a day with a show and a free slot on Screen 1');
  await page.getByLabel('Date').fill(day);
  // Settled: the last slot list asked for has arrived (the select is enabled again).
  await page.waitForFunction(() => !document.getElementById('slot_id').disabled &&
    document.querySelectorAll('#slot_id option[disabled]:not([value=""])').length > 0);

  // A taken slot, forced past the page's own guard: the server refuses it on the field.
  await page.evaluate(() => {
    const o = document.querySelector('#slot_id option[disabled]:not([value=""])');   // a slot, not the placeholder
    o.disabled = false;
    document.getElementById('slot_id').value = o.value;
  });
  await page.getByLabel('Base price (₹)').fill('200');
  const fieldErrors = [];
  page.on('response', (r) => { if (r.url().endsWith('/api/shows') && r.request().method() === 'POST') fieldErrors.push(r.status()); });
  await page.getByRole('button', { name: 'Schedule show' }).click();
  const slotError = page.locator('#slot_id ~ .field-error');
  await slotError.waitFor();
  assert.match(await slotError.textContent(), /busy/);
  assert.equal(await page.getByLabel('Slot').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#schedule-result .notice.error').textContent(), /already has a show/);

  // A price of nothing: the server's price rule, under the price field. The refusal makes the
  // page ask for the slots again: wait until that list is in (the forced slot disabled again).
  await page.waitForFunction(() => {
    const sel = document.getElementById('slot_id');
    const opts = [...sel.options];
    return !sel.disabled && opts.every((o) => o.disabled || !/ — /.test(o.text)) &&
      opts.some((o) => !o.disabled && o.value);
  });
  await page.getByLabel('Slot').selectOption(await page.locator('#slot_id option:not([disabled])').first().getAttribute('value'));
  await page.getByLabel('Base price (₹)').fill('0');
  await page.getByRole('button', { name: 'Schedule show' }).click();
  await page.locator('#price ~ .field-error').waitFor();
  assert.match(await page.locator('#price ~ .field-error').textContent(), /more than 0/);
  // Not a number at all: caught before sending.
  await page.getByLabel('Base price (₹)').fill('two hundred');
  await page.getByRole('button', { name: 'Schedule show' }).click();
  await page.waitForFunction(() => /rupees/.test(document.querySelector('#price ~ .field-error')?.textContent || ''));
  assert.deepEqual(fieldErrors, [409, 422]);

  // A film longer than a slot: the page says how long and when it ends.
  const lagaan = movie.locator('option', { hasText: 'Lagaan' });
  await movie.selectOption({ label: await lagaan.textContent() });
  const warn = page.locator('#movie-note .notice.warn', { hasText: 'runs 224 min' });
  await warn.waitFor();
  assert.match(await warn.textContent(), /runs 224 min; with 15 min of trailers the show is 59 min longer than a slot\./);
  assert.doesNotMatch(await warn.textContent(), /\. [a-z]/, 'every sentence starts with a capital');
  assertNoConsoleErrors(page, [
    { status: '409', url: `${BASE}/api/shows` },
    { status: '422', url: `${BASE}/api/shows` },
  ]);
}));

// Issue 14: a chosen movie loses "Choose a movie."; the long-film hint counts the trailers and
// agrees with the server's ends_at; after a success the form is cleared of movie, slot and price
// (date and screen kept) and the focus is on the new show's link.
test('the schedule form clears stale messages, says when a long film ends, and is not left one click from a duplicate', (t) => withPage(t, async (page) => {
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/schedule.html');
  await page.locator('#schedule-form').waitFor();
  const movie = page.getByLabel('Movie');
  const slot = page.getByLabel('Slot');
  const day = await siteDay(page, 30);            // far ahead: every slot free
  await page.getByLabel('Screen', { exact: true }).selectOption({ label: 'Screen 1 (100 seats)' });
  await page.getByLabel('Date').fill(day);
  await page.waitForFunction(() => !document.getElementById('slot_id').disabled &&
    [...document.querySelectorAll('#slot_id option')].some((o) => /^Morning/.test(o.text) && !o.disabled));

  // Nothing chosen: the page's own message under Movie; choosing one takes it away.
  await page.getByLabel('Base price (₹)').fill('');
  await page.getByRole('button', { name: 'Schedule show' }).click();
  await page.locator('#movie_id ~ .field-error', { hasText: 'Choose a movie.' }).waitFor();
  const lagaan = movie.locator('option', { hasText: 'Lagaan' });
  await movie.selectOption({ label: await lagaan.textContent() });
  await page.waitForFunction(() => !document.querySelector('#movie_id ~ .field-error'));
  assert.equal(await movie.getAttribute('aria-invalid'), null);
  assert.equal(await page.locator('#price ~ .field-error').count(), 1, 'the other fields keep theirs');

  // Lagaan (224 min) in the Morning slot (08:30): 15 min of trailers, so it ends at 12:29.
  await page.waitForFunction(() => !document.getElementById('slot_id').disabled);
  const morning = await slot.locator('option', { hasText: /^Morning/ }).getAttribute('value');
  await slot.selectOption(morning);
  const warn = page.locator('#movie-note .notice.warn');
  await warn.waitFor();
  const said = await warn.textContent();
  assert.match(said, /In the Morning slot it ends at 12:29\./);
  assert.doesNotMatch(said, /\. [a-z]/, 'every sentence starts with a capital');

  await page.getByLabel('Base price (₹)').fill('220');
  await page.getByRole('button', { name: 'Schedule show' }).click();
  const done = page.locator('#schedule-result .notice.success');
  await done.waitFor();
  assert.match(await done.textContent(), /Scheduled Lagaan[^,]* on Screen 1, .* at 08:30 \(ends 12:29\), from ₹220\.00\./);
  const link = done.getByRole('link', { name: /^Lagaan.*, 08:30–12:29$/ });
  assert.match(await link.getAttribute('href'), /^\/show\.html\?id=\d+$/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-show-link');
  // Cleared for the next show: no movie, no slot, no price; the date and screen kept.
  await page.waitForFunction((v) => document.querySelector(`#slot_id option[value="${v}"]`)?.disabled, morning);
  assert.equal(await movie.inputValue(), '');
  assert.equal(await slot.inputValue(), '');
  assert.equal(await page.getByLabel('Base price (₹)').inputValue(), '');
  assert.equal(await page.getByLabel('Date').inputValue(), day);
  assert.equal(await page.getByLabel('Screen', { exact: true }).locator('option:checked').textContent(), 'Screen 1 (100 seats)');
  assert.equal(await page.locator('#movie-note .notice.warn').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'new-show-link', 'the focus stays on the new show');
  assertNoConsoleErrors(page);
}));
