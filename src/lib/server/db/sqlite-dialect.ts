import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

// Kysely's SQLite driver opens transactions with a plain (deferred) BEGIN: the transaction reads
// under a snapshot and asks for the write lock only at its first write. When another process (a
// second server on the same file, `npm run outbox`) committed in between, SQLite cannot let it
// write on top of a stale snapshot and fails at once with SQLITE_BUSY: busy_timeout does not wait
// for that. Read-then-write transactions (the sign-in throttle, the rate limit, plan changes) then
// answered 500 when two processes wrote at the same moment. BEGIN IMMEDIATE takes the write lock
// first, waiting up to busy_timeout for it, so the transaction's reads are never stale. Within one
// process nothing changes: Kysely runs one transaction at a time on its single connection.

class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

export class ImmediateSqliteDialect extends SqliteDialect {
	readonly #config: SqliteDialectConfig;

	constructor(config: SqliteDialectConfig) {
		super(config);
		this.#config = config;
	}

	override createDriver(): Driver {
		return new ImmediateSqliteDriver(this.#config);
	}
}
