import type { Page, Request } from 'playwright-core';
import { describe, inject, test, type ExpectStatic } from 'vitest';
import type { Role } from './support/accounts';
import { browserForFile } from './support/browser';
import type { Locale } from './support/i18n';
import { hydrated, shownContent } from './support/pages';

// The browser downloads only the namespaces a page uses (src/lib/i18n/route-namespaces.ts), and
// loads the next page's as people move on without a new page load. Each step here is one of
// those moves, by clicking a link, into pages whose words come from other namespaces: what the
// page then shows must be what the server writes for the same address, in the person's language,
// with no key in place of words (and support/setup.ts fails the file if any page asked for a
// namespace it had not loaded).

const demo = inject('demo');
const A = demo.familyA;
const { context } = browserForFile();

interface Journey {
	role: Role;
	locale: Locale;
	start: string;
	/** Links to follow, one after another, each a CSS selector for an <a>. */
	clicks: string[];
}

const JOURNEYS: Journey[] = [
	// A worker: their list (worker texts), a family's home (family, services, views), the plan, a goal.
	{ role: 'jo', locale: 'cy', start: '/my-families', clicks: [`main a[href="/family/${A}"]`, `main a[href="/family/${A}/plan"]`, `main a[href^="/family/${A}/plan/goals/"]`] },
	// A parent reading right to left: home, the plan, then the plan's history.
	{ role: 'amira', locale: 'ur', start: `/family/${A}`, clicks: [`main a[href="/family/${A}/plan"]`, `main a[href="/family/${A}/plan/history"]`] }
];

/** Follows a link without a page load (SvelteKit's router), and says if one happened after all. */
async function clickThrough(page: Page, selector: string, expect: ExpectStatic): Promise<string> {
	const link = page.locator(selector).first();
	const href = await link.getAttribute('href');
	if (!href) throw new Error(`e2e: no link ${selector} on ${page.url()}`);
	let loads = 0;
	const count = (request: Request) => {
		if (request.isNavigationRequest() && request.frame() === page.mainFrame()) loads++;
	};
	page.on('request', count);
	try {
		await link.click();
		await page.waitForURL((url) => url.pathname === href);
		await page.waitForLoadState('networkidle');
	} finally {
		page.off('request', count);
	}
	expect(loads, `${href} opened without a new page load`).toBe(0);
	return href;
}

describe('moving between pages in the browser', () => {
	test.concurrent.for(JOURNEYS)('$role in $locale from $start', async ({ role, locale, start, clicks }, { expect }) => {
		const scripted = await (await context(role, locale)).newPage();
		const plain = await (await context(role, locale, { javaScriptEnabled: false })).newPage();
		await scripted.goto(start);
		await hydrated(scripted);
		for (const selector of clicks) {
			const href = await clickThrough(scripted, selector, expect);
			await plain.goto(href);
			const moved = await shownContent(scripted);
			const written = await shownContent(plain);
			expect(moved.h1, `${href}: its <h1>`).toEqual(written.h1);
			expect(moved.main, `${href}: its main content`).toBe(written.main);
		}
		await scripted.close();
		await plain.close();
	});
});
