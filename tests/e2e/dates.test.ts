import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, test } from 'vitest';
import { launchBrowser, newContextFor } from './support/browser';
import type { Locale } from './support/i18n';
import { hydrated } from './support/pages';

// Dates stay in the reader's language once the page is running in the browser. The server has
// full ICU; Debian's Chromium does not know Welsh dates and, left to itself, rewrites "23 Tachwedd
// 2026" as "November 23, 2026" while it hydrates (see src/lib/i18n/calendar-fallback.ts). So the
// pages with the most dates are opened, hydrated, and every <time> read: none may hold an English
// month or weekday, and each Welsh one must hold a Welsh month.

const demo = inject('demo');
const PAGES = [`/family/${demo.familyA}/plan`, `/family/${demo.familyA}/plan/history`, `/family/${demo.familyA}`];
const ENGLISH = /\b(January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;
const WELSH_MONTH = /Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr/;
const NOT_ENGLISH: readonly Locale[] = ['cy', 'pl', 'ro', 'ur'];

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

describe('dates after the page hydrates', () => {
	test.concurrent.for(NOT_ENGLISH)('are in %s, never in English', async (locale, { expect }) => {
		const context = await newContextFor(browser, 'amira', locale);
		try {
			const page = await context.newPage();
			let dates = 0;
			for (const path of PAGES) {
				await page.goto(path);
				await hydrated(page);
				await page.waitForLoadState('networkidle');
				const times = await page.$$eval('main time', (els) => els.map((el) => el.textContent?.trim() ?? ''));
				const named = times.filter((text) => /\p{L}{3}/u.test(text));
				dates += named.length;
				expect.soft(times.filter((text) => ENGLISH.test(text)), `${locale} ${path}: dates in English`).toEqual([]);
				if (locale === 'cy') expect.soft(named.filter((text) => !WELSH_MONTH.test(text)), `${locale} ${path}: dates without a Welsh month`).toEqual([]);
			}
			expect(dates, `${locale}: dates with month names on these pages`).toBeGreaterThan(5);
		} finally {
			await context.close();
		}
	});
});
