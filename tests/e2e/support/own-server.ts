import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_COOKIE, createSession } from '../../../src/lib/server/auth/session.service';
import { createDb } from '../../../src/lib/server/db';
import { E2E_STAFF_IDLE_MINUTES, loadDemoData, startBuiltServer, stopServer } from '../global-setup';
import type { DemoIds, Person } from './accounts';

/**
 * A session for the account, as signing in and the second step would make it (with the e2e
 * server's staff idle limit).
 */
async function newSession(databasePath: string, userId: string): Promise<string> {
	const db = createDb(databasePath);
	try {
		const user = await db.selectFrom('app_user').select(['id', 'role']).where('id', '=', userId).executeTakeFirstOrThrow();
		return (await createSession(db, user, new Date(), E2E_STAFF_IDLE_MINUTES * 60_000, { twoFactorVerified: true })).token;
	} finally {
		await db.destroy();
	}
}

// A server and a copy of the demo data for one test file alone, for tests that write what the rest
// of the suite must never see (random input that happens to be valid, script payloads everywhere).
// Every demo person gets a session written straight into its database (no throttled sign-in).

export interface OwnServer {
	baseURL: string;
	demo: DemoIds;
	/** The SQLite file, for reading what was written. */
	databasePath: string;
	/** Person → value of their `cg_session` cookie on this server. */
	sessions: Record<Person, string>;
	/** The Cookie header for `person` (none for anonymous). */
	cookieFor(person: Person | 'anonymous'): Record<string, string>;
	/** A new session for `person` (theirs may have been ended by what a test did), now used by cookieFor. */
	renewSession(person: Person): Promise<void>;
	stop(): Promise<void>;
}

export async function startOwnServer(name: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<OwnServer> {
	const dir = mkdtempSync(join(tmpdir(), `common-ground-${name}-`));
	let server: ChildProcess | undefined;
	try {
		const databasePath = join(dir, `${name}.sqlite`);
		const { demo } = await loadDemoData(databasePath);
		const sessions = {} as Record<Person, string>;
		for (const [person, { userId }] of Object.entries(demo.people)) sessions[person as Person] = await newSession(databasePath, userId);
		const started = await startBuiltServer(databasePath, extraEnv);
		server = started.server;
		const running = server;
		return {
			baseURL: started.baseURL,
			demo,
			databasePath,
			sessions,
			cookieFor: (person): Record<string, string> => (person === 'anonymous' ? {} : { cookie: `${SESSION_COOKIE}=${sessions[person]}` }),
			renewSession: async (person) => {
				sessions[person] = await newSession(databasePath, demo.people[person].userId);
			},
			stop: async () => {
				await stopServer(running);
				rmSync(dir, { recursive: true, force: true });
			}
		};
	} catch (error) {
		if (server) await stopServer(server);
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}
