import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';

// Online backup and restore of the SQLite database (`npm run backup`, `npm run restore`).
// PostgreSQL has its own tools (pg_dump, pg_restore); these refuse a postgres:// URL.

/** What a checked copy holds: its size and every table's row count. */
export interface DatabaseFileSummary {
	path: string;
	bytes: number;
	tables: Record<string, number>;
}

export interface BackupResult extends DatabaseFileSummary {
	/** How long the copy itself took, without the check. */
	copyMs: number;
}

export interface RestoreResult extends DatabaseFileSummary {
	/** Where the database that was in place before was kept, or null if there was none. */
	previous: string | null;
}

/** A refusal to back up or restore, with a message for the person running the command. */
export class BackupError extends Error {
	override name = 'BackupError';
}

/** The table that shows a file is a Common Ground database: Kysely's record of migrations. */
const MIGRATION_TABLE = 'kysely_migration';

/** Pages copied per backup step: all of them, so the copy is one read transaction (see backupSqlite). */
const ALL_PAGES = 0x7fffffff;

/** A name beside `path`, in the same directory so a rename onto `path` is atomic. */
function siblingPath(path: string, label: string): string {
	return join(dirname(path), `.${basename(path)}.${label}-${randomBytes(6).toString('hex')}`);
}

function syncFile(path: string): void {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

function syncDirectory(path: string): void {
	syncFile(dirname(path));
}

function sqliteRefusal(label: string, error: unknown): unknown {
	const code = (error as { code?: unknown }).code;
	if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
		return new BackupError(`${label} is not a readable SQLite database (${String(code)})`);
	}
	return error;
}

/**
 * Makes a copy one self-contained file: a copied page 1 still says "WAL", and a WAL file is never
 * alone (every reader would leave -wal and -shm files beside it). The server's createDb turns WAL
 * back on when it opens a restored copy.
 */
function makeStandalone(path: string, label = path): void {
	let db: SQLite.Database | undefined;
	try {
		db = new SQLite(path, { fileMustExist: true });
		db.pragma('journal_mode = DELETE');
	} catch (error) {
		throw sqliteRefusal(label, error);
	} finally {
		db?.close();
	}
}

/**
 * Checks a database file: integrity_check must say ok, and it must be a Common Ground database.
 * Returns its size and row counts; throws BackupError otherwise. Opened read-write, so that a
 * WAL-mode file is closed cleanly; use it on copies, never on a file someone else has open.
 */
export function verifyDatabaseFile(path: string, label = path): DatabaseFileSummary {
	if (!existsSync(path)) throw new BackupError(`${label} does not exist`);
	let db: SQLite.Database | undefined;
	try {
		db = new SQLite(path, { fileMustExist: true });
		const checks = db.pragma('integrity_check') as { integrity_check: string }[];
		if (checks.length !== 1 || checks[0]?.integrity_check !== 'ok') {
			const problems = checks.slice(0, 5).map((row) => row.integrity_check);
			throw new BackupError(`${label} fails integrity_check: ${problems.join('; ')}`);
		}
		const names = db
			.prepare<[], { name: string }>(
				"select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by name"
			)
			.all()
			.map((row) => row.name);
		if (!names.includes(MIGRATION_TABLE)) {
			throw new BackupError(`${label} is a SQLite database but not a Common Ground one (it has no ${MIGRATION_TABLE} table)`);
		}
		const tables: Record<string, number> = {};
		for (const name of names) {
			// Names come from the file's own schema and are quoted as identifiers.
			const row = db.prepare<[], { n: number }>(`select count(*) as n from "${name.replaceAll('"', '""')}"`).get();
			tables[name] = row?.n ?? 0;
		}
		return { path, bytes: statSync(path).size, tables };
	} catch (error) {
		throw sqliteRefusal(label, error);
	} finally {
		db?.close();
	}
}

/**
 * Copies the live SQLite database at `source` to `destination` while the server keeps running.
 *
 * better-sqlite3's backup API copies in steps; if another connection writes between two steps
 * SQLite starts the copy again, so a busy server could keep a stepwise backup going for ever.
 * Here every page goes in one step: one read transaction, which in WAL mode never blocks the
 * server's writers (they append to the log meanwhile) and gives a consistent snapshot. The copy
 * is written under a temporary name, checked, and only then renamed to `destination`.
 */
export async function backupSqlite(source: string, destination: string): Promise<BackupResult> {
	if (!existsSync(source)) throw new BackupError(`There is no database at ${source}`);
	if (existsSync(destination)) throw new BackupError(`${destination} already exists; choose another name`);
	if (!existsSync(dirname(destination))) throw new BackupError(`The folder ${dirname(destination)} does not exist`);
	const partial = siblingPath(destination, 'partial');
	const started = performance.now();
	const db = new SQLite(source, { fileMustExist: true, timeout: 5_000 });
	try {
		await db.backup(partial, { progress: () => ALL_PAGES });
	} catch (error) {
		removeDatabaseFiles(partial);
		throw error;
	} finally {
		db.close();
	}
	const copyMs = performance.now() - started;
	try {
		makeStandalone(partial);
		syncFile(partial);
		verifyDatabaseFile(partial);
		renameSync(partial, destination);
		syncDirectory(destination);
	} finally {
		removeDatabaseFiles(partial);
	}
	return { ...verifyDatabaseFile(destination), copyMs };
}

/** True when some other connection has the database open (a running server, say). */
export function databaseInUse(path: string): boolean {
	if (!existsSync(path)) return false;
	const db = new SQLite(path, { fileMustExist: true, timeout: 0 });
	try {
		// An exclusive lock is refused while any other connection has the file open in WAL mode.
		db.pragma('locking_mode = EXCLUSIVE');
		db.exec('begin exclusive');
		db.exec('rollback');
		return false;
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		if (code === 'SQLITE_BUSY') return true;
		// Nobody serves a file that is not a database; restoring over it is what it needs.
		if (code === 'SQLITE_NOTADB') return false;
		throw error;
	} finally {
		db.close();
	}
}

/** Folds the log into the file, so that the file alone is the whole database. */
function checkpointIfReadable(path: string): void {
	let db: SQLite.Database | undefined;
	try {
		db = new SQLite(path, { fileMustExist: true });
		db.pragma('wal_checkpoint(TRUNCATE)');
	} catch (error) {
		// A damaged database is kept as it is, with its log beside it (see restoreSqlite).
		const code = (error as { code?: unknown }).code;
		if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') throw error;
	} finally {
		// Closing the only connection also removes the emptied log.
		db?.close();
	}
}

/**
 * Puts the backup at `backup` in place as the database at `target`. Refuses a backup that fails
 * its checks and a target some process has open (stop the server first). The database that was
 * there is kept beside it (`<target>.before-restore-<time>`), whole: its log is checkpointed
 * into it first. The new file arrives by an atomic rename, so `target` is always either the old
 * database or the new one, and no stale -wal or -shm file is left to be replayed onto it.
 */
export function restoreSqlite(backup: string, target: string, now = new Date()): RestoreResult {
	if (!existsSync(backup)) throw new BackupError(`${backup} does not exist`);
	if (!existsSync(dirname(target))) throw new BackupError(`The folder ${dirname(target)} does not exist`);
	if (databaseInUse(target)) {
		throw new BackupError(`${target} is open in another process. Stop the server, then restore.`);
	}

	const incoming = siblingPath(target, 'restoring');
	try {
		// Checked as a copy, so the backup file itself is never opened for writing. It must be
		// sound before anything in place is touched.
		copyFileSync(backup, incoming);
		makeStandalone(incoming, backup);
		syncFile(incoming);
		verifyDatabaseFile(incoming, backup);

		let previous: string | null = null;
		if (existsSync(target)) {
			checkpointIfReadable(target);
			previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
			renameSync(target, previous);
			// A log the checkpoint could not fold in goes with its file, never onto the new one.
			for (const suffix of ['-wal', '-journal']) {
				if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, `${previous}${suffix}`);
			}
		}
		// The shared-memory index only describes a log; without one it is stale.
		rmSync(`${target}-shm`, { force: true });
		renameSync(incoming, target);
		syncDirectory(target);
		return { ...verifyDatabaseFile(target), previous };
	} finally {
		removeDatabaseFiles(incoming);
	}
}

/** A scratch database file and whatever journal files opening it left beside it. */
function removeDatabaseFiles(path: string): void {
	for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/** `backups/common-ground-2026-11-23T09-30-00Z.sqlite` */
export function defaultBackupPath(now = new Date()): string {
	const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
	return join('backups', `common-ground-${stamp}.sqlite`);
}
