import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { faultPlugin, faultsEnabled } from '../faults/faults';
import { queryCountEnabled, queryCountPlugin } from './query-count';
import type { Database } from './schema';
import { ImmediateSqliteDialect } from './sqlite-dialect';
import { cacheStatements } from './statement-cache';

export type DB = Kysely<Database>;
/** A database handle or a transaction: repository functions accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;

export const DEFAULT_DATABASE_URL = 'data/common-ground.sqlite';

// PostgreSQL returns BIGINT (which count(*) is) as a string; our counts always fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export function isPostgresUrl(url: string): boolean {
	return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens a database from a `postgres://` URL or a SQLite file path. */
export function createDb(url: string): DB {
	if (isPostgresUrl(url)) {
		const pool = new pg.Pool({ connectionString: url, max: 10 });
		// An idle connection the server ends (restart, failover, admin) is reported here; without a
		// listener Node treats it as an uncaught error and the whole process stops. The pool
		// discards that connection and opens a new one when next needed.
		pool.on('error', (error) => console.error('PostgreSQL: idle connection closed', error.message));
		return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: testPlugins() });
	}
	if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
	const sqlite = new SQLite(url);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cacheStatements(sqlite) }), plugins: testPlugins() });
}

/** Injected faults and query counts for tests (CG_TEST_FAULTS=1, CG_TEST_QUERY_COUNT=1 only); nothing otherwise. */
function testPlugins() {
	return [...(faultsEnabled() ? [faultPlugin] : []), ...(queryCountEnabled() ? [queryCountPlugin] : [])];
}

export function isPostgres(db: Executor): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

let instance: DB | undefined;

/**
 * The app's database, opened on first use (never at import, so `vite build` opens nothing).
 * Chosen by DATABASE_URL: a `postgres://` URL, else a SQLite file path.
 */
export function getDb(): DB {
	instance ??= createDb(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
	return instance;
}

export async function closeDb(): Promise<void> {
	const db = instance;
	instance = undefined;
	await db?.destroy();
}

/** True for a unique-constraint refusal from either database. */
export function isUniqueViolation(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false;
	const code = (error as { code?: unknown }).code;
	return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
