import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { addDays, addWorkingDays, ukToday } from '../../src/lib/server/clock';
import { LEO_PRIVATE_SENTENCE } from '../../src/lib/server/demo/seed-views';
import { formatDate, formatDay, formatPercent } from '../../src/lib/i18n/format';
import type { Account } from './support/accounts';
import { launchBrowser, newContextFor } from './support/browser';
import { request } from './support/http';
import { LOCALE_CODES, decodeEntities, fill, message, plural, pluralForms, templatePattern, type Locale } from './support/i18n';
import { expectFieldError, pathOf, submit, text } from './support/pages';
import { audienceOnAuthorsPage, changeAudience, createView, keepBack, viewPath, viewVersion, viewsPath, type NewView } from './support/views';

// "My views": a young person says what they think, in their own words, and alone chooses who sees
// it. What Leo told Jo alone never reaches a page his mother (or anyone else not told) can open;
// only Leo changes who sees a view; the journey from writing to Jo's reply works on a phone without
// JavaScript; bad input is refused next to the field and markup stays text; the quick exit leaves
// no way back; the targets are big; and no page title gives away what anyone wrote.
//
// Files run one after another against one database. Every view written here is taken back to
// "only me" before the file ends (shared views cannot be deleted), so nobody but Leo sees it, and
// the service's reply time is put back.

const demo = inject('demo');
const A = demo.familyA;
const B = demo.familyB;
const FS = demo.familySupportService;
const NAMES = { leo: 'Leo Hassan', mia: 'Mia Kowalski', jo: 'Jo Bennett' };
const NO_JS = { javaScriptEnabled: false };
const PHONE_VIEWPORT = { width: 360, height: 740 };
const PHONE = { viewport: PHONE_VIEWPORT, javaScriptEnabled: false };
/** Makes the words of each run's views its own. */
const RUN = Date.now().toString(36);

/** The English text for `ns:key`, filled in. */
const en = (key: string, values: Record<string, string | number> = {}) => fill(message('en-GB', key), values);
/** The page's `<title>` for a page headed `key`. */
const titleFor = (locale: Locale, key: string) => fill(message(locale, 'common:title.page'), { title: message(locale, key) });

let browser: Browser;
const contexts: BrowserContext[] = [];
/** Views this file wrote, by author: taken back to "only me" in afterAll. */
const written: Array<{ author: Account; familyId: string; viewId: string }> = [];

async function open(role: Account, options: Parameters<typeof newContextFor>[3] = NO_JS, locale: Locale = 'en-GB'): Promise<Page> {
	const context = await newContextFor(browser, role, locale, options);
	contexts.push(context);
	return context.newPage();
}

async function closeContexts(): Promise<void> {
	await Promise.all(contexts.splice(0).map((c) => c.close()));
}

/** Writes a view over HTTP as Leo (or Mia), remembering it to be taken back afterwards. */
async function write(view: NewView, author: Account = 'leo', familyId = A): Promise<string> {
	const viewId = await createView(author, familyId, view);
	written.push({ author, familyId, viewId });
	return viewId;
}

/** A page's text as a reader gets it: tags, comments and scripts gone, entities decoded, spaces collapsed. */
function pageText(html: string): string {
	return decodeEntities(
		html
			.replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
			.replace(/<!--[\s\S]*?-->/g, '')
			.replace(/<[^>]*>/g, ' ')
	)
		.replace(/\s+/g, ' ')
		.trim();
}

/** The inside of `<section aria-labelledby="id">`, or '' when the page has none. */
function section(html: string, id: string): string {
	return new RegExp(`<section[^>]*aria-labelledby="${id}"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
}

/** The view ids a page links to. */
function linkedViews(html: string): string[] {
	return [...new Set([...html.matchAll(/href="[^"]*\/views\/([a-z0-9]{32})"/g)].map((m) => m[1] ?? ''))];
}

/** What the author wrote and what was said under it, as the author's own page shows it. */
async function viewTexts(author: Account, familyId: string, viewId: string): Promise<{ body: string; messages: string[] }> {
	const html = await (await request(author, viewPath(familyId, viewId))).text();
	const bdi = (chunk: string) => [...chunk.matchAll(/<bdi>([\s\S]*?)<\/bdi>/g)].map((m) => decodeEntities((m[1] ?? '').replace(/<!--[\s\S]*?-->/g, '')).trim());
	const body = bdi(/<blockquote class="view__body"[\s\S]*?<\/blockquote>/.exec(html)?.[0] ?? '')[0] ?? '';
	const thread = /<ol class="thread"[\s\S]*?<\/ol>/.exec(html)?.[0] ?? '';
	const messages = thread
		.split(/<li class="thread__message/)
		.slice(1)
		.map((li) => bdi(li).at(-1) ?? '');
	return { body, messages };
}

/** Whole texts and each of their sentences long enough to be telling: what must not appear. */
function fragmentsOf(texts: readonly string[]): string[] {
	const out = new Set<string>();
	for (const t of texts.filter(Boolean)) {
		out.add(t);
		for (const sentence of t.split(/(?<=[.?!])\s+/)) if (sentence.length >= 16) out.add(sentence);
	}
	return [...out];
}

/** A response body as text to search: entities and JSON escapes undone, so the words read as written. */
function searchable(body: string): string {
	return decodeEntities(body)
		.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
		.replace(/\\"/g, '"')
		.replace(/\\n/g, '\n');
}

/** SvelteKit's data endpoint for a page: `<path>/__data.json` with the same query. */
function dataPath(path: string): string {
	const url = new URL(path, inject('baseURL'));
	const pathname = url.pathname === '/' ? '/__data.json' : `${url.pathname.replace(/\/$/, '')}/__data.json`;
	return `${pathname}${url.search}`;
}

/**
 * What a `__data.json` answer holds for the page itself: SvelteKit answers 200 and puts the page's
 * error (such as 404) in its last node.
 */
function pageNodeStatus(json: string): number | 'data' | 'unreadable' {
	try {
		const node = (JSON.parse(json) as { nodes?: Array<{ type: string; status?: number } | null> }).nodes?.at(-1);
		return node?.type === 'error' ? (node.status ?? 500) : node?.type === 'data' ? 'data' : 'unreadable';
	} catch {
		return 'unreadable';
	}
}

beforeAll(async () => {
	browser = await launchBrowser();
});

/** Takes every view written so far back to "only me" (and closes the browsers of the describe). */
async function tidyUp(): Promise<void> {
	await closeContexts();
	for (const { author, familyId, viewId } of written.splice(0)) {
		if ((await request(author, viewPath(familyId, viewId))).status === 200) await keepBack(author, familyId, viewId);
	}
}

afterAll(async () => {
	await tidyUp();
	await browser?.close();
});

// ---------------------------------------------------------------------------------------------
describe('what Leo did not share never reaches anyone he did not share it with', () => {
	interface Fetched {
		what: string;
		status: number;
		body: string;
	}

	const MAX_PAGES = 200;
	/** Per person: pages crawled, and responses searched (pages, their data, other languages, direct tries). */
	const searched: string[] = [];

	afterAll(() => {
		console.log(`views privacy: searched ${searched.join(', ')}`);
	});

	/**
	 * Every page `role` reaches over plain GETs by following links from `entries` (never signing out),
	 * each also as `__data.json` and in every language.
	 */
	async function crawl(role: Account, entries: readonly string[]): Promise<{ pages: Set<string>; fetched: Fetched[] }> {
		const baseURL = inject('baseURL');
		const queue = [...entries];
		const seen = new Set(queue);
		const pages = new Set<string>();
		const fetched: Fetched[] = [];
		while (queue.length > 0 && pages.size < MAX_PAGES) {
			const path = queue.shift() as string;
			const response = await request(role, path);
			const location = response.headers.get('location');
			const body = await response.text();
			fetched.push({ what: `GET ${path}`, status: response.status, body });
			const next: string[] = [];
			if (location) next.push(location);
			else {
				pages.add(path);
				for (const m of body.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)) next.push(decodeEntities(m[1] ?? ''));
			}
			for (const href of next) {
				if (href.startsWith('#')) continue;
				const url = new URL(href, new URL(path, baseURL));
				if (url.origin !== baseURL || url.pathname === '/sign-out') continue;
				// The same page in another language is fetched below, for every page.
				url.searchParams.delete('lang');
				url.hash = '';
				url.searchParams.sort();
				const found = `${url.pathname}${url.search}`;
				if (!seen.has(found)) {
					seen.add(found);
					queue.push(found);
				}
			}
		}
		expect(queue, `${role}: pages left at the cap of ${MAX_PAGES}`).toEqual([]);
		// Each page's data as the client router would load it, and the page in every other language.
		const requests = [...pages].flatMap((path) => [
			{ what: `GET ${dataPath(path)}`, path: dataPath(path), locale: 'en-GB' as Locale },
			...LOCALE_CODES.filter((l) => l !== 'en-GB').map((locale) => ({ what: `GET ${path} (${locale})`, path, locale }))
		]);
		for (const { what, path, locale } of requests) {
			const response = await request(role, path, { cookies: { lang: locale } });
			fetched.push({ what, status: response.status, body: await response.text() });
		}
		searched.push(`${role} ${pages.size} pages (${fetched.length} responses)`);
		return { pages, fetched };
	}

	/** Someone reaching straight for a view's page, its data and its forms, as if they had its address. */
	async function reachFor(role: Account, familyId: string, viewId: string): Promise<Fetched[]> {
		const path = viewPath(familyId, viewId);
		const out: Fetched[] = [];
		for (const target of [path, dataPath(path), `${path}?saved=shared`, `${path}?lang=en-GB-x-easy`]) {
			const response = await request(role, target);
			const body = await response.text();
			// The data endpoint answers 200 and says in its last node what the page would have.
			const status = target.includes('/__data.json') && response.status === 200 ? pageNodeStatus(body) : response.status;
			out.push({ what: `GET ${target}`, status: typeof status === 'number' ? status : status === 'data' ? 200 : -1, body });
		}
		const forms: Array<[string, Record<string, string>]> = [
			['answer', { message: 'Hello' }],
			['reply', { message: 'Hello' }],
			['read', {}],
			['audience', { audience: 'family', version: 'x' }],
			['save', { prompt: 'home', feeling: '', body: 'Hello', audience: 'family', version: 'x' }]
		];
		for (const [action, form] of forms) {
			const response = await request(role, `${path}?/${action}`, { form });
			out.push({ what: `POST ${path}?/${action}`, status: response.status, body: await response.text() });
		}
		return out;
	}

	/** Each body that holds any of `forbidden`, with what it held. */
	function leaks(fetched: readonly Fetched[], forbidden: readonly string[]): string[] {
		return fetched.flatMap(({ what, status, body }) => {
			const haystack = searchable(body);
			const found = forbidden.filter((f) => haystack.includes(f));
			return found.length > 0 ? [`${what} (${status}) holds ${found.map((f) => JSON.stringify(f.slice(0, 60))).join(', ')}`] : [];
		});
	}

	let leoWorkerOnly: { body: string; messages: string[] };
	let leoDraft: { body: string; messages: string[] };
	let leoFamily: { body: string; messages: string[] };
	let miaOverdue: { body: string; messages: string[] };

	beforeAll(async () => {
		leoWorkerOnly = await viewTexts('leo', A, demo.leoWorkerOnly);
		leoDraft = await viewTexts('leo', A, demo.leoDraft);
		leoFamily = await viewTexts('leo', A, demo.leoFamily);
		miaOverdue = await viewTexts('mia', B, demo.miaOverdue);
	});

	test('the texts the checks look for are the demo’s, and a page that may show them does', async () => {
		// Leo's own page shows the sentence, Jo's replies and Leo's answer under it.
		expect(leoWorkerOnly.body).toContain(LEO_PRIVATE_SENTENCE);
		expect(leoWorkerOnly.messages.length, 'Jo’s two replies and Leo’s answer').toBeGreaterThanOrEqual(3);
		expect(leoDraft.body.length).toBeGreaterThan(20);
		expect(leoFamily.body.length).toBeGreaterThan(20);
		expect(miaOverdue.body.length).toBeGreaterThan(20);
		// Proof the search would find a leak: Jo, who was told, gets all of it from the page and its data.
		const forbidden = fragmentsOf([leoWorkerOnly.body, ...leoWorkerOnly.messages, demo.leoWorkerOnly]);
		const jo = await reachFor('jo', A, demo.leoWorkerOnly);
		for (const what of [`GET ${viewPath(A, demo.leoWorkerOnly)}`, `GET ${dataPath(viewPath(A, demo.leoWorkerOnly))}`]) {
			const page = jo.find((f) => f.what === what) as Fetched;
			expect(page.status, what).toBe(200);
			expect(leaks([page], forbidden), `${what} as jo`).toHaveLength(1);
			expect(searchable(page.body)).toContain(LEO_PRIVATE_SENTENCE);
			for (const fragment of forbidden) expect(searchable(page.body), `${what} shows ${fragment}`).toContain(fragment);
		}
	});

	/**
	 * What Leo told Jo alone, and his draft. Their ids too, for the pages a crawl reaches: a page
	 * that answers a direct request repeats the address asked for (in its language links), which
	 * tells the asker nothing new, so there only the words are looked for.
	 */
	const PRIVATE_TO_LEO_AND_JO = () =>
		fragmentsOf([LEO_PRIVATE_SENTENCE, 'choose when I see my dad', leoWorkerOnly.body, ...leoWorkerOnly.messages, leoDraft.body]);
	const PRIVATE_IDS = () => [demo.leoWorkerOnly, demo.leoDraft];

	test('Amira: nothing on any page she can open, their data or the private views’ own addresses', async () => {
		const { pages, fetched } = await crawl('amira', ['/', `/family/${A}`, viewsPath(A), '/my-views']);
		expect([...pages], 'the crawl reached Amira’s pages, plan and views').toEqual(
			expect.arrayContaining([`/family/${A}`, `/family/${A}/plan`, `/family/${A}/workers`, viewsPath(A), viewPath(A, demo.leoFamily)])
		);
		// Every goal's page and history too: the plan has more than a few.
		expect([...pages].filter((p) => p.includes('/plan/goals/')).length).toBeGreaterThan(3);
		const direct = [...(await reachFor('amira', A, demo.leoWorkerOnly)), ...(await reachFor('amira', A, demo.leoDraft))];
		expect(
			direct.filter((f) => f.what.startsWith('GET')).map((f) => `${f.what} ${f.status}`),
			'the private views are not there for her'
		).toEqual(direct.filter((f) => f.what.startsWith('GET')).map((f) => `${f.what} 404`));
		expect(fetched.length).toBeGreaterThan(100);
		expect(leaks(fetched, [...PRIVATE_TO_LEO_AND_JO(), ...PRIVATE_IDS()])).toEqual([]);
		expect(leaks(direct, PRIVATE_TO_LEO_AND_JO())).toEqual([]);
		// What Leo shared with the family she does read.
		expect(fetched.some((f) => searchable(f.body).includes(leoFamily.body)), 'the family view is on her pages').toBe(true);
	});

	test('Sam (in the team, another service): only the family view, nothing Leo told Jo alone', async () => {
		const { pages, fetched } = await crawl('sam', ['/', `/family/${A}`, viewsPath(A)]);
		expect([...pages]).toEqual(expect.arrayContaining([viewsPath(A), viewPath(A, demo.leoFamily)]));
		const direct = [...(await reachFor('sam', A, demo.leoWorkerOnly)), ...(await reachFor('sam', A, demo.leoDraft))];
		expect(direct.filter((f) => f.what.startsWith('GET') && f.status !== 404).map((f) => f.what)).toEqual([]);
		expect(leaks(fetched, [...PRIVATE_TO_LEO_AND_JO(), ...PRIVATE_IDS()])).toEqual([]);
		expect(leaks(direct, PRIVATE_TO_LEO_AND_JO())).toEqual([]);
	});

	test('morgan (the manager): no young person’s words at all, only counts', async () => {
		const { pages, fetched } = await crawl('morgan', ['/', `/service/${FS}`, viewsPath(A), viewsPath(B)]);
		expect([...pages]).toEqual(expect.arrayContaining([`/service/${FS}`, `/family/${A}`, `/family/${B}`, viewsPath(A), viewsPath(B)]));
		const direct = [
			...(await reachFor('morgan', A, demo.leoFamily)),
			...(await reachFor('morgan', A, demo.leoWorkerOnly)),
			...(await reachFor('morgan', B, demo.miaOverdue))
		];
		const everything = fragmentsOf([
			LEO_PRIVATE_SENTENCE,
			leoWorkerOnly.body,
			...leoWorkerOnly.messages,
			leoFamily.body,
			...leoFamily.messages,
			leoDraft.body,
			miaOverdue.body
		]);
		const ids = [demo.leoWorkerOnly, demo.leoFamily, demo.leoDraft, demo.miaOverdue];
		expect(direct.filter((f) => f.what.startsWith('GET') && f.status !== 404).map((f) => f.what)).toEqual([]);
		expect(leaks(fetched, [...everything, ...ids])).toEqual([]);
		expect(leaks(direct, everything)).toEqual([]);
	});

	test('Dan: Mia told Priya alone, so nothing of it for her father', async () => {
		const { fetched } = await crawl('dan', ['/', `/family/${B}`, viewsPath(B)]);
		const direct = await reachFor('dan', B, demo.miaOverdue);
		expect(direct.filter((f) => f.what.startsWith('GET') && f.status !== 404).map((f) => f.what)).toEqual([]);
		expect(leaks(fetched, fragmentsOf([miaOverdue.body, demo.miaOverdue]))).toEqual([]);
		expect(leaks(direct, fragmentsOf([miaOverdue.body]))).toEqual([]);
	});

	test('the family page and views list count only what each person may read', async () => {
		// Leo's own list says who sees each of his views.
		const leoList = await (await request('leo', viewsPath(A))).text();
		const leoViews = linkedViews(leoList);
		const audiences = new Map<string, string | undefined>();
		for (const id of leoViews) audiences.set(id, await audienceOnAuthorsPage('leo', A, id));
		const withFamily = leoViews.filter((id) => audiences.get(id) === 'family');
		const withJo = leoViews.filter((id) => audiences.get(id) === 'worker' || audiences.get(id) === 'family');
		expect(withFamily).toContain(demo.leoFamily);
		expect(withJo).toContain(demo.leoWorkerOnly);
		const waitingPatterns = pluralForms('en-GB', 'family:views.waiting').map(templatePattern);

		for (const [role, visible] of [
			['amira', withFamily],
			['sam', withFamily],
			['jo', withJo]
		] as const) {
			const home = await (await request(role, `/family/${A}`)).text();
			const glance = pageText(section(home, 'views-link'));
			expect(glance, `${role}: the count on the family page`).toContain(plural('en-GB', 'family:views.shared', visible.length));
			// Only the lead worker is told what waits for a reply.
			const waits = waitingPatterns.some((p) => p.test(glance));
			expect(waits, `${role}: told what waits for a reply`).toBe(role === 'jo');
			for (const id of linkedViews(section(home, 'views-link'))) expect(visible, `${role}: a card on the family page`).toContain(id);
			const list = await (await request(role, viewsPath(A))).text();
			expect(linkedViews(list).sort(), `${role}: the views list`).toEqual([...visible].sort());
		}
		// The manager gets no section on the family page and no views on the list.
		const morganHome = await (await request('morgan', `/family/${A}`)).text();
		expect(section(morganHome, 'views-link')).toBe('');
		const morganList = await (await request('morgan', viewsPath(A))).text();
		expect(linkedViews(morganList)).toEqual([]);
		expect(pageText(morganList)).toContain(en('worker:views.intro_manager'));
		// Dan: Mia shared nothing with her family.
		const danHome = await (await request('dan', `/family/${B}`)).text();
		expect(pageText(section(danHome, 'views-link'))).toContain(en('family:views.none'));
	});
});

// ---------------------------------------------------------------------------------------------
describe('only Leo changes who sees his view', () => {
	afterAll(tidyUp);

	/** Everyone's answer for a view of Leo's, as status codes. */
	async function whoSees(viewId: string): Promise<Record<string, number>> {
		const roles: Account[] = ['leo', 'amira', 'jo', 'sam', 'morgan', 'dan'];
		const statuses = await Promise.all(roles.map(async (role) => (await request(role, viewPath(A, viewId))).status));
		return Object.fromEntries(roles.map((role, i) => [role, statuses[i] as number]));
	}

	test('Amira, Jo and Sam are refused with a valid form, and nothing changes', async () => {
		const before = {
			family: { audience: await audienceOnAuthorsPage('leo', A, demo.leoFamily), version: await viewVersion('leo', A, demo.leoFamily) },
			worker: { audience: await audienceOnAuthorsPage('leo', A, demo.leoWorkerOnly), version: await viewVersion('leo', A, demo.leoWorkerOnly) }
		};
		expect(before.family.audience).toBe('family');
		expect(before.worker.audience).toBe('worker');

		const attempts: Array<[Account, string, string, number]> = [
			// Amira sees the family view (so 403), not the one for Jo alone (so 404).
			['amira', demo.leoFamily, 'only_me', 403],
			['amira', demo.leoWorkerOnly, 'family', 404],
			// Jo sees both, and may change neither.
			['jo', demo.leoFamily, 'only_me', 403],
			['jo', demo.leoWorkerOnly, 'family', 403],
			['sam', demo.leoFamily, 'worker', 403],
			['sam', demo.leoWorkerOnly, 'family', 404]
		];
		const results = await Promise.all(
			attempts.map(async ([role, viewId, audience]) => {
				const version = viewId === demo.leoFamily ? before.family.version : before.worker.version;
				return (await request(role, `${viewPath(A, viewId)}?/audience`, { form: { audience, version } })).status;
			})
		);
		expect(results).toEqual(attempts.map(([, , , status]) => status));

		// Leo's page still says what it said, at the same version; the same people see each view.
		expect(await audienceOnAuthorsPage('leo', A, demo.leoFamily)).toBe('family');
		expect(await audienceOnAuthorsPage('leo', A, demo.leoWorkerOnly)).toBe('worker');
		expect(await viewVersion('leo', A, demo.leoFamily)).toBe(before.family.version);
		expect(await viewVersion('leo', A, demo.leoWorkerOnly)).toBe(before.worker.version);
		expect(await whoSees(demo.leoFamily)).toEqual({ leo: 200, amira: 200, jo: 200, sam: 200, morgan: 404, dan: 404 });
		expect(await whoSees(demo.leoWorkerOnly)).toEqual({ leo: 200, amira: 404, jo: 200, sam: 404, morgan: 404, dan: 404 });
	});

	test('Leo shares a view with his family, then takes it back to only himself', async () => {
		const body = `I would like to have my own room when we move. (${RUN} audience)`;
		const viewId = await write({ prompt: 'home', feeling: 'okay', body, audience: 'worker' });
		expect(await whoSees(viewId)).toEqual({ leo: 200, amira: 404, jo: 200, sam: 404, morgan: 404, dan: 404 });
		const joWaiting = async () => (await (await request('jo', '/my-families')).text()).includes(viewPath(A, viewId));
		expect(await joWaiting(), 'waiting for Jo').toBe(true);

		expect(await changeAudience('leo', A, viewId, 'family')).toBe(303);
		expect(await audienceOnAuthorsPage('leo', A, viewId)).toBe('family');
		expect(await whoSees(viewId)).toEqual({ leo: 200, amira: 200, jo: 200, sam: 200, morgan: 404, dan: 404 });
		expect(pageText(await (await request('amira', viewsPath(A))).text())).toContain(body);

		// On his phone, while the view is changed in another window: his choice is refused, kept, and
		// then saved when he tries again.
		const leo = await open('leo', PHONE);
		await leo.goto(viewPath(A, viewId));
		expect(await changeAudience('leo', A, viewId, 'worker')).toBe(303);
		const form = leo.locator('form[action="?/audience"]');
		await form.getByLabel(en('views:audiences.only_me_after'), { exact: true }).check();
		expect(await submit(leo, form)).toBe(409);
		expect(await leo.title()).toBe(fill(message('en-GB', 'common:title.with_error'), { title: en('views:view_title') }));
		expect(await text(leo.locator('.error-summary'))).toContain(en('views:errors.changed_meanwhile'));
		expect(await text(leo.locator('#audience-error'))).toContain(en('views:errors.changed_meanwhile'));
		expect(await form.locator('input[value="only_me"]').isChecked(), 'his choice is kept').toBe(true);
		expect(await submit(leo, form)).toBe(303);
		expect(new URL(leo.url()).searchParams.get('saved')).toBe('audience');
		expect(await text(leo.locator('[role="status"]'))).toBe(en('views:saved.audience'));
		expect(await text(leo.locator('.view__status'))).toBe(en('views:status.kept_back'));

		expect(await whoSees(viewId)).toEqual({ leo: 200, amira: 404, jo: 404, sam: 404, morgan: 404, dan: 404 });
		expect(await joWaiting(), 'no longer on Jo’s list').toBe(false);
		expect(pageText(await (await request('amira', viewsPath(A))).text())).not.toContain(body);
		expect(pageText(await (await request('jo', `/family/${A}`)).text())).not.toContain(body);
		// Kept back, it is listed with Leo's drafts.
		const leoList = await (await request('leo', viewsPath(A))).text();
		expect(linkedViews(section(leoList, 'drafts-heading'))).toContain(viewId);
		expect(linkedViews(section(leoList, 'shared-heading'))).not.toContain(viewId);
	});
});

// ---------------------------------------------------------------------------------------------
describe('Leo says what he thinks on his phone, Jo reads it and replies: no JavaScript', () => {
	const BODY = `I want to join the climbing club on Thursdays, but the last bus home is at 8. (${RUN})`;
	const REPLY = `Thank you Leo. I will ask the club about lifts home and tell you by Friday. (${RUN})`;
	const ANSWER = `Thanks Jo. My friend Sam’s mum might drive us too. (${RUN})`;
	const today = ukToday();
	/** The service gives itself 5 working days to answer (the demo's setting). */
	const due = formatDate('en-GB', addWorkingDays(today, 5));
	const readToday = () => formatDay('en-GB', new Date().toISOString());
	let viewId = '';

	afterAll(tidyUp);

	const attention = (page: Page) => page.locator('section[aria-labelledby="needs-attention"] ol > li');
	const waitingFor = (page: Page) => attention(page).filter({ has: page.locator('q', { hasText: BODY }) });

	test('Leo writes it from his family page and sends it to Jo', async () => {
		const leo = await open('leo', PHONE);
		await leo.goto(`/family/${A}`);
		const panel = leo.locator('section[aria-labelledby="my-views"]');
		expect(await text(panel.locator('h2'))).toBe(en('family:views.heading_young'));
		await Promise.all([leo.waitForURL(`**${viewsPath(A)}`), panel.getByRole('link', { name: en('family:views.link_young') }).click()]);
		expect(await text(leo.locator('h1'))).toBe(en('views:title'));
		await Promise.all([leo.waitForURL(`**${viewsPath(A)}/new`), leo.getByRole('link', { name: en('views:write_link') }).click()]);
		expect(await text(leo.locator('h1'))).toBe(en('views:new_title'));

		const form = leo.locator('main form.view-form');
		// "My worker" is chosen before Leo chooses anything: the most private choice that reaches someone.
		expect(await form.getByLabel(en('views:audiences.worker'), { exact: true }).isChecked()).toBe(true);
		expect(await text(form)).toContain(en('views:audience_hints.worker', { worker: NAMES.jo }));
		await form.getByLabel(en('views:prompts.want_to_happen'), { exact: true }).check();
		await form.getByLabel(en('views:feelings.not_great'), { exact: true }).check();
		await form.locator('#body').fill(BODY);
		await form.getByLabel(en('views:audiences.family'), { exact: true }).check();
		await form.getByLabel(en('views:audiences.worker'), { exact: true }).check();
		expect(await submit(leo, form)).toBe(303);

		const url = new URL(leo.url());
		viewId = new RegExp(`^${viewsPath(A)}/([a-z0-9]{32})$`).exec(url.pathname)?.[1] ?? '';
		expect(viewId, url.pathname).not.toBe('');
		written.push({ author: 'leo', familyId: A, viewId });
		expect(url.searchParams.get('saved')).toBe('shared');
		expect(await text(leo.locator('[role="status"]'))).toBe(en('views:saved.shared'));
		expect(await text(leo.locator('.view__status'))).toBe(en('views:status.waiting_due', { date: due }));
		expect(await text(leo.locator('.view__body'))).toBe(BODY);
		expect(await text(leo.locator('main'))).toContain(en('views:feeling_is', { feeling: en('views:feelings.not_great') }));
		expect(await text(leo.locator('h2#view-prompt'))).toBe(en('views:prompts.want_to_happen'));
		expect(await leo.title()).toBe(titleFor('en-GB', 'views:view_title'));
		expect(await leo.locator('form[action="?/audience"] input[value="worker"]').isChecked()).toBe(true);
	});

	test('Jo finds it under “Needs your attention”, opens it and presses “I have read this”', async () => {
		const jo = await open('jo');
		await jo.goto('/my-families');
		const item = waitingFor(jo);
		expect(await item.count()).toBe(1);
		expect(await text(item.locator('a'))).toBe(en('worker:attention.young_view', { name: NAMES.leo, family: 'Hassan' }));
		expect(await text(item)).toContain(en('worker:attention.due_on', { date: due }));
		expect(await pathOf(item.locator('a'))).toBe(viewPath(A, viewId));
		await Promise.all([jo.waitForURL(`**${viewPath(A, viewId)}`), item.locator('a').click()]);

		expect(await text(jo.locator('h1'))).toBe(en('views:view_title_others'));
		expect(await jo.title()).toBe(titleFor('en-GB', 'views:view_title_others'));
		expect(await text(jo.locator('.view__body'))).toBe(BODY);
		expect(await text(jo.locator('main'))).toContain(en('views:shared_with.worker'));
		expect(await text(jo.locator('.view__status'))).toBe(en('worker:views.due_on', { date: due }));

		const read = jo.locator('form[action="?/read"]');
		expect(await text(read.locator('button'))).toBe(en('worker:views.read_button'));
		expect(await submit(jo, read)).toBe(303);
		expect(new URL(jo.url()).searchParams.get('saved')).toBe('read');
		expect(await text(jo.locator('[role="status"]'))).toBe(en('worker:views.saved_read', { name: NAMES.leo }));
		expect(await read.count(), 'read once is enough').toBe(0);
		expect(await text(jo.locator('main'))).toContain(en('views:status.read', { name: NAMES.jo, date: readToday() }));
		// Read is not answered: it still waits for Jo.
		await jo.goto('/my-families');
		expect(await waitingFor(jo).count()).toBe(1);
	});

	test('Leo sees that Jo read it', async () => {
		const leo = await open('leo', PHONE);
		await leo.goto(viewPath(A, viewId));
		expect(await text(leo.locator('.view__status'))).toBe(en('views:status.read', { name: NAMES.jo, date: readToday() }));
		expect(await text(leo.locator('section[aria-labelledby="thread-heading"]'))).toContain(en('views:thread.none'));
	});

	test('Jo replies; it leaves his list', async () => {
		const jo = await open('jo');
		await jo.goto(viewPath(A, viewId));
		const form = jo.locator('form[action="?/reply"]');
		expect(await text(form.locator('label[for="message"]'))).toBe(en('worker:views.reply_label', { name: NAMES.leo }));
		await form.locator('#message').fill(REPLY);
		expect(await submit(jo, form)).toBe(303);
		expect(new URL(jo.url()).searchParams.get('saved')).toBe('replied');
		expect(await text(jo.locator('[role="status"]'))).toBe(en('worker:views.saved_replied', { name: NAMES.leo }));
		expect(await text(jo.locator('.thread__message').last())).toContain(REPLY);
		await jo.goto('/my-families');
		expect(await waitingFor(jo).count(), 'answered, so gone').toBe(0);
	});

	test('Leo sees “New reply” on his list, reads Jo’s reply, and answers back', async () => {
		const leo = await open('leo', PHONE);
		await leo.goto(`/family/${A}`);
		const newReplies = pluralForms('en-GB', 'family:views.new_replies').map(templatePattern);
		const panelText = await text(leo.locator('section[aria-labelledby="my-views"]'));
		expect(newReplies.some((p) => p.test(panelText)), `the family page tells him: ${panelText}`).toBe(true);

		await leo.goto(viewsPath(A));
		const card = leo.locator('li.view-card').filter({ has: leo.locator(`a[href$="/views/${viewId}"]`) });
		expect(await text(card.locator('.tag'))).toBe(en('views:new_reply'));
		expect(await text(card)).toContain(plural('en-GB', 'views:replies', 1));

		await Promise.all([leo.waitForURL(`**${viewPath(A, viewId)}`), card.locator('h3 a').click()]);
		const reply = leo.locator('.thread__message').last();
		expect(await text(reply)).toContain(REPLY);
		expect(await text(reply.locator('.thread__who'))).toMatch(templatePattern(en('views:thread.wrote_on', { name: NAMES.jo })));
		// Who read it and when stays told after the reply.
		expect(await text(leo.locator('.view__status'))).toBe(
			`${en('views:status.read', { name: NAMES.jo, date: readToday() })} ${en('views:status.replied', { name: NAMES.jo })}`
		);

		await leo.goto(viewsPath(A));
		expect(await card.locator('.tag').count(), 'opened, so no longer new').toBe(0);

		await leo.goto(viewPath(A, viewId));
		const answer = leo.locator('form[action="?/answer"]');
		await answer.locator('#message').fill(ANSWER);
		expect(await submit(leo, answer)).toBe(303);
		expect(new URL(leo.url()).searchParams.get('saved')).toBe('answered');
		expect(await text(leo.locator('[role="status"]'))).toBe(en('views:saved.answered'));
		const mine = leo.locator('.thread__message').last();
		expect(await text(mine)).toContain(ANSWER);
		expect(await text(mine.locator('.thread__who'))).toMatch(templatePattern(en('views:thread.wrote_on', { name: en('views:thread.you') })));
		// It waits for Jo again.
		expect(await text(leo.locator('.view__status'))).toBe(en('views:status.waiting_due', { date: due }));
		const jo = await open('jo');
		await jo.goto('/my-families');
		expect(await waitingFor(jo).count()).toBe(1);
	});

	test('Amira, Sam and the manager cannot see any of it', async () => {
		for (const role of ['amira', 'sam', 'morgan'] as const) {
			expect((await request(role, viewPath(A, viewId))).status, role).toBe(404);
			expect(pageNodeStatus(await (await request(role, dataPath(viewPath(A, viewId)))).text()), `${role} __data.json`).toBe(404);
			for (const path of [`/family/${A}`, viewsPath(A), dataPath(viewsPath(A)), dataPath(`/family/${A}`)]) {
				const body = searchable(await (await request(role, path)).text());
				for (const words of [BODY, REPLY, ANSWER, viewId]) expect(body, `${role} ${path}`).not.toContain(words);
			}
		}
		const amira = await open('amira', PHONE);
		const response = await amira.goto(viewPath(A, viewId));
		expect(response?.status()).toBe(404);
		expect(await text(amira.locator('h1'))).toBe(en('errors:not_found.title'));
	});
});

// ---------------------------------------------------------------------------------------------
describe('bad input is refused next to the field, with the typing kept', () => {
	afterAll(tidyUp);

	const NEW = `${viewsPath(A)}/new`;
	const newForm = (page: Page) => page.locator('main form.view-form');

	test('no words: “Write something first”, and his choices are still made', async () => {
		const leo = await open('leo', PHONE);
		await leo.goto(NEW);
		await newForm(leo).getByLabel(en('views:prompts.school'), { exact: true }).check();
		await newForm(leo).getByLabel(en('views:feelings.bad'), { exact: true }).check();
		await newForm(leo).getByLabel(en('views:audiences.family'), { exact: true }).check();
		// Spaces only count as nothing.
		await leo.locator('#body').fill('   \n  ');
		expect(await submit(leo, newForm(leo))).toBe(400);
		await expectFieldError(leo, 'body', en('views:errors.body.required'), en('views:new_title'));
		expect(await leo.locator('#prompt-school').isChecked()).toBe(true);
		expect(await leo.locator('#feeling-bad').isChecked()).toBe(true);
		expect(await leo.locator('#audience-family').isChecked()).toBe(true);
	});

	test('nothing chosen to talk about: the error is on the question', async () => {
		const leo = await open('leo', PHONE);
		await leo.goto(NEW);
		await leo.locator('#body').fill('I do not know which one this is.');
		expect(await submit(leo, newForm(leo))).toBe(400);
		// As for any field, but a group of radios is described by its error rather than each radio marked invalid.
		expect(await leo.title()).toBe(fill(message('en-GB', 'common:title.with_error'), { title: en('views:new_title') }));
		const summary = leo.locator('.error-summary');
		expect(await text(summary)).toContain(en('views:errors.prompt'));
		expect(await summary.locator('a[href="#prompt"]').count()).toBe(1);
		expect(await text(leo.locator('#prompt-error'))).toContain(en('views:errors.prompt'));
		expect(await leo.locator('#prompt').evaluate((el) => el.closest('fieldset')?.getAttribute('aria-describedby') ?? '')).toContain('prompt-error');
		expect(await leo.locator('main form.view-form input[name="prompt"]:checked').count()).toBe(0);
		expect(await leo.locator('#body').inputValue()).toBe('I do not know which one this is.');
	});

	test('2,001 characters are too many, with every one kept to shorten; 2,000 are fine', async () => {
		// No space at either end, which the server would trim.
		const tooLong = `${'I have a lot to say about school and home. '.repeat(50).slice(0, 2000)}!`;
		expect(tooLong.trim()).toHaveLength(2001);
		const leo = await open('leo', PHONE);
		await leo.goto(NEW);
		await newForm(leo).getByLabel(en('views:prompts.home'), { exact: true }).check();
		await leo.locator('#body').fill(tooLong);
		expect(await submit(leo, newForm(leo))).toBe(400);
		await expectFieldError(leo, 'body', en('views:errors.body.too_long'), en('views:new_title'));
		expect(await leo.locator('#body').inputValue()).toBe(tooLong);
		expect(await leo.title(), 'the title never shows the typing').not.toContain('school and home');

		// Exactly 2,000 is saved (as a draft here, which can be thrown away afterwards).
		const draftId = await createView('leo', A, { prompt: 'home', feeling: '', body: tooLong.slice(0, 2000), audience: 'only_me' });
		const discarded = await request('leo', `${viewPath(A, draftId)}?/discard`, { form: {} });
		expect(`${discarded.status} ${discarded.headers.get('location')}`).toBe(`303 ${viewsPath(A)}?saved=discarded`);
		expect((await request('leo', viewPath(A, draftId))).status, 'the draft is gone').toBe(404);
	});

	test('the error is in Leo’s language (Welsh)', async () => {
		const leo = await open('leo', PHONE, 'cy');
		await leo.goto(NEW);
		await leo.locator('#prompt').check();
		expect(await submit(leo, newForm(leo))).toBe(400);
		await expectFieldError(leo, 'body', message('cy', 'views:errors.body.required'), message('cy', 'views:new_title'), 'cy');
	});

	test('Jo’s reply of 1,001 characters and Leo’s answer of 1,001 are refused, and nothing is added', async () => {
		const tooLong = `${'Thank you for telling me about this. '.repeat(30).slice(0, 1000)}.`;
		expect(tooLong.trim()).toHaveLength(1001);
		const path = viewPath(A, demo.leoFamily);
		const before = (await viewTexts('leo', A, demo.leoFamily)).messages.length;

		const jo = await open('jo');
		await jo.goto(path);
		await jo.locator('#message').fill(tooLong);
		expect(await submit(jo, jo.locator('form[action="?/reply"]'))).toBe(400);
		await expectFieldError(jo, 'message', en('views:errors.message.too_long'), en('views:view_title_others'));
		expect(await jo.locator('#message').inputValue()).toBe(tooLong);
		expect(await jo.locator('#message-error').evaluate((el) => el.closest('form')?.getAttribute('action'))).toBe('?/reply');

		const leo = await open('leo', PHONE);
		await leo.goto(path);
		await leo.locator('#message').fill(tooLong);
		expect(await submit(leo, leo.locator('form[action="?/answer"]'))).toBe(400);
		await expectFieldError(leo, 'message', en('views:errors.message.too_long'), en('views:view_title'));
		expect(await leo.locator('#message').inputValue()).toBe(tooLong);

		expect((await viewTexts('leo', A, demo.leoFamily)).messages.length, 'no message was added').toBe(before);
	});

	test('markup is shown as text and never runs: for Leo, on his list, for Jo and on Jo’s list', async () => {
		const MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>';
		const dialogs: string[] = [];
		const watch = (page: Page) => {
			page.on('dialog', (dialog) => {
				dialogs.push(`${page.url()}: ${dialog.message()}`);
				void dialog.dismiss();
			});
			return page;
		};
		/** The page's body text and whether anything the markup would have made is there. */
		const planted = (page: Page) =>
			page.evaluate(() => ({
				images: document.querySelectorAll('main img[src="x"], main img[onerror]').length,
				// The page's own data script carries the words, escaped, as data; a planted one would be just the call.
				scripts: [...document.querySelectorAll('script')].filter((s) => /^\s*alert\(\d\)\s*$/.test(s.textContent ?? '')).length
			}));

		// With JavaScript: the enhanced form, and the page drawn in the browser after it.
		const leo = watch(await open('leo', { viewport: PHONE_VIEWPORT }));
		await leo.goto(`${viewsPath(A)}/new`, { waitUntil: 'networkidle' });
		await newForm(leo).getByLabel(en('views:prompts.friends'), { exact: true }).check();
		await leo.locator('#body').fill(MARKUP);
		await Promise.all([leo.waitForURL(/\/views\/[a-z0-9]{32}\?saved=shared$/), newForm(leo).locator('button[type="submit"]').click()]);
		const viewId = /\/views\/([a-z0-9]{32})/.exec(leo.url())?.[1] ?? '';
		written.push({ author: 'leo', familyId: A, viewId });
		await leo.waitForLoadState('networkidle');
		expect(await leo.locator('.view__body').textContent().then((t) => t?.trim())).toBe(MARKUP);
		expect(await planted(leo)).toEqual({ images: 0, scripts: 0 });
		expect(await leo.title()).toBe(titleFor('en-GB', 'views:view_title'));
		// And drawn by the server.
		await leo.reload({ waitUntil: 'networkidle' });
		expect(await leo.locator('.view__body').textContent().then((t) => t?.trim())).toBe(MARKUP);
		expect(await planted(leo)).toEqual({ images: 0, scripts: 0 });
		const html = await (await request('leo', viewPath(A, viewId))).text();
		expect(html).not.toContain(MARKUP);
		expect(html).toContain('&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)>');

		await leo.goto(viewsPath(A), { waitUntil: 'networkidle' });
		expect(await text(leo.locator('li.view-card', { hasText: 'alert(2)' }).locator('p.pre-line'))).toBe(MARKUP);
		expect(await planted(leo)).toEqual({ images: 0, scripts: 0 });

		const jo = watch(await open('jo', {}));
		await jo.goto(viewPath(A, viewId), { waitUntil: 'networkidle' });
		expect(await jo.locator('.view__body').textContent().then((t) => t?.trim())).toBe(MARKUP);
		expect(await planted(jo)).toEqual({ images: 0, scripts: 0 });
		await jo.goto('/my-families', { waitUntil: 'networkidle' });
		expect(await text(jo.locator('section[aria-labelledby="needs-attention"] q', { hasText: 'alert(2)' }))).toBe(MARKUP);
		expect(await planted(jo)).toEqual({ images: 0, scripts: 0 });
		await jo.goto(`/family/${A}`, { waitUntil: 'networkidle' });
		expect(await planted(jo)).toEqual({ images: 0, scripts: 0 });

		// An image that failed to load would have fired its onerror by now.
		await leo.waitForTimeout(300);
		expect(dialogs, 'no alert ran').toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
describe('the toolbar on a young person’s pages', () => {
	const NEUTRAL = 'https://www.bbc.co.uk/weather';

	afterAll(tidyUp);

	test('quick exit leaves for the weather and “Back” does not return to his views', async () => {
		const leo = await open('leo', { viewport: PHONE_VIEWPORT });
		// Never the real network: the neutral page is answered here.
		const neutral: string[] = [];
		await leo.context().route('https://www.bbc.co.uk/**', (route) => {
			neutral.push(route.request().url());
			return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' });
		});
		await leo.goto(`/family/${A}`, { waitUntil: 'networkidle' });
		// In the app, as he would get there: the client router adds the views page to the history.
		await Promise.all([
			leo.waitForURL(`**${viewsPath(A)}`),
			leo.locator('section[aria-labelledby="my-views"]').getByRole('link', { name: en('family:views.link_young') }).click()
		]);
		await leo.waitForLoadState('networkidle');
		const exit = leo.locator('.quick-exit');
		expect(await exit.getAttribute('href')).toBe(NEUTRAL);
		expect(await text(exit)).toBe(`${en('views:quick_exit')}: ${en('views:quick_exit_hint')}`);
		const before = await leo.evaluate(() => history.length);

		await Promise.all([leo.waitForURL(NEUTRAL), exit.click()]);
		expect(neutral).toContain(NEUTRAL);
		expect(await leo.title()).toBe('Weather');
		expect(await leo.evaluate(() => history.length), 'the views page was replaced, not added to').toBe(before);

		await leo.goBack();
		expect(new URL(leo.url()).pathname, 'Back goes to where he was before his views').toBe(`/family/${A}`);
		expect(leo.url()).not.toContain('/views');
	});

	test('without JavaScript the quick exit is a plain link to the same place, on every views page', async () => {
		for (const path of [viewsPath(A), `${viewsPath(A)}/new`, viewPath(A, demo.leoFamily), viewPath(A, demo.leoDraft)]) {
			const html = await (await request('leo', path)).text();
			const link = /<a\b[^>]*class="[^"]*\bquick-exit\b[^"]*"[^>]*>/.exec(html)?.[0] ?? '';
			expect(link, path).toContain(`href="${NEUTRAL}"`);
			expect(link, path).toMatch(/rel="[^"]*noreferrer/);
		}
		// Amira's views pages have it too; a worker's do not need it.
		expect(await (await request('amira', viewsPath(A))).text()).toContain('quick-exit');
		expect(await (await request('jo', viewsPath(A))).text()).not.toContain('quick-exit');
	});

	test('“Easy Read” shows the page in Easy Read, and “Standard English” goes back', async () => {
		const easy: Locale = 'en-GB-x-easy';
		const leo = await open('leo', PHONE);
		await leo.goto(`${viewsPath(A)}/new?prompt=school`);
		const link = leo.locator('.views-toolbar__easy');
		expect(await text(link)).toBe(en('views:easy_read'));
		await Promise.all([leo.waitForURL((url) => url.searchParams.get('lang') === easy), link.click()]);
		const url = new URL(leo.url());
		expect(url.pathname).toBe(`${viewsPath(A)}/new`);
		expect(url.searchParams.get('prompt'), 'the rest of the address is kept').toBe('school');
		expect(await leo.locator('html').getAttribute('lang')).toBe(easy);
		expect(await text(leo.locator('h1'))).toBe(message(easy, 'views:new_title'));
		expect(await leo.title()).toBe(titleFor(easy, 'views:new_title'));
		expect(await leo.locator('#prompt-school').isChecked()).toBe(true);
		expect(await text(link)).toBe(message(easy, 'views:standard_english'));
		await Promise.all([leo.waitForURL((u) => u.searchParams.get('lang') === 'en-GB'), link.click()]);
		expect(await leo.locator('html').getAttribute('lang')).toBe('en-GB');
		expect(await text(leo.locator('h1'))).toBe(en('views:new_title'));
	});
});

// ---------------------------------------------------------------------------------------------
describe('big targets on a phone', () => {
	afterAll(tidyUp);

	test('buttons, face tiles and choices on Leo’s pages are at least 44 × 44 CSS pixels', async () => {
		const leo = await open('leo', { viewport: PHONE_VIEWPORT });
		const problems: string[] = [];
		let measured = 0;
		for (const path of [`/family/${A}`, viewsPath(A), `${viewsPath(A)}/new`, viewPath(A, demo.leoDraft), viewPath(A, demo.leoFamily)]) {
			await leo.goto(path, { waitUntil: 'networkidle' });
			const targets = await leo.evaluate(() => {
				const box = (els: Element[]) => {
					const rects = els.map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
					const left = Math.min(...rects.map((r) => r.left));
					const top = Math.min(...rects.map((r) => r.top));
					return { width: Math.max(...rects.map((r) => r.right)) - left, height: Math.max(...rects.map((r) => r.bottom)) - top };
				};
				const out: Array<{ what: string; width: number; height: number }> = [];
				// The toolbar's links and every button in the page's content.
				for (const el of document.querySelectorAll('.views-toolbar a, main .button, main button')) {
					out.push({ what: `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 40)}"`, ...box([el]) });
				}
				// Each choice: what a tap selects is the radio and its label (the faces are whole tiles).
				for (const input of document.querySelectorAll<HTMLInputElement>('main input[type="radio"]')) {
					const label = document.querySelector(`label[for="${input.id}"]`);
					const parts = input.classList.contains('feelings__input') ? [label as Element] : [input, label as Element];
					out.push({ what: `${input.name} "${label?.textContent?.trim().slice(0, 40)}"`, ...box(parts) });
				}
				return out;
			});
			measured += targets.length;
			for (const { what, width, height } of targets) {
				if (width < 44 || height < 44) problems.push(`${path}: ${what} is ${Math.round(width)} × ${Math.round(height)}`);
			}
		}
		expect(measured, 'targets measured').toBeGreaterThan(30);
		expect(problems, problems.join('\n')).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
describe('page titles never hold what anyone wrote', () => {
	test('every views page, for everyone who can open it, in every language', async () => {
		const texts = await Promise.all([
			viewTexts('leo', A, demo.leoWorkerOnly),
			viewTexts('leo', A, demo.leoFamily),
			viewTexts('leo', A, demo.leoDraft),
			viewTexts('mia', B, demo.miaOverdue)
		]);
		const words = new Set(texts.flatMap((t) => [t.body, ...t.messages]).flatMap((t) => t.toLowerCase().match(/\p{L}{4,}/gu) ?? []));
		expect(words.size).toBeGreaterThan(40);
		const pages: Array<[Account, string, string]> = [
			['leo', '/my-views', 'views:title'],
			['leo', `${viewsPath(A)}/new`, 'views:new_title'],
			...[demo.leoWorkerOnly, demo.leoFamily, demo.leoDraft].map((id): [Account, string, string] => ['leo', viewPath(A, id), 'views:view_title']),
			['amira', viewsPath(A), 'views:title_others'],
			['amira', viewPath(A, demo.leoFamily), 'views:view_title_others'],
			['jo', viewsPath(A), 'views:title_others'],
			['jo', viewPath(A, demo.leoWorkerOnly), 'views:view_title_others'],
			['jo', viewPath(A, demo.leoFamily), 'views:view_title_others'],
			['sam', viewPath(A, demo.leoFamily), 'views:view_title_others'],
			['morgan', viewsPath(A), 'views:title_others'],
			['mia', viewsPath(B), 'views:title'],
			['mia', viewPath(B, demo.miaOverdue), 'views:view_title'],
			['priya', viewPath(B, demo.miaOverdue), 'views:view_title_others'],
			['dan', viewsPath(B), 'views:title_others']
		];
		const problems: string[] = [];
		for (const locale of LOCALE_CODES) {
			for (const [role, path, key] of pages) {
				let response = await request(role, path, { cookies: { lang: locale } });
				const location = response.headers.get('location');
				if (location) response = await request(role, location, { cookies: { lang: locale } });
				const title = decodeEntities(/<title>([^<]*)<\/title>/.exec(await response.text())?.[1] ?? '');
				const expected = titleFor(locale, key);
				if (response.status !== 200 || title !== expected) problems.push(`${role} ${path} ${locale}: ${response.status} "${title}", wanted "${expected}"`);
				const allowed = new Set(expected.toLowerCase().match(/\p{L}{4,}/gu) ?? []);
				const told = (title.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter((w) => words.has(w) && !allowed.has(w));
				if (told.length > 0) problems.push(`${role} ${path} ${locale}: title "${title}" has ${told.join(', ')}`);
			}
		}
		expect(problems, problems.join('\n')).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------
describe('the lead worker’s and the manager’s side', () => {
	afterAll(tidyUp);

	test('Priya’s list shows Mia’s view past its date, and her views list says so', async () => {
		const priya = await open('priya');
		await priya.goto('/my-families');
		const item = priya.locator('section[aria-labelledby="needs-attention"] ol > li').filter({
			has: priya.locator(`a[href$="/views/${demo.miaOverdue}"]`)
		});
		expect(await item.count()).toBe(1);
		expect(await text(item.locator('a'))).toBe(en('worker:attention.young_view', { name: NAMES.mia, family: 'Kowalski' }));
		// Past its date: which of the last 60 days the list says it was due on (any of them is before today).
		const shown = await text(item);
		const dueOn = Array.from({ length: 60 }, (_, d) => addDays(ukToday(), -1 - d)).find((ymd) =>
			shown.includes(en('worker:attention.overdue_since', { date: formatDate('en-GB', ymd) }))
		);
		expect(dueOn, `an overdue date on Priya’s list: "${shown}"`).toBeDefined();
		const dateText = formatDate('en-GB', dueOn as string);
		await Promise.all([priya.waitForURL(`**${viewPath(B, demo.miaOverdue)}`), item.locator('a').click()]);
		expect(await text(priya.locator('.view__status'))).toBe(en('worker:views.overdue', { date: dateText }));
		await priya.goto(viewsPath(B));
		// Mia has two views for Priya: this one, and a newer one Priya has answered.
		expect(await priya.locator('li.view-card').count()).toBe(2);
		const card = priya.locator('li.view-card').filter({ has: priya.locator(`a[href$="/views/${demo.miaOverdue}"]`) });
		expect(await card.count()).toBe(1);
		expect(await text(card)).toContain(en('worker:views.status_waiting'));
		expect(await text(card)).toContain(en('worker:views.overdue', { date: dateText }));
	});

	test('morgan sees reply figures, never words, and changes the reply time (1 to 20 working days)', async () => {
		const morgan = await open('morgan');
		const servicePath = `/service/${FS}`;
		await morgan.goto(servicePath);
		const figures = morgan.locator('section[aria-labelledby="view-replies"]');
		expect(await text(figures.locator('h2'))).toBe(en('worker:service.views_heading'));
		// Leo's two shared views and Mia's two: Jo answered the first in time, Priya Mia's newer one
		// in time, and Mia's older one waits past its date.
		const shown = await text(figures);
		expect(shown).toContain(plural('en-GB', 'worker:service.views_shared', 4));
		expect(shown).toContain(en('worker:service.views_in_time', { kept: 2, due: 3, percent: formatPercent('en-GB', 2, 3) }));
		expect(shown).toContain(plural('en-GB', 'worker:service.views_overdue', 1));

		const field = figures.locator('#replyDays');
		const original = await field.inputValue();
		expect(original).toBe('5');
		try {
			await field.fill('21');
			expect(await submit(morgan, figures.locator('form[action="?/replyDays"]'))).toBe(400);
			await expectFieldError(morgan, 'replyDays', en('worker:service.reply_days_error'), 'Family Support Service');
			expect(await figures.locator('#replyDays').inputValue()).toBe('21');

			await figures.locator('#replyDays').fill('7');
			expect(await submit(morgan, figures.locator('form[action="?/replyDays"]'))).toBe(303);
			expect(await text(figures.locator('[role="status"]'))).toBe(en('worker:service.reply_days_saved', { count: 7 }));
			expect(await figures.locator('#replyDays').inputValue()).toBe('7');

			// A view shared now is due in 7 working days.
			const viewId = await write({ prompt: 'school', feeling: 'good', body: `Maths is going better. (${RUN} reply days)`, audience: 'worker' });
			const leo = await open('leo', PHONE);
			await leo.goto(viewPath(A, viewId));
			expect(await text(leo.locator('.view__status'))).toBe(
				en('views:status.waiting_due', { date: formatDate('en-GB', addWorkingDays(ukToday(), 7)) })
			);
		} finally {
			const reset = await request('morgan', `${servicePath}?/replyDays`, { form: { replyDays: original } });
			expect(reset.status).toBe(303);
		}
	});
});
