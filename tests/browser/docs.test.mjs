// The API reference page renders the generated OpenAPI description, and the description
// matches the CGIs' route tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
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

// DESIGN §8: the document is kept true by a test. Every route in every CGI's route table
// (cgi-bin/<resource>.c: { "METHOD", "/pattern", roles, handler }) is documented, and the
// document names no route that does not exist. (errors.cgi only renders Apache's errors.)
test('every route of every CGI is in the OpenAPI document, and it documents no other', () => {
  const root = new URL('../../', import.meta.url);
  const doc = JSON.parse(readFileSync(new URL('htdocs/docs/openapi.json', root), 'utf8'));
  const shape = (path) => path.replace(/\{[^}]+\}/g, '{}');
  const documented = new Set();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const m of Object.keys(ops)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(m)) documented.add(`${m.toUpperCase()} ${shape(path)}`);
    }
  }
  const routed = new Set();
  for (const file of readdirSync(new URL('cgi-bin/', root))) {
    if (!file.endsWith('.c') || file === 'errors.c') continue;
    const src = readFileSync(new URL(`cgi-bin/${file}`, root), 'utf8');
    const found = [...src.matchAll(/\{\s*"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]*)"/g)];
    assert.ok(found.length > 0, `no route table found in cgi-bin/${file}`);
    for (const [, method, pattern] of found) {
      const rest = pattern === '/' ? '' : pattern.replace(/:[a-z_]+/g, '{}');
      routed.add(`${method} /api/${file.slice(0, -2)}${rest}`);
    }
  }
  assert.deepEqual([...routed].filter((r) => !documented.has(r)).sort(), [], 'routes missing from openapi.json');
  assert.deepEqual([...documented].filter((d) => !routed.has(d)).sort(), [], 'documented routes no CGI serves');
});
