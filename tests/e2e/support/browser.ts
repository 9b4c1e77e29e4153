import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { SESSION_COOKIE } from '../../../src/lib/server/auth/session.service';
import type { Locale } from '../../../src/lib/i18n/locales';
import { NAMESPACE_NOT_LOADED } from '../../../src/lib/i18n/translate';
import type { Actor } from './accounts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, assertChromiumInstalled } from './chromium';

/** Debian's Chromium, headless; one per test file. */
export async function launchBrowser(): Promise<Browser> {
	assertChromiumInstalled();
	return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

const missingTexts: string[] = [];

/**
 * Notes each time a page in this context asks its translator for a namespace it did not load
 * (src/lib/i18n/route-namespaces.ts missed one): the text would show as its key. Every e2e file
 * fails on it after its tests (support/setup.ts).
 */
function watchForMissingTexts(context: BrowserContext): void {
	context.on('console', (message) => {
		const text = message.text();
		if (text.startsWith(NAMESPACE_NOT_LOADED)) missingTexts.push(`${text} (on ${message.page()?.url() ?? 'a page'})`);
	});
}

/** What watchForMissingTexts saw since the last call. */
export function takeMissingTexts(): string[] {
	return missingTexts.splice(0);
}

/**
 * A browser context for one person in one language: the shared session cookie (never signed out
 * here) and the `lang` cookie the language switcher would have set.
 */
export async function newContextFor(
	browser: Browser,
	role: Actor,
	locale: Locale,
	options: BrowserContextOptions = {}
): Promise<BrowserContext> {
	const baseURL = inject('baseURL');
	const context = await browser.newContext({ baseURL, ...options });
	watchForMissingTexts(context);
	const cookies: Array<{ name: string; value: string; url: string }> = [{ name: 'lang', value: locale, url: baseURL }];
	if (role !== 'anonymous') cookies.push({ name: SESSION_COOKIE, value: inject('sessions')[role], url: baseURL });
	await context.addCookies(cookies);
	return context;
}

/**
 * One Chromium for the calling test file: launched before its tests, closed after them together
 * with every context made through `context()`.
 */
export function browserForFile(): {
	context: (role: Actor, locale: Locale, options?: BrowserContextOptions) => Promise<BrowserContext>;
} {
	let browser: Browser | undefined;
	const contexts: BrowserContext[] = [];
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await Promise.all(contexts.splice(0).map((c) => c.close()));
		await browser?.close();
	});
	return {
		context: async (role, locale, options = {}) => {
			if (!browser) throw new Error('e2e: the browser is not running yet (use context() inside a test)');
			const context = await newContextFor(browser, role, locale, options);
			contexts.push(context);
			return context;
		}
	};
}
