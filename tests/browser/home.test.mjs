// The home page as an anonymous visitor sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';

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

test('a show under 10 % free says "Almost full", and "Sold out" when none is left', (t) => withPage(t, async (page) => {
  await login(page, 'staff', 'Staff#2026');
  const { id, date, title } = await page.evaluate(async () => {
    const today = (await (await fetch('/api/health')).json()).data.time.slice(0, 10);
    const [y, m, d] = today.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d + 6, 12)).toISOString().slice(0, 10);
    const shows = (await (await fetch(`/api/shows?date=${date}`)).json()).data;
    const show = shows.filter((s) => s.seats_total === 100).sort((a, b) => b.seats_available - a.seats_available)[0];
    return { id: show.id, date, title: show.movie.title };
  });
  assert.equal(await sellDownTo(page, id, 9), 9);
  await page.goto(`/?date=${date}`);
  const cardOf = () => page.locator('.show-card', { has: page.locator(`a[href="/show.html?id=${id}"]`) });
  await cardOf().waitFor();
  assert.match(await cardOf().locator('.seats-left').textContent(), /^9 of 100 seats left Almost full$/);
  assert.match(await cardOf().getByRole('heading').textContent(), new RegExp(title.slice(0, 10).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  assert.equal(await sellDownTo(page, id, 0), 0);
  await page.reload();
  await cardOf().waitFor();
  assert.match(await cardOf().locator('.seats-left').textContent(), /^0 of 100 seats left Sold out$/);
  assertNoConsoleErrors(page);
}));
