// axe-core (from npm, run inside the page) for the accessibility checks of issue 15 item 14. Injected with
// page.evaluate, which the page's Content-Security-Policy does not apply to, so the app's own CSP stays as shipped.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Every axe violation on the page once it has settled, one line each ("rule: what (selector)"); empty when there are
 * none. Settled: the finite animations and transitions running now have ended, since an element caught fading in
 * (the fleet page's new room tiles) is measured at part of its opacity and fails the contrast rule.
 */
export async function axeViolations(page) {
  await page.evaluate(() => Promise.all(document.getAnimations()
    .filter(animation => animation.effect?.getComputedTiming().iterations !== Infinity)
    .map(animation => animation.finished.catch(() => {}))));
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
  return violations.flatMap(v => v.nodes.map(node => `${v.id}: ${v.help} (${node})`));
}
