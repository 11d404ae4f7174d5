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

/** A new show at `price` paise on a free slot 2–6 days ahead (admin token). */
export async function newShow(admin, price) {
  const today = (await call('GET', '/api/health')).time.slice(0, 10);
  const movie = (await call('GET', '/api/movies', undefined, admin))[0].id;
  for (let d = 2; d <= 6; d++) {
    const day = new Date(`${today}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + d);
    const date = day.toISOString().slice(0, 10);
    for (const screen of [1, 2]) {
      const slots = await call('GET', `/api/slots?date=${date}&screen_id=${screen}`, undefined, admin);
      const slot = slots.find((s) => s.available);
      if (!slot) continue;
      return call('POST', '/api/shows', { movie_id: movie, screen_id: screen, slot_id: slot.id, date, price }, admin);
    }
  }
  throw new Error('no free slot for a show in the coming days');
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
