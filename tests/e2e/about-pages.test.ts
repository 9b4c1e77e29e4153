import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { formatDate } from '../../src/lib/i18n/format';
import type { Role } from './support/accounts';
import { formatViolations, scanPage } from './support/axe';
import { launchBrowser, newContextFor } from './support/browser';
import { headings, request } from './support/http';
import { LOCALE_CODES, decodeEntities, fill, message, type Locale } from './support/i18n';
import { pathOf, text } from './support/pages';

// Help and the accessibility statement: in every language, for someone signed out and for a parent,
// each with its translated heading, and both linked from the footer of every page (the same place
// on each, as WCAG 3.2.3 asks). The statement says when it was prepared, as a machine-readable date.

const demo = inject('demo');

/** The day the statement was prepared, as the page's <time datetime> gives it. */
const PREPARED_ON = '2026-11-23';

const PAGES = [
	{ path: '/help', title: 'about:help.title' },
	{ path: '/accessibility', title: 'about:accessibility.title' }
] as const;

const PEOPLE = ['anonymous', 'amira'] as const satisfies readonly Role[];

/** Other pages whose footer must lead to both: the landing page, sign-in and a family's pages. */
const OTHER_PAGES: Record<(typeof PEOPLE)[number], string[]> = {
	anonymous: ['/', '/sign-in', '/services'],
	amira: ['/', `/family/${demo.familyA}`, `/family/${demo.familyA}/plan`]
};

const FOOTER_LINKS = [
	{ href: '/help', label: 'common:footer.help' },
	{ href: '/accessibility', label: 'common:footer.accessibility' }
] as const;

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

/**
 * Links in `scope` to `path`. The server writes them relative to the page ("./help", "../../help"),
 * so they are found by how the href ends and then checked by where they lead.
 */
async function linksTo(page: Page, scope: string, path: string): Promise<Locator> {
	const links = page.locator(`${scope} a[href$="${path}"]`);
	for (const link of await links.all()) expect(await pathOf(link)).toBe(path);
	return links;
}

/** The footer links to help and the statement, each with its translated words and at least 24px tall. */
async function expectFooterLinks(page: Page, locale: Locale, where: string): Promise<void> {
	for (const { href, label } of FOOTER_LINKS) {
		const link = await linksTo(page, 'footer', href);
		expect(await link.count(), `${where}: the footer links to ${href}`).toBe(1);
		expect(await text(link), `${where}: the footer's link to ${href}`).toBe(message(locale, label));
		const box = await link.boundingBox();
		expect(box?.height ?? 0, `${where}: the footer's link to ${href} is at least 24px tall`).toBeGreaterThanOrEqual(24);
	}
}

const cases = LOCALE_CODES.flatMap((locale) => PEOPLE.map((who) => ({ locale, who })));

test.each(cases)('help and the accessibility statement in $locale, as $who', async ({ locale, who }) => {
	const context = await newContextFor(browser, who, locale);
	try {
		const page = await context.newPage();
		for (const { path, title } of PAGES) {
			const where = `${who} ${locale} ${path}`;
			const response = await page.goto(path, { waitUntil: 'load' });
			expect(response?.status(), where).toBe(200);
			expect(await page.locator('html').getAttribute('lang'), where).toBe(locale);
			const h1 = page.locator('h1');
			expect(await h1.count(), `${where}: one h1`).toBe(1);
			expect(await text(h1), `${where}: h1`).toBe(message(locale, title));
			expect(await page.title(), `${where}: title`).toBe(fill(message(locale, 'common:title.page'), { title: message(locale, title) }));
			await expectFooterLinks(page, locale, where);
			// The crawl scans these pages too; checked here as well so this file stands on its own.
			const violations = await scanPage(page);
			expect(violations, formatViolations(violations, where)).toEqual([]);
		}

		// The statement's date, in the reader's language, inside a <time> that machines can read.
		const prepared = page.locator(`main time[datetime="${PREPARED_ON}"]`);
		expect(await prepared.count(), `${who} ${locale}: the prepared date is a <time>`).toBe(1);
		expect(await text(prepared)).toBe(formatDate(locale, PREPARED_ON));
		const sentence = await text(prepared.locator('xpath=..'));
		expect(sentence).toBe(fill(message(locale, 'about:accessibility.prepared'), { date: formatDate(locale, PREPARED_ON) }));

		// Help leads to the statement.
		await page.goto('/help', { waitUntil: 'load' });
		const toStatement = await linksTo(page, 'main', '/accessibility');
		expect(await toStatement.count(), `${who} ${locale}: help links to the statement`).toBe(1);
		expect(await text(toStatement)).toBe(message(locale, 'about:help.accessibility_link'));

		for (const path of OTHER_PAGES[who]) {
			const response = await page.goto(path, { waitUntil: 'load' });
			expect(response?.status(), `${who} ${locale} ${path}`).toBe(200);
			await expectFooterLinks(page, locale, `${who} ${locale} ${path}`);
		}
	} finally {
		await context.close();
	}
});

test('the footer leads to the statement, and the statement back to help', async () => {
	const context = await newContextFor(browser, 'amira', 'en-GB');
	try {
		const page = await context.newPage();
		await page.goto(`/family/${demo.familyA}`, { waitUntil: 'load' });
		await Promise.all([page.waitForURL('**/accessibility'), page.click('footer a[href$="/accessibility"]')]);
		expect(await text(page.locator('h1'))).toBe(message('en-GB', 'about:accessibility.title'));
		await Promise.all([page.waitForURL('**/help'), page.click('footer a[href$="/help"]')]);
		expect(await text(page.locator('h1'))).toBe(message('en-GB', 'about:help.title'));
	} finally {
		await context.close();
	}
});

test('help and the statement are whole in the server-rendered HTML, in every language', async () => {
	// What a browser without JavaScript gets: the heading, the text and the date are all there.
	for (const locale of LOCALE_CODES) {
		for (const { path, title } of PAGES) {
			const response = await request('anonymous', path, { cookies: { lang: locale } });
			expect(response.status, `${locale} ${path}`).toBe(200);
			const html = decodeEntities(await response.text());
			expect(headings(html), `${locale} ${path}`).toEqual([message(locale, title)]);
			if (path === '/help') expect(html).toContain(message(locale, 'about:help.language_text'));
			else expect(html).toContain(`<time datetime="${PREPARED_ON}">${formatDate(locale, PREPARED_ON)}</time>`);
		}
	}
});
