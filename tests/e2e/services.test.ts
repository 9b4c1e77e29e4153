import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { addWorkingDays, ukToday } from '../../src/lib/server/clock';
import { formatDate } from '../../src/lib/i18n/format';
import type { Actor, DemoRating, Person } from './support/accounts';
import { launchBrowser, newContextFor } from './support/browser';
import { dataPath, pageNode, searchable } from './support/data';
import { request } from './support/http';
import { LOCALE_CODES, decodeEntities, errorTitlePrefix, fill, message, plural, pluralForms, templatePattern, type Locale } from './support/i18n';
import { pathOf, submit, text } from './support/pages';

// "Find support" and families' ratings of services, as the issue's "done when" tells it: a family
// finds the debt advice service without signing in and reads it in plain words; Amira rates the
// Family Support Service anonymously with faces and words (keyboard only), Morgan sees it waiting
// and replies, and Amira is told and reads the reply. Then what must never happen: an anonymous
// rating that gives away who wrote it on any page or data the service's staff or the administrator
// can load; anyone but the service's own staff replying; a family changing someone else's rating;
// figures from too few ratings. Bad input is refused next to the field in the reader's language,
// the forms work without JavaScript, and the administrator's directory file is all or nothing.
//
// Files run one after another against one database. Ratings cannot be taken back, so what this
// file adds stays, each rating answered so nothing is left waiting on anyone's list: Amira's
// anonymous rating of the Family Support Service (answered by Morgan) and Mia's with her first name
// (answered by Jo). The directory keeps the example ORUK service imported at the end.

const demo = inject('demo');
const A = demo.familyA;
const B = demo.familyB;
const FS = demo.familySupportService;
const NURSING = demo.schoolNursingService;
const DEBT = demo.debtAdviceService;
/** Millbrook Food Bank: nobody here answers its ratings. */
const FOOD = demo.foodBankService;
const FS_NAME = 'Family Support Service';
const NURSING_NAME = 'School Nursing Service';
const DEBT_NAME = 'Money Matters Debt Advice';
const NO_JS: BrowserContextOptions = { javaScriptEnabled: false };
const PHONE = { width: 360, height: 740 };
/** Makes the words of each run's ratings its own. */
const RUN = Date.now().toString(36);
const EXAMPLE_FILE = resolve(import.meta.dirname, '../fixtures/oruk/example_service_full.json');

/** The English text for `ns:key`, filled in. */
const en = (key: string, values: Record<string, string | number> = {}) => fill(message('en-GB', key), values);

const servicePath = (id: string) => `/services/${id}`;
const ratePath = (id: string) => `/services/${id}/rate`;
const feedbackPath = (id: string) => `/services/${id}/feedback`;
const changesPath = (id: string) => `/services/${id}/you-said-we-did`;

let browser: Browser;
const contexts: BrowserContext[] = [];
/** Amira's anonymous rating of the Family Support Service: made in the journey, looked for after it. */
const amiraRating: { id: string } = { id: '' };

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await closeContexts();
	await browser?.close();
});

async function open(role: Actor, options: BrowserContextOptions = {}, locale: Locale = 'en-GB'): Promise<Page> {
	const context = await newContextFor(browser, role, locale, options);
	contexts.push(context);
	return context.newPage();
}

async function closeContexts(): Promise<void> {
	await Promise.all(contexts.splice(0).map((c) => c.close()));
}

/**
 * A page with the app's own scripts blocked, as no-javascript.test.ts makes one: every form is a
 * plain HTML post and every link a full load. `blocked()` says how many script requests were refused.
 */
async function openWithoutScripts(role: Actor, locale: Locale = 'en-GB'): Promise<{ page: Page; blocked: () => number }> {
	const context = await newContextFor(browser, role, locale, { viewport: PHONE });
	contexts.push(context);
	let blocked = 0;
	await context.route('**/_app/**/*.js', (route) => {
		blocked += 1;
		return route.abort();
	});
	return { page: await context.newPage(), blocked: () => blocked };
}

/** Presses Tab until focus reaches what `selector` matches, or a link to `path`; fails after `max` presses. */
async function tabTo(page: Page, target: { selector?: string; path?: string }, max = 100): Promise<void> {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const reached = await page.evaluate(({ selector, path }) => {
			const el = document.activeElement;
			if (!el) return false;
			if (selector && el.matches(selector)) return true;
			if (path && el instanceof HTMLAnchorElement) {
				const url = new URL(el.href);
				return `${url.pathname}${url.search}` === path;
			}
			return false;
		}, target);
		if (reached) return;
	}
	throw new Error(`e2e: ${max} presses of Tab never reached ${JSON.stringify(target)} on ${page.url()}`);
}

/** The id of the element focus is on. */
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** After an enhanced submit (JavaScript on): waits until the error summary has taken focus. */
async function submitExpectingErrors(page: Page, form: Locator): Promise<void> {
	await form.locator('button[type="submit"]').click();
	await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') ?? false, null, { timeout: 10_000 });
}

/** A rating card on the page, by the rating's id. */
const card = (page: Page, ratingId: string) => page.locator(`li.rating-card#rating-${ratingId}`);

/** The rating's id on a page, found by words it holds. */
async function ratingIdOn(page: Page, words: string): Promise<string> {
	const id = (await page.locator('li.rating-card', { hasText: words }).first().getAttribute('id')) ?? '';
	const ratingId = /^rating-([a-z0-9]{32})$/.exec(id)?.[1];
	if (!ratingId) throw new Error(`e2e: no rating card holding "${words}" on ${page.url()}`);
	return ratingId;
}

/** A POST that must work for the state to be set up (or put back). */
async function post(role: Actor, path: string, form: Record<string, string>): Promise<Response> {
	const response = await request(role, path, { form });
	if (response.status !== 303) throw new Error(`e2e: POST ${path} as ${role} gave ${response.status}`);
	return response;
}

/** The working day a rating sent today is due a reply by (the demo's services give themselves 5). */
const dueToday = () => formatDate('en-GB', addWorkingDays(ukToday(), 5));

/** The names of the services a directory page lists. */
async function listedServices(page: Page): Promise<string[]> {
	return (await page.locator('.directory-card__name').allTextContents()).map((t) => t.trim());
}

// ---------------------------------------------------------------------------------------------
describe('Find support, without signing in', () => {
	test('typing “debt” or “money”, or choosing the kind “Information and advice”, finds the debt advice service', async () => {
		const page = await open('anonymous');
		await page.goto('/', { waitUntil: 'networkidle' });
		const link = page.locator('header a', { hasText: en('common:shell.services') });
		expect(await pathOf(link)).toBe('/services');
		await Promise.all([page.waitForURL('**/services'), link.click()]);
		expect(await text(page.locator('h1'))).toBe(en('services:directory.title'));

		for (const words of ['debt', 'money']) {
			await page.locator('#q').fill(words);
			await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === words), page.locator('#q').press('Enter')]);
			await page.waitForLoadState('networkidle');
			const found = await listedServices(page);
			expect(found, `“${words}”`).toContain(DEBT_NAME);
			expect(found, `“${words}” finds the one service about money`).toEqual([DEBT_NAME]);
			expect(await text(page.locator('[role="status"]'))).toBe(plural('en-GB', 'services:directory.results_count', found.length));
		}

		await page.locator('#q').fill('');
		await page.locator('#kind').selectOption('advice');
		await Promise.all([page.waitForURL((url) => url.searchParams.get('kind') === 'advice'), page.locator('.directory-search button[type="submit"]').click()]);
		await page.waitForLoadState('networkidle');
		const advice = await listedServices(page);
		expect(advice).toContain(DEBT_NAME);
		// Every service listed gives advice; the rest of the directory does not.
		for (const name of advice) {
			const kinds = await text(page.locator('li.directory-card', { has: page.locator('.directory-card__name', { hasText: name }) }));
			expect(kinds, name).toContain(en('services:directory.kinds.advice'));
		}
		expect(advice.length).toBeLessThan(9);

		await Promise.all([page.waitForURL(`**${servicePath(DEBT)}`), page.getByRole('link', { name: DEBT_NAME }).click()]);
		expect(await text(page.locator('h1'))).toBe(DEBT_NAME);
	});

	test('the same search without JavaScript, with an age and a language; a wrong age is refused next to the field', async () => {
		const { page, blocked } = await openWithoutScripts('anonymous');
		await page.goto('/services');
		await page.locator('#q').fill('money');
		await page.locator('#kind').selectOption('advice');
		await page.locator('#age').fill('34');
		await page.locator('#language').selectOption('pl');
		await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === 'money'), page.locator('.directory-search button[type="submit"]').click()]);
		expect(await listedServices(page)).toEqual([DEBT_NAME]);
		// A child's age finds no debt advice (it is for ages 18 and over).
		await page.locator('#age').fill('12');
		await Promise.all([page.waitForURL((url) => url.searchParams.get('age') === '12'), page.locator('.directory-search button[type="submit"]').click()]);
		expect(await listedServices(page)).toEqual([]);
		expect(await text(page.locator('main'))).toContain(en('services:directory.no_results'));

		await page.locator('#age').fill('twelve');
		await Promise.all([page.waitForURL((url) => url.searchParams.get('age') === 'twelve'), page.locator('.directory-search button[type="submit"]').click()]);
		const error = en('services:directory.search.errors.age');
		expect(await page.title()).toBe(fill(message('en-GB', 'common:title.with_error'), { title: en('services:directory.title') }));
		expect(await text(page.locator('.error-summary'))).toContain(error);
		expect(await page.locator('.error-summary a[href="#age"]').count()).toBe(1);
		expect(await text(page.locator('#age-error'))).toContain(error);
		expect(await page.locator('#age').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('#age').inputValue(), 'what was typed is kept').toBe('twelve');
		expect(blocked()).toBeGreaterThan(0);

		// In Welsh and Urdu too.
		for (const locale of ['cy', 'ur'] as const) {
			const html = await (await request('anonymous', '/services?age=twelve', { cookies: { lang: locale } })).text();
			expect(decodeEntities(html), locale).toContain(message(locale, 'services:directory.search.errors.age'));
		}
	});

	test('the debt advice service’s page is in plain words; a service nobody here answers for takes no ratings', async () => {
		const page = await open('anonymous');
		const response = await page.goto(servicePath(DEBT));
		expect(response?.status()).toBe(200);
		const main = page.locator('main');
		const headings = (await main.locator('h2').allTextContents()).map((t) => t.trim());
		// The page asks the questions a family has, in the app's words.
		for (const key of ['offer', 'who', 'where', 'languages', 'cost', 'accessibility', 'ask', 'contact']) {
			expect(headings, key).toContain(en(`services:directory.entry.${key}_heading`));
		}
		expect(headings).toContain(en('services:ratings.heading'));
		const words = await text(main);
		expect(words).toContain(en('services:directory.ages.from', { min: 18 }));
		expect(words).toContain(en('services:directory.entry.free'));
		expect(words).toContain(en('services:directory.entry.ask.self'));
		// No words from the file format or the database, no codes, no machine dates.
		const jargon = [
			/\b(ORUK|Open Referral|taxonomy|attribute|eligibility|schema|service_at_location|minimum_age)\b/i,
			/\b[a-z]+_[a-z_]+\b/,
			/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
			/\b[a-z0-9]{32}\b/,
			/\d{4}-\d{2}-\d{2}/,
			/\b(null|undefined|NaN|true|false)\b|\[object /
		];
		for (const pattern of jargon) expect(words, `${pattern}`).not.toMatch(pattern);
		// Short sentences: on average at most 20 words, none over 40.
		const sentences = (await main.locator('p, li, dd').allTextContents())
			.flatMap((t) => t.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/))
			.map((s) => s.trim())
			.filter((s) => s.split(' ').length > 3);
		const lengths = sentences.map((s) => s.split(' ').length);
		expect(sentences.length).toBeGreaterThan(5);
		expect(lengths.reduce((a, b) => a + b, 0) / lengths.length).toBeLessThanOrEqual(20);
		expect(Math.max(...lengths)).toBeLessThanOrEqual(40);
		// Phone and email are links a phone can use.
		expect(await main.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
		expect(await main.locator('a[href^="mailto:"]').count()).toBeGreaterThan(0);
		// Nobody at the food bank answers ratings on Common Ground: no way to rate it, for anyone.
		const food = await (await request('anonymous', servicePath(FOOD))).text();
		expect(decodeEntities(food)).toContain(en('services:ratings.not_open'));
		for (const role of ['anonymous', 'amira'] as const) {
			const html = await (await request(role, servicePath(FOOD))).text();
			expect(html, role).not.toMatch(new RegExp(`href="[^"]*${FOOD}/rate"`));
		}
	});
});

// ---------------------------------------------------------------------------------------------
describe('Amira rates the Family Support Service anonymously; Morgan replies; Amira reads it', () => {
	const GOOD = `Jo explained every step of our plan and always called back. (${RUN})`;
	const BETTER = `Letters about meetings went to our old address twice. (${RUN})`;
	const REPLY = `Thank you. We have fixed the address list, and letters now go where you live. (${RUN})`;
	/** What the attention list quotes of a rating: what could be better, if it says. */
	const attentionItem = (page: Page) => page.locator('section[aria-labelledby="needs-attention"] ol > li').filter({ has: page.locator('q', { hasText: BETTER }) });

	afterAll(closeContexts);

	test('Amira goes from her family page to the service and rates it with the keyboard alone: faces and words, anonymous', async () => {
		const page = await open('amira', { viewport: PHONE });
		await page.goto(`/family/${A}`, { waitUntil: 'networkidle' });
		// Find support, then the service, then "Rate this service": Tab and Enter only.
		await tabTo(page, { path: '/services' });
		await Promise.all([page.waitForURL('**/services'), page.keyboard.press('Enter')]);
		await page.waitForLoadState('networkidle');
		await tabTo(page, { selector: '#q' });
		await page.keyboard.type('family support');
		await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === 'family support'), page.keyboard.press('Enter')]);
		await page.waitForLoadState('networkidle');
		expect(await listedServices(page)).toContain(FS_NAME);
		await tabTo(page, { path: servicePath(FS) });
		await Promise.all([page.waitForURL(`**${servicePath(FS)}`), page.keyboard.press('Enter')]);
		await page.waitForLoadState('networkidle');
		const rate = page.getByRole('link', { name: en('services:ratings.rate'), exact: true });
		expect(await rate.count(), 'she has not rated it yet').toBe(1);
		await tabTo(page, { path: ratePath(FS) });
		await Promise.all([page.waitForURL(`**${ratePath(FS)}`), page.keyboard.press('Enter')]);
		await page.waitForLoadState('networkidle');
		expect(await text(page.locator('h1'))).toBe(en('services:rate.title', { service: FS_NAME }));
		expect(await text(page.locator('legend').first())).toBe(en('services:rate.score_legend'));

		// Each answer is a face with its word.
		const tiles = page.locator('.feelings__label');
		expect(await tiles.count()).toBe(6);
		for (const [i, score] of ['very_good', 'good', 'neither', 'poor', 'very_poor', 'dont_know'].entries()) {
			expect(await tiles.nth(i).locator('svg').count(), score).toBe(1);
			expect(await text(tiles.nth(i)), score).toContain(en(`services:scores.${score}`));
		}
		// Nothing chosen yet, and "anonymous" is chosen for her.
		expect(await page.locator('input[name="score"]:checked').count()).toBe(0);
		expect(await page.locator('#name').isChecked()).toBe(true);
		expect(await page.locator('input[name="version"]').count()).toBe(0);

		await tabTo(page, { selector: 'input[name="score"]' });
		expect(await focusedId(page)).toBe('score');
		await page.keyboard.press('Space');
		await page.keyboard.press('ArrowRight');
		expect(await page.locator('#score-good').isChecked()).toBe(true);
		await page.keyboard.press('Tab');
		expect(await focusedId(page)).toBe('what_was_good');
		await page.keyboard.type(GOOD);
		await page.keyboard.press('Tab');
		expect(await focusedId(page)).toBe('could_be_better');
		await page.keyboard.type(BETTER);
		await page.keyboard.press('Tab');
		// Into the name choice, on the choice already made: anonymous.
		expect(await focusedId(page)).toBe('name');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.type)).toBe('submit');
		expect(await text(page.locator('button:focus'))).toBe(en('services:rate.send'));
		await Promise.all([page.waitForURL((url) => url.pathname === servicePath(FS) && url.searchParams.get('rated') === '1'), page.keyboard.press('Enter')]);
		await page.waitForLoadState('networkidle');
		expect(new URL(page.url()).hash).toBe('#your-rating');

		// "Your rating": her words, marked as hers and anonymous, waiting for the service.
		expect(await text(page.locator('#your-rating'))).toBe(en('services:ratings.yours_heading'));
		expect(await text(page.locator('[role="status"]', { hasText: en('services:ratings.thanks') }))).toBe(en('services:ratings.thanks'));
		amiraRating.id = await ratingIdOn(page, BETTER);
		const mine = card(page, amiraRating.id);
		expect(await text(mine.locator('.rating-card__heading'))).toBe(`${en('services:scores.good')} – ${en('services:feedback.yours')}`);
		expect(await text(mine)).toContain(en('services:feedback.you_were_anonymous'));
		expect(await text(mine)).toContain(GOOD);
		expect(await text(mine)).toContain(BETTER);
		expect(await text(mine)).toContain(en('services:feedback.no_reply_yet'));
		expect(await page.getByRole('link', { name: en('services:ratings.rate_again'), exact: true }).count()).toBe(1);
	});

	test('Morgan finds it under “Needs your attention” and on the “Waiting for a reply” list, without her name', async () => {
		expect(amiraRating.id, 'Amira rated it').not.toBe('');
		const page = await open('morgan');
		await page.goto('/my-families', { waitUntil: 'networkidle' });
		const item = attentionItem(page);
		expect(await item.count()).toBe(1);
		expect(await text(item.locator('a'))).toBe(en('worker:attention.service_rating_anonymous', { service: FS_NAME }));
		expect(await text(item)).toContain(en('worker:attention.due_on', { date: dueToday() }));
		expect(await text(item)).not.toMatch(/Amira|Hassan/);
		expect(await item.locator('a').getAttribute('href')).toMatch(new RegExp(`${feedbackPath(FS)}#rating-${amiraRating.id}$`));

		await Promise.all([page.waitForURL((url) => url.pathname === feedbackPath(FS)), item.locator('a').click()]);
		await page.waitForLoadState('networkidle');
		expect(await text(page.locator('h1'))).toBe(en('services:feedback.title', { service: FS_NAME }));
		const filter = page.locator('nav.filter-links').first();
		expect(await text(filter.locator('[aria-current="page"]'))).toBe(en('services:feedback.show_all'));
		await Promise.all([
			page.waitForURL((url) => url.searchParams.get('show') === 'waiting'),
			filter.getByRole('link', { name: en('services:feedback.show_waiting') }).click()
		]);
		await page.waitForLoadState('networkidle');
		expect(await text(filter.locator('[aria-current="page"]'))).toBe(en('services:feedback.show_waiting'));
		const waiting = card(page, amiraRating.id);
		expect(await waiting.count()).toBe(1);
		expect(await text(waiting.locator('.rating-card__heading'))).toBe(`${en('services:scores.good')} – ${en('services:feedback.anonymous')}`);
		expect(await text(waiting)).toContain(en('services:feedback.due_on', { date: dueToday() }));
		expect(await text(waiting)).not.toMatch(/Amira|Hassan/);
		// Everything on the waiting list waits: each card has its date, none has a reply yet.
		const dates = ['services:feedback.due_on', 'services:feedback.overdue'].map((key) => templatePattern(message('en-GB', key)));
		const cards = page.locator('li.rating-card');
		expect(await cards.count()).toBeGreaterThanOrEqual(2);
		for (let i = 0; i < (await cards.count()); i++) {
			const shown = await text(cards.nth(i));
			expect(dates.some((p) => p.test(shown)), shown).toBe(true);
			expect(await cards.nth(i).locator('.rating-reply').count()).toBe(0);
		}
	});

	test('Morgan replies with “Change made”; it leaves his lists', async () => {
		const page = await open('morgan');
		await page.goto(`${feedbackPath(FS)}?show=waiting`, { waitUntil: 'networkidle' });
		const waiting = card(page, amiraRating.id);
		await waiting.locator(`#reply-${amiraRating.id}`).fill(REPLY);
		await waiting.locator(`#tag-${amiraRating.id}`).selectOption('change_made');
		await Promise.all([
			page.waitForURL((url) => url.searchParams.get('replied') === '1'),
			waiting.locator('button[type="submit"]').click()
		]);
		await page.waitForLoadState('networkidle');
		expect(new URL(page.url()).hash).toBe(`#rating-${amiraRating.id}`);
		expect(await text(page.locator('[role="status"]', { hasText: en('services:feedback.replied') }))).toBe(en('services:feedback.replied'));
		const answered = card(page, amiraRating.id);
		expect(await text(answered.locator('.rating-reply'))).toContain(REPLY);
		expect(await text(answered.locator('.rating-reply .tag'))).toBe(en('services:tags.change_made'));
		expect(await text(answered.locator('.rating-reply__who'))).toContain(en('services:feedback.reply_from', { name: 'Morgan Ellis' }));

		await page.goto(`${feedbackPath(FS)}?show=waiting`, { waitUntil: 'networkidle' });
		expect(await card(page, amiraRating.id).count(), 'no longer waiting').toBe(0);
		await page.goto('/my-families', { waitUntil: 'networkidle' });
		expect(await attentionItem(page).count(), 'gone from his attention list').toBe(0);
		// Nor is it on Jo's, who works for the same service.
		const jo = await open('jo');
		await jo.goto('/my-families');
		expect(await attentionItem(jo).count()).toBe(0);
	});

	test('Amira’s family page says the service replied; she reads it under her rating; then the notice is gone', async () => {
		const page = await open('amira', { viewport: PHONE });
		await page.goto(`/family/${A}`, { waitUntil: 'networkidle' });
		const notice = page.locator('main .notice[role="status"]', { hasText: en('services:replied_notice', { service: FS_NAME }) });
		expect(await notice.count()).toBe(1);
		// "Read their reply", and for a screen reader which service's.
		const link = notice.locator('a');
		expect(await text(link)).toBe(`${en('services:replied_notice_link')}: ${FS_NAME}`);
		expect(await link.getAttribute('href')).toMatch(new RegExp(`${servicePath(FS)}#your-rating$`));
		await Promise.all([page.waitForURL((url) => url.pathname === servicePath(FS) && url.hash === '#your-rating'), link.click()]);
		await page.waitForLoadState('networkidle');

		const mine = card(page, amiraRating.id);
		expect(await text(mine.locator('.tag').first())).toBe(en('services:feedback.new_reply'));
		expect(await text(mine.locator('.rating-reply'))).toContain(REPLY);
		expect(await text(mine.locator('.rating-reply .tag'))).toBe(en('services:tags.change_made'));
		expect(await text(mine.locator('.rating-reply__who'))).toContain(en('services:feedback.reply_from', { name: 'Morgan Ellis' }));
		// The reply sits under her rating, in her "Your rating" section.
		expect(await page.locator('#your-rating ~ ul li.rating-card').filter({ hasText: REPLY }).count()).toBe(1);

		await page.goto(`/family/${A}`, { waitUntil: 'networkidle' });
		expect(await notice.count(), 'read, so the notice is gone').toBe(0);
		await page.goto(servicePath(FS), { waitUntil: 'networkidle' });
		expect(await card(page, amiraRating.id).locator('.rating-card .tag, .tag', { hasText: en('services:feedback.new_reply') }).count()).toBe(0);
		expect(await text(card(page, amiraRating.id))).toContain(REPLY);
	});
});

// ---------------------------------------------------------------------------------------------
describe('anonymous means anonymous', () => {
	interface Fetched {
		what: string;
		status: number;
		body: string;
	}
	/** Something that must not be in a response, and how it would show. */
	interface Secret {
		what: string;
		pattern: RegExp;
	}

	const ALL = [FS, NURSING];
	/** The people each viewer may know by name from their own families (on My families only). */
	const KNOWN: Record<string, readonly Person[]> = { jo: ['amira', 'leo'], priya: ['dan', 'mia'], grace: ['amira', 'leo'], morgan: [], admin: [] };
	/** Whose rating list each viewer's "Needs your attention" holds. */
	const OWN_SERVICE: Record<string, string[]> = { jo: [FS], priya: [FS], morgan: [FS], grace: [NURSING], admin: ALL };
	const VIEWERS = ['morgan', 'jo', 'priya', 'admin', 'grace'] as const;
	const searched: string[] = [];
	let responses = 0;

	afterAll(() => {
		console.log(`anonymous ratings: searched ${responses} responses (${searched.join(', ')})`);
	});

	/** Every anonymous rating there is now: the demo's, and Amira's from above. */
	function anonymousRatings(): DemoRating[] {
		const mine: DemoRating[] = amiraRating.id ? [{ id: amiraRating.id, serviceId: FS, anonymous: true, author: demo.people.amira }] : [];
		return [...demo.ratings.filter((r) => r.anonymous), ...mine];
	}

	const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const word = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}_-])${escape(s)}(?![\\p{L}\\p{N}_-])`, 'u');

	/**
	 * What the pages about `scope` (service ids) must never show of the anonymous ratings of those
	 * services: the author's user id, username, display name, and first name (unless they also
	 * rated one of those services with their first name, which then shows rightly). The names of
	 * people in `except` are left out, for pages where the viewer knows them from their own family.
	 */
	function secrets(scope: readonly string[], locale: Locale, except: readonly string[] = []): Secret[] {
		const out = new Map<string, Secret>();
		for (const rating of anonymousRatings().filter((r) => scope.includes(r.serviceId))) {
			const { userId, username, displayName } = rating.author;
			out.set(userId, { what: `${username}'s user id`, pattern: new RegExp(userId) });
			// A short username is a word of Welsh ("dan" is "under"): looked for where it is not.
			if (locale !== 'cy' || username.length > 4) out.set(`u:${username}`, { what: `username ${username}`, pattern: word(username) });
			if (except.includes(username)) continue;
			out.set(displayName, { what: `${username}'s name`, pattern: word(displayName) });
			const first = displayName.split(' ')[0] as string;
			const named = demo.ratings.some((r) => r.author.userId === userId && !r.anonymous && scope.includes(r.serviceId));
			if (!named) out.set(`f:${first}`, { what: `${username}'s first name`, pattern: word(first) });
		}
		return [...out.values()];
	}

	/** The parts of a page that tell of ratings on My families: its rating items (HTML and data). */
	function ratingItems(body: string, isData: boolean): string {
		if (isData) {
			const attention = (pageNode(body).data?.attention ?? []) as Array<{ kind: string }>;
			return JSON.stringify(attention.filter((item) => item.kind === 'service_rating'));
		}
		const list = /<section[^>]*aria-labelledby="needs-attention"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
		return list
			.split(/<li\b/)
			.filter((li) => /\/feedback#rating-/.test(li))
			.join('\n');
	}

	/** A body without the build's asset addresses and the CSP nonce, which are random text. */
	const cleaned = (body: string) => searchable(body.replace(/\/_app\/[^"'\s)]*/g, '').replace(/nonce="[^"]*"/g, ''));

	function leaks(fetched: Fetched, found: readonly Secret[]): string[] {
		const haystack = cleaned(fetched.body);
		return found.filter((s) => s.pattern.test(haystack)).map((s) => `${fetched.what} (${fetched.status}) shows ${s.what}`);
	}

	/** Every page that could show a rating, with the services it is about. */
	function pagesFor(viewer: (typeof VIEWERS)[number]): Array<{ path: string; scope: string[]; myFamilies?: boolean }> {
		const perService = ALL.flatMap((id) =>
			[servicePath(id), feedbackPath(id), `${feedbackPath(id)}?show=waiting`, changesPath(id), ratePath(id), `/service/${id}`].map((path) => ({ path, scope: [id] }))
		);
		return [
			{ path: '/services', scope: ALL },
			{ path: '/services?q=support', scope: ALL },
			...perService,
			{ path: '/my-families', scope: OWN_SERVICE[viewer] ?? ALL, myFamilies: true },
			...['/', '/admin', '/admin/directory', '/admin/services', '/admin/workers', '/admin/families'].map((path) => ({ path, scope: ALL }))
		];
	}

	async function fetchAll(viewer: (typeof VIEWERS)[number]): Promise<string[]> {
		const problems: string[] = [];
		let count = 0;
		const check = (fetched: Fetched, scope: readonly string[], locale: Locale, myFamilies = false) => {
			count += 1;
			const known = myFamilies ? (KNOWN[viewer] ?? []) : [];
			problems.push(...leaks(fetched, secrets(scope, locale, known)));
			if (myFamilies) {
				// Where the family is known, the rating items themselves still never say who.
				const items = { ...fetched, what: `${fetched.what} rating items`, body: ratingItems(fetched.body, fetched.what.includes('__data.json')) };
				problems.push(...leaks(items, secrets(scope, locale)));
			}
		};
		for (const { path, scope, myFamilies } of pagesFor(viewer)) {
			for (const locale of LOCALE_CODES) {
				const response = await request(viewer, path, { cookies: { lang: locale } });
				check({ what: `GET ${path} (${locale})`, status: response.status, body: await response.text() }, scope, locale, myFamilies);
			}
			const data = await request(viewer, dataPath(path));
			check({ what: `GET ${dataPath(path)}`, status: data.status, body: await data.text() }, scope, 'en-GB', myFamilies);
		}
		// The directory file, and a reply form sent back with an error (the list is drawn again).
		const file = await request(viewer, '/admin/directory/export');
		check({ what: 'GET /admin/directory/export', status: file.status, body: await file.text() }, ALL, 'en-GB');
		for (const rating of anonymousRatings()) {
			const failed = await request(viewer, `${feedbackPath(rating.serviceId)}?/reply`, { form: { rating: rating.id, reply: '' } });
			check({ what: `POST ${feedbackPath(rating.serviceId)}?/reply empty`, status: failed.status, body: await failed.text() }, [rating.serviceId], 'en-GB');
		}
		responses += count;
		searched.push(`${viewer} ${count}`);
		return problems;
	}

	test('the checks would find a name: named ratings show theirs, anonymous ones their words, to the staff', async () => {
		// Kerry gave her first name; Dan did not, but his words are there for the service to read.
		const morgan = searchable(await (await request('morgan', feedbackPath(FS))).text());
		expect(morgan).toMatch(word('Kerry'));
		expect(morgan).toContain('Evening appointments would help because I work days.');
		expect(morgan).toContain(en('services:feedback.anonymous'));
		// Sadia rated the school nurses with her first name and the Family Support Service without it.
		const grace = searchable(await (await request('grace', feedbackPath(NURSING))).text());
		expect(grace).toMatch(word('Sadia'));
		expect(grace).toContain('Grace helped me sleep better');
		expect(secrets([FS], 'en-GB').map((s) => s.what)).toContain('rater-sadia\'s first name');
		expect(secrets([NURSING], 'en-GB').map((s) => s.what)).not.toContain('rater-sadia\'s first name');
		expect(secrets([NURSING], 'en-GB').map((s) => s.what)).toContain('leo\'s first name');
		// The author alone is told it is theirs.
		const dan = await (await request('dan', servicePath(FS))).text();
		expect(searchable(dan)).toContain('Evening appointments would help because I work days.');
		expect(searchable(dan)).toContain(en('services:feedback.you_were_anonymous'));
		// And a leak would be caught: Dan's own page is about him (his name is in the header).
		expect(leaks({ what: 'dan’s own page', status: 200, body: dan }, secrets([FS], 'en-GB')).length).toBeGreaterThan(0);
	});

	test.for(VIEWERS)('as %s: no page, data or file tells who wrote an anonymous rating', async (viewer) => {
		if (viewer !== 'admin') expect(amiraRating.id, 'Amira’s rating from the journey above').not.toBe('');
		const problems = await fetchAll(viewer);
		expect(problems, problems.join('\n')).toEqual([]);
	});

	test('Amira’s own rating is the only one her pages call hers; other families see “Anonymous”', async () => {
		expect(amiraRating.id).not.toBe('');
		const amira = await (await request('amira', feedbackPath(FS))).text();
		const danPage = await (await request('dan', feedbackPath(FS))).text();
		/** A rating card's heading: its answer and whose it is. */
		const cardOf = (html: string, id: string) => new RegExp(`<li[^>]*id="rating-${id}"[\\s\\S]*?</h3>`).exec(html)?.[0] ?? '';
		expect(searchable(cardOf(amira, amiraRating.id))).toContain(en('services:feedback.yours'));
		expect(searchable(cardOf(danPage, amiraRating.id))).toContain(en('services:feedback.anonymous'));
		expect(searchable(cardOf(danPage, amiraRating.id))).not.toContain(en('services:feedback.yours'));
		expect(searchable(cardOf(amira, demo.danRating))).toContain(en('services:feedback.anonymous'));
		expect(leaks({ what: 'Dan’s feedback page', status: 200, body: danPage }, secrets([FS], 'en-GB', ['dan']))).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
describe('only the service’s own staff reply; a family changes only its own rating', () => {
	const reply = (rating: string) => ({ rating, reply: `Intruding reply (${RUN})`, tag: 'thank_you' });
	/** How many ratings the service's feedback page lists. */
	const ratingCount = async (serviceId: string) =>
		((await (await request('admin', feedbackPath(serviceId))).text()).match(/class="card rating-card"/g) ?? []).length;
	/** How many replies a rating has, as its author sees them on the service's page. */
	async function repliesTo(author: Actor, serviceId: string, ratingId: string): Promise<number> {
		const html = await (await request(author, servicePath(serviceId))).text();
		const block = new RegExp(`id="rating-${ratingId}"[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';
		return (block.match(/class="rating-reply"/g) ?? []).length;
	}

	test('Grace (school nursing), a family member, the author and the administrator are refused a reply to a Family Support rating', async () => {
		const before = await repliesTo('dan', FS, demo.danRating);
		expect(before).toBe(1);
		const refused = await Promise.all(
			(['grace', 'amira', 'dan', 'mia', 'sam', 'admin'] as const).map(async (role) => [role, (await request(role, `${feedbackPath(FS)}?/reply`, { form: reply(demo.danRating) })).status] as const)
		);
		expect(Object.fromEntries(refused)).toEqual({ grace: 403, amira: 403, dan: 403, mia: 403, sam: 403, admin: 403 });
		// Through her own service's address, another service's rating is not there.
		expect((await request('grace', `${feedbackPath(NURSING)}?/reply`, { form: reply(demo.danRating) })).status).toBe(404);
		// Nor can the Family Support Service's staff answer the school nurses' ratings.
		expect((await request('jo', `${feedbackPath(FS)}?/reply`, { form: reply(demo.leoRating) })).status).toBe(404);
		expect((await request('jo', `${feedbackPath(NURSING)}?/reply`, { form: reply(demo.leoRating) })).status).toBe(403);
		expect(await repliesTo('dan', FS, demo.danRating), 'nothing was added').toBe(before);
		expect(await repliesTo('leo', NURSING, demo.leoRating)).toBe(1);
		const page = searchable(await (await request('morgan', feedbackPath(FS))).text());
		expect(page).not.toContain(`Intruding reply (${RUN})`);
	});

	test('reply forms are shown to the service’s own staff alone', async () => {
		const forms = async (role: Actor, serviceId: string) =>
			((await (await request(role, feedbackPath(serviceId))).text()).match(/action="\?\/reply"/g) ?? []).length;
		const fs = await ratingCount(FS);
		const nursing = await ratingCount(NURSING);
		expect(fs).toBeGreaterThanOrEqual(14);
		expect(nursing).toBe(3);
		expect({ jo: await forms('jo', FS), morgan: await forms('morgan', FS), priya: await forms('priya', FS), grace: await forms('grace', FS) }).toEqual({ jo: fs, morgan: fs, priya: fs, grace: 0 });
		expect({ grace: await forms('grace', NURSING), jo: await forms('jo', NURSING), amira: await forms('amira', NURSING), admin: await forms('admin', NURSING) }).toEqual({
			grace: nursing,
			jo: 0,
			amira: 0,
			admin: 0
		});
		// Only staff get the "Waiting for a reply" filter; for anyone else ?show=waiting shows everything.
		const leo = await (await request('leo', `${feedbackPath(FS)}?show=waiting`)).text();
		expect(leo).not.toContain(en('services:feedback.show_waiting'));
		expect((leo.match(/class="card rating-card"/g) ?? []).length).toBe(fs);
	});

	test('Amira’s rating form changes her own rating; naming Dan’s rating changes nothing of his; an old form is refused', async () => {
		expect(amiraRating.id, 'Amira rated the service above').not.toBe('');
		const page = await open('amira', NO_JS);
		await page.goto(ratePath(FS));
		const form = page.locator('main form.rating-form');
		// The form names no rating: what it changes is whoever is signed in's own.
		const names = new Set(await form.locator('[name]').evaluateAll((els) => els.map((el) => el.getAttribute('name'))));
		expect([...names].sort()).toEqual(['could_be_better', 'name', 'score', 'version', 'what_was_good']);
		const version = await form.locator('input[name="version"]').inputValue();
		expect(await form.locator('#score-good').isChecked(), 'her answer').toBe(true);
		expect(await text(page.locator('main .panel'))).toMatch(templatePattern(message('en-GB', 'services:rate.changing')));

		const danBefore = await (await request('dan', ratePath(FS))).text();
		const ratingsBefore = await ratingCount(FS);
		const CHANGED = `The letters are right now, thank you. (${RUN} changed)`;
		const intruding = {
			score: 'very_poor',
			what_was_good: '',
			could_be_better: CHANGED,
			name: 'anonymous',
			version,
			rating: demo.danRating,
			id: demo.danRating,
			ratingId: demo.danRating,
			author_user_id: demo.people.dan.userId,
			user: demo.people.dan.userId
		};
		const saved = await request('amira', ratePath(FS), { form: intruding });
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(`${servicePath(FS)}?rated=1#your-rating`);
		// Hers changed (the same rating, not a second one); Dan's form is as it was.
		const hers = searchable(await (await request('amira', servicePath(FS))).text());
		expect(hers).toContain(CHANGED);
		expect(hers).toContain(`id="rating-${amiraRating.id}"`);
		expect((hers.match(/class="card rating-card"/g) ?? []).length).toBe(1);
		const dan = searchable(await (await request('dan', ratePath(FS))).text());
		expect(dan).toContain('Evening appointments would help because I work days.');
		expect(dan).not.toContain(CHANGED);
		expect(/name="version" value="(\d+)"/.exec(dan)?.[1]).toBe(/name="version" value="(\d+)"/.exec(searchable(danBefore))?.[1]);
		expect(await ratingCount(FS), 'no rating was added').toBe(ratingsBefore);

		// The form she still has open is now out of date: refused, her words kept, nothing saved.
		await form.locator('#could_be_better').fill(`An old form's words. (${RUN})`);
		expect(await submit(page, form)).toBe(409);
		expect(await text(page.locator('.error-summary'))).toContain(en('services:rate.errors.changed_meanwhile'));
		expect(await page.locator('#could_be_better').inputValue()).toBe(`An old form's words. (${RUN})`);
		expect(searchable(await (await request('amira', servicePath(FS))).text())).toContain(CHANGED);

		// A change after the reply waits for a new one: Morgan answers it, so nothing is left waiting.
		await post('morgan', `${feedbackPath(FS)}?/reply`, { rating: amiraRating.id, reply: `Thank you for letting us know. (${RUN})`, tag: 'thank_you' });
	});
});

// ---------------------------------------------------------------------------------------------
describe('the rating form refuses bad input next to the field, in the reader’s language, with the typing kept', () => {
	afterAll(closeContexts);

	/** Takes any answer off the form (had Leo rated it already, his would be chosen), so nothing is saved. */
	const noAnswer = (page: Page) =>
		page.locator('input[name="score"]').evaluateAll((inputs) => {
			for (const input of inputs as HTMLInputElement[]) input.checked = false;
		});
	/** What Leo's page for the service says of his own rating (nothing, unless he rated it). */
	const leosOwn = async () => /<h3 id="your-rating"[\s\S]*?<\/section>/.exec(await (await request('leo', servicePath(FS))).text())?.[0] ?? '';

	test.for(['en-GB', 'cy', 'ur'] as const)('no answer chosen, in %s: the error is on the question; his words and choice stay', async (locale) => {
		const before = await leosOwn();
		const page = await open('leo', { viewport: PHONE }, locale);
		await page.goto(ratePath(FS), { waitUntil: 'networkidle' });
		const form = page.locator('main form.rating-form');
		await noAnswer(page);
		// A young person is asked in simpler words.
		expect(await text(form.locator('legend').first())).toBe(message(locale, 'services:rate.young.score_legend'));
		const good = `Grace is easy to talk to. (${RUN} ${locale})`;
		await form.locator('#what_was_good').fill(good);
		await form.locator('#name-first_name').check();
		await submitExpectingErrors(page, form);

		const error = message(locale, 'services:rate.errors.score');
		const title = await page.title();
		expect(title).toBe(fill(message(locale, 'common:title.with_error'), { title: fill(message(locale, 'services:rate.title'), { service: FS_NAME }) }));
		expect(title.startsWith(errorTitlePrefix(locale))).toBe(true);
		expect(await text(page.locator('.error-summary'))).toContain(error);
		expect(await page.locator('.error-summary a[href="#score"]').count()).toBe(1);
		expect(await text(page.locator('#score-error'))).toContain(error);
		expect(await page.locator('#score').evaluate((el) => el.closest('fieldset')?.getAttribute('aria-describedby') ?? '')).toContain('score-error');
		expect(await form.locator('#what_was_good').inputValue()).toBe(good);
		expect(await form.locator('#name-first_name').isChecked()).toBe(true);
		// The summary's link takes him to the question.
		await page.locator('.error-summary a[href="#score"]').click();
		expect(await focusedId(page)).toBe('score');
		expect(await leosOwn(), 'nothing was saved').toBe(before);
	});

	test('1,001 characters are too many: refused next to the field, every one kept to shorten', async () => {
		const before = await leosOwn();
		const page = await open('leo', { viewport: PHONE });
		await page.goto(ratePath(FS), { waitUntil: 'networkidle' });
		const form = page.locator('main form.rating-form');
		const long = `${'The bus to the family centre takes an hour. '.repeat(25).slice(0, 1000)}!`;
		expect(long).toHaveLength(1001);
		await form.locator('#score-poor').check();
		// As a browser that does not keep to maxlength would send it.
		await form.locator('#could_be_better').evaluate((el) => el.removeAttribute('maxlength'));
		await form.locator('#could_be_better').fill(long);
		await submitExpectingErrors(page, form);
		const error = en('services:rate.errors.too_long');
		expect(await text(page.locator('.error-summary'))).toContain(error);
		expect(await page.locator('.error-summary a[href="#could_be_better"]').count()).toBe(1);
		expect(await text(page.locator('#could_be_better-error'))).toContain(error);
		expect(await page.locator('#could_be_better').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('#could_be_better').inputValue()).toBe(long);
		expect(await form.locator('#score-poor').isChecked()).toBe(true);
		expect(await leosOwn(), 'nothing was saved').toBe(before);
	});
});

// ---------------------------------------------------------------------------------------------
describe('without JavaScript: Mia rates with her first name, Jo replies, Mia reads it', () => {
	const GOOD = `Priya helped me with my revision timetable. (${RUN} no js)`;
	const REPLY = `Thank you Mia, good luck with your exams! (${RUN} no js)`;
	let ratingId = '';

	afterAll(closeContexts);

	test('Mia finds the service from her family page and rates it', async () => {
		const { page, blocked } = await openWithoutScripts('mia');
		await page.goto(`/family/${B}`);
		await Promise.all([page.waitForURL('**/services'), page.locator('header a', { hasText: en('common:shell.services') }).click()]);
		await Promise.all([page.waitForURL(`**${servicePath(FS)}`), page.getByRole('link', { name: FS_NAME }).click()]);
		await Promise.all([page.waitForURL(`**${ratePath(FS)}`), page.getByRole('link', { name: en('services:ratings.rate'), exact: true }).click()]);
		expect(blocked(), 'the app’s scripts were blocked').toBeGreaterThan(0);

		const form = page.locator('main form.rating-form');
		expect(await text(form.locator('legend').first())).toBe(en('services:rate.young.score_legend'));
		// The face tile is what she taps.
		await form.getByLabel(en('services:scores.very_good'), { exact: true }).check();
		expect(await form.locator('#score').isChecked()).toBe(true);
		await form.locator('#what_was_good').fill(GOOD);
		await form.getByLabel(en('services:rate.name_first_name', { name: 'Mia' }), { exact: true }).check();
		expect(await submit(page, form)).toBe(303);
		const url = new URL(page.url());
		expect(`${url.pathname}${url.search}`).toBe(`${servicePath(FS)}?rated=1`);
		expect(await text(page.locator('#your-rating'))).toBe(en('services:ratings.yours_heading'));
		ratingId = await ratingIdOn(page, GOOD);
		const mine = card(page, ratingId);
		expect(await text(mine.locator('.rating-card__heading'))).toBe(`${en('services:scores.very_good')} – ${en('services:feedback.yours')}`);
		expect(await text(mine)).not.toContain(en('services:feedback.you_were_anonymous'));
	});

	test('Jo, without JavaScript, sees Mia’s first name on it and replies', async () => {
		expect(ratingId).not.toBe('');
		const { page, blocked } = await openWithoutScripts('jo');
		await page.goto('/my-families');
		const item = page.locator('section[aria-labelledby="needs-attention"] ol > li').filter({ has: page.locator('q', { hasText: GOOD }) });
		expect(await text(item.locator('a'))).toBe(en('worker:attention.service_rating', { name: 'Mia', service: FS_NAME }));
		await page.goto(`${feedbackPath(FS)}?show=waiting`);
		const rating = card(page, ratingId);
		expect(await text(rating.locator('.rating-card__heading'))).toBe(`${en('services:scores.very_good')} – Mia`);
		await rating.locator(`#reply-${ratingId}`).fill(REPLY);
		await rating.locator(`#tag-${ratingId}`).selectOption('thank_you');
		expect(await submit(page, rating.locator('form'))).toBe(303);
		expect(new URL(page.url()).searchParams.get('replied')).toBe('1');
		expect(await text(page.locator('[role="status"]', { hasText: en('services:feedback.replied') }))).toBe(en('services:feedback.replied'));
		expect(await text(card(page, ratingId).locator('.rating-reply'))).toContain(REPLY);
		expect(await text(card(page, ratingId).locator('.rating-reply__who'))).toContain(en('services:feedback.reply_from', { name: 'Jo Bennett' }));
		expect(blocked()).toBeGreaterThan(0);
	});

	test('an empty reply without JavaScript is refused next to its own box, and nothing is sent', async () => {
		const { page } = await openWithoutScripts('jo');
		await page.goto(feedbackPath(FS));
		const rating = card(page, demo.danRating);
		const replies = await rating.locator('.rating-reply').count();
		await rating.locator(`#reply-${demo.danRating}`).fill('   ');
		expect(await submit(page, rating.locator('form'))).toBe(400);
		const field = `reply-${demo.danRating}`;
		expect(await page.locator(`.error-summary a[href="#${field}"]`).count()).toBe(1);
		expect(await text(page.locator(`#${field}-error`))).toContain(en('services:feedback.errors.reply.required'));
		expect(await page.locator(`#${field}`).getAttribute('aria-invalid')).toBe('true');
		// Only that rating's box says so.
		expect(await page.locator('.error-message').count()).toBe(1);
		expect(await card(page, demo.danRating).locator('.rating-reply').count()).toBe(replies);
	});

	test('Mia, without JavaScript, is told on her family page and reads the reply', async () => {
		const { page } = await openWithoutScripts('mia');
		await page.goto(`/family/${B}`);
		const notice = page.locator('main .notice[role="status"]', { hasText: en('services:replied_notice', { service: FS_NAME }) });
		await Promise.all([page.waitForURL((url) => url.pathname === servicePath(FS)), notice.locator('a').click()]);
		expect(await text(card(page, ratingId).locator('.rating-reply'))).toContain(REPLY);
		await page.goto(`/family/${B}`);
		expect(await notice.count()).toBe(0);
	});
});

// ---------------------------------------------------------------------------------------------
describe('fair figures: nothing from fewer than 11 ratings', () => {
	test('the School Nursing Service’s page says there are not enough yet, in its page and its data', async () => {
		const page = await open('anonymous');
		await page.goto(servicePath(NURSING));
		const ratings = page.locator('section[aria-labelledby="ratings-heading"]');
		const notEnough = pluralForms('en-GB', 'services:figures.not_enough').map(templatePattern);
		const shown = await text(ratings);
		expect(notEnough.some((p) => p.test(shown)), shown).toBe(true);
		expect(shown).toContain(plural('en-GB', 'services:figures.not_enough', 3));
		expect(await ratings.locator('table').count(), 'no distribution').toBe(0);
		expect(shown).not.toMatch(/%/);
		const data = pageNode(await (await request('anonymous', dataPath(servicePath(NURSING)))).text()).data as { ratings: { figures: Record<string, unknown> } };
		expect(data.ratings.figures).toMatchObject({ total: 3, distribution: null, positive: null, replies: null });
		// The directory's list says so too.
		await page.goto('/services?q=school+nursing');
		const listed = page.locator('li.directory-card', { hasText: NURSING_NAME });
		expect(await text(listed)).toContain(en('services:ratings.not_enough_short'));
		// And the administrator's dashboard draws nothing from three.
		const admin = await open('admin');
		await admin.goto(`/service/${NURSING}`);
		const dashboard = admin.locator('section[aria-labelledby="family-feedback"]');
		expect(await text(dashboard)).toContain(plural('en-GB', 'services:figures.not_enough', 3));
		expect(await dashboard.locator('svg, table').count()).toBe(0);
	});

	test('the Family Support Service’s page shows how its ratings are spread, as a table', async () => {
		const page = await open('anonymous');
		await page.goto(servicePath(FS));
		const table = page.locator('section[aria-labelledby="ratings-heading"] table.score-bars');
		expect(await table.count()).toBe(1);
		const rows = table.locator('tbody tr');
		expect(await rows.count()).toBe(6);
		const counts = (await rows.locator('td:first-of-type').allTextContents()).map((t) => Number(t.trim()));
		const total = counts.reduce((a, b) => a + b, 0);
		expect(total).toBeGreaterThanOrEqual(14);
		expect(await text(table.locator('caption'))).toBe(plural('en-GB', 'services:figures.caption', total));
		const lead = await text(page.locator('section[aria-labelledby="ratings-heading"] .lead'));
		expect(pluralForms('en-GB', 'services:ratings.positive').map(templatePattern).some((p) => p.test(lead)), lead).toBe(true);
		// Morgan's dashboard: the months as a drawing and as a table with the same total.
		const morgan = await open('morgan');
		await morgan.goto(`/service/${FS}`);
		const dashboard = morgan.locator('section[aria-labelledby="family-feedback"]');
		expect(await dashboard.locator('svg[role="img"]').count()).toBe(1);
		const monthly = dashboard.locator('.table-wrap table:not(.score-bars) tbody tr');
		expect(await monthly.count()).toBe(12);
		const totals = (await monthly.locator('td:last-child').allTextContents()).map((t) => Number(t.trim()));
		expect(totals.reduce((a, b) => a + b, 0)).toBe(total);
	});
});

// ---------------------------------------------------------------------------------------------
describe('the administrator’s directory file: all or nothing', () => {
	const DIRECTORY = '/admin/directory';
	const MB = 1024 * 1024;

	async function exportFile(): Promise<string> {
		const response = await request('admin', `${DIRECTORY}/export`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="common-ground-directory-\d{4}-\d{2}-\d{2}\.json"$/);
		return response.text();
	}

	/** A file in the admin's form, as the browser sends it. */
	async function upload(page: Page, name: string, body: string | Buffer): Promise<void> {
		await page.goto(DIRECTORY, { waitUntil: 'networkidle' });
		await page.locator('#file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.isBuffer(body) ? body : Buffer.from(body) });
	}

	/** Imports a file over HTTP: the response. */
	function importFile(name: string, body: string | Uint8Array<ArrayBuffer>): Promise<Response> {
		const form = new FormData();
		form.set('file', new File([body], name, { type: 'application/json' }));
		return request('admin', `${DIRECTORY}?/import`, { form });
	}

	afterAll(closeContexts);

	test.for(['cy', 'ur', 'en-GB'] as const)('5 MB of junk is refused with the file error, in %s, and nothing changes', async (locale) => {
		const before = await exportFile();
		const page = await open('admin', {}, locale);
		const junk = 'Not a directory at all, just junk. '.repeat(Math.ceil((5 * MB) / 35)).slice(0, 5 * MB);
		expect(junk.length).toBe(5 * MB);
		await upload(page, 'junk.json', junk);
		await submitExpectingErrors(page, page.locator('form[action="?/import"]'));
		const notJson = message(locale, 'admin:directory.errors.not_json');
		expect(await text(page.locator('.error-summary'))).toContain(notJson);
		expect(await text(page.locator('#file-error'))).toContain(notJson);
		expect(await page.locator('#file').getAttribute('aria-invalid')).toBe('true');
		expect((await page.title()).startsWith(errorTitlePrefix(locale))).toBe(true);

		// A byte over 5 MB: too big, before it is read.
		await upload(page, 'junk.json', `${junk}!`);
		await submitExpectingErrors(page, page.locator('form[action="?/import"]'));
		const tooBig = fill(message(locale, 'admin:directory.errors.too_big'), { megabytes: '5' });
		expect(await text(page.locator('#file-error'))).toContain(tooBig);
		expect(await exportFile(), 'the directory is as it was').toBe(before);
	});

	test('a file more than the server reads at all (7 MB) gets the same words, and changes nothing', async () => {
		const before = await exportFile();
		const response = await importFile('big.json', new Uint8Array(7 * MB).fill(0x20));
		expect(response.status).toBe(413);
		expect(decodeEntities(await response.text())).toContain(en('admin:directory.errors.too_big', { megabytes: '5' }));
		expect(await exportFile()).toBe(before);
	});

	test('wrong types and missing fields are listed service by service, and nothing is imported', async () => {
		const before = await exportFile();
		const file = JSON.parse(before) as { contents: Array<Record<string, unknown>> };
		const [first, second, third] = file.contents as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
		const secondName = second.name as string;
		const thirdName = third.name as string;
		// A good change beside the bad ones: it must not be saved either.
		file.contents[3] = { ...file.contents[3], description: `Changed by a file that is wrong elsewhere. (${RUN})` };
		first.name = 123;
		delete second.id;
		third.minimum_age = 'ten';
		const page = await open('admin');
		await upload(page, 'wrong.json', JSON.stringify(file, null, 2));
		await submitExpectingErrors(page, page.locator('form[action="?/import"]'));
		const listed = (await page.locator('.directory-problems li').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
		const problem = (key: string) => en(`admin:directory.problems.${key}`);
		expect(listed).toEqual(
			expect.arrayContaining([
				en('admin:directory.row_error.plain_path', { row: 1, path: 'name', problem: problem('type.string') }),
				en('admin:directory.row_error.name_path', { row: 2, name: secondName, path: 'id', problem: problem('required') }),
				en('admin:directory.row_error.name_path', { row: 3, name: thirdName, path: 'minimum_age', problem: problem('type.number') })
			])
		);
		expect(await text(page.locator('.error-summary'))).toContain(plural('en-GB', 'admin:directory.errors.rows', listed.length));
		expect(await page.locator('#file').getAttribute('aria-describedby')).toContain('file-problems-heading');
		expect(await exportFile(), 'nothing was imported').toBe(before);
		expect(searchable(await (await request('anonymous', '/services')).text())).not.toContain(`Changed by a file that is wrong elsewhere. (${RUN})`);
	});

	test('the example ORUK service imports, and families find it under Find support', async () => {
		const example = readFileSync(EXAMPLE_FILE, 'utf8');
		const name = (JSON.parse(example) as { name: string }).name;
		expect((await (await request('anonymous', `/services?q=${encodeURIComponent(name)}`)).text()).includes(`<bdi>${name}</bdi>`)).toBe(false);
		const page = await open('admin');
		await upload(page, 'example_service_full.json', example);
		await Promise.all([page.waitForURL((url) => url.searchParams.has('created')), page.locator('form[action="?/import"] button[type="submit"]').click()]);
		const notice = page.locator('[role="status"]');
		expect(await text(notice.locator('h2'))).toBe(en('admin:directory.imported_heading'));
		expect(await text(notice)).toContain(plural('en-GB', 'admin:directory.imported_created', 1));
		expect(await text(notice)).toContain(plural('en-GB', 'admin:directory.imported_updated', 0));

		const family = await open('anonymous');
		await family.goto('/services', { waitUntil: 'networkidle' });
		await family.locator('#q').fill(name);
		await Promise.all([family.waitForURL((url) => url.searchParams.get('q') === name), family.locator('#q').press('Enter')]);
		await family.waitForLoadState('networkidle');
		expect(await listedServices(family)).toEqual([name]);
		await Promise.all([family.waitForURL(/\/services\/[a-z0-9]{32}$/), family.getByRole('link', { name }).click()]);
		expect(await text(family.locator('h1'))).toBe(name);
	});

	test('the export imports back as it is: import, then export, the same file byte for byte', async () => {
		const before = await exportFile();
		const services = (JSON.parse(before) as { contents: unknown[] }).contents.length;
		expect(services).toBeGreaterThanOrEqual(9);
		const response = await importFile('directory.json', before);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(`${DIRECTORY}?created=0&updated=${services}`);
		expect(await exportFile()).toBe(before);
	});

	test('an empty import is refused: no file chosen', async () => {
		const page = await open('admin', {}, 'ur');
		await page.goto(DIRECTORY, { waitUntil: 'networkidle' });
		await submitExpectingErrors(page, page.locator('form[action="?/import"]'));
		expect(await text(page.locator('#file-error'))).toContain(message('ur', 'admin:directory.errors.no_file'));
	});
});

describe('the rating form’s version', () => {
	test('a garbled version is not a form the page made: 400, and the rating stays as it was', async () => {
		const before = await (await request('dan', `/services/${FS}`)).text();
		const response = await request('dan', `/services/${FS}/rate`, {
			form: { score: 'very_poor', what_was_good: '', could_be_better: 'Garbled', name: 'anonymous', version: 'x1' }
		});
		expect(response.status).toBe(400);
		const after = await (await request('dan', `/services/${FS}`)).text();
		expect(after).not.toContain('Garbled');
		expect(before).not.toContain('Garbled');
	});
});
