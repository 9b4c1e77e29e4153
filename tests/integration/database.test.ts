import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { checkDatabase } from '$lib/server/health/health.service';
import { describeEachDatabase } from './support/databases';

// The db module's promises about each database, beyond what the queries need.
describeEachDatabase('the database connection', (database) => {
	it('answers the health check', async () => {
		expect(await checkDatabase(database.db)).toBe(true);
	});

	if (database.dialect === 'sqlite') {
		it('opens SQLite with WAL, full sync, foreign keys and a busy timeout', async () => {
			const pragma = async (name: string) =>
				Object.values((await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] as object)[0];
			expect(await pragma('journal_mode')).toBe('wal');
			expect(await pragma('synchronous')).toBe(2); // FULL
			expect(await pragma('foreign_keys')).toBe(1);
			expect(await pragma('busy_timeout')).toBe(5000);
		});
	}

	// PostgreSQL can end a connection at any time (restart, failover, an administrator). The pool
	// must report it and carry on: an unhandled 'error' event from an idle connection would stop
	// the whole server process.
	if (database.dialect === 'postgres') {
		it('keeps serving after the server ends an idle pooled connection', async () => {
			const db = database.open();
			const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
			const pid = rows[0]?.pid;
			expect(pid).toBeTypeOf('number');

			// The connection is idle in the pool now; end it from another session.
			await sql`select pg_terminate_backend(${pid})`.execute(database.db);
			await new Promise((resolve) => setTimeout(resolve, 300));

			const after = await sql<{ one: number }>`select 1 as one`.execute(db);
			expect(after.rows).toEqual([{ one: 1 }]);
		});
	}
});
