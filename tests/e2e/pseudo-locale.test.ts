import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, test, type ExpectStatic } from 'vitest';
import { PSEUDO_BASE_LOCALE, PSEUDO_LOCALE } from '../../src/lib/i18n/pseudo';
import { launchBrowser, newContextFor } from './support/browser';
import { checkEveryErrorState } from './support/error-states';
import { LOCALES } from './support/i18n';
import { CRAWL_ROLES, checkEveryPage, hydrated, type CrawlRole, type CrawledPage } from './support/pages';
import { installProbeIn } from './support/probe';

// Every page each person reaches (one of each kind) and every form's error state, in the test-only
// pseudo-locale en-XA (the server runs with CG_PSEUDO_LOCALE=1): English with every letter accented,
// 40 % longer and in ⟦brackets⟧. So on each page:
// - no English is left that did not come through i18next: every word of two or more plain Latin
//   letters is hard-coded, unless it is what people typed (inside <bdi> or an element with a dir of
//   its own, or a field's value), a date in <time>, code, a language's own name in the language switcher, the product's
//   name, or what the browser's Intl writes in English, the language the pseudo-locale shows (month,
//   day and language names, the "and" of a list). Text nodes, the title, and the attributes people
//   hear or see (title, aria-label, alt, placeholder, a button's value) are all read.
// - the layout survives the longer text at 320 × 640: nothing scrolls sideways, nothing is cut off
//   (a field's own value scrolling inside it, as it does while typing, is not cut off).
// Values put into a translated sentence without an element of their own (a name without its <bdi>)
// are untranslated words inside translated text: listed at the end, not failed, as nothing there is
// hard-coded.

const TIMEOUT = 300_000;
const PHONE = { width: 320, height: 640 };

let browser: Browser;
const totals = { pages: 0, errorStates: 0 };
/** Words put into translated text outside an element of their own → the pages they were on: reported at the end. */
const looseValues = new Map<string, string[]>();

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	console.log(`pseudo-locale: ${totals.pages} pages and ${totals.errorStates} error states in ${PSEUDO_LOCALE} at 320 px`);
	if (looseValues.size > 0) {
		const lines = [...looseValues].map(([what, pages]) => `  ${what} (${pages.length}×, first ${pages[0]})`);
		console.log(`pseudo-locale: values in translated text outside a <bdi> of their own (names people typed):\n${lines.join('\n')}`);
	}
});

/** A page as `role` at 320 × 640 in the pseudo-locale (the `lang` cookie the switcher would set), with the probe in it. */
async function pageFor(role: CrawlRole): Promise<Page> {
	const context = await newContextFor(browser, role, 'en-GB', { viewport: PHONE });
	await context.addCookies([{ name: 'lang', value: PSEUDO_LOCALE, url: inject('baseURL') }]);
	await installProbeIn(context);
	return context.newPage();
}

interface TextFindings {
	lang: string;
	/** Plain English outside any pseudo-localised text: hard-coded, or what people typed outside a <bdi>. */
	english: string[];
	/** Plain words inside pseudo-localised text, other than Intl's: values put into it (a name). */
	values: string[];
}

/** Runs in the page: self-contained, as Playwright sends its source. `locale` is the one Intl formats in. */
function findEnglish(locale: string): TextFindings {
	const OPEN = '⟦';
	const CLOSE = '⟧';
	// What people typed or chose (in a <bdi>, or given a direction of its own: dir="auto" for a name,
	// dir="ltr" for an email address or a phone number), and what is rightly the same in every language.
	const NOT_UI = 'bdi, body [dir], time, code, pre, kbd, samp, script, style, noscript, template, textarea, .language-select [lang]';
	const PRODUCT = /Common Ground/g;
	const WORD = /[A-Za-z]{2,}/g;

	const pathOf = (el: Element | null): string => {
		const steps: string[] = [];
		for (let node = el; node && node !== document.documentElement && steps.length < 5; node = node.parentElement) {
			const tag = node.tagName.toLowerCase();
			if (node.id) {
				steps.unshift(`${tag}#${node.id}`);
				break;
			}
			const classes = [...node.classList].filter((c) => !c.startsWith('svelte-')).slice(0, 2);
			steps.unshift(`${tag}${classes.map((c) => `.${c}`).join('')}`);
		}
		return steps.join(' > ');
	};

	/** Plain words in `text`, each as outside or inside brackets, counting depth from `depth`. */
	const scan = (text: string, depth: number) => {
		const outside: string[] = [];
		const inside: string[] = [];
		const clean = text.replace(PRODUCT, (m) => '#'.repeat(m.length));
		let d = depth;
		let at = 0;
		for (const match of clean.matchAll(WORD)) {
			for (const char of clean.slice(at, match.index)) {
				if (char === OPEN) d += 1;
				else if (char === CLOSE) d = Math.max(0, d - 1);
			}
			at = match.index;
			(d > 0 ? inside : outside).push(match[0]);
		}
		for (const char of clean.slice(at)) {
			if (char === OPEN) d += 1;
			else if (char === CLOSE) d = Math.max(0, d - 1);
		}
		return { outside, inside, depth: d };
	};

	// Words Intl writes in `locale`: not ours to translate, and translated in every real language.
	const intl = new Set<string>();
	const learn = (text: string | undefined) => {
		for (const word of text?.match(WORD) ?? []) intl.add(word);
	};
	for (let month = 0; month < 12; month++) {
		for (const style of ['long', 'short'] as const) learn(new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' }).format(Date.UTC(2026, month, 15)));
	}
	for (let day = 0; day < 7; day++) {
		for (const style of ['long', 'short'] as const) learn(new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(Date.UTC(2026, 0, 5 + day)));
	}
	learn(new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(Date.UTC(2026, 0, 5, 14)));
	for (const type of ['conjunction', 'disjunction'] as const) learn(new Intl.ListFormat(locale, { type }).format(['1', '2', '3']));
	const languages = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' });
	const a = 'a'.charCodeAt(0);
	for (let i = 0; i < 26 * 26; i++) learn(languages.of(String.fromCharCode(a + Math.floor(i / 26), a + (i % 26))));
	/** Plain words that are not all Intl's. */
	const untranslated = (words: string[]) => words.some((word) => !intl.has(word));

	const english: string[] = [];
	const values: string[] = [];
	const quote = (text: string) => `“${text.replace(/\s+/g, ' ').trim().slice(0, 120)}”`;

	// Text, in document order: a translated sentence can be split around a name in its <bdi>, so the
	// bracket depth runs on across nodes, through the ones that are not checked.
	let depth = 0;
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		const text = node.textContent ?? '';
		const found = scan(text, depth);
		depth = found.depth;
		const parent = node.parentElement;
		if (!parent || parent.closest(NOT_UI)) continue;
		if (untranslated(found.outside)) english.push(`${pathOf(parent)}: ${quote(text)}`);
		const loose = found.inside.filter((word) => !intl.has(word));
		if (loose.length > 0) values.push(`${pathOf(parent).replace(/#([a-z]+-)[a-z0-9]{32}\b/g, '#$1…')}: ${loose.join(' ')}`);
	}

	// What is heard or seen without being a text node. An attribute cannot hold a <bdi>, so names in
	// translated attribute text are expected there.
	const attribute = (el: Element, name: string, value: string | null) => {
		if (!value || el.closest(NOT_UI)) return;
		if (untranslated(scan(value, 0).outside)) english.push(`${pathOf(el)} [${name}]: ${quote(value)}`);
	};
	for (const el of document.querySelectorAll('body [title], [aria-label], [aria-description], [aria-roledescription], [aria-valuetext], [placeholder], img[alt], area[alt], input[alt]')) {
		for (const name of ['title', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'alt']) {
			attribute(el, name, el.getAttribute(name));
		}
	}
	for (const el of document.querySelectorAll('input[type="submit"], input[type="button"], input[type="reset"]')) attribute(el, 'value', el.getAttribute('value'));
	for (const el of document.querySelectorAll('head meta[name="description"]')) attribute(el, 'content', el.getAttribute('content'));
	const title = document.title;
	if (untranslated(scan(title, 0).outside)) english.push(`<title>: ${quote(title)}`);

	return { lang: document.documentElement.lang, english, values };
}

/** The page in the pseudo-locale: its language, no plain English, no sideways scrolling, nothing cut off. */
async function checkPage(page: Page, where: string, expect: ExpectStatic): Promise<void> {
	const found = await page.evaluate(findEnglish, PSEUDO_BASE_LOCALE);
	expect.soft(found.lang, `${where}: <html lang>`).toBe(PSEUDO_LOCALE);
	expect.soft(found.english, `${where}: plain English on the page:\n  ${found.english.join('\n  ')}`).toEqual([]);
	for (const what of new Set(found.values)) looseValues.set(what, [...(looseValues.get(what) ?? []), where]);

	const problems: string[] = [];
	const overflow = await page.evaluate(() => window.__probe.overflow());
	if (overflow > 0) problems.push(`${overflow} px too wide, the page scrolls sideways`);
	problems.push(...(await page.evaluate(() => window.__probe.clipped())));
	expect.soft(problems, `${where}: layout at 320 px with text 40 % longer:\n  ${problems.join('\n  ')}`).toEqual([]);
}

test(`?lang=${PSEUDO_LOCALE} is remembered, shows in <html lang>, and is never offered in the language switcher`, async ({ expect }) => {
	const context = await browser.newContext({ baseURL: inject('baseURL') });
	try {
		const page = await context.newPage();
		await page.goto(`/sign-in?lang=${PSEUDO_LOCALE}`);
		await hydrated(page);
		expect(await page.evaluate(() => document.documentElement.lang)).toBe(PSEUDO_LOCALE);
		expect((await page.locator('h1').textContent())?.trim()).toMatch(/^⟦[^A-Za-z]+⟧$/);
		expect((await context.cookies()).find((c) => c.name === 'lang')?.value).toBe(PSEUDO_LOCALE);
		const offered = await page.locator('.language-select [lang]').evaluateAll((els) => els.map((el) => el.getAttribute('lang')));
		expect(offered).toEqual(LOCALES.map((l) => l.code));
		// And a real language takes over again.
		await page.goto('/sign-in?lang=cy');
		expect(await page.evaluate(() => document.documentElement.lang)).toBe('cy');
	} finally {
		await context.close();
	}
});

describe(`in the pseudo-locale ${PSEUDO_LOCALE}, 40 % longer`, () => {
	test.concurrent.for(CRAWL_ROLES)('one page of each kind as %s', { timeout: TIMEOUT }, async (role, { expect }) => {
		// Crawled as English, whose text it shows: the same pages, the same links followed.
		const check = async (page: Page, { status, where }: CrawledPage) => {
			expect.soft(status, `${where}: status`).toBeLessThan(500);
			await checkPage(page, where.replace(' en-GB ', ` ${PSEUDO_LOCALE} `), expect);
			totals.pages += 1;
		};
		await checkEveryPage(() => pageFor(role), role, 'en-GB', expect, check, { oneOfEach: true });
	});

	test('every form’s error state', { timeout: TIMEOUT }, async ({ expect }) => {
		await checkEveryErrorState(pageFor, PSEUDO_LOCALE, async (page, where) => {
			await checkPage(page, where, expect);
			totals.errorStates += 1;
		});
	});
});
