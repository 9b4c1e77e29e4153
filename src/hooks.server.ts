import { building } from '$app/environment';
import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getDb } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { database, locale, requestId, securityHeaders, session } from '$lib/server/hooks/handles';

export const init: ServerInit = async () => {
	if (building) return;
	await migrateToLatest(getDb());
};

export const handle = sequence(requestId, database, session, locale, securityHeaders);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const id = event.locals.requestId ?? crypto.randomUUID();
	// The full error goes to the log only; people see a calm message and an id to quote.
	if (status >= 500) console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
	const t = event.locals.t;
	const text = t ? t(status === 404 ? 'errors:not_found.title' : 'errors:unexpected.title') : message;
	return { message: text, id };
};
