import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { createDb, type DB } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { createPostgresDatabase } from './postgres-database';

// Every test file gets databases of its own: a new SQLite file, and (when TEST_DATABASE_URL is
// set, as in CI) a new PostgreSQL database created for the file and dropped after it. Files can
// then run in parallel and never see each other's rows.

export type Dialect = 'sqlite' | 'postgres';

export interface TestDatabase {
	readonly dialect: Dialect;
	/** The file's database, migrated to the latest version unless `migrate: false` was asked for. */
	readonly db: DB;
	/**
	 * Another, independent connection to the same database (as a restarted server would have).
	 * Closed with the rest after the file's tests.
	 */
	open(): DB;
}

export interface DatabaseOptions {
	/** Leave the database empty, for tests of the migrations themselves. Default true. */
	migrate?: boolean;
}

interface Resource {
	url: string;
	drop(): Promise<void>;
}

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** The dialects this run covers: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: readonly Dialect[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

function createSqliteFile(): Resource {
	const dir = mkdtempSync(join(tmpdir(), 'common-ground-test-'));
	return {
		url: join(dir, 'test.sqlite'),
		drop: async () => rmSync(dir, { recursive: true, force: true })
	};
}

async function createPostgresResource(serverUrl: string): Promise<Resource> {
	const database = await createPostgresDatabase(serverUrl, 'cg_test');
	return { url: database.url, drop: database.drop };
}

/**
 * A fresh database for one dialect, made in beforeAll and removed in afterAll of the enclosing
 * describe block.
 */
export function useTestDatabase(dialect: Dialect, options: DatabaseOptions = {}): TestDatabase {
	let resource: Resource | undefined;
	let main: DB | undefined;
	const extra: DB[] = [];

	beforeAll(async () => {
		if (dialect === 'postgres') {
			if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
			resource = await createPostgresResource(TEST_DATABASE_URL);
		} else {
			resource = createSqliteFile();
		}
		main = createDb(resource.url);
		if (options.migrate ?? true) await migrateToLatest(main);
	});

	afterAll(async () => {
		await Promise.all([main, ...extra].map((db) => db?.destroy()));
		extra.length = 0;
		main = undefined;
		await resource?.drop();
		resource = undefined;
	});

	return {
		dialect,
		get db() {
			if (!main) throw new Error('The test database is made in beforeAll; use it inside tests and hooks');
			return main;
		},
		open() {
			if (!resource) throw new Error('The test database is made in beforeAll; use it inside tests and hooks');
			const db = createDb(resource.url);
			extra.push(db);
			return db;
		}
	};
}

/** Runs the same suite once per dialect, each against its own fresh database. */
export function describeEachDatabase(
	name: string,
	suite: (database: TestDatabase) => void,
	options: DatabaseOptions = {}
): void {
	for (const dialect of DIALECTS) {
		describe(`${name} [${dialect}]`, () => {
			suite(useTestDatabase(dialect, options));
		});
	}
}

// A run without PostgreSQL says so plainly, instead of counting skipped tests (CI always sets it).
if (!TEST_DATABASE_URL) {
	console.warn('Integration tests ran on SQLite only: set TEST_DATABASE_URL to run them on PostgreSQL too.');
}
