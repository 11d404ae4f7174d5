// axe.mjs — accessibility checks with axe-core (from npm, pinned in package.json) in the real
// page: assertAxeClean(page) fails with every WCAG A/AA violation axe finds, naming the rule
// and the elements. axe is put in the page through the DevTools protocol (page.evaluate),
// which the site's Content-Security-Policy (no inline script) does not apply to.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function assertAxeClean(page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe-core on ${page.url()}:\n${violations.join('\n')}`);
}
