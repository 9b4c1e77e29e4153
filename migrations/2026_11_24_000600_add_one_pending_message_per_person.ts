import { sql, type Kysely } from 'kysely';

// One waiting "something new" message per person, kept by the database. publishNews checked for
// a waiting message before queueing one, but two changes published at the same moment (two
// server processes, or two connections of one PostgreSQL pool) could both find none and both
// queue: the person got the same neutral message twice. Any extra waiting messages already there
// are cancelled (the oldest stays), then a unique index on the waiting ones holds the rule.
//
// Frozen in time like every migration: no application imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		update outbox_message set status = 'cancelled'
		where status = 'pending'
		and exists (
			select 1 from outbox_message as older
			where older.user_id = outbox_message.user_id and older.status = 'pending'
			and (older.created_at < outbox_message.created_at or (older.created_at = outbox_message.created_at and older.id < outbox_message.id))
		)
	`.execute(db);
	await sql`create unique index outbox_message_one_pending on outbox_message (user_id) where status = 'pending'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('outbox_message_one_pending').execute();
}
