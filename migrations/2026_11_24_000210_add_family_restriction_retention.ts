import type { Kysely } from 'kysely';

// A family's record can be placed under restriction (for example while an erasure request waits
// for the statutory retention period to end), and the date support ended decides when the
// retention job deletes the record. Frozen in time like every migration: no application imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	// One column a statement: SQLite's ALTER TABLE adds one at a time.
	await db.schema.alterTable('family').addColumn('restricted_at', 'text').execute();
	await db.schema.alterTable('family').addColumn('restriction_reason', 'text').execute();
	await db.schema.alterTable('family').addColumn('support_ended_on', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('family').dropColumn('support_ended_on').execute();
	await db.schema.alterTable('family').dropColumn('restriction_reason').execute();
	await db.schema.alterTable('family').dropColumn('restricted_at').execute();
}
