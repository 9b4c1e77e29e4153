import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import type { Locale } from '../../src/lib/i18n/locales';
import { browserForFile } from './support/browser';
import { message } from './support/i18n';

// Easy Read (DOMAIN.md §9): larger text with room between lines, a picture beside each main idea,
// and goal cards that lead with a picture of where the goal is up to, a few words saying it, and
// the goal in the family's own words. Amira reads her plan on a phone, where ordinary English text
// is smaller; Easy Read text must not be.

const demo = inject('demo');
const PLAN = `/family/${demo.familyA}/plan`;
const PHONE = { viewport: { width: 360, height: 740 } };
const EASY: Locale = 'en-GB-x-easy';

const chromium = browserForFile();

async function openPlan(locale: Locale): Promise<Page> {
	const context = await chromium.context('amira', locale, PHONE);
	const page = await context.newPage();
	await page.goto(PLAN);
	return page;
}

interface TextMetrics {
	tag: string;
	text: string;
	fontSize: number;
	lineHeight: number;
}

/** Font size and line height (px) of each visible paragraph and list item in the page's main content. */
async function textMetrics(page: Page): Promise<TextMetrics[]> {
	return page.locator('main').evaluate((main) =>
		[...main.querySelectorAll('p, li')]
			.filter((el) => el instanceof HTMLElement && el.offsetParent !== null && (el.textContent ?? '').trim() !== '')
			.filter((el) => !el.closest('.visually-hidden'))
			.map((el) => {
				const style = getComputedStyle(el);
				const fontSize = parseFloat(style.fontSize);
				// "normal" has no number; it is about 1.2, which the check below would rightly refuse.
				const lineHeight = style.lineHeight === 'normal' ? fontSize * 1.2 : parseFloat(style.lineHeight);
				return { tag: el.tagName.toLowerCase(), text: (el.textContent ?? '').trim().slice(0, 40), fontSize, lineHeight };
			})
	);
}

/** Whether an icon is hidden from assistive technology or named for it. */
async function iconIsHiddenOrNamed(icon: ReturnType<Page['locator']>): Promise<boolean> {
	const hidden = await icon.getAttribute('aria-hidden');
	const label = await icon.getAttribute('aria-label');
	return hidden === 'true' || (label !== null && label.trim() !== '');
}

describe('Easy Read: Amira’s plan on her phone', () => {
	let page: Page;

	beforeAll(async () => {
		page = await openPlan(EASY);
	});

	test('the page is in Easy Read and its CSS applies to the private-use language tag', async () => {
		expect(await page.locator('html').getAttribute('lang')).toBe(EASY);
		expect(await page.locator('html').evaluate((html) => html.matches(':lang(en-GB-x-easy)'))).toBe(true);
		expect(await page.locator('h1').textContent()).toContain(message(EASY, 'plan:page.title'));
	});

	test('paragraphs and list items are at least 19px with lines at least 1.5 times as tall', async () => {
		const metrics = await textMetrics(page);
		expect(metrics.length).toBeGreaterThan(10);
		const small = metrics.filter((m) => m.fontSize < 19);
		expect(small, 'text smaller than 19px').toEqual([]);
		const cramped = metrics.filter((m) => m.lineHeight < m.fontSize * 1.5 - 0.5);
		expect(cramped, 'lines closer than 1.5 × the text size').toEqual([]);
	});

	test('each main heading has a picture before its words, hidden from screen readers', async () => {
		const headings = page.locator('main :is(h1, h2).icon-heading');
		expect(await headings.count()).toBeGreaterThanOrEqual(5);
		for (const heading of await headings.all()) {
			const icon = heading.locator('> svg.easy-icon');
			expect(await icon.count(), `a picture in "${await heading.textContent()}"`).toBe(1);
			expect(await icon.isVisible()).toBe(true);
			expect(await iconIsHiddenOrNamed(icon)).toBe(true);
			expect(await icon.getAttribute('focusable')).toBe('false');
			// The picture comes first, at the start of the line, with the words beside it (not under it).
			const [iconBox, textBox] = await Promise.all([icon.boundingBox(), heading.locator('> span').boundingBox()]);
			expect(iconBox && textBox).toBeTruthy();
			if (iconBox && textBox) {
				expect(iconBox.x + iconBox.width).toBeLessThanOrEqual(textBox.x + 1);
				expect(iconBox.y).toBeLessThan(textBox.y + textBox.height);
			}
		}
		// Nothing an icon says is lost: every picture on the page is hidden or has a name.
		for (const icon of await page.locator('main svg.easy-icon').all()) expect(await iconIsHiddenOrNamed(icon)).toBe(true);
	});

	test('each goal card starts with a status picture, the status in a few words, then the goal in her words', async () => {
		const cards = page.locator('.goal-list > li');
		expect(await cards.count()).toBeGreaterThanOrEqual(5);
		const statusLabels = ['suggested', 'agreed', 'working_on', 'done', 'stopped'].map((s) => message(EASY, `plan:status.${s}`));
		for (const card of await cards.all()) {
			const firstThree = await card.evaluate((li) =>
				[...li.children].slice(0, 3).map((el) => ({ className: el.className, tag: el.tagName.toLowerCase(), text: (el.textContent ?? '').trim() }))
			);
			expect(firstThree.map((c) => c.className.split(' ')[0])).toEqual(['goal__icon', 'goal__status', 'goal__title']);
			expect(statusLabels).toContain(firstThree[1]?.text);
			expect(firstThree[2]?.tag).toBe('h3');

			const icon = card.locator('.goal__icon svg');
			expect(await icon.isVisible(), 'the status picture shows in Easy Read').toBe(true);
			expect(await icon.getAttribute('aria-hidden'), 'the words beside it say the status').toBe('true');
			// Laid out as two columns: the picture first, then the status and the goal beside it.
			const [iconBox, statusBox, titleBox] = await Promise.all([
				icon.boundingBox(),
				card.locator('.goal__status').boundingBox(),
				card.locator('.goal__title').boundingBox()
			]);
			expect(iconBox && statusBox && titleBox).toBeTruthy();
			if (iconBox && statusBox && titleBox) {
				expect(iconBox.x + iconBox.width).toBeLessThanOrEqual(statusBox.x + 1);
				expect(iconBox.x + iconBox.width).toBeLessThanOrEqual(titleBox.x + 1);
				expect(statusBox.y).toBeLessThan(titleBox.y);
			}
			// The goal's words are the family's own, kept in their own direction.
			expect(await card.locator('.goal__title bdi').count()).toBe(1);
		}
	});
});

describe('the same plan in plain English', () => {
	test('keeps its own look: heading pictures hidden, goal cards with status then goal, text a readable size', async () => {
		const page = await openPlan('en-GB');
		expect(await page.locator('h1').textContent()).toContain(message('en-GB', 'plan:page.title'));
		expect(await page.locator('main .icon-heading > svg.easy-icon').first().isVisible()).toBe(false);
		const card = page.locator('.goal-list > li').first();
		expect(await card.locator('.goal__icon svg').isVisible()).toBe(false);
		// The status still leads the card, with its small picture beside the words.
		expect(await card.locator('.goal__status .easy-icon').isVisible()).toBe(true);
		const [statusBox, titleBox] = await Promise.all([card.locator('.goal__status').boundingBox(), card.locator('.goal__title').boundingBox()]);
		expect(statusBox && titleBox && statusBox.y < titleBox.y).toBe(true);
		const metrics = await textMetrics(page);
		expect(metrics.every((m) => m.fontSize >= 16)).toBe(true);
	});
});
