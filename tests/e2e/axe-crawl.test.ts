import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, test, type ExpectStatic } from 'vitest';
import type { Role } from './support/accounts';
import { formatViolations, scanPage } from './support/axe';
import { launchBrowser, newContextFor } from './support/browser';
import { request } from './support/http';
import { LOCALE_CODES, decodeEntities, direction, errorTitlePrefix, fill, message, type Locale } from './support/i18n';
import { createView, keepBack, viewPath, viewsPath } from './support/views';

// Every page each person can reach, in every language, through axe (WCAG 2.2 AA and best
// practice), plus the shell's own promises: the right <html lang> and dir, one <h1>, a title, and
// a skip link before anything else. Then the error states of every form, which are where
// accessibility most often breaks.

/**
 * mia sees the same pages as dan but for her own views, so her crawl starts at "My views" and stays
 * there (below she is also the one who still has the news of family B's new worker to read). priya
 * is crawled for what only she reaches: the page of the handover she took family B over in, and
 * Mia's view that waits for her reply.
 */
type CrawlRole = Role;
const ROLES: readonly CrawlRole[] = ['anonymous', 'amira', 'leo', 'jo', 'sam', 'morgan', 'admin', 'dan', 'priya', 'mia'];
/**
 * Visited directly: pages no link reaches for everyone, the translated 404, the sign-out page
 * (a GET only shows its form; the crawl never submits it), and a search of the services directory
 * with its filters chosen (a GET form; the header's "Find support" leads to the rest of it).
 */
const ENTRY_POINTS = ['/', '/sign-in', '/invite', '/help', '/sign-out', '/no-such-page-for-axe', '/services?q=money&kind=advice&age=30&language=pl'];
const NOT_FOUND = '/no-such-page-for-axe';
/**
 * Family A's plan alone is about 30 pages for its people (every goal has its own page, edit page
 * and history), and other test files suggest more goals in the same database.
 */
const MAX_PAGES = 150;
/** A crawl of a hundred pages or more, each through axe, with three others beside it. */
const CRAWL_TIMEOUT = 300_000;

const baseURL = inject('baseURL');
const demo = inject('demo');
const PLAN_A = `/family/${demo.familyA}/plan`;
const PLAN_B = `/family/${demo.familyB}/plan`;
const W = demo.workers;
/** Everyone who has supported a family, and its handovers. */
const WORKERS_A = `/family/${demo.familyA}/workers`;
const WORKERS_B = `/family/${demo.familyB}/workers`;
const HANDOVER_A = `/family/${demo.familyA}/handover`;
const HANDOVER_B = `/family/${demo.familyB}/handover`;
const profile = (worker: keyof typeof W) => `/workers/${W[worker]}`;
/** Young people's views: each family's list, and the demo's views. */
const VIEWS_A = viewsPath(demo.familyA);
const VIEWS_B = viewsPath(demo.familyB);
const view = (familyId: string, viewId: string) => viewPath(familyId, viewId);
/** The services directory and ratings: a service's page, its ratings, rating it, "You said, we did". */
const FS = demo.familySupportService;
const NURSING = demo.schoolNursingService;
const SCHOOL = demo.schoolService;
const DEBT = demo.debtAdviceService;
const SERVICE_PAGES = (id: string) => [`/services/${id}`, `/services/${id}/you-said-we-did`];
const RATING_PAGES = (id: string) => [...SERVICE_PAGES(id), `/services/${id}/feedback`];
/** What a family member or young person reaches: every representative service, rating where they may. */
const FAMILY_SERVICES = [
	'/services',
	...RATING_PAGES(FS),
	`/services/${FS}/rate`,
	...RATING_PAGES(NURSING),
	`/services/${NURSING}/rate`,
	...RATING_PAGES(SCHOOL),
	`/services/${SCHOOL}/rate`,
	...RATING_PAGES(DEBT)
];
/** The Family Support Service's staff also get the list of ratings waiting for their reply. */
const FS_STAFF_SERVICES = ['/services', ...RATING_PAGES(FS), `/services/${FS}/feedback?show=waiting`, ...RATING_PAGES(NURSING), ...RATING_PAGES(DEBT)];

/**
 * Where each crawl starts, when not at ENTRY_POINTS. No link leads a manager to a views list (it
 * only tells them views are not for managers), nor a parent nobody has shared anything with.
 */
const ENTRY_POINTS_FOR: Partial<Record<CrawlRole, string[]>> = {
	morgan: [...ENTRY_POINTS, VIEWS_A, VIEWS_B],
	dan: [...ENTRY_POINTS, VIEWS_B],
	mia: ['/my-views']
};
/** Crawls that keep to some pages: mia's to her views (the rest of what she sees is dan's). */
const KEEPS_TO: Partial<Record<CrawlRole, (path: string) => boolean>> = {
	mia: (path) => /^\/(my-views|family\/[a-z0-9]+\/views)\b/.test(path)
};

/** The plan's pages someone who reads it reaches, with one goal's. */
const planReadPages = (plan: string, goalId: string) => [
	plan,
	`${plan}/goals/${goalId}`,
	`${plan}/history`,
	`${plan}/history?goal=${goalId}`,
	`${plan}/review`
];
/** And the pages only the family and the lead worker are offered. */
const planEditPages = (plan: string, goalId: string) => [
	...planReadPages(plan, goalId),
	`${plan}/edit`,
	`${plan}/goals/new`,
	`${plan}/goals/${goalId}/edit`
];

/** Pages each crawl must reach: proof that its session worked and its links were followed. */
const MUST_REACH: Record<CrawlRole, string[]> = {
	anonymous: ['/', '/sign-in', '/invite', '/help', '/services', ...SERVICE_PAGES(FS), ...SERVICE_PAGES(NURSING), ...SERVICE_PAGES(DEBT)],
	// Amira reads the view Leo shared with the family, and no other.
	amira: [
		`/family/${demo.familyA}`,
		WORKERS_A,
		...planEditPages(PLAN_A, demo.goalA),
		VIEWS_A,
		view(demo.familyA, demo.leoFamily),
		...FAMILY_SERVICES,
		'/sign-out'
	],
	// Leo's views: the list, a new one, his thread with Jo, the one shared with the family, and his draft.
	leo: [
		`/family/${demo.familyA}`,
		WORKERS_A,
		...planEditPages(PLAN_A, demo.goalA),
		VIEWS_A,
		`${VIEWS_A}/new`,
		view(demo.familyA, demo.leoWorkerOnly),
		view(demo.familyA, demo.leoFamily),
		view(demo.familyA, demo.leoDraft),
		...FAMILY_SERVICES,
		'/sign-out'
	],
	// "My profile" in the menu leads to their own profile. Jo reads and replies to both of Leo's shared views.
	jo: [
		'/my-families',
		`/family/${demo.familyA}`,
		WORKERS_A,
		profile('jo'),
		...planEditPages(PLAN_A, demo.goalA),
		VIEWS_A,
		view(demo.familyA, demo.leoWorkerOnly),
		view(demo.familyA, demo.leoFamily),
		...FS_STAFF_SERVICES,
		'/sign-out'
	],
	sam: [
		'/my-families',
		`/family/${demo.familyA}`,
		WORKERS_A,
		profile('sam'),
		...planReadPages(PLAN_A, demo.goalA),
		VIEWS_A,
		view(demo.familyA, demo.leoFamily),
		'/services',
		...RATING_PAGES(FS),
		...RATING_PAGES(SCHOOL),
		'/sign-out'
	],
	morgan: [
		`/service/${demo.familySupportService}`,
		`/family/${demo.familyA}`,
		`/family/${demo.familyB}`,
		WORKERS_A,
		WORKERS_B,
		// From the service page: each worker's profile, and "Change the lead worker" for each family.
		profile('morgan'),
		profile('jo'),
		profile('priya'),
		profile('chris'),
		HANDOVER_A,
		HANDOVER_B,
		...planReadPages(PLAN_A, demo.goalA),
		...planReadPages(PLAN_B, demo.goalB),
		// What a manager is told instead of young people's views.
		VIEWS_A,
		VIEWS_B,
		...FS_STAFF_SERVICES,
		'/sign-out'
	],
	admin: [
		'/admin',
		'/admin/services',
		'/admin/workers',
		'/admin/families',
		`/admin/families/${demo.familyA}`,
		`/admin/families/${demo.familyB}`,
		`/service/${demo.familySupportService}`,
		`/service/${demo.schoolService}`,
		`/service/${demo.schoolNursingService}`,
		profile('jo'),
		profile('sam'),
		profile('grace'),
		HANDOVER_A,
		HANDOVER_B,
		'/admin/directory',
		'/services',
		...RATING_PAGES(FS),
		...RATING_PAGES(NURSING),
		...RATING_PAGES(DEBT),
		'/sign-out'
	],
	dan: [`/family/${demo.familyB}`, WORKERS_B, ...planEditPages(PLAN_B, demo.goalB), VIEWS_B, ...FAMILY_SERVICES, '/sign-out'],
	priya: [
		'/my-families',
		`/family/${demo.familyB}`,
		WORKERS_B,
		profile('priya'),
		// On My families while last month's handover is recent: her hello note to the Kowalskis.
		`/handovers/${demo.handoverB}`,
		...planEditPages(PLAN_B, demo.goalB),
		// Mia's view, past its reply date.
		VIEWS_B,
		view(demo.familyB, demo.miaOverdue),
		...FS_STAFF_SERVICES,
		'/sign-out'
	],
	mia: [VIEWS_B, `${VIEWS_B}/new`, view(demo.familyB, demo.miaOverdue)]
};

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
		`axe: scanned ${totals.pages} pages (${ROLES.length} roles × ${LOCALE_CODES.length} locales), ${totals.errorStates} form error states and ${totals.statePages} pages in states that come and go, ${totals.violations} violations`
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

const GOAL_ID = /\/plan\/goals\/([a-z0-9]{32})|[?&]goal=([a-z0-9]{32})/;
const REPRESENTATIVE_GOALS: ReadonlySet<string> = new Set([demo.goalA, demo.goalB]);
const VIEW_ID = /\/views\/([a-z0-9]{32})/;
const SERVICE_ID = /^\/services\/([a-z0-9]{32})/;
const REPRESENTATIVE_SERVICES: ReadonlySet<string> = new Set([FS, NURSING, SCHOOL, DEBT]);
/** The demo's views, each in its own state; views other tests wrote are scanned in English. */
const REPRESENTATIVE_VIEWS: ReadonlySet<string> = new Set([demo.leoWorkerOnly, demo.leoFamily, demo.leoDraft, demo.miaOverdue]);

/** A link worth following: same origin, not the language switcher, not signing out. */
function linkToFollow(href: string, from: string, locale: Locale, role: CrawlRole): string | null {
	if (href.startsWith('#')) return null;
	const path = pathOf(href, from);
	if (!path) return null;
	const url = new URL(path, baseURL);
	if (url.searchParams.has('lang')) return null; // Other locales have their own crawl.
	if (url.pathname === '/sign-out') return null; // Never end the shared session.
	if (url.pathname === '/admin/directory/export') return null; // A file to download, not a page.
	// Every service in the directory is scanned signed out in English. Elsewhere four stand for the
	// rest, each in its own state: figures (Family Support), too few ratings (School Nursing), no
	// ratings yet (the school's team), and nobody here to answer ratings (debt advice).
	const service = SERVICE_ID.exec(url.pathname)?.[1];
	if (service && !REPRESENTATIVE_SERVICES.has(service) && !(locale === 'en-GB' && role === 'anonymous')) return null;
	// Every goal's pages are scanned in English, where each goal shows a different state
	// (disagreement, overdue, no scores). In the other languages one goal per family stands for
	// the rest: the same templates with other words, at a quarter of the crawl's time.
	const goal = GOAL_ID.exec(path);
	const goalId = goal?.[1] ?? goal?.[2];
	if (locale !== 'en-GB' && goalId && !REPRESENTATIVE_GOALS.has(goalId)) return null;
	const viewId = VIEW_ID.exec(url.pathname)?.[1];
	if (locale !== 'en-GB' && viewId && !REPRESENTATIVE_VIEWS.has(viewId)) return null;
	const keepsTo = KEEPS_TO[role];
	if (keepsTo && !keepsTo(url.pathname)) return null;
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
	test.concurrent.for(LOCALE_CODES)('%s', { timeout: CRAWL_TIMEOUT }, async (locale, { expect }) => {
		const context = await newContextFor(browser, role, locale);
		const page = await context.newPage();
		const queue = [...(ENTRY_POINTS_FOR[role] ?? ENTRY_POINTS)];
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
					const next = linkToFollow(href, page.url(), locale, role);
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

	const ADMIN_FORMS: ReadonlyArray<[path: string, form: string, what: string, fill?: (page: Page) => Promise<void>]> = [
		['/admin/services', 'form[action="?/create"]', 'submitted empty'],
		['/admin/workers', 'form[action="?/create"]', 'submitted empty'],
		['/admin/families', 'form[action="?/create"]', 'submitted empty'],
		// Every family starts with its lead worker: a name alone is not enough.
		['/admin/families', 'form[action="?/create"]', 'a name but no lead worker', (page) => page.locator('#name').fill('Axe family')],
		[`/admin/families/${demo.familyA}`, 'form[action="?/addMember"]', 'submitted empty'],
		[`/admin/families/${demo.familyA}`, 'form[action="?/assign"]', 'submitted empty']
	];

	test.concurrent.for(LOCALE_CODES)('admin create forms, empty, in %s', async (locale, { expect }) => {
		const context = await newContextFor(browser, 'admin', locale);
		const page = await context.newPage();
		try {
			for (const [path, form, what, fillIn] of ADMIN_FORMS) {
				await openHydrated(page, path);
				await fillIn?.(page);
				await submitForm(page, form);
				await checkErrorState(page, locale, `admin ${locale} ${path} ${form} ${what}`, expect);
			}
		} finally {
			await context.close();
		}
	});

	interface WrongForm {
		role: CrawlRole;
		path: string;
		form: string;
		what: string;
		fill?: (page: Page) => Promise<void>;
	}

	/** Fills in each form wrongly, one after another, as its person in `locale`, and checks the error state. */
	async function checkWrongForms(forms: readonly WrongForm[], locale: Locale, expect: ExpectStatic): Promise<void> {
		const contexts = new Map<CrawlRole, Page>();
		try {
			for (const { role, path, form, what, fill: fillIn } of forms) {
				let page = contexts.get(role);
				if (!page) {
					page = await (await newContextFor(browser, role, locale)).newPage();
					contexts.set(role, page);
				}
				const where = `${role} ${locale} ${path} ${form}: ${what}`;
				await openHydrated(page, path);
				await fillIn?.(page);
				await submitForm(page, form).catch(async (error: unknown) => {
					const summary = await page.locator('.error-summary').count();
					throw new Error(`${where}: no error summary took focus after submitting (${summary} on the page, at ${page.url()})`, {
						cause: error
					});
				});
				await checkErrorState(page, locale, where, expect);
			}
		} finally {
			await Promise.all([...contexts.values()].map((page) => page.context().close()));
		}
	}

	// The plan's forms as Amira and Jo fill them in wrongly; nothing here is saved.
	const PLAN_FORMS: readonly WrongForm[] = [
		{ role: 'amira', path: `${PLAN_A}/goals/new`, form: 'main form', what: 'empty goal' },
		{
			role: 'amira',
			path: `${PLAN_A}/goals/${demo.goalA}`,
			form: '#position-form',
			what: 'does not agree, no reason',
			fill: async (page) => {
				await page.locator('#position-disagree').check();
				await page.locator('#reason').fill('');
			}
		},
		{
			role: 'amira',
			path: `${PLAN_A}/goals/${demo.goalA}`,
			form: 'form[action="?/checkin"]',
			what: 'score 11',
			fill: (page) => page.locator('#score').fill('11')
		},
		{
			role: 'amira',
			path: `${PLAN_A}/goals/${demo.goalA}`,
			form: 'form[action="?/addAction"]',
			what: 'due 2027-02-30',
			fill: async (page) => {
				await page.locator('#description').fill('Ring the council');
				await page.locator('#owner').selectOption({ index: 1 });
				// As typed where there is no date picker (a date picker cannot send it).
				await page.locator('#dueDate').evaluate((input: HTMLInputElement) => {
					input.type = 'text';
				});
				await page.locator('#dueDate').fill('2027-02-30');
			}
		},
		{ role: 'amira', path: `${PLAN_A}/review`, form: 'form[action="?/agenda"]', what: 'empty agenda item' },
		{
			role: 'jo',
			path: `${PLAN_A}/review`,
			form: 'form[action="?/schedule"]',
			what: 'review without date or place',
			fill: async (page) => {
				await page.locator('#date').fill('');
				await page.locator('#place').fill('');
			}
		},
		{ role: 'jo', path: `${PLAN_A}/review`, form: 'form[action="?/decisions"]', what: 'nothing decided' }
	];

	test.concurrent.for(LOCALE_CODES)('plan forms, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(PLAN_FORMS, locale, expect);
	});

	// A worker's profile, a handover and its note, filled in wrongly; nothing here is saved.
	const JO_PROFILE = profile('jo');
	const WORKER_FORMS: readonly WrongForm[] = [
		{ role: 'jo', path: JO_PROFILE, form: 'form[action="?/photo"]', what: 'no photo chosen' },
		{
			role: 'jo',
			path: JO_PROFILE,
			form: 'form[action="?/photo"]',
			what: 'a text file called photo.png',
			fill: (page) =>
				page.locator('#photo').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('Not a photo at all, just words.') })
		},
		{
			role: 'jo',
			path: JO_PROFILE,
			form: 'form[action="?/contact"]',
			what: 'a phone number of letters',
			fill: (page) => page.locator('#phone').fill('call me maybe')
		},
		{
			role: 'jo',
			path: JO_PROFILE,
			form: 'form[action="?/hours"]',
			what: 'Saturday ending before it starts',
			fill: async (page) => {
				await page.locator('#works-6').check();
				await page.locator('#starts-6').fill('10:00');
				await page.locator('#ends-6').fill('09:00');
			}
		},
		{ role: 'jo', path: JO_PROFILE, form: 'form[action="?/addAbsence"]', what: 'time away without dates' },
		{
			role: 'morgan',
			path: HANDOVER_A,
			form: 'form[action="?/plan"]',
			what: 'no new worker, no date',
			fill: (page) => page.locator('#handoverOn').fill('')
		},
		{
			role: 'priya',
			path: `/handovers/${demo.handoverB}`,
			form: 'main form',
			what: 'a note of 1,001 characters',
			// No space at the end, which the server would trim off (and then save the note).
			fill: (page) => page.locator('#note').fill(`${'Hello from Priya. '.repeat(60).slice(0, 1000)}!`)
		}
	];

	test.concurrent.for(LOCALE_CODES)('worker profile and handover forms, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(WORKER_FORMS, locale, expect);
	});

	// Young people's views: Leo's forms, Jo's reply and morgan's reply time, filled in wrongly; nothing is saved.
	const VIEW_FORMS: readonly WrongForm[] = [
		{ role: 'leo', path: `${VIEWS_A}/new`, form: 'main form.view-form', what: 'nothing chosen, no words' },
		{
			role: 'leo',
			path: `${VIEWS_A}/new`,
			form: 'main form.view-form',
			what: 'words of 2,001 characters',
			fill: async (page) => {
				await page.locator('#prompt').check();
				await page.locator('#body').fill(`${'Axe says a lot here. '.repeat(100).slice(0, 2000)}!`);
			}
		},
		{
			role: 'leo',
			path: view(demo.familyA, demo.leoDraft),
			form: 'form[action="?/save"]',
			what: 'a draft with its words taken out',
			fill: (page) => page.locator('#body').fill('')
		},
		{ role: 'leo', path: view(demo.familyA, demo.leoFamily), form: 'form[action="?/answer"]', what: 'an empty answer' },
		{ role: 'leo', path: VIEWS_A, form: 'form[action="?/agenda"]', what: 'an empty agenda item' },
		{ role: 'jo', path: view(demo.familyA, demo.leoFamily), form: 'form[action="?/reply"]', what: 'an empty reply' },
		{
			role: 'morgan',
			path: `/service/${demo.familySupportService}`,
			form: 'form[action="?/replyDays"]',
			what: '21 working days to reply',
			fill: (page) => page.locator('#replyDays').fill('21')
		}
	];

	test.concurrent.for(LOCALE_CODES)('views forms, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(VIEW_FORMS, locale, expect);
	});

	/** Takes any answer off a rating form (a family who rated already has theirs chosen), so nothing is saved. */
	const noAnswer = (page: Page) =>
		page.locator('input[name="score"]').evaluateAll((inputs) => {
			for (const input of inputs as HTMLInputElement[]) input.checked = false;
		});
	/** A directory file with one service whose name is a number: listed as a problem row by row. */
	const wrongDirectory = JSON.stringify({ id: '5a9d8c7b-6e5f-4a3b-9c2d-1e0f9a8b7c6d', name: 404, status: 'active' });

	// Rating a service, replying, "You said, we did", the reply time, the directory's search and
	// its import, filled in wrongly; nothing here is saved.
	const RATING_FORMS: readonly WrongForm[] = [
		{ role: 'anonymous', path: '/services', form: 'form.directory-search', what: 'an age in words', fill: (page) => page.locator('#age').fill('twelve') },
		{ role: 'leo', path: `/services/${FS}/rate`, form: 'main form.rating-form', what: 'no answer chosen', fill: noAnswer },
		{
			role: 'amira',
			path: `/services/${NURSING}/rate`,
			form: 'main form.rating-form',
			what: 'no answer, and 1,001 characters of what could be better',
			fill: async (page) => {
				await noAnswer(page);
				await page.locator('#could_be_better').evaluate((el) => el.removeAttribute('maxlength'));
				await page.locator('#could_be_better').fill(`${'The drop-in is hard to find. '.repeat(40).slice(0, 1000)}!`);
			}
		},
		{ role: 'jo', path: `/services/${FS}/feedback`, form: 'ul.card-list > li:first-child form[action="?/reply"]', what: 'an empty reply' },
		{ role: 'morgan', path: `/services/${FS}/you-said-we-did`, form: 'form[action="?/add"]', what: 'nothing said, nothing done, no rating linked' },
		{
			role: 'morgan',
			path: `/service/${FS}`,
			form: 'form[action="?/ratingReplyDays"]',
			what: '21 working days to answer a rating',
			fill: (page) => page.locator('#ratingReplyDays').fill('21')
		},
		{ role: 'admin', path: '/admin/directory', form: 'form[action="?/import"]', what: 'no file chosen' },
		{
			role: 'admin',
			path: '/admin/directory',
			form: 'form[action="?/import"]',
			what: 'a file with a problem in a service',
			fill: (page) => page.locator('#file').setInputFiles({ name: 'wrong.json', mimeType: 'application/json', buffer: Buffer.from(wrongDirectory) })
		}
	];

	test.concurrent.for(LOCALE_CODES)('ratings and directory forms, filled in wrongly, in %s', async (locale, { expect }) => {
		await checkWrongForms(RATING_FORMS, locale, expect);
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
	}

	// Someone else saved the goal after Amira opened it: her save is stopped and both versions shown.
	test.concurrent.for(LOCALE_CODES)('a goal changed by someone else meanwhile, in %s', async (locale, { expect }) => {
		const created = await request('amira', `${PLAN_A}/goals/new`, {
			form: { title: `Axe conflict (${locale})`, whyItMatters: '', howWeKnow: '', outcomeArea: 'staying_safe' }
		});
		const goalPath = /^[^?#]+/.exec(created.headers.get('location') ?? '')?.[0] ?? '';
		expect(created.status, 'the goal was suggested').toBe(303);
		const editPath = `${goalPath}/edit`;

		const context = await newContextFor(browser, 'amira', locale);
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
			const context = await newContextFor(browser, 'amira', locale);
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
function ukDate(days = 0): string {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
	const d = new Date(`${today}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

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

// What the demo data does not always show: set up over HTTP, scanned in every language, then put
// back. These tests run one after another, never beside the crawl or the form tests (which expect
// the handover form and no time away today), and other files never run beside this one.
describe('states that come and go', () => {
	interface StatePage {
		role: Role;
		path: string;
		/** What must be on the page, so the scan is of the state meant. */
		shows: string;
	}

	async function scanEverywhere(pages: readonly StatePage[], what: string, expect: ExpectStatic): Promise<void> {
		for (const locale of LOCALE_CODES) {
			const contexts = new Map<Role, Page>();
			try {
				for (const { role, path, shows } of pages) {
					let page = contexts.get(role);
					if (!page) {
						page = await (await newContextFor(browser, role, locale)).newPage();
						contexts.set(role, page);
					}
					const response = await page.goto(path, { waitUntil: 'load' });
					const where = `${role} ${locale} ${path} (${what})`;
					expect.soft(response?.status(), `${where}: status`).toBe(200);
					expect.soft(await page.locator(shows).count(), `${where}: shows ${shows}`).toBeGreaterThan(0);
					await checkPage(page, locale, where, expect);
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
		// His family page tells him, in every language, before he opens the service's page.
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
