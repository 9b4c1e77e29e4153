import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.service';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { formatViolations, scanPage } from './support/axe';
import { browserForFile, launchBrowser } from './support/browser';
import { LOCALE_CODES, fill, message } from './support/i18n';
import { startOwnServer, type OwnServer } from './support/own-server';

// "What's new" in a real browser: Mia signs in and finds Priya's replies waiting, marked "New" in
// words; opening one takes her to it and it is no longer new when she comes back. The home page
// with What's new has no accessibility violations in any language.

const demo = inject('demo');
const B = demo.familyB;
const PRIYA = 'Priya Sharma';
const { context } = browserForFile();

describe('Mia’s What’s new', () => {
	// On a server of its own: other files on the shared server reply to Mia too, and their newer
	// lines would push the one she opened off her first page.
	let own: OwnServer;
	let browser: Browser;
	beforeAll(async () => {
		own = await startOwnServer('news');
		browser = await launchBrowser();
	}, 120_000);
	afterAll(async () => {
		await browser?.close();
		await own?.stop();
	});

	test('she signs in, sees her unread replies, opens one, and it is marked seen', async () => {
		const B = own.demo.familyB;
		const page = await (await browser.newContext({ baseURL: own.baseURL })).newPage();
		await page.goto('/sign-in');
		await page.locator('#username').fill('mia');
		await page.locator('#password').fill(DEMO_PASSWORD);
		await Promise.all([page.waitForURL(`**/family/${B}`), page.locator('main button[type="submit"]').click()]);

		const section = page.locator('section[aria-labelledby="whats-new"]');
		expect((await section.locator('h2').textContent())?.trim()).toBe(message('en-GB', 'news:heading'));
		const newLines = section.locator('li.news-item--new');
		const viewReply = newLines.filter({ hasText: fill(message('en-GB', 'news:kind.view_reply_own'), { name: PRIYA }) }).first();
		const disagreementReply = newLines.filter({ hasText: fill(message('en-GB', 'news:kind.disagreement_reply'), { name: PRIYA }) }).first();
		expect(await viewReply.count(), 'Priya’s reply to her view is new').toBe(1);
		expect(await disagreementReply.count(), 'Priya’s answer about the goal is new').toBe(1);
		// New is said in words, not by colour alone.
		expect((await viewReply.locator('.tag').textContent())?.trim()).toBe(message('en-GB', 'news:new_label'));
		// Names sit in <bdi>, so they read in their own direction inside any sentence.
		expect(await viewReply.locator('a bdi').textContent()).toBe(PRIYA);

		const link = viewReply.locator('a');
		const href = await link.getAttribute('href');
		expect(href).toMatch(/^\/news\/[a-z0-9]+$/);
		await Promise.all([page.waitForURL(`**/family/${B}/views/**`), link.click()]);
		expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/family/${B}/views/[a-z0-9]+$`));

		await page.goto(`/family/${B}`);
		const opened = page.locator(`section[aria-labelledby="whats-new"] li:has(a[href="${href}"])`);
		const listed = () => page.locator('section[aria-labelledby="whats-new"] li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		await expect.poll(() => opened.count(), { message: `${href} among ${JSON.stringify(await listed())}` }).toBe(1);
		expect(await opened.evaluate((li) => li.classList.contains('news-item--new')), 'no longer new').toBe(false);
		expect(await opened.locator('.tag').count()).toBe(0);
		// The other reply is still waiting for her.
		expect(await page.locator('li.news-item--new').filter({ hasText: fill(message('en-GB', 'news:kind.disagreement_reply'), { name: PRIYA }) }).count()).toBeGreaterThan(0);

		// Someone else's line is not there for Mia, and her own opens only for her.
		const danContext = await browser.newContext({ baseURL: own.baseURL });
		await danContext.addCookies([{ name: SESSION_COOKIE, value: own.sessions.dan, url: own.baseURL }]);
		const stranger = await danContext.newPage();
		const response = await stranger.goto(href ?? '/');
		expect(response?.status()).toBe(404);
	});
});

describe.each(LOCALE_CODES)('the home page with What’s new in %s', (locale) => {
	test('0 axe violations for Mia (with news) and Priya (her worker home)', async () => {
		for (const [person, path] of [
			['mia', `/family/${B}`],
			['priya', '/my-families']
		] as const) {
			const page = await (await context(person, locale)).newPage();
			await page.goto(path);
			expect(await page.locator('section[aria-labelledby="whats-new"]').count(), `${person} has What's new`).toBe(1);
			expect((await page.locator('#whats-new').textContent())?.trim()).toBe(message(locale, 'news:heading'));
			const violations = await scanPage(page);
			expect(violations, formatViolations(violations, `${person} ${path} (${locale})`)).toEqual([]);
		}
	});
});
