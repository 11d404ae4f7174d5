// Issue 14, as a person meets it on the account pages: an error reads as a sentence with the
// request id apart in a "Details" line; a wrong security answer marks its field; the reset's
// deadline is on the site's clock whatever the browser's zone; sign-up lands on the shows;
// passwords can be shown and their rule's parts are ticked as they are typed; the wallet's
// amount has no placeholder that looks like a value; and every page touched is axe-clean on a
// phone and on a laptop, errors showing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { assertAxeClean } from './axe.mjs';
import { makePng } from './png.mjs';

const unique = (p) => `${p}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const phone = () => `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
const SIZES = [{ width: 375, height: 812 }, { width: 1366, height: 900 }];

async function axeAtBothSizes(page) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await assertAxeClean(page);
  }
}

async function wrongLogin(page) {
  await page.goto('/login.html');
  await page.fill('#username', 'customer');
  await page.fill('#password', 'not-my-password');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
  await page.press('#password', 'Enter');
  const res = await answer;
  await page.locator('.notice.error').waitFor();
  return (await res.json()).request_id;
}

test('a wrong password reads as a sentence, with the request id apart in a details line', (t) => withPage(t, async (page) => {
  const requestId = await wrongLogin(page);
  assert.ok(requestId, 'the server gives a request id');
  const notice = page.locator('#login-notice.notice.error');
  assert.equal(await notice.locator('.error-message').textContent(), 'Wrong username or password.');
  assert.ok(!(await notice.locator('.error-message').textContent()).includes(requestId));
  const details = notice.locator('details.error-details');
  assert.equal(await details.locator('summary').textContent(), 'Details');
  assert.match(await details.textContent(), new RegExp(`request id ${requestId}`));
  // The password field is marked, emptied and focused for the next try.
  const pw = page.locator('#password');
  assert.equal(await pw.getAttribute('aria-invalid'), 'true');
  assert.equal(await pw.inputValue(), '');
  assert.ok(await pw.evaluate((n) => n === document.activeElement));
  await axeAtBothSizes(page);
  assertNoConsoleErrors(page, [{ status: '401', url: `${BASE}/api/session` }]);
}));

test('the profile\'s wrong security answer marks that field, says why under it and focuses it', (t) => withPage(t, async (page) => {
  await login(page, 'customer', 'Customer#2026');
  await page.goto('/profile.html');
  await page.locator('[data-fact="username"]').waitFor();
  await page.locator('#details-answer').fill('Not my city');
  await page.getByRole('button', { name: 'Save details' }).click();
  const answer = page.locator('#details-answer');
  await page.locator('#details-answer[aria-invalid="true"]').waitFor();
  const ids = (await answer.getAttribute('aria-describedby')).split(' ');
  const said = await page.locator(`#${ids.at(-1)}.field-error`).textContent();
  assert.equal(said, 'That is not the answer to your security question.');
  // Under the field: the message is the next thing after the input.
  assert.equal(await answer.evaluate((n) => n.nextElementSibling && n.nextElementSibling.className), 'field-error');
  assert.ok(await answer.evaluate((n) => n === document.activeElement), 'the marked field has focus');
  assert.match(await page.locator('#profile-notice .error-message').textContent(), /^That is not the answer/);
  await axeAtBothSizes(page);

  // The next try clears the mark before it asks.
  await answer.fill('Chennai');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.getByText('Your details were saved.').waitFor();
  assert.equal(await answer.getAttribute('aria-invalid'), null);
  assert.equal(await page.locator('#details-form .field-error').count(), 0);
  // Dates in the one style: "Sat, 5 Dec 2026".
  assert.match(await page.locator('[data-fact="member since"]').textContent(), /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4}$/);
  assertNoConsoleErrors(page, [{ status: '403', url: `${BASE}/api/users/me` }]);
}));

test('forgot-password gives the reset\'s deadline on the site\'s clock, not the browser\'s', (t) => withPage(t, async (page) => {
  // A browser far from the cinema: its own clock would say another hour altogether.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'America/Los_Angeles' });
  await page.goto('/forgot.html');
  await page.getByLabel('The email of your account').fill('customer@example.com');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('In which city were you born?').fill('chennai');
  const verified = page.waitForResponse((r) => r.url().endsWith('/api/password-resets/verify'));
  await page.locator('#answer-form').getByRole('button', { name: 'Next' }).click();
  const expires = (await (await verified).json()).data.expires_at;
  assert.match(expires, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  const line = await page.locator('#token-expiry').textContent();
  assert.equal(line, `Choose it before ${expires.slice(11, 16)} (the cinema's time).`);
  // The new password has its Show button and the rule's parts.
  await page.locator('#password-form .show-password').waitFor();
  await axeAtBothSizes(page);
  assertNoConsoleErrors(page);
}));

test('sign-up with no next lands on the shows with a welcome', (t) => withPage(t, async (page) => {
  const username = unique('err');
  await page.goto('/signup.html');
  await page.getByLabel('Full name').fill('Meera Nair');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Mobile number').fill(phone());
  await page.getByLabel('Password').fill('Matinee#2026');
  await page.locator('fieldset[data-step="1"]').getByRole('button', { name: 'Next' }).click();
  await page.locator('#security_question_id option[value="2"]').waitFor({ state: 'attached' });
  await page.getByLabel('Question').selectOption('2');
  await page.getByLabel('Answer').fill('Kochi');
  await page.locator('fieldset[data-step="2"]').getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: makePng(200, 200) });
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByText('Welcome to SkyFox Cinema, Meera Nair!').waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).waitFor();
  await page.locator('#shows h1, #shows h2').first().waitFor();
  await axeAtBothSizes(page);
  // Said once: the next page does not say it again.
  await page.reload();
  await page.locator('#shows h1, #shows h2').first().waitFor();
  assert.equal(await page.getByText('Welcome to SkyFox Cinema, Meera Nair!').count(), 0);
  assertNoConsoleErrors(page);
}));

test('passwords can be shown and hidden, and the rule\'s parts are ticked as they are typed', (t) => withPage(t, async (page) => {
  await page.goto('/signup.html');
  const pw = page.locator('#password');
  assert.equal(await page.getByRole('button', { name: 'Show password' }).count(), 1);
  const toggle = page.locator('#password + button.show-password');   // its name changes: Show/Hide
  assert.equal(await pw.getAttribute('type'), 'password');
  await toggle.click();
  assert.equal(await pw.getAttribute('type'), 'text');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByRole('button', { name: 'Hide password' }).count(), 1);
  await toggle.click();
  assert.equal(await pw.getAttribute('type'), 'password');

  const parts = page.locator('#password-strength');
  assert.equal(await parts.getAttribute('aria-live'), 'polite');
  assert.ok((await pw.getAttribute('aria-describedby')).split(' ').includes('password-strength'));
  const met = () => parts.locator('li[data-met="true"]').evaluateAll((ls) => ls.map((l) => l.dataset.part));
  assert.deepEqual(await met(), []);
  await pw.pressSequentially('abc');
  assert.deepEqual(await met(), []);
  await pw.pressSequentially('DEFGH');
  assert.deepEqual(await met(), ['length', 'case']);
  await pw.pressSequentially('7');
  assert.deepEqual(await met(), ['length', 'case', 'digit']);
  assert.match(await parts.textContent(), /A digit or a symbol: met/);
  await axeAtBothSizes(page);
  // With the step's other fields marked (messages as sentences, under their fields).
  await page.locator('fieldset[data-step="1"]').getByRole('button', { name: 'Next' }).click();
  await page.locator('#name[aria-invalid="true"]').waitFor();
  assert.equal(await page.locator('#name + .field-error').textContent(), 'Is required.');
  assert.equal(await pw.getAttribute('aria-invalid'), null);
  await axeAtBothSizes(page);

  // The profile's password change has the same.
  await login(page, 'customer', 'Customer#2026');
  await page.goto('/profile.html');
  await page.locator('[data-fact="username"]').waitFor();
  const next = page.locator('#new_password');
  await page.locator('#password-form').getByRole('button', { name: 'Show password' }).nth(1).click();
  assert.equal(await next.getAttribute('type'), 'text');
  await next.fill('Popcorn9');
  assert.equal(await page.locator('#new_password-strength li[data-met="true"]').count(), 3);
  await axeAtBothSizes(page);
  assertNoConsoleErrors(page);
}));

test('the wallet\'s amount is labelled with its range and has no placeholder that looks like a value', (t) => withPage(t, async (page) => {
  await login(page, 'customer', 'Customer#2026');
  await page.goto('/wallet.html');
  await page.locator('#wallet-body:not([hidden])').waitFor();
  const amount = page.getByLabel('Amount, ₹1.00 to ₹10,000.00');
  assert.equal(await amount.getAttribute('placeholder'), null);
  await amount.fill('0.50');
  await page.click('#topup-button');
  await page.locator('#topup-amount[aria-invalid="true"]').waitFor();
  assert.ok(await amount.evaluate((n) => n === document.activeElement));
  // Ledger dates in the one style: "Sat, 5 Dec 2026, 19:30".
  const first = page.locator('#ledger tbody tr td').first();
  if (await first.count()) assert.match(await first.textContent(), /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/);
  await axeAtBothSizes(page);
  assertNoConsoleErrors(page);
}));

test('any error is shown as text: server words made a sentence, never markup', (t) => withPage(t, async (page) => {
  const HOSTILE = '<img src=x id=injected>';
  await page.route('**/api/test', (route) => route.fulfill({ status: 422, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'VALIDATION_ERROR', message: `check the form ${HOSTILE}`,
      fields: [{ field: 'email', message: `bad email ${HOSTILE}` }] }, request_id: 'r-422' }) }));
  await page.goto('/login.html');
  // The nav is drawn (its links, or on a narrow screen its Menu button).
  await page.locator('#nav a:visible, #nav button:visible').first().waitFor();
  const unmatched = await page.evaluate(async () => {
    const { api, el, markFields, showError } = await import('/js/api.js');
    const form = el('form', { id: 'f' }, el('label', { for: 'email' }, 'Email'), el('input', { id: 'email', name: 'email' }));
    document.getElementById('main').append(form);
    try { await api('POST', '/api/test', {}); } catch (e) {
      showError(document.getElementById('login-notice'), e);
      return markFields(form, e);
    }
    return null;
  });
  assert.deepEqual(unmatched, []);
  assert.equal(await page.locator('#login-notice .error-message').textContent(), `Check the form ${HOSTILE}.`);
  assert.match(await page.locator('#login-notice .error-details').textContent(), /request id r-422/);
  assert.equal(await page.locator('#email + .field-error').textContent(), `Bad email ${HOSTILE}.`);
  assert.equal(await page.locator('#injected').count(), 0, 'server text must never become markup');
  assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/test` }]);
}));
