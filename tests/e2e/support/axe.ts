import { AxeBuilder } from '@axe-core/playwright';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** WCAG 2.2 AA (with the 2.0 and 2.1 levels under it) plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export type Violation = Result;

/** Runs axe on the page as it stands (after any navigation or submit has settled). */
export async function scanPage(page: Page): Promise<Violation[]> {
	// Legacy mode runs axe in the page itself instead of finishing in a new blank page each time,
	// which halves the cost of a scan. It only loses cross-origin iframes, and the portal has none.
	const results: AxeResults = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
	return results.violations;
}

/** One readable block per rule: id, impact, what it means, and the selectors of each failing node. */
export function formatViolations(violations: readonly Violation[], where = ''): string {
	if (violations.length === 0) return `${where}: no accessibility violations`;
	const count = violations.reduce((sum, v) => sum + v.nodes.length, 0);
	const lines = [`${where}: ${violations.length} accessibility rule(s) violated on ${count} element(s)`];
	for (const v of violations) {
		lines.push(`  • ${v.id} [${v.impact ?? 'unknown impact'}] ${v.help}`);
		lines.push(`    ${v.helpUrl}`);
		for (const node of v.nodes.slice(0, 10)) {
			lines.push(`    - ${node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' | ')}`);
			if (node.failureSummary) lines.push(`      ${node.failureSummary.replace(/\n\s*/g, ' ')}`);
		}
		if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
	}
	return lines.join('\n');
}
