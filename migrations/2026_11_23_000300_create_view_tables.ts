import { sql, type Kysely } from 'kysely';

// Young people's own views: what they think, in their words, who they chose to show it to, and the
// conversation with their worker that follows. Frozen in time like every migration: no
// application imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	// How many working days a service gives itself to answer a young person's view.
	await db.schema
		.alterTable('service')
		.addColumn('view_reply_days', 'integer', (c) => c.notNull().defaultTo(5))
		.execute();

	await db.schema
		.createTable('young_view')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('family_id', 'text', (c) => c.notNull().references('family.id'))
		.addColumn('author_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('prompt', 'text', (c) => c.notNull())
		.addColumn('feeling', 'text')
		.addColumn('body', 'text', (c) => c.notNull())
		// Who sees it, chosen by the young person alone: only them (a draft), their lead worker, or
		// their lead worker, their family and the team around the family.
		.addColumn('audience', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		// Goes up by one with every change its author makes, so a change made meanwhile in another
		// window is noticed (as the plan's goals do).
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		// First shared, and the date the first reply was due then (the service's reply figures).
		.addColumn('shared_at', 'text')
		.addColumn('reply_due_on', 'text')
		.addColumn('first_reply_at', 'text')
		// Set while the young person has said something the worker has not answered yet.
		.addColumn('awaiting_since', 'text')
		.addColumn('awaiting_due_on', 'text')
		// The lead worker's "I have read this".
		.addColumn('read_at', 'text')
		.addColumn('read_by_user_id', 'text', (c) => c.references('app_user.id'))
		// When the young person last opened it, so a new reply can be shown as new.
		.addColumn('author_seen_at', 'text')
		.addCheckConstraint(
			'young_view_prompt_check',
			sql`prompt in ('home', 'school', 'friends', 'want_to_happen', 'worker_should_know', 'next_review')`
		)
		.addCheckConstraint(
			'young_view_feeling_check',
			sql`feeling is null or feeling in ('great', 'good', 'okay', 'not_great', 'bad')`
		)
		.addCheckConstraint('young_view_audience_check', sql`audience in ('only_me', 'worker', 'family')`)
		// A view that reaches someone has been shared and has a reply date.
		.addCheckConstraint(
			'young_view_shared_check',
			sql`audience = 'only_me' or (shared_at is not null and reply_due_on is not null)`
		)
		.addCheckConstraint(
			'young_view_awaiting_check',
			sql`(awaiting_since is null) = (awaiting_due_on is null)`
		)
		.execute();
	await db.schema.createIndex('young_view_family_idx').on('young_view').columns(['family_id', 'created_at']).execute();
	await db.schema.createIndex('young_view_author_idx').on('young_view').columns(['author_user_id', 'created_at']).execute();
	// The lead worker's "waiting for your reply" list reads only views that wait.
	await db.schema
		.createIndex('young_view_awaiting_idx')
		.on('young_view')
		.columns(['family_id', 'awaiting_since'])
		.where(sql.ref('awaiting_since'), 'is not', null)
		.execute();

	// The short thread under a shared view: the worker's replies and the young person's answers.
	await db.schema
		.createTable('young_view_message')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('view_id', 'text', (c) => c.notNull().references('young_view.id').onDelete('cascade'))
		.addColumn('author_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('young_view_message_view_idx')
		.on('young_view_message')
		.columns(['view_id', 'created_at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('young_view_message').execute();
	await db.schema.dropTable('young_view').execute();
	await db.schema.alterTable('service').dropColumn('view_reply_days').execute();
}
