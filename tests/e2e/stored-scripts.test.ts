import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { actionTarget, type Poster } from './support/action-targets';
import { launchBrowser } from './support/browser';
import { startOwnServer, type OwnServer } from './support/own-server';
import { listRoutes } from './support/routes';

// Script payloads typed into every free-text field of every form, as the person who may fill it
// in, then every page the family, the young person, the workers, the manager and the administrator
// can reach is opened in Chromium with JavaScript on. No payload may run (each one calls
// window.__xss with its number), the page's Content Security Policy must report nothing, and the
// HTML the server sent must hold no payload as markup. A page that shows an error (the text too
// long, say) is checked too, since it echoes what was typed. Its own server and data, so the rest of
// the suite never meets these words.

/** Every payload calls __xss(n): the browser records the call; nothing else defines it. */
const VECTORS: readonly string[] = [
	'<script>__xss(N)</script>',
	'<img src=x onerror=__xss(N)>',
	'<svg onload=__xss(N)>',
	'<svg><script>__xss(N)</script></svg>',
	'<body onload=__xss(N)>',
	'<details open ontoggle=__xss(N)>',
	'<input autofocus onfocus=__xss(N)>',
	'<video><source onerror=__xss(N)></video>',
	'<audio src=x onerror=__xss(N)>',
	'<iframe srcdoc="<script>parent.__xss(N)</script>"></iframe>',
	'<iframe src="javascript:parent.__xss(N)"></iframe>',
	'<a href="javascript:__xss(N)">x</a>',
	'javascript:__xss(N)',
	'<form action="javascript:__xss(N)"><button>x</button></form>',
	'<object data="javascript:__xss(N)"></object>',
	'<embed src="javascript:__xss(N)">',
	'<meta http-equiv="refresh" content="0;url=javascript:__xss(N)">',
	'<base href="javascript:__xss(N)//">',
	'<style>@import "javascript:__xss(N)";</style>',
	'<div style="background:url(javascript:__xss(N))">x</div>',
	'<marquee onstart=__xss(N)>x</marquee>',
	'<svg><animate onbegin=__xss(N) attributeName=x dur=1s>',
	'<math><mtext><table><mglyph><style><img src=x onerror=__xss(N)>',
	'<noscript><p title="</noscript><img src=x onerror=__xss(N)>">',
	'<!--<img src="--><img src=x onerror=__xss(N)//">',
	'<scr<script>ipt>__xss(N)</scr</script>ipt>',
	'<img src="x` `<script>__xss(N)</script>"` `>',
	'</script><script>__xss(N)</script>',
	'</textarea><script>__xss(N)</script>',
	'</title><script>__xss(N)</script>',
	'</style><script>__xss(N)</script>',
	'"><script>__xss(N)</script>',
	"'><img src=x onerror=__xss(N)>",
	'" onmouseover="__xss(N)" x="',
	"' onfocus='__xss(N)' autofocus='",
	'" autofocus onfocus="__xss(N)',
	'{{constructor.constructor("__xss(N)")()}}',
	'${__xss(N)}',
	'{@html "<img src=x onerror=__xss(N)>"}',
	'\\u003cscript\\u003e__xss(N)\\u003c/script\\u003e',
	'&lt;script&gt;__xss(N)&lt;/script&gt;',
	'%3Cscript%3E__xss(N)%3C%2Fscript%3E',
	'＜script＞__xss(N)＜/script＞',
	'<img src=x onerror=&#95;&#95;xss(N)>',
	'<img src=x onerror="&#x5f;&#x5f;xss(N)">',
	'<svg><a xlink:href="javascript:__xss(N)"><text y=20>x</text></a></svg>',
	'<x contenteditable onblur=__xss(N)>x</x>',
	'<link rel=stylesheet href="javascript:__xss(N)">',
	'<template><script>__xss(N)</script></template><img src=x onerror=__xss(N)>',
	'\u202e<img src=x onerror=__xss(N)>\u202c'
];
/** Each vector as it is and after a quote-and-bracket break-out: 100 payloads. */
const PAYLOADS: readonly string[] = VECTORS.flatMap((vector, i) => [vector.replaceAll('N', String(2 * i + 1)), `"'>${vector.replaceAll('N', String(2 * i + 2))}`]);

let own: OwnServer;
let browser: Browser;

beforeAll(async () => {
	own = await startOwnServer('scripts');
	browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await own?.stop();
});

/** A context for `role` whose pages record payload calls and CSP reports. */
async function contextFor(role: Poster, javaScriptEnabled: boolean): Promise<BrowserContext> {
	const context = await browser.newContext({ baseURL: own.baseURL, javaScriptEnabled });
	if (role !== 'anonymous') {
		const [, value] = (own.cookieFor(role).cookie ?? '').split('=');
		await context.addCookies([{ name: 'cg_session', value: value ?? '', url: own.baseURL }]);
	}
	await context.addInitScript(() => {
		const w = window as unknown as { __xss: (n: number) => void; __fired: number[]; __csp: string[] };
		w.__fired = [];
		w.__csp = [];
		w.__xss = (n) => w.__fired.push(n);
		document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
	});
	return context;
}

/** What ran and what the CSP refused on the page as it is now. */
async function alarms(page: Page, where: string): Promise<string[]> {
	await page.waitForTimeout(50);
	const { fired, csp } = await page.evaluate(() => {
		const w = window as unknown as { __fired: number[]; __csp: string[] };
		return { fired: w.__fired ?? [], csp: w.__csp ?? [] };
	});
	return [...fired.map((n) => `${where}: payload ${n} ran: ${PAYLOADS[n - 1]}`), ...csp.map((c) => `${where}: CSP refused ${c}`)];
}

/**
 * Elements that would run a payload: a script without the page's nonce holding one, an event
 * handler attribute, a javascript: address. Looked for in the page as the browser built it and,
 * with `html`, in the server's own HTML parsed by the browser (DOMParser runs nothing).
 */
async function liveMarkup(page: Page, where: string, html?: string): Promise<string[]> {
	const found = await page.evaluate((source) => {
		const doc = source === null ? document : new DOMParser().parseFromString(source, 'text/html');
		const live: string[] = [];
		for (const el of doc.querySelectorAll('*')) {
			const nonce = (el as HTMLScriptElement).nonce || el.getAttribute('nonce');
			// The app's own scripts carry the page's nonce (hydration data holds what people typed, as strings).
			if (el.tagName === 'SCRIPT' && !nonce && (el.textContent ?? '').includes('xss')) live.push('<script> holding a payload');
			for (const attribute of el.attributes) {
				const value = attribute.value.replace(/\s/g, '').toLowerCase();
				if (!value.includes('xss')) continue;
				if (attribute.name.startsWith('on')) live.push(`<${el.tagName.toLowerCase()} ${attribute.name}>`);
				if (attribute.name === 'srcdoc') live.push(`<${el.tagName.toLowerCase()} srcdoc>`);
				if (['href', 'src', 'action', 'data', 'formaction', 'xlink:href'].includes(attribute.name) && value.startsWith('javascript:')) {
					live.push(`<${el.tagName.toLowerCase()} ${attribute.name}="javascript:…">`);
				}
			}
		}
		return live;
	}, html ?? null);
	return found.map((what) => `${where}${html === undefined ? '' : ' (server HTML)'}: live markup ${what}`);
}

/** Date-like fields want a date their rules accept; other typed fields get payloads. */
function valueFor(name: string, type: string, payload: string): string | null {
	if (type === 'date') return /due|review|date$|handover/i.test(name) ? '2030-06-01' : new Date().toISOString().slice(0, 10);
	if (type === 'time') return /end/i.test(name) ? '17:00' : '09:00';
	if (type === 'email') return 'someone@example.org';
	if (type === 'tel') return '0161 496 0000';
	if (type === 'number') return '3';
	if (['hidden', 'file', 'radio', 'checkbox', 'submit', 'button'].includes(type)) return null;
	if (/username/i.test(name)) return `xss${Math.random().toString(36).slice(2, 8)}`;
	if (/code$/i.test(name)) return 'ABCD-EFGH-JKLM';
	return payload;
}

/** The payloads in groups of at most `budget` characters (one alone if it is longer). */
function chunks(items: readonly string[], budget: number): string[][] {
	const groups: string[][] = [];
	for (const item of items) {
		const last = groups.at(-1);
		if (last && last.join(' ').length + item.length + 1 <= budget) last.push(item);
		else groups.push([item]);
	}
	return groups;
}

const tally = { forms: 0, saved: 0, refused: 0, fields: 0, payloadsTyped: 0, pages: 0 };
const problems: string[] = [];

describe('script payloads in every free-text field stay text', () => {
	afterAll(() => {
		console.log(
			`xss: ${PAYLOADS.length} payloads, each sent in every one of ${tally.fields} typed fields of ${tally.forms} forms (${tally.payloadsTyped} payload × field placements; ${tally.saved} submissions saved, ${tally.refused} refused and echoed); ${tally.pages} pages opened with JavaScript on; ${problems.length} problems`
		);
	});

	test('typed into every form', { timeout: 600_000 }, async () => {
		const forms = listRoutes().flatMap((route) => route.actions.map((action) => ({ route: route.id, action })));
		for (const { route, action } of forms) {
			const target = actionTarget(own.demo, route, action);
			if (!target || /^\/sign-out$/.test(route)) continue;
			const context = await contextFor(target.role, false);
			const page = await context.newPage();
			try {
				// The browser fills the form in once, as a person would (a choice in every group, a date
				// its rules accept), so the submission is otherwise valid; then every typed field is sent
				// each of the payloads in turn, a few at a time, and every answer is looked at.
				await page.goto(target.path);
				const selector = action === 'default' ? 'main form[method="POST"]:not([action])' : `main form[action$="?/${action}"]`;
				const form = page.locator(selector).first();
				if ((await form.count()) === 0) continue;
				tally.forms += 1;
				const typed = new Set<string>();
				const controls = form.locator('input, textarea, select');
				const count = await controls.count();
				for (let i = 0; i < count; i += 1) {
					const control = controls.nth(i);
					const tag = await control.evaluate((el) => el.tagName.toLowerCase());
					const name = (await control.getAttribute('name')) ?? '';
					if (tag === 'select') {
						const options = await control.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
						if (options[0] && !(await control.inputValue())) await control.selectOption(options[0]);
						continue;
					}
					const type = tag === 'textarea' ? 'textarea' : ((await control.getAttribute('type')) ?? 'text');
					if (type === 'radio') {
						const group = form.locator(`input[type="radio"][name="${name}"]`);
						if ((await group.evaluateAll((rs) => rs.filter((r) => (r as HTMLInputElement).checked).length)) === 0) await group.first().check({ force: true });
						continue;
					}
					const value = valueFor(name, type, 'PAYLOAD');
					if (value === null) continue;
					await control.fill(value);
					if (value === 'PAYLOAD') typed.add(name);
				}
				const entries = await form.evaluate((f) =>
					[...new FormData(f as HTMLFormElement).entries()].filter((e): e is [string, string] => typeof e[1] === 'string')
				);
				const address = new URL(action === 'default' ? target.path : `${target.path}?/${action}`, own.baseURL);
				tally.fields += typed.size;
				for (const chunk of chunks(PAYLOADS, 180)) {
					const text = chunk.join(' ');
					tally.payloadsTyped += chunk.length * typed.size;
					const body = new URLSearchParams(entries.map(([name, value]) => [name, typed.has(name) ? text : value]));
					const headers = { origin: own.baseURL, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...own.cookieFor(target.role) };
					let response = await fetch(address, { method: 'POST', headers, body, redirect: 'manual' });
					if (response.status === 303) {
						tally.saved += 1;
						const location = response.headers.get('location') ?? '/';
						if (/sign-in/.test(location)) break;
						response = await fetch(new URL(location, own.baseURL), { headers: { accept: 'text/html', ...own.cookieFor(target.role) } });
					} else tally.refused += 1;
					problems.push(...(await liveMarkup(page, `after posting ${route}?/${action} (${response.status})`, await response.text())));
				}
			} finally {
				await context.close();
			}
		}
		expect(tally.saved, 'payloads were saved somewhere, so the pages below have them to show').toBeGreaterThan(10);
		expect(problems).toEqual([]);
	});

	// Only looking: the seven crawls run side by side, each in its own context.
	test.concurrent.for(['amira', 'leo', 'jo', 'sam', 'morgan', 'admin', 'priya'] as const)(
		'every page %s reaches, with JavaScript on',
		{ timeout: 600_000 },
		async (role, { expect }) => {
			// The forms above may have ended this person's session (an administrator re-inviting them), so a new one.
			await own.renewSession(role);
			const context = await contextFor(role, true);
			const page = await context.newPage();
			const seen = new Set<string>();
			let firstAnswer = '';
			const queue: string[] = ['/'];
			try {
				while (queue.length > 0 && seen.size < 120) {
					const path = queue.shift() ?? '/';
					if (seen.has(path)) continue;
					seen.add(path);
					const response = await page.goto(path);
					firstAnswer ||= `${response?.status()} at ${page.url()}: ${(await page.title().catch(() => '')) || '(no title)'}`;
					if ((response?.status() ?? 0) >= 500) problems.push(`${role} ${path}: answered ${response?.status()}`);
					const type = response?.headers()['content-type'] ?? '';
					if (!type.startsWith('text/html')) continue;
					tally.pages += 1;
					const where = `${role} ${path}`;
					problems.push(...(await liveMarkup(page, where, (await response?.text()) ?? '')), ...(await liveMarkup(page, where)), ...(await alarms(page, where)));
					// Server-rendered links are relative ("./plan"); the browser's resolved href is the address.
					const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
					for (const href of links) {
						const url = new URL(href);
						if (url.origin !== new URL(own.baseURL).origin) continue;
						if (url.searchParams.has('lang') || /^\/(sign-out|admin\/directory\/export)/.test(url.pathname) || /\/photo$/.test(url.pathname)) continue;
						// Files to download, not pages (my-information.test.ts opens and scans them).
						if (/\/my-information\/download\.(html|json)$/.test(url.pathname)) continue;
						const next = url.pathname + url.search;
						if (!seen.has(next)) queue.push(next);
					}
				}
			} finally {
				await context.close();
			}
			expect(seen.size, `${role} reached pages to look at; the first answered ${firstAnswer}`).toBeGreaterThan(5);
			expect(problems.filter((p) => p.startsWith(`${role} `))).toEqual([]);
		}
	);
});
