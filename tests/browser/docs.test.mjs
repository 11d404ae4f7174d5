// The API reference page renders the generated OpenAPI description, and the description
// matches the CGIs' route tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  // The published files of DESIGN §12 are Apache's, not a CGI's: served by apache.conf's
  // Alias /live/ (and its .htaccess twin), so those two and no other paths are documented there.
  const live = [...documented].filter((d) => d.startsWith('GET /live/'));
  assert.deepEqual(live.sort(), ['GET /live/seats/{}.json', 'GET /live/shows/{}.json']);
  assert.match(readFileSync(new URL('apache.conf', root), 'utf8'), /^\s*Alias \/live\/ /m);
  assert.deepEqual([...documented].filter((d) => !routed.has(d) && !live.includes(d)).sort(), [],
    'documented routes no CGI serves');
});

// Issue 12 §10: a document a generator can use.  Every operation has an operationId (unique),
// and @redocly/cli's recommended rules find no error and no warning.  Run offline: no
// telemetry, no update check (tests talk only to 127.0.0.1).
test('the OpenAPI document lints clean with @redocly/cli, every operation named', () => {
  const root = new URL('../../', import.meta.url);
  const file = fileURLToPath(new URL('htdocs/docs/openapi.json', root));
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const ids = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(m)) continue;
      assert.ok(op.operationId, `${m.toUpperCase()} ${path} has no operationId`);
      ids.push(op.operationId);
      if (op.requestBody) {
        for (const code of ['413', '415']) assert.ok(op.responses[code], `${m.toUpperCase()} ${path} lacks ${code}`);
      }
    }
  }
  assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  const bin = fileURLToPath(new URL('node_modules/.bin/redocly', import.meta.url));
  const run = spawnSync(bin, ['lint', file, '--format=json'], {
    encoding: 'utf8', timeout: 120000,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
  });
  assert.equal(run.error, undefined, String(run.error));
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
  const problems = (report.problems || []).map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
  assert.deepEqual(problems, [], 'redocly lint problems');
  assert.equal(run.status, 0, run.stderr);
});
