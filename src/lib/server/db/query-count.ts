import { AsyncLocalStorage } from 'node:async_hooks';
import type { Handle } from '@sveltejs/kit';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

// How many queries a request made, for the test that holds each page to its budget (the plan
// page: 6). Off unless the server was started with CG_TEST_QUERY_COUNT=1 (the e2e suite does;
// production never does); then every page's answer says its count in `x-cg-queries`.

export const QUERY_COUNT_HEADER = 'x-cg-queries';

const counter = new AsyncLocalStorage<{ queries: number }>();

export function queryCountEnabled(): boolean {
	return process.env.CG_TEST_QUERY_COUNT === '1';
}

/**
 * Counts each query run inside a counted request. Counted as its result comes back, not as it is
 * built: Kysely also hands a plugin each subquery written with `db.selectFrom` (a union's second
 * half), which is part of one query, not another.
 */
export const queryCountPlugin: KyselyPlugin = {
	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		return args.node;
	},
	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		const count = counter.getStore();
		if (count) count.queries += 1;
		return args.result;
	}
};

/** First in the sequence, so the session, the page and the audit trail are all counted. */
export const countQueries: Handle = async ({ event, resolve }) => {
	if (!queryCountEnabled()) return resolve(event);
	const count = { queries: 0 };
	const response = await counter.run(count, () => resolve(event));
	// A redirect or a page: the headers can still be changed; a body already streaming is not.
	try {
		response.headers.set(QUERY_COUNT_HEADER, String(count.queries));
	} catch {
		// Immutable headers (a fetch passed through): nothing to report.
	}
	return response;
};
