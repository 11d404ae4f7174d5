// The API reference page renders the generated OpenAPI description.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoConsoleErrors, withPage } from './harness.mjs';

test('API reference lists GET /api/health with its responses', (t) => withPage(t, async (page) => {
  await page.goto('/docs/');
  // Either the reference is rendered or the page says why not: fail with its words at once.
  await page.locator('#docs[data-ready], #docs-status.notice.error').first().waitFor();
  const problem = page.locator('#docs-status.notice.error');
  if (await problem.count()) assert.fail(await problem.textContent());
  const health = page.locator('[data-op="GET /api/health"]');
  await health.waitFor();
  assert.match(await health.locator('.docs-path').textContent(), /^\/api\/health$/);
  assert.match(await health.textContent(), /Responses[\s\S]*200/);
  assert.match(await page.title(), /reference/);
  assertNoConsoleErrors(page);
}));
