import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// Every route and every form action the app has, read from src/routes, so a test can insist that
// each one has its line in the authorization matrix and is covered by the cross-site checks. A new
// page, endpoint or action that nobody added there fails those tests rather than going unchecked.

const ROUTES_DIR = join(import.meta.dirname, '../../../src/routes');

export interface RouteInfo {
	/** SvelteKit's route id, such as `/family/[familyId]/plan`. */
	id: string;
	/** It answers GET with a page (a +page file) or an endpoint's GET handler. */
	get: boolean;
	/** It has a page (so the root layout's load runs for it), not only a +server.ts. */
	page: boolean;
	/** Methods other than GET that a +server.ts exports. */
	endpointMethods: string[];
	/** The names of its form actions (`default` for an unnamed one). */
	actions: string[];
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]
	);
}

/** The top-level keys of `export const actions = { … }` (one tab in, as the formatter writes them). */
export function actionNames(source: string): string[] {
	const start = source.indexOf('export const actions');
	if (start === -1) return [];
	const body = source.slice(start);
	const end = body.search(/^\}/m);
	const block = end === -1 ? body : body.slice(0, end);
	return [...block.matchAll(/^\t(\w+)\s*(?::|,|\()/gm)].map((m) => m[1] ?? '');
}

/** HTTP methods a +server.ts exports. */
export function endpointMethods(source: string): string[] {
	return [...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD)\b/g)].map(
		(m) => m[1] ?? ''
	);
}

export function listRoutes(): RouteInfo[] {
	const byId = new Map<string, RouteInfo>();
	for (const file of walk(ROUTES_DIR)) {
		const name = file.split(sep).pop() ?? '';
		if (!/^\+(page|server)(\.server)?\.(ts|svelte)$/.test(name)) continue;
		const dir = relative(ROUTES_DIR, file).split(sep).slice(0, -1);
		// Route groups such as (app) are not part of the address.
		const id = '/' + dir.filter((part) => !/^\(.*\)$/.test(part)).join('/');
		const route = byId.get(id) ?? { id, get: false, page: false, endpointMethods: [], actions: [] };
		byId.set(id, route);
		const source = readFileSync(file, 'utf8');
		if (name.startsWith('+page')) {
			route.get = true;
			route.page = true;
		}
		if (name === '+page.server.ts') route.actions.push(...actionNames(source));
		if (name === '+server.ts') {
			const methods = endpointMethods(source);
			if (methods.includes('GET')) route.get = true;
			route.endpointMethods.push(...methods.filter((m) => m !== 'GET' && m !== 'HEAD'));
		}
	}
	return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** A pattern for the route's addresses: each `[param]` is one path segment. */
export function routePattern(id: string): RegExp {
	const path = id
		.split('/')
		.map((part) => (/^\[.+\]$/.test(part) ? '[^/?]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('/');
	return new RegExp(`^${path === '' ? '/' : path}$`);
}

/** Splits `/a/b?/name&x=1` into the path and the action it posts to (`default` when none is named). */
export function actionOf(address: string): { path: string; action: string } {
	const [path = '', query = ''] = address.split('?');
	const named = /^\/(\w+)/.exec(query)?.[1];
	return { path, action: named ?? 'default' };
}

/** The path of an address, without its query. */
export const pathOf = (address: string): string => address.split('?')[0] ?? '';
