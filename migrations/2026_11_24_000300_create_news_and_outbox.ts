import { sql, type Kysely } from 'kysely';

// "What's new" and the messages that tell a person to look.
//
// news_item: one row per person per thing that happened (a reply to their view, a request that
// moved, a goal they agreed to that changed). It names the thing by kind, id and link, never its
// text: the page it links to shows that, after the usual access checks. A dedupe key per person
// makes publishing the same happening twice (a retried action, a daily sweep) a no-op.
//
// contact_preference: how a person wants to be told (none, email, text message) and when not to
// be (quiet hours, UK local time), in their language. Set by that person only; a young person's own
// details, never a parent's (the service refuses an address a parent in their family uses).
//
// outbox_message: written in the same transaction as the news it announces, so a crash can lose
// neither; drained by a loop that sends through an adapter. The idempotency key is passed to the
// provider (Notify's reference, the file adapter's file name), so a send whose "sent" mark was
// lost is recognised, not repeated. No content: the message is a neutral line and a link.
//
// Frozen in time like every migration: no application imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('news_item')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('family_id', 'text', (c) => c.references('family.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		// The thing it is about (a view, a request, a goal), and where to open it.
		.addColumn('subject_id', 'text', (c) => c.notNull())
		.addColumn('link', 'text', (c) => c.notNull())
		// Who did it, when it was a person (null for a date coming up).
		.addColumn('actor_user_id', 'text', (c) => c.references('app_user.id').onDelete('set null'))
		// Small, non-sensitive values the line needs (a status, a date): JSON, never typed text.
		.addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('dedupe_key', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('seen_at', 'text')
		.addUniqueConstraint('news_item_user_dedupe_key', ['user_id', 'dedupe_key'])
		.execute();
	await db.schema.createIndex('news_item_user_created_idx').on('news_item').columns(['user_id', 'created_at']).execute();
	await db.schema.createIndex('news_item_family_idx').on('news_item').column('family_id').execute();

	await db.schema
		.createTable('contact_preference')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
		.addColumn('channel', 'text', (c) => c.notNull().defaultTo('none'))
		.addColumn('email', 'text')
		.addColumn('phone', 'text')
		// HH:MM, UK local time; both or neither. A span may cross midnight (21:00 to 08:00).
		.addColumn('quiet_from', 'text')
		.addColumn('quiet_until', 'text')
		// The language the person used when they chose: their message is written in it.
		.addColumn('locale', 'text', (c) => c.notNull().defaultTo('en-GB'))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addCheckConstraint('contact_preference_channel_check', sql`channel in ('none', 'email', 'sms')`)
		.execute();

	await db.schema
		.createTable('outbox_message')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('channel', 'text', (c) => c.notNull())
		// The neutral message's name; its words live with the adapter, never here.
		.addColumn('template', 'text', (c) => c.notNull())
		.addColumn('link', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		// Not before this time: quiet hours and retry backoff both move it.
		.addColumn('not_before', 'text', (c) => c.notNull())
		// A sender holds the row until then; after it, another may take it (a crashed sender).
		.addColumn('claimed_until', 'text')
		.addColumn('last_error', 'text')
		.addColumn('provider_ref', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'text')
		.addCheckConstraint('outbox_message_channel_check', sql`channel in ('email', 'sms')`)
		.addCheckConstraint(
			'outbox_message_status_check',
			sql`status in ('pending', 'sent', 'cancelled', 'failed')`
		)
		.execute();
	await db.schema
		.createIndex('outbox_message_due_idx')
		.on('outbox_message')
		.columns(['status', 'not_before'])
		.execute();
	await db.schema.createIndex('outbox_message_user_idx').on('outbox_message').columns(['user_id', 'status']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('outbox_message').execute();
	await db.schema.dropTable('contact_preference').execute();
	await db.schema.dropTable('news_item').execute();
}
