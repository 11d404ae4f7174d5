// Issue 14: "zero violations of any impact on every page, every role, both viewports". One sweep
// loads every page the site serves — htdocs/*.html, htdocs/admin/*.html, the API docs, the 404
// page (a mistyped address and Apache's early 404), the 400 page (htdocs/errors/400.shtml) and
// the short page errors.cgi answers for other early errors — as each role (anonymous, customer,
// staff, admin) at 375×812 and at 1366×900, waits until the page's own calls have settled, and
// runs axe-core with every rule (axe.mjs, { every: true }). A page a role cannot use is checked
// as what it shows that role (a redirect to log in, a "not for you" notice).
//
// States: a fresh customer holds two seats of a new show (the show page shows the hold, checkout
// pays for it) and owns a paid booking of it (My bookings, the ticket page); check-in and the
// walk-in sale open on that show. The line "axe sweep: P page views, V violations" is what
// make check's totals report (tests/run-all.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE, openBrowser } from './harness.mjs';
import { call, newShow, token, LOGINS } from './site.mjs';
import { axeViolations } from './axe.mjs';
import { makePng } from './png.mjs';

const VIEWPORTS = [{ width: 375, height: 812 }, { width: 1366, height: 900 }];
const ROLES = ['anonymous', 'customer', 'staff', 'admin'];
const HTDOCS = fileURLToPath(new URL('../../htdocs/', import.meta.url));

// Findings tolerated for now, one per entry: "page role width rule target". Empty, and meant to
// stay so: it is for a finding on a page someone else is in the middle of changing, to be fixed
// right after their merge. A finding listed here that no longer occurs fails the test too, so
// the list can only shrink.
const ALLOWED = new Set([
]);

const unique = (p) => `${p}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const phoneNo = () => `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

/** A new customer account (the demo customer's 3-hold cap is for other tests). */
async function freshCustomer() {
  const username = unique('axe');
  const png = makePng(64, 64);
  await call('POST', '/api/users', {
    name: 'Asha Rao', username, email: `${username}@example.com`, phone: phoneNo(), password: 'Sweep#2026',
    security_question_id: 1, security_answer: 'Mysuru',
    avatar: png.toString('base64'), avatar_sha256: createHash('sha256').update(png).digest('hex'),
  });
  return { username, password: 'Sweep#2026' };
}

/** An HTML answer the browser cannot ask for itself (TRACE): errors.cgi's short error page. */
function traceAnswer() {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${BASE}/`, { method: 'TRACE' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let browser;
let fx;            // the data the pages are opened on
after(async () => {
  if (fx?.hold) await fetch(`${BASE}/api/bookings/${fx.hold.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${fx.customerToken}` } });
  await browser?.close();
});

before(async () => {
  browser = await openBrowser();
  const admin = await token('admin');
  const show = await newShow(admin, 20000);
  const customer = await freshCustomer();
  const customerToken = (await call('POST', '/api/session', customer)).token;
  const paid = await call('POST', '/api/bookings', { show_id: show.id, seats: ['C4', 'C5'] }, customerToken);
  await call('POST', '/api/payments', {
    booking_id: paid.id, method: 'card',
    card: { number: '4111111111111111', cvv: '123', expiry: '12/30', name: 'Asha Rao' },
  }, customerToken);
  const trace = await traceAnswer();
  assert.equal(trace.status, 405);
  assert.match(trace.type, /^text\/html/);
  fx = { show, customer, customerToken, paid, hold: null, trace };
});

// A live hold for the show and checkout pages (holds lapse in minutes: made again if gone).
// Two sweeps run at once: one asks at a time.
let holdTurn = Promise.resolve();
function liveHold() {
  const turn = holdTurn.then(async () => {
    if (fx.hold) {
      const [b] = await call('GET', `/api/bookings?status=pending&show_id=${fx.show.id}`, undefined, fx.customerToken);
      if (b?.id === fx.hold.id && Date.parse(b.expires_at) > Date.now() + 60_000) return fx.hold;
      if (b) await call('DELETE', `/api/bookings/${b.id}`, undefined, fx.customerToken);
    }
    fx.hold = await call('POST', '/api/bookings', { show_id: fx.show.id, seats: ['D6', 'D7'] }, fx.customerToken);
    return fx.hold;
  });
  holdTurn = turn.catch(() => {});
  return turn;
}

// Every page, by the address it is opened at. Each htdocs/*.html and admin/*.html must be here:
// the test fails on a page that is not (a new page joins the sweep when it is added). `shows`:
// what must be on the screen for a role before axe runs (the state that page is swept in).
const PAGES = [
  { name: 'show', path: async () => { await liveHold(); return `/show.html?id=${fx.show.id}`; }, shows: { customer: '.hold-panel' } },
  { name: 'checkout', path: async () => `/checkout.html?booking=${(await liveHold()).id}`, shows: { customer: '#pay-button' } },
  { name: 'index', path: '/' },
  { name: 'bookings', path: '/bookings.html', shows: { customer: () => `tr[data-booking="${fx.paid.id}"] .badge.confirmed` } },
  { name: 'checkin', path: () => `/checkin.html?show_id=${fx.show.id}&date=${fx.show.date}`, shows: { staff: '#show-panel', admin: '#show-panel' } },
  { name: 'walkin', path: () => `/walkin.html?show_id=${fx.show.id}&date=${fx.show.date}`, shows: { staff: 'button.seat', admin: 'button.seat' } },
  { name: 'ticket', path: () => `/ticket.html?id=${fx.paid.id}`, shows: { customer: '.ticket-qr img' } },
  { name: 'wallet', path: '/wallet.html' },
  { name: 'profile', path: '/profile.html' },
  { name: 'login', path: '/login.html' },
  { name: 'signup', path: '/signup.html' },
  { name: 'forgot', path: '/forgot.html' },
  { name: '404', path: '/no-such-page.html' },
  { name: 'admin/revenue', path: '/admin/revenue.html' },
  { name: 'admin/pricing', path: '/admin/pricing.html' },
  { name: 'admin/schedule', path: '/admin/schedule.html' },
  { name: 'admin/staff', path: '/admin/staff.html' },
  { name: 'admin/screens', path: '/admin/screens.html' },
  // The API reference is the same for every role (only the site header changes), and it is the
  // biggest page by far: checked whole for the anonymous visitor, its header for the others.
  { name: 'docs', path: '/docs/', sameForRoles: 'body > header' },
  { name: 'errors/400', path: '/errors/400.shtml' },
  { name: 'errors/early-404', path: '/no%2Fsuch' },          // refused before mapping: errors.cgi
  { name: 'errors/short', path: '/__axe_sweep_error' },    // errors.cgi's page for a TRACE (405)
];

test('every page the site serves is in the sweep', () => {
  const files = [
    ...readdirSync(HTDOCS).filter((f) => f.endsWith('.html')).map((f) => f.replace(/\.html$/, '')),
    ...readdirSync(`${HTDOCS}admin`).filter((f) => f.endsWith('.html')).map((f) => `admin/${f.replace(/\.html$/, '')}`),
    ...readdirSync(`${HTDOCS}errors`).map((f) => `errors/${f.replace(/\.s?html$/, '')}`),
  ];
  const swept = new Set(PAGES.map((p) => p.name));
  assert.deepEqual(files.filter((f) => !swept.has(f)), [], 'pages missing from the sweep');
});

/**
 * Until the page's own calls are done: no request for 500 ms, nothing shown aria-busy (a hidden
 * section a role never gets, e.g. revenue's report for a customer, may stay busy), the same address.
 */
async function settle(page) {
  for (let i = 0; i < 5; i++) {
    const url = page.url();
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => document.readyState === 'complete'
      && ![...document.querySelectorAll('[aria-busy="true"]')].some((e) => e.checkVisibility()))
      .catch(async (err) => {
        const busy = await page.evaluate(() => [...document.querySelectorAll('[aria-busy="true"]')].map((e) => e.outerHTML.slice(0, 120)));
        throw new Error(`${page.url()} did not settle: busy ${JSON.stringify(busy)}: ${err.message}`);
      });
    if (page.url() === url) return;
  }
  throw new Error(`${page.url()} kept moving`);
}

async function rolePage(role, viewport) {
  const context = await browser.newContext({ baseURL: BASE, viewport });
  context.setDefaultTimeout(15_000);
  await context.route(`${BASE}/__axe_sweep_error`, (route) =>
    route.fulfill({ status: fx.trace.status, contentType: fx.trace.type, body: fx.trace.body }));
  const page = await context.newPage();
  if (role !== 'anonymous') {
    const who = role === 'customer' ? fx.customer : { username: role, password: LOGINS[role] };
    const res = await page.request.post('/api/session', { data: who });
    assert.equal(res.status(), 200, `${role} logs in`);
    const { csrf_token: csrf } = (await res.json()).data;
    await context.addInitScript((t) => sessionStorage.setItem('skyfox.csrf', t), csrf);
  }
  return page;
}

/** Every page for one role at one size: [{ key: "page role width rule target", line }]. */
async function sweep(role, viewport) {
  const page = await rolePage(role, viewport);
  const found = [];
  try {
    for (const p of PAGES) {
      const path = typeof p.path === 'function' ? await p.path() : p.path;
      await page.goto(path);
      await settle(page);
      const shown = typeof p.shows?.[role] === 'function' ? p.shows[role]() : p.shows?.[role];
      if (shown) await page.locator(shown).first().waitFor({ state: 'visible' });
      const include = role !== 'anonymous' && p.sameForRoles ? p.sameForRoles : null;
      for (const v of await axeViolations(page, { every: true, include })) {
        for (const target of v.targets) {
          const key = `${p.name} ${role} ${viewport.width} ${v.id} ${target}`;
          found.push({ key, line: `${p.name} ${role} ${viewport.width} ${v.id} (${v.impact}) ${target} — ${v.help} [${page.url().replace(BASE, '')}]` });
        }
      }
    }
  } finally {
    await page.context().close();
  }
  return found;
}

test('axe-core, every rule at every impact: no violations on any page, for any role, on a phone or a desk', async () => {
  // Two role × size sweeps at a time (AXE_SWEEP_JOBS): each is one browser page doing one
  // page after another, and axe is CPU-bound, so more than the cores buys nothing.
  const combos = ROLES.flatMap((role) => VIEWPORTS.map((viewport) => ({ role, viewport })));
  const results = new Array(combos.length);
  let next = 0;
  const worker = async () => {
    while (next < combos.length) {
      const i = next++;
      results[i] = await sweep(combos[i].role, combos[i].viewport);
    }
  };
  await Promise.all(Array.from({ length: Number(process.env.AXE_SWEEP_JOBS) || 2 }, worker));
  const found = results.flat();
  const views = combos.length * PAGES.length;
  const allowed = found.filter((f) => ALLOWED.has(f.key));
  console.log(`axe sweep: ${views} page views, ${found.length} violations${allowed.length ? ` (${allowed.length} on the temporary allow-list)` : ''}`);
  const unexpected = found.filter((f) => !ALLOWED.has(f.key)).map((f) => f.line);
  assert.equal(unexpected.length, 0, `axe-core violations (page role width rule (impact) target — help [address]):\n${unexpected.join('\n')}`);
  const keys = new Set(found.map((f) => f.key));
  assert.deepEqual([...ALLOWED].filter((a) => !keys.has(a)), [], 'allow-listed findings that are gone: take them off ALLOWED');
});
