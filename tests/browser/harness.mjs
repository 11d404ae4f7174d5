// Browser test harness: Debian's Chromium driven by playwright-core, for `node --test tests/browser/`.
//
// Each test file gets one browser (launched on first use, closed after its last test); each
// test gets a fresh context (no cookies, no storage) and fails on any console error, because
// a console error is something a user would hit. On failure, a full-page screenshot goes to
// tests/browser/screenshots/<test name>.png.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE = (process.env.SKYFOX_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');

const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

// Console errors that are not faults. Chromium logs every resource answered 4xx/5xx, fetches
// included, as "Failed to load resource", even when the page handles the answer; a test that
// expects such a line names its URL to assertNoConsoleErrors. None is expected by default: an
// anonymous visitor's pages no longer ask GET /api/session (no sf_in hint cookie, api.js), so
// the 401 every anonymous page used to log is gone and its return would fail every test.
const LOAD_FAILED = /^Failed to load resource: the server responded with a status of (\d{3})/;
const EXPECTED_ERRORS = [];

export async function openBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

let browserPromise = null;
function sharedBrowser() {
  browserPromise ??= openBrowser();
  return browserPromise;
}
// Without this the test process would wait forever on the browser's open pipe.
after(async () => {
  if (browserPromise) await (await browserPromise).close();
});

const consoleErrors = new WeakMap();

/** A fresh context + page at BASE that records console errors and uncaught page errors. */
export async function newPage(browser, t) {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  consoleErrors.set(page, errors);
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push({ text: msg.text(), url: msg.location().url || '' });
  });
  page.on('pageerror', (err) => errors.push({ text: `uncaught: ${err.message}`, url: '' }));
  if (t && typeof t.after === 'function') t.after(() => context.close());
  return page;
}

/**
 * Fail with every unexpected console error or uncaught exception the page has had so far.
 * expected: [{status: '404', url}] for load failures this test itself provokes.
 */
export function assertNoConsoleErrors(page, expected = []) {
  const allowed = [...EXPECTED_ERRORS, ...expected];
  const errors = (consoleErrors.get(page) || [])
    .filter(({ text, url }) => !allowed.some((e) => LOAD_FAILED.exec(text)?.[1] === e.status && url === e.url))
    .map(({ text, url }) => (url ? `${text} (${url})` : text));
  assert.deepEqual(errors, [], `unexpected console errors on ${page.url()}:\n${errors.join('\n')}`);
}

/**
 * Run fn(page) on a fresh page; on failure save a screenshot, then rethrow. Use as
 *   test('…', (t) => withPage(t, async (page) => { … }));
 */
export async function withPage(t, fn) {
  const page = await newPage(await sharedBrowser(), t);
  try {
    await fn(page);
  } catch (err) {
    const name = String(t.name).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
    try {
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true, timeout: 5_000 });
      t.diagnostic(`screenshot: tests/browser/screenshots/${name}.png`);
    } catch (shotErr) {
      t.diagnostic(`no screenshot: ${shotErr.message.split('\n')[0]}`);
    }
    throw err;
  }
}

/**
 * Log in through /login.html as a person would and wait until the page has moved on.
 * Fails fast with the page's own error message if the login is refused.
 */
export async function login(page, username, password) {
  await page.goto('/login.html');
  await page.fill('#username', username);
  await page.fill('#password', password);
  const moved = page.waitForURL((url) => !url.pathname.endsWith('/login.html'));
  const refused = page.locator('.notice.error').first().waitFor({ state: 'visible' })
    .then(async () => { throw new Error(`login as ${username} refused: ${await page.locator('.notice.error').first().textContent()}`); });
  await page.press('#password', 'Enter');
  try {
    await Promise.race([moved, refused]);
  } finally {
    // The loser of the race must not surface later as an unhandled rejection.
    moved.catch(() => {});
    refused.catch(() => {});
  }
}

/**
 * Set key = value in the test site's skyfox.conf (value null: remove the key). The site reads
 * it on every request, so e.g. confPut('clock_offset', '400') moves the whole site's clock
 * (CGIs and cron jobs) six minutes and forty seconds ahead at once.
 */
export function confPut(key, value) {
  const path = `${process.env.SKYFOX_DATA}/skyfox.conf`;
  const lines = readFileSync(path, 'utf8').split('\n')
    .filter((l) => l.trim() !== '' && !new RegExp(`^\\s*${key}\\s*=`).test(l));
  if (value !== null) lines.push(`${key} = ${value}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/**
 * Until the layout is still: the element's box (default: the body's), the scroll position and
 * the viewport's width the same over three animation frames in a row — after a smooth scroll,
 * a resize or a panel opening — instead of a guessed pause.
 */
export async function settled(page, selector = 'body') {
  await page.evaluate(() => { delete window.__settled; });
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const key = [r.x, r.y, r.width, r.height, window.scrollX, window.scrollY, window.innerWidth].join();
    const s = window.__settled;
    window.__settled = s && s.key === key ? { key, n: s.n + 1 } : { key, n: 0 };
    return window.__settled.n >= 3;
  }, selector, { polling: 'raf' });
}

/** A new viewport size, once the page has taken it and laid itself out again. */
export async function resizeTo(page, size) {
  await page.setViewportSize(size);
  await page.waitForFunction((w) => window.innerWidth === w, size.width);
  await settled(page);
}

/**
 * The next poll of a /live/ file whose path contains `part` that the page has handled (live.js's
 * 'skyfox:polled' event, sent after the answer is drawn or found unchanged): { path, changed }.
 * Call it before what should cause the poll, await it after.
 */
export function nextPoll(page, part) {
  return page.evaluate((p) => new Promise((resolve) => {
    const on = (e) => {
      if (!e.detail.path.includes(p)) return;
      document.removeEventListener('skyfox:polled', on);
      resolve(e.detail);
    };
    document.addEventListener('skyfox:polled', on);
  }), part);
}
