import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';

// SIGTERM (a deploy, a container stop) drains the server: adapter-node stops accepting
// connections, answers every request already in flight, then hooks.server.ts closes the
// database, and the process exits 0: on SQLite the WAL is checkpointed into the file, on
// PostgreSQL (when TEST_DATABASE_URL is set) the pool ends instead of holding the process open. This file starts a server of its own on its own SQLite file,
// because it stops it; the shared e2e server is left alone.

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_ENTRY = join(ROOT, 'build/index.js');
/** Requests in flight when the signal comes. */
const IN_FLIGHT = 40;

function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const probe = createServer();
		probe.on('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => done(port));
		});
	});
}

interface Answer {
	status?: number;
	error?: string;
}

/** One GET on a connection of its own, read to the end; a reset is an answer too, a bad one. */
function fetchPage(url: string): Promise<Answer> {
	return new Promise((done) => {
		const request = get(url, { agent: false }, (response: IncomingMessage) => {
			response.resume();
			response.on('end', () => done({ status: response.statusCode }));
			response.on('error', (error) => done({ error: error.message }));
		});
		request.on('error', (error) => done({ error: error.message }));
	});
}

interface HeldRequest {
	/** Sends the rest of the request; resolves with the answer once the server has closed the connection. */
	finish(): Promise<Answer>;
}

/**
 * A GET whose request line and first headers are sent now and whose last header line waits: the
 * server has begun the request (Node never counts such a connection as idle, so a drain must wait
 * for it), but cannot answer it before `finish`. That makes "in flight when the signal came" a
 * certainty rather than a race.
 */
function holdRequest(port: number, path: string): Promise<HeldRequest> {
	return new Promise((ready, fail) => {
		const socket = connect(port, '127.0.0.1');
		let raw = '';
		let error: string | undefined;
		const answered = new Promise<Answer>((done) => {
			socket.on('data', (chunk: Buffer) => (raw += chunk.toString('latin1')));
			socket.on('error', (e) => (error = e.message));
			socket.on('close', () => {
				const status = /^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1];
				done(status ? { status: Number(status) } : { error: error ?? `no answer (${raw.length} bytes)` });
			});
		});
		socket.once('error', fail);
		socket.on('connect', () => {
			socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/html\r\n`);
			ready({
				finish: () => {
					// write, not end: Node's server aborts a request whose client half-closes. The server
					// closes the connection itself once it has answered (Connection: close).
					socket.write('Connection: close\r\n\r\n');
					return answered;
				}
			});
		});
	});
}

type Dialect = 'sqlite' | 'postgres';
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const DIALECTS: Dialect[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh PostgreSQL database on TEST_DATABASE_URL's server, and how to drop it. */
async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
	// A name we make ourselves (lower-case hex), so it is safe to put in the statement.
	const name = `cg_shutdown_${randomBytes(8).toString('hex')}`;
	const admin = async (statement: string) => {
		const client = new pg.Client({ connectionString: serverUrl });
		await client.connect();
		try {
			await client.query(statement);
		} finally {
			await client.end();
		}
	};
	await admin(`CREATE DATABASE ${name}`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

for (const dialect of DIALECTS) {
	describe(`shutdown on SIGTERM [${dialect}]`, () => {
		const dir = mkdtempSync(join(tmpdir(), 'common-ground-shutdown-'));
		let server: ChildProcess | undefined;
		let dropDatabase: (() => Promise<void>) | undefined;

		afterAll(async () => {
			if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
			await dropDatabase?.();
			rmSync(dir, { recursive: true, force: true });
		});

		it('answers every request in flight, closes the database and exits 0 at once', async () => {
			expect(existsSync(SERVER_ENTRY), `${SERVER_ENTRY} exists (npx vite build)`).toBe(true);
			let databaseUrl = join(dir, 'shutdown.sqlite');
			if (dialect === 'postgres') {
				const database = await createPostgresDatabase(TEST_DATABASE_URL!);
				databaseUrl = database.url;
				dropDatabase = database.drop;
			}
			const db = createDb(databaseUrl);
			await migrateToLatest(db);
			await db.destroy();

			const port = await freePort();
			const baseURL = `http://127.0.0.1:${port}`;
			let output = '';
			const started = spawn(process.execPath, [SERVER_ENTRY], {
				cwd: ROOT,
				env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: baseURL, DATABASE_URL: databaseUrl },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			server = started;
			started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
			started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
			const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) =>
				started.on('exit', (code, signal) => done({ code, signal, at: performance.now() }))
			);

			const deadline = Date.now() + 30_000;
			for (;;) {
				const answer = await fetchPage(`${baseURL}/healthz`);
				if (answer.status === 200) break;
				if (Date.now() > deadline || started.exitCode !== null) throw new Error(`The server did not start:\n${output}`);
				await new Promise((r) => setTimeout(r, 100));
			}

			// Many pages begun at once, each on its own connection; the signal comes while every one
			// of them is still waiting for its last header line.
			const held = await Promise.all(
				Array.from({ length: IN_FLIGHT }, (_, i) => holdRequest(port, `/services?lang=${i % 2 ? 'cy' : 'en-GB'}`))
			);
			await new Promise((r) => setTimeout(r, 500));
			const signalledAt = performance.now();
			started.kill('SIGTERM');
			await new Promise((r) => setTimeout(r, 300));

			// Draining: no new connection is taken, and the process waits for the ones in flight.
			const late = await fetchPage(`${baseURL}/healthz`);
			expect(late.error).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
			expect(started.exitCode).toBeNull();

			const answers = await Promise.all(held.map((request) => request.finish()));
			expect(answers.filter((a) => a.error)).toEqual([]);
			expect(answers.map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(200));

			// At once: an open PostgreSQL pool would otherwise keep the process alive until its idle
			// connections time out (10 s).
			const exit = await exited;
			expect(exit).toMatchObject({ code: 0, signal: null });
			expect(exit.at - signalledAt).toBeLessThan(5_000);
			expect(output).toMatch(/Shutting down \(SIGTERM\): every request answered, database closed\./);
			expect(output).not.toMatch(/Error/);

			if (dialect === 'sqlite') {
				// Closed cleanly: the log went into the file and was removed, and the file is sound.
				const wal = `${databaseUrl}-wal`;
				expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
				const check = new SQLite(databaseUrl, { readonly: true });
				try {
					expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
				} finally {
					check.close();
				}
			}
			console.log(
				`shutdown [${dialect}]: ${IN_FLIGHT} requests in flight at SIGTERM, all answered 200; exited 0 ${Math.round(exit.at - signalledAt)} ms after the signal`
			);
		}, 60_000);
	});
}

describe('npm start on SIGTERM [sqlite]', () => {
	const dir = mkdtempSync(join(tmpdir(), 'common-ground-start-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('passes the signal to the server it started and ends as the server did', async () => {
		const port = await freePort();
		const databaseUrl = join(dir, 'start.sqlite');
		// What `npm start` runs: tsx → serve-built.ts → node build/index.js.
		const start = spawn(process.execPath, ['--import', 'tsx', 'src/lib/server/cli/start.ts'], {
			cwd: ROOT,
			env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: databaseUrl },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<number | null>((done) => start.on('exit', (code) => done(code)));
		try {
			const deadline = Date.now() + 30_000;
			while ((await fetchPage(`http://127.0.0.1:${port}/healthz`)).status !== 200) {
				if (Date.now() > deadline || start.exitCode !== null) throw new Error(`npm start did not serve:\n${output}`);
				await new Promise((r) => setTimeout(r, 100));
			}
			start.kill('SIGTERM');
			expect(await exited).toBe(0);
			expect(output).toMatch(/Shutting down \(SIGTERM\): every request answered, database closed\./);
			expect(existsSync(`${databaseUrl}-wal`)).toBe(false);
		} finally {
			if (start.exitCode === null) start.kill('SIGKILL');
		}
	}, 60_000);
});
