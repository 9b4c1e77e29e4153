import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test, type ExpectStatic } from 'vitest';
import { formatViolations, scanPage } from './support/axe';
import { launchBrowser, newContextFor } from './support/browser';
import { checkEveryErrorState } from './support/error-states';
import { CRAWL_ROLES, checkEveryPage, type CrawlRole, type CrawledPage } from './support/pages';
import { installProbeIn } from './support/probe';

// What a reader asks of the page through their system settings, on one page of each kind the axe
// crawl reaches (each person's, in English: the same template again moves and draws the same way)
// and in every form's error state:
// - prefers-reduced-motion: reduce: nothing animates or transitions for longer than 0.01 s (running
//   animations, and every element's computed durations), and nothing scrolls smoothly;
// - forced-colors: active (Windows high contrast): every control still shows a focus indicator
//   (box-shadows are dropped in forced colours, so an outline it must be), buttons, fields and the
//   face tiles keep a visible border, the charts' and faces' shapes are drawn in a colour that shows
//   on the background, and axe still passes.

/** A crawl of each kind of page, each page checked two ways, beside four others. */
const TIMEOUT = 600_000;
const BOTH: BrowserContextOptions = { reducedMotion: 'reduce', forcedColors: 'active' };

let browser: Browser;
const totals = { reducedPages: 0, forcedPages: 0, forcedScans: 0, errorStates: 0 };

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	console.log(
		`media: ${totals.reducedPages} pages with reduced motion, ${totals.forcedPages} in forced colours (${totals.forcedScans} of them through axe), ${totals.errorStates} error states each way`
	);
});

async function pageFor(role: CrawlRole, options: BrowserContextOptions): Promise<Page> {
	const context = await newContextFor(browser, role, 'en-GB', options);
	await installProbeIn(context);
	return context.newPage();
}

async function checkMotion(page: Page, where: string, expect: ExpectStatic): Promise<void> {
	const moving = await page.evaluate(() => window.__probe.motion());
	expect.soft(moving, `${where}: motion with prefers-reduced-motion: reduce\n  ${moving.join('\n  ')}`).toEqual([]);
}

/** Focus and boundaries in forced colours; axe too when `scan`. */
async function checkForcedColours(page: Page, where: string, expect: ExpectStatic, scan: boolean): Promise<void> {
	const matches = await page.evaluate(() => matchMedia('(forced-colors: active)').matches);
	expect(matches, `${where}: the page is in forced colours`).toBe(true);
	const boundaries = await page.evaluate(() => window.__probe.forcedColourProblems());
	expect.soft(boundaries, `${where}: in forced colours\n  ${boundaries.join('\n  ')}`).toEqual([]);
	// How each control looks unfocused, then one press of Tab (so focus shows as it moves), then each in turn.
	await page.evaluate(() => window.__probe.startTabbing());
	await page.keyboard.press('Tab');
	const unfocusable = await page.evaluate(() => window.__probe.focusEach());
	const lines = unfocusable.map(({ what, indicator }) => `${what}: ${indicator}`);
	expect.soft(lines, `${where}: focus in forced colours\n  ${lines.join('\n  ')}`).toEqual([]);
	if (scan) {
		await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		const violations = await scanPage(page);
		expect.soft(violations, formatViolations(violations, `${where} in forced colours`)).toEqual([]);
		totals.forcedScans += 1;
	}
}

// Both settings at once, as some readers have them: one crawl, each page checked both ways.
describe('prefers-reduced-motion: reduce and forced-colors: active', () => {
	test.concurrent.for(CRAWL_ROLES)('one page of each kind as %s', { timeout: TIMEOUT }, async (role, { expect }) => {
		const check = async (page: Page, { where }: CrawledPage) => {
			await checkMotion(page, where, expect);
			totals.reducedPages += 1;
			await checkForcedColours(page, where, expect, true);
			totals.forcedPages += 1;
		};
		await checkEveryPage(() => pageFor(role, BOTH), role, 'en-GB', expect, check, { oneOfEach: true });
	});

	test('every form’s error state', { timeout: TIMEOUT }, async ({ expect }) => {
		await checkEveryErrorState(
			(role) => pageFor(role, BOTH),
			'en-GB',
			async (page, where) => {
				await checkMotion(page, where, expect);
				await checkForcedColours(page, where, expect, true);
				totals.errorStates += 1;
			}
		);
	});
});
