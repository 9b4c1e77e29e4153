import { readFileSync } from 'node:fs';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, test } from 'vitest';
import { getTranslator } from '../../i18n';
import { HSTS, drainBody, sameOrigin, secondFactor, securityHeaders, withOpeningTag } from './handles';

// The two security handles on their own, with a made-up request: the origin check for every
// content type, and HSTS only where the portal is served over https.

async function eventFor(url: string, init: RequestInit = {}, locals: Partial<App.Locals> = {}): Promise<RequestEvent> {
	return {
		request: new Request(url, init),
		url: new URL(url),
		locals: { t: await getTranslator('cy'), user: null, ...locals }
	} as unknown as RequestEvent;
}

const ok = async () => new Response('done');

describe('sameOrigin', () => {
	test.for([
		['JSON from another site', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' }],
		['JSON with no Origin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
		['a PUT from another site', { method: 'PUT', headers: { origin: 'https://evil.example' }, body: 'x' }],
		['a DELETE with no Origin', { method: 'DELETE' }],
		['an Origin of "null" (a sandboxed frame)', { method: 'POST', headers: { origin: 'null' }, body: 'x' }],
		['the same host on another scheme', { method: 'POST', headers: { origin: 'http://portal.example' }, body: 'x' }]
	] as const)('refuses %s with a translated 403', async ([, init]) => {
		const response = await sameOrigin({ event: await eventFor('https://portal.example/family/x', init), resolve: ok });
		expect(response.status).toBe(403);
		const t = await getTranslator('cy');
		expect(await response.text()).toBe(t('errors:cross_site.text'));
	});

	test.for(['GET', 'HEAD', 'OPTIONS'])('lets %s through without an Origin', async (method) => {
		const response = await sameOrigin({ event: await eventFor('https://portal.example/', { method }), resolve: ok });
		expect(response.status).toBe(200);
	});

	test('lets a POST from the site itself through', async () => {
		const init = { method: 'POST', headers: { origin: 'https://portal.example', 'content-type': 'application/json' }, body: '{}' };
		const response = await sameOrigin({ event: await eventFor('https://portal.example/x', init), resolve: ok });
		expect(await response.text()).toBe('done');
	});
});

describe('securityHeaders', () => {
	test('sends HSTS over https', async () => {
		const response = await securityHeaders({ event: await eventFor('https://portal.example/'), resolve: ok });
		expect(response.headers.get('strict-transport-security')).toBe(HSTS);
		expect(HSTS).toMatch(/max-age=(\d{8,})/);
	});

	test('sends no HSTS over plain http (a local demo)', async () => {
		const response = await securityHeaders({ event: await eventFor('http://localhost:3000/'), resolve: ok });
		expect(response.headers.get('strict-transport-security')).toBeNull();
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});
});

describe('drainBody', () => {
	test('reads the body an answer did not need, so the connection is not closed under the sender', async () => {
		const event = await eventFor('https://portal.example/sign-out', { method: 'POST', body: 'x'.repeat(100_000) });
		const response = await drainBody({ event, resolve: ok });
		expect(await response.text()).toBe('done');
		expect(event.request.bodyUsed).toBe(true);
	});

	test('leaves a body the action read, and a GET, alone', async () => {
		const read = await eventFor('https://portal.example/x', { method: 'POST', body: 'x' });
		await drainBody({ event: read, resolve: async (e) => new Response(await e.request.text()) });
		expect(read.request.bodyUsed).toBe(true);
		const get = await eventFor('https://portal.example/x');
		expect((await drainBody({ event: get, resolve: ok })).status).toBe(200);
	});
});

describe('secondFactor', () => {
	const session = (pending: 'code' | 'setup' | null) =>
		({ id: 's', userId: 'u', expiresAt: new Date(), extendable: true, idlesOut: true, secondFactorPending: pending }) as App.Locals['session'];
	const run = async (pending: 'code' | 'setup' | null, url: string, init: RequestInit = {}) =>
		secondFactor({ event: await eventFor(url, init, { session: session(pending) }), resolve: ok });

	test.for([
		['code', '/family/abc', '/sign-in/code'],
		['code', '/', '/sign-in/code'],
		['code', '/account/two-factor', '/sign-in/code'],
		['setup', '/family/abc/plan', '/account/two-factor'],
		['setup', '/sign-in/code', '/account/two-factor'],
		['setup', '/services', '/account/two-factor'],
		['setup', '/admin/workers', '/account/two-factor']
	] as const)('sends a %s session from %s to %s', async ([pending, path, step]) => {
		const response = await run(pending, `https://portal.example${path}`);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(step);
	});

	test('answers the client router for a page\'s data with a redirect it understands', async () => {
		const response = await run('code', 'https://portal.example/family/abc/__data.json?x-sveltekit-invalidated=01');
		expect(await response.json()).toEqual({ type: 'redirect', location: '/sign-in/code' });
	});

	test.for([
		['/family/abc/plan?/addGoal'],
		['/account/password'],
		['/session/../family/abc'],
		['/sign-in/code-x']
	])('refuses a POST to %s with a translated 403', async ([path]) => {
		const response = await run('code', `https://portal.example${path}`, { method: 'POST', body: 'x' });
		if (path === '/session/../family/abc') {
			// URL parsing resolves the dots before any route sees the path.
			expect(new URL(`https://portal.example${path}`).pathname).toBe('/family/abc');
		}
		expect(response.status).toBe(403);
		const t = await getTranslator('cy');
		expect(await response.text()).toBe(t('auth:second_step.refused'));
	});

	test.for([
		['code', '/sign-in/code', 'POST'],
		['code', '/sign-in/code/__data.json', 'GET'],
		['setup', '/account/two-factor', 'POST'],
		['setup', '/account/two-factor', 'GET'],
		['code', '/sign-out', 'POST'],
		['setup', '/session', 'POST'],
		['code', '/help', 'GET'],
		['setup', '/accessibility', 'GET']
	] as const)('lets a %s session reach %s (%s)', async ([pending, path, method]) => {
		const response = await run(pending, `https://portal.example${path}`, method === 'POST' ? { method, body: 'x' } : { method });
		expect(await response.text()).toBe('done');
	});

	test('lets a session that owes nothing (or no session) go anywhere', async () => {
		expect(await (await run(null, 'https://portal.example/family/abc', { method: 'POST', body: 'x' })).text()).toBe('done');
		const anonymous = await secondFactor({ event: await eventFor('https://portal.example/family/abc'), resolve: ok });
		expect(await anonymous.text()).toBe('done');
	});
});

describe('withOpeningTag', () => {
	const template = readFileSync(new URL('../../../app.html', import.meta.url), 'utf8');

	test("fills in app.html's language and direction, and nothing else", () => {
		const page = template.replace('%sveltekit.body%', '<p>lang="%cg.lang%" stays as written in a page</p>');
		const html = withOpeningTag(page, '<html lang="ur" dir="rtl">');
		expect(html).toContain('<!doctype html>\n<html lang="ur" dir="rtl">\n');
		expect(html).toContain('<p>lang="%cg.lang%" stays as written in a page</p>');
		expect(html.length).toBe(page.length - '<html lang="%cg.lang%" dir="%cg.dir%">'.length + '<html lang="ur" dir="rtl">'.length);
	});

	test('leaves a page without the placeholder alone', () => {
		expect(withOpeningTag('<p>hello</p>', '<html lang="cy" dir="ltr">')).toBe('<p>hello</p>');
	});
});
