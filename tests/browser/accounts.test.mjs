// Accounts as a person uses them: sign up with a photo in three steps and see it on the
// profile; log in and out; change the password; reset a forgotten one through the security
// question; what a wrong password or a taken username looks like; the admin's staff page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { makePng } from './png.mjs';

const unique = (p) => `${p}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const phone = () => `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

async function signUp(page, who, photo = makePng(400, 300)) {
  await page.goto('/signup.html');
  await page.getByLabel('Full name').fill(who.name);
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Mobile number').fill(who.phone);
  await page.getByLabel('Password').fill(who.password);
  await page.locator('fieldset[data-step="1"]').getByRole('button', { name: 'Next' }).click();

  const question = page.getByLabel('Question');
  await question.waitFor();
  await page.locator('#security_question_id option[value="2"]').waitFor({ state: 'attached' });
  await question.selectOption('2');
  await page.getByLabel('Answer').fill(who.answer);
  await page.locator('fieldset[data-step="2"]').getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: photo });
  // The preview shows the chosen picture before anything is sent.
  await page.locator('#avatar-preview').waitFor({ state: 'visible' });
  assert.ok(await page.locator('#avatar-preview').evaluate((img) => img.complete && img.naturalWidth === 400));
  await page.getByRole('button', { name: 'Create account' }).click();
}

function newCustomer() {
  const username = unique('web');
  return { name: 'Kavya Iyer', username, email: `${username}@example.com`, phone: phone(),
    password: 'Matinee#2026', answer: 'Chennai' };
}

async function photoOnProfile(page) {
  const img = page.locator('#avatar-img');
  await img.waitFor({ state: 'visible' });
  await page.waitForFunction(() => {
    const i = document.getElementById('avatar-img');
    return i.complete && i.naturalWidth > 0;
  });
  return img.evaluate((i) => ({ w: i.naturalWidth, h: i.naturalHeight, src: i.getAttribute('src') }));
}

async function logOut(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' }).waitFor();
}

test('a new customer signs up with a photo, sees it, logs out, resets the password and logs in', (t) => withPage(t, async (page) => {
  const who = newCustomer();
  await signUp(page, who);

  // Logged in and on the shows with a welcome; the profile has the photo the server made:
  // 320×320 from the signed URL.
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByText(`Welcome to SkyFox Cinema, ${who.name}!`).waitFor();
  await page.goto('/profile.html');
  const photo = await photoOnProfile(page);
  assert.deepEqual([photo.w, photo.h], [320, 320]);
  assert.match(photo.src, /^\/api\/avatars\/[0-9a-f]{32}\.jpg\?expires=\d+&sig=/);
  assert.equal(await page.locator('[data-fact="username"]').textContent(), who.username);
  assert.equal(await page.locator('#email').inputValue(), who.email);
  // A customer proves changes with the security answer, not a password.
  assert.equal(await page.locator('#details-answer').isVisible(), true);
  assert.equal(await page.locator('#details-password').isVisible(), false);
  assert.match(await page.locator('#nav').textContent(), /Kavya Iyer/);

  await logOut(page);
  assert.equal(new URL(page.url()).pathname, '/');

  // Forgot the password: email → question → new password.
  await page.goto('/login.html');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('The email of your account').fill(who.email);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('In which city were you born?').fill('  chennai ');
  await page.locator('#answer-form').getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('New password', { exact: true }).fill('Trailer#2027');
  await page.getByLabel('New password again').fill('Trailer#2027');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.waitForURL('**/login.html?reset=1');
  await page.getByText('Your password was changed').waitFor();

  await login(page, who.username, 'Trailer#2027');
  await page.goto('/profile.html');
  assert.deepEqual(Object.values(await photoOnProfile(page)).slice(0, 2), [320, 320]);
  assertNoConsoleErrors(page);
}));

test('logging in and out, and a wrong password said plainly', (t) => withPage(t, async (page) => {
  await page.goto('/login.html');
  await page.fill('#username', 'customer');
  await page.fill('#password', 'not-my-password');
  await page.press('#password', 'Enter');
  const error = page.locator('.notice.error');
  await error.waitFor();
  // A sentence, with the request id apart from it in the Details line.
  assert.equal(await error.locator('.error-message').textContent(), 'Wrong username or password.');
  assert.match(await error.locator('.error-details').textContent(), /request id [\w-]+/);
  assert.equal(await page.locator('#password').inputValue(), '');

  await login(page, 'customer', 'Customer#2026');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Profile' }).waitFor();
  assert.match(await nav.textContent(), /Chitra Customer/);
  // The session cookie is HttpOnly: the page's script cannot read it.
  assert.equal(await page.evaluate(() => document.cookie.includes('sf_session')), false);
  await logOut(page);
  // Logged out on the server too: the profile now sends us to log in.
  await page.goto('/profile.html');
  await page.waitForURL('**/login.html?next=/profile.html');
  // The wrong password's POST was answered 401: the one failed load this test expects.
  assertNoConsoleErrors(page, [{ status: '401', url: `${BASE}/api/session` }]);
}));

test('a quick visitor cannot submit the login form before its script is ready', (t) => withPage(t, async (page) => {
  // Who-am-I answers slowly (a busy server): the form must already be handled by then,
  // never submitted natively (which would put the password in a URL).
  await page.route('**/api/session', async (route) => {
    if (route.request().method() === 'GET') await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await login(page, 'customer', 'Customer#2026');
  assert.equal(requests.some((u) => u.includes('password=')), false);
  assertNoConsoleErrors(page);
}));

test('a customer changes the password on the profile page', (t) => withPage(t, async (page) => {
  const who = newCustomer();
  await signUp(page, who);
  await page.waitForURL((url) => url.pathname === '/');
  await page.goto('/profile.html');
  await page.locator('[data-fact="username"]').waitFor();

  await page.getByLabel('Current password').fill(who.password);
  await page.getByLabel('New password', { exact: true }).fill(who.password);
  await page.getByLabel('New password again').fill(who.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('.notice.error').waitFor();
  // Under the field (below its Show button), linked to it, as a sentence.
  const described = (await page.locator('#new_password').getAttribute('aria-describedby')).split(' ').at(-1);
  assert.match(await page.locator(`.with-button:has(#new_password) + #${described}.field-error`).textContent(), /^Was used recently/);

  await page.getByLabel('Current password').fill(who.password);
  await page.getByLabel('New password', { exact: true }).fill('Popcorn#Time9');
  await page.getByLabel('New password again').fill('Popcorn#Time9');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Your password was changed').waitFor();

  // Still logged in here, and the details form still saves (new CSRF token in place).
  await page.getByLabel('Full name').fill('Kavya R Iyer');
  await page.locator('#details-answer').fill('Chennai');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.getByText('Your details were saved.').waitFor();

  await logOut(page);
  await login(page, who.username, 'Popcorn#Time9');
  assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/users/me/password` }]);
}));

test('sign-up shows the server\'s answer on the step that holds the field', (t) => withPage(t, async (page) => {
  const who = { ...newCustomer(), username: 'customer' };   // taken by the demo customer
  await signUp(page, who);
  const error = page.locator('.notice.error');
  await error.waitFor();
  assert.match(await error.textContent(), /username is taken/i);
  // Back on step 1, with the username marked.
  await page.locator('fieldset[data-step="1"]').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#username').getAttribute('aria-invalid'), 'true');
  assertNoConsoleErrors(page, [{ status: '409', url: `${BASE}/api/users` }]);
}));

test('sign-up checks each step before moving on', (t) => withPage(t, async (page) => {
  await page.goto('/signup.html');
  await page.getByLabel('Username').fill('9lives');
  await page.getByLabel('Password').fill('short');
  await page.locator('fieldset[data-step="1"]').getByRole('button', { name: 'Next' }).click();
  assert.equal(await page.locator('fieldset[data-step="1"]').isVisible(), true);
  for (const id of ['name', 'username', 'email', 'phone', 'password']) {
    assert.equal(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'true', id);
  }
  assertNoConsoleErrors(page);
}));

test('the admin creates a staff account on the staff page', (t) => withPage(t, async (page) => {
  const username = unique('desk');
  await login(page, 'admin', 'Admin#2026');
  await page.goto('/admin/staff.html');
  await page.locator('#staff-table tr[data-username="staff"]').waitFor();
  await page.getByLabel('Full name').fill('Dev Counter');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('Counter#2026');
  await page.getByLabel('Role').selectOption('staff');
  await page.getByLabel('Counter number').fill('7');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText(`Created staff account ${username}.`).waitFor();
  const row = page.locator(`#staff-table tr[data-username="${username}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /Dev Counter.*staff.*7/);

  await logOut(page);
  await login(page, username, 'Counter#2026');
  await page.goto('/profile.html');
  await page.locator('[data-fact="counter"]').waitFor();
  assert.equal(await page.locator('[data-fact="counter"]').textContent(), '7');
  assert.equal(await page.locator('#avatar-img').isVisible(), false);
  assertNoConsoleErrors(page);
}));

test('the staff page is only for admins', (t) => withPage(t, async (page) => {
  await login(page, 'staff', 'Staff#2026');
  await page.goto('/admin/staff.html');
  await page.getByText('Only an admin can manage staff accounts.').waitFor();
  assert.equal(await page.locator('#staff-form').isVisible(), false);
  assertNoConsoleErrors(page);
}));
