import { inject } from 'vitest';
import { decodeEntities } from './i18n';

// What a page sends besides its HTML: SvelteKit's `__data.json`, as the client router loads it.

/** SvelteKit's data endpoint for a page: `<path>/__data.json` with the same query. */
export function dataPath(path: string): string {
	const url = new URL(path, inject('baseURL'));
	const pathname = url.pathname === '/' ? '/__data.json' : `${url.pathname.replace(/\/$/, '')}/__data.json`;
	return `${pathname}${url.search}`;
}

/** A response body as text to search: entities and JSON escapes undone, so the words read as written. */
export function searchable(body: string): string {
	return decodeEntities(body)
		.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
		.replace(/\\"/g, '"')
		.replace(/\\n/g, '\n');
}

interface DataNode {
	type: string;
	data?: unknown[];
	status?: number;
}

/**
 * Undoes devalue's flattening (the format of each node's `data`): index 0 is the value, arrays and
 * objects hold the indexes of their members, negative indexes are undefined, NaN and the like, and
 * an array starting with a string is a typed value (a Date, a Set…), kept here as what it holds.
 */
function unflatten(values: readonly unknown[]): unknown {
	const done = new Map<number, unknown>();
	const SPECIAL: Record<number, unknown> = { [-1]: undefined, [-2]: undefined, [-3]: Number.NaN, [-4]: Infinity, [-5]: -Infinity, [-6]: -0 };
	const at = (index: number): unknown => {
		if (index < 0) return SPECIAL[index];
		if (done.has(index)) return done.get(index);
		const value = values[index];
		if (Array.isArray(value)) {
			if (typeof value[0] === 'string') {
				// [type, ...]: a Date or a string-like value keeps its text; others are left out.
				const typed = value[0] === 'Date' ? value[1] : value.length > 1 && typeof value[1] === 'number' ? at(value[1]) : value[1];
				done.set(index, typed);
				return typed;
			}
			const array: unknown[] = [];
			done.set(index, array);
			for (const i of value as number[]) array.push(at(i));
			return array;
		}
		if (value && typeof value === 'object') {
			const object: Record<string, unknown> = {};
			done.set(index, object);
			for (const [key, i] of Object.entries(value as Record<string, number>)) object[key] = at(i);
			return object;
		}
		done.set(index, value);
		return value;
	};
	return values.length > 0 ? at(0) : undefined;
}

/** The page's own node of a `__data.json` answer (its last), with its data as plain values. */
export function pageNode(json: string): { type: string; status?: number; data?: Record<string, unknown> } {
	const nodes = (JSON.parse(json) as { nodes?: Array<DataNode | null> }).nodes ?? [];
	const node = nodes.at(-1);
	if (!node) return { type: 'none' };
	return { type: node.type, status: node.status, data: node.data ? (unflatten(node.data) as Record<string, unknown>) : undefined };
}
