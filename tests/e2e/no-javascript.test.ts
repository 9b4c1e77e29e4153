import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, inject, test } from 'vitest';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { launchBrowser, newContextFor } from './support/browser';
import { errorTitlePrefix, escapeRegExp, message } from './support/i18n';

// Every form works with JavaScript off: the app's own scripts are blocked, so sign-in, sign-out
// and a failed sign-in are plain HTML form posts and redirects. Two sign-in POSTs in all.

const demo = inject('demo');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let blocked = 0;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

beforeEach(async () => {
	blocked = 0;
	context = await newContextFor(browser, 'anonymous', 'en-GB');
	await context.route('**/_app/**/*.js', (route) => {
		blocked += 1;
		return route.abort();
	});
	page = await context.newPage();
	return () => context.close();
});

async function h1(): Promise<string> {
	return ((await page.locator('h1').textContent()) ?? '').trim();
}

test('sign in and out without JavaScript', async () => {
	const signInPage = await page.goto('/sign-in');
	expect(signInPage?.status()).toBe(200);
	expect(blocked, 'requests for the app’s scripts were blocked').toBeGreaterThan(0);

	await page.locator('#username').fill('amira');
	await page.locator('#password').fill(DEMO_PASSWORD);
	await Promise.all([page.waitForURL(`**/family/${demo.familyA}`), page.locator('main button[type="submit"]').click()]);
	expect(new URL(page.url()).pathname).toBe(`/family/${demo.familyA}`);
	expect(await page.locator('h1').isVisible()).toBe(true);
	expect(await h1()).toBe(message('en-GB', 'family:home.title'));

	// The header's sign-out button is a form too.
	const signOut = page.locator('header form[action="/sign-out"] button');
	expect((await signOut.textContent())?.trim()).toBe(message('en-GB', 'common:shell.sign_out'));
	await Promise.all([page.waitForURL((url) => url.pathname === '/' && url.searchParams.has('signed_out')), signOut.click()]);
	expect(await h1()).toBe(message('en-GB', 'common:landing.title'));
	expect(await page.locator('[role="status"]').textContent()).toContain(message('en-GB', 'common:landing.signed_out'));
	expect((await context.cookies()).map((c) => c.name)).not.toContain('cg_session');

	// And the session really ended: the family page now asks to sign in.
	await page.goto(`/family/${demo.familyA}`);
	expect(new URL(page.url()).pathname).toBe('/sign-in');
});

test('a failed sign-in without JavaScript keeps the username, never the password', async () => {
	await page.goto('/sign-in');
	await page.locator('#username').fill('nojs-nobody');
	await page.locator('#password').fill('not-the-right-password');
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in'),
		page.locator('main button[type="submit"]').click()
	]);
	await page.waitForLoadState('load');
	expect(response.status()).toBe(400);
	expect(blocked).toBeGreaterThan(0);

	const summary = page.locator('.error-summary');
	expect(await summary.isVisible()).toBe(true);
	expect(await summary.textContent()).toContain(message('en-GB', 'auth:sign_in.errors.invalid'));
	expect(await page.title()).toMatch(new RegExp(`^${escapeRegExp(errorTitlePrefix('en-GB'))}`));
	expect(await page.locator('#username').inputValue()).toBe('nojs-nobody');
	expect(await page.locator('#username').getAttribute('aria-invalid')).toBe('true');
	expect(await page.locator('#password').inputValue()).toBe('');
	expect(await page.content()).not.toContain('not-the-right-password');
});
