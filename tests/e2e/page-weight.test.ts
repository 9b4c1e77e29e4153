import { gzipSync } from 'node:zlib';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, test, type ExpectStatic } from 'vitest';
import { launchBrowser, newContextFor } from './support/browser';
import { CRAWL_ROLES, crawl, expectEachKindReached, hydrated, oneOfEachKind, shownContent, type CrawlRole } from './support/pages';

// Page weight (issue 4): every kind of page each person reaches (the crawls of support/pages.ts in
// English, one page of each kind: every goal's page stands for the rest), loaded in Chromium as a
// first visit (the browser cache switched off), must come to at most 150 KB on the wire, gzip-
// compressed. And each page must render fully without JavaScript: the same <h1> and the same main
// content with scripts off as with them on.
//
// JavaScript: issue 10 asks for at most 60 KB. That is NOT met yet, and the issue stays open for
// it. i18next no longer reaches the browser (a small translator held to it, $lib/i18n/translate.ts),
// a page loads only its own language's files, and of those only the namespaces its code uses
// ($lib/i18n/route-namespaces.ts: 6 to 19 KB of the 29 KB in English). The Svelte and SvelteKit
// runtimes (about 34 KB) and the layout (6 KB) still come before a page's own code and words. The
// test holds every page under a ceiling just above today's heaviest, so nothing adds to it
// unnoticed, and prints how many pages are over the 60 KB target.
//
// How bytes are counted: each response's headers plus its body as sent (JavaScript: the bodies of
// the scripts alone, since HTTP/2 in production compresses the headers to almost nothing). The browser asks for gzip
// only (Accept-Encoding: gzip). adapter-node serves the build's static files (`_app/…`) already
// compressed (precompress: true), so their bodies count as sent. The pages themselves, made per
// request, leave the Node server uncompressed: no middleware compresses them, as a reverse proxy
// (nginx, a load balancer) does in front of it in production. For those the gzip size of the body
// is counted (zlib.gzipSync, default level), which is what such a proxy sends.

const BUDGET_BYTES = 150 * 1024;
/** Issue 10's target for JavaScript, printed with how many pages are over it. */
const TARGET_JS_BYTES = 60 * 1024;
/** Today's heaviest page (a family's home page, 82.4 KB) and a little: JavaScript must not grow. */
const BUDGET_JS_BYTES = 85 * 1024;
const TIMEOUT = 300_000;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;


/** Types whose bodies a proxy would compress (images and fonts are compressed already). */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|manifest\+json)|image\/svg\+xml)/;

interface Resource {
	url: string;
	/** Headers and body. */
	bytes: number;
	/** The body alone, compressed. */
	body: number;
	js: boolean;
	/** content-encoding as sent, or 'gzip (by us)' where we measured the gzip size ourselves. */
	encoding: string;
}

interface Weight {
	where: string;
	bytes: number;
	js: number;
	resources: Resource[];
}

const weights: Weight[] = [];
let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	if (weights.length === 0) return;
	const heaviest = weights.reduce((a, b) => (b.bytes > a.bytes ? b : a));
	const mostJs = weights.reduce((a, b) => (b.js > a.js ? b : a));
	const overTarget = weights.filter((w) => w.js > TARGET_JS_BYTES).length;
	console.log(
		`page weight: ${weights.length} pages measured; heaviest ${heaviest.where} at ${kb(heaviest.bytes)} (${kb(heaviest.js)} of it JavaScript); most JavaScript ${mostJs.where} at ${kb(mostJs.js)}. Budget ${kb(BUDGET_BYTES)} a page; JavaScript ceiling ${kb(BUDGET_JS_BYTES)}, issue 10's target ${kb(TARGET_JS_BYTES)} (${overTarget} of ${weights.length} pages over it), gzip.`
	);
});

/** What one finished request cost on the wire, compressed as described above. */
async function resourceOf(request: Request): Promise<Resource | null> {
	const response = await request.response().catch(() => null);
	if (!response) return null;
	const sizes = await request.sizes();
	const encoding = (await response.headerValue('content-encoding')) ?? '';
	const type = (await response.headerValue('content-type')) ?? '';
	let body = sizes.responseBodySize;
	let shown = encoding || 'none';
	// A redirect or a 304 has no body to compress.
	if (!encoding && body > 0 && COMPRESSIBLE.test(type)) {
		const raw = await response.body().catch(() => null);
		// Gone with a page we have left already: it is not this page's.
		if (!raw) return null;
		body = gzipSync(raw).length;
		shown = 'gzip (by us)';
	}
	const js = request.resourceType() === 'script' || /javascript/.test(type) || /\.m?js(\?|$)/.test(new URL(request.url()).pathname);
	return { url: request.url(), bytes: sizes.responseHeadersSize + body, body, js, encoding: shown };
}

/**
 * Records the requests of the page's latest navigation (its redirects included); `take()` waits
 * for those still loading, then hands them over with the HTML the server sent for the page. A crawl
 * skips a page that redirects to one it has seen, so each navigation starts a new list rather than
 * each visit.
 */
function recordRequests(page: Page): { take: () => Promise<{ resources: Resource[]; html: string }> } {
	const pending = new Set<Request>();
	let current: Promise<Resource | null>[] = [];
	let html: Promise<string> = Promise.resolve('');
	page.on('request', (r) => {
		if (r.isNavigationRequest() && r.frame() === page.mainFrame() && !r.redirectedFrom()) {
			current = [];
			pending.clear();
		}
		pending.add(r);
	});
	page.on('requestfailed', (r) => pending.delete(r));
	page.on('requestfinished', (r) => {
		if (!pending.delete(r)) return;
		current.push(resourceOf(r));
		if (r.isNavigationRequest() && r.frame() === page.mainFrame()) {
			// A redirect has no page in it; the request it leads to finishes after it.
			// (A page left meanwhile has no body any more: caught here, or it would surface as an
			// unhandled rejection once the next page replaced it.)
			html = r
				.response()
				.then((response) => (response && (response.status() < 300 || response.status() >= 400) ? response.text() : ''))
				.catch(() => '');
		}
	});
	return {
		async take() {
			for (let i = 0; i < 40 && pending.size > 0; i++) await page.waitForTimeout(50);
			const resources = (await Promise.all(current)).filter((r): r is Resource => r !== null);
			return { resources, html: await html };
		}
	};
}


function describeResources(resources: readonly Resource[]): string {
	return [...resources]
		.sort((a, b) => b.bytes - a.bytes)
		.map((r) => `    ${kb(r.bytes)} ${r.js ? 'JS ' : ''}${r.encoding} ${new URL(r.url).pathname}`)
		.join('\n');
}

async function measureEveryPage(role: CrawlRole, expect: ExpectStatic): Promise<void> {
	const scripted = await newContextFor(browser, role, 'en-GB', { extraHTTPHeaders: { 'Accept-Encoding': 'gzip' } });
	const plain = await browser.newContext({ javaScriptEnabled: false });
	const overBudget: string[] = [];
	let heaviest: Weight | undefined;
	try {
		const page = await scripted.newPage();
		// Every page as a first visit: nothing from the previous page's load is reused.
		const cdp = await scripted.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		const requests = recordRequests(page);
		const noScript = await plain.newPage();

		const result = await crawl(
			page,
			role,
			'en-GB',
			async ({ where }) => {
				const { resources, html } = await requests.take();
				const bytes = resources.reduce((n, r) => n + r.bytes, 0);
				const js = resources.filter((r) => r.js).reduce((n, r) => n + r.body, 0);
				const weight = { where, bytes, js, resources };
				weights.push(weight);
				if (!heaviest || bytes > heaviest.bytes) heaviest = weight;
				if (bytes > BUDGET_BYTES || js > BUDGET_JS_BYTES) overBudget.push(`${where}: ${kb(bytes)}, ${kb(js)} of JavaScript`);
				// The build's own files come compressed: the figures above are what a browser receives.
				const uncompressed = resources.filter((r) => new URL(r.url).pathname.startsWith('/_app/') && r.encoding !== 'gzip');
				expect.soft(uncompressed.map((r) => r.url), `${where}: _app files sent uncompressed`).toEqual([]);

				// The same page with scripts off: the HTML the server sent for this very load, shown by
				// a browser that runs no script, must have the same heading and main content as the
				// page once scripts have run. (The same response, not a second request: some pages
				// change with each load, such as an audit trail that notes the visit.)
				const withScripts = await shownContent(page);
				expect.soft(html, `${where}: the page's HTML`).not.toBe('');
				await noScript.setContent(html, { waitUntil: 'domcontentloaded' });
				const without = await shownContent(noScript);
				expect.soft(without.h1, `${where}: the <h1> without JavaScript`).toEqual(withScripts.h1);
				expect.soft(without.h1.length, `${where}: one <h1> without JavaScript`).toBe(1);
				expect.soft(without.main, `${where}: the main content without JavaScript`).toBe(withScripts.main);
			},
			{ ready: hydrated, keep: oneOfEachKind() }
		);
		expectEachKindReached(result, role, 'en-GB', expect);
		const detail = heaviest ? `\n  heaviest, ${heaviest.where}:\n${describeResources(heaviest.resources)}` : '';
		expect.soft(overBudget, `${role}: pages over ${kb(BUDGET_BYTES)} or ${kb(BUDGET_JS_BYTES)} of JavaScript (gzip)${detail}`).toEqual([]);
	} finally {
		await Promise.all([scripted.close(), plain.close()]);
	}
}

describe('page weight, and every page whole without JavaScript', () => {
	test.concurrent.for(CRAWL_ROLES)('as %s', { timeout: TIMEOUT }, async (role, { expect }) => {
		await measureEveryPage(role, expect);
	});
});
