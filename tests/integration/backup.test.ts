import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '$lib/server/db';
import type { Database } from '$lib/server/db/schema';
import { BackupError, backupSqlite, databaseInUse, restoreSqlite, verifyDatabaseFile } from '$lib/server/db/backup';
import { checkCrashedDatabase, bundleWriter, prepareWriterFile, startWriter } from './support/crash-runs';
import { rejection } from './support/fixtures';

// SQLite only, and not registered for PostgreSQL: `npm run backup` copies the SQLite file with
// SQLite's online backup API; a PostgreSQL database is backed up with pg_dump, which the command
// says when DATABASE_URL is a postgres:// URL.

describe('backup and restore [sqlite only]', () => {
	let dir: string;
	let writer: string;
	/** A live database that a writer process filled, and a backup of it taken while it wrote. */
	let live: string;
	let backup: string;
	/** Units the writer acknowledged before the backup began: the backup must hold every one. */
	let committedBefore: Set<string>;
	/** Every unit the writer acknowledged, in commit order, up to its kill well after the backup. */
	let allAcks: readonly string[] = [];
	let backupMs = 0;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'common-ground-backup-'));
		writer = await bundleWriter(dir);
		live = join(dir, 'live.sqlite');
		backup = join(dir, 'backups', 'copy.sqlite');
		mkdirSync(join(dir, 'backups'));
		const userId = await prepareWriterFile(live);
		const running = startWriter(writer, live, userId);
		await running.ready;
		// Let the file grow a little, so there is something to copy while the writer goes on.
		while (running.acks.length < 200) await new Promise((r) => setTimeout(r, 20));
		committedBefore = new Set(running.acks);
		const started = performance.now();
		await backupSqlite(live, backup);
		backupMs = performance.now() - started;
		// The writer must still be writing after the backup: it was never blocked for good.
		const after = running.acks.length;
		while (running.acks.length < after + 20) await new Promise((r) => setTimeout(r, 20));
		const ended = await running.kill();
		expect(ended.problem).toBeUndefined();
		allAcks = ended.acks;
	}, 60_000);

	afterAll(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('copies a database that another process keeps writing to: sound, consistent and holding every earlier commit', async () => {
		// One file on its own: no -wal or -shm beside it, no temporary file left behind.
		expect(readdirSync(join(dir, 'backups'))).toEqual(['copy.sqlite']);
		const summary = verifyDatabaseFile(backup);
		expect(summary.tables.family).toBeGreaterThanOrEqual(committedBefore.size);
		// Read-only, so that checking the copy does not change it.
		const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(backup, { readonly: true }) }) });
		try {
			const check = await checkCrashedDatabase(db, committedBefore);
			expect(check.integrity).toEqual([]);
			expect(check.lost).toEqual([]);
			// A snapshot: a transaction is in the copy whole or not at all.
			expect(check.partial).toEqual([]);
			expect(check.orphanRows).toBe(0);
			// ... taken at one moment of the writer's commit order: exactly its first k units, where k
			// is at least what had been acknowledged when the backup began.
			const ids = (await db.selectFrom('family').select('id').execute()).map((row) => row.id);
			expect(new Set(ids)).toEqual(new Set(allAcks.slice(0, ids.length)));
			console.log(
				`backup: ${(statSync(backup).size / 1024).toFixed(0)} KiB, ${ids.length} families (${ids.length - committedBefore.size} committed ` +
					`after the backup was asked for) copied and checked in ${Math.round(backupMs)} ms while the writer went on writing`
			);
		} finally {
			await db.destroy();
		}
		expect(readdirSync(join(dir, 'backups'))).toEqual(['copy.sqlite']);
	});

	it('refuses to overwrite an existing file', async () => {
		const error = await rejection(backupSqlite(live, backup));
		expect(error).toBeInstanceOf(BackupError);
	});

	it('restores into a fresh path: the data is there and integrity_check passes', async () => {
		const target = join(dir, 'fresh', 'restored.sqlite');
		mkdirSync(join(dir, 'fresh'));
		const result = restoreSqlite(backup, target);
		expect(result.previous).toBeNull();
		expect(result.tables).toEqual(verifyDatabaseFile(backup).tables);
		// The app opens it as it opens any database, and finds every unit whole.
		const db = createDb(target);
		try {
			const check = await checkCrashedDatabase(db, committedBefore);
			expect(check).toMatchObject({ lost: [], partial: [], orphanRows: 0, integrity: [] });
		} finally {
			await db.destroy();
		}
		expect(readdirSync(join(dir, 'fresh'))).toEqual(['restored.sqlite']);
	});

	it('restores over a crashed database, keeping every commit it had, even those only in its WAL', async () => {
		const target = join(dir, 'over', 'app.sqlite');
		mkdirSync(join(dir, 'over'));
		const userId = await prepareWriterFile(target);
		const running = startWriter(writer, target, userId);
		await running.ready;
		while (running.acks.length < 30) await new Promise((r) => setTimeout(r, 10));
		const { acks } = await running.kill();
		expect(statSync(`${target}-wal`).size).toBeGreaterThan(0);

		const result = restoreSqlite(backup, target);
		expect(result.tables.family).toBe(verifyDatabaseFile(backup).tables.family);
		expect(result.previous).toMatch(/app\.sqlite\.before-restore-/);
		const previous = createDb(result.previous!);
		try {
			const check = await checkCrashedDatabase(previous, new Set(acks));
			expect(check).toMatchObject({ lost: [], partial: [], orphanRows: 0, integrity: [] });
		} finally {
			await previous.destroy();
		}
		// The old log went into the kept file; none is left to be replayed onto the restored one.
		expect(readdirSync(join(dir, 'over')).sort()).toEqual(['app.sqlite', result.previous!.split('/').pop()].sort());
	});

	it('restores over a file that is no longer a database, keeping it aside', async () => {
		mkdirSync(join(dir, 'broken'));
		const target = join(dir, 'broken', 'app.sqlite');
		writeFileSync(target, 'overwritten by mistake');
		const result = restoreSqlite(backup, target);
		expect(readFileSync(result.previous!, 'utf8')).toBe('overwritten by mistake');
		expect(result.tables.family).toBe(verifyDatabaseFile(backup).tables.family);
	});

	describe('refusals that leave what is in place untouched', () => {
		let target: string;
		let before: string;

		const fingerprint = () => createHash('sha256').update(readFileSync(target)).digest('hex');

		beforeAll(() => {
			mkdirSync(join(dir, 'kept'));
			target = join(dir, 'kept', 'app.sqlite');
			restoreSqlite(backup, target);
			before = fingerprint();
		});

		async function expectRefused(file: string, message: RegExp) {
			const error = await rejection(Promise.resolve().then(() => restoreSqlite(file, target)));
			expect(error).toBeInstanceOf(BackupError);
			expect((error as Error).message).toMatch(message);
			expect(fingerprint()).toBe(before);
			expect(readdirSync(join(dir, 'kept'))).toEqual(['app.sqlite']);
			expect(verifyDatabaseFile(target).tables.family).toBeGreaterThanOrEqual(committedBefore.size);
		}

		it('refuses a file that is not a SQLite database', async () => {
			const file = join(dir, 'not-a-database.sqlite');
			writeFileSync(file, 'This is a note, not a database.\n'.repeat(200));
			await expectRefused(file, /not a readable SQLite database/);
		});

		it('refuses a backup with damaged pages', async () => {
			const file = join(dir, 'damaged.sqlite');
			const bytes = readFileSync(backup);
			// Scribble over a stretch in the middle, past page 1, where table and index pages are.
			const pageSize = bytes.readUInt16BE(16);
			bytes.fill(0x5a, pageSize * 3, pageSize * 6);
			writeFileSync(file, bytes);
			await expectRefused(file, /integrity_check|not a readable SQLite database/);
		});

		it('refuses a SQLite database that is not a Common Ground one', async () => {
			const file = join(dir, 'other.sqlite');
			const other = new SQLite(file);
			other.exec('create table notes (text text)');
			other.close();
			await expectRefused(file, /not a Common Ground one/);
		});

		it('refuses while another process has the database open', async () => {
			const families = verifyDatabaseFile(target).tables.family;
			const server = createDb(target);
			try {
				await server.selectFrom('family').select('id').limit(1).execute();
				expect(databaseInUse(target)).toBe(true);
				const error = await rejection(Promise.resolve().then(() => restoreSqlite(backup, target)));
				expect((error as Error).message).toMatch(/Stop the server/);
			} finally {
				await server.destroy();
			}
			expect(databaseInUse(target)).toBe(false);
			// The server's own open switched the file to WAL, so compare what it holds, not its bytes.
			expect(verifyDatabaseFile(target).tables.family).toBe(families);
			expect(readdirSync(join(dir, 'kept'))).toEqual(['app.sqlite']);
		});
	});
});
