// The admin manages staff accounts on the staff page (issue 15 item 8): a staff account made
// for the test (never the demo "staff", which other tests use) is deactivated after a dialog
// that names the person — its session ends at once and the row says Disabled — then
// reactivated, then given a new password in a dialog (a weak one and a recently used one are
// marked on the field first); the staff member logs in with it, and once deactivated again the
// login page says why. axe-clean at 375 and 1366 (every rule, where axe.mjs has { every }) with
// each dialog open and with the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { assertAxeClean } from './axe.mjs';
import { BASE, assertNoConsoleErrors, login, withPage } from './harness.mjs';
import { call, token } from './site.mjs';

const SHOTS = '/tmp/skyfox-staff-manage';
const unique = (p) => `${p}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function noSidewaysScroll(page, w) {
  const sw = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(sw <= w, `the staff page scrolls sideways at ${w} (${sw} px)`);
}

for (const [w, h] of [[375, 812], [1366, 900]]) {
  test(`at ${w}px the admin deactivates, reactivates and sets a password for a staff account`, (t) => withPage(t, async (page) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: w, height: h });
    const admin = await token('admin');
    const username = unique('leave');
    const name = 'Ravi Menon';
    const person = `${name} (${username})`;
    await call('POST', '/api/users', { role: 'staff', username, name, password: 'Counter#2026', counter_no: 9 }, admin);
    const staffToken = (await call('POST', '/api/session', { username, password: 'Counter#2026' })).token;

    await login(page, 'admin', 'Admin#2026');
    await page.goto('/admin/staff.html');
    const row = page.locator(`#staff-table tr[data-username="${username}"]`);
    await row.waitFor();
    assert.equal((await row.locator('td[data-label="Status"]').innerText()).trim(), 'Active');
    // Admins (the one logged in included) are listed but offer no buttons.
    await page.locator('#staff-table tr[data-username="admin"]', { hasText: 'This is you' }).waitFor();
    assert.equal(await page.locator('#staff-table tr[data-username="admin"] button').count(), 0);
    await noSidewaysScroll(page, w);

    // Deactivate: the dialog names the person and says what happens; the safe answer has focus.
    await row.getByRole('button', { name: `Deactivate ${person}` }).click();
    const dialog = page.locator('#deactivate-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await dialog.locator('h2').textContent(), `Deactivate ${person}?`);
    assert.match(await dialog.textContent(), /logged out at once/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'deactivate-no');
    await assertAxeClean(page, { every: true });
    await page.screenshot({ path: `${SHOTS}/deactivate-dialog-${w}.png` });
    await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.locator('.badge.account-disabled', { hasText: 'Disabled' }).waitFor();
    await page.locator('#staff-notice.success', { hasText: `${person} is deactivated` }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'active');
    assert.match(await page.evaluate(() => document.activeElement.textContent), /^Reactivate/);
    // Its session ended at once.
    const res = await fetch(`${BASE}/api/session`, { headers: { Authorization: `Bearer ${staffToken}` } });
    assert.equal(res.status, 403);
    assert.equal((await res.json()).error.code, 'ACCOUNT_DISABLED');
    await assertAxeClean(page, { every: true });
    await noSidewaysScroll(page, w);
    await page.screenshot({ path: `${SHOTS}/disabled-${w}.png`, fullPage: true });

    // Reactivate: no question asked; the row is Active again.
    await row.getByRole('button', { name: `Reactivate ${person}` }).click();
    await row.locator('.badge.account-active', { hasText: 'Active' }).waitFor();
    await page.locator('#staff-notice.success', { hasText: `${person} can log in again` }).waitFor();

    // Set password: too weak (the page's check), then the one it has (the server's history).
    await row.getByRole('button', { name: `Set password… ${person}` }).click();
    const pw = page.locator('#password-dialog');
    await pw.waitFor({ state: 'visible' });
    assert.equal(await pw.locator('h2').textContent(), `Set a new password for ${person}`);
    const field = pw.getByLabel('New password');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'staff-new-password');
    await field.fill('weak');
    await pw.getByRole('button', { name: 'Set password' }).click();
    await pw.locator('#staff-new-password[aria-invalid="true"]').waitFor();
    assert.match(await pw.locator('.field-error').textContent(), /at least 8 characters/);
    await field.fill('Counter#2026');
    await pw.getByRole('button', { name: 'Set password' }).click();
    await pw.locator('.field-error', { hasText: /used recently/ }).waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await pw.getByRole('button', { name: 'Show password' }).click();
    assert.equal(await field.getAttribute('type'), 'text');
    await assertAxeClean(page, { every: true });
    await page.screenshot({ path: `${SHOTS}/password-dialog-${w}.png` });
    await field.fill('Fresh#Start26');
    await pw.getByRole('button', { name: 'Set password' }).click();
    await pw.waitFor({ state: 'hidden' });
    await page.locator('#staff-notice.success', { hasText: `New password set for ${person}` }).waitFor();
    assert.equal(await page.locator('#staff-new-password').count(), 0, 'the typed password left with the dialog');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'password');
    await assertAxeClean(page, { every: true });
    await page.screenshot({ path: `${SHOTS}/password-set-${w}.png`, fullPage: true });
    assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/staff/${username}/password` }]);

    // The staff member logs in with the new password.
    await page.context().clearCookies();
    await login(page, username, 'Fresh#Start26');
    const me = await page.request.get('/api/session');
    assert.equal((await me.json()).data.user.username, username);

    // Deactivated again, the login page says why.
    await call('PATCH', `/api/staff/${username}`, { active: false }, admin);
    await page.context().clearCookies();
    await page.goto('/login.html');
    await page.fill('#username', username);
    await page.fill('#password', 'Fresh#Start26');
    await page.press('#password', 'Enter');
    await page.locator('.notice.error', { hasText: 'This account has been deactivated; ask an admin.' }).waitFor();
    assertNoConsoleErrors(page, [{ status: '422', url: `${BASE}/api/staff/${username}/password` },
      { status: '403', url: `${BASE}/api/session` }]);
  }));
}
