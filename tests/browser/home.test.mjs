// The home page as an anonymous visitor sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertNoConsoleErrors, withPage } from './harness.mjs';

test('home page shows the cinema, the anonymous nav and its stylesheet', (t) => withPage(t, async (page) => {
  const res = await page.goto('/');
  assert.equal(res.status(), 200);
  assert.match(await page.title(), /SkyFox/);

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Home' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: 'Log in' }).getAttribute('href'), '/login.html');
  assert.equal(await nav.getByRole('link', { name: 'Sign up' }).count(), 1);
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
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign up' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  assert.ok(await page.getByRole('link', { name: 'Log in' }).isVisible());
  assertNoConsoleErrors(page);
}));

test('unknown page answers 404 with the friendly page', (t) => withPage(t, async (page) => {
  const res = await page.goto('/no-such-page.html');
  assert.equal(res.status(), 404);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).waitFor();
  assert.equal(await page.getByRole('link', { name: "Back to today's shows" }).getAttribute('href'), '/');
  assertNoConsoleErrors(page, [{ status: '404', url: `${BASE}/no-such-page.html` }]);
}));
