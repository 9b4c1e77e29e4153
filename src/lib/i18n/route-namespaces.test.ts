import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NAMESPACES } from './locales';
import { scanRouteNamespaces } from './route-namespaces';

// The namespaces the browser downloads for each page are read off the code. Reading too many only
// costs bytes; missing one would show keys instead of words, so these hold the reading to what
// the code plainly says (the e2e crawls then watch every page's console for a miss).

const routes = scanRouteNamespaces();
const pageFile = (id: string) => new URL(`../../routes${id === '/' ? '' : id}/+page.svelte`, import.meta.url);

describe('scanRouteNamespaces', () => {
	it('has every page, each with common and in NAMESPACES order', () => {
		expect(Object.keys(routes).length).toBeGreaterThan(40);
		for (const [id, namespaces] of Object.entries(routes)) {
			expect(existsSync(pageFile(id)), id).toBe(true);
			expect(namespaces[0], id).toBe('common');
			expect(namespaces, id).toEqual(NAMESPACES.filter((ns) => namespaces.includes(ns)));
		}
	});

	it("finds a key in the page's own file", () => {
		for (const [id, namespaces] of Object.entries(routes)) {
			const own = new Set([...readFileSync(pageFile(id), 'utf8').matchAll(/['"`]([a-z]+):[a-z_]/g)].map((m) => m[1]));
			for (const ns of own) if ((NAMESPACES as readonly string[]).includes(ns as string)) expect(namespaces, `${id} uses ${ns}`).toContain(ns);
		}
	});

	it('follows imports: a component, the layouts above, the server files', () => {
		const plan = routes['/family/[familyId]/plan'];
		// ActionList (imported by the plan page) says each action's request status in `requests`;
		// the plan page's own file never names that namespace.
		expect(readFileSync(pageFile('/family/[familyId]/plan'), 'utf8')).not.toMatch(/['"`]requests:/);
		expect(plan).toEqual(expect.arrayContaining(['plan', 'family', 'requests']));
		// The root error page's texts, for every page.
		for (const namespaces of Object.values(routes)) expect(namespaces).toContain('errors');
	});

	it('leaves out what a page never says: sign-in has no worker or admin texts', () => {
		expect(routes['/sign-in']).not.toContain('worker');
		expect(routes['/sign-in']).not.toContain('admin');
		expect(routes['/services']).not.toContain('admin');
		expect(routes['/admin']).toContain('admin');
		// The schema's doc comment names `news:kind.*`, and every server file imports the schema:
		// a comment is not a key.
		expect(routes['/sign-in']).not.toContain('news');
		expect(routes['/family/[familyId]']).toContain('news');
	});
});
