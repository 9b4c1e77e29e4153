import { sql, type Kysely } from 'kysely';

// The named worker: their photo, working hours, time away with cover, and handovers from one lead
// worker to the next. Frozen in time like every migration: no application imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	// The photo is kept in the database, not on disk: it is re-encoded by the app before it gets
	// here, it is small, it is served only through an access check, and backups carry it.
	// `bytea` is PostgreSQL's binary type; SQLite stores the same bytes as a blob under any type name.
	await db.schema
		.createTable('worker_photo')
		.addColumn('worker_id', 'text', (c) => c.primaryKey().references('worker.id').onDelete('cascade'))
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('image', 'bytea', (c) => c.notNull())
		.addColumn('width', 'integer', (c) => c.notNull())
		.addColumn('height', 'integer', (c) => c.notNull())
		.addColumn('uploaded_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addCheckConstraint('worker_photo_type_check', sql`content_type in ('image/jpeg')`)
		.execute();

	// One span of working time per weekday (1 = Monday … 7 = Sunday), wall-clock 'HH:MM' in the UK.
	await db.schema
		.createTable('worker_hours')
		.addColumn('worker_id', 'text', (c) => c.notNull().references('worker.id').onDelete('cascade'))
		.addColumn('weekday', 'integer', (c) => c.notNull())
		.addColumn('starts_at', 'text', (c) => c.notNull())
		.addColumn('ends_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('worker_hours_pk', ['worker_id', 'weekday'])
		.addCheckConstraint('worker_hours_weekday_check', sql`weekday between 1 and 7`)
		.addCheckConstraint('worker_hours_span_check', sql`starts_at < ends_at`)
		.execute();

	// Time away, inclusive dates. The cover worker is who families contact meanwhile; a missing
	// cover is allowed (leave can be booked before cover is arranged) and shows on the manager's page.
	await db.schema
		.createTable('worker_absence')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('worker_id', 'text', (c) => c.notNull().references('worker.id').onDelete('cascade'))
		.addColumn('starts_on', 'text', (c) => c.notNull())
		.addColumn('ends_on', 'text', (c) => c.notNull())
		.addColumn('cover_worker_id', 'text', (c) => c.references('worker.id'))
		.addColumn('created_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addCheckConstraint('worker_absence_dates_check', sql`starts_on <= ends_on`)
		.addCheckConstraint('worker_absence_cover_check', sql`cover_worker_id is null or cover_worker_id <> worker_id`)
		.execute();
	await db.schema.createIndex('worker_absence_worker_idx').on('worker_absence').columns(['worker_id', 'ends_on']).execute();
	await db.schema.createIndex('worker_absence_cover_idx').on('worker_absence').column('cover_worker_id').execute();

	// A change of lead worker. Planned by a manager for a date; on that date the old lead's
	// assignment ends and the new one's starts, in one transaction (applied_at records when).
	await db.schema
		.createTable('handover')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('family_id', 'text', (c) => c.notNull().references('family.id'))
		.addColumn('from_worker_id', 'text', (c) => c.notNull().references('worker.id'))
		.addColumn('to_worker_id', 'text', (c) => c.notNull().references('worker.id'))
		.addColumn('handover_on', 'text', (c) => c.notNull())
		.addColumn('goodbye_note', 'text')
		.addColumn('goodbye_written_at', 'text')
		.addColumn('hello_note', 'text')
		.addColumn('hello_written_at', 'text')
		.addColumn('created_by_user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('applied_at', 'text')
		.addCheckConstraint('handover_workers_check', sql`from_worker_id <> to_worker_id`)
		.execute();
	// At most one handover waiting to happen per family.
	await db.schema
		.createIndex('handover_one_pending_idx')
		.on('handover')
		.column('family_id')
		.unique()
		.where(sql.ref('applied_at'), 'is', null)
		.execute();
	await db.schema.createIndex('handover_family_idx').on('handover').columns(['family_id', 'handover_on']).execute();

	// Who in the family has seen the "Your new worker is …" message.
	await db.schema
		.createTable('handover_seen')
		.addColumn('handover_id', 'text', (c) => c.notNull().references('handover.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
		.addColumn('seen_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('handover_seen_pk', ['handover_id', 'user_id'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['handover_seen', 'handover', 'worker_absence', 'worker_hours', 'worker_photo']) {
		await db.schema.dropTable(table).execute();
	}
}
