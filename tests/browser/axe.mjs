// axe.mjs — accessibility checks with axe-core (from npm, pinned in package.json) in the real
// page: assertAxeClean(page) fails with every WCAG A/AA and best-practice violation axe finds,
// naming the rule and the elements. axe is put in the page through the DevTools protocol
// (page.evaluate), which the site's Content-Security-Policy (no inline script) does not apply to.
//
// { every: true } runs every rule axe-core has, at every impact, except two kinds: rules axe
// marks deprecated (duplicate-id and friends: HTML parsing no longer makes them faults) and
// WCAG AAA-only rules (7:1 contrast, identical link purpose, no meta refresh at all), which
// the site does not claim. So on top of the default set it adds WCAG 2.2 (target-size), the
// experimental rules (p-as-heading, td-has-header, table-fake-caption, focus-order-semantics,
// css-orientation-lock, …) and the few rules axe leaves off by default. Issue 14: zero
// violations "of any impact".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { settled } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const DEFAULT_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** The ids of every rule { every: true } runs (axe-core's own list, read in Node). */
export const EVERY_RULE = require('axe-core').getRules()
  .filter((r) => !r.tags.includes('deprecated') && !r.tags.includes('wcag2aaa'))
  .map((r) => r.ruleId);

/**
 * axe's violations on the page as it is now: [{ id, impact, help, targets: ['css selector', …] }].
 * every: run EVERY_RULE rather than the WCAG A/AA + best-practice tags; include: a CSS selector
 * to check only that part of the page (default: all of it).
 */
export async function axeViolations(page, { every = false, include = null } = {}) {
  // A page just resized or scrolled may still be switching layout (the nav folds into its
  // menu on a matchMedia change): axe reading colours mid-switch saw a menu link on the
  // page's light background. Check the page as it stands still.
  await settled(page);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const runOnly = every ? { type: 'rule', values: EVERY_RULE } : { type: 'tag', values: DEFAULT_TAGS };
  return page.evaluate(async ([only, within]) => {
    const result = await window.axe.run(within ? { include: [within] } : document, { runOnly: only, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, [runOnly, include]);
}

/** One line per violated rule: "id (impact): help — selector, selector". */
export const describe = (violations) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);

export async function assertAxeClean(page, options = {}) {
  const lines = describe(await axeViolations(page, options));
  assert.deepEqual(lines, [], `axe-core on ${page.url()}:\n${lines.join('\n')}`);
}
