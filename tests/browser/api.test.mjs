// js/api.js, the one way pages call the server: envelopes, CSRF, and how errors are shown.
// Runs in the real page (so under the site's CSP), with /api/test answered by the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertNoConsoleErrors, withPage } from './harness.mjs';

const HOSTILE = '<img src=x id=injected>';
// The fake 422 is logged by Chromium like any failed load; it is this test's own doing.
const FAKE_422 = [{ status: '422', url: `${BASE}/api/test` }];

async function openWithFakeApi(page) {
  await page.route('**/api/test**', (route) => {
    const req = route.request();
    if (req.method() === 'GET') {
      return route.fulfill({ status: 200, contentType: 'application/json',
        body: JSON.stringify({ data: { ok: true }, request_id: 'r-ok' }) });
    }
    return route.fulfill({ status: 422, contentType: 'application/json', headers: { 'X-Request-ID': 'r-422' },
      body: JSON.stringify({ error: { code: 'VALIDATION_ERROR', message: `Check the form ${HOSTILE}`,
        fields: [{ field: 'email', message: `Bad email ${HOSTILE}` }, { field: 'nowhere', message: 'Orphan' }],
      }, request_id: 'r-422' }), });
  });
  await page.goto('/');
  await page.locator('#shows .welcome').waitFor();
}

test('api() returns data, and sends JSON with the CSRF token on writes', (t) => withPage(t, async (page) => {
  await openWithFakeApi(page);
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/test') && r.method() === 'POST');
  const result = await page.evaluate(async () => {
    const { api, setCsrf } = await import('/js/api.js');
    setCsrf('tok-1');
    const data = await api('GET', '/api/test');
    await api('POST', '/api/test', { a: 1 }).catch(() => {});
    return data;
  });
  assert.deepEqual(result, { ok: true });
  const req = await sent;
  assert.equal(req.headers()['x-csrf-token'], 'tok-1');
  assert.equal(req.headers()['content-type'], 'application/json');
  assert.deepEqual(req.postDataJSON(), { a: 1 });
  assertNoConsoleErrors(page, FAKE_422);
}));

test('an error envelope becomes an ApiError, shown as text with its request id', (t) => withPage(t, async (page) => {
  await openWithFakeApi(page);
  const err = await page.evaluate(async () => {
    const { api, showError } = await import('/js/api.js');
    try { await api('POST', '/api/test', {}); return null; } catch (e) {
      showError(document.getElementById('main'), e);
      return { name: e.name, status: e.status, code: e.code, requestId: e.requestId, fields: e.fields.length };
    }
  });
  assert.deepEqual(err, { name: 'ApiError', status: 422, code: 'VALIDATION_ERROR', requestId: 'r-422', fields: 2 });
  const notice = page.locator('#main > .notice.error[role="alert"]');
  // The server's words as a sentence; the request id apart, in the Details line.
  assert.equal(await notice.locator('.error-message').textContent(), `Check the form ${HOSTILE}.`);
  assert.match(await notice.locator('.error-details').textContent(), /request id r-422/);
  assert.equal(await page.locator('#injected').count(), 0, 'server text must never become markup');
  assertNoConsoleErrors(page, FAKE_422);
}));

test('field errors go under their inputs and are cleared on the next try', (t) => withPage(t, async (page) => {
  await openWithFakeApi(page);
  const unmatched = await page.evaluate(async () => {
    const { api, el, showFieldErrors } = await import('/js/api.js');
    const form = el('form', { id: 'f' },
      el('label', { for: 'email' }, 'Email'), el('input', { id: 'email', name: 'email', 'aria-describedby': 'hint' }),
      el('p', { id: 'hint' }, 'We never share it.'));
    document.getElementById('main').append(form);
    try { await api('POST', '/api/test', {}); } catch (e) { return showFieldErrors(form, e).map((f) => f.field); }
  });
  assert.deepEqual(unmatched, ['nowhere']);
  const input = page.locator('#email');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  const errId = (await input.getAttribute('aria-describedby')).split(' ')[1];
  assert.equal(await page.locator(`#email + #${errId}.field-error`).textContent(), `Bad email ${HOSTILE}`);
  assert.equal(await page.locator('#injected').count(), 0);
  assert.ok(await input.evaluate((n) => n === document.activeElement), 'first invalid field gets focus');

  await page.evaluate(async () => {
    const { showFieldErrors } = await import('/js/api.js');
    showFieldErrors(document.getElementById('f'), { fields: [] });
  });
  assert.equal(await input.getAttribute('aria-invalid'), null);
  assert.equal(await input.getAttribute('aria-describedby'), 'hint');
  assert.equal(await page.locator('.field-error').count(), 0);
  assertNoConsoleErrors(page, FAKE_422);
}));
