import { AsyncLocalStorage } from 'node:async_hooks';
import type { Handle } from '@sveltejs/kit';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

// Faults on purpose, for the test that proves no error page ever shows a stack trace, a file path
// or SQL. Off unless the server was started with CG_TEST_FAULTS=1 (the e2e suite does; production
// never does), and then only for a request carrying `x-cg-fault`:
//   database — every query after the session and language are known throws, as a broken
//              database would, with SQL and a file path in its message;
//   load     — the root layout's load throws, so even the fallback error page is exercised.

export type FaultMode = 'database' | 'load';
export const FAULT_HEADER = 'x-cg-fault';
const MODES: ReadonlySet<string> = new Set<FaultMode>(['database', 'load']);

/** What an injected error says: the things that must never reach a page. */
export const FAULT_MARKER = 'CG_INJECTED_FAULT';
const LEAKY_MESSAGE = `${FAULT_MARKER}: SQLITE_CORRUPT: database disk image is malformed in "select * from app_user where password_hash = ?" at /srv/common-ground/src/lib/server/db/index.ts:42:7`;

const current = new AsyncLocalStorage<FaultMode>();

export function faultsEnabled(): boolean {
	return process.env.CG_TEST_FAULTS === '1';
}

/** The fault this request asked for, if faults are on. */
export function currentFault(): FaultMode | undefined {
	return current.getStore();
}

/** Throws, as a real failure would, when this request asked for `mode`. */
export function throwIfFault(mode: FaultMode): void {
	if (currentFault() === mode) throw new Error(LEAKY_MESSAGE);
}

/** A Kysely plugin that breaks every query of a request that asked for a database fault. */
export const faultPlugin: KyselyPlugin = {
	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		throwIfFault('database');
		return args.node;
	},
	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return args.result;
	}
};

/** Runs the rest of the request under the fault its header names; a no-op unless faults are on. */
export const faults: Handle = async ({ event, resolve }) => {
	const mode = faultsEnabled() ? event.request.headers.get(FAULT_HEADER) : null;
	if (!mode || !MODES.has(mode)) return resolve(event);
	return current.run(mode as FaultMode, () => resolve(event));
};
