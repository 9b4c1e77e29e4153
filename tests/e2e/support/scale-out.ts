import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_COOKIE, createSession } from '../../../src/lib/server/auth/session.service';
import type { DB } from '../../../src/lib/server/db';
import { createPostgresDatabase } from '../../integration/support/postgres-database';
import { E2E_STAFF_IDLE_MINUTES, startBuiltServer, stopServer } from '../global-setup';

// For scale-out.test.ts: one database that several built servers share, and a small HTTP client
// per server. On PostgreSQL (TEST_DATABASE_URL set, as in CI) the database is a new one made on that
// server and dropped after; without it, one SQLite file that every process opens.

export type Dialect = 'sqlite' | 'postgres';

export interface SharedDatabase {
	dialect: Dialect;
	/** What DATABASE_URL is set to for each server: a postgres:// URL or the SQLite file's path. */
	url: string;
	drop(): Promise<void>;
}

/** A fresh, empty database: never the one TEST_DATABASE_URL names, which only serves to create it. */
export async function createSharedDatabase(serverUrl = process.env.TEST_DATABASE_URL): Promise<SharedDatabase> {
	if (!serverUrl) {
		const dir = mkdtempSync(join(tmpdir(), 'common-ground-scale-out-'));
		return { dialect: 'sqlite', url: join(dir, 'shared.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
	}
	const database = await createPostgresDatabase(serverUrl, 'cg_scale_out');
	return { dialect: 'postgres', url: database.url, drop: database.drop };
}

/** What a request through one server came back with, for the assertions and their messages. */
export interface Answer {
	status: number;
	location: string;
	/** x-request-id: the audit trail's row for this request carries it. */
	requestId: string;
	/** The new value of the session cookie, when the answer set one. */
	token: string | undefined;
	body: string;
}

/** One running server of the several, with its own origin (ORIGIN differs per process). */
export interface Node {
	name: string;
	baseURL: string;
	process: ChildProcess;
	/** Everything the process wrote to stderr: errors logged by handleError, the timers' failures. */
	errors(): string;
	/**
	 * A request as a browser without JavaScript makes it: a form POST carries this server's Origin
	 * (or `options.origin`, to forge one). Follows no redirects.
	 */
	send(path: string, token: string | null, form?: Record<string, string>, options?: { origin?: string }): Promise<Answer>;
}

export async function startNode(name: string, databaseUrl: string): Promise<Node> {
	const { server, baseURL } = await startBuiltServer(databaseUrl);
	let errors = '';
	server.stderr?.on('data', (chunk: Buffer) => {
		errors += chunk.toString();
	});
	return {
		name,
		baseURL,
		process: server,
		errors: () => errors,
		async send(path, token, form, options = {}) {
			// Browser-style: with fetch's default `accept: */*` SvelteKit would answer actions in JSON.
			const headers: Record<string, string> = { accept: 'text/html' };
			if (token) headers.cookie = `${SESSION_COOKIE}=${token}`;
			if (form) {
				headers.origin = options.origin ?? baseURL;
				headers['content-type'] = 'application/x-www-form-urlencoded';
			}
			const response = await fetch(new URL(path, baseURL), {
				method: form ? 'POST' : 'GET',
				headers,
				body: form ? new URLSearchParams(form) : undefined,
				redirect: 'manual'
			});
			const cookie = response.headers
				.getSetCookie()
				.map((c) => c.split(';')[0] ?? '')
				.find((c) => c.startsWith(`${SESSION_COOKIE}=`))
				?.slice(SESSION_COOKIE.length + 1);
			return {
				status: response.status,
				location: response.headers.get('location') ?? '',
				requestId: response.headers.get('x-request-id') ?? '',
				token: cookie || undefined,
				body: await response.text()
			};
		}
	};
}

export async function stopNode(node: Node | undefined): Promise<void> {
	if (node) await stopServer(node.process);
}

/**
 * A session for the account written straight into the database, as signing in and the second step
 * would make it (the e2e servers' staff idle limit): for the tests of writes, which need no sign-in.
 */
export async function sessionFor(db: DB, userId: string): Promise<string> {
	const user = await db.selectFrom('app_user').select(['id', 'role']).where('id', '=', userId).executeTakeFirstOrThrow();
	return (await createSession(db, user, new Date(), E2E_STAFF_IDLE_MINUTES * 60_000, { twoFactorVerified: true })).token;
}
