import { inject } from 'vitest';
import { SESSION_COOKIE } from '../../../src/lib/server/auth/session.service';
import type { Actor } from './accounts';

export interface RequestOptions {
	method?: 'GET' | 'POST';
	/**
	 * Form fields, sent as application/x-www-form-urlencoded (like a browser without JavaScript);
	 * a FormData is sent as multipart/form-data, as a form with a file input is.
	 */
	form?: Record<string, string> | FormData;
	headers?: Record<string, string>;
	/** Extra cookies besides the role's session. */
	cookies?: Record<string, string>;
	/** The Origin header for POSTs; the server's own origin unless told otherwise; null sends none. */
	origin?: string | null;
	/** A body sent as it is with its content type (JSON, text/plain…), instead of `form`. */
	raw?: { type: string; data: string };
}

/** One request as `role`, following no redirects. */
export async function request(role: Actor, path: string, options: RequestOptions = {}): Promise<Response> {
	const baseURL = inject('baseURL');
	const cookies = { ...options.cookies };
	if (role !== 'anonymous') cookies[SESSION_COOKIE] = inject('sessions')[role];
	// Browser-style: with fetch's default `accept: */*` SvelteKit would answer form actions in JSON.
	const headers: Record<string, string> = { accept: 'text/html,*/*;q=0.8', ...options.headers };
	const cookieHeader = Object.entries(cookies)
		.map(([name, value]) => `${name}=${value}`)
		.join('; ');
	if (cookieHeader) headers.cookie = cookieHeader;
	const method = options.method ?? (options.form || options.raw ? 'POST' : 'GET');
	const multipart = options.form instanceof FormData;
	if (method === 'POST') {
		const origin = options.origin === undefined ? baseURL : options.origin;
		if (origin !== null) headers.origin = origin;
		// fetch writes a multipart body's content type itself, with its boundary.
		if (options.raw) headers['content-type'] = options.raw.type;
		else if (!multipart) headers['content-type'] = 'application/x-www-form-urlencoded';
	}
	let body: FormData | URLSearchParams | string | undefined;
	if (method === 'POST') {
		body = options.raw
			? options.raw.data
			: options.form instanceof FormData
				? options.form
				: new URLSearchParams(options.form ?? {});
	}
	return fetch(new URL(path, baseURL), { method, headers, body, redirect: 'manual' });
}

/** `<html lang dir>` of a server-rendered page. */
export function htmlAttributes(html: string): { lang: string | undefined; dir: string | undefined } {
	const tag = /<html\b[^>]*>/i.exec(html)?.[0] ?? '';
	return { lang: /\slang="([^"]*)"/.exec(tag)?.[1], dir: /\sdir="([^"]*)"/.exec(tag)?.[1] };
}

/** The text of the page's `<h1>` elements, tags stripped. */
export function headings(html: string): string[] {
	return [...html.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/gi)].map((m) => (m[1] ?? '').replace(/<[^>]*>/g, '').trim());
}
