import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Who read or changed a family's record, kept so that the family (and the service's manager) can
// see it. One row per request and family; never any content, token or free text: the route, the
// action's name and the outcome only. No foreign keys: the trail outlives the families and
// accounts it speaks of (the retention job removes a family, not the record of who looked at it).
//
// Append-only, enforced by the database itself: UPDATE and DELETE (and, on PostgreSQL, TRUNCATE)
// are refused by triggers, whoever asks. Frozen in time like every migration: no application imports.

const REFUSAL = 'audit_event is append-only';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('audit_event')
		.addColumn('id', 'text', (c) => c.primaryKey())
		// ISO 8601 UTC, like every timestamp here.
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('request_id', 'text', (c) => c.notNull())
		.addColumn('actor_user_id', 'text', (c) => c.notNull())
		.addColumn('actor_role', 'text', (c) => c.notNull())
		// The service the actor worked for at the time (staff only): what a manager searches by.
		.addColumn('actor_service_id', 'text')
		// How the actor was connected to the family at the time: member, lead, team, manager, admin.
		.addColumn('relation', 'text')
		.addColumn('family_id', 'text')
		// Whose record inside the family, where it is one person's (a young person's views).
		.addColumn('subject_user_id', 'text')
		// The service whose feedback was read or answered.
		.addColumn('service_id', 'text')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('outcome', 'text', (c) => c.notNull())
		.addColumn('route', 'text', (c) => c.notNull())
		// A form action's name ("agree", "reply"): never what was typed.
		.addColumn('detail', 'text')
		.addCheckConstraint('audit_event_action_check', sql`action in ('read', 'change')`)
		.addCheckConstraint('audit_event_outcome_check', sql`outcome in ('done', 'refused', 'invalid', 'failed')`)
		.execute();
	await db.schema.createIndex('audit_event_family_idx').on('audit_event').columns(['family_id', 'at']).execute();
	await db.schema
		.createIndex('audit_event_actor_service_idx')
		.on('audit_event')
		.columns(['actor_service_id', 'at'])
		.execute();
	await db.schema.createIndex('audit_event_at_idx').on('audit_event').column('at').execute();

	if (isPostgres(db)) {
		await sql`
			create function audit_event_refuse_change() returns trigger language plpgsql as $$
			begin
				raise exception '${sql.raw(REFUSAL)}';
			end
			$$`.execute(db);
		await sql`
			create trigger audit_event_append_only before update or delete on audit_event
			for each row execute function audit_event_refuse_change()`.execute(db);
		await sql`
			create trigger audit_event_no_truncate before truncate on audit_event
			for each statement execute function audit_event_refuse_change()`.execute(db);
	} else {
		for (const event of ['update', 'delete']) {
			await sql`
				create trigger ${sql.raw(`audit_event_no_${event}`)} before ${sql.raw(event)} on audit_event
				begin
					select raise(abort, '${sql.raw(REFUSAL)}');
				end`.execute(db);
		}
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	// Dropping the table drops its triggers on both databases.
	await db.schema.dropTable('audit_event').execute();
	if (isPostgres(db)) await sql`drop function audit_event_refuse_change()`.execute(db);
}
