import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, test, type ExpectStatic } from 'vitest';
import type { Role } from './support/accounts';
import { formatViolations, scanPage } from './support/axe';
import { launchBrowser, newContextFor } from './support/browser';
import { request } from './support/http';
import { LOCALE_CODES, decodeEntities, direction, errorTitlePrefix, fill, message, type Locale } from './support/i18n';
import { WRONG_FORMS, checkEveryErrorState, openHydrated, submitForm, type WrongForm } from './support/error-states';
import {
	CRAWL_ROLES,
	FS,
	HANDOVER_A,
	NOT_FOUND,
	PLAN_A,
	SCHOOL,
	VIEWS_A,
	W,
	WORKERS_A,
	checkEachKindOnce,
	crawl,
	expectCrawledAll,
	hydrated,
	profile,
	view,
	type CrawlRole,
	type CrawledPage
} from './support/pages';
import { checkLayout } from './support/layout';
import { installProbeIn } from './support/probe';
import { createView, keepBack } from './support/views';
import { addDays, ukToday } from '../../src/lib/server/clock';

// Every page each person can reach in English, and one page of each kind in every other language,
// through axe (WCAG 2.2 AA and best practice), plus the shell's own promises: the right <html lang> and dir, one <h1>, a title, and
// a skip link before anything else; and, while each page is open, its reflow at 320 px and 200 %
// text (support/layout.ts). Then the error states of every form, which are where accessibility
// most often breaks, the same way.

/** A crawl of a hundred pages or more, each through axe, with four others beside it. */
const CRAWL_TIMEOUT = 600_000;
const ROLES = CRAWL_ROLES;
/**
 * Where every form's error state, and every state that comes and goes, is scanned: English, Easy
 * Read (its own plainer words) and Urdu (right to left). Sign-in's and the conflicts' are scanned
 * in every language, so each language's "Error:" and summary are seen; the rest are the same
 * templates with other words.
 */
const FORM_LOCALES: readonly Locale[] = ['en-GB', 'en-GB-x-easy', 'ur'];

const demo = inject('demo');

let browser: Browser;
const totals = { pages: 0, errorStates: 0, statePages: 0, violations: 0 };
const pagesPerRole = new Map<CrawlRole, Set<string>>(ROLES.map((role) => [role, new Set()]));

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	const perRole = ROLES.map((role) => `${role} ${pagesPerRole.get(role)?.size}`).join(', ');
	console.log(
		`axe: scanned ${totals.pages} pages (every page of ${ROLES.length} people in English, one of each kind in ${LOCALE_CODES.length - 1} other languages), ${totals.errorStates} form error states and ${totals.statePages} pages in states that come and go, ${totals.violations} violations`
	);
	console.log(`axe: distinct pages per role: ${perRole}`);
});

/** A person's browser context in `locale`, with the probe the layout check reads. */
async function contextFor(role: Role, locale: Locale): Promise<BrowserContext> {
	const context = await newContextFor(browser, role, locale);
	await installProbeIn(context);
	return context;
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

/** What each person's crawl in English reached: the other languages open one page of each kind. */
const reachedInEnglish = new Map<CrawlRole, string[]>();

/** Everything on the page as it was loaded: its status, the 404's words, the skip link, axe, the shell, the layout. */
async function checkCrawledPage(page: Page, locale: Locale, role: CrawlRole, crawled: CrawledPage, expect: ExpectStatic): Promise<void> {
	const { path, landed, status, where } = crawled;
	expect.soft(status, `${where}: status`).toBeLessThan(500);
	if (path === NOT_FOUND) {
		expect.soft(status, `${where}: status`).toBe(404);
		const heading = (await page.locator('h1').first().textContent())?.trim();
		expect.soft(heading, `${where}: translated 404 heading`).toBe(message(locale, 'errors:not_found.title'));
	}
	await checkSkipLink(page, locale, where, expect);
	await checkPage(page, locale, where, expect);
	await checkLayout(page, where, expect);
	totals.pages += 1;
	pagesPerRole.get(role)?.add(landed);
}

// Every page each person reaches, in English: each goal, view and service in its own state.
describe('every page each person reaches, in English', () => {
	test.concurrent.for(ROLES)('as %s', { timeout: CRAWL_TIMEOUT }, async (role, { expect }) => {
		const context = await contextFor(role, 'en-GB');
		const page = await context.newPage();
		try {
			const result = await crawl(page, role, 'en-GB', (crawled) => checkCrawledPage(page, 'en-GB', role, crawled, expect), { ready: hydrated });
			reachedInEnglish.set(role, result.visited);
			expectCrawledAll(result, role, 'en-GB', expect);
		} finally {
			await context.close();
		}
	});
});

// The other languages put their words in the same templates: one page of each kind anyone reaches,
// as the first person who reaches it, in each. Urdu's right-to-left pages are checked the same way.
describe('one page of each kind, in every other language', () => {
	test.concurrent.for(LOCALE_CODES.filter((locale) => locale !== 'en-GB'))('in %s', { timeout: CRAWL_TIMEOUT }, async (locale, { expect }) => {
		const open = async (role: CrawlRole) => (await contextFor(role, locale)).newPage();
		await checkEachKindOnce(open, reachedInEnglish, locale, expect, (page, crawled, role) => checkCrawledPage(page, locale, role, crawled, expect));
	});
});

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
	await checkLayout(page, where, expect);
}

describe('form error states', () => {
	/** Fills in each form wrongly, one after another, as its person in `locale`, and checks the error state. */
	async function checkWrongForms(forms: readonly WrongForm[], locale: Locale, expect: ExpectStatic): Promise<void> {
		const open = async (role: CrawlRole) => (await contextFor(role, locale)).newPage();
		await checkEveryErrorState(open, locale, (page, where) => checkErrorState(page, locale, where, expect), forms);
	}

	test.concurrent.for(LOCALE_CODES)('sign-in and invite, empty or too easy to guess, in %s', async (locale, { expect }) => {
		await checkWrongForms(WRONG_FORMS['sign-in and invite'], locale, expect);
	});

	// Each wrong password costs a sign-in attempt from the suite's small budget: once, not per locale.
	test('sign-in with a wrong password, in ur', async ({ expect }) => {
		const locale: Locale = 'ur';
		const context = await contextFor('anonymous', locale);
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

	// A forgotten password and "Your account", empty or too easy to guess; nothing here is saved.
	test.concurrent.for(FORM_LOCALES)('password reset, password change and sign-in codes, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(WRONG_FORMS.account, locale, expect);
	});

	test.concurrent.for(FORM_LOCALES)('admin create forms, empty, in %s', async (locale, { expect }) => {
		await checkWrongForms(WRONG_FORMS.admin, locale, expect);
	});

	// The plan's forms as Amira and Jo fill them in wrongly; nothing here is saved.
	test.concurrent.for(FORM_LOCALES)('plan forms, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(WRONG_FORMS.plan, locale, expect);
	});

	// A worker's profile, a handover and its note, filled in wrongly; nothing here is saved.
	test.concurrent.for(FORM_LOCALES)('worker profile and handover forms, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(WRONG_FORMS.worker, locale, expect);
	});

	// Young people's views: Leo's forms, Jo's reply and morgan's reply time, filled in wrongly; nothing is saved.
	test.concurrent.for(FORM_LOCALES)('views forms, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(WRONG_FORMS.views, locale, expect);
	});

	// Rating a service, replying, "You said, we did", the reply time, the directory's search and
	// its import, filled in wrongly; nothing here is saved.
	test.concurrent.for(FORM_LOCALES)('ratings and directory forms, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(WRONG_FORMS.ratings, locale, expect);
	});

	// Asking a service for help, filled in wrongly; nothing here is saved.
	test.concurrent.for(FORM_LOCALES)('asking for help, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(WRONG_FORMS.requests, locale, expect);
	});

	/** Amira's save was stopped because someone saved first: both versions shown, her words kept. */
	async function checkConflict(page: Page, locale: Locale, where: string, field: string, mine: string, expect: ExpectStatic) {
		totals.errorStates += 1;
		const state = await page.evaluate(
			(id) => ({
				title: document.title,
				h1: document.querySelector('h1')?.textContent?.trim() ?? '',
				heading: document.getElementById('conflict-heading')?.textContent?.trim() ?? '',
				mine: document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)?.value
			}),
			field
		);
		expect.soft(state.title, `${where}: title`).toBe(fill(message(locale, 'common:title.with_error'), { title: state.h1 }));
		expect.soft(state.heading, `${where}: conflict heading`).toBe(message(locale, 'plan:conflict.heading'));
		expect.soft(state.mine, `${where}: her words are kept`).toBe(mine);
		await checkPage(page, locale, where, expect);
		await checkLayout(page, where, expect);
	}

	// Someone else saved the goal after Amira opened it: her save is stopped and both versions shown.
	test.concurrent.for(LOCALE_CODES)('a goal changed by someone else meanwhile, in %s', async (locale, { expect }) => {
		const created = await request('amira', `${PLAN_A}/goals/new`, {
			form: { title: `Axe conflict (${locale})`, whyItMatters: '', howWeKnow: '', outcomeArea: 'staying_safe' }
		});
		const goalPath = /^[^?#]+/.exec(created.headers.get('location') ?? '')?.[0] ?? '';
		expect(created.status, 'the goal was suggested').toBe(303);
		const editPath = `${goalPath}/edit`;

		const context = await contextFor('amira', locale);
		const page = await context.newPage();
		try {
			await openHydrated(page, editPath);
			const version = await page.locator('input[name="version"]').inputValue();
			const theirs = await request('jo', editPath, {
				form: { version, title: `Axe conflict, Jo’s words (${locale})`, whyItMatters: '', howWeKnow: '', outcomeArea: 'staying_safe' }
			});
			expect(theirs.status, 'Jo saved first').toBe(303);

			const mine = `Axe conflict, Amira’s words (${locale})`;
			await page.locator('#title').fill(mine);
			await page.locator('main form button[type="submit"]').click();
			await page.locator('#conflict-heading').waitFor({ timeout: 10_000 });
			await checkConflict(page, locale, `amira ${locale} ${editPath}: changed by someone else`, 'title', mine, expect);
		} finally {
			await context.close();
		}
	});

	// The same for the plan's summary, one language at a time (they share the one summary). Jo saves
	// the words unchanged, so nothing the other tests read is different afterwards.
	test('the plan’s summary changed by someone else meanwhile, in every language', async ({ expect }) => {
		const editPath = `${PLAN_A}/edit`;
		for (const locale of LOCALE_CODES) {
			const context = await contextFor('amira', locale);
			const page = await context.newPage();
			try {
				await openHydrated(page, editPath);
				const form: Record<string, string> = { version: await page.locator('input[name="version"]').inputValue() };
				for (const field of ['goingWell', 'worriedAbout', 'needsToHappen']) form[field] = await page.locator(`#${field}`).inputValue();
				const theirs = await request('jo', editPath, { form });
				expect(theirs.status, 'Jo saved first').toBe(303);

				const mine = `${form.goingWell} Amira added this (${locale}).`;
				await page.locator('#goingWell').fill(mine);
				await page.locator('main form button[type="submit"]').click();
				await page.locator('#conflict-heading').waitFor({ timeout: 10_000 });
				await checkConflict(page, locale, `amira ${locale} ${editPath}: changed by someone else`, 'goingWell', mine, expect);
			} finally {
				await context.close();
			}
		}
	});
});

/** Today where the families are, as the server counts it, moved by `days` (YYYY-MM-DD). */
const ukDate = (days = 0): string => addDays(ukToday(), days);

/** The ids a page's forms carry in hidden inputs called `name`, read as `role`. */
async function hiddenIds(role: Role, path: string, name: string): Promise<string[]> {
	const html = await (await request(role, path)).text();
	return [...html.matchAll(new RegExp(`name="${name}" value="([^"]+)"`, 'g'))].map((m) => m[1] ?? '');
}

/** A POST that must work for the state to be set up (or put back). */
async function post(role: Role, path: string, form: Record<string, string>): Promise<void> {
	const response = await request(role, path, { form });
	if (response.status !== 303) throw new Error(`e2e: POST ${path} as ${role} gave ${response.status}`);
}

// What the demo data does not always show: set up over HTTP, scanned in English, Easy Read and
// Urdu, then put back. These tests run one after another, never beside the crawl or the form tests
// (which expect the handover form and no time away today), and other files never run beside this one.
describe('states that come and go', () => {
	interface StatePage {
		role: Role;
		path: string;
		/** What must be on the page, so the scan is of the state meant. */
		shows: string;
	}

	async function scanEverywhere(pages: readonly StatePage[], what: string, expect: ExpectStatic): Promise<void> {
		for (const locale of FORM_LOCALES) {
			const contexts = new Map<Role, Page>();
			try {
				for (const { role, path, shows } of pages) {
					let page = contexts.get(role);
					if (!page) {
						page = await (await contextFor(role, locale)).newPage();
						contexts.set(role, page);
					}
					const response = await page.goto(path, { waitUntil: 'load' });
					const where = `${role} ${locale} ${path} (${what})`;
					expect.soft(response?.status(), `${where}: status`).toBe(200);
					expect.soft(await page.locator(shows).count(), `${where}: shows ${shows}`).toBeGreaterThan(0);
					await checkPage(page, locale, where, expect);
					await checkLayout(page, where, expect);
					totals.statePages += 1;
				}
			} finally {
				await Promise.all([...contexts.values()].map((page) => page.context().close()));
			}
		}
	}

	test('the news of a new worker, as Mia (who has not said she read it)', async ({ expect }) => {
		await scanEverywhere(
			[{ role: 'mia', path: `/family/${demo.familyB}`, shows: '#handover-heading ~ form[action="?/seenHandover"]' }],
			'a new worker',
			expect
		);
	});

	test('a handover planned for the Hassan family, with both notes written', async ({ expect }) => {
		await post('morgan', `${HANDOVER_A}?/plan`, { toWorkerId: W.priya, handoverOn: ukDate(14) });
		const [handoverId] = await hiddenIds('morgan', HANDOVER_A, 'handoverId');
		try {
			expect(handoverId, 'the planned handover').toBeDefined();
			await post('jo', `/handovers/${handoverId}?/note`, { note: 'Goodbye from Jo, and thank you.' });
			await post('priya', `/handovers/${handoverId}?/note`, { note: 'Hello from Priya, see you soon.' });
			await scanEverywhere(
				[
					{ role: 'amira', path: `/family/${demo.familyA}`, shows: '#handover-heading ~ blockquote' },
					{ role: 'amira', path: WORKERS_A, shows: 'blockquote' },
					{ role: 'morgan', path: HANDOVER_A, shows: '#pending-heading' },
					{ role: 'jo', path: '/my-families', shows: '#handovers' },
					{ role: 'jo', path: `/handovers/${handoverId}`, shows: 'blockquote' }
				],
				'handover planned',
				expect
			);
		} finally {
			for (const id of await hiddenIds('morgan', HANDOVER_A, 'handoverId')) {
				await post('morgan', `${HANDOVER_A}?/cancel`, { handoverId: id });
			}
		}
	});

	// The notices after saving are shown from the address alone, so they need nothing changed.
	test('young people’s views: what is said after saving', async ({ expect }) => {
		const status = '[role="status"]';
		await scanEverywhere(
			[
				{ role: 'leo', path: `${view(demo.familyA, demo.leoFamily)}?saved=shared`, shows: status },
				{ role: 'leo', path: `${view(demo.familyA, demo.leoDraft)}?saved=draft`, shows: status },
				{ role: 'leo', path: `${VIEWS_A}?saved=agenda`, shows: status },
				{ role: 'jo', path: `${view(demo.familyA, demo.leoFamily)}?saved=replied`, shows: status },
				{ role: 'morgan', path: `/service/${demo.familySupportService}?saved=replyDays`, shows: status }
			],
			'saved',
			expect
		);
	});

	// Leo writes to Jo, Jo replies, and Leo has not looked yet; then he takes it back to only himself.
	test('young people’s views: a new reply, then a view taken back', async ({ expect }) => {
		const viewId = await createView('leo', demo.familyA, {
			prompt: 'friends',
			feeling: 'great',
			body: 'Axe: I made the football team!',
			audience: 'worker'
		});
		const path = view(demo.familyA, viewId);
		try {
			await post('jo', `${path}?/reply`, { message: 'Axe: well done, Leo.' });
			// Leo's list and family page only: opening the view would mark the reply as seen.
			await scanEverywhere(
				[
					{ role: 'leo', path: `/family/${demo.familyA}`, shows: 'section[aria-labelledby="my-views"] strong' },
					{ role: 'leo', path: VIEWS_A, shows: 'li.view-card .tag' }
				],
				'a new reply',
				expect
			);
			await keepBack('leo', demo.familyA, viewId);
			await scanEverywhere([{ role: 'leo', path, shows: 'input[name="audience"][value="only_me"]:checked' }], 'taken back', expect);
		} finally {
			await keepBack('leo', demo.familyA, viewId);
		}
	});

	// The notices after saving, shown from the address alone.
	test('services and ratings: what is said after saving', async ({ expect }) => {
		const status = '[role="status"]';
		await scanEverywhere(
			[
				{ role: 'jo', path: `/services/${FS}/feedback?replied=1`, shows: status },
				{ role: 'morgan', path: `/services/${FS}/you-said-we-did?added=1`, shows: status },
				{ role: 'morgan', path: `/service/${FS}?saved=ratingReplyDays`, shows: status },
				{ role: 'admin', path: '/admin/directory?created=1&updated=9', shows: status }
			],
			'saved',
			expect
		);
	});

	// Leo rates the school's pastoral team (nobody had), Sam sees it waiting and replies, and Leo is
	// told. Ratings cannot be taken back: his stays, answered, so it waits on nobody's list. The
	// Family Support Service's ratings are services.test.ts's to make.
	test('a rating: sent, waiting for the service, then its reply', async ({ expect }) => {
		const words = `Axe: Sam always asks what I think. (${Date.now().toString(36)})`;
		await post('leo', `/services/${SCHOOL}/rate`, { score: 'very_good', what_was_good: words, could_be_better: '', name: 'anonymous' });
		const feedback = await (await request('sam', `/services/${SCHOOL}/feedback?show=waiting`)).text();
		// The card holding his words on Sam's list: its id.
		const ratingId =
			feedback
				.split('<li class="card rating-card" id="rating-')
				.slice(1)
				.find((chunk) => decodeEntities(chunk).includes(words))
				?.slice(0, 32) ?? '';
		try {
			expect(ratingId, 'Leo’s rating on Sam’s waiting list').not.toBe('');
			await scanEverywhere(
				[
					{ role: 'leo', path: `/services/${SCHOOL}?rated=1`, shows: '#your-rating ~ [role="status"]' },
					{ role: 'leo', path: `/services/${SCHOOL}/rate`, shows: 'input[name="version"]' },
					{ role: 'sam', path: `/services/${SCHOOL}/feedback?show=waiting`, shows: `#rating-${ratingId} form` },
					{ role: 'sam', path: '/my-families', shows: `a[href$="#rating-${ratingId}"]` }
				],
				'a rating waiting for a reply',
				expect
			);
		} finally {
			if (ratingId) await post('sam', `/services/${SCHOOL}/feedback?/reply`, { rating: ratingId, reply: 'Axe: thank you, Leo!', tag: 'thank_you' });
		}
		// His family page tells him, in English, Easy Read and Urdu, before he opens the service's page.
		await scanEverywhere([{ role: 'leo', path: `/family/${demo.familyA}`, shows: 'main .notice a[href$="#your-rating"]' }], 'a reply to read', expect);
		await scanEverywhere([{ role: 'leo', path: `/services/${SCHOOL}`, shows: `#rating-${ratingId} .rating-reply` }], 'a reply read', expect);
	});

	// Chris covers Jo: Priya, who covers Jo's week next month, may not be away while she covers.
	test('away today: Jo with Chris covering, Priya with nobody covering', async ({ expect }) => {
		const priyaProfile = profile('priya');
		try {
			await post('jo', `${profile('jo')}?/addAbsence`, { startsOn: ukDate(), endsOn: ukDate(1), coverWorkerId: W.chris });
			await post('morgan', `${priyaProfile}?/addAbsence`, { startsOn: ukDate(), endsOn: ukDate(2), coverWorkerId: '' });
			await scanEverywhere(
				[
					{ role: 'amira', path: `/family/${demo.familyA}`, shows: '.worker-card .notice--important h5' },
					{ role: 'dan', path: `/family/${demo.familyB}`, shows: '.worker-card .notice--important' },
					{ role: 'morgan', path: `/service/${demo.familySupportService}`, shows: 'section[aria-labelledby="uncovered"] li' },
					{ role: 'morgan', path: priyaProfile, shows: '#away-heading ~ ul .tag' }
				],
				'away today',
				expect
			);
		} finally {
			for (const absenceId of await hiddenIds('jo', profile('jo'), 'absenceId')) {
				if (absenceId !== demo.joAbsence) await post('jo', `${profile('jo')}?/removeAbsence`, { absenceId });
			}
			for (const absenceId of await hiddenIds('morgan', priyaProfile, 'absenceId')) {
				await post('morgan', `${priyaProfile}?/removeAbsence`, { absenceId });
			}
		}
	});
});
