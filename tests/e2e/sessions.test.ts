import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.service';
import { formatViolations, scanPage } from './support/axe';
import { launchBrowser } from './support/browser';
import { fill, message } from './support/i18n';
import { submit } from './support/pages';

// Sessions in a real browser: "sign out everywhere" ends a session on another device too, and a
// staff member is warned before their session idles out and can stay signed in (WCAG 2.2.1).
//
// Only the throwaway sessions global setup made for this file are used (rater-kerry's two and
// chris's one): signing out everywhere would otherwise end a session other files share. The idle
// and 12-hour rules themselves are tested with an injected clock in tests/integration/sessions.test.ts;
// here the browser's clock (page.clock) is moved, against the test server's longer staff idle limit
// (CG_TEST_STAFF_IDLE_MINUTES, 10 hours, global-setup.ts).

const baseURL = inject('baseURL');
const throwaway = inject('throwawaySessions');
const HOUR_MS = 60 * 60 * 1000;
/** The test server's staff idle limit (global-setup.ts). */
const E2E_STAFF_IDLE_MS = 10 * HOUR_MS;
const en = (key: string) => fill(message('en-GB', key), {});

let browser: Browser;
const contexts: BrowserContext[] = [];

async function open(token: string | null, options: BrowserContextOptions = {}): Promise<Page> {
	const context = await browser.newContext({ baseURL, ...options });
	contexts.push(context);
	const cookies = [{ name: 'lang', value: 'en-GB', url: baseURL }];
	if (token) cookies.push({ name: SESSION_COOKIE, value: token, url: baseURL });
	await context.addCookies(cookies);
	return context.newPage();
}

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await Promise.all(contexts.map((c) => c.close()));
	await browser?.close();
});

describe('sign out everywhere', () => {
	test('ends the session on another device too, without JavaScript', async () => {
		const [here, elsewhere] = throwaway.family;
		const phone = await open(here, { javaScriptEnabled: false });
		const laptop = await open(elsewhere);

		// Both signed in: the sign-out page is only for someone signed in.
		await laptop.goto('/sign-out');
		expect(new URL(laptop.url()).pathname).toBe('/sign-out');
		// A family member's session does not idle out in minutes, so there is no countdown.
		expect(await laptop.locator('.session-timeout').count()).toBe(0);
		// axe runs in the page, so it scans where JavaScript is on.
		const violations = await scanPage(laptop);
		expect(violations, formatViolations(violations, '/sign-out')).toEqual([]);

		await phone.goto('/sign-out');
		expect(await phone.locator('h2').innerText()).toBe(en('auth:sign_out.everywhere_heading'));
		const form = phone.locator('form[action="/session?/everywhere"]');
		expect(await form.locator('button').innerText()).toBe(en('auth:session.submit'));
		expect(await submit(phone, form)).toBe(303);
		expect(new URL(phone.url()).pathname + new URL(phone.url()).search).toBe('/?signed_out=1');
		expect(await phone.locator('.notice').innerText()).toBe(en('common:landing.signed_out'));
		expect((await phone.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);

		// The other device is signed out at its next request.
		await laptop.goto('/sign-out');
		expect(new URL(laptop.url()).pathname).toBe('/sign-in');
		// Its old cookie opens nothing any more, even sent again by hand.
		const again = await fetch(`${baseURL}/sign-out`, { headers: { cookie: `${SESSION_COOKIE}=${elsewhere}` }, redirect: 'manual' });
		expect([again.status, again.headers.get('location')]).toEqual([303, '/sign-in']);
	});

	test('has a page of its own for whoever opens its address, with no accessibility problems', async () => {
		// chris's session: this only opens the page, it does not post.
		const page = await open(throwaway.staff);
		await page.goto('/session');
		expect(await page.locator('h1').innerText()).toBe(en('auth:session.title'));
		expect(await page.locator('form[action="?/everywhere"] button').innerText()).toBe(en('auth:session.submit'));
		const violations = await scanPage(page);
		expect(violations, formatViolations(violations, '/session')).toEqual([]);
	});
});

describe('the idle warning for staff', () => {
	test('comes 2 minutes before the end, keeps them signed in on request, and signs them out when time runs out', async () => {
		const page = await open(throwaway.staff);
		await page.clock.install();
		await page.goto('/');
		const region = page.locator('.session-timeout[aria-live="polite"]');
		await region.waitFor({ state: 'attached' });
		const stay = region.getByRole('button', { name: en('common:session_timeout.stay') });
		expect(await stay.count()).toBe(0);

		// The page was made up to a minute after the session was last written down, so the time left
		// is between 10 hours less a minute and 10 hours: 5 minutes before the end is too early.
		await page.clock.fastForward(E2E_STAFF_IDLE_MS - 5 * 60 * 1000);
		expect(await stay.count()).toBe(0);
		// 100 seconds before the end (give or take that minute): the warning, with the button.
		await page.clock.fastForward(200 * 1000);
		await stay.waitFor();
		expect(await region.locator('p').first().innerText()).toBe(en('common:session_timeout.warning'));
		const violations = await scanPage(page);
		expect(violations, formatViolations(violations, 'the idle warning')).toEqual([]);

		// Keyboard: the button takes focus and Enter posts it (fetch, to /session?/stay).
		await stay.focus();
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/session?/stay') && r.request().method() === 'POST'),
			page.keyboard.press('Enter')
		]);
		expect(response.status()).toBe(200);
		await region.getByText(en('common:session_timeout.stayed')).waitFor();
		expect(await stay.count()).toBe(0);
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(en('common:session_timeout.stayed'));

		// The server counted a new 10 hours: nothing happens until the end comes round again, then
		// the browser goes to the sign-in page and says why (the server, on its real clock, still
		// knows chris, so the sign-in page sends him home; the note is checked below).
		await page.clock.fastForward(E2E_STAFF_IDLE_MS - 5 * 60 * 1000);
		expect(await stay.count()).toBe(0);
		const [signIn] = await Promise.all([
			page.waitForRequest((r) => r.url().endsWith('/sign-in?expired=1') && r.isNavigationRequest()),
			page.clock.fastForward(10 * 60 * 1000)
		]);
		expect(signIn.method()).toBe('GET');
	});

	test('the sign-in page says why someone was signed out', async () => {
		const page = await open(null, { javaScriptEnabled: false });
		await page.goto('/sign-in?expired=1');
		expect(await page.locator('.notice[role="status"]').innerText()).toBe(en('auth:sign_in.expired_idle'));
		await page.goto('/sign-in?expired=limit');
		expect(await page.locator('.notice[role="status"]').innerText()).toBe(en('auth:sign_in.expired_limit'));
		await page.goto('/sign-in');
		expect(await page.locator('.notice').count()).toBe(0);
	});

	test('an ended session gets the same note, and the bad cookie is cleared', async () => {
		const page = await open('nosuchsession.nosuchsecret', { javaScriptEnabled: false });
		await page.goto('/sign-in?expired=1');
		expect(await page.locator('.notice[role="status"]').innerText()).toBe(en('auth:sign_in.expired_idle'));
		expect((await page.context().cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
	});
});
