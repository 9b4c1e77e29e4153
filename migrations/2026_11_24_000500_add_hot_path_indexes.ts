import { sql, type Kysely } from 'kysely';

// Indexes for the queries that ran through a whole table (tests/integration/query-plans.test.ts
// explains every statement of the hot paths on both databases). Each read below otherwise costs
// more as families are added, which issue 3 forbids: a page must cost the same with 100,000
// families as with 1,000.
//
// Frozen in time like every migration: no application imports.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	// My families: a worker's recent handovers, given or taken ("from = me or to = me"). Each side
	// of the OR has its own index; with handover_on second they come back in date order.
	await db.schema.createIndex('handover_from_worker_idx').on('handover').columns(['from_worker_id', 'handover_on']).execute();
	await db.schema.createIndex('handover_to_worker_idx').on('handover').columns(['to_worker_id', 'handover_on']).execute();

	// The news sweep (each minute): actions not done that fall due in the next few days. Only open
	// actions are indexed, the ones the sweep can want.
	await db.schema
		.createIndex('goal_action_open_due_idx')
		.on('goal_action')
		.column('due_date')
		.where(sql.ref('done_on'), 'is', null)
		.execute();

	// The news sweep: review meetings not yet held that fall in the next week.
	await db.schema
		.createIndex('review_meeting_next_date_idx')
		.on('review_meeting')
		.column('meeting_date')
		.where(sql.ref('held_at'), 'is', null)
		.execute();

	// The news sweep's "told already?" check looks lines up by their key alone, across people; the
	// unique (user_id, dedupe_key) cannot serve that, the key being its second column.
	await db.schema.createIndex('news_item_dedupe_key_idx').on('news_item').column('dedupe_key').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('news_item_dedupe_key_idx').execute();
	await db.schema.dropIndex('review_meeting_next_date_idx').execute();
	await db.schema.dropIndex('goal_action_open_due_idx').execute();
	await db.schema.dropIndex('handover_to_worker_idx').execute();
	await db.schema.dropIndex('handover_from_worker_idx').execute();
}
