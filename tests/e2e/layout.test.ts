import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Role } from './support/accounts';
import { launchBrowser, newContextFor } from './support/browser';
import { LOCALE_CODES, type Locale } from './support/i18n';

// Readable on a small old phone and with large text: no page scrolls sideways at 320 px wide,
// with the browser's text at 100 % or at 200 %. And the Content Security Policy never blocks
// anything the portal itself does, including SvelteKit's client-side navigation.

const demo = inject('demo');

const PAGES: Array<{ role: Role; path: string }> = [
	{ role: 'anonymous', path: '/' },
	{ role: 'anonymous', path: '/sign-in' },
	{ role: 'anonymous', path: '/invite' },
	{ role: 'anonymous', path: '/help' },
	{ role: 'amira', path: '/' },
	{ role: 'leo', path: '/' },
	// A young person's views, on the phone they are most likely written on: the list, the form
	// with its face tiles, and a thread with the choice of who sees it.
	{ role: 'leo', path: '/my-views' },
	{ role: 'leo', path: `/family/${demo.familyA}/views/new` },
	{ role: 'leo', path: `/family/${demo.familyA}/views/${demo.leoWorkerOnly}` },
	{ role: 'jo', path: '/' },
	// A manager's home: their service's dashboard, with the ratings over time drawn and tabled.
	{ role: 'morgan', path: '/' },
	{ role: 'admin', path: '/admin/workers' },
	{ role: 'admin', path: '/admin/families' },
	// Find support: the search with its filters, a service's page (with and without figures),
	// rating it with the face tiles, what families said with the reply forms, and "You said, we did".
	{ role: 'anonymous', path: '/services' },
	{ role: 'anonymous', path: '/services?q=money&kind=advice&age=30&language=pl' },
	{ role: 'anonymous', path: `/services/${demo.familySupportService}` },
	{ role: 'anonymous', path: `/services/${demo.debtAdviceService}` },
	{ role: 'anonymous', path: `/services/${demo.familySupportService}/you-said-we-did` },
	{ role: 'amira', path: `/services/${demo.familySupportService}/rate` },
	{ role: 'amira', path: `/services/${demo.familySupportService}/feedback` },
	{ role: 'leo', path: `/services/${demo.schoolNursingService}/rate` },
	{ role: 'jo', path: `/services/${demo.familySupportService}/feedback?show=waiting` },
	{ role: 'jo', path: `/services/${demo.familySupportService}/you-said-we-did` },
	{ role: 'admin', path: `/service/${demo.schoolNursingService}` },
	{ role: 'admin', path: '/admin/directory' }
];

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

/** How far the page reaches past the viewport's width, in CSS pixels (0 when it fits). */
async function overflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe.each(LOCALE_CODES)('at 320 px in %s', (locale: Locale) => {
	it('no page scrolls sideways, at normal and at 200 % text size', async () => {
		const problems: string[] = [];
		for (const { role, path } of PAGES) {
			const context = await newContextFor(browser, role, locale, { viewport: { width: 320, height: 640 } });
			const page = await context.newPage();
			const response = await page.goto(path);
			expect(response?.ok(), `${role} ${path}`).toBe(true);
			const at100 = await overflow(page);
			// Setting the root font size through the CSSOM (not an inline style tag, which the CSP
			// would rightly refuse) is what a reader's 200 % text setting does to rem-based layouts.
			await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%'));
			const at200 = await overflow(page);
			if (at100 > 0) problems.push(`${role} ${page.url()}: ${at100}px too wide at 100 %`);
			if (at200 > 0) problems.push(`${role} ${page.url()}: ${at200}px too wide at 200 %`);
			await context.close();
		}
		expect(problems, problems.join('\n')).toEqual([]);
	});
});

describe('Content Security Policy', () => {
	it('blocks nothing the portal does, through a full load and client-side navigation', async () => {
		const context = await newContextFor(browser, 'amira', 'ur');
		const page = await context.newPage();
		const blocked: string[] = [];
		page.on('console', (message) => {
			if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
		});
		await page.goto('/');
		await page.waitForLoadState('networkidle');
		// A same-app link: the client router takes it, and the route announcer appears.
		await page.click('footer a[href="/help"]');
		await page.waitForURL('**/help');
		await page.waitForSelector('#svelte-announcer', { state: 'attached' });
		const announcerHidden = await page.$eval('#svelte-announcer', (el) => el.getBoundingClientRect().width <= 1);
		expect(announcerHidden, 'route announcer stays visually hidden').toBe(true);
		expect(blocked, blocked.join('\n')).toEqual([]);
		await context.close();
	});
});
