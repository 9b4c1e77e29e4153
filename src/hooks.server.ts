import { building } from '$app/environment';
import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getDb } from '$lib/server/db';
import { faults } from '$lib/server/faults/faults';
import { migrateToLatest } from '$lib/server/db/migrate';
import { applyDueHandovers } from '$lib/server/handovers/handovers.service';
import { database, drainBody, locale, requestId, sameOrigin, securityHeaders, session } from '$lib/server/hooks/handles';

/** How often the server looks for handovers whose day has come (they happen at UK midnight). */
const HANDOVER_CHECK_MS = 60_000;

export const init: ServerInit = async () => {
	if (building) return;
	await migrateToLatest(getDb());
	const runHandovers = () =>
		applyDueHandovers(getDb()).catch((error) => console.error('Handovers could not be applied', error));
	await runHandovers();
	// unref: the timer never keeps a finished process alive.
	setInterval(runHandovers, HANDOVER_CHECK_MS).unref();
};

// `faults` does nothing unless the server runs with CG_TEST_FAULTS=1 (the e2e suite's error-page test).
export const handle = sequence(requestId, drainBody, database, session, locale, securityHeaders, sameOrigin, faults);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const id = event.locals.requestId ?? crypto.randomUUID();
	// The full error goes to the log only; people see a calm message and an id to quote.
	if (status >= 500) console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
	const t = event.locals.t;
	const text = t ? t(status === 404 ? 'errors:not_found.title' : 'errors:unexpected.title') : message;
	return { message: text, id };
};
