import { describe, expect, test } from 'vitest';
import { decodeEntities, errorTitlePrefix, escapeRegExp, message, plural, pluralForms, templatePattern } from './support/i18n';
import { headings, htmlAttributes, request } from './support/http';

// What every response promises besides its content: security headers, no caching of anything
// personal, a health check, the translated 404, and sign-in throttling that answers 429 in the
// reader's language.

describe('security headers', () => {
	test('an HTML page has a strict Content Security Policy with script nonces', async () => {
		const response = await request('anonymous', '/sign-in');
		expect(response.status).toBe(200);
		const csp = response.headers.get('content-security-policy') ?? '';
		const directives = new Map(
			csp
				.split(';')
				.map((d) => d.trim().split(/\s+/))
				.filter((parts) => parts[0])
				.map(([name, ...values]) => [name as string, values])
		);
		expect(directives.get('object-src')).toEqual(["'none'"]);
		expect(directives.get('base-uri')).toEqual(["'none'"]);
		expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
		expect(directives.get('form-action')).toEqual(["'self'"]);
		const scriptSrc = directives.get('script-src') ?? [];
		expect(scriptSrc).not.toContain("'unsafe-inline'");
		const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
		expect(nonce, `script-src ${scriptSrc.join(' ')} has a nonce`).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);

		// Every inline script SvelteKit wrote carries that nonce.
		const html = await response.text();
		const inline = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '').filter((attrs) => !/\ssrc=/.test(attrs));
		expect(inline.length).toBeGreaterThan(0);
		for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);

		// A new nonce each time.
		const again = (await request('anonymous', '/sign-in')).headers.get('content-security-policy');
		expect(again).not.toContain(`'nonce-${nonce}'`);
	});

	test('nosniff, a referrer policy, no framing', async () => {
		const response = await request('anonymous', '/');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		// 'same-origin': nothing leaks to other sites, and same-origin form POSTs keep their Origin.
		expect(response.headers.get('referrer-policy')).toBe('same-origin');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});

	test('signed-in pages are never cached', async () => {
		const response = await request('jo', '/my-families');
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('vary') ?? '').toMatch(/cookie/i);
	});
});

test('/healthz answers 200 JSON', async () => {
	const response = await request('anonymous', '/healthz');
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	expect(response.headers.get('cache-control')).toBe('no-store');
	expect(await response.json()).toMatchObject({ status: 'ok' });
});

test('a missing page is a translated 404 (cy)', async () => {
	const response = await request('anonymous', '/no-such-page?lang=cy');
	expect(response.status).toBe(404);
	const html = await response.text();
	expect(htmlAttributes(html)).toEqual({ lang: 'cy', dir: 'ltr' });
	const title = message('cy', 'errors:not_found.title');
	expect(headings(html).map(decodeEntities)).toEqual([title]);
	expect(decodeEntities(html)).toContain(message('cy', 'errors:not_found.text'));
});

test('repeated wrong passwords are throttled with a translated 429 (cy)', async () => {
	// Four or five sign-in POSTs from the suite's budget; the account does not exist, so nobody
	// else's sign-in is slowed.
	const statuses: number[] = [];
	let throttled: Response | undefined;
	for (let attempt = 1; attempt <= 5 && !throttled; attempt++) {
		const response = await request('anonymous', '/sign-in', {
			form: { username: 'throttle-test', password: `wrong-password-${attempt}` },
			cookies: { lang: 'cy' }
		});
		statuses.push(response.status);
		if (response.status === 429) throttled = response;
		else await response.body?.cancel();
	}
	// Three free mistakes, then a wait.
	expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
	expect(statuses.length, `answers: ${statuses.join(', ')}`).toBeGreaterThanOrEqual(4);
	expect(throttled?.status, `answers: ${statuses.join(', ')}`).toBe(429);

	const html = decodeEntities((await throttled?.text()) ?? '');
	expect(htmlAttributes(html).lang).toBe('cy');
	const key = 'auth:sign_in.errors.throttled';
	const shown = pluralForms('cy', key)
		.map((form) => templatePattern(form).exec(html)?.[0])
		.find(Boolean);
	expect(shown, `one of the ${key}_* messages appears`).toBeDefined();
	const seconds = Number(/\d+/.exec(shown ?? '')?.[0] ?? 0);
	expect(seconds).toBeGreaterThan(0);
	expect(html).toContain(plural('cy', key, seconds));
	expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toMatch(new RegExp(`^${escapeRegExp(errorTitlePrefix('cy'))}`));
	expect(html).not.toContain('wrong-password-');
});
