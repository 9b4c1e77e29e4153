import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useTestDatabase } from './support/databases';

// PostgreSQL can end a connection at any time (restart, failover, an administrator). The pool must
// report it and carry on: an unhandled 'error' event from an idle connection would stop the whole
// server process.
describe.skipIf(!DIALECTS.includes('postgres'))('losing a PostgreSQL connection [postgres]', () => {
	const database = useTestDatabase('postgres', {});

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
});
