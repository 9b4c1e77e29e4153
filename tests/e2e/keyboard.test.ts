import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test, type ExpectStatic } from 'vitest';
import { launchBrowser, newContextFor } from './support/browser';
import { checkEveryErrorState } from './support/error-states';
import type { Locale } from './support/i18n';
import { CRAWL_ROLES, checkEachKindOnce, checkEveryPage, type CrawlRole, type CrawledPage } from './support/pages';
import { installProbeIn, tabFromTop, tabStartDone } from './support/probe';
import { checkTargets } from './support/targets';

// The keyboard alone, on one page of each kind the axe crawl reaches (each person's, in English;
// in Urdu, right to left, each kind once, as the first person who reaches it: the same template
// again has the same controls in the same order) and in every form's error state: Tab from the top
// of the page to its end. The skip link comes first; every visible, enabled control (links, buttons, fields,
// summaries, anything with tabindex 0) is reached exactly once, in document order (no tabindex
// above 0); each shows a focus indicator (an outline or box-shadow it does not have unfocused);
// and once the browser has scrolled it into view, nothing covers it: not the sticky quick exit,
// not anything else (elementFromPoint at its centre is the control). While each page is open, its
// pointer targets are measured too (support/targets.ts: at least 24 × 24 px, WCAG 2.5.8).

const TIMEOUT = 450_000;

let browser: Browser;
const totals = { pages: 0, stops: 0, errorStates: 0 };

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	console.log(
		`keyboard: tabbed through ${totals.pages} pages and ${totals.errorStates} error states, ${totals.stops} focus stops in all; each page's targets measured at 320 × 640 and 1280 × 800`
	);
});

/** A page as `role` in `locale`, with the probe in it. */
async function pageFor(role: CrawlRole, locale: Locale): Promise<Page> {
	const context = await newContextFor(browser, role, locale);
	await installProbeIn(context);
	return context.newPage();
}

/**
 * Presses Tab from the top of the page until focus leaves it, and checks every stop. A fresh load
 * starts at the top by itself; a page left in a state (an error summary with focus) is moved there.
 */
async function tabThrough(page: Page, where: string, expect: ExpectStatic, options: { fromTop?: boolean } = {}): Promise<void> {
	if (options.fromTop) await tabFromTop(page);
	const start = await page.evaluate(() => window.__probe.startTabbing());
	expect.soft(start.positiveTabindex, `${where}: tabindex above 0 takes focus out of document order`).toEqual([]);
	expect.soft(start.controls.length, `${where}: controls to tab to`).toBeGreaterThan(0);

	const problems: string[] = [];
	const reached = new Set<number>();
	let last = -1;
	let previous = -1;
	let left = false;
	// Date and time fields take a few presses each (day, month, year, their picker button).
	const presses = start.controls.length * 5 + 10;
	for (let press = 0; press < presses; press++) {
		await page.keyboard.press('Tab');
		if (options.fromTop && press === 0) await tabStartDone(page);
		const stop = await page.evaluate(() => window.__probe.focusStop());
		if (stop.done) {
			left = true;
			break;
		}
		totals.stops += 1;
		// Round again from the top: the browser has no UI of its own to go to.
		if (stop.index === 0 && reached.has(0)) {
			left = true;
			break;
		}
		if (press === 0 && !stop.what.startsWith('<a.skip-link')) problems.push(`the first Tab reaches ${stop.what}, not the skip link`);
		if (stop.index === -1 && !stop.scroller) problems.push(`Tab ${press + 1} reaches ${stop.what}, which is not a visible, enabled control`);
		// The parts of a date or time field, one after another, are that one field.
		if (stop.index !== -1 && stop.index !== previous) {
			if (reached.has(stop.index)) problems.push(`Tab ${press + 1} reaches ${stop.what} a second time`);
			else if (stop.index < last) problems.push(`Tab ${press + 1} reaches ${stop.what} after ${start.controls[last]}: not in document order`);
			reached.add(stop.index);
			last = Math.max(last, stop.index);
		}
		previous = stop.index;
		if (stop.indicator) problems.push(`${stop.what}: ${stop.indicator}`);
		if (stop.obscured) problems.push(`${stop.what}: ${stop.obscured}`);
	}
	if (!left) problems.push(`focus never left the page after ${presses} presses of Tab`);
	const missed = start.controls.filter((_, i) => !reached.has(i));
	for (const what of missed) problems.push(`Tab never reaches ${what}`);
	expect.soft(problems, `${where}:\n  ${problems.join('\n  ')}`).toEqual([]);
}

/** What each person's crawl in English reached: Urdu opens one page of each kind. */
const reachedInEnglish = new Map<CrawlRole, string[]>();

async function tabThroughPage(page: Page, { where }: CrawledPage, expect: ExpectStatic): Promise<void> {
	await tabThrough(page, where, expect);
	await checkTargets(page, where, expect);
	totals.pages += 1;
}

describe('Tab through one page of each kind each person reaches, in English', () => {
	test.concurrent.for(CRAWL_ROLES)('as %s', { timeout: TIMEOUT }, async (role, { expect }) => {
		const reached = await checkEveryPage(() => pageFor(role, 'en-GB'), role, 'en-GB', expect, (page, crawled) => tabThroughPage(page, crawled, expect), {
			oneOfEach: true
		});
		reachedInEnglish.set(role, reached);
	});
});

describe('Tab through one page of each kind anyone reaches, in Urdu (right to left)', () => {
	test('as the first person who reaches it', { timeout: TIMEOUT }, async ({ expect }) => {
		await checkEachKindOnce((role) => pageFor(role, 'ur'), reachedInEnglish, 'ur', expect, (page, crawled) => tabThroughPage(page, crawled, expect));
	});
});

describe('Tab through every form’s error state', () => {
	test.concurrent.for(['en-GB', 'ur'] as const)('in %s', { timeout: TIMEOUT }, async (locale, { expect }) => {
		await checkEveryErrorState(
			(role) => pageFor(role, locale),
			locale,
			async (page, where) => {
				await tabThrough(page, where, expect, { fromTop: true });
				await checkTargets(page, where, expect);
				totals.errorStates += 1;
			}
		);
	});
});
