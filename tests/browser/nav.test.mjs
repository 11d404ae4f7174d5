// The nav for each role, with GET /api/session answered in the browser (route), so these
// run before login exists and pin what each role is offered. The server enforces roles anyway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertNoConsoleErrors, withPage } from './harness.mjs';

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
  await nav.getByRole('button', { name: 'Log out' }).waitFor();
  return (await nav.getByRole('link').allTextContents()).map((s) => s.trim());
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

test('admin nav adds schedule, staff and revenue', (t) => withPage(t, async (page) => {
  const links = await navAs(page, { username: 'admin', name: 'Ada Admin', role: 'admin' });
  assert.deepEqual(links, ['Home', 'Walk-in sale', 'Check-in', 'Bookings', 'Schedule', 'Staff', 'Revenue', 'Profile']);
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
