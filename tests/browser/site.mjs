// site.mjs — making data through the real API for the browser tests: logins, shows, the
// site's clock. (What the tickets and camera tests share.)
import assert from 'node:assert/strict';
import { BASE, confPut } from './harness.mjs';

export const LOGINS = { admin: 'Admin#2026', staff: 'Staff#2026', customer: 'Customer#2026' };

/** One API call from Node; asserts it succeeded and returns the envelope's data. */
export async function call(method, path, body, token) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.data;
}

/** A bearer token for a demo login. */
export const token = async (user) => (await call('POST', '/api/session', { username: user, password: LOGINS[user] })).token;

/** Move the site's clock to read `epochSeconds` (clock_offset; the site reads it per request). */
export const clockTo = (epochSeconds) => confPut('clock_offset', String(Math.round(epochSeconds - Date.now() / 1000)));

let ownScreen = null;

/** A screen of this test file's own, laid out like Screen 1 (rows A–J of ten, F–J Deluxe),
 *  drawn through the admin's POST /api/screens: its four slots a day are this file's, however
 *  many of the demo's few free slots other suites have taken. Its id (one per process). */
export function testScreen(admin) {
  ownScreen ??= (async () => {
    const { rows } = await call('GET', '/api/screens/1', undefined, admin);
    const name = `Test ${process.pid} ${Date.now().toString(36)}`;
    return (await call('POST', '/api/screens', { name, rows }, admin)).id;
  })();
  return ownScreen;
}

/** A free slot 2–6 days ahead on `screens` (default: this file's own screen): { date, screen,
 *  slot }. Not today or tomorrow: the home page's tests read those days as the demo made them. */
export async function freeSlot(admin, { screens = null } = {}) {
  const list = screens ?? [await testScreen(admin)];
  for (let d = 2; d <= 6; d++) {
    const date = await cinemaDay(d);
    for (const screen of list) {
      const slots = await call('GET', `/api/slots?date=${date}&screen_id=${screen}`, undefined, admin);
      const slot = slots.find((s) => s.available);
      if (slot) return { date, screen, slot };
    }
  }
  throw new Error('no free slot for a show in the coming days');
}

/** A new show at `price` paise (admin token) on a free slot of freeSlot's. */
export async function newShow(admin, price, options = {}) {
  const movie = (await call('GET', '/api/movies', undefined, admin))[0].id;
  const { date, screen, slot } = await freeSlot(admin, options);
  return call('POST', '/api/shows', { movie_id: movie, screen_id: screen, slot_id: slot.id, date, price }, admin);
}

/** Start a session for user inside the page's browser context (cookie + CSRF token). */
export async function sessionIn(page, user) {
  const res = await page.request.post('/api/session', { data: { username: user, password: LOGINS[user] } });
  assert.equal(res.status(), 200);
  const { csrf_token: csrf } = (await res.json()).data;
  await page.context().addInitScript((t) => sessionStorage.setItem('skyfox.csrf', t), csrf);
}

/** A ten-digit phone number for a walk-in customer. */
export const phone = () => `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

/** The cinema's date `days` after today by the site's clock. health.time is the cinema's
 *  local time with its offset, so its first ten characters are the cinema's date — not
 *  `toISOString()`, which is UTC's date and is the cinema's yesterday after 18:30 UTC in India. */
export async function cinemaDay(days = 0) {
  const today = (await call('GET', '/api/health')).time.slice(0, 10);
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days, 12)).toISOString().slice(0, 10);
}

/** A show `days` ahead (0: today) starting more than ten minutes from now, on `screen` if
 *  given, with n free seats (in one row if `oneRow`), asked as anyone may; returns
 *  { show, free: [labels] } or null. Late at night today has no show left: then the next
 *  day's first. */
export async function upcomingShow(days, n, { screen = null, oneRow = false } = {}) {
  const now = Date.parse((await call('GET', '/api/health')).time);
  for (let k = days; k <= days + 1; k++) {
    for (const show of await call('GET', `/api/shows?date=${await cinemaDay(k)}`)) {
      if (Date.parse(show.starts_at) <= now + 600_000 || (screen && show.screen.id !== screen)) continue;
      const map = await call('GET', `/api/shows/${show.id}/seats`);
      const rows = oneRow ? map.rows.map((r) => r.seats) : [map.rows.flatMap((r) => r.seats)];
      for (const seats of rows) {
        const free = seats.filter((s) => s.status === 'available').map((s) => s.seat);
        if (free.length >= n) return { show, free };
      }
    }
  }
  return null;
}

/** n free seats side by side in the first row of a show that has them (labels). */
export async function freeSeats(showId, n) {
  for (const row of (await call('GET', `/api/shows/${showId}/seats`)).rows) {
    const free = row.seats.filter((s) => s.status === 'available').map((s) => s.seat);
    if (free.length >= n) return free.slice(0, n);
  }
  throw new Error(`show ${showId} has no row with ${n} free seats`);
}
