import { building } from '$app/environment';
import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { closeDb, getDb } from '$lib/server/db';
import { faults } from '$lib/server/faults/faults';
import { countQueries } from '$lib/server/db/query-count';
import { migrateToLatest } from '$lib/server/db/migrate';
import { applyDueHandovers } from '$lib/server/handovers/handovers.service';
import { adapterFromEnv } from '$lib/server/outbox/adapters';
import { outboxOrigin, startOutboxLoop } from '$lib/server/outbox/outbox-loop';
import { sweepDueNews } from '$lib/server/news/news.service';
import {
	audit,
	database,
	drainBody,
	locale,
	requestId,
	sameOrigin,
	secondFactor,
	securityHeaders,
	session
} from '$lib/server/hooks/handles';

/** How often the server looks for handovers whose day has come (they happen at UK midnight). */
const HANDOVER_CHECK_MS = 60_000;

export const init: ServerInit = async () => {
	if (building) return;
	await migrateToLatest(getDb());
	// Handovers first, then the dates coming up (actions due, review meetings) for "What's new":
	// written by this timer, never by a page being opened.
	const runHandovers = () =>
		applyDueHandovers(getDb())
			.catch((error) => console.error('Handovers could not be applied', error))
			.then(() => sweepDueNews(getDb()))
			.catch((error) => console.error("What's new could not be swept", error));
	await runHandovers();
	// unref: the timer never keeps a finished process alive.
	const handoverTimer = setInterval(runHandovers, HANDOVER_CHECK_MS).unref();
	// The neutral "something new" messages, through GOV.UK Notify or (by default) files in data/outbox.
	const outbox = startOutboxLoop(getDb, await adapterFromEnv(), outboxOrigin());
	// adapter-node emits this on SIGTERM or SIGINT once its HTTP server has closed, that is after the
	// last in-flight request has been answered. The database closes last: SQLite checkpoints its
	// WAL into the file and removes it, and the PostgreSQL pool ends, so the process can exit.
	process.once('sveltekit:shutdown', (reason: string) => {
		clearInterval(handoverTimer);
		// A send under way finishes and is marked before the database closes.
		outbox
			.stop()
			.then(() => closeDb())
			.then(
			() => console.log(`Shutting down (${reason}): every request answered, database closed.`),
			(error) => console.error('The database did not close cleanly', error)
		);
	});
};

// `faults` does nothing unless the server runs with CG_TEST_FAULTS=1 (the e2e suite's error-page test),
// nor `countQueries` without CG_TEST_QUERY_COUNT=1 (its query budgets).
// secondFactor comes after locale (its refusal is translated) and before securityHeaders, whose
// headers (no-store among them) then reach its answers too.
export const handle = sequence(countQueries, requestId, drainBody, database, session, locale, secondFactor, securityHeaders, sameOrigin, audit, faults);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const id = event.locals.requestId ?? crypto.randomUUID();
	// The full error goes to the log only; people see a calm message and an id to quote.
	if (status >= 500) console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
	const t = event.locals.t;
	const text = t ? t(status === 404 ? 'errors:not_found.title' : 'errors:unexpected.title') : message;
	return { message: text, id };
};
