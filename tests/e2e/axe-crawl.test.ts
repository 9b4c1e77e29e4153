import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, test, type ExpectStatic } from 'vitest';
import type { Role } from './support/accounts';
import { formatViolations, scanPage } from './support/axe';
import { launchBrowser, newContextFor } from './support/browser';
import { LOCALE_CODES, direction, errorTitlePrefix, fill, message, type Locale } from './support/i18n';

// Every page each person can reach, in every language, through axe (WCAG 2.2 AA and best
// practice), plus the shell's own promises: the right <html lang> and dir, one <h1>, a title, and
// a skip link before anything else. Then the error states of every form, which are where
// accessibility most often breaks.

/** mia and priya see the same pages as dan and jo (for family B); their sessions serve the authorization tests. */
type CrawlRole = Exclude<Role, 'mia' | 'priya'>;
const ROLES: readonly CrawlRole[] = ['anonymous', 'amira', 'leo', 'jo', 'sam', 'morgan', 'admin', 'dan'];
/**
 * Visited directly: pages no link reaches for everyone, the translated 404, and the sign-out page
 * (a GET only shows its form; the crawl never submits it).
 */
const ENTRY_POINTS = ['/', '/sign-in', '/invite', '/help', '/sign-out', '/no-such-page-for-axe'];
const NOT_FOUND = '/no-such-page-for-axe';
const MAX_PAGES = 60;

const baseURL = inject('baseURL');
const demo = inject('demo');

/** Pages each crawl must reach: proof that its session worked and its links were followed. */
const MUST_REACH: Record<CrawlRole, string[]> = {
	anonymous: ['/', '/sign-in', '/invite', '/help'],
	amira: [`/family/${demo.familyA}`, '/sign-out'],
	leo: [`/family/${demo.familyA}`, '/sign-out'],
	jo: ['/my-families', `/family/${demo.familyA}`, '/sign-out'],
	sam: ['/my-families', `/family/${demo.familyA}`, '/sign-out'],
	morgan: [`/service/${demo.familySupportService}`, `/family/${demo.familyA}`, `/family/${demo.familyB}`, '/sign-out'],
	admin: [
		'/admin',
		'/admin/services',
		'/admin/workers',
		'/admin/families',
		`/admin/families/${demo.familyA}`,
		`/admin/families/${demo.familyB}`,
		`/service/${demo.familySupportService}`,
		`/service/${demo.schoolService}`,
		'/sign-out'
	],
	dan: [`/family/${demo.familyB}`, '/sign-out']
};

let browser: Browser;
const totals = { pages: 0, errorStates: 0, violations: 0 };
const pagesPerRole = new Map<CrawlRole, Set<string>>(ROLES.map((role) => [role, new Set()]));

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	const perRole = ROLES.map((role) => `${role} ${pagesPerRole.get(role)?.size}`).join(', ');
	console.log(
		`axe: scanned ${totals.pages} pages (${ROLES.length} roles × ${LOCALE_CODES.length} locales) and ${totals.errorStates} form error states, ${totals.violations} violations`
	);
	console.log(`axe: distinct pages per role: ${perRole}`);
});

/** Path and sorted query of a same-origin URL, without its fragment; null for other origins. */
function pathOf(href: string, from: string): string | null {
	let url: URL;
	try {
		url = new URL(href, from);
	} catch {
		return null;
	}
	if (url.origin !== baseURL) return null; // Also drops mailto: and tel:.
	url.hash = '';
	url.searchParams.sort();
	return `${url.pathname}${url.search}`;
}

/** A link worth following: same origin, not the language switcher, not signing out. */
function linkToFollow(href: string, from: string): string | null {
	if (href.startsWith('#')) return null;
	const path = pathOf(href, from);
	if (!path) return null;
	const url = new URL(path, baseURL);
	if (url.searchParams.has('lang')) return null; // Other locales have their own crawl.
	if (url.pathname === '/sign-out') return null; // Never end the shared session.
	return path;
}

/** Shell checks and axe on the page as it is now; every problem is a soft failure naming the page. */
async function checkPage(page: Page, locale: Locale, where: string, expect: ExpectStatic): Promise<void> {
	const shell = await page.evaluate(() => ({
		lang: document.documentElement.getAttribute('lang'),
		dir: document.documentElement.getAttribute('dir'),
		h1: document.querySelectorAll('h1').length,
		title: document.title.trim()
	}));
	expect.soft(shell.lang, `${where}: <html lang>`).toBe(locale);
	expect.soft(shell.dir, `${where}: <html dir>`).toBe(direction(locale));
	expect.soft(shell.h1, `${where}: number of <h1>`).toBe(1);
	expect.soft(shell.title, `${where}: <title>`).not.toBe('');

	const violations = await scanPage(page);
	totals.violations += violations.length;
	expect.soft(violations, formatViolations(violations, where)).toEqual([]);
}

/** From a fresh load, the first Tab lands on the skip link, which shows itself and leads to <main>. */
async function checkSkipLink(page: Page, locale: Locale, where: string, expect: ExpectStatic): Promise<void> {
	await page.keyboard.press('Tab');
	const first = await page.evaluate(() => {
		const el = document.activeElement;
		const href = el?.getAttribute('href') ?? '';
		const target = href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
		const box = el?.getBoundingClientRect();
		return {
			tag: el?.tagName.toLowerCase(),
			text: el?.textContent?.trim(),
			targetTag: target?.tagName.toLowerCase(),
			visibleWhenFocused: !!box && box.width > 1 && box.height > 1 && box.bottom > 0 && box.top < window.innerHeight
		};
	});
	expect.soft(first, `${where}: first focusable element is the skip link to <main>`).toEqual({
		tag: 'a',
		text: message(locale, 'common:shell.skip_link'),
		targetTag: 'main',
		visibleWhenFocused: true
	});
}

// The four languages of one person are crawled side by side (separate browser contexts).
describe.each(ROLES)('crawl as %s', (role) => {
	test.concurrent.for(LOCALE_CODES)('%s', async (locale, { expect }) => {
		const context = await newContextFor(browser, role, locale);
		const page = await context.newPage();
		const queue = [...ENTRY_POINTS];
		const seen = new Set(queue);
		const scanned = new Set<string>();
		try {
			while (queue.length > 0 && scanned.size < MAX_PAGES) {
				const path = queue.shift() as string;
				const response = await page.goto(path, { waitUntil: 'load' });
				const status = response?.status() ?? 0;
				const landed = pathOf(page.url(), page.url()) ?? page.url();
				// A redirect to a page already scanned (such as / → home) has nothing new to show.
				if (scanned.has(landed)) continue;
				scanned.add(landed);
				seen.add(landed);
				const where = `${role} ${locale} ${path}${landed === path ? '' : ` → ${landed}`} (${status})`;

				expect.soft(status, `${where}: status`).toBeLessThan(500);
				if (path === NOT_FOUND) {
					expect.soft(status, `${where}: status`).toBe(404);
					const heading = (await page.locator('h1').first().textContent())?.trim();
					expect.soft(heading, `${where}: translated 404 heading`).toBe(message(locale, 'errors:not_found.title'));
				}
				await checkSkipLink(page, locale, where, expect);
				await checkPage(page, locale, where, expect);
				totals.pages += 1;
				pagesPerRole.get(role)?.add(landed);

				const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''));
				for (const href of hrefs) {
					const next = linkToFollow(href, page.url());
					if (next && !seen.has(next)) {
						seen.add(next);
						queue.push(next);
					}
				}
			}
			expect(queue, `${role} ${locale}: pages left unvisited at the cap of ${MAX_PAGES}`).toEqual([]);
			expect([...scanned], `${role} ${locale}: pages reached`).toEqual(expect.arrayContaining(MUST_REACH[role]));
		} finally {
			await context.close();
		}
	});
});

/** Loads a page and waits until its scripts have loaded, so forms are enhanced before we submit. */
async function openHydrated(page: Page, path: string): Promise<void> {
	await page.goto(path, { waitUntil: 'networkidle' });
}

/** Submits `form` as it stands and waits for the enhanced response's error summary to take focus. */
async function submitForm(page: Page, formSelector: string): Promise<void> {
	await page.locator(`${formSelector} button[type="submit"]`).click();
	await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') ?? false, null, {
		timeout: 10_000
	});
}

/** After a failed submit: the error summary has focus, the title begins with the translated "Error:". */
async function checkErrorState(page: Page, locale: Locale, where: string, expect: ExpectStatic): Promise<void> {
	totals.errorStates += 1;
	const state = await page.evaluate(() => ({
		title: document.title,
		h1: document.querySelector('h1')?.textContent?.trim() ?? '',
		focused: document.activeElement?.classList.contains('error-summary') ?? false,
		summaryLinks: [...document.querySelectorAll<HTMLAnchorElement>('.error-summary a')].map((a) => a.getAttribute('href') ?? ''),
		// Each link in the summary must lead to the field it is about.
		brokenLinks: [...document.querySelectorAll<HTMLAnchorElement>('.error-summary a')]
			.map((a) => a.getAttribute('href') ?? '')
			.filter((href) => !href.startsWith('#') || !document.getElementById(href.slice(1)))
	}));
	const prefix = errorTitlePrefix(locale);
	expect.soft(prefix, `${locale}: common:title.with_error starts with a translated "Error:"`).not.toBe('');
	expect.soft(state.title.startsWith(prefix), `${where}: title "${state.title}" starts with "${prefix}"`).toBe(true);
	expect.soft(state.title, `${where}: title`).toBe(fill(message(locale, 'common:title.with_error'), { title: state.h1 }));
	expect.soft(state.focused, `${where}: error summary has focus`).toBe(true);
	expect.soft(state.summaryLinks.length, `${where}: error summary lists the problems`).toBeGreaterThan(0);
	expect.soft(state.brokenLinks, `${where}: error summary links without a field`).toEqual([]);
	await checkPage(page, locale, where, expect);
}

describe('form error states', () => {
	test.concurrent.for(LOCALE_CODES)('sign-in and invite, empty, in %s', async (locale, { expect }) => {
		const context = await newContextFor(browser, 'anonymous', locale);
		const page = await context.newPage();
		try {
			for (const path of ['/sign-in', '/invite']) {
				await openHydrated(page, path);
				await submitForm(page, 'main form');
				await checkErrorState(page, locale, `anonymous ${locale} ${path} submitted empty`, expect);
			}
		} finally {
			await context.close();
		}
	});

	// Each wrong password costs a sign-in attempt from the suite's small budget: once, not per locale.
	test('sign-in with a wrong password, in ur', async ({ expect }) => {
		const locale: Locale = 'ur';
		const context = await newContextFor(browser, 'anonymous', locale);
		const page = await context.newPage();
		try {
			await openHydrated(page, '/sign-in');
			await page.locator('#username').fill('axe-wrong-password');
			await page.locator('#password').fill('not-the-password');
			await submitForm(page, 'main form');
			const summary = await page.locator('.error-summary').textContent();
			expect.soft(summary, 'the error summary says why').toContain(message(locale, 'auth:sign_in.errors.invalid'));
			await checkErrorState(page, locale, `anonymous ${locale} /sign-in wrong password`, expect);
		} finally {
			await context.close();
		}
	});

	const ADMIN_FORMS: ReadonlyArray<[path: string, form: string]> = [
		['/admin/services', 'form[action="?/create"]'],
		['/admin/workers', 'form[action="?/create"]'],
		['/admin/families', 'form[action="?/create"]'],
		[`/admin/families/${demo.familyA}`, 'form[action="?/addMember"]'],
		[`/admin/families/${demo.familyA}`, 'form[action="?/assign"]']
	];

	test.concurrent.for(LOCALE_CODES)('admin create forms, empty, in %s', async (locale, { expect }) => {
		const context = await newContextFor(browser, 'admin', locale);
		const page = await context.newPage();
		try {
			for (const [path, form] of ADMIN_FORMS) {
				await openHydrated(page, path);
				await submitForm(page, form);
				await checkErrorState(page, locale, `admin ${locale} ${path} ${form} submitted empty`, expect);
			}
		} finally {
			await context.close();
		}
	});
});
