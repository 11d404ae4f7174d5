// fresh.mjs — a customer of the test's own, so a test that holds seats never meets the demo
// customer's hold cap (max_pending_bookings) or another test's holds.
//
//   const c = freshCustomer('skel');     // { username, password, token }
//   await login(page, c.username, c.password);
//
// Made straight in the site's database as www-data (as tests/http/fixture.c fx_sql_customer
// does): a sign-up through the API needs a photo and counts against signup_per_hour. The new
// customer has the demo customer's password and security answer, and an empty wallet.
import { execFileSync } from 'node:child_process';
import { BASE } from './harness.mjs';

export const FRESH_PASSWORD = 'Customer#2026';
let seq = 0;

function sql(text) {
  const db = `${process.env.SKYFOX_DATA}/skyfox.db`;
  const args = ['-batch', '-bail', '-cmd', '.timeout 10000', db];
  // As www-data when root: a root-owned -shm file would lock the CGIs out.
  const [cmd, argv] = process.getuid && process.getuid() === 0
    ? ['runuser', ['-u', 'www-data', '--', 'sqlite3', ...args]] : ['sqlite3', args];
  return execFileSync(cmd, argv, { input: `${text};\n`, cwd: '/' }).toString();
}

/** A new customer; resolves to { username, password, token } (token: a Bearer for the API). */
export async function freshCustomer(prefix = 'fresh') {
  const username = `${prefix}${Date.now().toString(36)}${process.pid}${seq++}`.slice(0, 30);
  const phone = `6${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  sql(`INSERT INTO users (username, name, role, password_hash, created_at, updated_at)
         SELECT '${username}', 'Test Customer', 'customer', password_hash, 0, 0 FROM users WHERE username = 'customer';
       INSERT INTO customers (user_id, email, phone, security_question_id, security_answer_hash)
         SELECT u.id, u.username || '@example.com', '${phone}', 1, c.security_answer_hash
         FROM users u, customers c JOIN users d ON d.id = c.user_id
         WHERE u.username = '${username}' AND d.username = 'customer';
       INSERT INTO wallets (user_id, balance, updated_at) SELECT id, 0, 0 FROM users WHERE username = '${username}'`);
  const res = await fetch(`${BASE}/api/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password: FRESH_PASSWORD }),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`log in ${username}: ${res.status} ${JSON.stringify(json)}`);
  return { username, password: FRESH_PASSWORD, token: json.data.token };
}

/** An API call with a customer's Bearer token: { status, body } (no throw). */
export async function asCustomer(who, method, path, body) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${who.token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}
