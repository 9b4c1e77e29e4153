import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, test } from 'vitest';
import { getTranslator } from '../../i18n';
import { HSTS, drainBody, sameOrigin, securityHeaders } from './handles';

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
