import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../../src/lib/server/demo/seed';
import { decodeTotpSecret, totpCode } from '../../src/lib/server/auth/totp';
import { SESSION_COOKIE, createSession } from '../../src/lib/server/auth/session.service';
import { STAFF_IDLE_ENV } from '../../src/lib/server/auth/session-policy';
import { SERVER_NODE_FLAGS } from '../../src/lib/server/cli/serve-built';
import { DEFAULT_BODY_SIZE_LIMIT } from '../../src/lib/server/cli/serve-built';
import { SESSION_ONLY, SIGNED_IN, type DemoIds, type DemoPerson, type DemoWorker, type Person, type SessionOnly } from './support/accounts';
import { assertChromiumInstalled } from './support/chromium';

// One built server, one fresh SQLite database with the demo data, and one signed-in session per
// demo account for the whole e2e run. Sign-in is throttled per IP address and every request here
// comes from 127.0.0.1, so each account signs in exactly once, here, and the files share the cookies.
// SESSION_ONLY accounts (grace) get a session written into the database instead, before the
// server starts, and never sign in at all.

declare module 'vitest' {
	export interface ProvidedContext {
		/** e.g. http://127.0.0.1:41234, also the server's ORIGIN. */
		baseURL: string;
		/** Account → value of its `cg_session` cookie. Never sign these sessions out. */
		sessions: Record<Person, string>;
		/**
		 * Sessions of accounts nothing else acts as, for sessions.test.ts alone, which ends them:
		 * two of rater-kerry's (a parent) for "sign out everywhere", and one of chris's (a worker).
		 */
		throwawaySessions: { family: [string, string]; staff: string };
		demo: DemoIds;
	}
}

/**
 * TEST-ONLY: staff sessions end after 30 minutes unused, but the suite shares one staff session per
 * account over a run of nearly an hour, with long gaps. The test server (and the sessions made
 * here) use this idle limit instead; the real limits are tested in tests/integration/sessions.test.ts.
 * Under the 12-hour absolute limit, so the idle deadline is still the one that comes first.
 */
export const E2E_STAFF_IDLE_MINUTES = 10 * 60;

const DEMO_WORKERS: readonly DemoWorker[] = ['jo', 'priya', 'chris', 'grace', 'sam', 'morgan'];

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_ENTRY = join(ROOT, 'build/index.js');

/** A port nothing listens on now (for a server about to be started on it). */
export function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const probe = createServer();
		probe.unref();
		probe.on('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => (port ? done(port) : fail(new Error('Could not find a free port'))));
		});
	});
}

/** The demo data's ids, and a session for each SESSION_ONLY account (made here, never signed in). */
export async function loadDemoData(
	databaseUrl: string
): Promise<{ demo: DemoIds; sessionOnly: Record<SessionOnly, string>; throwaway: { family: [string, string]; staff: string } }> {
	const db = createDb(databaseUrl);
	try {
		await migrateToLatest(db);
		if (!(await seedDemo(db))) throw new Error('e2e: the fresh database already had demo data');
		const families = await db.selectFrom('family').select(['id', 'name']).execute();
		const services = await db.selectFrom('service').select(['id', 'name']).execute();
		const idOf = <T extends { id: string; name: string }>(rows: T[], name: string) => {
			const row = rows.find((r) => r.name === name);
			if (!row) throw new Error(`e2e: demo data has no "${name}"`);
			return row.id;
		};
		const familyA = idOf(families, 'Hassan');
		const noor = await db
			.selectFrom('family_member')
			.select('id')
			.where('family_id', '=', familyA)
			.where('display_name', '=', 'Noor')
			.executeTakeFirstOrThrow();
		const workerRows = await db
			.selectFrom('worker')
			.innerJoin('app_user', 'app_user.id', 'worker.user_id')
			.select(['worker.id', 'app_user.username'])
			.execute();
		const workerId = (username: DemoWorker) => {
			const row = workerRows.find((r) => r.username === username);
			if (!row) throw new Error(`e2e: demo data has no worker "${username}"`);
			return row.id;
		};
		const workers = Object.fromEntries(DEMO_WORKERS.map((w) => [w, workerId(w)])) as Record<DemoWorker, string>;
		const familyB = idOf(families, 'Kowalski');
		const goalOf = async (familyId: string, title: string) => {
			const goal = await db
				.selectFrom('goal')
				.innerJoin('plan', 'plan.id', 'goal.plan_id')
				.select('goal.id')
				.where('plan.family_id', '=', familyId)
				.where('goal.title', '=', title)
				.executeTakeFirst();
			if (!goal) throw new Error(`e2e: demo data has no goal "${title}"`);
			return goal.id;
		};
		const samAssignment = await db
			.selectFrom('family_worker')
			.select('id')
			.where('family_id', '=', familyA)
			.where('worker_id', '=', workers.sam)
			.where('ended_at', 'is', null)
			.executeTakeFirstOrThrow();
		const joAbsence = await db.selectFrom('worker_absence').select('id').where('worker_id', '=', workers.jo).executeTakeFirstOrThrow();
		const handoverB = await db
			.selectFrom('handover')
			.select('id')
			.where('family_id', '=', familyB)
			.where('from_worker_id', '=', workers.chris)
			.where('to_worker_id', '=', workers.priya)
			.executeTakeFirstOrThrow();
		// Mia has two views for Priya: one still waiting for a reply, one answered (`waiting` tells them apart).
		const viewOf = async (username: 'leo' | 'mia', audience: 'only_me' | 'worker' | 'family', waiting?: boolean) => {
			let query = db
				.selectFrom('young_view')
				.innerJoin('app_user', 'app_user.id', 'young_view.author_user_id')
				.select('young_view.id')
				.where('app_user.username', '=', username)
				.where('young_view.audience', '=', audience);
			if (waiting !== undefined) query = query.where('young_view.awaiting_since', waiting ? 'is not' : 'is', null);
			const views = await query.execute();
			if (views.length !== 1) throw new Error(`e2e: demo data has ${views.length} views by ${username} shared with "${audience}", not 1`);
			return (views[0] as { id: string }).id;
		};
		const userRows = await db.selectFrom('app_user').select(['id', 'username', 'display_name', 'role']).execute();
		const personOf = (row: { id: string; username: string; display_name: string }): DemoPerson => ({
			userId: row.id,
			username: row.username,
			displayName: row.display_name
		});
		const people = Object.fromEntries(
			[...SIGNED_IN, ...SESSION_ONLY].map((username) => {
				const row = userRows.find((r) => r.username === username);
				if (!row) throw new Error(`e2e: demo data has no account "${username}"`);
				return [username, personOf(row)];
			})
		) as Record<Person, DemoPerson>;
		const ratingRows = await db
			.selectFrom('service_rating')
			.innerJoin('app_user', 'app_user.id', 'service_rating.author_user_id')
			.select(['service_rating.id', 'service_rating.service_id', 'service_rating.anonymous', 'app_user.id as user_id', 'app_user.username', 'app_user.display_name'])
			.orderBy('service_rating.created_at')
			.execute();
		const ratings = ratingRows.map((r) => ({
			id: r.id,
			serviceId: r.service_id,
			anonymous: Number(r.anonymous) === 1,
			author: personOf({ id: r.user_id, username: r.username, display_name: r.display_name })
		}));
		const ratingBy = (username: string, serviceId: string) => {
			const found = ratings.filter((r) => r.author.username === username && r.serviceId === serviceId);
			if (found.length !== 1 || !found[0]?.anonymous) throw new Error(`e2e: demo data has ${found.length} ratings by ${username} of ${serviceId}, not one anonymous one`);
			return found[0].id;
		};
		const familySupportService = idOf(services, 'Family Support Service');
		const schoolNursingService = idOf(services, 'School Nursing Service');
		// Sessions made as signing in makes them, without the (throttled) sign-in.
		const staffIdleMs = E2E_STAFF_IDLE_MINUTES * 60_000;
		const sessionFor = async (username: string) => {
			const row = userRows.find((r) => r.username === username);
			if (!row) throw new Error(`e2e: demo data has no account "${username}"`);
			// As after the second step: these sessions never sign in, so they never type a code.
			return (await createSession(db, row, new Date(), staffIdleMs, { twoFactorVerified: true })).token;
		};
		const sessionOnly = {} as Record<SessionOnly, string>;
		for (const username of SESSION_ONLY) sessionOnly[username] = await sessionFor(username);
		const throwaway = {
			family: [await sessionFor('rater-kerry'), await sessionFor('rater-kerry')] as [string, string],
			staff: await sessionFor('chris')
		};
		const goalA = await goalOf(familyA, 'We have enough money for food and bills');
		const demo: DemoIds = {
			familyA,
			familyB,
			familySupportService,
			schoolService: idOf(services, 'Oakfield School Pastoral Team'),
			schoolNursingService,
			familyAMemberWithoutAccount: noor.id,
			workers,
			samAssignmentA: samAssignment.id,
			joAbsence: joAbsence.id,
			handoverB: handoverB.id,
			goalA,
			actionA: (await db.selectFrom('goal_action').select('id').where('goal_id', '=', goalA).orderBy('id').executeTakeFirstOrThrow()).id,
			goalB: await goalOf(familyB, 'Mia sleeps better before exams'),
			leoWorkerOnly: await viewOf('leo', 'worker'),
			leoFamily: await viewOf('leo', 'family'),
			leoDraft: await viewOf('leo', 'only_me'),
			miaOverdue: await viewOf('mia', 'worker', true),
			miaReplied: await viewOf('mia', 'worker', false),
			// Her line about Priya taking over: the authorization matrix opens it (and so marks it
			// seen); news.test.ts opens her replies, never this one.
			miaHandoverNews: (
				await db
					.selectFrom('news_item')
					.innerJoin('app_user', 'app_user.id', 'news_item.user_id')
					.select('news_item.id')
					.where('app_user.username', '=', 'mia')
					.where('news_item.kind', '=', 'handover')
					.executeTakeFirstOrThrow()
			).id,
			debtAdviceService: idOf(services, 'Money Matters Debt Advice'),
			amiraDebtRequest: (
				await db
					.selectFrom('service_request')
					.select('id')
					.where('service_id', '=', idOf(services, 'Money Matters Debt Advice'))
					.where('family_id', '=', familyA)
					.where('status', '=', 'waiting')
					.executeTakeFirstOrThrow()
			).id,
			amiraWorkerRequest: (
				await db
					.selectFrom('service_request')
					.select('id')
					.where('service_id', '=', idOf(services, 'Money Matters Debt Advice'))
					.where('family_id', '=', familyA)
					.where('status', '=', 'with_worker')
					.executeTakeFirstOrThrow()
			).id,
			foodBankService: idOf(services, 'Millbrook Food Bank'),
			people,
			ratings,
			danRating: ratingBy('dan', familySupportService),
			leoRating: ratingBy('leo', schoolNursingService)
		};
		return { demo, sessionOnly, throwaway };
	} finally {
		await db.destroy();
	}
}

async function waitForHealth(baseURL: string, server: ChildProcess, log: () => string, label: string, withinMs: number): Promise<void> {
	const deadline = Date.now() + withinMs;
	while (Date.now() < deadline) {
		if (server.exitCode !== null) {
			throw new Error(`${label}: the built server exited with code ${server.exitCode} before it was ready:\n${log()}`);
		}
		try {
			const response = await fetch(`${baseURL}/healthz`);
			if (response.status === 200) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${label}: the built server did not answer /healthz within ${withinMs / 1000} s:\n${log()}`);
}

/** The code a demo member of staff's authenticator shows now, from the demo's published secret; null for families. */
export function demoTotpCode(username: string, now = new Date()): string | null {
	const secret = DEMO_ACCOUNTS.find((account) => account.username === username)?.totpSecret;
	const key = secret ? decodeTotpSecret(secret) : null;
	return key ? totpCode(key, now) : null;
}

async function signInOnce(baseURL: string, username: string): Promise<string> {
	const response = await fetch(`${baseURL}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		// Browser-style: with fetch's default `accept: */*` SvelteKit would answer the action in JSON.
		headers: { origin: baseURL, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password: DEMO_PASSWORD })
	});
	const value = sessionCookieOf(response);
	if (response.status !== 303 || !value) await failSignIn(response, username, 'signing in');
	// Staff then type the code from their app (the second step), as people do. Each account does this
	// once, so no code is refused as used before (every code works once per account).
	const code = demoTotpCode(username);
	if (response.headers.get('location') === '/sign-in/code') {
		if (!code) throw new Error(`e2e: ${username} was asked for a code but has no demo secret`);
		const second = await fetch(`${baseURL}/sign-in/code`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: baseURL, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: `${SESSION_COOKIE}=${value}` },
			body: new URLSearchParams({ code })
		});
		const location = second.headers.get('location') ?? '';
		if (second.status !== 303 || location.startsWith('/sign-in')) await failSignIn(second, username, 'typing the code');
	} else if (code) {
		throw new Error(`e2e: ${username} has a code but signing in led to ${response.headers.get('location')}, not /sign-in/code`);
	}
	return value as string;
}

function sessionCookieOf(response: Response): string | undefined {
	return response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0] ?? '')
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`))
		?.slice(SESSION_COOKIE.length + 1);
}

async function failSignIn(response: Response, username: string, step: string): Promise<never> {
	const body = await response.text();
	const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(body)?.[0].replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
	throw new Error(
		`e2e: ${step} as ${username} gave ${response.status} (location ${response.headers.get('location')}): ${summary ?? body.slice(0, 500)}`
	);
}

export function stopServer(server: ChildProcess): Promise<void> {
	if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
	return new Promise((done) => {
		const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
		server.once('exit', () => {
			clearTimeout(force);
			done();
		});
		server.kill('SIGTERM');
	});
}

export interface BuiltServerOptions {
	/** The server's environment, given the address and port it will listen on. */
	env: (baseURL: string, port: number) => NodeJS.ProcessEnv;
	/** Names the server in its echoed errors and in a failure to start. */
	label: string;
	/** How long it may take to answer /healthz (migrations, the first sweep of a big city). */
	readyWithinMs?: number;
}

/**
 * Starts the built server on a free port of 127.0.0.1 and waits until /healthz answers. Its errors
 * are echoed to the output, and the last of what it printed is in the error if it never gets ready.
 */
export async function spawnBuiltServer(options: BuiltServerOptions): Promise<{ server: ChildProcess; baseURL: string }> {
	const port = await freePort();
	const baseURL = `http://127.0.0.1:${port}`;
	let output = '';
	// With node's flags as `npm start` gives them, so the tests and the benchmark run the server as it runs.
	const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER_ENTRY], { cwd: ROOT, env: options.env(baseURL, port), stdio: ['ignore', 'pipe', 'pipe'] });
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-20_000);
	};
	server.stdout?.on('data', keep);
	// Server errors (5xx are logged by handleError) show up in the output.
	server.stderr?.on('data', (chunk: Buffer) => {
		keep(chunk);
		process.stderr.write(`[${options.label} server] ${chunk.toString()}`);
	});
	try {
		await waitForHealth(baseURL, server, () => output, options.label, options.readyWithinMs ?? 30_000);
	} catch (error) {
		await stopServer(server);
		throw error;
	}
	return { server, baseURL };
}

/**
 * The built server over `databaseUrl` with the test-only switches on, as every e2e test has it;
 * `extraEnv` adds to them (a test file's own server, such as the benchmark page's).
 */
export function startBuiltServer(databaseUrl: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ server: ChildProcess; baseURL: string }> {
	return spawnBuiltServer({
		label: 'e2e',
		env: (baseURL, port) => ({
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: baseURL,
			DATABASE_URL: databaseUrl,
			BODY_SIZE_LIMIT: DEFAULT_BODY_SIZE_LIMIT,
			// Messages the demo people are sent go to files beside the test database, never to Notify.
			OUTBOX_DIR: join(databaseUrl.startsWith('postgres') ? tmpdir() : dirname(databaseUrl), 'cg-e2e-outbox'),
			NOTIFY_API_KEY: '',
			// The test-only pseudo-locale en-XA (pseudo-locale.test.ts); never set outside tests.
			CG_PSEUDO_LOCALE: '1',
			// Faults on request (x-cg-fault) for the error-page test in authorization.test.ts; never set outside tests.
			CG_TEST_FAULTS: '1',
			// Each answer says how many queries it made (x-cg-queries) for query-budget.test.ts; never set outside tests.
			CG_TEST_QUERY_COUNT: '1',
			// Shared staff sessions must outlive the run's quiet spells (E2E_STAFF_IDLE_MINUTES); never set outside tests.
			[STAFF_IDLE_ENV]: String(E2E_STAFF_IDLE_MINUTES),
			...extraEnv
		})
	});
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	assertChromiumInstalled();
	if (!existsSync(SERVER_ENTRY)) {
		throw new Error(`e2e: ${SERVER_ENTRY} is missing. Build first: npx vite build (npm test does this).`);
	}
	const dir = mkdtempSync(join(tmpdir(), 'common-ground-e2e-'));
	let server: ChildProcess | undefined;
	const teardown = async () => {
		if (server) await stopServer(server);
		rmSync(dir, { recursive: true, force: true });
	};

	try {
		const databaseUrl = join(dir, 'e2e.sqlite');
		const { demo, sessionOnly, throwaway } = await loadDemoData(databaseUrl);

		const started = await startBuiltServer(databaseUrl);
		server = started.server;
		const baseURL = started.baseURL;

		const sessions = { ...sessionOnly } as Record<Person, string>;
		for (const account of SIGNED_IN) sessions[account] = await signInOnce(baseURL, account);

		project.provide('baseURL', baseURL);
		project.provide('sessions', sessions);
		project.provide('throwawaySessions', throwaway);
		project.provide('demo', demo);
	} catch (error) {
		await teardown();
		throw error;
	}
	return teardown;
}
