import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContextFor } from './support/browser';

// The Content Security Policy never blocks anything the portal itself does, including SvelteKit's
// client-side navigation. (Reflow and text size, on every page in every language, are checked by
// the axe crawl as it goes: see support/layout.ts.)

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
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
