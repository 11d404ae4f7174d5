// The nav for each role, with GET /api/session answered in the browser (route), so these
// run before login exists and pin what each role is offered. The server enforces roles anyway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertNoConsoleErrors, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';

const envelope = (data) => ({ status: 200, contentType: 'application/json',
  body: JSON.stringify({ data, request_id: 'test' }) });

// A fake session: GET answers `user` until a DELETE ends it, then 401 as the server does.
async function navAs(page, user) {
  let loggedIn = true;
  // The server sets the visible sf_in hint with a session (pages ask who you are only then)
  // and clears it at logout: the fake does the same.
  await page.context().addCookies([{ name: 'sf_in', value: '1', url: BASE }]);
  await page.route('**/api/session', (route) => {
    if (route.request().method() === 'DELETE') {
      loggedIn = false;
      return route.fulfill({ ...envelope(null), headers: { 'Set-Cookie': 'sf_in=; Path=/; Max-Age=0' } });
    }
    if (loggedIn) return route.fulfill(envelope({ user, csrf_token: 'csrf-from-session' }));
    return route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify(
      { error: { code: 'UNAUTHORIZED', message: 'Log in first.', fields: [] }, request_id: 'test' }) });
  });
  // The home page reads the day's published show list (/live/shows/<date>.json), which is
  // public: the real server answers it, fake session or not.
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  // Attached, not visible: on a phone the links are folded behind the Menu button.
  await nav.locator('button.logout').waitFor({ state: 'attached' });
  return (await nav.locator('a').allTextContents()).map((s) => s.trim());
}

test('customer nav offers bookings, wallet and profile', (t) => withPage(t, async (page) => {
  const links = await navAs(page, { username: 'customer', name: 'Cara Customer', role: 'customer' });
  assert.deepEqual(links, ['Home', 'My bookings', 'Wallet', 'Profile']);
  assert.match(await page.locator('#nav').textContent(), /Cara Customer/);
  assertNoConsoleErrors(page);
}));

test('staff nav offers walk-in sale and check-in, not admin pages', (t) => withPage(t, async (page) => {
  const links = await navAs(page, { username: 'staff', name: 'Sam Staff', role: 'staff' });
  assert.deepEqual(links, ['Home', 'Walk-in sale', 'Check-in', 'Bookings', 'Profile']);
  assertNoConsoleErrors(page);
}));

test('admin nav adds schedule, screens, prices, staff and revenue', (t) => withPage(t, async (page) => {
  const links = await navAs(page, { username: 'admin', name: 'Ada Admin', role: 'admin' });
  assert.deepEqual(links, ['Home', 'Walk-in sale', 'Check-in', 'Bookings', 'Schedule', 'Screens', 'Prices', 'Staff', 'Revenue', 'Profile']);
  assertNoConsoleErrors(page);
}));

test('log out sends DELETE /api/session with the CSRF token and returns home', (t) => withPage(t, async (page) => {
  await navAs(page, { username: 'customer', name: 'Cara Customer', role: 'customer' });
  const del = page.waitForRequest((r) => r.url().endsWith('/api/session') && r.method() === 'DELETE');
  await page.getByRole('button', { name: 'Log out' }).click();
  const req = await del;
  assert.equal(req.headers()['x-csrf-token'], 'csrf-from-session');
  // Back on the home page, as an anonymous visitor.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('skyfox.csrf')), null);
  assertNoConsoleErrors(page);
}));

// Issue 14: a compact menu. On a 375 px phone every role's header is one short line with a
// Menu button that opens and closes the links (mouse and keyboard); at 1366 px the admin's
// links share one row; the home page's date strip says it scrolls until its end is in view.
const ROLES = {
  anonymous: null,
  customer: { username: 'customer', name: 'Cara Customer', role: 'customer' },
  staff: { username: 'staff', name: 'Sam Staff', role: 'staff' },
  admin: { username: 'admin', name: 'Ada Admin', role: 'admin' },
};
async function openAs(page, user) {
  if (user) return navAs(page, user);
  await page.goto('/');
  await page.locator('#nav li').first().waitFor({ state: 'attached' });
  return null;
}

for (const [role, user] of Object.entries(ROLES)) {
  test(`on a 375 px phone the ${role}'s header is at most 64 px and its Menu opens and closes`, (t) => withPage(t, async (page) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await openAs(page, user);
    const header = await page.locator('.site-header').boundingBox();
    assert.ok(header.height <= 64, `header ${header.height} px tall`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    const menu = page.getByRole('button', { name: 'Menu' });
    const list = page.locator('#nav-list');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.equal(await menu.getAttribute('aria-controls'), 'nav-list');
    assert.equal(await list.isVisible(), false);
    // Mouse: opens, shows every link, closes.
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    assert.ok(await links.count() >= 3);
    for (const link of await links.all()) assert.ok(await link.isVisible());
    await assertAxeClean(page);
    await menu.click();
    assert.equal(await list.isVisible(), false);
    // Keyboard: Enter opens, Tab goes into the list, Escape closes and gives the focus back.
    await menu.focus();
    await page.keyboard.press('Enter');
    assert.equal(await list.isVisible(), true);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.closest('#nav-list') !== null), true);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Home');
    await page.keyboard.press('Escape');
    assert.equal(await list.isVisible(), false);
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('nav-toggle')), true);
    await assertAxeClean(page);
    assertNoConsoleErrors(page);
  }));
}

test('at 1366 px the admin nav fits on one row, with no Menu button', (t) => withPage(t, async (page) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await navAs(page, ROLES.admin);
  assert.equal(await page.getByRole('button', { name: 'Menu' }).isVisible(), false);
  const tops = await page.locator('#nav-list > li').evaluateAll((lis) => lis.map((li) => Math.round(li.getBoundingClientRect().top)));
  assert.equal(new Set(tops).size, 1, `rows at ${tops}`);
  const brand = await page.locator('.brand').boundingBox();
  const nav = await page.locator('#nav-list').boundingBox();
  assert.ok(nav.y < brand.y + brand.height, 'the nav is beside the brand, not under it');
  await assertAxeClean(page);
  assertNoConsoleErrors(page);
}));

test('the date strip on a phone shows it scrolls, and stops saying so at its end', (t) => withPage(t, async (page) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/');
  const strip = page.locator('.date-strip');
  const more = strip.getByRole('button', { name: 'More days' });
  await more.waitFor();
  assert.equal(await strip.evaluate((s) => s.classList.contains('more-right')), true);
  await assertAxeClean(page);
  await more.click();             // the arrow scrolls on; at the end it goes
  await strip.locator('ul').evaluate((ul) => ul.scrollTo({ left: ul.scrollWidth }));
  await more.waitFor({ state: 'hidden' });
  assert.equal(await strip.evaluate((s) => s.classList.contains('more-right')), false);
  // A laptop has room for the whole week: no cue at all.
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.waitForFunction(() => !document.querySelector('.date-strip').classList.contains('more-right'));
  assert.equal(await more.isVisible(), false);
  assertNoConsoleErrors(page);
}));
