import { sql, type Kysely } from 'kysely';

// Sessions learn when they were last used, so staff sessions can end after 30 minutes of nothing
// happening and every session can end a fixed time after sign-in (counted from created_at, which
// never moves). Frozen in time like every migration: no application imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	// NOT NULL needs a default on an existing table in both SQLite and PostgreSQL; every existing
	// session is then given its sign-in time, the last moment it is known to have been used.
	await db.schema
		.alterTable('user_session')
		.addColumn('last_used_at', 'text', (c) => c.notNull().defaultTo('1970-01-01T00:00:00.000Z'))
		.execute();
	await db
		.updateTable('user_session')
		.set({ last_used_at: sql`created_at` })
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('user_session').dropColumn('last_used_at').execute();
}
