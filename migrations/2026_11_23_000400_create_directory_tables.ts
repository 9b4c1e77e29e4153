import { sql, type Kysely } from 'kysely';

// The services directory (Open Referral UK) and what families say about services: ratings, the
// service's replies, and "You said, we did". Frozen in time like every migration: no application
// imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('service')
		// The service's Open Referral UK id (a UUID), the same in every export and import.
		.addColumn('directory_id', 'text')
		.execute();
	await db.schema.alterTable('service').addColumn('status', 'text', (c) => c.notNull().defaultTo('active')).execute();
	// Who it is for: ages (eligibility), null when the service did not say.
	await db.schema.alterTable('service').addColumn('minimum_age', 'integer').execute();
	await db.schema.alterTable('service').addColumn('maximum_age', 'integer').execute();
	// The whole Open Referral UK record as last imported or written, so nothing a directory file
	// carries is lost: organisation, locations, opening times, contacts, costs, areas.
	await db.schema.alterTable('service').addColumn('directory', 'text').execute();
	// Lower-case words searched by the directory's search box.
	await db.schema.alterTable('service').addColumn('search_text', 'text', (c) => c.notNull().defaultTo('')).execute();
	// Working days the service gives itself to answer a family's rating.
	await db.schema
		.alterTable('service')
		.addColumn('rating_reply_days', 'integer', (c) => c.notNull().defaultTo(5))
		.execute();
	const existing = await db.selectFrom('service').select('id').execute();
	for (const row of existing) {
		await db.updateTable('service').set({ directory_id: crypto.randomUUID() }).where('id', '=', row.id).execute();
	}
	await db.schema.createIndex('service_directory_id_idx').on('service').column('directory_id').unique().execute();

	// Kinds of support and languages, for the directory's filters.
	await db.schema
		.createTable('service_kind')
		.addColumn('service_id', 'text', (c) => c.notNull().references('service.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('service_kind_pk', ['service_id', 'kind'])
		.addCheckConstraint(
			'service_kind_kind_check',
			sql`kind in ('one_to_one', 'group', 'practical_help', 'advice', 'outreach', 'interpretation')`
		)
		.execute();
	await db.schema
		.createTable('service_language')
		.addColumn('service_id', 'text', (c) => c.notNull().references('service.id').onDelete('cascade'))
		// A BCP 47 language code in lower case, such as "en", "cy", "ur" or "pl".
		.addColumn('code', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('service_language_pk', ['service_id', 'code'])
		.execute();
	await db.schema.createIndex('service_language_code_idx').on('service_language').column('code').execute();

	// A family member's or young person's rating of a service (the NHS Friends and Family Test
	// scale). The author is kept so they alone can see and change it; when it is anonymous the
	// service never learns who wrote it, and no first name is stored.
	await db.schema
		.createTable('service_rating')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('service_id', 'text', (c) => c.notNull().references('service.id'))
		.addColumn('author_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('score', 'text', (c) => c.notNull())
		.addColumn('what_was_good', 'text')
		.addColumn('could_be_better', 'text')
		.addColumn('anonymous', 'integer', (c) => c.notNull())
		// The first name shown with it, as it was when posted; null when anonymous.
		.addColumn('first_name', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		// The date the first reply was due (the service's figures), and when it came.
		.addColumn('reply_due_on', 'text', (c) => c.notNull())
		.addColumn('first_reply_at', 'text')
		// Set while something the author said (new, or changed since the last reply) waits for a reply.
		.addColumn('awaiting_since', 'text')
		.addColumn('awaiting_due_on', 'text')
		// When the author last looked at it, so a new reply can be shown as new.
		.addColumn('author_seen_at', 'text')
		.addCheckConstraint(
			'service_rating_score_check',
			sql`score in ('very_good', 'good', 'neither', 'poor', 'very_poor', 'dont_know')`
		)
		.addCheckConstraint('service_rating_anonymous_check', sql`anonymous in (0, 1)`)
		.addCheckConstraint('service_rating_name_check', sql`anonymous = 0 or first_name is null`)
		.addCheckConstraint('service_rating_awaiting_check', sql`(awaiting_since is null) = (awaiting_due_on is null)`)
		.execute();
	await db.schema.createIndex('service_rating_service_idx').on('service_rating').columns(['service_id', 'created_at']).execute();
	await db.schema
		.createIndex('service_rating_author_idx')
		.on('service_rating')
		.columns(['author_user_id', 'service_id', 'created_at'])
		.execute();

	// The service's replies under a rating, each with an optional tag saying what happens next.
	await db.schema
		.createTable('service_rating_reply')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('rating_id', 'text', (c) => c.notNull().references('service_rating.id').onDelete('cascade'))
		.addColumn('author_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('tag', 'text')
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addCheckConstraint(
			'service_rating_reply_tag_check',
			sql`tag is null or tag in ('thank_you', 'looking_into_it', 'change_planned', 'change_made')`
		)
		.execute();
	await db.schema.createIndex('service_rating_reply_rating_idx').on('service_rating_reply').columns(['rating_id', 'created_at']).execute();

	// "You said, we did": a change the service made because of what families told it, and the
	// ratings that led to it (shown without their authors).
	await db.schema
		.createTable('service_change')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('service_id', 'text', (c) => c.notNull().references('service.id'))
		.addColumn('you_said', 'text', (c) => c.notNull())
		.addColumn('we_did', 'text', (c) => c.notNull())
		.addColumn('made_on', 'text', (c) => c.notNull())
		.addColumn('created_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('service_change_service_idx').on('service_change').columns(['service_id', 'made_on']).execute();
	await db.schema
		.createTable('service_change_rating')
		.addColumn('change_id', 'text', (c) => c.notNull().references('service_change.id').onDelete('cascade'))
		.addColumn('rating_id', 'text', (c) => c.notNull().references('service_rating.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('service_change_rating_pk', ['change_id', 'rating_id'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'service_change_rating',
		'service_change',
		'service_rating_reply',
		'service_rating',
		'service_language',
		'service_kind'
	]) {
		await db.schema.dropTable(table).execute();
	}
	await db.schema.dropIndex('service_directory_id_idx').execute();
	for (const column of [
		'rating_reply_days',
		'search_text',
		'directory',
		'maximum_age',
		'minimum_age',
		'status',
		'directory_id'
	]) {
		await db.schema.alterTable('service').dropColumn(column).execute();
	}
}
