import type { Locator, Page } from 'playwright-core';
import { expect, inject, type ExpectStatic } from 'vitest';
import type { Role } from './accounts';
import { errorTitlePrefix, fill, message, type Locale } from './i18n';
import { viewPath, viewsPath } from './views';

// Small helpers for the journeys that click through pages as a person would.

/** A locator's text with its whitespace collapsed, as a screen reader would read it out. */
export async function text(locator: Locator): Promise<string> {
	return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Where a link leads (its href is relative on the page): path and query. */
export async function pathOf(link: Locator): Promise<string> {
	const url = new URL(await link.evaluate((a: HTMLAnchorElement) => a.href));
	return `${url.pathname}${url.search}`;
}

/**
 * Clicks the form's submit button and waits until the page that answers has loaded. Returns the
 * status of the POST itself: 303 when it was saved, 4xx when the page came back with errors.
 * Meant for pages without JavaScript, where every submit is a full page load.
 */
export async function submit(page: Page, form: Locator, button: Locator = form.locator('button[type="submit"]')): Promise<number> {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.frame() === page.mainFrame()),
		page.waitForEvent('load'),
		button.click()
	]);
	return response.status();
}

/**
 * After a failed submit without JavaScript: the title starts with the translated "Error:", the
 * error summary names the problem and links to the field, and the field shows the same message
 * and is marked invalid.
 */
export async function expectFieldError(
	page: Page,
	field: string,
	errorText: string,
	heading: string,
	locale: Locale = 'en-GB'
): Promise<void> {
	const title = await page.title();
	expect(title, 'the title says there is an error').toBe(fill(message(locale, 'common:title.with_error'), { title: heading }));
	expect(title.startsWith(errorTitlePrefix(locale)), `"${title}" starts with the translated "Error:"`).toBe(true);
	const summary = page.locator('.error-summary');
	expect(await summary.isVisible(), 'error summary').toBe(true);
	expect(await text(summary)).toContain(errorText);
	expect(await summary.locator(`a[href="#${field}"]`).count(), `the summary links to #${field}`).toBe(1);
	expect(await page.locator(`#${field}`).count(), `#${field}, which the summary links to, is on the page`).toBe(1);
	const next = page.locator(`#${field}-error`);
	expect(await next.isVisible(), `#${field}-error is shown`).toBe(true);
	expect(await text(next)).toContain(errorText);
	expect(await page.locator(`#${field}`).getAttribute('aria-invalid')).toBe('true');
}

// Every page each person reaches: where each crawl starts, the links it follows and the pages it
// must reach. The axe crawl goes through them in every language; the keyboard, target size,
// motion and layout tests go through the same pages, so a page the crawl reaches is never missed
// by them.

const baseURL = inject('baseURL');
const demo = inject('demo');

/**
 * mia sees the same pages as dan but for her own views, so her crawl starts at "My views" and stays
 * there (below she is also the one who still has the news of family B's new worker to read). priya
 * is crawled for what only she reaches: the page of the handover she took family B over in, and
 * Mia's view that waits for her reply.
 */
export type CrawlRole = Role;
export const CRAWL_ROLES: readonly CrawlRole[] = ['anonymous', 'amira', 'leo', 'jo', 'sam', 'morgan', 'admin', 'dan', 'priya', 'mia'];
/**
 * Visited directly: pages no link reaches for everyone, the translated 404, the sign-out page
 * (a GET only shows its form; the crawl never submits it), and a search of the services directory
 * with its filters chosen (a GET form; the header's "Find support" leads to the rest of it).
 */
export const ENTRY_POINTS = ['/', '/sign-in', '/invite', '/help', '/accessibility', '/sign-out', '/session', '/no-such-page-for-axe', '/services?q=money&kind=advice&age=30&language=pl'];
export const NOT_FOUND = '/no-such-page-for-axe';
/**
 * Family A's plan alone is about 30 pages for its people (every goal has its own page, edit page
 * and history), and other test files suggest more goals in the same database.
 */
export const MAX_PAGES = 150;

export const PLAN_A = `/family/${demo.familyA}/plan`;
export const PLAN_B = `/family/${demo.familyB}/plan`;
export const W = demo.workers;
/** Everyone who has supported a family, and its handovers. */
export const WORKERS_A = `/family/${demo.familyA}/workers`;
export const WORKERS_B = `/family/${demo.familyB}/workers`;
export const MY_INFORMATION_A = `/family/${demo.familyA}/my-information`;
export const MY_INFORMATION_B = `/family/${demo.familyB}/my-information`;
export const HANDOVER_A = `/family/${demo.familyA}/handover`;
export const HANDOVER_B = `/family/${demo.familyB}/handover`;
export const profile = (worker: keyof typeof W) => `/workers/${W[worker]}`;
/** Young people's views: each family's list, and the demo's views. */
export const VIEWS_A = viewsPath(demo.familyA);
export const VIEWS_B = viewsPath(demo.familyB);
export const view = (familyId: string, viewId: string) => viewPath(familyId, viewId);
/** The services directory and ratings: a service's page, its ratings, rating it, "You said, we did". */
export const FS = demo.familySupportService;
export const NURSING = demo.schoolNursingService;
export const SCHOOL = demo.schoolService;
export const DEBT = demo.debtAdviceService;
export const FOOD = demo.foodBankService;
/** Amira's request to the debt advice service, waiting 12 days. */
export const REQUEST_A = `/family/${demo.familyA}/requests/${demo.amiraDebtRequest}`;
/** Amira's request that waits with Jo to pass on to the debt advice service. */
export const REQUEST_A_WORKER = `/family/${demo.familyA}/requests/${demo.amiraWorkerRequest}`;
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
	...RATING_PAGES(DEBT),
	`/services/${DEBT}/rate`,
	// Asking for help, from the service's page.
	`/services/${FS}/ask`,
	`/services/${DEBT}/ask`
];
/** The Family Support Service's staff also get the list of ratings waiting for their reply. */
const FS_STAFF_SERVICES = ['/services', ...RATING_PAGES(FS), `/services/${FS}/feedback?show=waiting`, ...RATING_PAGES(NURSING), ...RATING_PAGES(DEBT)];

/** Who looked at a family's record: the family's own page. */
const ACCESS_A = `/family/${demo.familyA}/access`;
const ACCESS_B = `/family/${demo.familyB}/access`;
/** The service's audit search. */
export const AUDIT_FS = `/service/${demo.familySupportService}/audit`;

/**
 * Where each crawl starts, when not at ENTRY_POINTS. No link leads a manager to a views list (it
 * only tells them views are not for managers), nor a parent nobody has shared anything with.
 */
export const ENTRY_POINTS_FOR: Partial<Record<CrawlRole, string[]>> = {
	morgan: [...ENTRY_POINTS, VIEWS_A, VIEWS_B],
	dan: [...ENTRY_POINTS, VIEWS_B],
	mia: ['/my-views']
};
/** Crawls that keep to some pages: mia's to her views (the rest of what she sees is dan's). */
export const KEEPS_TO: Partial<Record<CrawlRole, (path: string) => boolean>> = {
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

/** "Your account" in the menu of everyone signed in: the password and sign-in codes pages. */
const ACCOUNT_PAGES = ['/account', '/account/password', '/account/two-factor', '/account/notifications'];

/** Pages each crawl must reach: proof that its session worked and its links were followed. */
export const MUST_REACH: Record<CrawlRole, string[]> = {
	anonymous: ['/', '/sign-in', '/invite', '/reset-password', '/help', '/accessibility', '/services', ...SERVICE_PAGES(FS), ...SERVICE_PAGES(NURSING), ...SERVICE_PAGES(DEBT)],
	// Amira reads the view Leo shared with the family, and no other.
	amira: [
		`/family/${demo.familyA}`,
		ACCESS_A,
		WORKERS_A,
		MY_INFORMATION_A,
		...planEditPages(PLAN_A, demo.goalA),
		VIEWS_A,
		view(demo.familyA, demo.leoFamily),
		`/family/${demo.familyA}/requests`,
		REQUEST_A,
		REQUEST_A_WORKER,
		...FAMILY_SERVICES,
		...ACCOUNT_PAGES,
		'/sign-out'
	],
	// Leo's views: the list, a new one, his thread with Jo, the one shared with the family, and his draft.
	leo: [
		`/family/${demo.familyA}`,
		ACCESS_A,
		WORKERS_A,
		MY_INFORMATION_A,
		...planEditPages(PLAN_A, demo.goalA),
		VIEWS_A,
		`${VIEWS_A}/new`,
		view(demo.familyA, demo.leoWorkerOnly),
		view(demo.familyA, demo.leoFamily),
		view(demo.familyA, demo.leoDraft),
		`/family/${demo.familyA}/requests`,
		...FAMILY_SERVICES,
		...ACCOUNT_PAGES,
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
		// Amira's requests for help, from My families and the family's page: one to follow up, one to pass on.
		`/family/${demo.familyA}/requests`,
		REQUEST_A,
		REQUEST_A_WORKER,
		...FS_STAFF_SERVICES,
		...ACCOUNT_PAGES,
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
		...ACCOUNT_PAGES,
		'/sign-out'
	],
	morgan: [
		`/service/${demo.familySupportService}`,
		AUDIT_FS,
		`/service/${demo.familySupportService}/requests`,
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
		...ACCOUNT_PAGES,
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
		AUDIT_FS,
		`/service/${demo.schoolService}/audit`,
		`/service/${demo.schoolNursingService}/audit`,
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
		...ACCOUNT_PAGES,
		'/sign-out'
	],
	dan: [`/family/${demo.familyB}`, ACCESS_B, WORKERS_B, MY_INFORMATION_B, `/family/${demo.familyB}/requests`, ...planEditPages(PLAN_B, demo.goalB), VIEWS_B, ...FAMILY_SERVICES, ...ACCOUNT_PAGES, '/sign-out'],
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
		...ACCOUNT_PAGES,
		'/sign-out'
	],
	mia: [VIEWS_B, `${VIEWS_B}/new`, view(demo.familyB, demo.miaOverdue), view(demo.familyB, demo.miaReplied)]
};

/** Path and sorted query of a same-origin URL, without its fragment; null for other origins. */
export function crawlPath(href: string, from: string): string | null {
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
const REPRESENTATIVE_SERVICES: ReadonlySet<string> = new Set([FS, NURSING, SCHOOL, DEBT, FOOD]);
/** The demo's views, each in its own state; views other tests wrote are scanned in English. */
const REPRESENTATIVE_VIEWS: ReadonlySet<string> = new Set([demo.leoWorkerOnly, demo.leoFamily, demo.leoDraft, demo.miaOverdue, demo.miaReplied]);

/**
 * Whether a page is crawled in `locale` as `role`. Every service in the directory is scanned signed
 * out in English. Elsewhere five stand for the rest, each in its own state: figures (Family
 * Support), too few ratings (School Nursing), no ratings yet (the school's team), families asking
 * for help (debt advice), and nobody here to answer ratings (the food bank). Every goal's and view's
 * pages are scanned in English, where each shows a different state (disagreement, overdue, no
 * scores; a draft, a reply); in the other languages the representative ones stand for the rest.
 */
export function standsForItsKind(path: string, locale: Locale, role: CrawlRole): boolean {
	const url = new URL(path, baseURL);
	const service = SERVICE_ID.exec(url.pathname)?.[1];
	if (service && !REPRESENTATIVE_SERVICES.has(service) && !(locale === 'en-GB' && role === 'anonymous')) return false;
	const goal = GOAL_ID.exec(path);
	const goalId = goal?.[1] ?? goal?.[2];
	if (locale !== 'en-GB' && goalId && !REPRESENTATIVE_GOALS.has(goalId)) return false;
	const viewId = VIEW_ID.exec(url.pathname)?.[1];
	return !(locale !== 'en-GB' && viewId && !REPRESENTATIVE_VIEWS.has(viewId));
}

/** A link worth following: same origin, not the language switcher, not signing out. */
export function linkToFollow(href: string, from: string, locale: Locale, role: CrawlRole): string | null {
	if (href.startsWith('#')) return null;
	const path = crawlPath(href, from);
	if (!path) return null;
	const url = new URL(path, baseURL);
	if (url.searchParams.has('lang')) return null; // Other locales have their own crawl.
	if (url.pathname === '/sign-out') return null; // Never end the shared session.
	if (url.pathname === '/admin/directory/export') return null; // A file to download, not a page.
	// Opening a line in "What's new" marks it seen and redirects to a page reached from elsewhere
	// too; news.test.ts opens them. Older pages of news: the first stands for the rest.
	if (url.pathname.startsWith('/news/')) return null;
	if (url.searchParams.has('newsBefore') && new URL(from, baseURL).searchParams.has('newsBefore')) return null;
	// Paging back through a log: the first older page stands for the rest (the audit grows as the crawl goes).
	if (url.searchParams.has('before') && new URL(from, baseURL).searchParams.has('before')) return null;
	// "Download my information": files, not pages (my-information.test.ts opens and scans them).
	if (/\/my-information\/download\.(html|json)$/.test(url.pathname)) return null;
	if (!standsForItsKind(path, locale, role)) return null;
	const keepsTo = KEEPS_TO[role];
	if (keepsTo && !keepsTo(url.pathname)) return null;
	return path;
}

/** A page the crawl reached, as it was loaded. */
export interface CrawledPage {
	/** The address asked for. */
	path: string;
	/** Where it landed after any redirect: path and sorted query. */
	landed: string;
	status: number;
	/** `role locale path → landed (status)`, to name the page in a failure. */
	where: string;
}

export interface CrawlOptions {
	/** Run once each page has loaded, before its links are read and `visit` runs (to wait for hydration, say). */
	ready?: (page: Page) => Promise<void>;
	/** Pages to leave out besides what `linkToFollow` leaves out (such as all but one of each kind). */
	keep?: (path: string) => boolean;
}

/**
 * Crawls everything `role` reaches in `locale` from their entry points, following the links each
 * page offers by `linkToFollow`'s rules, and calls `visit` on each page once, as loaded. A redirect
 * to a page already visited is not visited again. Stops at MAX_PAGES.
 */
export async function crawl(
	page: Page,
	role: CrawlRole,
	locale: Locale,
	visit: (crawled: CrawledPage) => Promise<void>,
	options: CrawlOptions = {}
): Promise<{ visited: string[]; unvisited: string[] }> {
	const queue = [...(ENTRY_POINTS_FOR[role] ?? ENTRY_POINTS)];
	const seen = new Set(queue);
	const visited = new Set<string>();
	while (queue.length > 0 && visited.size < MAX_PAGES) {
		const path = queue.shift() as string;
		const response = await page.goto(path, { waitUntil: 'load' });
		const status = response?.status() ?? 0;
		const landed = crawlPath(page.url(), page.url()) ?? page.url();
		// A redirect to a page already visited (such as / → home) has nothing new to show.
		if (visited.has(landed)) continue;
		visited.add(landed);
		seen.add(landed);
		await options.ready?.(page);
		const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''));
		for (const href of hrefs) {
			const next = linkToFollow(href, page.url(), locale, role);
			if (next && !seen.has(next) && (options.keep?.(next) ?? true)) {
				seen.add(next);
				queue.push(next);
			}
		}
		await visit({ path, landed, status, where: `${role} ${locale} ${path}${landed === path ? '' : ` → ${landed}`} (${status})` });
	}
	return { visited: [...visited], unvisited: queue };
}

/** The crawl went everywhere it should: nothing left at the cap, and every page it must reach reached. */
export function expectCrawledAll(
	result: { visited: string[]; unvisited: string[] },
	role: CrawlRole,
	locale: Locale,
	expect: ExpectStatic,
	mustReach: readonly string[] = MUST_REACH[role]
): void {
	expect(result.unvisited, `${role} ${locale}: pages left unvisited at the cap of ${MAX_PAGES}`).toEqual([]);
	expect(result.visited, `${role} ${locale}: pages reached`).toEqual(expect.arrayContaining([...mustReach]));
}

// What exists only once JavaScript runs, left out of the comparison with scripts off:
// - .session-timeout: the signed-in person's countdown and "Stay signed in" warning
//   (SessionTimeout.svelte); the server's own idle limit applies without it.
// - [data-read-aloud="skip"]: the "Listen" button (ReadAloud.svelte), which needs the browser's
//   speech synthesis.
// - button[type="button"]: a button that submits nothing does something only by script; here the
//   plan's "Print" button (PrintButton.svelte: the browser's own Print menu does the same).
export const JS_ONLY = ['.session-timeout', '[data-read-aloud="skip"]', 'button[type="button"]'].join(', ');

/**
 * The page's <h1>s, and its main content as text followed by the values its form fields hold
 * (scripts may move a textarea's text from its content to its value), leaving out what only exists
 * with JavaScript. The two-factor page's new secret, made afresh for each load, is masked.
 */
export async function shownContent(page: Page): Promise<{ h1: string[]; main: string }> {
	const found = await page.evaluate((jsOnly) => {
		const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
		const live = document.querySelector('main');
		const fields = [...(live?.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select') ?? [])]
			.filter((f) => f.type !== 'hidden' && !f.closest(jsOnly))
			.map((f) => `${f.name}=${f instanceof HTMLInputElement && (f.type === 'checkbox' || f.type === 'radio') ? (f.checked ? 'checked' : '') : f.value}`);
		const main = live?.cloneNode(true) as HTMLElement | undefined;
		main?.querySelectorAll('textarea').forEach((e) => e.remove());
		main?.querySelectorAll(jsOnly).forEach((e) => e.remove());
		return {
			h1: [...document.querySelectorAll('h1')].map((h) => squash(h.textContent)),
			main: `${squash(main?.textContent ?? '')} | fields: ${fields.join(' ')}`
		};
	}, JS_ONLY);
	return { ...found, main: found.main.replace(/\b([A-Z2-7]{4} ){7}[A-Z2-7]{4}\b/g, '<new secret>') };
}

/** Waits until SvelteKit has hydrated the page (its route announcer is only there once it has). */
export async function hydrated(page: Page): Promise<void> {
	await page.waitForSelector('#svelte-announcer', { state: 'attached', timeout: 15_000 });
}

/** The services and views the crawl keeps in every language, each in a state of its own. */
const OWN_KINDS: ReadonlySet<string> = new Set([...REPRESENTATIVE_SERVICES, ...REPRESENTATIVE_VIEWS]);

/**
 * One page of each kind: the path with its ids taken out and the names of its query's fields.
 * `/family/<id>/plan/goals/<id>` stands for every goal's page, `/services?q=…&kind=…` for every
 * search. The representative services and views keep their ids: each shows a different state
 * (figures, too few ratings, none, nobody to answer; a draft, a reply, a view past its date, a reply not yet read).
 */
export function kindOf(path: string): string {
	const url = new URL(path, baseURL);
	const pathname = url.pathname.replace(/[a-z0-9]{32}/g, (id) => (OWN_KINDS.has(id) ? id : ':id'));
	return `${pathname}?${[...url.searchParams.keys()].sort().join('&')}`;
}

/** A `keep` for `crawl` that follows only the first page of each kind it finds (see kindOf). */
export function oneOfEachKind(): (path: string) => boolean {
	const kinds = new Set<string>();
	return (path) => {
		const kind = kindOf(path);
		if (kinds.has(kind)) return false;
		kinds.add(kind);
		return true;
	};
}

/** A crawl of one page of each kind went everywhere: nothing left, and every kind of page it must reach reached. */
export function expectEachKindReached(
	result: { visited: string[]; unvisited: string[] },
	role: CrawlRole,
	locale: Locale,
	expect: ExpectStatic
): void {
	expect(result.unvisited, `${role} ${locale}: pages left unvisited at the cap of ${MAX_PAGES}`).toEqual([]);
	const visited = new Set(result.visited.map(kindOf));
	const missing = [...new Set(MUST_REACH[role].map(kindOf))].filter((kind) => !visited.has(kind));
	expect(missing, `${role} ${locale}: kinds of page the crawl must reach`).toEqual([]);
}

/**
 * Crawls as `role` in `locale` on the page `open` gives, once each page has hydrated, runs `check`
 * on each, then expects the crawl reached every page it must (with `oneOfEach`, one page of each
 * kind: the same templates again would tell nothing new). The page's context is closed after.
 * Returns where the pages it reached landed, in the order it reached them.
 */
export async function checkEveryPage(
	open: () => Promise<Page>,
	role: CrawlRole,
	locale: Locale,
	expect: ExpectStatic,
	check: (page: Page, crawled: CrawledPage) => Promise<void>,
	options: { oneOfEach?: boolean } = {}
): Promise<string[]> {
	const page = await open();
	try {
		const keep = options.oneOfEach ? { keep: oneOfEachKind() } : {};
		const result = await crawl(page, role, locale, (crawled) => check(page, crawled), { ready: hydrated, ...keep });
		if (options.oneOfEach) expectEachKindReached(result, role, locale, expect);
		else expectCrawledAll(result, role, locale, expect);
		return result.visited;
	} finally {
		await page.context().close();
	}
}

/** The pages each person's crawl reached (where each landed), in the order it reached them. */
export type Reached = ReadonlyMap<CrawlRole, readonly string[]>;

/**
 * Shares out the kinds of page the crawls reached (see kindOf): each kind goes to the first person,
 * in CRAWL_ROLES order, who reached a page of it that stands for its kind in `locale`, with that
 * page (any page of the kind when none does). Each person's share, in the order they reached it.
 */
function shareOutKinds(reached: Reached, locale: Locale): Map<CrawlRole, string[]> {
	const chosen = new Map<string, { role: CrawlRole; path: string }>();
	const first = new Map<string, { role: CrawlRole; path: string }>();
	for (const role of CRAWL_ROLES) {
		for (const path of reached.get(role) ?? []) {
			const kind = kindOf(path);
			if (!chosen.has(kind) && standsForItsKind(path, locale, role)) chosen.set(kind, { role, path });
			if (!first.has(kind)) first.set(kind, { role, path });
		}
	}
	for (const [kind, page] of first) if (!chosen.has(kind)) chosen.set(kind, page);
	const shares = new Map<CrawlRole, string[]>();
	for (const role of CRAWL_ROLES) {
		const share = (reached.get(role) ?? []).filter((path) => {
			const page = chosen.get(kindOf(path));
			return page?.role === role && page.path === path;
		});
		if (share.length > 0) shares.set(role, share);
	}
	return shares;
}

/**
 * One page of each kind the crawls in English reached (`reached`), each opened in `locale` as the
 * first person who reaches it, once it has hydrated, and checked by `check` (told whose page it is): another language puts
 * other words in the same templates, and a template's words are the same whoever's page it is, so
 * the same template again would tell nothing new. Expects every kind to have been opened; fails
 * when a person's English crawl has not run first.
 */
export async function checkEachKindOnce(
	open: (role: CrawlRole) => Promise<Page>,
	reached: Reached,
	locale: Locale,
	expect: ExpectStatic,
	check: (page: Page, crawled: CrawledPage, role: CrawlRole) => Promise<void>
): Promise<void> {
	expect(CRAWL_ROLES.filter((role) => !reached.has(role)), `${locale}: people whose crawl in English has not run first`).toEqual([]);
	const opened = new Set<string>();
	for (const [role, paths] of shareOutKinds(reached, locale)) {
		const page = await open(role);
		try {
			for (const path of paths) {
				const response = await page.goto(path, { waitUntil: 'load' });
				const status = response?.status() ?? 0;
				const landed = crawlPath(page.url(), page.url()) ?? page.url();
				await hydrated(page);
				opened.add(kindOf(path));
				await check(page, { path, landed, status, where: `${role} ${locale} ${path}${landed === path ? '' : ` → ${landed}`} (${status})` }, role);
			}
		} finally {
			await page.context().close();
		}
	}
	const kinds = new Set([...reached.values()].flat().map(kindOf));
	expect([...kinds].filter((kind) => !opened.has(kind)), `${locale}: kinds of page not opened`).toEqual([]);
}
